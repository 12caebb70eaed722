/**
 * `threads()`: the executor that runs a job on a pool of worker threads. The job is the same
 * object `local()` runs; it is shipped as data (see ship.ts) and run by the engine
 * (engine/execute.ts) through the pool: chunks of items, or byte ranges each worker reads
 * itself for `textFile` sources, folded from a fresh start in the workers and combined **in
 * chunk order** on this thread — which the Fold laws make equal to one sequential fold, bit
 * for bit, floating-point sums included. No stage function and no fold step runs here unless
 * the user chose `placement: 'auto'`.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { serialize } from 'node:v8';
import { optionKeys } from '../dispatch/internal.js';
import type {
  ExecuteOptions,
  Executor,
  Job,
  OutputPartition,
  Progress,
} from '../functional/index.js';
import { InvalidArgumentError } from '../functional/index.js';
import { checkOptions, isCount } from './check.js';
import { type EngineProgress, execute, type Learned, type Placement } from './engine/execute.js';
import type { EngineChunk } from './engine/input.js';
import type { ChunkResult, Sequence, Transport } from './engine/transport.js';
import { WorkerStartError } from './errors.js';
import { resourceLimitsOf, type WorkerResourceLimits } from './limits.js';
import type { FoldReply, MapTaskReply } from './protocol.js';
import { openSequence } from './sequence.js';
import { decodeJob, encodeJob, type ShippedJob } from './ship.js';
import type { Source } from './source.js';
import { startWorkers, type Workers } from './workers.js';

/** Options of `threads()`. */
export interface ThreadsOptions {
  /** Worker threads (default: the number of cores). Ignored when `pool` is given. */
  readonly workers?: number;
  /**
   * Items per chunk, or `'auto'` (default): sizes learned from the workers' timings, towards
   * ≥ 1 ms of work per chunk. Text files are always cut in learned byte ranges.
   */
  readonly chunkSize?: 'auto' | number;
  /** Extra attempts for a chunk whose worker died (default 2). */
  readonly retries?: number;
  /** Run on this pool (shared, warm workers: `createPool()`) instead of the executor's own. */
  readonly pool?: Workers;
  /** Passed to every task of the job as its last argument (plain data: structured clone). */
  readonly context?: unknown;
  /** Chunks in flight at once (default: 2 per worker). Bounds memory for streaming sources. */
  readonly maxInFlight?: number;
  /** Memory limits of the executor's workers (see `PoolOptions.resourceLimits`); not with `pool`. */
  readonly resourceLimits?: WorkerResourceLimits;
  /**
   * Where the job's functions may run. `'workers'` (default): only in worker threads — a task
   * that crashes, exits or runs out of memory is contained (and retried), and this thread's
   * event loop stays free. `'auto'`: the first chunks are folded and timed on this thread,
   * and the rest stays here when copying items to a worker would cost more than the work
   * (or the whole job cannot be split) — faster for cheap work, but without that isolation.
   */
  readonly placement?: Placement;
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
  'placement',
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
  /** `'local'` when `placement: 'auto'` chose to run on the calling thread (see `reason`). */
  readonly mode: 'threads' | 'local';
  /** Why the run is shaped as it is: not splittable (one worker folds it in order), local… */
  readonly reason?: string;
  /**
   * Set once the workers' timings show that copying the data costs more than the work:
   * what would be faster (`local()`, or `placement: 'auto'`). Advice only.
   */
  readonly advice?: string;
}

/** Work per chunk that learned sizes aim at, at least, in milliseconds. */
const TARGET_MS = 1;
/** Items per chunk at most for sources read into memory (a stream's chunks wait to be sent). */
const MAX_STREAM_CHUNK = 65_536;

