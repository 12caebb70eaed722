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
import { decodeData, encodeData } from '../functional/internal.js';
import { createPool } from '../parallel/index.js';
import type { FoldReply, FoldRequest, MapTaskReply, ShippedJob } from '../parallel/internal.js';
import { checkWritable, failureOf, RemoteTaskError } from '../parallel/internal.js';
import { dataRootsOf, firstRefused, isUnder, taskModuleUrl } from './allow-list.js';
import type { ClusterConnection } from './connection.js';
import {
  checkConnection,
  describeConnection,
  isConnectionTrouble,
  lastErrorOf,
  MAX_RECONNECT_DELAY,
  openRedis,
  redactSecrets,
  waitForRedis,
} from './connection.js';
import { firstMismatch, moduleDigest } from './digest.js';
import {
  ModuleNotAllowedError,
  PathNotAllowedError,
  RedisUnavailableError,
  TaskModuleMismatchError,
} from './errors.js';
import { runFeed } from './feed.js';
import type { ChunkReply } from './messages.js';
import {
  CHUNK_JOB,
  checkChunkData,
  checkQueueName,
  chunkIndexOf,
  heartbeatKeyOf,
  runsQueueOf,
} from './messages.js';
import { loadPeers } from './peers.js';
import { within } from './session.js';
import { warmUp } from './warm-up.js';

/** Default `lockDuration`: renewed every 2.5 to 5 s, so only a dead (or frozen) worker loses it. */
export const LOCK_DURATION = 10_000;
/** Default `stalledInterval`. */
export const STALLED_INTERVAL = 5_000;

/**
 * How often BullMQ's stalled check must run for a dead worker's chunk to be re-queued within
 * `stalledInterval` of its lock lapsing. A check re-queues the jobs that the *previous* check
 * saw active and that have no lock now; checks are shared by all workers through a key that
 * lives one check period, so when the worker that ran the last check is the one that died,
 * the next check comes up to two periods later. A chunk started after the last check is thus
 * first seen within 2 periods and re-queued one period later, or one period after its lock
 * lapsed, whichever is last: within max(3 p, lockDuration + p). With p a third of
 * `stalledInterval`, that is within `lockDuration + stalledInterval`.
 * (BullMQ passes `stalledInterval` straight to both; the defaults of 30 s each gave up to
 * 90 s.)
 *
 * @example
 * ```ts
 * stalledCheckEvery(5_000); // 1_666
 * ```
 */
