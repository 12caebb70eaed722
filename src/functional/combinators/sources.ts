/**
 * Sources: `range`, `repeat`, `cycle`, `iterate`. They take their inputs directly and return
 * lazy, re-iterable sequences (each `for…of` starts over); `repeat` without a count, `cycle`
 * and `iterate` are infinite, so end them with `take` or `takeWhile`.
 */
import { checkCount, checkFunction } from '../core/check.js';
import { checked, checkSyncIterable } from '../core/iterables.js';
import { InvalidArgumentError } from '../errors.js';

function reiterable<T>(make: () => Iterator<T>): Iterable<T> {
  return { [Symbol.iterator]: make };
}

function checkNumber(name: string, argument: string, value: unknown, finite: boolean): void {
  if (typeof value !== 'number' || Number.isNaN(value) || (finite && !Number.isFinite(value))) {
    throw new InvalidArgumentError(
      name,
      argument,
      finite ? 'a finite number' : 'a number (not NaN)',
      value,
    );
  }
}

/**
 * Numbers from `start` (default 0) up to, not including, `stop`, by `step` (default 1) —
 * Python's `range`, also for fractional steps (each value is `start + i * step`, so errors do
 * not accumulate) and for `stop = Infinity`.
 *
 * @example
 * ```ts
 * import { range } from 'polyfold/functional';
 * [...range(3)]; // [0, 1, 2]
 * [...range(10, 0, -4)]; // [10, 6, 2]
 * ```
 */
export function range(stop: number): Iterable<number>;
export function range(start: number, stop: number, step?: number): Iterable<number>;
export function range(a: number, b?: number, c?: number): Iterable<number> {
  const start = b === undefined ? 0 : a;
  const stop = b === undefined ? a : b;
  const step = c === undefined ? 1 : c;
  checkNumber('range', 'start', start, true);
  checkNumber('range', 'stop', stop, false);
  checkNumber('range', 'step', step, true);
  if (step === 0) throw new InvalidArgumentError('range', 'step', 'a non-zero number', step);
  return reiterable(() => {
    let i = 0;
    return {
      next: (): IteratorResult<number> => {
        const x = start + i * step;
        if (step > 0 ? x < stop : x > stop) {
          i++;
          return { done: false, value: x };
        }
        return { done: true, value: undefined };
      },
    };
  });
}

/**
 * `x` repeated `n` times, or forever without `n` (itertools `repeat`).
 *
 * @example
 * ```ts
 * import { repeat } from 'polyfold/functional';
 * [...repeat('a', 3)]; // ['a', 'a', 'a']
 * ```
 */
export function repeat<A>(x: A, n: number = Number.POSITIVE_INFINITY): Iterable<A> {
  checkCount('repeat', 'n', n);
  return reiterable(() => {
    let i = 0;
    return {
      next: (): IteratorResult<A> => {
        if (i >= n) return { done: true, value: undefined };
        i++;
        return { done: false, value: x };
      },
    };
  });
}

/**
 * The elements of `xs` over and over (itertools `cycle`). The first pass is remembered, so a
 * one-shot iterator works too; an empty input gives an empty sequence.
 *
 * @example
 * ```ts
 * import { pipe, cycle, take } from 'polyfold/functional';
 * [...pipe(cycle([1, 2]), take(5))]; // [1, 2, 1, 2, 1]
 * ```
 */
export function cycle<I extends Iterable<unknown>>(
  xs: I,
): Iterable<I extends Iterable<infer T> ? T : never>;
export function cycle(xs: Iterable<unknown>): Iterable<unknown> {
  checkSyncIterable('cycle', xs);
  return reiterable(function* () {
    const saved: unknown[] = [];
    for (const x of checked(xs)) {
      saved.push(x);
      yield x;
    }
    if (saved.length === 0) return;
    for (;;) yield* saved;
  });
}

/**
 * `x`, `f(x)`, `f(f(x))`… forever (toolz `iterate`, Clojure `iterate`).
 *
 * @example
 * ```ts
 * import { pipe, iterate, take } from 'polyfold/functional';
 * [...pipe(iterate((x: number) => x * 2, 1), take(4))]; // [1, 2, 4, 8]
 * ```
 */
export function iterate<A>(f: (a: A) => A, x: A): Iterable<A> {
  checkFunction('iterate', 'f', f);
  return reiterable(() => {
    let started = false;
    let current = x;
    return {
      next: (): IteratorResult<A> => {
        if (started) current = f(current);
        started = true;
        return { done: false, value: current };
      },
    };
  });
}
