/**
 * A worker-thread pool for map-style work, after Python's `multiprocessing.Pool`, on piscina.
 * Like `multiprocessing.Pool`, it never runs a task on the calling thread: chunk sizes are
 * learned from the workers' timings (engine/sizing.ts), not by running a sample here.
 */

import { availableParallelism } from 'node:os';
import { serialize } from 'node:v8';
import { optionKeys } from '../dispatch/internal.js';
import { PolyfoldError } from '../errors/index.js';
import type { ExecuteOptions, Job } from '../functional/index.js';
import { InvalidArgumentError } from '../functional/index.js';
import { checkOptions, isCount } from './check.js';
import { cutArray, cutAsync, cutIterable, numbered, type SizeOf } from './engine/cut.js';
import { checkSource } from './engine/execute.js';
import type { EngineChunk } from './engine/input.js';
import { RemoteTaskError, schedule } from './engine/schedule.js';
import { ChunkSizer, shippingAdvice } from './engine/sizing.js';
import { resourceLimitsOf, type WorkerResourceLimits } from './limits.js';
import type { MapReply } from './protocol.js';
import type { Source } from './source.js';
import { isIterable } from './source.js';
import { requireAddress } from './tasks.js';
import type { ParallelProgress, ThreadsOptions } from './threads.js';
import { threads } from './threads.js';
import { startWorkers, type Workers } from './workers.js';

/**
 * How `pool.map` sizes its chunks, reported through `onPlan` once the first timing is back.
 */
export interface ChunkPlan {
  /** Items per chunk the pool moves to next. */
  readonly chunkSize: number;
  /** The task's cost per item, measured by a worker, in µs. */
  readonly workMicros: number;
  /** Copying one item to a worker, measured here (no task runs here), in µs. */
  readonly copyMicros: number;
  /** What the plan is, in words. */
  readonly reason: string;
  /** Set when copying costs more than the work: what would be faster. */
  readonly advice?: string;
}

/** Options of `createPool`. */
export interface PoolOptions {
  /** Worker threads (default: the number of cores). */
  readonly workers?: number;
  /** Extra attempts for a chunk whose worker died (default 2). A task that throws is not retried. */
  readonly retries?: number;
  /** Milliseconds an idle worker lives before it is stopped (default 5 000). */
  readonly idleTimeout?: number;
  /**
   * Memory limits of every worker, in MiB (default: a heap cap of half the machine's memory
   * shared among the workers, 512 MiB to 2 GiB; see `defaultResourceLimits`). A chunk that
   * exceeds it fails with `WorkerOutOfMemoryError`, and is not retried.
   */
  readonly resourceLimits?: WorkerResourceLimits;
  /**
   * The worker entry (a path or file URL), for bundled apps that emit it somewhere other
   * than `polyfold-worker.js` next to the bundle (docs/bundling.md). Default: found
   * automatically, or the `POLYFOLD_WORKER_FILE` environment variable.
   */
  readonly workerFile?: string | URL;
}

/** Options of `map`, `imap` and `imapUnordered`. */
export interface MapOptions {
  /** Items per worker task: a number, or `'auto'` (default): learned from the workers' timings. */
  readonly chunkSize?: 'auto' | number;
  /** Passed to the task as its second argument (must survive structured clone). */
  readonly context?: unknown;
  readonly signal?: AbortSignal;
  /** Called once, when the first chunk's timing is back: how the pool sizes its chunks. */
  readonly onPlan?: (plan: ChunkPlan) => void;
}

/** Every key of {@link PoolOptions}; any other key is refused (a typo). */
export const POOL_OPTIONS = optionKeys<PoolOptions>()(
  'workers',
  'retries',
  'idleTimeout',
  'resourceLimits',
  'workerFile',
);

/** Every key of {@link MapOptions}; any other key is refused (a typo). */
export const MAP_OPTIONS = optionKeys<MapOptions>()('chunkSize', 'context', 'signal', 'onPlan');

/** Options of `pool.fold`: the threads executor's (minus the pool) and the run's. */
export interface PoolFoldOptions
  extends Omit<ThreadsOptions, 'pool' | 'workers' | 'resourceLimits'>,
    ExecuteOptions<ParallelProgress> {}

