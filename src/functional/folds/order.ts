/**
 * Order folds: `min`, `max`, `minBy`, `maxBy`, `topK`. Values (or keys) are ordered with
 * `compare` from `polyfold/protocols` — numbers, strings, bigints, Dates, arrays
 * lexicographically, your own classes with `[dunder.compare]` — with a fast path for numbers.
 *
 * Ties keep the earliest element (as Python's `min`/`max` do), which is what makes `combine`
 * associative without being commutative: the left accumulator holds the earlier elements.
 * Numbers follow `compare`'s total order, where NaN sorts after every number (as numpy
 * sorts): `max` of data with a NaN is NaN, `min` skips it — whatever the chunking.
 */
import { compare } from '../../protocols/index.js';
import { checkCount } from '../core/check.js';
import type { Fold } from '../fold.js';
import { defineFold, requiredFn } from './define.js';

/** `a` orders strictly before `b`: `compare(a, b) < 0`, with a fast path for numbers. */
export function before(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    // biome-ignore lint/suspicious/noSelfCompare: NaN test without a call.
    return a < b || (b !== b && a === a);
  }
  return compare(a, b) < 0;
}

/** `a` orders strictly after `b`: `compare(a, b) > 0`, with a fast path for numbers. */
export function beats(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    // biome-ignore lint/suspicious/noSelfCompare: NaN test without a call.
    return a > b || (a !== a && b === b);
  }
  return compare(a, b) > 0;
}

/** An optional value: `has` is false until the first element. */
export interface Pick<T> {
  has: boolean;
  value: T | undefined;
}

/** A picked element together with its key. */
export interface KeyedPick<T> {
  has: boolean;
  key: unknown;
  value: T | undefined;
}

function extremum<A>(name: string, better: (a: unknown, b: unknown) => boolean) {
  return defineFold<A, Pick<A>, A | undefined>(name, [], {
    init: () => ({ has: false, value: undefined }),
    step: (acc, x) => {
      if (!acc.has) {
        acc.has = true;
        acc.value = x;
      } else if (better(x, acc.value)) acc.value = x;
      return acc;
    },
    combine: (l, r) => {
      if (!r.has) return l;
      if (!l.has) return r;
      if (better(r.value, l.value)) l.value = r.value;
      return l;
    },
    done: (acc) => acc.value,
  });
}

function extremumBy<A>(
  name: string,
  key: (a: A) => unknown,
  better: (a: unknown, b: unknown) => boolean,
) {
  requiredFn(`folds.${name}`, 'key', key);
  return defineFold<A, KeyedPick<A>, A | undefined>(name, [key], {
    init: () => ({ has: false, key: undefined, value: undefined }),
    step: (acc, x) => {
      const k = key(x);
      if (!acc.has || better(k, acc.key)) {
        acc.has = true;
        acc.key = k;
        acc.value = x;
      }
      return acc;
    },
    combine: (l, r) => {
      if (!r.has) return l;
      if (!l.has) return r;
      if (better(r.key, l.key)) {
        l.key = r.key;
        l.value = r.value;
      }
      return l;
    },
    done: (acc) => acc.value,
  });
}

/**
 * The smallest element (by `compare`), the first of equals; `undefined` when empty.
 *
 * Laws: "the leftmost least" is associative for any total preorder; the empty accumulator is
 * an exact identity.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * fold(folds.min())([3, 1, 2]); // 1
 * fold(folds.min())(['b', 'a']); // 'a'
 * ```
 */
export function min<A>(): Fold<A, Pick<A>, A | undefined> {
  return extremum<A>('min', before);
}

/**
 * The largest element (by `compare`), the first of equals; `undefined` when empty.
 *
 * Laws: as {@link min}.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * fold(folds.max())([[1, 2], [1, 3]]); // [1, 3]
 * ```
 */
export function max<A>(): Fold<A, Pick<A>, A | undefined> {
  return extremum<A>('max', beats);
}

/**
 * The element with the smallest `key(element)`, the first of equals; `undefined` when empty.
 *
 * Laws: as {@link min}, on keys.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * fold(folds.minBy((s: string) => s.length))(['ccc', 'a', 'b']); // 'a'
 * ```
 */
