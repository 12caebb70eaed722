/**
 * Function utilities (toolz's `functoolz`): `pipe` and `flow` from fp-ts, and `compose`,
 * `curry`, `partial`, `identity`, `constant`, `flip`, `juxt`, `complement`, `once`.
 */
import { checkFunction } from './core/check.js';
import { InvalidArgumentError } from './errors.js';

// fp-ts has no `exports` map: `fp-ts/function` works under bundlers and vitest but not in
// plain Node ESM, so the file is named in full.
export { flow, pipe } from 'fp-ts/lib/function.js';

type Fn = (...args: any[]) => any;

/**
 * Returns its argument.
 *
 * @example
 * ```ts
 * import { identity } from 'polyfold/functional';
 * [1, 0, 2].filter(identity); // [1, 2]
 * ```
 */
export function identity<A>(a: A): A {
  return a;
}

/**
 * A function that ignores its arguments and returns `a` (Ramda `always`).
 *
 * @example
 * ```ts
 * import { constant } from 'polyfold/functional';
 * [1, 2].map(constant('x')); // ['x', 'x']
 * ```
 */
export function constant<A>(a: A): (...args: unknown[]) => A {
  return () => a;
}

/**
 * Composes functions right to left: `compose(f, g)(x)` is `f(g(x))` (toolz `compose`); the
 * last function may take several arguments. `compose()` is `identity`.
 *
 * @example
 * ```ts
 * import { compose } from 'polyfold/functional';
 * const f = compose((n: number) => n + 1, (s: string) => s.length);
 * f('abc'); // 4
 * ```
 */
export function compose(): <A>(a: A) => A;
export function compose<A extends unknown[], B>(ab: (...a: A) => B): (...a: A) => B;
export function compose<A extends unknown[], B, C>(
  bc: (b: B) => C,
  ab: (...a: A) => B,
): (...a: A) => C;
export function compose<A extends unknown[], B, C, D>(
  cd: (c: C) => D,
  bc: (b: B) => C,
  ab: (...a: A) => B,
): (...a: A) => D;
export function compose<A extends unknown[], B, C, D, E>(
  de: (d: D) => E,
  cd: (c: C) => D,
  bc: (b: B) => C,
  ab: (...a: A) => B,
): (...a: A) => E;
export function compose<A extends unknown[], B, C, D, E, F>(
  ef: (e: E) => F,
  de: (d: D) => E,
  cd: (c: C) => D,
  bc: (b: B) => C,
  ab: (...a: A) => B,
): (...a: A) => F;
export function compose<A extends unknown[], B, C, D, E, F, G>(
  fg: (f: F) => G,
  ef: (e: E) => F,
  de: (d: D) => E,
  cd: (c: C) => D,
  bc: (b: B) => C,
  ab: (...a: A) => B,
): (...a: A) => G;
export function compose(...fns: Fn[]): Fn;
export function compose(...fns: Fn[]): Fn {
  fns.forEach((f, i) => {
    checkFunction('compose', `fns[${i}]`, f);
  });
  if (fns.length === 0) return identity;
  const last = fns[fns.length - 1]!;
  return (...args: unknown[]) => {
    let x = last(...args);
    for (let i = fns.length - 2; i >= 0; i--) x = fns[i]!(x);
    return x;
  };
}

type Prefixes<P extends readonly unknown[]> = P extends readonly [infer H, ...infer R]
  ? [H] | [H, ...Prefixes<R>]
  : never;
type DropPrefix<P extends readonly unknown[], T extends readonly unknown[]> = T extends readonly [
  unknown,
  ...infer TR,
]
  ? P extends readonly [unknown, ...infer PR]
    ? DropPrefix<PR, TR>
    : []
  : P;

/** A curried function: takes any non-empty prefix of its parameters at a time. */
export type Curried<P extends readonly unknown[], R> = CurriedRequired<Required<P>, R>;
type CurriedRequired<P extends readonly unknown[], R> = P extends readonly []
  ? () => R
  : <T extends Prefixes<P>>(
      ...args: T
    ) => DropPrefix<P, T> extends readonly [] ? R : CurriedRequired<DropPrefix<P, T>, R>;

