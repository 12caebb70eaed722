/**
 * What a dispatched call costs, next to the hand-written limit and a published peer.
 *
 * Every suite sums one implementation's result over an array of 1024 instances that cycles
 * through 1, 4, 8 or 16 classes, so the call site is monomorphic, polymorphic or megamorphic
 * the way a real one would be. Compared in one process per case (see harness.ts):
 * - virtual call: `x.v()`, the class's own method, the limit;
 * - instanceof chain: the `if (x instanceof A) … else if …` a person writes by hand;
 * - @arrows/multimethod, dispatching on `x.constructor`;
 * - polyfold's `singledispatch`.
 * Then `singledispatchmethod` against the function form at 16 classes, and the first call
 * for a never-seen class with 1 000 registered types (printed in µs, measured per call).
 *
 * Targets (issue 2): at 16 classes polyfold ≤ 1.5× the virtual call; ≥ 5× faster than
 * @arrows/multimethod everywhere; (issue 15) at the 8-class megamorphic site ≤ 1.2×; singledispatchmethod ≤ 1.2× the function form; the first
 * call for a new class stays in microseconds with 1 000 types.
 *
 * Run: `npx tsx bench/dispatch.bench.ts` (or `npm run bench dispatch`).
 */
import { method, multi } from '@arrows/multimethod';
import { singledispatch, singledispatchmethod } from '../src/dispatch/index.js';
import { suite } from './harness.js';

// Sixteen hand-written classes and implementations, each its own function literal: closures
// made by one literal share their type feedback in V8, which lets the engine inline calls
// that real code, with distinct functions, cannot, so a class factory would flatter every
// case. The classes do not extend a common base: under tsx (esbuild's keepNames renames
// every class), `instanceof` a renamed subclass is 5-10x slower on Node 20, which would
// flatter everything but the instanceof chain.
interface Shape {
  readonly n: number;
  v(): number;
}
class Shape0 {
  constructor(readonly n: number) {}
  v(): number {
    return this.n + 0;
  }
}
class Shape1 {
  constructor(readonly n: number) {}
  v(): number {
    return this.n + 1;
  }
}
class Shape2 {
  constructor(readonly n: number) {}
  v(): number {
    return this.n + 2;
  }
}
class Shape3 {
  constructor(readonly n: number) {}
  v(): number {
    return this.n + 3;
  }
}
class Shape4 {
  constructor(readonly n: number) {}
  v(): number {
    return this.n + 4;
  }
}
class Shape5 {
  constructor(readonly n: number) {}
  v(): number {
    return this.n + 5;
  }
}
class Shape6 {
  constructor(readonly n: number) {}
  v(): number {
    return this.n + 6;
  }
}
class Shape7 {
  constructor(readonly n: number) {}
  v(): number {
    return this.n + 7;
  }
}
class Shape8 {
  constructor(readonly n: number) {}
  v(): number {
    return this.n + 8;
  }
}
class Shape9 {
  constructor(readonly n: number) {}
  v(): number {
    return this.n + 9;
  }
}
class Shape10 {
  constructor(readonly n: number) {}
  v(): number {
    return this.n + 10;
  }
}
class Shape11 {
  constructor(readonly n: number) {}
  v(): number {
    return this.n + 11;
  }
}
class Shape12 {
  constructor(readonly n: number) {}
  v(): number {
    return this.n + 12;
  }
}
class Shape13 {
  constructor(readonly n: number) {}
  v(): number {
    return this.n + 13;
  }
}
class Shape14 {
  constructor(readonly n: number) {}
  v(): number {
    return this.n + 14;
  }
}
class Shape15 {
  constructor(readonly n: number) {}
  v(): number {
    return this.n + 15;
  }
}
type ShapeClass = new (n: number) => Shape;
const classes: ShapeClass[] = [
  Shape0,
  Shape1,
  Shape2,
  Shape3,
  Shape4,
  Shape5,
  Shape6,
  Shape7,
  Shape8,
  Shape9,
  Shape10,
  Shape11,
  Shape12,
  Shape13,
  Shape14,
  Shape15,
];
const impls: Array<(x: Shape) => number> = [
  (x) => x.n + 0,
  (x) => x.n + 1,
  (x) => x.n + 2,
  (x) => x.n + 3,
  (x) => x.n + 4,
  (x) => x.n + 5,
  (x) => x.n + 6,
  (x) => x.n + 7,
  (x) => x.n + 8,
  (x) => x.n + 9,
  (x) => x.n + 10,
  (x) => x.n + 11,
  (x) => x.n + 12,
  (x) => x.n + 13,
  (x) => x.n + 14,
  (x) => x.n + 15,
];

