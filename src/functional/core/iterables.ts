/**
 * Recognising iterables, and the chunk protocol that lets async sources hand over many
 * elements per promise.
 */
import { checkNotRevoked } from '../../dispatch/internal.js';
import { checkIteratorResult } from '../../protocols/internal.js';
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

/**
 * `typeof x[key] === 'function'`. A revoked Proxy fails with PrototypeChainError rather than the
 * engine's bare TypeError; a live Proxy's or a getter's own error passes through.
 */
function hasMethod(x: unknown, key: symbol): boolean {
  if (x == null) return false;
  try {
    return typeof (x as Record<symbol, unknown>)[key] === 'function';
  } catch (e) {
    checkNotRevoked(x, 'iterate');
    throw e;
  }
}

export function isIterable(x: unknown): x is Iterable<unknown> {
  return hasMethod(x, Symbol.iterator);
}

export function isAsyncIterable(x: unknown): x is AsyncIterable<unknown> {
  return hasMethod(x, Symbol.asyncIterator);
}

export function hasChunks(x: unknown): x is ChunkedAsyncIterable<unknown> {
  return hasMethod(x, CHUNKS);
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

// The synchronous checks are the protocols layer's (one copy): re-exported for this layer.
export {
  checked,
  checkIteratorResult,
  closeIterator,
  iteratorOf,
} from '../../protocols/internal.js';

const isObjectLike = (x: unknown): boolean =>
  typeof x === 'object' ? x !== null : typeof x === 'function';

/** `it.return()` of an async iterator, checked as {@link closeIterator} checks a sync one. */
export async function closeAsyncIterator(it: AsyncIterator<unknown> | undefined): Promise<void> {
  if (it === undefined) return;
  const f = it.return;
  if (f === undefined || f === null) return;
  if (typeof f !== 'function') throw new BadIteratorError(f, 'return');
  const r = await f.call(it);
  if (!isObjectLike(r)) throw new BadIteratorError(r, 'return');
}

/** `xs[Symbol.asyncIterator]()`, checked like {@link iteratorOf}. */
export function asyncIteratorOf<T>(xs: AsyncIterable<T>): AsyncIterator<T> {
  checkNotRevoked(xs, 'iterate');
  const it = xs[Symbol.asyncIterator]();
  if (!isObjectLike(it)) throw new BadIteratorError(it, 'iterator');
  checkNotRevoked(it, 'iterate');
  if (typeof it.next !== 'function') throw new BadIteratorError(it, 'iterator');
  return it;
}

/**
 * Reads an async iterable one array at a time: through its `[CHUNKS]()` method when it has
 * one, otherwise one element per array.
 */
export function chunksOf<A>(xs: AsyncIterable<A>): AsyncIterator<readonly A[]> {
  if (hasChunks(xs)) {
    const chunks = (xs as ChunkedAsyncIterable<A>)[CHUNKS]();
    if (!isObjectLike(chunks) || typeof chunks.next !== 'function') {
      throw new BadIteratorError(chunks, 'iterator');
    }
    // Each chunk must be an array: a hand-written [CHUNKS] that yields numbers would otherwise
    // push nothing, forever, without one macrotask in between (no timer could stop it).
    return {
      next: async () => {
        const r = checkIteratorResult(await chunks.next());
        if (!r.done && !Array.isArray(r.value)) {
          throw new NotIterableError('a [CHUNKS] source (each chunk)', r.value, false);
        }
        return r;
      },
      return: async () => {
        await closeAsyncIterator(chunks);
        return { done: true, value: undefined };
      },
    };
  }
  const it = asyncIteratorOf(xs);
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