/**
 * The worker-thread executor, for `run(job, source, { executor: threads() })`.
 *
 * When to use: a CPU-bound job over more data than one core gets through quickly. The job's
 * functions must be declared with `defineTasks`; a closure is refused before anything is
 * sent.
 *
 * Details: every stage function and fold step runs in a worker, for any source and any size
 * (a job that cannot be split, with `take` or `takeWhile`, is folded in order by one worker,
 * fed in chunks). Chunk sizes are learned from the workers' timings; when those show that
 * copying costs more than the work, progress carries that advice. A chunk whose worker dies
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
  const { chunkSize = 'auto', retries = 2, context, placement = 'workers' } = options;
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
  if (placement !== 'workers' && placement !== 'auto') {
    throw new InvalidArgumentError(
      'threads',
      'options.placement',
      "'workers' or 'auto'",
      placement,
    );
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
  const workers = options.pool?.workers ?? options.workers ?? availableParallelism();
  // Per job, for this executor's life (a job is immutable): its encoding; one id, under which
  // workers keep the revived job, so running it again (a server answering requests) does not
  // rebuild it in every worker; and what its runs measured, which the next run sizes from.
  const jobs = new WeakMap<object, { shipped: ShippedJob; id: string; learned: Learned }>();
  let own: Workers | undefined;
  const poolFor = (): Workers => {
    if (options.pool) return options.pool;
    own ??= startWorkers({
      workers,
      idleTimeout: 5_000,
      resourceLimits: resourceLimitsOf('threads', options.resourceLimits, workers),
    });
    return own;
  };

  function runJob<A, R>(
    job: Job<A, R>,
    source: Source<A>,
    opts: ExecuteOptions<ParallelProgress>,
  ): Promise<R> {
    let known = jobs.get(job);
    if (known === undefined) {
      // Throws before anything is sent: a closure in the job.
      const shipped = encodeJob(job as unknown as Job<unknown, unknown>);
      known = { shipped, id: randomUUID(), learned: {} };
      jobs.set(job, known);
    }
    const { shipped, id: jobId, learned } = known;
    const transport = poolTransport(poolFor(), jobId, shipped, context, {
      slots: workers,
      maxInFlight: options.maxInFlight ?? workers * 2,
      retries,
    });
    const onProgress = opts.onProgress;
    return execute(job, source, transport, {
      learned,
      executor: 'threads',
      output: opts.output,
      placement,
      chunkSize,
      signal: opts.signal,
      // The job as workers run it: with the context bound to its tasks.
      here: async () =>
        context === undefined ? job : ((await decodeJob(shipped, context)) as unknown as Job<A, R>),
      onProgress:
        onProgress &&
        ((p: EngineProgress) =>
          onProgress({ ...p, mode: p.mode === 'workers' ? 'threads' : 'local' })),
    });
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

/** The pool as the engine's transport: one piscina task per chunk, a port per sequence. */
function poolTransport(
  pool: Workers,
  jobId: string,
  job: ShippedJob,
  context: unknown,
  shape: { slots: number; maxInFlight: number; retries: number },
): Transport {
  const withContext = context === undefined ? {} : { context };
  return {
    ...shape,
    targetMs: TARGET_MS,
    maxItems: MAX_STREAM_CHUNK,
    async fold(chunk: EngineChunk, signal: AbortSignal): Promise<ChunkResult> {
      return (await pool.request(
        { kind: 'fold', jobId, job, input: chunk.input, ...withContext },
        signal,
      )) as FoldReply;
    },
    async sequence(signal: AbortSignal): Promise<Sequence> {
      return openSequence(pool, { jobId, job, ...withContext }, signal);
    },
    copyMicros(items) {
      if (items.length === 0) return undefined;
      const t0 = performance.now();
      try {
        serialize(items);
      } catch {
        return undefined; // the send itself will say what cannot be copied
      }
      return Math.max(((performance.now() - t0) * 1000) / items.length, 0.001);
    },
    isFatal: (error) => error instanceof WorkerStartError,
    async mapTask(chunk, output, signal) {
      return (await pool.request(
        {
          kind: 'map-task',
          jobId,
          job,
          input: chunk.input,
          task: chunk.index,
          output,
          ...withContext,
        },
        signal,
      )) as MapTaskReply;
    },
    async reduceTask(task, signal) {
      return (await pool.request(
        { kind: 'reduce-task', jobId, job, ...task, ...withContext },
        signal,
      )) as OutputPartition;
    },
  };
}
