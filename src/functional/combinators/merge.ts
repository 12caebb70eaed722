/**
 * Sources that combine several iterables: `zip`, `zipLongest`, `interleave`, `concat`,
 * `mergeSorted`. They take the iterables directly (`zip(xs, ys)`) and are lazy. When any
 * input is an async iterable the result is an async iterable; otherwise it is re-iterable.
 * Inputs that are not exhausted when the result stops are closed (`return()`).
 */
import { compare } from '../../protocols/index.js';
import {
  asyncIteratorOf,
  checked,
  checkIteratorResult,
  closeAsyncIterator,
  closeIterator,
  isAsyncIterable,
  isIterable,
  iteratorOf,
} from '../core/iterables.js';
import { NotIterableError } from '../errors.js';
import type { AnyIterable, ElementOf } from '../types.js';

/** `Iterable<T>` when every input is synchronous, else `AsyncIterable<T>`. */
export type Combined<Its extends readonly unknown[], T> =
  Its[number] extends Iterable<unknown> ? Iterable<T> : AsyncIterable<T>;

/** The tuple of element types of several iterables. */
export type Elements<Its extends readonly unknown[]> = {
  -readonly [K in keyof Its]: ElementOf<Its[K]>;
};

type AnyIterator = Iterator<unknown> | AsyncIterator<unknown>;

function classify(name: string, its: readonly unknown[]): boolean {
  let async = false;
  for (const x of its) {
    if (isIterable(x)) continue;
    if (isAsyncIterable(x)) async = true;
    else throw new NotIterableError(name, x, true);
  }
  return async;
}

function syncIterators(its: readonly unknown[]): Iterator<unknown>[] {
  return (its as Iterable<unknown>[]).map((x) => iteratorOf(x));
}

function asyncIterators(its: readonly unknown[]): AsyncIterator<unknown>[] {
  return its.map((x) =>
    isIterable(x)
      ? (iteratorOf(x) as unknown as AsyncIterator<unknown>)
      : asyncIteratorOf(x as AsyncIterable<unknown>),
  );
}

function closeAll(iters: readonly (Iterator<unknown> | undefined)[]): void {
  for (const it of iters) closeIterator(it);
}

async function closeAllAsync(iters: readonly (AnyIterator | undefined)[]): Promise<void> {
  for (const it of iters) await closeAsyncIterator(it as AsyncIterator<unknown> | undefined);
}

function source<T>(
  name: string,
  its: readonly unknown[],
  sync: (iters: Iterator<unknown>[]) => Generator<T>,
  async: (iters: AsyncIterator<unknown>[]) => AsyncGenerator<T>,
): Iterable<T> | AsyncIterable<T> {
  if (classify(name, its)) {
    return { [Symbol.asyncIterator]: () => async(asyncIterators(its)) };
  }
  return { [Symbol.iterator]: () => sync(syncIterators(its)) };
}

/**
 * The rows of `zip` (`longest` false: until the first input ends) and `zipLongest` (until the
 * last one ends, with `undefined` for the inputs that have ended). An input that has ended is
 * dropped from `live`, so it is not pulled again nor closed; `zip` stops there and closes it
 * with the others. A flag rather than a callback, so a row costs no extra call.
 */
function* zipRows(live: (Iterator<unknown> | undefined)[], longest: boolean): Generator<unknown[]> {
  let left = live.length;
  try {
    while (left > 0) {
      const row: unknown[] = [];
      for (let i = 0; i < live.length; i++) {
        const it = live[i];
        const r = it === undefined ? undefined : checkIteratorResult(it.next());
        if (r === undefined || r.done) {
          if (!longest) return;
          if (it !== undefined) {
            live[i] = undefined;
            left--;
          }
          row.push(undefined);
        } else row.push(r.value);
      }
      if (left > 0) yield row;
    }
  } finally {
    closeAll(live);
  }
}

/** The async twin of {@link zipRows}. */
async function* zipRowsAsync(
  live: (AsyncIterator<unknown> | undefined)[],
  longest: boolean,
): AsyncGenerator<unknown[]> {
  let left = live.length;
  try {
    while (left > 0) {
      const row: unknown[] = [];
      for (let i = 0; i < live.length; i++) {
        const it = live[i];
        const r = it === undefined ? undefined : checkIteratorResult(await it.next());
        if (r === undefined || r.done) {
          if (!longest) return;
          if (it !== undefined) {
            live[i] = undefined;
            left--;
          }
          row.push(undefined);
        } else row.push(r.value);
      }
      if (left > 0) yield row;
    }
  } finally {
    await closeAllAsync(live);
  }
}

/**
 * Tuples of the elements at the same position, stopping with the shortest input (Python's
 * `zip`).
 *
 * @example
 * ```ts
 * import { zip } from 'polyfold/functional';
 * [...zip([1, 2, 3], ['a', 'b'])]; // [[1, 'a'], [2, 'b']]
 * ```
 */
export function zip<Its extends readonly AnyIterable<unknown>[]>(
  ...its: Its
): Combined<Its, Elements<Its>> {
  return source(
    'zip',
    its,
    (iters) => zipRows(iters, false),
    (iters) => zipRowsAsync(iters, false),
  ) as never;
}

/**
 * Like {@link zip}, but runs until the longest input ends, filling with `undefined`
 * (itertools `zip_longest`).
 *
 * @example
 * ```ts
 * import { zipLongest } from 'polyfold/functional';
 * [...zipLongest([1, 2], ['a'])]; // [[1, 'a'], [2, undefined]]
 * ```
 */
