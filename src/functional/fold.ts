/**
 * `Fold<A, Acc, R>`: the unit of parallel reduction — a monoid on accumulators plus a way to
 * put elements in and get a result out. Java's `Collector` (supplier, accumulator, combiner,
 * finisher) is the same idea.
 *
 * Laws (checked for every built-in by the property tests; `≡` is "gives the same result
 * through `done`", bit for bit):
 *
 * - **Associativity**: `combine(combine(a, b), c) ≡ combine(a, combine(b, c))`.
 * - **Identity**: `combine(init(), acc) ≡ acc ≡ combine(acc, init())`, exactly — built-ins
 *   special-case the empty accumulator rather than, say, adding `0.0` (which turns `-0` into
 *   `0`) or rescaling a mean.
 * - **Homomorphism**: folding `xs ++ ys` ≡ `combine(fold(xs), fold(ys))`. With the two laws
 *   above this is what lets an executor cut the input into chunks anywhere, fold each chunk
 *   anywhere, and combine the partial accumulators **in chunk order** to get exactly what one
 *   sequential fold gives. `combine` need not be commutative: order is always kept.
 * - **Termination** (optional `isDone`): once `isDone(acc)` holds, `step(acc, x) ≡ acc` for
 *   every `x` and `combine(acc, b) ≡ acc` — further input cannot change the result, so a
 *   runner may stop pulling.
 *
 * Ownership: `step` and `combine` may mutate and return their first argument (and `combine`
 * may reuse its second), as Java's collectors do; an accumulator passed to them must not be
 * used again. `init()` returns a fresh accumulator every time.
 *
 * Shipping: a built-in fold carries a `spec` (`{ name: 'topK', args: [10] }`) from which
 * {@link reviveFold} rebuilds it elsewhere, and `encode`/`decode` where its accumulator is not
 * plain structured-cloneable data (a `HashMap`, a `Counter`).
 */

import { isRevokedProxy } from '../dispatch/internal.js';
import { reduceAny } from './core/lazy.js';
import { InvalidArgumentError } from './errors.js';
import type { AnyIterable, ElementOf, Result } from './types.js';

/** How to rebuild a built-in fold elsewhere: its name in `folds` and its arguments. */
export interface FoldSpec {
  readonly name: string;
  /**
   * The arguments the fold was built with. Nested folds appear as their own specs; user
   * functions (keys, predicates) appear as functions, for an executor to turn into tasks.
   */
  readonly args: readonly unknown[];
}

/**
 * A parallel-safe reduction. See the module comment for the laws.
 *
 * @example
 * ```ts
 * import { fold, type Fold } from 'polyfold/functional';
 * // Longest string; ties keep the earlier one, so combining in order is associative.
 * const longest: Fold<string, string | undefined, string | undefined> = {
 *   init: () => undefined,
 *   step: (acc, s) => (acc === undefined || s.length > acc.length ? s : acc),
 *   combine: (l, r) => (l === undefined ? r : r === undefined || r.length <= l.length ? l : r),
 *   done: (acc) => acc,
 * };
 * fold(longest)(['a', 'ccc', 'bb']); // 'ccc'
 * ```
 */
export interface Fold<A, Acc, R = Acc> {
  /** A fresh empty accumulator, the identity of `combine`. */
  readonly init: () => Acc;
  /** Adds one element. */
  readonly step: (acc: Acc, a: A) => Acc;
  /** Merges two accumulators; `left` holds the earlier elements. Associative. */
  readonly combine: (left: Acc, right: Acc) => Acc;
  /** The result of an accumulator. */
  readonly done: (acc: Acc) => R;
  /** True once no further input can change the result (`every` saw a failure). */
  readonly isDone?: (acc: Acc) => boolean;
  /** The accumulator as structured-cloneable data (for folds whose accumulator is not). */
  readonly encode?: (acc: Acc) => unknown;
  /** The inverse of `encode`. */
  readonly decode?: (data: unknown) => Acc;
  /** How to rebuild this fold elsewhere; present on every built-in. */
  readonly spec?: FoldSpec;
}

/** Any fold with input `A` and result `R`, whatever its accumulator. */
export type AnyFold<A, R> = Fold<A, any, R>;

/** The result type of a fold. */
export type FoldResult<F> = F extends Fold<any, any, infer R> ? R : never;

/** The input type of a fold. */
export type FoldInput<F> = F extends Fold<infer A, any, any> ? A : never;

const FOLD_KEYS = ['init', 'step', 'combine', 'done'] as const;

/**
 * True when `x` has the four fold functions.
 *
 * @example
 * ```ts
 * import { isFold, folds } from 'polyfold/functional';
 * isFold(folds.sum()); // true
 * isFold({ init: () => 0 }); // false
 * ```
 */
export function isFold(x: unknown): x is AnyFold<unknown, unknown> {
  if (x === null || typeof x !== 'object' || isRevokedProxy(x)) return false;
  for (const k of FOLD_KEYS)
    if (typeof (x as Record<string, unknown>)[k] !== 'function') return false;
  return true;
}

/** Throws the documented error unless `f` is a fold. */
export function checkFold(name: string, argument: string, f: unknown): void {
  if (!isFold(f)) {
    throw new InvalidArgumentError(
      name,
      argument,
      'a Fold (an object with init, step, combine and done), e.g. folds.sum()',
      f,
    );
  }
}

/**
 * Applies a fold to an array, an iterable or an async iterable (then it returns a promise).
 * In a `pipe` after lazy stages it runs them fused with the fold, in one loop.
 *
 * @example
 * ```ts
 * import { pipe, map, fold, folds } from 'polyfold/functional';
 * pipe([1, 2, 3], map((x) => x * 2), fold(folds.sum())); // 12
 * ```
 */
export function fold<I extends AnyIterable<unknown> = Iterable<unknown>, R = unknown>(
  f: AnyFold<ElementOf<I>, R>,
): (xs: I) => Result<I, R>;
export function fold<A, R>(f: AnyFold<A, R>): <I extends AnyIterable<A>>(xs: I) => Result<I, R>;
export function fold(f: AnyFold<unknown, unknown>): (xs: any) => any {
  checkFold('fold', 'f', f);
  return (xs) => reduceAny('fold', f, xs);
}
