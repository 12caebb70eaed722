/**
 * `threads()`: the executor that runs a job on a pool of worker threads. The job is the same
 * object `local()` runs; it is shipped as data (see ship.ts), the input is cut into chunks
 * (or, for `textFile` sources, into byte ranges each worker reads itself), every chunk is
 * folded from a fresh start in some worker, and the partial accumulators are combined **in
 * chunk order** on this thread — which the Fold laws make equal to one sequential fold, bit
 * for bit, floating-point sums included.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { optionKeys } from '../dispatch/internal.js';
import type { ExecuteOptions, Executor, Job, Progress } from '../functional/index.js';
import { chunked as chunkedSource, InvalidArgumentError, local } from '../functional/index.js';
import { checkOptions, isCount } from './check.js';
import type { ChunkPlan } from './chunking.js';
import { planChunks, type Sizer, sizer } from './chunking.js';
import { UnshippableError } from './errors.js';
import { resourceLimitsOf, type WorkerResourceLimits } from './limits.js';
import type { Pool } from './pool.js';
import { createPool } from './pool.js';
import type { FoldReply, FoldRequest } from './protocol.js';
import type { Chunk } from './scheduler.js';
import { schedule } from './scheduler.js';
import { decodeJob, encodeJob } from './ship.js';
import type { Source } from './source.js';
import {
  chunked,
  isAsyncIterable,
  isIterable,
  jobLabel,
  peek,
  batches as prepend,
} from './source.js';
import { isTextFiles, splitInput, splitsOf } from './text-file.js';

/** Options of `threads()`. */
export interface ThreadsOptions {
  /** Worker threads (default: the number of cores). Ignored when `pool` is given. */
  readonly workers?: number;
  /** Items per chunk, or `'auto'` (default): time a sample, aim for ≥ 1 ms per chunk. */
  readonly chunkSize?: 'auto' | number;
  /** Extra attempts for a chunk whose worker died (default 2). */
  readonly retries?: number;
  /** Run on this pool (shared, warm workers) instead of the executor's own. */
  readonly pool?: Pool;
  /** Passed to every task of the job as its last argument (plain data: structured clone). */
  readonly context?: unknown;
  /** Chunks in flight at once (default: 2 per worker). Bounds memory for streaming sources. */
  readonly maxInFlight?: number;
  /** Memory limits of the executor's workers (see `PoolOptions.resourceLimits`); not with `pool`. */
  readonly resourceLimits?: WorkerResourceLimits;
}

/** Every key of {@link ThreadsOptions}; any other key is refused (a typo). */
export const THREADS_OPTIONS = optionKeys<ThreadsOptions>()(
  'workers',
  'chunkSize',
  'retries',
  'pool',
  'context',
  'maxInFlight',
  'resourceLimits',
);

/** The executor `threads()` returns; `onProgress` gets {@link ParallelProgress}. */
export interface ThreadsExecutor extends Executor<ParallelProgress> {
  /** Stops the executor's own pool (a pool passed in `options.pool` is left running). */
  close(): Promise<void>;
}

/** Progress as reported by the parallel executors (a superset of functional's `Progress`). */
export interface ParallelProgress extends Progress {
  /** Chunks combined so far (same as `chunks`). */
  readonly done: number;
  readonly elapsedMs: number;
  /** `'local'` when the executor decided to run on the calling thread, and why. */
  readonly mode: 'threads' | 'local';
  readonly reason?: string;
}

const SAMPLE = 256;