export function zipLongest<Its extends readonly AnyIterable<unknown>[]>(
  ...its: Its
): Combined<Its, { -readonly [K in keyof Its]: ElementOf<Its[K]> | undefined }> {
  return source(
    'zipLongest',
    its,
    (iters) => zipRows(iters, true),
    (iters) => zipRowsAsync(iters, true),
  ) as never;
}

/**
 * One element from each input in turn, skipping inputs that have ended (toolz `interleave`).
 *
 * @example
 * ```ts
 * import { interleave } from 'polyfold/functional';
 * [...interleave([1, 2, 3], ['a'])]; // [1, 'a', 2, 3]
 * ```
 */
export function interleave<Its extends readonly AnyIterable<unknown>[]>(
  ...its: Its
): Combined<Its, ElementOf<Its[number]>> {
  return source(
    'interleave',
    its,
    function* (iters) {
      let live = iters;
      try {
        while (live.length > 0) {
          const still: Iterator<unknown>[] = [];
          for (const it of live) {
            const r = checkIteratorResult(it.next());
            if (r.done) continue;
            still.push(it);
            yield r.value;
          }
          live = still;
        }
      } finally {
        closeAll(live);
      }
    },
    async function* (iters) {
      let live = iters;
      try {
        while (live.length > 0) {
          const still: AsyncIterator<unknown>[] = [];
          for (const it of live) {
            const r = checkIteratorResult(await it.next());
            if (r.done) continue;
            still.push(it);
            yield r.value;
          }
          live = still;
        }
      } finally {
        await closeAllAsync(live);
      }
    },
  ) as never;
}

/**
 * The elements of every input, one input after the other (toolz `concat`).
 *
 * @example
 * ```ts
 * import { concat } from 'polyfold/functional';
 * [...concat([1, 2], [3], 'ab')]; // [1, 2, 3, 'a', 'b']
 * ```
 */
export function concat<Its extends readonly AnyIterable<unknown>[]>(
  ...its: Its
): Combined<Its, ElementOf<Its[number]>> {
  if (!classify('concat', its)) {
    return { [Symbol.iterator]: () => concatSync(its as readonly Iterable<unknown>[]) } as never;
  }
  return {
    async *[Symbol.asyncIterator]() {
      for (const x of its) {
        // By hand rather than `yield*`, so a broken iterator fails with ERR_BAD_ITERATOR.
        const it = isIterable(x)
          ? (iteratorOf(x) as unknown as AsyncIterator<unknown>)
          : asyncIteratorOf(x as AsyncIterable<unknown>);
        let finished = false;
        try {
          for (;;) {
            const r = checkIteratorResult(await it.next());
            if (r.done) break;
            yield r.value;
          }
          finished = true;
        } finally {
          if (!finished) await closeAsyncIterator(it);
        }
      }
    },
  } as never;
}

function* concatSync(its: readonly Iterable<unknown>[]): Generator<unknown> {
  for (const x of its) yield* checked(x);
}

interface Head {
  value: unknown;
  index: number;
}

/** Ties go to the input listed first, which keeps the merge stable. */
function earlier(a: Head, b: Head): boolean {
  const c = compare(a.value, b.value);
  return c < 0 || (c === 0 && a.index < b.index);
}

function push(h: Head[], x: Head): void {
  let i = h.length;
  h.push(x);
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!earlier(x, h[p]!)) break;
    h[i] = h[p]!;
    i = p;
  }
  h[i] = x;
}

function pop(h: Head[]): Head {
  const top = h[0]!;
  const x = h.pop()!;
  const n = h.length;
  if (n > 0) {
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && earlier(h[c + 1]!, h[c]!)) c++;
      if (!earlier(h[c]!, x)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = x;
  }
  return top;
}

/**
 * Merges inputs that are each sorted (by `compare`) into one sorted sequence, lazily (toolz
 * `merge_sorted`, Python's `heapq.merge`). Stable: equal elements come from earlier inputs
 * first.
 *
 * @example
 * ```ts
 * import { mergeSorted } from 'polyfold/functional';
 * [...mergeSorted([1, 4, 7], [2, 5], [3])]; // [1, 2, 3, 4, 5, 7]
 * ```
 */
export function mergeSorted<Its extends readonly AnyIterable<unknown>[]>(
  ...its: Its
): Combined<Its, ElementOf<Its[number]>> {
  return source(
    'mergeSorted',
    its,
    function* (iters) {
      const heap: Head[] = [];
      try {
        iters.forEach((it, index) => {
          const r = checkIteratorResult(it.next());
          if (!r.done) push(heap, { value: r.value, index });
        });
        while (heap.length > 0) {
          const top = pop(heap);
          yield top.value;
          const r = checkIteratorResult(iters[top.index]!.next());
          if (!r.done) push(heap, { value: r.value, index: top.index });
        }
      } finally {
        closeAll(iters);
      }
    },
    async function* (iters) {
      const heap: Head[] = [];
      try {
        for (let index = 0; index < iters.length; index++) {
          const r = checkIteratorResult(await iters[index]!.next());
          if (!r.done) push(heap, { value: r.value, index });
        }
        while (heap.length > 0) {
          const top = pop(heap);
          yield top.value;
          const r = checkIteratorResult(await iters[top.index]!.next());
          if (!r.done) push(heap, { value: r.value, index: top.index });
        }
      } finally {
        await closeAllAsync(iters);
      }
    },
  ) as never;
}
