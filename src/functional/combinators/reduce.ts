/**
 * Reductions that end a `pipe`: `first`, `last`, `nth`, `count`, `frequencies`, `countBy`,
 * `groupBy`, `reduceBy`, `partition`. Each runs a fold, fused with any lazy stages before it,
 * and returns the value — or a promise of it for an async iterable.
 */
import { checkNotRevoked } from '../../dispatch/internal.js';
import { type Counter, HashMap } from '../../protocols/index.js';
import { checkCount, checkFunction } from '../core/check.js';
import type { Reducer } from '../core/engine.js';
import { checkAnyIterable } from '../core/iterables.js';
import { reduceAny } from '../core/lazy.js';
import { frequencies as frequenciesFold, groupBy as groupByFold } from '../folds/collect.js';
import { first as firstFold, last as lastFold } from '../folds/logic.js';
import { count as countFold } from '../folds/numeric.js';
import type { AnyIterable, ElementOf, Result } from '../types.js';
import { drop } from './slice.js';

/**
 * The first element, or `undefined` for an empty input. Stops after one element.
 *
 * @example
 * ```ts
 * import { first, range } from 'polyfold/functional';
 * first(range(5, 10)); // 5
 * first([]); // undefined
 * ```
 */
export function first<I extends AnyIterable<unknown>>(xs: I): Result<I, ElementOf<I> | undefined> {
  return reduceAny('first', firstFold(), xs) as never;
}

/**
 * The last element, or `undefined` for an empty input.
 *
 * @example
 * ```ts
 * import { last } from 'polyfold/functional';
 * last([1, 2, 3]); // 3
 * ```
 */
export function last<I extends AnyIterable<unknown>>(xs: I): Result<I, ElementOf<I> | undefined> {
  checkNotRevoked(xs, 'take the last element of');
  if (Array.isArray(xs)) return xs[xs.length - 1] as never;
  return reduceAny('last', lastFold(), xs) as never;
}

/**
 * The element at index `n` (from 0), or `undefined` when the input is shorter. Pulls `n + 1`
 * elements at most.
 *
 * @example
 * ```ts
 * import { nth } from 'polyfold/functional';
 * nth(1)(['a', 'b', 'c']); // 'b'
 * ```
 */
export function nth(
  n: number,
): <I extends AnyIterable<unknown>>(xs: I) => Result<I, ElementOf<I> | undefined> {
  checkCount('nth', 'n', n, false);
  const skip = drop(n);
  return (xs) => {
    checkAnyIterable('nth', xs);
    return first(skip(xs as Iterable<unknown>)) as never;
  };
}

/**
 * The number of elements.
 *
 * @example
 * ```ts
 * import { count, range } from 'polyfold/functional';
 * count(range(0, 10, 3)); // 4
 * ```
 */
export function count<I extends AnyIterable<unknown>>(xs: I): Result<I, number> {
  checkNotRevoked(xs, 'count');
  if (Array.isArray(xs)) return xs.length as never;
  return reduceAny('count', countFold(), xs) as never;
}

/**
 * How many times each element occurs, as a `Counter` (keys compared with `equals`/`hash`).
 *
 * @example
 * ```ts
 * import { frequencies } from 'polyfold/functional';
 * frequencies(['a', 'b', 'a']).get('a'); // 2
 * frequencies([[1], [1]]).get([1]); // 2
 * ```
 */
export function frequencies<I extends AnyIterable<unknown>>(
  xs: I,
): Result<I, Counter<ElementOf<I>>> {
  return reduceAny('frequencies', frequenciesFold(), xs) as never;
}

/**
 * How many elements have each `key(element)`, as a `Counter` (toolz `countby`).
 *
 * @example
 * ```ts
 * import { pipe, countBy } from 'polyfold/functional';
 * pipe([1, 2, 3, 4, 5], countBy((x) => (x % 2 === 0 ? 'even' : 'odd'))).get('odd'); // 3
 * ```
 */
export function countBy<I extends AnyIterable<unknown> = Iterable<unknown>, K = unknown>(
  key: (a: ElementOf<I>) => K,
): (xs: I) => Result<I, Counter<K>>;
export function countBy<A, K>(
  key: (a: A) => K,
): <I extends AnyIterable<A>>(xs: I) => Result<I, Counter<K>>;
export function countBy(key: (a: unknown) => unknown): (xs: any) => any {
  checkFunction('countBy', 'key', key);
  return (xs) => reduceAny('countBy', frequenciesFold(key), xs);
}

