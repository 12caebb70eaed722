/**
 * Collecting folds: `toArray`, `toSet`, `frequencies`, `groupBy`, `reduceBy`. Keys are
 * compared with `equals`/`hash` (a `HashMap`, `HashSet` or `Counter`), so `[1, 2]` and
 * `[1, 2]` are one key. Insertion order is first-seen order, which combining in chunk order
 * preserves.
 *
 * Their accumulators are class instances, which structured clone flattens, so each has
 * `encode`/`decode` to and from plain `[key, value]` arrays for shipping between threads.
 */
import { Counter, HashMap, HashSet } from '../../protocols/index.js';
import type { InlineStep } from '../core/kernel.js';
import type { AnyFold, Fold, FoldResult } from '../fold.js';
import {
  decodeWith,
  defineComposite,
  defineFold,
  encodeWith,
  nestedFold,
  optionalFn,
  requiredFn,
} from './define.js';

/**
 * All elements, in order, as an array.
 *
 * Laws: concatenation — associative, the empty array its identity.
 *
 * @example
 * ```ts
 * import { pipe, map, fold, folds } from 'polyfold/functional';
 * pipe([1, 2], map((x) => x + 1), fold(folds.toArray())); // [2, 3]
 * ```
 */
export function toArray<A>(): Fold<A, A[], A[]> {
  return defineFold<A, A[], A[]>('toArray', [], {
    init: () => [],
    step: (acc, x) => {
      acc.push(x);
      return acc;
    },
    combine: (l, r) => {
      if (r.length === 0) return l;
      if (l.length === 0) return r;
      for (const x of r) l.push(x);
      return l;
    },
    done: (acc) => acc,
  });
}

/**
 * The distinct elements (by `equals`/`hash`) as a `HashSet`, in first-seen order.
 *
 * Laws: set union keeping the left's order — associative, the empty set its identity.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * fold(folds.toSet())([[1], [1], [2]]).size; // 2
 * ```
 */
export function toSet<A>(): Fold<A, HashSet<A>, HashSet<A>> {
  return defineFold<A, HashSet<A>, HashSet<A>>('toSet', [], {
    init: () => new HashSet<A>(),
    step: (acc, x) => acc.add(x),
    combine: (l, r) => {
      if (r.size === 0) return l;
      if (l.size === 0) return r;
      for (const x of r) l.add(x);
      return l;
    },
    done: (acc) => acc,
    encode: (acc) => [...acc],
    decode: (data) => new HashSet(data as A[]),
  });
}

/**
 * How many times each element (or each `key(element)`) occurs, as a `Counter`.
 *
 * Laws: pointwise addition of counts, keys in first-seen order — associative, the empty
 * counter its identity.
 *
 * @example
 * ```ts
 * import { pipe, flatMap, fold, folds } from 'polyfold/functional';
 * const c = pipe(['a b', 'b'], flatMap((l) => l.split(' ')), fold(folds.frequencies()));
 * c.get('b'); // 2
 * c.mostCommon(1); // [['b', 2]]
 * ```
 */
export function frequencies<A, K = A>(key?: (a: A) => K): Fold<A, Counter<K>, Counter<K>> {
  optionalFn('folds.frequencies', 'key', key);
  const args = key === undefined ? [] : [key];
  return defineFold<A, Counter<K>, Counter<K>>(
    'frequencies',
    args,
    {
      init: () => new Counter<K>(),
      step: key ? (acc, x) => acc.increment(key(x)) : (acc, x) => acc.increment(x as unknown as K),
      combine: (l, r) => {
        if (r.size === 0) return l;
        if (l.size === 0) return r;
        for (const [k, n] of r) l.increment(k, n);
        return l;
      },
      done: (acc) => acc,
      encode: (acc) => [...acc],
      decode: (data) => {
        const c = new Counter<K>();
        for (const [k, n] of data as [K, number][]) c.set(k, n);
        return c;
      },
    },
    key === undefined ? FREQUENCIES_INLINE : undefined,
  );
}