const SIZE = 1024;

function instances(count: number): Shape[] {
  return Array.from({ length: SIZE }, (_, i) => new classes[i % count]!(i));
}

// The hand-written dispatch a person would write (classes tested in declaration order).
function byInstanceof1(x: unknown): number {
  if (x instanceof Shape0) return x.n + 0;
  throw new TypeError('unknown shape');
}
function byInstanceof4(x: unknown): number {
  if (x instanceof Shape0) return x.n + 0;
  if (x instanceof Shape1) return x.n + 1;
  if (x instanceof Shape2) return x.n + 2;
  if (x instanceof Shape3) return x.n + 3;
  throw new TypeError('unknown shape');
}
function byInstanceof16(x: unknown): number {
  if (x instanceof Shape0) return x.n + 0;
  if (x instanceof Shape1) return x.n + 1;
  if (x instanceof Shape2) return x.n + 2;
  if (x instanceof Shape3) return x.n + 3;
  if (x instanceof Shape4) return x.n + 4;
  if (x instanceof Shape5) return x.n + 5;
  if (x instanceof Shape6) return x.n + 6;
  if (x instanceof Shape7) return x.n + 7;
  if (x instanceof Shape8) return x.n + 8;
  if (x instanceof Shape9) return x.n + 9;
  if (x instanceof Shape10) return x.n + 10;
  if (x instanceof Shape11) return x.n + 11;
  if (x instanceof Shape12) return x.n + 12;
  if (x instanceof Shape13) return x.n + 13;
  if (x instanceof Shape14) return x.n + 14;
  if (x instanceof Shape15) return x.n + 15;
  throw new TypeError('unknown shape');
}
function byInstanceof8(x: unknown): number {
  if (x instanceof Shape0) return x.n + 0;
  if (x instanceof Shape1) return x.n + 1;
  if (x instanceof Shape2) return x.n + 2;
  if (x instanceof Shape3) return x.n + 3;
  if (x instanceof Shape4) return x.n + 4;
  if (x instanceof Shape5) return x.n + 5;
  if (x instanceof Shape6) return x.n + 6;
  if (x instanceof Shape7) return x.n + 7;
  throw new TypeError('unknown shape');
}
const byInstanceof: Record<number, (x: unknown) => number> = {
  1: byInstanceof1,
  4: byInstanceof4,
  8: byInstanceof8,
  16: byInstanceof16,
};

function arrows(count: number): (x: Shape) => number {
  return multi(
    (x: Shape) => x.constructor,
    ...classes.slice(0, count).map((C, k) => method(C, impls[k])),
  );
}

function polyfold(count: number): (x: Shape) => number {
  const area = singledispatch((x: Shape): number => {
    throw new TypeError(`unknown shape ${String(x)}`);
  });
  for (let k = 0; k < count; k++) area.register(classes[k]!, impls[k]!);
  return area;
}

