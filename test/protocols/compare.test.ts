import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

describe('compare: built-in orders', () => {
  it.each([
    [1, 2, -1],
    [2, 1, 1],
    [0, -0, 0],
    [Number.NaN, Number.NaN, 0],
    [Number.NaN, Number.POSITIVE_INFINITY, 1],
    [Number.NEGATIVE_INFINITY, -1e308, -1],
    [1n, 2n, -1],
    [2n, 1.5, 1],
    [1n, 1.5, -1],
    [2n ** 64n, 1e19, 1],
    [1, 1n, -1],
    [1n, 1, 1],
    [Number.NaN, 10n ** 400n, 1],
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['', 'a', -1],
    [false, true, -1],
    [new Date(1), new Date(2), -1],
    [new Date(Number.NaN), new Date(2), 1],
    [[1, 2], [1, 3], -1],
    [[1, 2], [1], 1],
    [[], [0], -1],
    [[['a']], [['a'], []], -1],
  ])('compare(%o, %o) === %i', (a, b, expected) => {
    expect(_.compare(a, b)).toBe(expected);
    expect(_.compare(b, a)).toBe(-expected || 0);
  });

  it('sorts mixed numbers and bigints, NaN last', () => {
    expect([3, 1n, Number.NaN, 2, -0, 0n].sort(_.compare)).toEqual([-0, 0n, 1n, 2, 3, Number.NaN]);
  });

  it('throws IncomparableError naming both types for pairs without an order', () => {
    for (const [a, b] of [
      [1, 'a'],
      [{}, {}],
      [null, null],
      [[1], ['a']],
      [new Date(0), 0],
      [Symbol('s'), Symbol('s')],
    ] as const) {
      expect(() => _.compare(a, b)).toThrow(_.IncomparableError);
    }
    try {
      _.compare(1, 'a');
    } catch (e) {
      const err = e as _.IncomparableError;
      expect(err.code).toBe('ERR_INCOMPARABLE');
      expect(err.left).toBe(1);
      expect(err.right).toBe('a');
      expect(err.message).toMatch(/the number 1 and the string "a"/);
      expect(err.message).toMatch(/dunder\.compare/);
    }
  });

  it('terminates on cyclic arrays', () => {
    const a: unknown[] = [1];
    a.push(a);
    const b: unknown[] = [1];
    b.push(b);
    expect(_.compare(a, b)).toBe(0);
  });
});

describe('compare: resolution', () => {
  class Version {
    constructor(
      readonly major: number,
      readonly minor: number,
    ) {}
    [_.dunder.compare](that: unknown) {
      if (!(that instanceof Version)) throw new _.IncomparableError(this, that);
      return (this.major - that.major) * 1000 + (this.minor - that.minor);
    }
  }

  it('uses the dunder method (normalised to -1/0/1) and its reflection', () => {
    expect(_.compare(new Version(1, 2), new Version(1, 10))).toBe(-1);
    expect(_.compare(new Version(2, 0), new Version(1, 10))).toBe(1);
    const anything = { [_.dunder.compare]: () => -5 };
    expect(_.compare(3, anything)).toBe(1);
    expect([new Version(1, 1), new Version(0, 9)].sort(_.compare)).toEqual([
      new Version(0, 9),
      new Version(1, 1),
    ]);
    expect(_.compare([new Version(1, 0)], [new Version(1, 1)])).toBe(-1);
  });

  it('rejects a dunder result that is not a number', () => {
    expect(() => _.compare({ [_.dunder.compare]: () => Number.NaN }, 1)).toThrow(
      _.ProtocolResultError,
    );
  });

  it('lets a registration win', () => {
    class Reverse {
      constructor(readonly n: number) {}
    }
    _.compare.register(Reverse, (a, b) =>
      b instanceof Reverse ? (Math.sign(b.n - a.n) as _.Ordering) : 0,
    );
    expect(_.compare(new Reverse(1), new Reverse(2))).toBe(1);
    expect(_.compare([new Reverse(1)], [new Reverse(2)])).toBe(1);
  });
});
