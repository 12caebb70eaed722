/**
 * Value-keyed collections: a class that defines equality and hashing (Python's `__eq__` and
 * `__hash__`, here `[dunder.eq]` and `[dunder.hash]`) works as a key of `HashMap`, a member
 * of `HashSet` and a key of `Counter` — where a native Map compares objects by identity.
 *
 *   npx tsx examples/value-keys.ts
 */
import {
  add,
  Counter,
  dunder,
  equals,
  HashMap,
  HashSet,
  hash,
  repr,
} from '../src/protocols/index.js';

/** A grid cell. Equal coordinates mean the same cell, whichever object holds them. */
class Cell {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  [dunder.eq](that: unknown): boolean {
    return that instanceof Cell && that.x === this.x && that.y === this.y;
  }
  [dunder.hash](): number {
    // Hash what eq compares, so equal cells hash alike (the law HashMap relies on).
    return hash([this.x, this.y]);
  }
  [dunder.repr](): string {
    return `Cell(${this.x}, ${this.y})`;
  }
}

// A native Map cannot find a key by value; a HashMap can.
const native = new Map([[new Cell(0, 0), 'origin']]);
const names = new HashMap([[new Cell(0, 0), 'origin']]);
console.log(`native Map.get(new Cell(0, 0)):  ${native.get(new Cell(0, 0))}`);
console.log(`HashMap.get(new Cell(0, 0)):     ${names.get(new Cell(0, 0))}`);

// A random walk on a grid (seeded, so every run prints the same), counted by cell.
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const steps: [number, number][] = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
];
const walk: Cell[] = [];
let here = new Cell(0, 0);
for (let i = 0; i < 10_000; i++) {
  const [dx, dy] = steps[Math.floor(random() * 4)]!;
  here = new Cell(here.x + dx, here.y + dy); // a new object every step
  walk.push(here);
}

const visits = new Counter(walk);
const distinct = new HashSet(walk);
console.log(`\n${walk.length} steps, ${walk.length} Cell objects, ${distinct.size} distinct cells`);
console.log(`Counter agrees: ${visits.size} keys, ${visits.total()} visits in total`);
console.log('most visited:');
for (const [cell, n] of visits.mostCommon(3)) console.log(`  ${repr(cell)} × ${n}`);
console.log(`visits to Cell(0, 0): ${visits.get(new Cell(0, 0))}`);

// Counters add like Python's (c1 + c2): the counts of the two halves of the walk.
const merged = add(new Counter(walk.slice(0, 5000)), new Counter(walk.slice(5000)));
console.log(`\nadd(first half, second half) equals the whole walk: ${equals(merged, visits)}`);
console.log(
  `repr of a small Counter: ${repr(new Counter([new Cell(1, 2), new Cell(1, 2), new Cell(0, 0)]))}`,
);