/** Every key of {@link PoolFoldOptions}; any other key is refused (a typo). */
export const POOL_FOLD_OPTIONS = optionKeys<PoolFoldOptions>()(
  'chunkSize',
  'retries',
  'context',
  'maxInFlight',
  'placement',
  'signal',
  'onProgress',
  'output',
);

/** A task function: declared with `defineTasks`, so workers can find it. */
export type Task<T, R> = (item: T, context?: any) => R;

/** A pool of worker threads. Closing it (or `await using`) stops the workers. */
export interface Pool extends Workers {
  /** Applies `task` to every item on the workers; results in input order. */
  map<T, R>(task: Task<T, R>, items: Source<T>, options?: MapOptions): Promise<R[]>;
  /** Like `map`, as an async iterator yielding results in input order as they are ready. */
  imap<T, R>(task: Task<T, R>, items: Source<T>, options?: MapOptions): AsyncIterableIterator<R>;
  /** Like `imap`, yielding results in completion order. */
  imapUnordered<T, R>(
    task: Task<T, R>,
    items: Source<T>,
    options?: MapOptions,
  ): AsyncIterableIterator<R>;
  /**
   * Runs a job on this pool's workers, like `run(job, source, { executor: threads({ pool }) })`.
   */
  fold<A, R>(job: Job<A, R>, source: Source<A>, options?: PoolFoldOptions): Promise<R>;
  /** `close()`, for `await using pool = createPool()`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a pool of worker threads.
 *
 * When to use: many independent calls of one task (`map`), or several jobs that should
 * share warm workers (`threads({ pool })`). For a single job, `run(job, source, { executor:
 * threads() })` manages a pool for you.
 *
 * Gotchas: tasks must be declared with `defineTasks` and exported under the same name;
 * items and results are copied between threads (structured clone: plain data only).
 *
 * @example
 * ```ts
 * import { createPool } from 'polyfold/parallel';
 * import { slowSquare } from './tasks.js'; // export const { slowSquare } = defineTasks(import.meta.url, {...})
 * await using pool = createPool({ workers: 2 });
 * await pool.map(slowSquare, [1, 2, 3]); // [1, 4, 9]
 * for await (const y of pool.imap(slowSquare, [4, 5])) console.log(y);
 * await pool.fold(wordCount, lines); // a job, on the same warm workers
 * ```
 */
export function createPool(options: PoolOptions = {}): Pool {
  checkOptions('createPool', options, POOL_OPTIONS);
  const workers = options.workers ?? availableParallelism();
  if (!isCount(workers, 1)) {
    throw new InvalidArgumentError('createPool', 'options.workers', 'a positive integer', workers);
  }
  const retries = options.retries ?? 2;
  if (!isCount(retries, 0)) {
    throw new InvalidArgumentError(
      'createPool',
      'options.retries',
      'a non-negative integer',
      retries,
    );
  }
  const idleTimeout = options.idleTimeout ?? 5_000;
  if (!isCount(idleTimeout, 0)) {
    throw new InvalidArgumentError(
      'createPool',
      'options.idleTimeout',
      'milliseconds (an integer ≥ 0)',
      idleTimeout,
    );
  }
  const resourceLimits = resourceLimitsOf('createPool', options.resourceLimits, workers);
  const core: Workers = startWorkers({
    workers,
    idleTimeout,
    resourceLimits,
    workerFile: options.workerFile,
  });
  const { request } = core;

  async function* mapChunks<T, R>(
    task: Task<T, R>,
    items: Source<T>,
    opts: MapOptions,
    ordered: boolean,
  ): AsyncGenerator<R[], void, undefined> {
    const address = requireAddress(task, 'pool.map task');
    if (!isIterable(items)) checkSource('pool.map', items);
    checkOptions('pool.map', opts, MAP_OPTIONS);
    const context = opts.context;
    const chunkSize = opts.chunkSize ?? 'auto';
    if (chunkSize !== 'auto' && !isCount(chunkSize, 1)) {
      throw new InvalidArgumentError(
        'pool.map',
        'options.chunkSize',
        "'auto' or a positive integer",
        chunkSize,
      );
    }
    const sizer = new ChunkSizer({
      slots: workers,
      targetMs: 1,
      maxMs: 100,
      first: 1,
      max: Array.isArray(items) ? Number.POSITIVE_INFINITY : 65_536,
      total: Array.isArray(items) ? items.length : undefined,
      fixed: chunkSize === 'auto' ? undefined : chunkSize,
    });
    const size: SizeOf = (remaining) => sizer.next(remaining);
    const cut = Array.isArray(items)
      ? cutArray(items, size)
      : isIterable(items)
        ? cutIterable(items, size)
        : cutAsync(items as AsyncIterable<unknown>, size);
    let planned = opts.onPlan === undefined;
    const outcomes = schedule<EngineChunk, MapReply>(
      numbered(cut),
      async (chunk, signal) => {
        const input = chunk.items.input as { items: readonly unknown[] };
        const reply = (await request(
          {
            kind: 'map',
            task: address,
            items: input.items,
            ...(context === undefined ? {} : { context }),
          },
          signal,
        )) as MapReply;
        if (!Array.isArray(reply?.values)) throw new RemoteTaskError(foreignReply(reply));
        return reply;
      },
      {
        maxInFlight: () => (sizer.probing ? workers : workers * 2),
        retries,
        ordered,
        signal: opts.signal,
        label: address.name,
        onFinished: (chunk, reply) => {
          const c = chunk.items as EngineChunk;
          sizer.observe(c.units, reply.micros);
          if (!planned) {
            planned = true;
            opts.onPlan?.(planOf(c, reply, sizer.next(), workers));
          }
        },
      },
    );
    for await (const o of outcomes) yield o.value.values as R[];
  }

  async function* flatten<R>(chunks: AsyncGenerator<R[]>): AsyncIterableIterator<R> {
    for await (const chunk of chunks) yield* chunk;
  }

  const pool: Pool = {
    workers,
    async map<T, R>(task: Task<T, R>, items: Source<T>, opts: MapOptions = {}): Promise<R[]> {
      let out: R[] | undefined;
      for await (const chunk of mapChunks(task, items, opts, true)) {
        if (out === undefined) out = chunk;
        else for (const r of chunk) out.push(r);
      }
      return out ?? [];
    },
    imap: (task, items, opts = {}) => flatten(mapChunks(task, items, opts, true)),
    imapUnordered: (task, items, opts = {}) => flatten(mapChunks(task, items, opts, false)),
    fold(job, source, opts = {}) {
      checkOptions('pool.fold', opts, POOL_FOLD_OPTIONS);
      const { signal, onProgress, output, ...threadOptions } = opts;
      return threads({ ...threadOptions, pool }).run(job, source, {
        signal,
        onProgress,
        ...(output === undefined ? {} : { output }),
      });
    },
    close: () => core.close(),
    [Symbol.asyncDispose]() {
      return pool.close();
    },
    request,
  };
  return pool;
}

/** A worker entry answering in another protocol (another version of polyfold, or not it). */
function foreignReply(reply: unknown): Error {
  return new PolyfoldError(
    'ERR_WORKER_PROTOCOL',
    `the worker answered a map request with ${Array.isArray(reply) ? 'an array' : reply === null ? 'null' : typeof reply}, not { values, micros }: ` +
      "the pool's worker entry (options.workerFile or POLYFOLD_WORKER_FILE) must be polyfold's own, " +
      'from the same version as this package (see docs/bundling.md)',
  );
}

/** The plan `onPlan` reports, from the first chunk a worker timed. */
function planOf(chunk: EngineChunk, reply: MapReply, next: number, workers: number): ChunkPlan {
  const items = chunk.input.kind === 'items' ? chunk.input.items : [];
  const workMicros = reply.micros / Math.max(items.length, 1);
  let copyMicros = 0;
  try {
    const t0 = performance.now();
    serialize(items);
    copyMicros = ((performance.now() - t0) * 1000) / Math.max(items.length, 1);
  } catch {
    copyMicros = Number.POSITIVE_INFINITY;
  }
  const advice = shippingAdvice(workMicros, copyMicros, workers, 'to a worker');
  return {
    chunkSize: next,
    workMicros,
    copyMicros,
    reason: `work ${workMicros.toFixed(3)} µs/item (timed by a worker): chunks of ${next} items next`,
    ...(advice === undefined ? {} : { advice }),
  };
}
