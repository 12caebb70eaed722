/** Turning any source (array, iterable, async iterable) into numbered chunks. */
import { checkIteratorResult, type Job } from '../functional/index.js';
import type { Chunk } from './scheduler.js';

export type Source<T> = Iterable<T> | AsyncIterable<T>;

export function isAsyncIterable(x: unknown): x is AsyncIterable<unknown> {
  return x != null && typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

export function isIterable(x: unknown): x is Iterable<unknown> {
  return x != null && typeof (x as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/** The elements of an array from `offset` on, without copying them. */
export class ArrayTail<T> implements Iterable<T> {
  constructor(
    readonly array: readonly T[],
    readonly offset: number,
  ) {}

  *[Symbol.iterator](): Iterator<T> {
    for (let i = this.offset; i < this.array.length; i++) yield this.array[i] as T;
  }
}

/**
 * Reads up to `n` items from the front of a source and returns them with a source that
 * yields the rest (so sampling for chunk sizes does not consume the input).
 */
export async function peek<T>(
  source: Source<T>,
  n: number,
): Promise<{ head: T[]; rest: AsyncIterable<T> | Iterable<T>; done: boolean }> {
  if (Array.isArray(source)) {
    // A view, not a copy: copying a million-element tail costs more than cheap work itself.
    return { head: source.slice(0, n), rest: new ArrayTail(source, n), done: source.length <= n };
  }
  const it = isAsyncIterable(source)
    ? source[Symbol.asyncIterator]()
    : (source as Iterable<T>)[Symbol.iterator]();
  const head: T[] = [];
  let done = false;
  while (head.length < n) {
    const r = checkIteratorResult(await it.next());
    if (r.done) {
      done = true;
      break;
    }
    head.push(r.value);
  }
  const rest: AsyncIterable<T> = {
    [Symbol.asyncIterator]: () =>
      ({
        next: async () =>
          done ? { done: true, value: undefined } : checkIteratorResult(await it.next()),
        return: async () => {
          await it.return?.();
          return { done: true, value: undefined };
        },
      }) as AsyncIterator<T>,
  };
  return { head, rest, done };
}

/**
 * Numbered chunks of `size` items: first `head` (already read), then the rest. `size` may be
 * a function, read again at each chunk boundary: a stream's chunks follow the size the
 * executor learns from the workers' timings.
 */
export async function* chunked<T>(
  head: readonly T[],
  rest: Iterable<T> | AsyncIterable<T>,
  size: number | (() => number),
): AsyncGenerator<Chunk<T[]>, void, undefined> {
  const sizeNow = typeof size === 'function' ? size : () => size;
  let n = sizeNow();
  let index = 0;
  let buffer: T[] = [];
  const full = (): boolean => {
    if (buffer.length < n) return false;
    n = sizeNow();
    return true;
  };
  for (const x of head) {
    buffer.push(x);
    if (full()) {
      yield { index: index++, items: buffer };
      buffer = [];
    }
  }
  if (Array.isArray(rest) || rest instanceof ArrayTail) {
    // Arrays: slice instead of pushing one by one.
    const array: readonly T[] = rest instanceof ArrayTail ? rest.array : rest;
    let i = rest instanceof ArrayTail ? rest.offset : 0;
    if (buffer.length > 0) {
      const fill = n - buffer.length;
      buffer.push(...array.slice(i, i + fill));
      i += fill;
      if (full()) {
        yield { index: index++, items: buffer };
        buffer = [];
      }
    }
    while (i < array.length) {
      const part = array.slice(i, i + n);
      i += part.length;
      if (part.length < n) {
        buffer = part; // the end of the array: a short last chunk
        break;
      }
      n = sizeNow();
      yield { index: index++, items: part };
    }
  } else {
    for await (const x of rest as AsyncIterable<T>) {
      buffer.push(x);
      if (full()) {
        yield { index: index++, items: buffer };
        buffer = [];
      }
    }
  }
  if (buffer.length > 0) yield { index: index++, items: buffer };
}

/**
 * A sampled source put back together as batches of arrays: the `head` already read, then the
 * rest in arrays of 4 096 (for `chunked()`, so a local fallback reads a batch per await).
 */
export async function* batches<T>(
  head: readonly T[],
  rest: Iterable<T> | AsyncIterable<T>,
): AsyncGenerator<readonly T[]> {
  if (head.length) yield head;
  let batch: T[] = [];
  for await (const x of rest as AsyncIterable<T>) {
    batch.push(x);
    if (batch.length === 4096) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** A job's name in errors and progress: `flatMap(tokenize) → map(lower) → frequencies`. */
export function jobLabel(job: Job<unknown, unknown>): string {
  const names = job.stages.map((s) => (s.fn?.name ? `${s.kind}(${s.fn.name})` : s.kind));
  return [...names, job.fold.spec?.name ?? 'fold'].join(' → ');
}
