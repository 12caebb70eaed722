/**
 * A worker-thread pool for map-style work, after Python's `multiprocessing.Pool`, on piscina.
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { isMainThread, workerData } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { optionKeys } from '../dispatch/internal.js';
import type { ExecuteOptions, Job } from '../functional/index.js';
import { InvalidArgumentError } from '../functional/index.js';
import { checkOptions, isCount } from './check.js';
import type { ChunkPlan } from './chunking.js';
import { planChunks } from './chunking.js';
import { findUncloneable } from './cloneable.js';
import {
  AbortedError,
  NestedPoolError,
  TaskNotFoundError,
  UncloneableValueError,
  WorkerOutOfMemoryError,
  WorkerStartError,
} from './errors.js';
import { resourceLimitsOf, type WorkerResourceLimits } from './limits.js';
import type { WorkerFailure, WorkerReply, WorkerRequest } from './protocol.js';
import { errorOf } from './protocol.js';
import type { Chunk } from './scheduler.js';
import { RemoteTaskError, schedule } from './scheduler.js';
import type { Source } from './source.js';
import { chunked, isAsyncIterable, isIterable, peek } from './source.js';
import type { TaskAddress } from './tasks.js';
import { requireAddress } from './tasks.js';
import type { ParallelProgress, ThreadsOptions } from './threads.js';
// A cycle (threads uses createPool), safe because neither is used at module load.
import { threads } from './threads.js';
import { ownUrl, workerFile } from './worker-file.js';

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
  /** Items per worker task: a number, or `'auto'` (default) to time a sample and choose. */
  readonly chunkSize?: 'auto' | number;
  /** Passed to the task as its second argument (must survive structured clone). */
  readonly context?: unknown;
  readonly signal?: AbortSignal;
  /** Called once the chunk plan is known (`local: true` means the work ran on this thread). */
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
  const resourceLimits = resourceLimitsOf('createPool', options.resourceLimits, workers);
  // A worker that imports the app itself would start pools inside pools without end.
  if (!isMainThread && (workerData as { polyfold?: unknown } | null)?.polyfold === POOL_WORKER) {
    throw new NestedPoolError();
  }
  const piscina = new Piscina({
    filename: workerFile(options.workerFile),
    minThreads: 0,
    maxThreads: workers,
    idleTimeout,
    resourceLimits,
    workerData: { polyfold: POOL_WORKER },
  });
  const startup = startupWatch(piscina);
  let closed = false;

  const request = async (req: WorkerRequest, signal?: AbortSignal): Promise<unknown> => {
    if (closed) throw new Error('the pool is closed: create a new one with createPool()');
    startup.check();
    refuseAppAsTaskModule(req);
    let reply: WorkerReply;
    try {
      reply = (await startup.run(req, signal)) as WorkerReply;
    } catch (error) {
      // Out of memory is the chunk's doing, not a crash: it would fail again, so not retried.
      if ((error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw new RemoteTaskError(
          new WorkerOutOfMemoryError(resourceLimits.maxOldGenerationSizeMb, error),
        );
      }
      // The request itself could not be posted: sending it again cannot help.
      if ((error as { name?: unknown } | null)?.name === 'DataCloneError') {
        throw new RemoteTaskError(unsendable(req, error as Error));
      }
      throw error;
    }
    if (!reply.ok) throw new RemoteTaskError(errorOf(withEntryScriptHint(reply.failure)));
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

/** Which part of a request structured clone refused, as the error a caller can act on. */
function unsendable(req: WorkerRequest, error: Error): Error {
  const parts: Array<[string, unknown]> = [['the context', req.context]];
  if (req.kind === 'map') parts.unshift(["the chunk's items", req.items]);
  else if ('items' in req.input) parts.unshift(["the chunk's items", req.input.items]);
  for (const [what, value] of parts) {
    const bad = findUncloneable(value);
    if (bad !== undefined) return new UncloneableValueError(what, bad.path, bad.value, true);
  }
  return error;
}

/** Marks piscina's workers as polyfold's (workerData), so a pool inside one is recognised. */
const POOL_WORKER = 'pool-worker/v1';

/**
 * Turns a failure to start workers into one prompt WorkerStartError. Piscina gives up on a
 * pool whose first worker dies while loading (its worker file missing, the entry failing to
 * import) and reports it only as an 'error' event, leaving queued tasks pending with nothing
 * keeping the process alive: the run's promise would never settle and the process would exit
 * 0 in silence. A worker that ever became ready proves the files load; after that, failures
 * are the scheduler's to retry.
 */
function startupWatch(piscina: Piscina) {
  let started = false;
  let failure: WorkerStartError | undefined;
  const pending = new Set<(error: Error) => void>();
  const fail = (cause: unknown): WorkerStartError => {
    failure ??= cause instanceof WorkerStartError ? cause : new WorkerStartError(cause);
    for (const reject of pending) reject(failure);
    pending.clear();
    return failure;
  };
  piscina.on('workerCreate', () => {
    started = true;
  });
  // Besides startup failures, piscina reports here what no task promise can: chiefly a reply
  // for a task aborted a moment earlier. Without a listener they would crash the process.
  piscina.on('error', (error: unknown) => {
    if (!started) fail(error);
  });
  return {
    check(): void {
      if (failure) throw failure;
    },
    run(req: WorkerRequest, signal?: AbortSignal): Promise<unknown> {
      // A controller of its own: when piscina throws while queueing (its worker file not
      // found), the task it registered on the signal must not reject, unhandled, on abort.
      const own = new AbortController();
      const forward = (): void => own.abort(signal?.reason);
      if (signal?.aborted) forward();
      else signal?.addEventListener('abort', forward, { once: true });
      return new Promise((resolve, reject) => {
        pending.add(reject);
        const settle = (): void => {
          pending.delete(reject);
          signal?.removeEventListener('abort', forward);
        };
        let task: Promise<unknown>;
        try {
          task = piscina.run(req, { signal: own.signal });
        } catch (error) {
          task = Promise.reject(error);
        }
        task.then(
          (value) => {
            settle();
            resolve(value);
          },
          (error: unknown) => {
            settle();
            const aborted = signal?.aborted || (error as { name?: unknown }).name === 'AbortError';
            reject(started || aborted ? error : fail(error));
          },
        );
      });
    },
  };
}

/**
 * Refuses, before anything is sent, a task whose module is the very file polyfold runs from:
 * an app bundled with its tasks. A worker importing it would run the whole app again.
 */
const checkedJobs = new WeakSet<object>();

function refuseAppAsTaskModule(req: WorkerRequest): void {
  const here = ownUrl();
  if (here === undefined) return;
  // Every chunk of a run carries the same shipped job: look at it once.
  if (req.kind === 'fold' && checkedJobs.has(req.job)) return;
  for (const task of req.kind === 'map' ? [req.task] : tasksOf(req.job)) {
    if (task.module === here) {
      throw new TaskNotFoundError(
        task.module,
        task.name,
        'that module is the bundle polyfold itself runs from: this looks like a bundled app whose task ' +
          'modules were bundled into it, and a worker importing it would run the whole app again. Make every ' +
          'module that calls defineTasks its own entry point of the bundle and keep it out of the app bundle ' +
          '(see docs/bundling.md)',
      );
    }
  }
  if (req.kind === 'fold') checkedJobs.add(req.job);
}

/** Task addresses inside a shipped job (functions travel as `{ $task: { module, name } }`). */
function tasksOf(value: unknown, out: TaskAddress[] = []): TaskAddress[] {
  if (Array.isArray(value)) for (const v of value) tasksOf(v, out);
  else if (typeof value === 'object' && value !== null) {
    const ref = (value as { $task?: TaskAddress }).$task;
    if (ref !== undefined) out.push(ref);
    else for (const v of Object.values(value)) tasksOf(v, out);
  }
  return out;
}

/**
 * A worker that could not load a task from the program's entry script has, most often,
 * imported an app bundle that took its task modules in (and ran the app again): say so.
 * Only this thread knows the entry script; a worker's argv names piscina's worker file.
 */
function withEntryScriptHint(failure: WorkerFailure): WorkerFailure {
  const main = process.argv[1];
  if (failure.code !== 'ERR_TASK_NOT_FOUND' || main === undefined) return failure;
  if (!failure.message.includes(` from ${pathToFileURL(main).href}:`)) return failure;
  if (failure.message.includes('docs/bundling.md')) return failure;
  return {
    ...failure,
    message:
      `${failure.message} That module is the program's entry script: if this is a bundled app, make every ` +
      'module that calls defineTasks its own entry point of the bundle, kept out of the app bundle (see ' +
      'docs/bundling.md).',
  };
}
