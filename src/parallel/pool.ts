/**
 * A worker-thread pool for map-style work, after Python's `multiprocessing.Pool`, on piscina.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { optionKeys } from '../dispatch/internal.js';
import type { ExecuteOptions, Job } from '../functional/index.js';
import { InvalidArgumentError } from '../functional/index.js';
import { checkOptions, isCount } from './check.js';
import type { ChunkPlan } from './chunking.js';
import { planChunks } from './chunking.js';
import { AbortedError } from './errors.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';
import { errorOf } from './protocol.js';
import type { Chunk } from './scheduler.js';
import { RemoteTaskError, schedule } from './scheduler.js';
import type { Source } from './source.js';
import { chunked, isAsyncIterable, isIterable, peek } from './source.js';
import { requireAddress } from './tasks.js';
import type { ParallelProgress, ThreadsOptions } from './threads.js';
// A cycle (threads uses createPool), safe because neither is used at module load.
import { threads } from './threads.js';
import { workerFile } from './worker-file.js';

/** Options of `createPool`. */
export interface PoolOptions {
  /** Worker threads (default: the number of cores). */
  readonly workers?: number;
  /** Extra attempts for a chunk whose worker died (default 2). A task that throws is not retried. */
  readonly retries?: number;
  /** Milliseconds an idle worker lives before it is stopped (default 5 000). */
  readonly idleTimeout?: number;
}

/** Options of `map`, `imap` and `imapUnordered`. */
export interface MapOptions {
  /** Items per worker task: a number, or `'auto'` (default) to time a sample and choose. */
  readonly chunkSize?: 'auto' | number;
  /** Passed to the task as its second argument (must survive structured clone). */
  readonly context?: unknown;
  readonly signal?: AbortSignal;
  /** Called once the chunk plan is known (`local: true` means the work ran on this thread). */
  readonly onPlan?: (plan: ChunkPlan) => void;
}

/** Every key of {@link PoolOptions}; any other key is refused (a typo). */
export const POOL_OPTIONS = optionKeys<PoolOptions>()('workers', 'retries', 'idleTimeout');

/** Every key of {@link MapOptions}; any other key is refused (a typo). */
export const MAP_OPTIONS = optionKeys<MapOptions>()('chunkSize', 'context', 'signal', 'onPlan');

/** Options of `pool.fold`: the threads executor's (minus the pool) and the run's. */
export interface PoolFoldOptions
  extends Omit<ThreadsOptions, 'pool' | 'workers'>,
    ExecuteOptions<ParallelProgress> {}

/** Every key of {@link PoolFoldOptions}; any other key is refused (a typo). */
export const POOL_FOLD_OPTIONS = optionKeys<PoolFoldOptions>()(
  'chunkSize',
  'retries',
  'context',
  'maxInFlight',
  'signal',
  'onProgress',
);

/** A task function: declared with `defineTasks`, so workers can find it. */
export type Task<T, R> = (item: T, context?: any) => R;

/** A pool of worker threads. Closing it (or `await using`) stops the workers. */
export interface Pool {
  readonly workers: number;
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
  /** Stops the workers once running tasks finish. */
  close(): Promise<void>;
  /** `close()`, for `await using pool = createPool()`. */
  [Symbol.asyncDispose](): Promise<void>;
  /**
   * Sends one request to a worker. @internal for executors in this package.
   */
  readonly request: (request: WorkerRequest, signal?: AbortSignal) => Promise<unknown>;
}

