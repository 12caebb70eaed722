/**
 * `run(job, source, { executor, signal, onProgress })`: the one way to run a job, whatever
 * runs it. Executors implement the small {@link Executor} interface; `local()` is the
 * reference (same thread, one sequential fold), `threads()` and `cluster()` come from
 * `polyfold/parallel` and `polyfold/cluster`.
 */

import { checkOptionKeys, isRevokedProxy, optionKeys } from '../dispatch/internal.js';
import {
  asyncIteratorOf,
  CHUNKS,
  type ChunkedAsyncIterable,
  checkIteratorResult,
  closeAsyncIterator,
  closeIterator,
  isAsyncIterable,
  isIterable,
  iteratorOf,
} from './core/iterables.js';
import { InvalidArgumentError, NotIterableError } from './errors.js';
import { local } from './local.js';
import type { OutputManifest, OutputOptions } from './output.js';
import { isJob, type Job } from './pipeline.js';

/** What a job can run on: an array, any iterable, or an async iterable. */
export type Source<A> = Iterable<A> | AsyncIterable<A>;

/** Reported by `onProgress`. */
export interface Progress {
  /** Source elements consumed so far. */
  readonly items: number;
  /** Chunks (or slices) folded so far. */
  readonly chunks: number;
  /** The number of source elements, when known in advance (arrays). */
  readonly total?: number;
}

/**
 * What `run` passes to an executor. `P` is what the executor reports (`ParallelProgress` for
 * `threads()`, `ClusterProgress` for `cluster()`), so `onProgress` sees its fields.
 */
export interface ExecuteOptions<P extends Progress = Progress> {
  /** Aborting rejects the run with `signal.reason` and stops reading the source. */
  readonly signal?: AbortSignal | undefined;
  /** Called as the run advances (at most once per chunk). */
  readonly onProgress?: ((progress: P) => void) | undefined;
  /**
   * Write a keyed fold's result as partitions instead of returning it (map → shuffle →
   * reduce); the run then resolves to the {@link OutputManifest}. Needs an executor of
   * `polyfold/parallel` (its `local()`, `threads()`): files are written.
   */
  readonly output?: OutputOptions | undefined;
}

/**
 * Something that runs jobs. An implementation must give the same result as
 * `job.apply(source)` (for synchronous sources):
 *
 * - If it splits the input, it needs `job.splittable` (else it throws
 *   `UnsplittableJobError` or runs the job locally), folds every chunk from a fresh start
 *   (`job.foldChunk`, or `job.start()` on the other side of `reviveJob(job.describe())`), and
 *   combines the partial accumulators **in chunk order** with `job.fold.combine`, starting
 *   from `job.fold.init()` and ending with `job.fold.done`. It may stop early once
 *   `job.fold.isDone?.(acc)` holds for the combined prefix.
 * - It honours `signal` (reject with `signal.reason`, stop reading, free resources) and calls
 *   `onProgress` at most once per chunk, with a `P`: what it reports is part of its type, so
 *   `run(job, xs, { executor, onProgress: (p) => … })` types `p` from the executor.
 *
 * @example
 * ```ts
 * import { run, pipeline, map, folds, type Executor } from 'polyfold/functional';
 * // An executor that folds arrays two elements per chunk, in order.
 * const pairs: Executor = {
 *   name: 'pairs',
 *   async run(job, source) {
 *     const xs = [...(source as Iterable<unknown>)];
 *     let acc = job.fold.init();
 *     for (let i = 0; i < xs.length; i += 2) acc = job.fold.combine(acc, job.foldChunk(xs.slice(i, i + 2)));
 *     return job.fold.done(acc);
 *   },
 * };
 * await run(pipeline(map((x: number) => x + 1)).fold(folds.sum()), [1, 2, 3], { executor: pairs }); // 9
 * ```
 */
export interface Executor<P extends Progress = Progress> {
  /** A short name for messages (`'local'`, `'threads'`…). */
  readonly name: string;
  /**
   * Runs `job` over `source`; resolves to exactly what `job.apply(source)` gives. (A
   * property, not a method, so the compiler checks `P` strictly: an executor reporting
   * `Progress` cannot pose as one reporting `ParallelProgress`.)
   */
  readonly run: <A, R>(job: Job<A, R>, source: Source<A>, options: ExecuteOptions<P>) => Promise<R>;
}

/** Options of {@link run}; `P` follows the executor (see {@link Executor}). */
export interface RunOptions<P extends Progress = Progress> extends ExecuteOptions<P> {
  /** Where the job runs; `local()` by default. */
  readonly executor?: Executor<P>;
}

/** Every key of {@link RunOptions}; any other key is refused (a typo). */
export const RUN_OPTIONS = optionKeys<RunOptions>()('executor', 'signal', 'onProgress', 'output');

