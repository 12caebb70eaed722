/**
 * `local()`: the executor that runs jobs in the calling thread — the reference semantics the
 * parallel executors must reproduce.
 */

import { checkOptionKeys, optionKeys } from '../dispatch/internal.js';
import { type AsyncHooks, foldAsync, PushRun } from './core/engine.js';
import {
  closeAsyncIterator,
  closeIterator,
  isAsyncIterable,
  isIterable,
  iteratorOf,
} from './core/iterables.js';
import { InvalidArgumentError, NotIterableError } from './errors.js';
import type { AnyFold } from './fold.js';
import { COMPILE_AT, implsOf, type Job, loopsOf } from './pipeline.js';
import type { ExecuteOptions, Executor, Progress, Source } from './run.js';

/** Options of {@link local}. */
export interface LocalOptions {
  /**
   * Fold the input in chunks of this many elements and combine the partial accumulators in
   * order, exactly as a parallel executor does — a way to check, in one thread, that a job
   * gives the same result split. Ignored for jobs that are not splittable. Default: one
   * sequential fold.
   */
  readonly chunkSize?: number;
  /**
   * With `chunkSize`: send every partial accumulator through `fold.encode`,
   * `structuredClone` and `fold.decode`, as a worker thread would.
   */
  readonly transfer?: boolean;
}

/** Every key of {@link LocalOptions}; any other key is refused (a typo). */
export const LOCAL_OPTIONS = optionKeys<LocalOptions>()('chunkSize', 'transfer');

// Elements folded between two looks at the signal and the event loop.
const SLICE = 65_536;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function ship(fold: AnyFold<unknown, unknown>, acc: unknown): unknown {
  const data = fold.encode ? fold.encode(acc) : acc;
  const copy = structuredClone(data);
  return fold.decode ? fold.decode(copy) : copy;
}

/**
 * The same-thread executor (the default of `run`). Synchronous sources are folded in slices
 * of 65 536 elements, looking at `signal` and reporting progress between slices and letting
 * the event loop run; async sources are read one chunk per `await` when they offer chunks
 * (see `chunked`).
 *
 * @example
 * ```ts
 * import { run, local, pipeline, map, folds } from 'polyfold/functional';
 * const job = pipeline(map((x: number) => x / 10)).fold(folds.sum());
 * await run(job, [1, 2, 3], { executor: local() }); // 0.6
 * // The parallel reference: chunks of 2, combined in order — the same bits.
 * await run(job, [1, 2, 3], { executor: local({ chunkSize: 2, transfer: true }) }); // 0.6
 * ```
 */
export function local(options: LocalOptions = {}): Executor {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError(
      'local',
      'options',
      'an object ({ chunkSize?, transfer? })',
      options,
    );
  }
  checkOptionKeys('local', options, LOCAL_OPTIONS);
  const { chunkSize, transfer = false } = options;
  if (
    chunkSize !== undefined &&
    !(typeof chunkSize === 'number' && Number.isInteger(chunkSize) && chunkSize >= 1)
  ) {
    throw new InvalidArgumentError('local', 'options.chunkSize', 'a positive integer', chunkSize);
  }
  return Object.freeze({
    name: 'local',
    run<A, R>(job: Job<A, R>, source: Source<A>, opts: ExecuteOptions = {}): Promise<R> {
      if (opts.output !== undefined) {
        // This layer runs in browsers and writes no files; the parallel layer's local() does.
        return Promise.reject(
          new InvalidArgumentError(
            'local',
            'options.output',
            'absent: the local() of polyfold/functional writes no files. Import run and local from polyfold/parallel, whose local() writes partitioned output',
            opts.output,
            "import { run, local } from 'polyfold/parallel'",
          ),
        );
      }
      // Executors are also called directly, without run()'s checks.
      if (!isIterable(source) && !isAsyncIterable(source)) {
        return Promise.reject(new NotIterableError('local().run', source, true));
      }
      if (chunkSize !== undefined && job.splittable) {
        return runChunked(job, source, chunkSize, transfer, opts);
      }
      return runWhole(job, source, opts);
    },
  });
}

async function runWhole<A, R>(job: Job<A, R>, source: Source<A>, opts: ExecuteOptions): Promise<R> {
  const { signal, onProgress } = opts;
  const stages = implsOf(job as Job<unknown, unknown>);
  const loops = loopsOf(
    job as Job<unknown, unknown>,
    Array.isArray(source) ? source.length : COMPILE_AT,
  );
  if (!isIterable(source)) {
    const hooks: AsyncHooks = {
      signal,
      progress: onProgress && ((items) => onProgress({ items, chunks: 0 })),
    };
    return job.fold.done(await foldAsync(stages, job.fold, source, hooks, loops));
  }
  const run = new PushRun(stages, job.fold, undefined, loops);
  const report = (items: number, chunks: number, total?: number) =>
    onProgress?.(total === undefined ? { items, chunks } : { items, chunks, total });
  if (Array.isArray(source)) {
    const n = source.length;
    let chunks = 0;
    for (let i = 0; i < n && !run.halted; i += SLICE) {
      if (i > 0) await yieldToLoop();
      signal?.throwIfAborted();
      run.pushArray(source, i, Math.min(n, i + SLICE));
      report(Math.min(n, i + SLICE), ++chunks, n);
    }
    return job.fold.done(run.finish());
  }
  const it = iteratorOf(source);
  let items = 0;
  let chunks = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const pushed = run.pushFrom(it, SLICE);
      items += pushed;
      report(items, ++chunks);
      if (pushed < SLICE || run.halted) break;
      await yieldToLoop();
    }
  } catch (err) {
    // As for…of: the source is closed, and a failure to close it does not hide the error.
    try {
      closeIterator(it);
    } catch {}
    throw err;
  }
  return job.fold.done(run.finish());
}

/** Reads up to `size` elements of a sync or async source into arrays. */
async function* slices<A>(source: Source<A>, size: number): AsyncGenerator<A[]> {
  let buf: A[] = [];
  // A chunked async source is read element by element here on purpose: chunks are re-cut to
  // `size`, which is what this executor is for.
  const xs: Iterable<A> | AsyncIterable<A> = source;
  for await (const x of xs) {
    buf.push(x);
    if (buf.length === size) {
      yield buf;
      buf = [];
    }
  }
  if (buf.length > 0) yield buf;
}

async function runChunked<A, R>(
  job: Job<A, R>,
  source: Source<A>,
  size: number,
  transfer: boolean,
  opts: ExecuteOptions,
): Promise<R> {
  const { signal, onProgress } = opts;
  const fold = job.fold;
  let acc = fold.init();
  if (fold.isDone?.(acc)) return fold.done(acc);
  let items = 0;
  let chunks = 0;
  const it = slices(source, size);
  try {
    for await (const chunk of it) {
      signal?.throwIfAborted();
      let partial = job.foldChunk(chunk);
      if (transfer) partial = ship(fold, partial);
      acc = fold.combine(acc, partial);
      items += chunk.length;
      onProgress?.({ items, chunks: ++chunks } satisfies Progress);
      if (fold.isDone?.(acc)) break;
    }
  } finally {
    await closeAsyncIterator(it);
  }
  return fold.done(acc);
}
