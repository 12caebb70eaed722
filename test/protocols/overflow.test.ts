/**
 * A stack overflow in the middle of a recursive protocol must not leave state behind: before,
 * the cycle-tracking stack of `equals` kept the outermost pair after a 20 000-deep comparison
 * overflowed (its cleanup in `finally` was a call, which overflowed again), and from then on
 * `equals` answered `true` for that pair of different values, in a HashSet too.
 */
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

function nest(depth: number, leaf: unknown): unknown {
  let x: unknown = leaf;
  for (let i = 0; i < depth; i++) x = [x];
  return x;
}

class Box {
  constructor(readonly inner: unknown) {}
  [_.dunder.eq](that: unknown): boolean {
    return that instanceof Box && _.equals(this.inner, that.inner);
  }
  [_.dunder.hash](): number {
    return _.hash([this.inner]);
  }
  [_.dunder.compare](that: unknown): number {
    return _.compare(this.inner, (that as Box).inner);
  }
}

function nestBoxes(depth: number, leaf: unknown): unknown {
  let x: unknown = leaf;
  for (let i = 0; i < depth; i++) x = i % 2 ? [x] : new Box(x);
  return x;
}

/** Calls `f` under `k` extra frames, so the overflow hits a different line each time. */
const padded = (k: number, f: () => unknown): unknown => (k === 0 ? f() : padded(k - 1, f));

/** What `f` returns, or 'threw' (a RangeError or a polyfold error: both are fine here). */
function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch {
    return 'threw';
  }
}

const DEEP = 20_000;
const OFFSETS = 24;

describe('a stack overflow inside a protocol leaves it usable', () => {
  for (const [label, make] of [
    ['arrays', nest],
    ['dunder methods and arrays', nestBoxes],
  ] as const) {
    const a = make(DEEP, 1);
    const b = make(DEEP, 2);

    it(`equals never calls two different ${label} equal after an overflow`, () => {
      const set = new _.HashSet<unknown>();
      for (let k = 0; k < OFFSETS; k++) {
        outcome(() => padded(k, () => _.equals(a, b)));
        expect(outcome(() => _.equals(a, b))).not.toBe(true);
        expect(outcome(() => _.equals(b, a))).not.toBe(true);
        expect(_.equals([1, [2]], [1, [3]])).toBe(false);
        expect(_.equals(new Box([1]), new Box([2]))).toBe(false);
        expect(_.equals([[1]], [[1]])).toBe(true);
      }
      outcome(() => set.add(a));
      for (let k = 0; k < OFFSETS; k++) {
        outcome(() => padded(k, () => _.equals(a, b)));
        expect(outcome(() => set.has(b))).not.toBe(true);
      }
    });

    it(`hash is unchanged by an overflow in deeply nested ${label}`, () => {
      const shallow = make(50, 1);
      const before = _.hash(shallow);
      for (let k = 0; k < OFFSETS; k++) {
        outcome(() => padded(k, () => _.hash(a)));
        expect(_.hash(shallow)).toBe(before);
        expect(_.hash([1, 2])).not.toBe(_.hash([2, 1]));
        expect(_.hash(new Box([1]))).toBe(_.hash(new Box([1])));
      }
    });

    it(`compare never calls two different ${label} equal after an overflow`, () => {
      for (let k = 0; k < OFFSETS; k++) {
        outcome(() => padded(k, () => _.compare(a, b)));
        expect(outcome(() => _.compare(a, b))).not.toBe(0);
        expect(_.compare([1, [2]], [1, [3]])).toBe(-1);
        expect(_.compare(new Box([1]), new Box([2]))).toBe(-1);
      }
    });
  }
});
