/**
 * Lazy sequences: what a stage returns when applied to an iterable. A sequence remembers its
 * source and its stages instead of nesting one iterator per stage, so
 * `pipe(xs, map(f), filter(g), fold(folds.sum()))` runs as one fused loop, exactly like a
 * pipeline does.
 */
import { NotIterableError } from '../errors.js';
import {
  AsyncPullIterator,
  foldAsync,
  foldSync,
  outputChunks,
  PullIterator,
  type Reducer,
} from './engine.js';
import { CHUNKS, type ChunkedAsyncIterable, isAsyncIterable, isIterable } from './iterables.js';
import { cachedLoops, inlinablePrefix } from './kernel.js';
import type { StageDescriptor, StageImpl } from './stage.js';

/** A re-iterable lazy sequence: every iteration restarts from the source. */
export class Lazy<T> implements Iterable<T> {
  // A private brand, not `instanceof`: `instanceof` walks a value's prototype chain, which throws
  // for a revoked Proxy (and runs a live one's traps); a brand check runs no user code.
  readonly #lazy = true;

  /** True for a sequence made here (never for a Proxy of one). */
  static is(x: unknown): x is Lazy<unknown> {
    return typeof x === 'object' && x !== null && #lazy in x;
  }

  constructor(
    readonly source: Iterable<unknown>,
    readonly stages: readonly StageImpl[],
  ) {}

  [Symbol.iterator](): Iterator<T> {
    return new PullIterator<T>(this.source, this.stages);
  }
}

/** The async twin of {@link Lazy}; also offers its output one array at a time. */
export class AsyncLazy<T> implements ChunkedAsyncIterable<T> {
  readonly #lazy = true;

  /** True for a sequence made here (see {@link Lazy.is}). */
  static is(x: unknown): x is AsyncLazy<unknown> {
    return typeof x === 'object' && x !== null && #lazy in x;
  }

  constructor(
    readonly source: AsyncIterable<unknown>,
    readonly stages: readonly StageImpl[],
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return new AsyncPullIterator<T>(this.source, this.stages);
  }

  [CHUNKS](): AsyncIterator<readonly T[]> {
    return outputChunks(this.source, this.stages) as AsyncIterator<readonly T[]>;
  }
}

/** Applies stages to any iterable: sync in, sync out; async in, async out. */
export function applyStages(
  name: string,
  stages: readonly StageImpl[],
  xs: unknown,
): Lazy<unknown> | AsyncLazy<unknown> {
  if (Lazy.is(xs)) return new Lazy(xs.source, [...xs.stages, ...stages]);
  if (AsyncLazy.is(xs)) return new AsyncLazy(xs.source, [...xs.stages, ...stages]);
  if (isIterable(xs)) return new Lazy(xs, stages);
  if (isAsyncIterable(xs)) return new AsyncLazy(xs, stages);
  throw new NotIterableError(name, xs, true);
}

/**
 * Runs a reducer over any iterable: the value for sync input, a promise for async input.
 * Lazy sequences are unwrapped so their stages fuse with the reducer.
 */
export function reduceAny(name: string, reducer: Reducer<any, any, any>, xs: unknown): unknown {
  if (Lazy.is(xs)) {
    // A long array is worth a compiled loop (see kernel.ts), found again on later calls.
    const big = Array.isArray(xs.source) && xs.source.length >= 4096;
    const loops = big ? cachedLoops(xs.stages, inlinablePrefix(xs.stages), reducer) : undefined;
    return reducer.done(foldSync(xs.stages, reducer, xs.source, undefined, loops));
  }
  if (AsyncLazy.is(xs)) {
    const loops = cachedLoops(xs.stages, inlinablePrefix(xs.stages), reducer);
    return foldAsync(xs.stages, reducer, xs.source, {}, loops).then(reducer.done);
  }
  if (isIterable(xs)) return reducer.done(foldSync([], reducer, xs));
  if (isAsyncIterable(xs)) return foldAsync([], reducer, xs).then(reducer.done);
  throw new NotIterableError(name, xs, true);
}

const IMPL = Symbol('polyfold.stageImpl');

/** A stage function as the combinators build it. */
export interface StageFunction {
  (xs: unknown): unknown;
  readonly descriptor: StageDescriptor;
  readonly [IMPL]: StageImpl;
}

/** Builds the callable stage for an implementation: a function of iterables with a descriptor. */
export function makeStage(impl: StageImpl): StageFunction {
  const name = impl.descriptor.kind;
  const stage = ((xs: unknown) => applyStages(name, [impl], xs)) as StageFunction;
  Object.defineProperty(stage, 'descriptor', { value: impl.descriptor, enumerable: true });
  Object.defineProperty(stage, IMPL, { value: impl });
  Object.defineProperty(stage, 'name', { value: name });
  return stage;
}

/** The implementation behind a stage function, or undefined if `x` is not one. */
export function implOf(x: unknown): StageImpl | undefined {
  return typeof x === 'function' ? (x as Partial<StageFunction>)[IMPL] : undefined;
}