/**
 * The worker-thread executor, for `run(job, source, { executor: threads() })`.
 *
 * When to use: a CPU-bound job over more data than one core gets through quickly. The job
 * must be splittable (no `take`/`takeWhile`, which run locally instead) and its functions
 * declared with `defineTasks`; a closure is refused before anything is sent.
 *
 * Details: chunk sizes are automatic unless given; work too cheap to pay for copying runs on
 * this thread (reported through `onProgress` with `mode: 'local'`). A chunk whose worker dies
 * is retried up to `retries` times; a task that throws rejects the run with a
 * `TaskFailedError` naming the task and chunk. The executor keeps its pool between runs; an
 * idle pool does not keep the process alive, and `close()` stops it.
 *
 * @example
 * ```ts
 * import { run, pipeline, flatMap, map, folds } from 'polyfold/functional';
 * import { threads, textFile } from 'polyfold/parallel';
 * import { tokenize, lower } from './tasks.js'; // declared with defineTasks
 * const wordCount = pipeline(flatMap(tokenize), map(lower)).fold(folds.frequencies());
 * const counts = await run(wordCount, textFile('big.txt'), { executor: threads({ workers: 2 }) });
 * counts.mostCommon(10);
 * ```
 */
export function threads(options: ThreadsOptions = {}): ThreadsExecutor {
  checkOptions('threads', options, THREADS_OPTIONS);
  const { chunkSize = 'auto', retries = 2, context } = options;
  if (chunkSize !== 'auto' && !isCount(chunkSize, 1)) {
    throw new InvalidArgumentError(
      'threads',
      'options.chunkSize',
      "'auto' or a positive integer",
      chunkSize,
    );
  }
  if (!isCount(retries, 0)) {
    throw new InvalidArgumentError('threads', 'options.retries', 'a non-negative integer', retries);
  }
  for (const key of ['workers', 'maxInFlight'] as const) {
    if (options[key] !== undefined && !isCount(options[key], 1)) {
      throw new InvalidArgumentError(
        'threads',
        `options.${key}`,
        'a positive integer',
        options[key],
      );
    }
  }
  if (
    options.pool !== undefined &&
    (typeof options.pool !== 'object' ||
      options.pool === null ||
      typeof options.pool.request !== 'function')
  ) {
    throw new InvalidArgumentError(
      'threads',
      'options.pool',
      'a pool made by createPool()',
      options.pool,
    );
  }
  if (options.pool !== undefined && options.resourceLimits !== undefined) {
    throw new InvalidArgumentError(
      'threads',
      'options.resourceLimits',
      'absent when options.pool is given (a pool has its limits: set them in createPool)',
      options.resourceLimits,
    );
  }
  // Checked now, not when the first run starts the pool.
  if (options.pool === undefined) {
    resourceLimitsOf('threads', options.resourceLimits, options.workers ?? availableParallelism());
  }
  let own: Pool | undefined;
  const poolFor = (): Pool => {
    if (options.pool) return options.pool;
    own ??= createPool({
      retries,
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.resourceLimits === undefined ? {} : { resourceLimits: options.resourceLimits }),
    });
    return own;
  };
  const workers = options.pool?.workers ?? options.workers ?? availableParallelism();

  async function runJob<A, R>(
    job: Job<A, R>,
    source: Source<A>,
    opts: ExecuteOptions<ParallelProgress>,
  ): Promise<R> {
    const started = performance.now();
    const report = (p: Omit<ParallelProgress, 'elapsedMs'>): void =>
      opts.onProgress?.({ ...p, elapsedMs: performance.now() - started } as ParallelProgress);
    // The job as this thread runs it (sampling, local fallback): with the context bound to
    // its tasks exactly as workers bind it, so a task that reads its context works here too.
    let here: Job<A, R> = job;
    const bindContext = async (): Promise<void> => {
      if (context === undefined) return;
      try {
        here = (await decodeJob(
          encodeJob(job as unknown as Job<unknown, unknown>),
          context,
        )) as unknown as Job<A, R>;
      } catch (error) {
        // A job with closures cannot take a context; it runs as written (only locally).
        if (!(error instanceof UnshippableError)) throw error;
      }
    };
    const runLocally = async (src: Source<A>, reason: string): Promise<R> => {
      report({ items: 0, chunks: 0, done: 0, mode: 'local', reason });
      // Local progress, completed so onProgress always gets what its type promises.
      const { signal, onProgress } = opts;
      return local().run(here, src, {
        signal,
        onProgress: onProgress && ((p) => report({ ...p, done: p.chunks, mode: 'local', reason })),
      });
    };

    if (!job.splittable) {
      await bindContext();
      const which = job.stages.filter((s) => !s.splittable).map((s) => s.kind);
      return runLocally(
        source,
        `the job is not splittable (${which.join(', ')}): running on this thread`,
      );
    }
    const shipped = encodeJob(job as unknown as Job<unknown, unknown>); // throws before anything is sent
    await bindContext();
    const jobId = randomUUID();
    const fold = job.fold;

    let chunks: AsyncIterable<Chunk<FoldRequest['input']>> | Iterable<Chunk<FoldRequest['input']>>;
    let total: number | undefined;
    let resize: Sizer | undefined;
    if (isTextFiles(source)) {
      // Ranges travel, not lines; small files are packed several to a task.
      chunks = splitsOf(source).map((split, index) => ({ index, items: splitInput(split) }));
    } else {
      if (!isIterable(source) && !isAsyncIterable(source)) {
        throw new InvalidArgumentError(
          'threads',
          'source',
          'an iterable, an async iterable or textFile(…)',
          source,
        );
      }
      const { head, rest, done } = await peek(source, SAMPLE);
      total = Array.isArray(source) ? source.length : done ? head.length : undefined;
      let size: number | (() => number);
      if (chunkSize === 'auto') {
        const plan: ChunkPlan = planChunks({
          sample: head,
          work: (sample) => {
            here.foldChunk(sample as A[]);
          },
          total,
          workers,
          targetMs: TARGET_MS,
        });
        if (plan.local) {
          const whole = Array.isArray(source) ? source : chunkedSource(prepend(head, rest));
          return runLocally(whole as Source<A>, plan.reason);
        }
        size = plan.chunkSize;
        if (total === undefined) {
          // A stream: the sample is all the planner saw, and one unlucky timing (a GC pause,
          // a loaded machine) would fix tiny or huge chunks for the whole run. The workers
          // time every chunk; later chunks follow what they measured.
          resize = sizer(plan.chunkSize, TARGET_MS);
          size = resize.size;
        }
      } else {
        size = chunkSize;
      }
      chunks = mapChunks(chunked(head, rest, size), (items) => ({ items }));
    }

    const pool = poolFor();
    let acc = fold.init();
    let items = 0;
    let done = 0;
    for await (const outcome of schedule(
      chunks,
      (chunk, signal) =>
        pool.request(
          {
            kind: 'fold',
            jobId,
            job: shipped,
            input: chunk.items,
            ...(context === undefined ? {} : { context }),
          },
          signal,
        ) as Promise<FoldReply>,
      {
        maxInFlight: options.maxInFlight ?? workers * 2,
        retries,
        ordered: true,
        signal: opts.signal,
        label: jobLabel(job as unknown as Job<unknown, unknown>),
      },
    )) {
      const partial = fold.decode ? fold.decode(outcome.value.acc) : outcome.value.acc;
      acc = fold.combine(acc, partial);
      items += outcome.value.items;
      resize?.observe(outcome.value.items, outcome.value.micros);
      done++;
      report({
        items,
        chunks: done,
        done,
        mode: 'threads',
        ...(total === undefined ? {} : { total }),
      });
      // Leaving the loop cancels the chunks still running (the rest cannot change the result).
      if (fold.isDone?.(acc)) break;
    }
    return fold.done(acc);
  }

  return Object.freeze({
    name: 'threads',
    run: runJob,
    async close() {
      await own?.close();
      own = undefined;
    },
  });
}

/** Work per chunk that automatic sizes aim at, in milliseconds. */
const TARGET_MS = 1;

async function* mapChunks<T, U>(
  chunks: AsyncIterable<Chunk<T>>,
  f: (items: T) => U,
): AsyncGenerator<Chunk<U>> {
  for await (const c of chunks) yield { index: c.index, items: f(c.items) };
}
