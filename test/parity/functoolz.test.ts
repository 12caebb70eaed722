/**
 * Port of toolz's `toolz/tests/test_functoolz.py` (pytoolz/toolz, master) to polyfold's
 * function utilities, wherever polyfold has the function: `thread_first` is fp-ts's `pipe`
 * (a `(f, arg)` tuple is written `(x) => f(x, arg)`), `thread_last` is `pipe` over data-last
 * combinators, `compose_left` is fp-ts's `flow`, `flip(f, a, b)` is `flip(f)(a, b)`, and
 * Python's exception classes are small JavaScript error classes (`ValueError`…).
 *
 * Left out, and why:
 * - `test_apply`, `test_do`: no such functions (`f(x)`; `tap` is the stage form of `do`).
 * - Keyword arguments everywhere (`test_memoize_kwargs`, `test_curry_kwargs`,
 *   `curry(f, b=2)`, `compose(…)(1, 2, c=3)`): JavaScript has none; positional forms are ported.
 * - Metadata and Python object protocol: `__doc__`, `__name__`, `__qualname__`,
 *   `__module__`, `__wrapped__`, `__signature__`, `repr`, equality and hashing of curried
 *   and composed objects, `isinstance(f, curry)`, attribute read-only-ness, pickling,
 *   descriptors (`test_curry_on_classmethods`, `test_memoize_on_classmethods`,
 *   `test_compose_metadata`, `test_curry_comparable`, `test_curry_attributes_*`,
 *   `test_curry_is_idempotent`, `test_curry_subclassable`, `test_curry_module`,
 *   `test_curry_docstring`, `test_memoize_wrapped`, excepts' generated `__name__`/`__doc__`).
 *   polyfold's utilities return plain functions.
 * - `curry.call` / `curry.bind` (`test_curry_call`, `test_curry_bind`) and
 *   `_num_required_args`: toolz-specific API; polyfold's `curry` takes an explicit `arity`
 *   (ported in `test_curry_unknown_args`).
 * - `test_curry_passes_errors`' `f(1, 2, 3)` raising: a JavaScript function ignores extra
 *   arguments; the user's own error passing through is ported.
 * - `test_memoize`'s `mf(1, {})` raising (unhashable): polyfold keys by `equals`/`hash`, so a
 *   plain object is a fine key (ported: it is cached). `test_memoize_key_signature` beyond
 *   the one-argument case: the multi-argument key layout is internal (`memoized.cache` is
 *   keyed by the argument for one-argument calls, which is ported).
 * - `test_complement`'s "generic truthiness" of `[]`: polyfold's `complement` uses
 *   JavaScript truthiness (`![]` is false), where Python's `not []` is true; the cases on
 *   which the two languages agree are ported. (`truthy` in polyfold/protocols is Python's.)
 * - `compose_left()` with no functions: fp-ts's `flow` needs at least one.
 * - `excepts(object(), object(), object())` building a function: polyfold refuses a
 *   non-class when `excepts` is called (an InvalidArgumentError), not later (ported).
 */
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/functional/index.js';

const iseven = (x: number) => x % 2 === 0;
const isodd = (x: number) => x % 2 === 1;
const inc = (x: number) => x + 1;
const double = (x: number) => 2 * x;
const add = (x: number, y: number) => x + y;
const mul = (x: number, y: number) => x * y;
const str = (x: unknown) => String(x);

class ValueError extends Error {}
class IndexError extends Error {}
class KeyError extends Error {}
class NotImplementedError extends Error {}

