/**
 * The two ways of driving a fused chain of stages.
 *
 * - **Push** ({@link PushRun}): the source is looped over and every element is pushed through
 *   the fused step into a fold. This is what `job.apply`, `run` and the terminal combinators
 *   use; the inner loop is a plain indexed loop for arrays.
 * - **Pull** ({@link PullIterator}, {@link AsyncPullIterator}): a consumer asks for one element
 *   at a time (`for…of` over `map(f)(xs)`). The chain pushes into a small buffer; `flatMap`
 *   pauses in the middle of an inner iterable as soon as the buffer holds an element, so
 *   `flatMap((x) => repeat(x))` stays lazy.
 *
 * Both honour early termination: when a stage halts (`take` reached its count) the source is
 * no longer pulled and is closed with `return()`.
 */
import { BadIteratorError } from '../errors.js';
import {
  asyncIteratorOf,
  CHUNKS,
  type ChunkedAsyncIterable,
  checked,
  checkIteratorResult,
  chunksOf,
  closeAsyncIterator,
  closeIterator,
  hasChunks,
  iteratorOf,
} from './iterables.js';
import { inlinablePrefix, type Loops } from './kernel.js';
import {
  compile,
  flushAll,
  halt,
  type Link,
  newRunState,
  type RunState,
  type StageImpl,
  type Step,
} from './stage.js';

/** The part of a fold a single run needs (no `combine`). */
export interface Reducer<A, Acc, R> {
  readonly init: () => Acc;
  readonly step: (acc: Acc, a: A) => Acc;
  readonly done: (acc: Acc) => R;
  readonly isDone?: (acc: Acc) => boolean;
}

function reducerSink(r: Reducer<any, any, any>, state: RunState, index: number): Link {
  if (r.isDone === undefined) return { step: (acc, x) => r.step(acc, x) };
  return {
    step: (acc, x) => {
      const next = r.step(acc, x);
      if (r.isDone!(next)) halt(state, index);
      return next;
    },
  };
}

/**
 * One push-mode run of stages into a reducer. Feed it elements (arrays, iterators), then
 * `finish()` to flush the stages and get the accumulator.
 *
 * The element-wise stages at the head run inside compiled loops (see `kernel.ts`); the rest,
 * if any, run as links built for this run (they hold per-run state: counters, buffers).
 */
export class PushRun {
  readonly state: RunState = newRunState();
  /** The accumulator so far. */
  acc: unknown;
  private readonly links: Link[];
  private readonly loops: Loops | undefined;
  private readonly tail: Step | undefined;

  /** `loops`: the job's compiled loops, or null/omitted for the closure chain. */
  constructor(
    stages: readonly StageImpl[],
    reducer: Reducer<any, any, any>,
    acc?: unknown,
    loops?: Loops | null,
  ) {
    const k = inlinablePrefix(stages);
    const compiled = loops ?? undefined;
    const sink = reducerSink(reducer, this.state, stages.length);
    if (compiled !== undefined) {
      this.loops = compiled;
      this.links = compile(stages.slice(k), sink, this.state, k);
      this.tail = k < stages.length ? this.links[0]!.step : undefined;
    } else {
      this.loops = undefined;
      this.links = compile(stages, sink, this.state);
      this.tail = this.links[0]!.step;
    }
    this.acc = acc === undefined ? reducer.init() : acc;
    if (reducer.isDone?.(this.acc)) halt(this.state, stages.length);
  }

  /** True once no further input can change the result. */
  get halted(): boolean {
    return this.state.halt >= 0;
  }

  /** Pushes one element (ignored once the run has halted). */
  push(x: unknown): void {
    if (this.state.halt >= 0) return;
    this.acc = this.loops
      ? this.loops.one(this.acc, x, this.state, this.tail)
      : this.tail!(this.acc, x);
  }

  /** Pushes `xs[from..to)`; stops early when the run halts. */
  pushArray(xs: ArrayLike<unknown>, from = 0, to = xs.length): void {
    const state = this.state;
    if (state.halt >= 0) return;
    if (this.loops) {
      this.acc = this.loops.array(this.acc, xs, from, to, state, this.tail);
      return;
    }
    const step = this.tail!;
    let acc = this.acc;
    for (let i = from; i < to && state.halt < 0; i++) acc = step(acc, xs[i]);
    this.acc = acc;
  }

  /** Pushes every element of `xs` (closing it if the run halts first). */
  pushIterable(xs: Iterable<unknown>): void {
    if (Array.isArray(xs)) {
      this.pushArray(xs);
      return;
    }
    const state = this.state;
    if (state.halt >= 0) return;
    if (this.loops) {
      this.acc = this.loops.iter(this.acc, checked(xs), state, this.tail);
      return;
    }
    const step = this.tail!;
    let acc = this.acc;
    for (const x of checked(xs)) {
      acc = step(acc, x);
      if (state.halt >= 0) break;
    }
    this.acc = acc;
  }