/**
 * Groups elements into arrays by `key(element)` (compared with `equals`/`hash`), as a
 * `HashMap` in first-seen key order (toolz `groupby`).
 *
 * @example
 * ```ts
 * import { pipe, groupBy } from 'polyfold/functional';
 * const byLen = pipe(['a', 'bb', 'c'], groupBy((s) => s.length));
 * byLen.get(1); // ['a', 'c']
 * ```
 */
export function groupBy<I extends AnyIterable<unknown> = Iterable<unknown>, K = unknown>(
  key: (a: ElementOf<I>) => K,
): (xs: I) => Result<I, HashMap<K, ElementOf<I>[]>>;
export function groupBy<A, K>(
  key: (a: A) => K,
): <I extends AnyIterable<A>>(xs: I) => Result<I, HashMap<K, A[]>>;
export function groupBy(key: (a: unknown) => unknown): (xs: any) => any {
  checkFunction('groupBy', 'key', key);
  return (xs) => reduceAny('groupBy', groupByFold(key), xs);
}

/**
 * Reduces the elements of each key with `f`, starting from `init` (toolz `reduceby`), into a
 * `HashMap`. `init` may be a function, called once per key, for mutable starting values.
 * (The parallel-safe form is `folds.reduceBy(key, fold)`.)
 *
 * @example
 * ```ts
 * import { pipe, reduceBy } from 'polyfold/functional';
 * const totals = pipe(
 *   [{ k: 'a', n: 1 }, { k: 'b', n: 2 }, { k: 'a', n: 3 }],
 *   reduceBy((r) => r.k, (acc: number, r) => acc + r.n, 0),
 * );
 * totals.get('a'); // 4
 * ```
 */
export function reduceBy<
  I extends AnyIterable<unknown> = Iterable<unknown>,
  K = unknown,
  Acc = unknown,
>(
  key: (a: ElementOf<I>) => K,
  f: (acc: Acc, a: ElementOf<I>) => Acc,
  init: Acc | (() => Acc),
): (xs: I) => Result<I, HashMap<K, Acc>>;
export function reduceBy<A, K, Acc>(
  key: (a: A) => K,
  f: (acc: Acc, a: A) => Acc,
  init: Acc | (() => Acc),
): <I extends AnyIterable<A>>(xs: I) => Result<I, HashMap<K, Acc>>;
export function reduceBy(
  key: (a: unknown) => unknown,
  f: (acc: unknown, a: unknown) => unknown,
  init: unknown,
): (xs: any) => any {
  checkFunction('reduceBy', 'key', key);
  checkFunction('reduceBy', 'f', f);
  if (typeof init === 'function') checkFunction('reduceBy', 'init', init);
  const start = typeof init === 'function' ? (init as () => unknown) : () => init;
  const reducer: Reducer<unknown, HashMap<unknown, unknown>, HashMap<unknown, unknown>> = {
    init: () => new HashMap<unknown, unknown>(),
    step: (acc, x) => {
      const k = key(x);
      const a = acc.has(k) ? acc.get(k) : start();
      acc.set(k, f(a, x));
      return acc;
    },
    done: (acc) => acc,
  };
  return (xs) => reduceAny('reduceBy', reducer, xs);
}

/**
 * Splits the elements into `[pass, fail]` by `pred` (Ramda `partition`), keeping order. A
 * type-guard predicate narrows both sides.
 *
 * @example
 * ```ts
 * import { pipe, partition } from 'polyfold/functional';
 * pipe([1, 2, 3, 4], partition((x) => x % 2 === 0)); // [[2, 4], [1, 3]]
 * ```
 */
export function partition<I extends AnyIterable<unknown> = Iterable<unknown>, S = ElementOf<I>>(
  pred: (a: ElementOf<I>) => a is S & ElementOf<I>,
): (xs: I) => Result<I, [S[], Exclude<ElementOf<I>, S>[]]>;
export function partition<I extends AnyIterable<unknown> = Iterable<unknown>>(
  pred: (a: ElementOf<I>) => unknown,
): (xs: I) => Result<I, [ElementOf<I>[], ElementOf<I>[]]>;
export function partition<A>(
  pred: (a: A) => unknown,
): <I extends AnyIterable<A>>(xs: I) => Result<I, [A[], A[]]>;
export function partition(pred: (a: unknown) => unknown): (xs: any) => any {
  checkFunction('partition', 'pred', pred);
  const reducer: Reducer<unknown, [unknown[], unknown[]], [unknown[], unknown[]]> = {
    init: () => [[], []],
    step: (acc, x) => {
      (pred(x) ? acc[0] : acc[1]).push(x);
      return acc;
    },
    done: (acc) => acc,
  };
  return (xs) => reduceAny('partition', reducer, xs);
}
