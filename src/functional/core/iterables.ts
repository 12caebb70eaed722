/**
 * Recognising iterables, and the chunk protocol that lets async sources hand over many
 * elements per promise.
 */
import { AsyncSourceError, BadIteratorError, NotIterableError } from '../errors.js';

/**
 * The chunk protocol. An async iterable that also has a `[CHUNKS]()` method returning an
 * async iterator of arrays lets runners and combinators consume one array per `await`
 * instead of one element per `await`. Registered with `Symbol.for` so that two copies of
 * polyfold (ESM and CJS) recognise each other's sources. `chunked(…)` makes such a source.
 *
 * @example
 * ```ts
 * import { CHUNKS, run, pipeline, folds } from 'polyfold/functional';
 * const source = {
 *   async *[Symbol.asyncIterator]() { yield 1; yield 2; },
 *   async *[CHUNKS]() { yield [1, 2]; },
 * };
 * await run(pipeline().fold(folds.sum()), source); // 3, read as one chunk
 * ```
 */
export const CHUNKS: unique symbol = Symbol.for('polyfold.chunks') as never;

/** An async iterable of `A` that can also be read one array at a time. */
export interface ChunkedAsyncIterable<A> extends AsyncIterable<A> {
  /** Reads the source one array at a time. */
  [CHUNKS](): AsyncIterator<readonly A[]>;
}

export function isIterable(x: unknown): x is Iterable<unknown> {
  return x != null && typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

export function isAsyncIterable(x: unknown): x is AsyncIterable<unknown> {
  return (
    x != null &&
    typeof (x as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

export function hasChunks(x: unknown): x is ChunkedAsyncIterable<unknown> {
  return x != null && typeof (x as { [CHUNKS]?: unknown })[CHUNKS] === 'function';
}

/** Throws the documented error unless `xs` is a sync or async iterable. */
export function checkAnyIterable(name: string, xs: unknown): void {
  if (!isIterable(xs) && !isAsyncIterable(xs)) throw new NotIterableError(name, xs, true);
}

/** Throws the documented error unless `xs` is a synchronous iterable. */
export function checkSyncIterable(name: string, xs: unknown): asserts xs is Iterable<unknown> {
  if (isIterable(xs)) return;
  if (isAsyncIterable(xs)) throw new AsyncSourceError(name, xs);
  throw new NotIterableError(name, xs, false);
}

/**
 * Checks one result of an iterator's `next()` as `for…of` does, and returns it: the one check
 * every hand-written iteration loop goes through. Without it, a `next()` that returns
 * `undefined` reads as an endless stream of `undefined` (`r.done` is always falsy). Takes the
 * result rather than the iterator, so async loops check `await it.next()` without adding an
 * `await` of their own.
 *
 * @example
 * ```ts
 * import { checkIteratorResult } from 'polyfold/functional';
 * const it = [1][Symbol.iterator]();
 * checkIteratorResult(it.next()); // { value: 1, done: false }
 * try { checkIteratorResult(undefined as never); } catch (e) {
 *   (e as { code: string }).code; // 'ERR_BAD_ITERATOR'
 * }
 * ```
 */
export function checkIteratorResult<R extends IteratorResult<unknown>>(r: R): R {
  if ((typeof r !== 'object' || r === null) && typeof r !== 'function') {
    throw new BadIteratorError(r);
  }
  return r;
}

/** `it.return()`, ignoring iterators that have none; errors from it are not ours to hide. */
export function closeIterator(it: Iterator<unknown> | undefined): void {
  if (it && typeof it.return === 'function') it.return();
}

export async function closeAsyncIterator(it: AsyncIterator<unknown> | undefined): Promise<void> {
  if (it && typeof it.return === 'function') await it.return();
}

/**
 * Reads an async iterable one array at a time: through its `[CHUNKS]()` method when it has
 * one, otherwise one element per array.
 */
export function chunksOf<A>(xs: AsyncIterable<A>): AsyncIterator<readonly A[]> {
  if (hasChunks(xs)) return (xs as ChunkedAsyncIterable<A>)[CHUNKS]();
  const it = xs[Symbol.asyncIterator]();
  return {
    next: async () => {
      const r = checkIteratorResult(await it.next());
      return r.done ? { done: true, value: undefined } : { done: false, value: [r.value] };
    },
    return: async () => {
      await closeAsyncIterator(it);
      return { done: true, value: undefined };
    },
  };
}