  /**
   * Pushes at most `max` elements from `it`; returns how many it pushed (fewer than `max` when
   * `it` is exhausted or the run halted, in which case `it` is closed).
   */
  pushFrom(it: Iterator<unknown>, max: number): number {
    // Callers may hand over `xs[Symbol.iterator]()` unchecked: it must be an iterator.
    if ((typeof it !== 'object' || it === null) && typeof it !== 'function') {
      throw new BadIteratorError(it, 'iterator');
    }
    if (typeof it.next !== 'function') throw new BadIteratorError(it, 'iterator');
    const state = this.state;
    let i = 0;
    let exhausted = false;
    for (; i < max && state.halt < 0; i++) {
      const r = checkIteratorResult(it.next());
      if (r.done) {
        exhausted = true;
        break;
      }
      this.push(r.value);
    }
    if (!exhausted && state.halt >= 0) closeIterator(it);
    return i;
  }

  /** Flushes buffered stages; returns the final accumulator. */
  finish(): unknown {
    this.acc = flushAll(this.links, this.acc);
    return this.acc;
  }
}

/** Folds a synchronous iterable through `stages` into `reducer`; returns the accumulator. */
export function foldSync(
  stages: readonly StageImpl[],
  reducer: Reducer<any, any, any>,
  source: Iterable<unknown>,
  acc?: unknown,
  loops?: Loops | null,
): unknown {
  const run = new PushRun(stages, reducer, acc, loops);
  run.pushIterable(source);
  return run.finish();
}

/** Hooks a runner passes to {@link foldAsync}. */
export interface AsyncHooks {
  readonly signal?: AbortSignal | undefined;
  /** Called after every chunk with the number of source elements consumed so far. */
  readonly progress?: ((items: number) => void) | undefined;
}

/** Folds an async iterable, one chunk per `await` when the source offers chunks. */
export async function foldAsync(
  stages: readonly StageImpl[],
  reducer: Reducer<any, any, any>,
  source: AsyncIterable<unknown>,
  hooks: AsyncHooks = {},
  loops?: Loops | null,
): Promise<unknown> {
  const run = new PushRun(stages, reducer, undefined, loops);
  const { signal, progress } = hooks;
  signal?.throwIfAborted();
  if (run.halted) return run.finish();
  let items = 0;
  if (!hasChunks(source)) {
    // One element per await is all an element-wise async iterable offers; add nothing to it.
    // `for await` by hand, so a broken next() fails with ERR_BAD_ITERATOR like the sync paths.
    const it = asyncIteratorOf(source);
    for (;;) {
      const r = checkIteratorResult(await it.next());
      if (r.done) break;
      try {
        signal?.throwIfAborted();
        run.push(r.value);
      } catch (err) {
        await closeAsyncIterator(it).catch(() => undefined);
        throw err;
      }
      if ((++items & 1023) === 0) progress?.(items);
      if (run.halted) {
        await closeAsyncIterator(it);
        break;
      }
    }
    progress?.(items);
    return run.finish();
  }
  const chunks = chunksOf(source);
  try {
    for (;;) {
      const r = checkIteratorResult(await chunks.next());
      if (r.done) break;
      signal?.throwIfAborted();
      run.pushArray(r.value);
      items += r.value.length;
      progress?.(items);
      if (run.halted) {
        await closeAsyncIterator(chunks);
        break;
      }
    }
  } catch (err) {
    await closeAsyncIterator(chunks).catch(() => undefined);
    throw err;
  }
  return run.finish();
}

const FINISHED = Number.MAX_SAFE_INTEGER;

/**
 * Pull-mode machinery shared by the sync and async iterators: a chain ending in a buffer.
 * `flushAt` is -1 while the source is being read, then the index of the next link to flush,
 * then FINISHED.
 */
class PullCore {
  readonly out: unknown[] = [];
  head = 0;
  readonly state: RunState = newRunState();
  readonly links: Link[];
  flushAt = -1;

  constructor(stages: readonly StageImpl[]) {
    const out = this.out;
    const state = this.state;
    const sink: Link = {
      step: (acc, x) => {
        out.push(x);
        state.paused = true;
        return acc;
      },
    };
    this.links = compile(stages, sink, state);
  }

  get buffered(): boolean {
    return this.head < this.out.length;
  }

  shift(): unknown {
    const v = this.out[this.head];
    this.out[this.head++] = undefined;
    if (this.head === this.out.length) {
      this.out.length = 0;
      this.head = 0;
    }
    return v;
  }

  /** Resumes the innermost paused expander; true if there was one. */
  resume(): boolean {
    this.state.paused = false;
    for (const e of this.state.expanders) {
      if (e.pending()) {
        e.resume(undefined);
        return true;
      }
    }
    return false;
  }

  /** Flushes the next link; false once every link has been flushed. */
  flushNext(): boolean {
    if (this.flushAt >= this.links.length) {
      this.flushAt = FINISHED;
      return false;
    }
    const l = this.links[this.flushAt++]!;
    if (l.flush) l.flush(undefined);
    return true;
  }