const defaultExecutor = local();

/**
 * Runs a job on an array, an iterable or an async iterable, with an executor (`local()` by
 * default), and resolves to the fold's result. The job is handed to the executor unchanged.
 * `onProgress` receives what the executor reports (`ParallelProgress` for `threads()`…).
 * Unknown option keys are refused with an `UnknownOptionError` (`ERR_UNKNOWN_OPTION`).
 *
 * @example
 * ```ts
 * import { run, pipeline, flatMap, map, folds } from 'polyfold/functional';
 * const wordCount = pipeline(
 *   flatMap((line: string) => line.split(' ')),
 *   map((w) => w.toLowerCase()),
 * ).fold(folds.frequencies());
 * async function* lines() { yield 'A b'; yield 'a'; }
 * (await run(wordCount, lines())).get('a'); // 2
 * ```
 */
export async function run<A, R, P extends Progress = Progress>(
  job: Job<A, R>,
  source: Source<A>,
  options: RunOptions<P> & { readonly output: OutputOptions },
): Promise<OutputManifest>;
export async function run<A, R, P extends Progress = Progress>(
  job: Job<A, R>,
  source: Source<A>,
  options?: RunOptions<P>,
): Promise<R>;
export async function run<A, R, P extends Progress = Progress>(
  job: Job<A, R>,
  source: Source<A>,
  options: RunOptions<P> = {},
): Promise<R | OutputManifest> {
  if (!isJob(job as unknown)) {
    throw new InvalidArgumentError(
      'run',
      'job',
      'a job, made by pipeline(...stages).fold(f)',
      job,
      'run(pipeline(map((x: number) => x * 2)).fold(folds.sum()), [1, 2, 3])',
    );
  }
  if (!isIterable(source) && !isAsyncIterable(source))
    throw new NotIterableError('run', source, true);
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError(
      'run',
      'options',
      'an object ({ executor?, signal?, onProgress? })',
      options,
    );
  }
  checkOptionKeys('run', options, RUN_OPTIONS);
  const { executor = defaultExecutor as Executor<P>, signal, onProgress, output } = options;
  if (executor === null || typeof executor !== 'object' || typeof executor.run !== 'function') {
    throw new InvalidArgumentError(
      'run',
      'options.executor',
      'an executor (local(), threads()…)',
      executor,
    );
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new InvalidArgumentError('run', 'options.signal', 'an AbortSignal', signal);
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new InvalidArgumentError('run', 'options.onProgress', 'a function', onProgress);
  }
  signal?.throwIfAborted();
  return executor.run(job, source, {
    signal,
    onProgress,
    ...(output === undefined ? {} : { output }),
  });
}

/**
 * Marks an (async) iterable of arrays as a chunked source: runners and combinators then
 * consume one array per `await` instead of one element per `await` — the difference between
 * a few nanoseconds and about a microsecond per element. Iterated directly, it yields the
 * elements.
 *
 * @example
 * ```ts
 * import { chunked, run, pipeline, map, folds } from 'polyfold/functional';
 * async function* batches() { yield [1, 2]; yield [3]; }
 * await run(pipeline(map((x: number) => x * 10)).fold(folds.sum()), chunked(batches())); // 60
 * ```
 */
export function chunked<A>(chunks: Source<readonly A[]>): ChunkedAsyncIterable<A> {
  if (!isIterable(chunks) && !isAsyncIterable(chunks))
    throw new NotIterableError('chunked', chunks, true);
  const open = (): AsyncIterator<readonly A[]> => {
    if (isAsyncIterable(chunks)) return asyncIteratorOf(chunks as AsyncIterable<readonly A[]>);
    const it = iteratorOf(chunks as Iterable<readonly A[]>);
    return {
      next: async () => checkIteratorResult(it.next()),
      return: async () => {
        closeIterator(it);
        return { done: true, value: undefined };
      },
    };
  };
  const check = (r: IteratorResult<readonly A[]>): IteratorResult<readonly A[]> => {
    // A revoked Proxy is no array (Array.isArray would throw a bare TypeError for it).
    if (!r.done && (isRevokedProxy(r.value) || !Array.isArray(r.value)))
      throw new NotIterableError('chunked (a chunk)', r.value, false);
    return r;
  };
  return {
    [CHUNKS]() {
      const it = open();
      return {
        next: async () => check(checkIteratorResult(await it.next())),
        return: async () => {
          await closeAsyncIterator(it);
          return { done: true, value: undefined };
        },
      };
    },
    async *[Symbol.asyncIterator]() {
      const it = open();
      try {
        for (;;) {
          const r = check(checkIteratorResult(await it.next()));
          if (r.done) return;
          yield* r.value;
        }
      } finally {
        await closeAsyncIterator(it);
      }
    },
  };
}