export function minBy<A>(key: (a: A) => unknown): Fold<A, KeyedPick<A>, A | undefined> {
  return extremumBy('minBy', key, before);
}

/**
 * The element with the largest `key(element)`, the first of equals; `undefined` when empty.
 *
 * Laws: as {@link min}, on keys.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * fold(folds.maxBy((p: { age: number }) => p.age))([{ age: 3 }, { age: 7 }]); // { age: 7 }
 * ```
 */
export function maxBy<A>(key: (a: A) => unknown): Fold<A, KeyedPick<A>, A | undefined> {
  return extremumBy('maxBy', key, beats);
}

/** One candidate of `topK`: `[key, position, element]`. */
export type Ranked<A> = [key: unknown, position: number, value: A];

/** `folds.topK`'s accumulator: how many elements were seen, and the best `n` as a min-heap. */
export interface TopKAcc<A> {
  seen: number;
  /** Worst first at the root; kept as plain arrays so the accumulator clones as is. */
  heap: Ranked<A>[];
}

/** `a` ranks below `b`: a smaller key, or an equal key seen later. */
function worse(a: Ranked<unknown>, b: Ranked<unknown>): boolean {
  if (beats(b[0], a[0])) return true;
  if (beats(a[0], b[0])) return false;
  return a[1] > b[1];
}

function siftUp(h: Ranked<unknown>[], i: number): void {
  const x = h[i]!;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!worse(x, h[p]!)) break;
    h[i] = h[p]!;
    i = p;
  }
  h[i] = x;
}

function siftDown(h: Ranked<unknown>[], i: number): void {
  const n = h.length;
  const x = h[i]!;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && worse(h[c + 1]!, h[c]!)) c++;
    if (!worse(h[c]!, x)) break;
    h[i] = h[c]!;
    i = c;
  }
  h[i] = x;
}

/** Best first: larger key, then earlier position. */
function byRank(a: Ranked<unknown>, b: Ranked<unknown>): number {
  return worse(a, b) ? 1 : worse(b, a) ? -1 : 0;
}

/**
 * The `n` elements with the largest keys (`key` defaults to the element), largest first;
 * equal keys keep first-seen order (toolz `topk`). Memory is O(n): a heap of the best so far.
 *
 * Laws: the accumulator holds the best `n` of its elements with their positions, so the best
 * `n` of a concatenation are the best `n` of the two heaps, positions of the right side
 * shifted by the count of the left: associative; the empty accumulator is an exact identity.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * fold(folds.topK(2))([5, 1, 9, 3]); // [9, 5]
 * fold(folds.topK(1, (w: string) => w.length))(['bb', 'a', 'cc']); // ['bb']
 * ```
 */
export function topK<A>(n: number, key?: (a: A) => unknown): Fold<A, TopKAcc<A>, A[]> {
  checkCount('folds.topK', 'n', n, false);
  if (key !== undefined) requiredFn('folds.topK', 'key', key);
  const args = key === undefined ? [n] : [n, key];
  return defineFold<A, TopKAcc<A>, A[]>('topK', args, {
    init: () => ({ seen: 0, heap: [] }),
    step: (acc, x) => {
      const e: Ranked<A> = [key ? key(x) : x, acc.seen++, x];
      const h = acc.heap;
      if (h.length < n) {
        h.push(e);
        siftUp(h, h.length - 1);
      } else if (n > 0 && worse(h[0]!, e)) {
        h[0] = e;
        siftDown(h, 0);
      }
      return acc;
    },
    combine: (l, r) => {
      if (r.seen === 0) return l;
      if (l.seen === 0) return r;
      const all = l.heap;
      for (const e of r.heap) all.push([e[0], e[1] + l.seen, e[2]]);
      all.sort(byRank);
      all.length = Math.min(all.length, n);
      // Worst first is a valid min-heap.
      all.reverse();
      l.seen += r.seen;
      return l;
    },
    done: (acc) =>
      acc.heap
        .slice()
        .sort(byRank)
        .map((e) => e[2]),
    ...(n === 0 ? { isDone: () => true } : {}),
  });
}