// The harness runs every case of every suite in its own process, so the closures one literal
// makes here for 1, 4 and 16 classes never share type feedback.
for (const count of [1, 4, 8, 16]) {
  const xs = instances(count);
  const chain = byInstanceof[count]!;
  const mm = arrows(count);
  const pf = polyfold(count);
  await suite(
    `dispatch, ${count} class${count === 1 ? '' : 'es'} at the call site`,
    {
      baseline: 'virtual call',
      opsPerCall: SIZE,
      goals: { 'polyfold singledispatch': count === 8 ? 1.2 : 1.5 },
    },
    {
      'virtual call': () => {
        let s = 0;
        for (let i = 0; i < xs.length; i++) s += xs[i]!.v();
        return s;
      },
      'instanceof chain': () => {
        let s = 0;
        for (let i = 0; i < xs.length; i++) s += chain(xs[i]!);
        return s;
      },
      '@arrows/multimethod': () => {
        let s = 0;
        for (let i = 0; i < xs.length; i++) s += mm(xs[i]!);
        return s;
      },
      'polyfold singledispatch': () => {
        let s = 0;
        for (let i = 0; i < xs.length; i++) s += pf(xs[i]!);
        return s;
      },
    },
  );
}

// --- singledispatchmethod against the function form ----------------------------------------

class Visitor {
  visit(x: Shape): number {
    throw new TypeError(`unknown shape ${String(x)}`);
  }
}
const visit = singledispatchmethod<(x: Shape) => number>({ name: 'visit' });
visit.install(Visitor, 'visit');
for (let k = 0; k < 16; k++) visit.registerOn(Visitor, classes[k]!, impls[k]!);
{
  const xs = instances(16);
  const visitor = new Visitor();
  const pf = polyfold(16);
  await suite(
    'singledispatchmethod vs the function form, 16 classes',
    { baseline: 'singledispatch (function form)', opsPerCall: SIZE },
    {
      'virtual call (reference)': () => {
        let s = 0;
        for (let i = 0; i < xs.length; i++) s += xs[i]!.v();
        return s;
      },
      'singledispatch (function form)': () => {
        let s = 0;
        for (let i = 0; i < xs.length; i++) s += pf(xs[i]!);
        return s;
      },
      'singledispatchmethod (visitor.visit(x))': () => {
        let s = 0;
        for (let i = 0; i < xs.length; i++) s += visitor.visit(xs[i]!);
        return s;
      },
    },
  );
}

// --- first call for a class never seen before ------------------------------------------------

function freshClass(): ShapeClass {
  return class {
    constructor(readonly n: number) {}
    v(): number {
      return this.n;
    }
  };
}

/**
 * Registers `types` classes, then times the first call for each of `rounds` fresh classes
 * (a subclass of a registered class when `subclass`, else a class with no registered
 * ancestor, which falls back to the default). Returns the median and 90th percentile in µs.
 */
function firstCall(types: number, subclass: boolean, rounds = 2000): [number, number] {
  const registered = Array.from({ length: types }, () => freshClass());
  const gf = singledispatch((_: unknown): number => -1);
  for (const C of registered) gf.register(C, (x: Shape) => x.n);
  const times: number[] = [];
  const warmUp = 200;
  for (let i = 0; i < warmUp + rounds; i++) {
    const Base = registered[i % types]!;
    const Fresh: ShapeClass = subclass ? class extends Base {} : freshClass();
    const x = new Fresh(i);
    const t0 = performance.now();
    gf(x);
    const t1 = performance.now();
    if (i >= warmUp) times.push((t1 - t0) * 1000);
  }
  times.sort((a, b) => a - b);
  return [times[times.length >> 1]!, times[Math.floor(times.length * 0.9)]!];
}

// Only in the parent process: harness children run one case each and must not pay for this.
if (process.env.POLYFOLD_BENCH_CASE === undefined) {
  console.log('\n## first call for a new class (µs per call, 2000 fresh classes)');
  console.log(
    '| registered types | new class | median µs | p90 µs |\n| ---: | --- | ---: | ---: |',
  );
  for (const types of [1, 1000]) {
    for (const subclass of [true, false]) {
      const [median, p90] = firstCall(types, subclass);
      const kind = subclass ? 'subclass of a registered class' : 'no registered ancestor (default)';
      console.log(`| ${types} | ${kind} | ${median.toFixed(2)} | ${p90.toFixed(2)} |`);
    }
  }
}