/**
 * Curries `f` (toolz and Ramda `curry`): the result takes any number of `f`'s arguments at a
 * time and calls `f` once it has `arity` of them (default: `f.length`, which does not count
 * optional or rest parameters — pass `arity` for those).
 *
 * @example
 * ```ts
 * import { curry } from 'polyfold/functional';
 * const add3 = curry((a: number, b: number, c: number) => a + b + c);
 * add3(1)(2)(3); // 6
 * add3(1, 2)(3); // 6
 * ```
 */
export function curry<P extends unknown[], R>(f: (...args: P) => R, arity?: number): Curried<P, R>;
export function curry(f: Fn, given?: number): Fn {
  checkFunction('curry', 'f', f);
  const arity = given ?? f.length;
  if (!(Number.isInteger(arity) && arity >= 0)) {
    throw new InvalidArgumentError('curry', 'arity', 'a non-negative integer', arity);
  }
  const curried =
    (got: readonly unknown[]): Fn =>
    (...args: unknown[]) => {
      const all = got.concat(args);
      return all.length >= arity ? f(...all) : curried(all);
    };
  return curried([]);
}

/**
 * Fixes the first arguments of `f` (toolz `partial`, Ramda `partial`).
 *
 * @example
 * ```ts
 * import { partial } from 'polyfold/functional';
 * const greet = (greeting: string, name: string) => `${greeting}, ${name}`;
 * partial(greet, 'Hello')('Ada'); // 'Hello, Ada'
 * ```
 */
export function partial<A extends unknown[], B extends unknown[], R>(
  f: (...args: [...A, ...B]) => R,
  ...head: A
): (...tail: B) => R {
  checkFunction('partial', 'f', f);
  return (...tail: B) => f(...head, ...tail);
}

/**
 * Swaps the first two arguments of `f` (Ramda `flip`).
 *
 * @example
 * ```ts
 * import { flip } from 'polyfold/functional';
 * const minus = (a: number, b: number) => a - b;
 * flip(minus)(1, 10); // 9
 * ```
 */
export function flip<A, B, Rest extends unknown[], R>(
  f: (a: A, b: B, ...rest: Rest) => R,
): (b: B, a: A, ...rest: Rest) => R {
  checkFunction('flip', 'f', f);
  return (b, a, ...rest) => f(a, b, ...rest);
}

/**
 * Calls every function with the same arguments and returns the tuple of results (toolz
 * `juxt`).
 *
 * @example
 * ```ts
 * import { juxt } from 'polyfold/functional';
 * juxt((n: number) => n + 1, (n: number) => n * 2)(5); // [6, 10]
 * ```
 */
export function juxt<Fs extends readonly Fn[]>(
  ...fns: Fs
): (...args: Fs extends readonly [infer F extends Fn, ...unknown[]] ? Parameters<F> : []) => {
  -readonly [K in keyof Fs]: ReturnType<Fs[K]>;
} {
  fns.forEach((f, i) => {
    checkFunction('juxt', `fns[${i}]`, f);
  });
  return ((...args: unknown[]) => fns.map((f) => f(...args))) as never;
}

/**
 * The negation of a predicate (toolz `complement`).
 *
 * @example
 * ```ts
 * import { complement } from 'polyfold/functional';
 * const isOdd = complement((n: number) => n % 2 === 0);
 * isOdd(3); // true
 * ```
 */
export function complement<A extends unknown[]>(
  pred: (...args: A) => unknown,
): (...args: A) => boolean {
  checkFunction('complement', 'pred', pred);
  return (...args) => !pred(...args);
}

/**
 * A function that calls `f` the first time and returns that first result ever after
 * (lodash `once`). If the first call throws, the next call tries again.
 *
 * @example
 * ```ts
 * import { once } from 'polyfold/functional';
 * let n = 0;
 * const init = once(() => ++n);
 * init(); init(); // 1, and n is 1
 * ```
 */
export function once<A extends unknown[], R>(f: (...args: A) => R): (...args: A) => R {
  checkFunction('once', 'f', f);
  let done = false;
  let result: R;
  return function (this: unknown, ...args: A): R {
    if (!done) {
      result = f.apply(this, args);
      done = true;
    }
    return result;
  };
}
