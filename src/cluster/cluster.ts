/**
 * `cluster()`: the executor that runs a job on worker processes, on any number of machines,
 * through BullMQ on Redis. It is the `threads()` executor with Redis in place of
 * `postMessage`: the same job object, shipped as task addresses; the input cut into chunks
 * (or, for `textFile` sources, into byte ranges each worker reads itself); every chunk folded
 * from a fresh start by some worker; the partial accumulators combined **in chunk order**
 * here, which the Fold laws make equal to one sequential fold, bit for bit.
 */
import { randomUUID } from 'node:crypto';
import { checkOptionKeys, optionKeys } from '../dispatch/internal.js';
import type { ExecuteOptions, Executor, Job, Progress } from '../functional/index.js';
import { InvalidArgumentError } from '../functional/index.js';
import { encodeData } from '../functional/internal.js';
import {
  checkSource,
  decodeJob,
  type EngineProgress,
  encodeJob,
  execute,
  isCount,
  jobLabel,
  type Learned,
  type Placement,
  type Source,
  shippedModules,
} from '../parallel/internal.js';
import type { ClusterConnection } from './connection.js';
import { checkConnection } from './connection.js';
import { openRun } from './coordinator.js';
import { moduleDigests } from './digest.js';
import { RedisUnavailableError } from './errors.js';
import { checkQueueName } from './messages.js';
import { loadPeers } from './peers.js';
import { openSession } from './session.js';

/** The executor `cluster()` returns. */
export interface ClusterExecutor extends Executor<ClusterProgress> {
  /** Aborts the runs in progress (their pending jobs are removed) and waits for them. */
  close(): Promise<void>;
}

/**
 * Options of `cluster()`: where Redis is, which queue, and how to cut the input.
 *
 * @example
 * ```ts
 * import { cluster, type ClusterOptions } from 'polyfold/cluster';
 * const options: ClusterOptions = {
 *   connection: { host: 'redis.internal', port: 6380, password: process.env.REDIS_PASSWORD, tls: {} },
 *   queue: 'wordcount',
 *   chunkSize: 'auto',
 *   redisTimeout: 5_000,
 * };
 * const executor = cluster(options);
 * ```
 */
export interface ClusterOptions {
  /** Where Redis is: a `redis://` / `rediss://` URL or ioredis options (password, TLS…). */
  readonly connection: ClusterConnection;
  /** The BullMQ queue the workers listen on (`polyfold worker --queue NAME`). */
  readonly queue: string;
  /**
   * Items per chunk job, or `'auto'` (default): sizes learned from the workers' timings,
   * towards ≥ 25 ms of work per chunk. Text files are always cut in learned byte ranges.
   */
  readonly chunkSize?: 'auto' | number | undefined;
  /**
   * Extra attempts for a chunk whose worker failed without a task error (default 2). A task
   * that throws is not retried (it would throw again); a worker process that dies has its
   * chunk re-run after the stall interval, as the workers' `maxStalledCount` allows.
   */
  readonly retries?: number | undefined;
  /** Passed to every task of the job as its last argument (data only: see `cluster.md`). */
  readonly context?: unknown;
  /** Chunk jobs sent but not yet combined, at most (default 64): bounds memory in Redis. */
  readonly maxInFlight?: number | undefined;
  /**
   * Chunks the workers fold at once (worker processes × their concurrency) that automatic
   * chunk sizes plan for (default 4). With 1 there is nothing to gain in parallel, and work
   * that is not worth shipping runs on this thread.
   */
  readonly workers?: number | undefined;
  /** BullMQ key prefix (default `'bull'`); workers must use the same. */
  readonly prefix?: string | undefined;
  /**
   * Milliseconds without an answer from Redis after which a run fails with
   * RedisUnavailableError, when it starts or in the middle (default 10 000).
   */
  readonly redisTimeout?: number | undefined;
  /**
   * Milliseconds a run waits with chunks pending while no worker is connected to its queue
   * before it fails with NoWorkersError (default 30 000; 0 waits forever). A busy worker is
   * still connected: slow chunks never trip it.
   */
  readonly workerTimeout?: number | undefined;
  /**
   * Milliseconds a run's heartbeat lives in Redis without renewal (default 30 000; renewed
   * every third of it while this process waits for the run). A run whose heartbeat lapses —
   * its coordinator died, or failed with RedisUnavailableError — is removed by the workers,
   * which drop its chunks instead of running them.
   */
  readonly heartbeat?: number | undefined;
  /**
   * Where the job's functions may run: `'workers'` (default) only in cluster workers;
   * `'auto'` also on this process when timing the first chunks here shows that shipping
   * them through Redis would cost more than the work — faster for cheap work, without the
   * isolation a worker gives (see `ThreadsOptions.placement`).
   */
  readonly placement?: Placement | undefined;
}

