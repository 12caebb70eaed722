/**
 * `startWorker()`: the worker side of `cluster()`, as `polyfold worker` runs it. A BullMQ
 * worker takes chunk jobs from the queue; each chunk is folded on a worker thread (so a
 * CPU-bound chunk never starves the event loop that renews the job's lock), and the partial
 * accumulator goes back as the job's result.
 *
 * Nothing a job says decides what code runs: the job names task modules, and the worker
 * refuses (before importing anything) any module that is not one it was started with.
 */
import { availableParallelism } from 'node:os';
import type { Job as BullJob } from 'bullmq';
import { checkOptionKeys, optionKeys } from '../dispatch/internal.js';
import { InvalidArgumentError } from '../functional/index.js';
import { createPool } from '../parallel/index.js';
import type { FoldReply, FoldRequest, ShippedJob } from '../parallel/internal.js';
import { failureOf, RemoteTaskError } from '../parallel/internal.js';
import { dataRootsOf, firstRefused, isUnder, taskModuleUrl } from './allow-list.js';
import { decodeData, encodeData } from './codec.js';
import type { ClusterConnection } from './connection.js';
import {
  checkConnection,
  describeConnection,
  lastErrorOf,
  openRedis,
  waitForRedis,
} from './connection.js';
import { ModuleNotAllowedError, PathNotAllowedError, RedisUnavailableError } from './errors.js';
import type { ChunkReply } from './messages.js';
import { CHUNK_JOB, checkChunkData, checkQueueName } from './messages.js';
import { loadPeers } from './peers.js';
import { within } from './session.js';
import { warmUp } from './warm-up.js';

/**
 * Options of `startWorker` (the flags of `polyfold worker`).
 *
 * @example
 * ```ts
 * import type { WorkerOptions } from 'polyfold/cluster';
 * const options: WorkerOptions = {
 *   connection: 'redis://localhost:6379',
 *   queue: 'wordcount',
 *   tasks: ['/srv/app/dist/tasks.js'],
 *   concurrency: 8,
 *   dataRoots: ['/data'],
 * };
 * ```
 */
export interface WorkerOptions {
  /** Where Redis is: a `redis://` / `rediss://` URL or ioredis options (password, TLS…). */
  readonly connection: ClusterConnection;
  /** The queue to take chunk jobs from (the coordinator's `queue`). */
  readonly queue: string;
  /**
   * The allow-list: paths or `file:` URLs of the task modules this worker may import. A job
   * naming any other module is refused. Deploy the same modules on every worker.
   */
  readonly tasks: readonly string[];
  /** Chunks folded at once, each on its own thread (default: the number of cores). */
  readonly concurrency?: number | undefined;
  /** Milliseconds a job's lock lasts without renewal (default 30 000); renewed every half. */
  readonly lockDuration?: number | undefined;
  /** Milliseconds between checks for jobs whose worker died (default 30 000). */
  readonly stalledInterval?: number | undefined;
  /** Times a chunk may be re-run after its worker died before the run fails (default 2). */
  readonly maxStalledCount?: number | undefined;
  /** BullMQ key prefix (default `'bull'`); the coordinator must use the same. */
  readonly prefix?: string | undefined;
  /** Milliseconds to wait for Redis at start before rejecting (default 10 000). */
  readonly connectTimeout?: number | undefined;
  /**
   * Milliseconds `close()` lets running chunks finish (default 10 000); chunks still running
   * then are released: stopped and put back in the queue for another worker at once.
   */
  readonly closeTimeout?: number | undefined;
  /**
   * Directories `textFile` byte ranges may be read from. Without it, any file this process
   * can read may be named by a job (see the security section of `cluster.md`).
   */
  readonly dataRoots?: readonly string[] | undefined;
  /** Called with errors the worker recovers from (lost connections, refused jobs). */
  readonly onError?: ((error: Error) => void) | undefined;
}

/** Every key of {@link WorkerOptions}; any other key is refused (a typo). */
export const WORKER_OPTIONS = optionKeys<WorkerOptions>()(
  'connection',
  'queue',
  'tasks',
  'concurrency',
  'lockDuration',
  'stalledInterval',
  'maxStalledCount',
  'prefix',
  'connectTimeout',
  'closeTimeout',
  'dataRoots',
  'onError',
);

/**
 * A running worker, as `startWorker` resolves it.
 *
 * @example
 * ```ts
 * import { startWorker } from 'polyfold/cluster';
 * await using worker = await startWorker({ connection: 'redis://localhost:6379', queue: 'q', tasks: ['./tasks.js'] });
 * worker.tasks; // ['file:///…/tasks.js']: what this worker may import
 * ```
 */