describe('toolz test_functoolz', () => {
  it('test_thread_first (pipe)', () => {
    expect(_.pipe(2)).toBe(2);
    expect(_.pipe(2, inc)).toBe(3);
    expect(_.pipe(2, inc, inc)).toBe(4);
    expect(_.pipe(2, double, inc)).toBe(5);
    expect(_.pipe(2, (x) => add(x, 5), double)).toBe(14);
  });

  it('test_thread_last (pipe over data-last combinators)', () => {
    expect([..._.pipe([1, 2, 3], _.map(inc), _.filter(iseven))]).toEqual([2, 4]);
    expect([..._.pipe([1, 2, 3], _.map(inc), _.filter(isodd))]).toEqual([3]);
    expect(_.pipe(2, (x) => add(5, x), double)).toBe(14);
  });

  it('test_memoize', () => {
    let fnCalls = 0;
    const f = (x: number, y: number) => {
      fnCalls++;
      return [x + y];
    };
    const mf = _.memoize(f);
    expect(mf(2, 3)).toBe(mf(2, 3));
    expect(fnCalls).toBe(1); // function was only called once
    // toolz raises for the unhashable {}; polyfold keys by value (see the header).
    const g = _.memoize((x: number, o: object) => [x, o]);
    expect(g(1, {})).toBe(g(1, {}));
  });

  it('test_memoize_curried', () => {
    const f = _.curry((x: number, y: number) => x + y);
    const f2 = (x: number) => f(x, 1);
    const fm2 = _.memoize(f2);
    expect(fm2(3)).toBe(f2(3));
    expect(fm2(3)).toBe(f2(3));
  });

  it('test_memoize_partial', () => {
    const f = (y: number, x: number) => x + y;
    const f2 = _.partial(f, 1);
    const fm2 = _.memoize(f2);
    expect(fm2(3)).toBe(f2(3));
    expect(fm2(3)).toBe(f2(3));
  });

  it('test_memoize_key_signature (one argument: keyed by the argument itself)', () => {
    const mf = _.memoize((_x: number) => false as boolean);
    mf.cache.set(1, true);
    expect(mf(1)).toBe(true);
    expect(mf(2)).toBe(false);
  });

  it('test_memoize_curry_cache', () => {
    const f = _.memoize((_x: number) => false as boolean);
    f.cache.set(1, true);
    expect(f(1)).toBe(true);
    expect(f(2)).toBe(false);
  });

  it('test_memoize_key', () => {
    const f = _.memoize((x: number, y: number) => x + y, { key: (x) => x });
    expect(f(1, 2)).toBe(3);
    expect(f(1, 3)).toBe(3);
  });

  it('test_curry_simple', () => {
    const cmul = _.curry(mul);
    const double = cmul(2);
    expect(typeof double).toBe('function');
    expect(double(10)).toBe(20);
    const cmap = _.curry((f: (x: number) => number, xs: number[]) => xs.map(f));
    expect(cmap(inc)([1, 2, 3])).toEqual([2, 3, 4]);
    const invalid = expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' });
    expect(() => (_.curry as (f?: unknown) => unknown)()).toThrow(invalid);
    expect(() => _.curry({ 1: 2 } as never)).toThrow(invalid);
  });

  it('test_curry_passes_errors', () => {
    class MyTypeError extends TypeError {}
    const f = _.curry((a: unknown, b: number) => {
      if (typeof a !== 'number') throw new MyTypeError();
      return a + b;
    });
    expect(f(1, 2)).toBe(3);
    expect(() => f('1', 2)).toThrow(MyTypeError);
    expect(() => f('1')(2)).toThrow(MyTypeError);
  });

  it('test_curry_is_like_partial', () => {
    const foo = (a: number, b: number, c = 1) => a + b + c;
    const p = _.partial(foo, 1);
    const c = _.curry(foo)(1);
    expect(p(3)).toBe(c(3));
    expect(p(3, 2)).toBe(_.curry(foo, 3)(1)(3, 2));
  });

  it('test_curry_doesnot_transmogrify', () => {
    const f = (x: number, y = 0) => x + y;
    const cf = _.curry(f, 2);
    expect(cf(1)(3)).toBe(f(1, 3));
  });

  it('test_curry_unknown_args (an explicit arity)', () => {
    const add3 = (x: number, y: number, z: number) => x + y + z;
    // The variadic function is curried with an explicit arity, typed as the 3-ary call it is.
    const variadic = (...args: number[]) => add3(args[0]!, args[1]!, args[2]!);
    const f = _.curry(variadic as (x: number, y: number, z: number) => number, 3);
    expect(f(1)(2)(3)).toBe(6);
    expect(f(1, 2)(3)).toBe(6);
    expect(f(1, 2, 3)).toBe(6);
  });

  it('test_curry_bad_types', () => {
    expect(() => _.curry(1 as never)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });

  const addThenMultiply = (a: number, b: number, c = 10) => (a + b) * c;
  const composeCases: [((...a: any[]) => unknown)[], unknown[], unknown][] = [
    [[], [0], 0],
    [[inc], [0], 1],
    [[double, inc], [0], 2],
    [[str, iseven, inc, double], [3], 'false'], // String(false): JavaScript spells it so
    [[str, add], [1, 2], '3'],
    [[str, inc, addThenMultiply], [1, 2, 3], '10'],
  ];

  it('test_compose', () => {
    for (const [fns, args, expected] of composeCases) {
      expect(
        (_.compose as (...f: unknown[]) => (...a: unknown[]) => unknown)(...fns)(...args),
      ).toBe(expected);
    }
  });

  it('test_compose_left (flow)', () => {
    for (const [fns, args, expected] of composeCases) {
      if (fns.length === 0) continue; // flow needs one function (see the header)
      const left = [...fns].reverse();
      expect((_.flow as (...f: unknown[]) => (...a: unknown[]) => unknown)(...left)(...args)).toBe(
        expected,
      );
    }
  });

  it('test_pipe', () => {
    expect(_.pipe(1, inc)).toBe(2);
    expect(_.pipe(1, inc, inc)).toBe(3);
    expect(_.pipe(1, double, inc, iseven)).toBe(false);
  });

  it('test_complement', () => {
    // No args:
    expect(_.complement(() => false)()).toBe(true);
    expect(_.complement(() => true)()).toBe(false);
    // Single arity:
    expect(_.complement(iseven)(1)).toBe(true);
    expect(_.complement(iseven)(2)).toBe(false);
    expect(_.complement(_.complement(iseven))(2)).toBe(true);
    expect(_.complement(_.complement(isodd))(2)).toBe(false);
    // Multiple arities:
    const bothEven = (a: number, b: number) => iseven(a) && iseven(b);
    expect(_.complement(bothEven)(1, 2)).toBe(true);
    expect(_.complement(bothEven)(2, 2)).toBe(false);
    // Generic truthiness (where JavaScript and Python agree; see the header):
    expect(_.complement(() => '')()).toBe(true);
    expect(_.complement(() => 0)()).toBe(true);
    expect(_.complement(() => null)()).toBe(true);
    expect(_.complement(() => 'x')()).toBe(false);
    expect(_.complement(() => 1)()).toBe(false);
    expect(_.complement(() => [1])()).toBe(false);
  });

  it('test_juxt_generator_input', () => {
    const data = [..._.range(10)];
    function* getters() {
      for (const i of _.range(5)) yield (xs: number[]) => xs[2 * i];
    }
    const juxtfunc = _.juxt(...getters()) as unknown as (xs: number[]) => unknown[];
    expect(juxtfunc(data)).toEqual([0, 2, 4, 6, 8]);
    expect(juxtfunc(data)).toEqual([0, 2, 4, 6, 8]);
  });

  it('test_flip', () => {
    const f = (a: string, b: string) => [a, b];
    expect(_.flip(f)('a', 'b')).toEqual(['b', 'a']);
  });

  it('test_excepts', () => {
    const idx = (a: number) => {
      const i = [1, 2].indexOf(a);
      if (i < 0) throw new ValueError(`${a} is not in list`);
      return i;
    };
    const handler = (e: ValueError) => {
      expect(e).toBeInstanceOf(ValueError);
      return -1;
    };
    const excepting = _.excepts(ValueError, idx, handler);
    expect(excepting(1)).toBe(0);
    expect(excepting(2)).toBe(1);
    expect(excepting(3)).toBe(-1);

    const getzero = (a: unknown[] | Map<number, unknown>) => {
      if (Array.isArray(a)) {
        if (a.length === 0) throw new IndexError('list index out of range');
        return a[0];
      }
      if (!a.has(0)) throw new KeyError('0');
      return a.get(0);
    };
    const getzeroExcepting = _.excepts([IndexError, KeyError], getzero);
    expect(getzeroExcepting([])).toBeUndefined();
    expect(getzeroExcepting([1])).toBe(1);
    expect(getzeroExcepting(new Map())).toBeUndefined();
    expect(getzeroExcepting(new Map([[0, 1]]))).toBe(1);

    const raise = (a: new () => Error) => {
      throw new a();
    };
    const raising = _.excepts([ValueError, KeyError], raise);
    expect(raising(ValueError)).toBeUndefined();
    expect(raising(KeyError)).toBeUndefined();
    expect(() => raising(TypeError)).toThrow(TypeError);
    expect(() => raising(NotImplementedError)).toThrow(NotImplementedError);

    expect(() => _.excepts({} as never, {} as never, {} as never)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });
});