const SAMPLE = 256;

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
  const piscina = new Piscina({
    filename: workerFile(),
    minThreads: 0,
    maxThreads: workers,
    idleTimeout,
  });
  // Piscina reports here what no task promise can: chiefly a reply that arrives for a task
  // we aborted a moment earlier. Task failures reach callers through run(); without a
  // listener these would crash the process as unhandled 'error' events.
  piscina.on('error', () => {});
  let closed = false;

  const request = async (req: WorkerRequest, signal?: AbortSignal): Promise<unknown> => {
    if (closed) throw new Error('the pool is closed: create a new one with createPool()');
    const reply = (await piscina.run(req, signal ? { signal } : {})) as WorkerReply;
    if (!reply.ok) throw new RemoteTaskError(errorOf(reply.failure));
    return reply.value;
  };

  async function* mapChunks<T, R>(
    task: Task<T, R>,
    items: Source<T>,
    opts: MapOptions,
    ordered: boolean,
  ): AsyncGenerator<R[], void, undefined> {
    const address = requireAddress(task, 'pool.map task');
    if (!isIterable(items) && !isAsyncIterable(items)) {
      throw new InvalidArgumentError('pool.map', 'items', 'an iterable or async iterable', items);
    }
    checkOptions('pool.map', opts, MAP_OPTIONS);
    const { head, rest, done } = await peek(items, SAMPLE);
    const context = opts.context;
    let chunkSize: number;
    if (opts.chunkSize === undefined || opts.chunkSize === 'auto') {
      const plan = planChunks({
        sample: head,
        work: (sample) => {
          for (const x of sample) context === undefined ? task(x as T) : task(x as T, context);
        },
        total: done ? head.length : Array.isArray(items) ? items.length : undefined,
        workers,
        targetMs: 1,
      });
      opts.onPlan?.(plan);
      if (plan.local) {
        // Shipping would cost more than the work: same results, computed here.
        if (opts.signal?.aborted) throw new AbortedError(opts.signal.reason);
        const apply = (x: T): R => (context === undefined ? task(x) : task(x, context));
        // An array in one native pass (the sample is recomputed: cheaper than stitching).
        if (Array.isArray(items)) {
          yield (items as T[]).map(apply);
          return;
        }
        const out: R[] = head.map(apply);
        // Arrays and iterables synchronously: one await per item would dominate cheap work.
        if (Array.isArray(rest)) for (const x of rest) out.push(apply(x));
        else if (isIterable(rest)) for (const x of rest as Iterable<T>) out.push(apply(x));
        else for await (const x of rest as AsyncIterable<T>) out.push(apply(x));
        yield out;
        return;
      }
      chunkSize = plan.chunkSize;
    } else {
      chunkSize = opts.chunkSize;
      if (!isCount(chunkSize, 1)) {
        throw new InvalidArgumentError(
          'pool.map',
          'options.chunkSize',
          "'auto' or a positive integer",
          chunkSize,
        );
      }
    }
    const outcomes = schedule(
      chunked(head, rest, chunkSize),
      (chunk: Chunk<T[]>, signal) =>
        request(
          {
            kind: 'map',
            task: address,
            items: chunk.items,
            ...(context === undefined ? {} : { context }),
          },
          signal,
        ) as Promise<R[]>,
      { maxInFlight: workers * 2, retries, ordered, signal: opts.signal, label: address.name },
    );
    for await (const o of outcomes) yield o.value;
  }

  async function* flatten<R>(chunks: AsyncGenerator<R[]>): AsyncIterableIterator<R> {
    for await (const chunk of chunks) yield* chunk;
  }

  const pool: Pool = {
    workers,
    async map<T, R>(task: Task<T, R>, items: Source<T>, opts: MapOptions = {}): Promise<R[]> {
      let out: R[] | undefined;
      for await (const chunk of mapChunks(task, items, opts, true)) {
        // The first chunk is kept as is: a local fallback is one chunk, returned uncopied.
        if (out === undefined) out = chunk;
        else for (const r of chunk) out.push(r);
      }
      return out ?? [];
    },
    imap: (task, items, opts = {}) => flatten(mapChunks(task, items, opts, true)),
    imapUnordered: (task, items, opts = {}) => flatten(mapChunks(task, items, opts, false)),
    fold(job, source, opts = {}) {
      checkOptions('pool.fold', opts, POOL_FOLD_OPTIONS);
      const { signal, onProgress, ...threadOptions } = opts;
      return threads({ ...threadOptions, pool }).run(job, source, { signal, onProgress });
    },
    async close() {
      if (closed) return;
      closed = true;
      await piscina.close();
    },
    [Symbol.asyncDispose]() {
      return pool.close();
    },
    request,
  };
  return pool;
}