export interface ClusterWorker {
  readonly queue: string;
  /** The allow-list, as the file URLs jobs are compared against. */
  readonly tasks: readonly string[];
  readonly concurrency: number;
  /** Stops taking jobs, lets running chunks finish (or releases them), disconnects. */
  close(): Promise<void>;
  /** `close()`, for `await using worker = await startWorker(…)`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a cluster worker: takes chunk jobs from `queue`, folds each on a worker thread, and
 * sends the partial results back. Resolves once it is connected and listening.
 *
 * When to use: on every machine that should work on `cluster()` runs; `polyfold worker`
 * calls it from the command line and closes it on SIGTERM/SIGINT.
 *
 * Details: imports only the modules in `tasks` (compared as real file URLs); a job naming
 * another module fails its run with `ModuleNotAllowedError` as the cause, and nothing is
 * imported. A task that throws fails the run with its error and stack; the job is not
 * retried. A chunk whose run is gone (aborted, finished) is skipped. Locks are renewed while
 * chunks run, so a long chunk is not taken for a dead worker; if this process dies, its
 * chunks run again elsewhere after about `lockDuration + stalledInterval`.
 *
 * @example
 * ```ts
 * import { startWorker } from 'polyfold/cluster';
 * const worker = await startWorker({
 *   connection: process.env.REDIS_URL ?? 'redis://localhost:6379',
 *   queue: 'wordcount',
 *   tasks: ['./dist/tasks.js'],
 * });
 * process.once('SIGTERM', () => void worker.close());
 * ```
 */
export async function startWorker(options: WorkerOptions): Promise<ClusterWorker> {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(
      'startWorker',
      'options',
      'an options object ({ connection, queue, tasks, … })',
      options,
    );
  }
  checkOptionKeys('startWorker', options, WORKER_OPTIONS);
  checkConnection('startWorker', options.connection);
  checkQueueName('startWorker', options.queue);
  const {
    connection,
    queue,
    tasks,
    concurrency = availableParallelism(),
    lockDuration = 30_000,
    stalledInterval = 30_000,
    maxStalledCount = 2,
    prefix = 'bull',
    connectTimeout = 10_000,
    closeTimeout = 10_000,
    dataRoots,
    onError,
  } = options;
  if (!Array.isArray(tasks) || tasks.length === 0) {
    throw new InvalidArgumentError(
      'startWorker',
      'options.tasks',
      'a non-empty array of task module paths (the allow-list)',
      tasks,
    );
  }
  const counts = { concurrency, lockDuration, stalledInterval, connectTimeout, closeTimeout };
  for (const [key, value] of Object.entries(counts)) {
    if (!(Number.isInteger(value) && value >= 1)) {
      throw new InvalidArgumentError('startWorker', `options.${key}`, 'a positive integer', value);
    }
  }
  if (!(Number.isInteger(maxStalledCount) && maxStalledCount >= 0)) {
    throw new InvalidArgumentError(
      'startWorker',
      'options.maxStalledCount',
      'a non-negative integer',
      maxStalledCount,
    );
  }
  if (onError !== undefined && typeof onError !== 'function') {
    throw new InvalidArgumentError('startWorker', 'options.onError', 'a function', onError);
  }
  const allowList = tasks.map((t, i) => taskModuleUrl('startWorker', `options.tasks[${i}]`, t));
  const allowed = new Set(allowList);
  const roots =
    dataRoots === undefined ? undefined : dataRootsOf('startWorker', dataRoots as unknown[]);

  const peers = await loadPeers();
  const { Worker, UnrecoverableError, WaitingError } = peers.bullmq;
  const client = openRedis(peers, connection, { connectTimeout });
  try {
    await waitForRedis(client, connection, connectTimeout);
  } catch (error) {
    client.disconnect();
    throw error;
  }

  // Threads live as long as the worker: a chunk should not pay for a thread start.
  const pool = createPool({ workers: concurrency, retries: 0, idleTimeout: 300_000 });
  try {
    await warmUp(pool, allowList, concurrency);
  } catch (error) {
    await pool.close();
    client.disconnect();
    throw error;
  }
  const running = new Map<string, AbortController>();
  let releasing = false;
  const seenAlive = new Map<string, number>();
  const runIsAlive = async (runId: string, parentKey: string): Promise<boolean> => {
    const now = performance.now();
    if (now - (seenAlive.get(runId) ?? Number.NEGATIVE_INFINITY) < 1_000) return true;
    if ((await client.exists(parentKey)) === 0) return false;
    seenAlive.delete(runId); // re-inserted last: the map stays in check order
    seenAlive.set(runId, now);
    if (seenAlive.size > 256) seenAlive.delete(seenAlive.keys().next().value as string);
    return true;
  };
  const report = (error: Error): void => onError?.(error);

