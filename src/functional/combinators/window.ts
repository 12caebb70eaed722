/**
 * Stages that look at neighbouring elements: `chunk`, `window`, `pairwise`, `interpose`,
 * `unique`, `dedupe`. None is splittable (a chunk boundary would cut a window or hide a
 * duplicate). `unique` and `dedupe` compare with the protocols (`equals`/`hash`), so
 * `[1, 2]` and `[1, 2]` are duplicates.
 */
import { equals, HashSet } from '../../protocols/index.js';
import { checkOptionalFunction, checkSize, descriptor } from '../core/check.js';
import { makeStage } from '../core/lazy.js';
import type { LinkBuilder } from '../core/stage.js';
import type {
  AnyIterable,
  ChunkStage,
  ElementOf,
  PairwiseStage,
  SameStage,
  Stage,
  StageOn,
  WidenStage,
} from '../types.js';

type Key = ((a: any) => unknown) | undefined;

const chunkLink: LinkBuilder = (d, next) => {
  const n = d.args[0] as number;
  const push = next.step;
  let buf: unknown[] = [];
  return {
    step: (acc, x) => {
      buf.push(x);
      if (buf.length < n) return acc;
      const full = buf;
      buf = [];
      return push(acc, full);
    },
    flush: (acc) => {
      if (buf.length === 0) return acc;
      const rest = buf;
      buf = [];
      return push(acc, rest);
    },
  };
};

/**
 * Splits the input into arrays of `size` elements; the last one may be shorter (toolz
 * `partition_all`, Ramda `splitEvery`).
 *
 * @example
 * ```ts
 * import { pipe, chunk } from 'polyfold/functional';
 * [...pipe([1, 2, 3, 4, 5], chunk(2))]; // [[1, 2], [3, 4], [5]]
 * ```
 */
export function chunk(size: number): ChunkStage {
  checkSize('chunk', 'size', size);
  return makeStage({
    descriptor: descriptor('chunk', undefined, [size], false),
    link: chunkLink,
  }) as never;
}

const windowLink: LinkBuilder = (d, next) => {
  const n = d.args[0] as number;
  const push = next.step;
  // A ring of the last n elements, grown as elements arrive (n may be huge); each window is
  // a fresh array, so callers may keep it.
  const ring: unknown[] = [];
  let seen = 0;
  return {
    step: (acc, x) => {
      if (ring.length < n) ring.push(x);
      else ring[seen % n] = x;
      seen++;
      if (seen < n) return acc;
      const w = new Array(n);
      const start = seen % n;
      for (let i = 0; i < n; i++) w[i] = ring[(start + i) % n];
      return push(acc, w);
    },
  };
};

/**
 * Sliding windows of `size` consecutive elements (toolz `sliding_window`, Ramda `aperture`).
 * An input shorter than `size` yields nothing.
 *
 * @example
 * ```ts
 * import { pipe, window } from 'polyfold/functional';
 * [...pipe([1, 2, 3, 4], window(3))]; // [[1, 2, 3], [2, 3, 4]]
 * ```
 */
export function window(size: number): ChunkStage {
  checkSize('window', 'size', size);
  return makeStage({
    descriptor: descriptor('window', undefined, [size], false),
    link: windowLink,
  }) as never;
}

const pairwiseLink: LinkBuilder = (_d, next) => {
  const push = next.step;
  let has = false;
  let prev: unknown;
  return {
    step: (acc, x) => {
      if (!has) {
        has = true;
        prev = x;
        return acc;
      }
      const pair = [prev, x];
      prev = x;
      return push(acc, pair);
    },
  };
};

/**
 * Consecutive pairs (itertools `pairwise`). Takes the iterable directly.
 *
 * @example
 * ```ts
 * import { pairwise } from 'polyfold/functional';
 * [...pairwise([1, 2, 3])]; // [[1, 2], [2, 3]]
 * ```
 */
export const pairwise: PairwiseStage = makeStage({
  descriptor: descriptor('pairwise', undefined, [], false),
  link: pairwiseLink,
}) as never;

const interposeLink: LinkBuilder = (d, next) => {
  const sep = d.args[0];
  const push = next.step;
  let first = true;
  return {
    step: (acc, x) => {
      if (first) {
        first = false;
        return push(acc, x);
      }
      return push(push(acc, sep), x);
    },
  };
};

/**
 * Puts `sep` between consecutive elements (toolz `interpose`, Ramda `intersperse`).
 *
 * @example
 * ```ts
 * import { pipe, interpose } from 'polyfold/functional';
 * [...pipe(['a', 'b', 'c'], interpose(','))]; // ['a', ',', 'b', ',', 'c']
 * ```
 */
export function interpose<S>(sep: S): WidenStage<S> {
  return makeStage({
    descriptor: descriptor('interpose', undefined, [sep], false),
    link: interposeLink,
  }) as never;
}

const uniqueLink: LinkBuilder = (d, next) => {
  const key = d.fn as Key;
  const push = next.step;
  const seen = new HashSet<unknown>();
  return {
    step: (acc, x) => {
      const before = seen.size;
      seen.add(key ? key(x) : x);
      return seen.size === before ? acc : push(acc, x);
    },
  };
};

/**
 * Keeps the first occurrence of every element, or of every `key(element)`, comparing with
 * `equals`/`hash` (toolz `unique`). Remembers every key seen, so memory grows with the number
 * of distinct keys.
 *
 * @example
 * ```ts
 * import { pipe, unique } from 'polyfold/functional';
 * [...pipe([[1, 2], [1, 2], [3]], unique())]; // [[1, 2], [3]]
 * [...pipe(['a', 'B', 'A'], unique((s) => s.toLowerCase()))]; // ['a', 'B']
 * ```
 */
export function unique(): SameStage;
export function unique<I extends AnyIterable<unknown> = Iterable<unknown>>(
  key: (a: ElementOf<I>) => unknown,
): StageOn<I, ElementOf<I>>;
export function unique<A>(key: (a: A) => unknown): Stage<A, A>;
export function unique(key?: (a: unknown) => unknown): unknown {
  checkOptionalFunction('unique', 'key', key);
  return makeStage({ descriptor: descriptor('unique', key, [], false), link: uniqueLink });
}

const dedupeLink: LinkBuilder = (d, next) => {
  const key = d.fn as Key;
  const push = next.step;
  let has = false;
  let last: unknown;
  return {
    step: (acc, x) => {
      const k = key ? key(x) : x;
      if (has && equals(k, last)) return acc;
      has = true;
      last = k;
      return push(acc, x);
    },
  };
};

/**
 * Drops elements equal (by `equals`, or by `equals` on `key(element)`) to the one just before
 * (Clojure `dedupe`, itertools `unique_justseen`). Constant memory.
 *
 * @example
 * ```ts
 * import { pipe, dedupe } from 'polyfold/functional';
 * [...pipe([1, 1, 2, 2, 1], dedupe())]; // [1, 2, 1]
 * ```
 */
export function dedupe(): SameStage;
export function dedupe<I extends AnyIterable<unknown> = Iterable<unknown>>(
  key: (a: ElementOf<I>) => unknown,
): StageOn<I, ElementOf<I>>;
export function dedupe<A>(key: (a: A) => unknown): Stage<A, A>;
export function dedupe(key?: (a: unknown) => unknown): unknown {
  checkOptionalFunction('dedupe', 'key', key);
  return makeStage({ descriptor: descriptor('dedupe', key, [], false), link: dedupeLink });
}