/** Every key of {@link ClusterOptions}; any other key is refused (a typo). */
export const CLUSTER_OPTIONS = optionKeys<ClusterOptions>()(
  'connection',
  'queue',
  'chunkSize',
  'retries',
  'context',
  'maxInFlight',
  'workers',
  'prefix',
  'redisTimeout',
  'workerTimeout',
  'heartbeat',
  'placement',
);

/**
 * Progress as reported by `cluster()` (a superset of functional's `Progress`).
 *
 * @example
 * ```ts
 * import type { ClusterProgress } from 'polyfold/cluster';
 * const onProgress = (p: ClusterProgress) =>
 *   console.error(p.mode === 'local' ? p.reason : `run ${p.runId}: ${p.done} chunks, ${p.items} items`);
 * ```
 */
export interface ClusterProgress extends Progress {
  /** Chunks combined so far (same as `chunks`). */
  readonly done: number;
  readonly elapsedMs: number;
  /** `'local'` when `placement: 'auto'` chose to run on this process (see `reason`). */
  readonly mode: 'cluster' | 'local';
  /** Why the run is shaped as it is: not splittable (one worker folds it in order), local… */
  readonly reason?: string;
  /** Set once the workers' timings show that shipping costs more than the work. */
  readonly advice?: string;
  /** The run's id: its parent job in `<queue>.runs`, and the prefix of its chunk job ids. */
  readonly runId?: string;
  /**
   * What the run waits for while nothing moves, in words: no worker connected to the queue,
   * a chunk whose worker stopped responding (and when it will be re-queued), Redis
   * reconnecting. Reported (with unchanged counts) when it changes; absent once it is over.
   */
  readonly waiting?: string;
}

/**
 * The cluster executor, for `run(job, source, { executor: cluster({ connection, queue }) })`.
 * Start workers with `polyfold worker --redis URL --queue NAME --tasks MODULE…` (or
 * `startWorker`) on any machine that reaches Redis and has the task modules.
 *
 * When to use: work too big for one machine, or machines to spare. Each chunk job costs a
 * few hundred microseconds of Redis round trips, so chunks carry ≥ 25 ms of work.
 *
 * Details: `bullmq` and `ioredis` (optional peer dependencies) load on the first run. One
 * child job per chunk under one parent job per run (a BullMQ flow); at most `maxInFlight`
 * chunks are uncombined at a time. Results are keyed by run and chunk, so a chunk that runs
 * twice counts once. No task runs in this process (unless `placement: 'auto'`): chunk sizes
 * are learned from the workers' timings, and a job that is not splittable (`take`) is folded
 * in order by one worker, fed through a Redis list of the run. Aborting
 * removes the run's pending jobs and rejects; a task that throws rejects with a
 * `TaskFailedError` naming the task, the chunk and the worker's stack; a Redis that stops
 * answering rejects with `RedisUnavailableError` after `redisTimeout`, and a queue no worker
 * listens on with `NoWorkersError` after `workerTimeout`. Connections live for one run: an
 * idle executor holds none.
 *
 * Gotchas: every worker must have the same task modules at the same paths, and the same
 * files for `textFile` sources; the context and the data travel as JSON-encoded data.
 *
 * @example
 * ```ts
 * import { run, pipeline, flatMap, map, folds } from 'polyfold/functional';
 * import { textFile } from 'polyfold/parallel';
 * import { cluster } from 'polyfold/cluster';
 * import { tokenize, lower } from './tasks.js'; // declared with defineTasks
 * const wordCount = pipeline(flatMap(tokenize), map(lower)).fold(folds.frequencies());
 * const executor = cluster({ connection: 'redis://localhost:6379', queue: 'wordcount' });
 * const counts = await run(wordCount, textFile('/data/big.txt'), { executor });
 * counts.mostCommon(10);
 * ```
 */