  feed(x: unknown): void {
    this.links[0]!.step(undefined, x);
  }

  close(): void {
    for (const e of this.state.expanders) e.close();
    this.out.length = 0;
    this.head = 0;
    this.flushAt = FINISHED;
  }
}

/** A lazy iterator over `source` transformed by `stages`. */
export class PullIterator<T> implements IterableIterator<T> {
  private readonly core: PullCore;
  private src: Iterator<unknown> | undefined;

  constructor(source: Iterable<unknown>, stages: readonly StageImpl[]) {
    this.core = new PullCore(stages);
    this.src = iteratorOf(source);
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<T> {
    const core = this.core;
    for (;;) {
      if (core.buffered) return { done: false, value: core.shift() as T };
      if (core.flushAt === FINISHED) return { done: true, value: undefined };
      try {
        this.advance();
      } catch (err) {
        this.shutdown();
        throw err;
      }
    }
  }

  private advance(): void {
    const core = this.core;
    if (core.resume()) return;
    if (core.flushAt < 0) {
      if (core.state.halt < 0) {
        const r = checkIteratorResult(this.src!.next());
        if (!r.done) {
          core.feed(r.value);
          return;
        }
        this.src = undefined;
      } else {
        const src = this.src;
        this.src = undefined;
        closeIterator(src);
      }
      core.flushAt = 0;
    }
    core.flushNext();
  }

  private shutdown(): void {
    const src = this.src;
    this.src = undefined;
    this.core.close();
    closeIterator(src);
  }

  return(value?: unknown): IteratorResult<T> {
    this.shutdown();
    return { done: true, value: value as T };
  }
}

/** A lazy async iterator over `source` transformed by `stages`, reading source chunks. */
export class AsyncPullIterator<T> implements AsyncIterableIterator<T> {
  private readonly core: PullCore;
  private src: AsyncIterator<readonly unknown[]> | undefined;
  private busy: Promise<IteratorResult<T>> | undefined;

  constructor(source: AsyncIterable<unknown>, stages: readonly StageImpl[]) {
    this.core = new PullCore(stages);
    this.src = chunksOf(source);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.busy === undefined && this.core.buffered) {
      return Promise.resolve({ done: false, value: this.core.shift() as T });
    }
    // Calls made before the previous one settled are served in order, like async generators.
    const p = this.busy ? this.busy.then(this.pull, this.pull) : this.pull();
    this.busy = p;
    const clear = () => {
      if (this.busy === p) this.busy = undefined;
    };
    p.then(clear, clear);
    return p;
  }

  private readonly pull = async (): Promise<IteratorResult<T>> => {
    const core = this.core;
    for (;;) {
      if (core.buffered) return { done: false, value: core.shift() as T };
      if (core.flushAt === FINISHED) return { done: true, value: undefined };
      try {
        if (core.resume()) continue;
        if (core.flushAt >= 0) {
          core.flushNext();
          continue;
        }
        const src = this.src!;
        if (core.state.halt >= 0) {
          this.src = undefined;
          core.flushAt = 0;
          await closeAsyncIterator(src);
          continue;
        }
        const r = checkIteratorResult(await src.next());
        if (r.done) {
          this.src = undefined;
          core.flushAt = 0;
          continue;
        }
        for (const x of checked(r.value as Iterable<unknown>)) {
          core.feed(x);
          if (core.state.halt >= 0) break;
        }
      } catch (err) {
        await this.shutdown();
        throw err;
      }
    }
  };

  private async shutdown(): Promise<void> {
    const src = this.src;
    this.src = undefined;
    this.core.close();
    await closeAsyncIterator(src);
  }

  async return(value?: unknown): Promise<IteratorResult<T>> {
    await this.shutdown();
    return { done: true, value: value as T };
  }
}

/** Pushes `source` through `stages` and yields the output one array per source chunk. */
export async function* outputChunks(
  source: AsyncIterable<unknown>,
  stages: readonly StageImpl[],
): AsyncGenerator<unknown[], void, undefined> {
  let out: unknown[] = [];
  const collect: Reducer<unknown, undefined, undefined> = {
    init: () => undefined,
    step: (acc, x) => {
      out.push(x);
      return acc;
    },
    done: () => undefined,
  };
  const run = new PushRun(stages, collect);
  if (!run.halted) {
    const chunks = chunksOf(source);
    let exhausted = false;
    try {
      for (;;) {
        const r = checkIteratorResult(await chunks.next());
        if (r.done) {
          exhausted = true;
          break;
        }
        run.pushArray(r.value);
        if (out.length > 0) {
          const batch = out;
          out = [];
          yield batch;
        }
        if (run.halted) break;
      }
    } finally {
      // Reached on halt, on errors and when our own consumer stops early.
      if (!exhausted) await closeAsyncIterator(chunks);
    }
  }
  run.finish();
  if (out.length > 0) yield out;
}

/** Re-export for modules that build async iterables with the chunk protocol. */
export { CHUNKS, type ChunkedAsyncIterable };
