/** Function utilities (toolz functoolz cases) and memoize. */
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/functional/index.js';

describe('pipe and flow are fp-ts’s', () => {
  it('thread values left to right', () => {
    expect(_.pipe(1, (x) => x + 1, String)).toBe('2');
    expect(
      _.flow(
        (a: number, b: number) => a + b,
        (x) => x * 2,
      )(1, 2),
    ).toBe(6);
  });
});

describe('compose (toolz test_compose)', () => {
  it('composes right to left; the last function takes any arguments', () => {
    const inc = (x: number) => x + 1;
    const double = (x: number) => x * 2;
    expect(_.compose()(0)).toBe(0);
    expect(_.compose(inc)(0)).toBe(1);
    expect(_.compose(double, inc)(0)).toBe(2);
    expect(_.compose(String, inc, double)(3)).toBe('7');
    expect(_.compose(inc, (a: number, b: number) => a * b)(2, 3)).toBe(7);
  });
  it('refuses non-functions', () => {
    expect(() => _.compose(1 as never)).toThrow(_.InvalidArgumentError);
  });
});

describe('curry and partial', () => {
  it('curry takes arguments in any grouping (toolz test_curry_simple)', () => {
    const mul = _.curry((a: number, b: number) => a * b);
    expect(mul(10)(20)).toBe(200);
    expect(mul(10, 20)).toBe(200);
    const add3 = _.curry((a: number, b: number, c: number) => a + b + c);
    expect(add3(1)(2)(3)).toBe(6);
    expect(add3(1, 2)(3)).toBe(6);
    expect(add3(1)(2, 3)).toBe(6);
    const zero = _.curry(() => 'now');
    expect(zero()).toBe('now');
  });
  it('curry honours an explicit arity for optional parameters', () => {
    const f = (a: number, b = 10) => a + b;
    expect(_.curry(f, 2)(1)(2)).toBe(3);
    expect(() => _.curry(f, -1)).toThrow(_.InvalidArgumentError);
  });
  it('partial fixes leading arguments', () => {
    const greet = (greeting: string, name: string) => `${greeting}, ${name}`;
    expect(_.partial(greet, 'Hello')('Ada')).toBe('Hello, Ada');
    expect(_.partial(greet, 'Hi', 'Bo')()).toBe('Hi, Bo');
  });
});

describe('small combinators', () => {
  it('identity, constant, flip, complement, juxt', () => {
    expect(_.identity(3)).toBe(3);
    expect([1, 2].map(_.constant('x'))).toEqual(['x', 'x']);
    expect(_.flip((a: number, b: number) => a - b)(1, 10)).toBe(9);
    expect(_.flip((a: string, b: string, c: string) => a + b + c)('b', 'a', 'c')).toBe('abc');
    const isEven = (x: number) => x % 2 === 0;
    expect(_.complement(isEven)(3)).toBe(true);
    expect(
      _.juxt(
        (n: number) => n + 1,
        (n: number) => n * 2,
      )(5),
    ).toEqual([6, 10]);
    expect(_.juxt()()).toEqual([]);
  });
  it('once calls the function once, and again after a throw', () => {
    let n = 0;
    const init = _.once(() => ++n);
    expect([init(), init(), init()]).toEqual([1, 1, 1]);
    let tries = 0;
    const flaky = _.once(() => {
      tries++;
      if (tries === 1) throw new Error('first');
      return tries;
    });
    expect(() => flaky()).toThrow('first');
    expect(flaky()).toBe(2);
    expect(flaky()).toBe(2);
  });
});

describe('memoize keys by value', () => {
  it('shares results between equal arguments (toolz test_memoize)', () => {
    let calls = 0;
    const area = _.memoize((p: { w: number; h: number }) => {
      calls++;
      return p.w * p.h;
    });
    expect(area({ w: 2, h: 3 })).toBe(6);
    expect(area({ h: 3, w: 2 })).toBe(6);
    expect(calls).toBe(1);
    expect(area.cache.size).toBe(1);
  });
  it('distinguishes argument counts and keys multi-argument calls by value', () => {
    let calls = 0;
    const f = _.memoize((...xs: unknown[]) => {
      calls++;
      return xs.length;
    });
    expect(f([1, 2])).toBe(1);
    expect(f([1, 2], undefined)).toBe(2);
    expect(f([1, 2], undefined)).toBe(2);
    expect(f()).toBe(0);
    expect(f()).toBe(0);
    expect(calls).toBe(3);
  });
  it('caches undefined results and not errors; honours a key function', () => {
    let calls = 0;
    const g = _.memoize((x: number) => {
      calls++;
      if (x < 0) throw new RangeError('negative');
      return undefined;
    });
    g(1);
    g(1);
    expect(calls).toBe(1);
    expect(() => g(-1)).toThrow(RangeError);
    expect(() => g(-1)).toThrow(RangeError);
    expect(calls).toBe(3);
    const byLower = _.memoize((s: string) => s.length, { key: (s) => s.toLowerCase() });
    byLower('A');
    expect(byLower.cache.has('a')).toBe(true);
  });
  it('refuses bad arguments with documented errors', () => {
    expect(() => _.memoize(3 as never)).toThrow(_.InvalidArgumentError);
    expect(() => _.memoize((x) => x, { key: 3 as never })).toThrow(_.InvalidArgumentError);
  });
});