export function cluster(options: ClusterOptions): ClusterExecutor {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(
      'cluster',
      'options',
      'an options object ({ connection, queue, … })',
      options,
    );
  }
  checkOptionKeys('cluster', options, CLUSTER_OPTIONS);
  checkConnection('cluster', options.connection);
  checkQueueName('cluster', options.queue);
  const {
    connection,
    queue,
    chunkSize = 'auto',
    retries = 2,
    context,
    maxInFlight = 64,
    workers = 4,
    prefix = 'bull',
    redisTimeout = 10_000,
    workerTimeout = 30_000,
    heartbeat = 30_000,
    placement = 'workers',
  } = options;
  if (placement !== 'workers' && placement !== 'auto') {
    throw new InvalidArgumentError(
      'cluster',
      'options.placement',
      "'workers' or 'auto'",
      placement,
    );
  }
  if (chunkSize !== 'auto' && !isCount(chunkSize, 1)) {
    throw new InvalidArgumentError(
      'cluster',
      'options.chunkSize',
      "'auto' or a positive integer",
      chunkSize,
    );
  }
  if (!isCount(retries, 0)) {
    throw new InvalidArgumentError('cluster', 'options.retries', 'a non-negative integer', retries);
  }
  for (const [key, value] of [
    ['maxInFlight', maxInFlight],
    ['workers', workers],
  ] as const) {
    if (!isCount(value, 1)) {
      throw new InvalidArgumentError('cluster', `options.${key}`, 'a positive integer', value);
    }
  }
  if (!isCount(redisTimeout, 100)) {
    throw new InvalidArgumentError(
      'cluster',
      'options.redisTimeout',
      'milliseconds (an integer ≥ 100)',
      redisTimeout,
    );
  }
  if (workerTimeout !== 0 && !isCount(workerTimeout, 100)) {
    throw new InvalidArgumentError(
      'cluster',
      'options.workerTimeout',
      'milliseconds (0 to wait forever, or an integer ≥ 100)',
      workerTimeout,
    );
  }
  if (!isCount(heartbeat, 300)) {
    throw new InvalidArgumentError(
      'cluster',
      'options.heartbeat',
      'milliseconds (an integer ≥ 300)',
      heartbeat,
    );
  }
  if (typeof prefix !== 'string' || prefix === '') {
    throw new InvalidArgumentError('cluster', 'options.prefix', 'a non-empty string', prefix);
  }
  // Checked now, not on the first run: an unsendable context is a mistake in the call.
  const encodedContext =
    context === undefined ? undefined : encodeData(context, 'cluster: options.context');

  // Runs in progress, so close() can stop them.
  const active = new Set<{ controller: AbortController; settled: Promise<unknown> }>();
  // Per job, what its runs on this executor measured: the next run sizes from it.
  const learnt = new WeakMap<object, Learned>();

  async function runJob<A, R>(
    job: Job<A, R>,
    source: Source<A>,
    opts: ExecuteOptions<ClusterProgress>,
  ): Promise<R> {
    checkSource('cluster', source);
    // Both throw before anything is sent: a closure in the job, a function in the data.
    const plain = encodeJob(job as unknown as Job<unknown, unknown>);
    const shipped = encodeData(plain, 'the job');
    // The version of each task module the job names, for workers to compare with theirs.
    const digests = await moduleDigests(shippedModules(plain));
    const runId = randomUUID();
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(opts.signal?.reason);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();
    const onProgress = opts.onProgress;
    // The last progress, repeated with `waiting` when what the run waits for changes.
    const started = performance.now();
    let last: ClusterProgress = {
      items: 0,
      chunks: 0,
      done: 0,
      elapsedMs: 0,
      mode: 'cluster',
      runId,
    };
    const onWaiting = (waiting: string | undefined): void => {
      const { waiting: _was, ...counts } = last;
      onProgress?.({
        ...counts,
        elapsedMs: performance.now() - started,
        ...(waiting === undefined ? {} : { waiting }),
      });
    };
    const entry = { controller, settled: Promise.resolve() as Promise<unknown> };
    const work = (async () => {
      const peers = await loadPeers();
      const session = await openSession(peers, {
        connection,
        queue,
        prefix,
        timeoutMs: redisTimeout,
      });
      const transport = openRun(session, {
        runId,
        label: jobLabel(job as unknown as Job<unknown, unknown>),
        job: shipped,
        context: encodedContext,
        digests,
        slots: workers,
        maxInFlight,
        attempts: retries + 1,
        redisTimeout,
        heartbeat,
        workerTimeout,
        queueName: queue,
        connection,
        signal: controller.signal,
        ...(onProgress === undefined ? {} : { onWaiting }),
      });
      try {
        let learned = learnt.get(job);
        if (learned === undefined) {
          learned = {};
          learnt.set(job, learned);
        }
        return await execute(job, source, transport, {
          executor: 'cluster',
          learned,
          output: opts.output,
          placement,
          chunkSize,
          signal: controller.signal,
          // The job as workers run it: with the context bound to its tasks.
          here: async () =>
            context === undefined
              ? job
              : ((await decodeJob(plain, context)) as unknown as Job<A, R>),
          onProgress:
            onProgress &&
            ((p: EngineProgress) => {
              last = { ...p, mode: p.mode === 'workers' ? 'cluster' : 'local', runId };
              onProgress(last);
            }),
        });
      } finally {
        await transport.close();
        await session.close(transport.failure instanceof RedisUnavailableError);
      }
    })();
    entry.settled = work.catch(() => {});
    active.add(entry);
    try {
      return await work;
    } finally {
      active.delete(entry);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  return Object.freeze({
    name: 'cluster',
    run: runJob,
    /** Aborts the runs in progress (their pending jobs are removed) and waits for them. */
    async close() {
      const runs = [...active];
      for (const r of runs) r.controller.abort(new Error('the cluster executor was closed'));
      await Promise.all(runs.map((r) => r.settled));
    },
  });
}