export function stalledCheckEvery(stalledInterval: number): number {
  return Math.max(1, Math.floor(stalledInterval / 3));
}

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
  /**
   * Milliseconds a chunk's lock lasts without renewal (default 10 000). While the chunk runs
   * (on a thread) this worker renews it every quarter to half of it, so a chunk may take any
   * time; if this process dies, its locks lapse within this.
   */
  readonly lockDuration?: number | undefined;
  /**
   * Milliseconds a dead worker's chunk stays taken after its lock lapsed, at most, before it
   * goes back to the queue (default 5 000). BullMQ's stalled check needs two looks at a job,
   * so it runs every third of this. A dead worker's chunk runs again elsewhere within
   * `lockDuration + stalledInterval` of its death.
   */
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
  /**
   * Milliseconds between this worker's looks for abandoned runs (default 30 000): runs whose
   * coordinator's heartbeat lapsed (see `cluster({ heartbeat })`) are removed, with their
   * chunks. A chunk of such a run is dropped whenever a worker takes it, whatever this is.
   */
  readonly sweepInterval?: number | undefined;
  /**
   * Called with errors the worker recovers from (refused jobs, a lost connection). A lost
   * connection is reported once, when it is lost, not at every reconnection attempt.
   */
  readonly onError?: ((error: Error) => void) | undefined;
  /**
   * Called when the connection to Redis is lost and when it is back (once each), with a
   * message saying so (the connection shown redacted).
   */
  readonly onConnection?: ((state: 'lost' | 'reconnected', message: string) => void) | undefined;
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
  'sweepInterval',
  'onConnection',
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
 * chunks run again elsewhere within `lockDuration + stalledInterval` (15 s by default), as
 * long as another worker is alive to notice.
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
    lockDuration = LOCK_DURATION,
    stalledInterval = STALLED_INTERVAL,
    maxStalledCount = 2,
    prefix = 'bull',
    connectTimeout = 10_000,
    closeTimeout = 10_000,
    dataRoots,
    onError,
    onConnection,
    sweepInterval = 30_000,
  } = options;
  if (!Array.isArray(tasks) || tasks.length === 0) {
    throw new InvalidArgumentError(
      'startWorker',
      'options.tasks',
      'a non-empty array of task module paths (the allow-list)',
      tasks,
    );
  }
  const counts = {
    concurrency,
    lockDuration,
    stalledInterval,
    connectTimeout,
    closeTimeout,
    sweepInterval,
  };
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
  if (onConnection !== undefined && typeof onConnection !== 'function') {
    throw new InvalidArgumentError(
      'startWorker',
      'options.onConnection',
      'a function',
      onConnection,
    );
  }
  const allowList = tasks.map((t, i) => taskModuleUrl('startWorker', `options.tasks[${i}]`, t));
  const allowed = new Set(allowList);
  // The version of each module, taken as it is loaded: what this worker will run.
  const digests = new Map<string, string>();
  for (const url of allowList) {
    const digest = await moduleDigest(url);
    if (digest !== undefined) digests.set(url, digest);
  }
  const roots =
    dataRoots === undefined ? undefined : dataRootsOf('startWorker', dataRoots as unknown[]);

  const peers = await loadPeers();
  const { Worker, UnrecoverableError, WaitingError, Queue } = peers.bullmq;
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
  // The queues, for removing abandoned runs (no connection of their own: they share client).
  const chunkQueue = new Queue(queue, { connection: client, prefix });
  const runsQueue = new Queue(runsQueueOf(queue), { connection: client, prefix });
  chunkQueue.on('error', () => {});
  runsQueue.on('error', () => {});
  // Runs this worker found abandoned: their chunks still running here are stopped and skipped.
  const dropped = new Set<string>();
  const dropping = new Map<string, Promise<void>>();
  /**
   * Removes an abandoned run: its chunk jobs that are not running (a running one finishes or
   * is dropped where it runs, and removes itself), then its parent and the results it holds.
   */
  const dropRun = (runId: string): Promise<void> => {
    dropped.add(runId);
    if (dropped.size > 1024) dropped.delete(dropped.values().next().value as string);
    for (const [key, controller] of running) {
      if (chunkIndexOf(runId, key) !== undefined) controller.abort(new Error('run abandoned'));
    }
    const pending = dropping.get(runId);
    if (pending) return pending;
    const work = (async () => {
      const parentKey = runsQueue.toKey(runId);
      const children = await client.smembers(`${parentKey}:dependencies`);
      const queueKey = chunkQueue.toKey('');
      await Promise.all(
        children
          .filter((key) => key.startsWith(queueKey))
          .map((key) => key.slice(queueKey.length))
          .filter((id) => chunkIndexOf(runId, id) !== undefined)
          .map((id) => chunkQueue.remove(id, { removeChildren: false }).catch(() => 0)),
      );
      await runsQueue.remove(runId, { removeChildren: false }).catch(() => 0);
    })()
      .catch(() => {})
      .finally(() => dropping.delete(runId));
    dropping.set(runId, work);
    return work;
  };
  const seenAlive = new Map<string, number>();
  const runIsAlive = async (runId: string, parentKey: string): Promise<boolean> => {
    if (dropped.has(runId)) return false;
    const now = performance.now();
    if (now - (seenAlive.get(runId) ?? Number.NEGATIVE_INFINITY) < 1_000) return true;
    const [parent, heart] = await Promise.all([
      client.exists(parentKey),
      client.exists(heartbeatKeyOf(parentKey)),
    ]);
    if (parent === 0) return false;
    if (heart === 0) {
      // No coordinator is waiting for this run: drop it rather than run it.
      void dropRun(runId);
      return false;
    }
    seenAlive.delete(runId); // re-inserted last: the map stays in check order
    seenAlive.set(runId, now);
    if (seenAlive.size > 256) seenAlive.delete(seenAlive.keys().next().value as string);
    return true;
  };
  /** Looks for parents in `<queue>.runs` whose heartbeat lapsed, and removes their runs. */
  const sweep = async (): Promise<void> => {
    const ids = await runsQueue.getRanges(['waiting-children', 'waiting'], 0, 999);
    for (const id of new Set(ids)) {
      if ((await client.exists(heartbeatKeyOf(runsQueue.toKey(id)))) === 0) await dropRun(id);
    }
  };
  let sweeping = false;
  const sweeper = setInterval(() => {
    if (sweeping || redisLost) return;
    sweeping = true;
    sweep()
      .catch(() => {})
      .finally(() => {
        sweeping = false;
      });
  }, sweepInterval);
  sweeper.unref();
  // Connection trouble is a state, reported when it changes: every BullMQ connection fails
  // at every reconnection attempt while Redis is down, which said nothing new twice a second.
  let redisLost = false;
  const where = describeConnection(connection);
  const report = (error: Error): void => {
    if (!isConnectionTrouble(error)) {
      onError?.(error);
      return;
    }
    if (redisLost) return;
    redisLost = true;
    const detail = redactSecrets(error.message, connection);
    if (onConnection !== undefined) {
      onConnection(
        'lost',
        `lost the connection to Redis at ${where} (${detail}); reconnecting, at most ${MAX_RECONNECT_DELAY / 1000} s between attempts`,
      );
    } else {
      onError?.(new RedisUnavailableError(where, connectTimeout, detail, 'lost Redis', 'lost'));
    }
  };
  client.on('error', report);
  client.on('ready', () => {
    if (!redisLost) return;
    redisLost = false;
    onConnection?.('reconnected', `reconnected to Redis at ${where}`);
  });

  // Output directories this worker has proved it can write to (checked once each).
  const writableDirs = new Map<string, Promise<void>>();
  const writable = (dir: string): Promise<void> => {
    let check = writableDirs.get(dir);
    if (check === undefined) {
      check = checkWritable(dir);
      writableDirs.set(dir, check);
      check.catch(() => writableDirs.delete(dir));
    }
    return check;
  };

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
      if (data.input.kind === 'items') items = decodeData(data.input.items) as unknown[];
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
    // Same module, same path, another build: its results must not be mixed into the run.
    const mismatch = data.digests === undefined ? undefined : firstMismatch(data.digests, digests);
    if (mismatch !== undefined) {
      const error = new TaskModuleMismatchError(
        mismatch.module,
        mismatch.coordinator,
        mismatch.worker,
      );
      report(error);
      return { ok: false, failure: failureOf(error) };
    }
    const input = data.input;
    const ranges = input.kind === 'ranges' ? input.ranges : [];
    const outside = roots === undefined ? undefined : ranges.find((r) => !isUnder(r.path, roots));
    if (outside !== undefined) {
      const error = new PathNotAllowedError(outside.path, roots!);
      report(error);
      return { ok: false, failure: failureOf(error) };
    }
    const controller = new AbortController();
    const key = String(job.id);
    running.set(key, controller);
    if (input.kind === 'feed') {
      // A sequence's lists belong to its run: a forged job cannot name other keys.
      if (
        !job.parentKey ||
        !input.feed.startsWith(`${job.parentKey}:`) ||
        !input.steps.startsWith(`${job.parentKey}:`)
      ) {
        running.delete(key);
        throw new UnrecoverableError('polyfold worker: a sequence names lists outside its run');
      }
      const reader = client.duplicate();
      reader.on('error', () => {});
      try {
        return await runFeed({
          input,
          request: {
            jobId: data.runId,
            job: shipped as never,
            ...(context === undefined ? {} : { context }),
          },
          pool,
          reader,
          client,
          signal: controller.signal,
          alive: () => runIsAlive(data.runId, job.parentKey!),
          checkRanges: (chunk) => {
            const outside =
              roots === undefined || chunk.kind !== 'ranges'
                ? undefined
                : chunk.ranges.find((r) => !isUnder(r.path, roots));
            if (outside !== undefined) throw new PathNotAllowedError(outside.path, roots!);
          },
        });
      } finally {
        running.delete(key);
        reader.disconnect();
      }
    }
    try {
      // A partitioned output is written here: under the data roots, when the worker has some.
      const outputDir = input.kind === 'reduce' ? input.dir : data.output?.dir;
      if (outputDir !== undefined) {
        if (roots !== undefined && !isUnder(outputDir, roots)) {
          const error = new PathNotAllowedError(outputDir, roots);
          report(error);
          return { ok: false, failure: failureOf(error) };
        }
        await writable(outputDir);
      }
      const withContext = context === undefined ? {} : { context };
      if (input.kind === 'reduce') {
        const { dir, run, partition, tasks } = input;
        const part = await pool.request(
          {
            kind: 'reduce-task',
            jobId: data.runId,
            job: shipped,
            dir,
            run,
            partition,
            tasks,
            ...withContext,
          },
          controller.signal,
        );
        return { ok: true, acc: encodeData(part, 'a reduce task'), items: 0 };
      }
      const chunkInput =
        input.kind === 'ranges'
          ? ({ kind: 'ranges', ranges: input.ranges } as const)
          : ({ kind: 'items', items: items ?? [] } as const);
      if (data.output !== undefined) {
        const written = (await pool.request(
          {
            kind: 'map-task',
            jobId: data.runId,
            job: shipped,
            input: chunkInput,
            task: data.index,
            output: data.output,
            ...withContext,
          },
          controller.signal,
        )) as MapTaskReply;
        return {
          ok: true,
          acc: encodeData(written, `map task ${data.index}`),
          items: written.items,
          micros: written.micros,
        };
      }
      const request: FoldRequest = {
        kind: 'fold',
        jobId: data.runId,
        job: shipped,
        input: chunkInput,
        ...withContext,
      };
      const reply = (await pool.request(request, controller.signal)) as FoldReply;
      return {
        ok: true,
        acc: encodeData(reply.acc, `the partial result of chunk ${data.index}`),
        items: reply.items,
        ...(reply.micros === undefined ? {} : { micros: reply.micros }),
      };
    } catch (error) {
      if (dropped.has(data.runId) && controller.signal.aborted) {
        return {
          ok: false,
          failure: { name: 'RunGone', message: 'the run was abandoned; chunk dropped' },
        };
      }
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
    stalledInterval: stalledCheckEvery(stalledInterval),
    maxStalledCount,
    autorun: true,
  });
  worker.on('error', report);
  const ready = await within(worker.waitUntilReady(), connectTimeout);
  if (!ready) {
    clearInterval(sweeper);
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
      clearInterval(sweeper);
      if (redisLost) {
        // Nothing can be handed back or completed without Redis: stop now. The chunks that
        // were running go back to the queue when their locks lapse, as for a dead worker.
        for (const controller of running.values()) controller.abort(new Error('released'));
        await within(worker.close(true), 1_000);
        await within(pool.close(), 2_000);
        client.disconnect();
        return;
      }
      const graceful = worker.close();
      if (!(await within(graceful, closeTimeout))) {
        releasing = true;
        for (const controller of running.values()) controller.abort(new Error('released'));
        await within(graceful, 5_000);
      }
      await pool.close();
      await within(Promise.all([chunkQueue.close(), runsQueue.close()]), 1_000);
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