// In a compiled loop, primitive elements are counted in a native Map (a Counter compares
// primitives as a Map does: SameValueZero) and stored into the Counter — keys in first-seen
// order — before any other element reaches it.
const FREQUENCIES_INLINE: InlineStep = {
  enter: 'const m = new Map();',
  fast: "if (x === null || (typeof x !== 'object' && typeof x !== 'function')) { m.set(x, (m.get(x) ?? 0) + 1); SKIP; }",
  store: 'store(acc, m);',
  helpers: {
    store: (acc: Counter<unknown>, m: Map<unknown, number>) => {
      if (m.size === 0) return;
      for (const [k, n] of m) acc.increment(k, n);
      m.clear();
    },
  },
};

function keyed<A, K, R>(
  name: 'groupBy' | 'reduceBy',
  key: (a: A) => K,
  inner: AnyFold<A, R>,
): Fold<A, HashMap<K, unknown>, HashMap<K, R>> {
  return defineComposite<A, HashMap<K, unknown>, HashMap<K, R>>(
    name,
    [key, inner.spec],
    {
      init: () => new HashMap<K, unknown>(),
      step: (acc, x) => {
        const k = key(x);
        let a = acc.get(k);
        if (a === undefined && !acc.has(k)) a = inner.init();
        acc.set(k, inner.step(a, x));
        return acc;
      },
      combine: (l, r) => {
        if (r.size === 0) return l;
        if (l.size === 0) return r;
        for (const [k, ra] of r) {
          const la = l.get(k);
          l.set(k, la === undefined && !l.has(k) ? ra : inner.combine(la, ra));
        }
        return l;
      },
      done: (acc) => {
        const out = new HashMap<K, R>();
        for (const [k, a] of acc) out.set(k, inner.done(a));
        return out;
      },
      encode: (acc) => [...acc].map(([k, a]) => [k, encodeWith(inner, a)]),
      decode: (data) =>
        new HashMap((data as [K, unknown][]).map(([k, a]) => [k, decodeWith(inner, a)] as const)),
    },
    [inner],
  );
}

/**
 * Groups elements by `key(element)` (compared with `equals`/`hash`) and folds each group with
 * `fold` — by default into an array. One pass, one accumulator per group.
 *
 * Laws: pointwise `combine` of the inner fold on common keys, union on the others, keys in
 * first-seen order: associative when the inner fold's `combine` is; the empty map is an
 * exact identity.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * const byParity = fold(folds.groupBy((n: number) => n % 2))([1, 2, 3]);
 * byParity.get(1); // [1, 3]
 * const sums = fold(folds.groupBy((w: string) => w[0], folds.count()))(['ab', 'ac', 'b']);
 * sums.get('a'); // 2
 * ```
 */
export function groupBy<A, K>(key: (a: A) => K): Fold<A, HashMap<K, unknown>, HashMap<K, A[]>>;
export function groupBy<A, K, F extends AnyFold<A, unknown>>(
  key: (a: A) => K,
  fold: F,
): Fold<A, HashMap<K, unknown>, HashMap<K, FoldResult<F>>>;
export function groupBy<A, K>(
  key: (a: A) => K,
  fold?: AnyFold<A, unknown>,
): Fold<A, HashMap<K, unknown>, HashMap<K, unknown>> {
  requiredFn('folds.groupBy', 'key', key);
  const inner = fold === undefined ? toArray<A>() : nestedFold('folds.groupBy', 'fold', fold);
  return keyed('groupBy', key, inner);
}

/**
 * Folds the elements of each key with `fold` (toolz `reduceby`, with a Fold instead of a
 * binary operator so that partial results can be combined). The same as
 * `groupBy(key, fold)`; the name says the per-key value is a reduction.
 *
 * Laws: as {@link groupBy}.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * const totals = fold(folds.reduceBy((s: { k: string; n: number }) => s.k, folds.toArray()))([
 *   { k: 'a', n: 1 },
 *   { k: 'a', n: 2 },
 * ]);
 * totals.get('a')?.length; // 2
 * ```
 */
export function reduceBy<A, K, F extends AnyFold<A, unknown>>(
  key: (a: A) => K,
  fold: F,
): Fold<A, HashMap<K, unknown>, HashMap<K, FoldResult<F>>> {
  requiredFn('folds.reduceBy', 'key', key);
  return keyed('reduceBy', key, nestedFold('folds.reduceBy', 'fold', fold)) as never;
}
