/**
 * Short-circuiting folds: `every`, `some`, `first`, `last`. The first three declare `isDone`,
 * so a runner stops pulling input as soon as the answer is known — and since `combine` keeps
 * the left answer once it is final, they are still safe to fold in chunks.
 */
import type { Fold } from '../fold.js';
import { defineFold, optionalFn } from './define.js';
import type { Pick } from './order.js';

/**
 * True when `pred` (default: JavaScript truthiness) holds for every element; true when empty.
 * Stops at the first failure.
 *
 * Laws: logical AND — associative, `true` its identity; done once false.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * fold(folds.every((x: number) => x > 0))([1, 2, 3]); // true
 * ```
 */
export function every<A>(pred?: (a: A) => unknown): Fold<A, boolean, boolean> {
  optionalFn('folds.every', 'pred', pred);
  const p = pred ?? Boolean;
  return defineFold<A, boolean, boolean>('every', pred === undefined ? [] : [pred], {
    init: () => true,
    step: (acc, x) => acc && Boolean(p(x)),
    combine: (l, r) => l && r,
    done: (acc) => acc,
    isDone: (acc) => !acc,
  });
}

/**
 * True when `pred` (default: JavaScript truthiness) holds for some element; false when empty.
 * Stops at the first success.
 *
 * Laws: logical OR — associative, `false` its identity; done once true.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * fold(folds.some((x: number) => x > 2))([1, 2, 3]); // true
 * ```
 */
export function some<A>(pred?: (a: A) => unknown): Fold<A, boolean, boolean> {
  optionalFn('folds.some', 'pred', pred);
  const p = pred ?? Boolean;
  return defineFold<A, boolean, boolean>('some', pred === undefined ? [] : [pred], {
    init: () => false,
    step: (acc, x) => acc || Boolean(p(x)),
    combine: (l, r) => l || r,
    done: (acc) => acc,
    isDone: (acc) => acc,
  });
}

/**
 * The first element, or `undefined` when empty. Stops after one element.
 *
 * Laws: "the left one if any" — associative; the empty accumulator is its identity.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * fold(folds.first())(['a', 'b']); // 'a'
 * ```
 */
export function first<A>(): Fold<A, Pick<A>, A | undefined> {
  return defineFold<A, Pick<A>, A | undefined>('first', [], {
    init: () => ({ has: false, value: undefined }),
    step: (acc, x) => {
      if (!acc.has) {
        acc.has = true;
        acc.value = x;
      }
      return acc;
    },
    combine: (l, r) => (l.has ? l : r),
    done: (acc) => acc.value,
    isDone: (acc) => acc.has,
  });
}

/**
 * The last element, or `undefined` when empty.
 *
 * Laws: "the right one if any" — associative; the empty accumulator is its identity.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * fold(folds.last())(['a', 'b']); // 'b'
 * ```
 */
export function last<A>(): Fold<A, Pick<A>, A | undefined> {
  return defineFold<A, Pick<A>, A | undefined>('last', [], {
    init: () => ({ has: false, value: undefined }),
    step: (acc, x) => {
      acc.has = true;
      acc.value = x;
      return acc;
    },
    combine: (l, r) => (r.has ? r : l),
    done: (acc) => acc.value,
  });
}