  const processor = async (job: BullJob, token?: string): Promise<ChunkReply> => {
    if (job.name !== CHUNK_JOB) {
      throw new UnrecoverableError(
        `polyfold worker: job ${job.id} is named "${job.name}", not "${CHUNK_JOB}": give polyfold a queue of its own`,
      );
    }
    let data: ReturnType<typeof checkChunkData>;
    let shipped: ShippedJob;
    let context: unknown;
    let items: unknown[] | undefined;
    try {
      data = checkChunkData(job.data, job.id);
      // Decoding is a walk over parsed JSON: nothing a job holds is evaluated or imported.
      shipped = decodeData(data.job) as ShippedJob;
      context = data.context === undefined ? undefined : decodeData(data.context);
      if ('items' in data.input) items = decodeData(data.input.items) as unknown[];
    } catch (error) {
      // Not a polyfold chunk (or another wire version): fail the job, do not retry it.
      report(error as Error);
      throw new UnrecoverableError((error as Error).message);
    }
    // An aborted or finished run removed its parent: its stragglers are not worth running.
    // Checked at most once a second per run (a run's chunks come in bursts).
    if (job.parentKey && !(await runIsAlive(data.runId, job.parentKey))) {
      return {
        ok: false,
        failure: { name: 'RunGone', message: 'the run ended before this chunk ran; skipped' },
      };
    }
    // The allow-list, before anything is imported.
    const refused = firstRefused(shipped, allowed);
    if (refused !== undefined) {
      const error = new ModuleNotAllowedError(refused, allowList);
      report(error);
      return { ok: false, failure: failureOf(error) };
    }
    const input = data.input;
    const ranges = 'range' in input ? [input.range] : 'ranges' in input ? input.ranges : [];
    const outside = roots === undefined ? undefined : ranges.find((r) => !isUnder(r.path, roots));
    if (outside !== undefined) {
      const error = new PathNotAllowedError(outside.path, roots!);
      report(error);
      return { ok: false, failure: failureOf(error) };
    }
    const controller = new AbortController();
    const key = String(job.id);
    running.set(key, controller);
    try {
      const request: FoldRequest = {
        kind: 'fold',
        jobId: data.runId,
        job: shipped,
        input:
          'range' in input
            ? { range: input.range }
            : 'ranges' in input
              ? { ranges: input.ranges }
              : { items: items ?? [] },
        ...(context === undefined ? {} : { context }),
      };
      const reply = (await pool.request(request, controller.signal)) as FoldReply;
      return {
        ok: true,
        acc: encodeData(reply.acc, `the partial result of chunk ${data.index}`),
        items: reply.items,
        ...(reply.micros === undefined ? {} : { micros: reply.micros }),
      };
    } catch (error) {
      if (releasing && controller.signal.aborted && token !== undefined) {
        // Closing: hand the chunk back to the queue now rather than after a stall interval.
        await job.moveToWait(token);
        throw new WaitingError();
      }
      if (error instanceof RemoteTaskError) return { ok: false, failure: failureOf(error.remote) };
      if ((error as { code?: unknown }).code === 'ERR_UNSENDABLE_VALUE') {
        return { ok: false, failure: failureOf(error) };
      }
      // The thread died (or similar): BullMQ retries the job as its `attempts` allow.
      report(error as Error);
      throw error;
    } finally {
      running.delete(key);
    }
  };

  const worker = new Worker(queue, processor, {
    connection: client,
    prefix,
    concurrency,
    lockDuration,
    stalledInterval,
    maxStalledCount,
    autorun: true,
  });
  worker.on('error', report);
  const ready = await within(worker.waitUntilReady(), connectTimeout);
  if (!ready) {
    await worker.close(true).catch(() => {});
    await pool.close();
    client.disconnect();
    throw new RedisUnavailableError(
      describeConnection(connection),
      connectTimeout,
      lastErrorOf(client),
      'cannot open the worker connections',
    );
  }

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const graceful = worker.close();
      if (!(await within(graceful, closeTimeout))) {
        releasing = true;
        for (const controller of running.values()) controller.abort(new Error('released'));
        await within(graceful, 5_000);
      }
      await pool.close();
      if (!(await within(client.quit(), 2_000))) client.disconnect();
    })();
    return closing;
  };

  return Object.freeze({
    queue,
    tasks: Object.freeze([...allowList]),
    concurrency,
    close,
    [Symbol.asyncDispose]: close,
  });
}
