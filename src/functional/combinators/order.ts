/**
 * Ordering reductions: `sorted`, `sortBy`, `topK`, `min`, `max`. They compare with `compare`
 * from `polyfold/protocols` (numbers, strings, bigints, Dates, arrays lexicographically, your
 * classes with `[dunder.compare]`) and return arrays or single elements. Sorts are stable:
 * equal elements keep their input order, also when reversed (as Python's `sorted`).
 */

import { checkOptionKeys, optionKeys } from '../../dispatch/internal.js';
import { compare } from '../../protocols/index.js';
import { checkCount, checkFunction, checkOptionalFunction } from '../core/check.js';
import type { Reducer } from '../core/engine.js';
import { reduceAny } from '../core/lazy.js';
import { InvalidArgumentError } from '../errors.js';
import { toArray } from '../folds/collect.js';
import { maxBy, max as maxFold, minBy, min as minFold, topK as topKFold } from '../folds/order.js';
import type { AnyIterable, ElementOf, Result } from '../types.js';

/** Options of {@link sorted}. */
export interface SortOptions<A> {
  /** Sort by `key(element)` instead of the element. */
  readonly key?: (a: A) => unknown;
  /** Largest first; equal elements still keep their input order. */
  readonly reverse?: boolean;
}

/** Every key of {@link SortOptions}; any other key is refused (a typo). */
export const SORT_OPTIONS = optionKeys<SortOptions<unknown>>()('key', 'reverse');

function cmp(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number' && !Number.isNaN(a) && !Number.isNaN(b)) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return compare(a, b);
}

function sortArray<A>(xs: A[], key: ((a: A) => unknown) | undefined, reverse: boolean): A[] {
  const sign = reverse ? -1 : 1;
  if (key === undefined) return xs.sort((a, b) => sign * cmp(a, b));
  // Decorate–sort–undecorate: each key computed once.
  const keys = xs.map(key);
  const order = xs.map((_, i) => i);
  order.sort((i, j) => sign * cmp(keys[i], keys[j]));
  return order.map((i) => xs[i]!);
}

function sortReducer<A>(
  key: ((a: A) => unknown) | undefined,
  reverse: boolean,
): Reducer<A, A[], A[]> {
  const all = toArray<A>();
  return { init: all.init, step: all.step, done: (acc) => sortArray(acc, key, reverse) };
}

/**
 * All elements in ascending order as a new array (Python's `sorted`); always called with
 * options or none: `sorted()`, `sorted({ key, reverse })`.
 *
 * @example
 * ```ts
 * import { pipe, sorted } from 'polyfold/functional';
 * pipe([3, 1, 2], sorted()); // [1, 2, 3]
 * pipe(['bb', 'a', 'cc'], sorted({ key: (s) => s.length, reverse: true })); // ['bb', 'cc', 'a']
 * ```
 */
export function sorted<I extends AnyIterable<unknown> = Iterable<unknown>>(
  options?: SortOptions<ElementOf<I>>,
): (xs: I) => Result<I, ElementOf<I>[]>;
export function sorted<A>(
  options: SortOptions<A>,
): <I extends AnyIterable<A>>(xs: I) => Result<I, A[]>;
export function sorted(options?: SortOptions<unknown>): (xs: any) => any {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new InvalidArgumentError('sorted', 'options', 'an object ({ key?, reverse? })', options);
  }
  checkOptionKeys('sorted', options, SORT_OPTIONS);
  const key = options?.key;
  checkOptionalFunction('sorted', 'options.key', key);
  const reducer = sortReducer(key, options?.reverse === true);
  return (xs) => reduceAny('sorted', reducer, xs);
}

/**
 * All elements sorted by `key(element)`, ascending and stable (Ramda `sortBy`).
 *
 * @example
 * ```ts
 * import { pipe, sortBy } from 'polyfold/functional';
 * pipe([{ n: 2 }, { n: 1 }], sortBy((o) => o.n)); // [{ n: 1 }, { n: 2 }]
 * ```
 */
export function sortBy<I extends AnyIterable<unknown> = Iterable<unknown>>(
  key: (a: ElementOf<I>) => unknown,
): (xs: I) => Result<I, ElementOf<I>[]>;
export function sortBy<A>(
  key: (a: A) => unknown,
): <I extends AnyIterable<A>>(xs: I) => Result<I, A[]>;
export function sortBy(key: (a: unknown) => unknown): (xs: any) => any {
  checkFunction('sortBy', 'key', key);
  const reducer = sortReducer(key, false);
  return (xs) => reduceAny('sortBy', reducer, xs);
}

/**
 * The `n` largest elements (or those with the largest `key(element)`), largest first; equal
 * keys keep input order (toolz `topk`). O(n) memory, whatever the input size.
 *
 * @example
 * ```ts
 * import { pipe, topK } from 'polyfold/functional';
 * pipe([5, 1, 9, 3], topK(2)); // [9, 5]
 * pipe(['bb', 'a', 'ccc'], topK(1, (s) => s.length)); // ['ccc']
 * ```
 */
export function topK<I extends AnyIterable<unknown> = Iterable<unknown>>(
  n: number,
  key?: (a: ElementOf<I>) => unknown,
): (xs: I) => Result<I, ElementOf<I>[]>;
export function topK<A>(
  n: number,
  key: (a: A) => unknown,
): <I extends AnyIterable<A>>(xs: I) => Result<I, A[]>;
export function topK(n: number, key?: (a: unknown) => unknown): (xs: any) => any {
  checkCount('topK', 'n', n, false);
  checkOptionalFunction('topK', 'key', key);
  const f = topKFold(n, key);
  return (xs) => reduceAny('topK', f, xs);
}

/**
 * The smallest element (or the one with the smallest `key(element)`), the first of equals;
 * `undefined` when empty. Always called first: `min()`, `min(key)`.
 *
 * @example
 * ```ts
 * import { pipe, min } from 'polyfold/functional';
 * pipe([3, 1, 2], min()); // 1
 * pipe(['bb', 'a'], min((s) => s.length)); // 'a'
 * ```
 */
export function min<I extends AnyIterable<unknown> = Iterable<unknown>>(
  key?: (a: ElementOf<I>) => unknown,
): (xs: I) => Result<I, ElementOf<I> | undefined>;
export function min<A>(
  key: (a: A) => unknown,
): <I extends AnyIterable<A>>(xs: I) => Result<I, A | undefined>;
export function min(key?: (a: unknown) => unknown): (xs: any) => any {
  checkOptionalFunction('min', 'key', key);
  const f = key === undefined ? minFold() : minBy(key);
  return (xs) => reduceAny('min', f, xs);
}

/**
 * The largest element (or the one with the largest `key(element)`), the first of equals;
 * `undefined` when empty. Always called first: `max()`, `max(key)`.
 *
 * @example
 * ```ts
 * import { pipe, max } from 'polyfold/functional';
 * pipe([3, 1, 2], max()); // 3
 * ```
 */
export function max<I extends AnyIterable<unknown> = Iterable<unknown>>(
  key?: (a: ElementOf<I>) => unknown,
): (xs: I) => Result<I, ElementOf<I> | undefined>;
export function max<A>(
  key: (a: A) => unknown,
): <I extends AnyIterable<A>>(xs: I) => Result<I, A | undefined>;
export function max(key?: (a: unknown) => unknown): (xs: any) => any {
  checkOptionalFunction('max', 'key', key);
  const f = key === undefined ? maxFold() : maxBy(key);
  return (xs) => reduceAny('max', f, xs);
}
