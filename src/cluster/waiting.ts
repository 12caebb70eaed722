/**
 * What a cluster run waits for while nothing moves: Redis reconnecting, no worker on the
 * queue, or a chunk whose worker stopped responding (its job is still `active`, but its lock
 * lapsed) and that a live worker's stalled check will put back in the queue.
 *
 * Two parts. {@link waitingReason} decides, from observed state only (no clock, no Redis), so
 * every branch is unit-tested with made-up observations. {@link watchWaiting} observes: the
 * coordinator's sweep calls it once a second; it reads Redis and reports the reason when it
 * changes.
 *
 * How BullMQ re-queues a dead worker's job (bullmq 6, `moveStalledJobsToWait`): a stalled
 * check moves back to `wait` the jobs that were in the `stalled` set *and* have no lock, then
 * puts every job now `active` into the `stalled` set. So a job is re-queued at the first check
 * after its lock lapsed that is not the first check to see it: two looks. Checks are shared
 * by the queue's workers through the `stalled-check` key (set for one check interval), and
 * only live workers run them.
 */
import type { ClusterConnection } from './connection.js';
import { describeConnection } from './connection.js';
import { chunkJobId } from './messages.js';

/** A chunk the run still waits for, as Redis holds it. */
export interface ChunkLook {
  readonly index: number;
  /** In the queue's `active` list: a worker took it. */
  readonly active: boolean;
  /** Milliseconds its lock still lives (Redis PTTL); negative: no lock. */
  readonly lockTtl: number;
  /** In the `stalled` set: the next stalled check re-queues it if its lock is gone. */
  readonly marked: boolean;
}

/** When the next stalled check may run (the `stalled-check` key). */
export interface StalledCheckClock {
  /** Milliseconds the key still lives (PTTL); negative: no key, the next check runs at a worker's next tick. */
  readonly ttl: number;
  /** The time the last check ran (the key's value: epoch ms), when known. */
  readonly ranAt: number | undefined;
  /** Redis's time now (epoch ms), to read `ranAt` against. */
  readonly now: number;
}

/** Everything {@link waitingReason} decides from. */
export interface WaitingState {
  /** The queue's name, for the messages. */
  readonly queue: string;
  /** Chunks sent whose result has not arrived. */
  readonly pending: number;
  /** Workers connected to the queue; undefined when they cannot be counted (CLIENT LIST refused). */
  readonly workers: number | undefined;
  /** True once a worker was seen during this run ("yet" versus "any more"). */
  readonly workersSeen: boolean;
  /** Milliseconds the run has had no worker (for the NoWorkersError countdown). */
  readonly noWorkerMs?: number | undefined;
  /** The run's `workerTimeout` (0: waits forever). */
  readonly workerTimeout: number;
  /** The oldest pending chunks, oldest first, as Redis holds them. */
  readonly chunks?: readonly ChunkLook[] | undefined;
  readonly check?: StalledCheckClock | undefined;
  /** The Redis connection: ioredis's `status`, and how long a command has gone unanswered. */
  readonly redis: {
    readonly where: string;
    readonly status: string;
    readonly silentMs: number;
    readonly timeoutMs: number;
  };
}

/** A command unanswered this long is worth saying, well before `redisTimeout` fails the run. */
export const SILENCE_MS = 2_000;

const seconds = (ms: number): string =>
  ms < 1_000 ? 'under a second' : `~${Math.round(ms / 1_000)} s`;

/**
 * Milliseconds until the stalled check re-queues `chunk` (whose lock is gone), or undefined
 * when the check interval cannot be read (no check has run lately: the next one runs at some
 * live worker's next tick).
 *
 * @example
 * ```ts
 * // Not yet marked: the next check (in 400 ms) marks it, the one after (an interval later) moves it.
 * requeueIn({ index: 3, active: true, lockTtl: -2, marked: false }, { ttl: 400, ranAt: 9_400, now: 10_000 });
 * // 1_400
 * ```
 */
export function requeueIn(chunk: ChunkLook, check: StalledCheckClock): number | undefined {
  const next = Math.max(0, check.ttl);
  if (chunk.marked) return next;
  if (check.ttl < 0 || check.ranAt === undefined) return undefined;
  // The key lives one check interval from the check that set it.
  const interval = Math.max(0, check.now - check.ranAt) + check.ttl;
  return next + interval;
}

/**
 * What the run is waiting for, in words, or undefined when it waits for nothing worth saying
 * (chunks are running on live workers). Redis first (nothing else can be known without it),
 * then a chunk whose worker stopped responding, then no worker on the queue.
 *
 * @example
 * ```ts
 * waitingReason({
 *   queue: 'wc', pending: 4, workers: 0, workersSeen: false, workerTimeout: 0,
 *   redis: { where: 'redis://127.0.0.1:6379', status: 'ready', silentMs: 0, timeoutMs: 10_000 },
 * });
 * // "no worker connected to queue 'wc' yet: start one (polyfold worker --queue wc --tasks …)"
 * ```
 */
export function waitingReason(state: WaitingState): string | undefined {
  const { redis, queue } = state;
  const left = seconds(Math.max(0, redis.timeoutMs - redis.silentMs));
  if (redis.status !== 'ready') {
    const doing = redis.status === 'reconnecting' ? 'reconnecting' : `connection ${redis.status}`;
    return `Redis at ${redis.where} is not answering: ${doing}; the run fails in ${left} if it does not come back`;
  }
  if (redis.silentMs >= SILENCE_MS) {
    return `Redis at ${redis.where} has not answered for ${seconds(redis.silentMs)}; the run fails in ${left} if it does not`;
  }
  if (state.pending === 0) return undefined;
  const none = state.workers === 0;
  const start = `start one (polyfold worker --queue ${queue} --tasks …)`;
  const lost = state.chunks?.find((c) => c.active && c.lockTtl < 0);
  if (lost !== undefined) {
    const stopped = `chunk ${lost.index}'s worker stopped responding (its lock lapsed)`;
    if (none)
      return `${stopped} and no worker is connected to queue '${queue}' to re-queue it: ${start}`;
    const ms = state.check === undefined ? undefined : requeueIn(lost, state.check);
    return ms === undefined
      ? `${stopped}; the next stalled check of a live worker re-queues it`
      : `${stopped}; it will be re-queued in ${seconds(ms)}`;
  }
  if (none) {
    const when = state.workersSeen ? 'any more' : 'yet';
    const fails =
      state.workerTimeout > 0 && state.noWorkerMs !== undefined
        ? `; the run fails in ${seconds(Math.max(0, state.workerTimeout - state.noWorkerMs))} without one`
        : '';
    return `no worker connected to queue '${queue}' ${when}: ${start}${fails}`;
  }
  return undefined;
}

/** The part of a BullMQ Queue the watch uses. */
export interface WatchedQueue {
  toKey(type: string): string;
  getWorkersCount(): Promise<number>;
}

/** The part of an ioredis client the watch uses. */
export interface WatchedClient {
  readonly status: string;
  multi(): {
    lpos(key: string, element: string): unknown;
    pttl(key: string): unknown;
    sismember(key: string, member: string): unknown;
    get(key: string): unknown;
    time(): unknown;
    exec(): Promise<[Error | null, unknown][] | null>;
  };
}

/** Options of {@link watchWaiting}. */
export interface WatchOptions {
  readonly client: WatchedClient;
  readonly queue: WatchedQueue;
  readonly queueName: string;
  readonly runId: string;
  readonly connection: ClusterConnection;
  readonly redisTimeout: number;
  readonly workerTimeout: number;
  readonly onWaiting: (reason: string | undefined) => void;
  /** Monotonic milliseconds (default `performance.now`), injected by tests. */
  readonly now?: () => number;
}

/** Observes a run for {@link waitingReason}; see {@link watchWaiting}. */
export interface WaitingWatch {
  /**
   * From the sweep, with the chunks whose results are due: reads Redis, reports the reason
   * if it changed, or if it holds and progress moved since it was reported. Never throws.
   */
  look(pending: readonly number[]): Promise<void>;
  /** While a sweep waits for Redis, with how long it has waited. */
  silent(ms: number): void;
}

/** Chunks looked at per sweep: the oldest few, so one stuck chunk among running ones is seen. */
const LOOKED_AT = 8;
const CONNECTION_TROUBLE = /connection|closed|ECONN|ETIMEDOUT|EPIPE/i;

/**
 * Watches a run and calls `onWaiting` with {@link waitingReason} each time it changes
 * (`undefined` when the run waits for nothing any more), and again when it still holds after
 * a chunk was combined (progress that moved clears a display's reason).
 *
 * @example
 * ```ts
 * const watch = watchWaiting({ client, queue, queueName: 'wc', runId, connection, redisTimeout: 10_000,
 *   workerTimeout: 30_000, onWaiting: (reason) => console.error(reason ?? 'moving again') });
 * await watch.look([0, 1, 2]); // once a second, from the coordinator's sweep
 * ```
 */
export function watchWaiting(options: WatchOptions): WaitingWatch {
  const { client, queue, queueName, runId, onWaiting, now = () => performance.now() } = options;
  const where = describeConnection(options.connection);
  let reported: string | undefined;
  // The pending chunks when `reported` was reported: once they change, a chunk was combined,
  // progress moved, and a display may have cleared the reason; it is said again if it holds.
  let reportedAt = '';
  let workersSeen = false;
  let noWorkerSince: number | undefined;
  let canCount = true;
  let canLook = true;
  const report = (reason: string | undefined, at = reportedAt): void => {
    if (reason === reported && (reason === undefined || at === reportedAt)) return;
    reported = reason;
    reportedAt = at;
    onWaiting(reason);
  };
  const redis = (status: string, silentMs: number) => ({
    where,
    status,
    silentMs,
    timeoutMs: options.redisTimeout,
  });
  const base = { queue: queueName, workerTimeout: options.workerTimeout };

  const countWorkers = async (): Promise<number | undefined> => {
    if (!canCount) return undefined;
    try {
      return await queue.getWorkersCount();
    } catch (error) {
      if (CONNECTION_TROUBLE.test(String((error as Error)?.message))) throw error;
      canCount = false; // CLIENT LIST refused (ACLs, managed Redis): never judge by it
      return undefined;
    }
  };
  const lookAt = async (
    indices: readonly number[],
  ): Promise<{ chunks?: ChunkLook[]; check?: StalledCheckClock }> => {
    if (!canLook || indices.length === 0) return {};
    const tx = client.multi();
    const active = queue.toKey('active');
    const stalled = queue.toKey('stalled');
    for (const index of indices) {
      const id = chunkJobId(runId, index);
      tx.lpos(active, id);
      tx.pttl(`${queue.toKey(id)}:lock`);
      tx.sismember(stalled, id);
    }
    tx.pttl(queue.toKey('stalled-check'));
    tx.get(queue.toKey('stalled-check'));
    tx.time();
    const rows = await tx.exec();
    if (rows === null) return {};
    const values = rows.map(([error, value]) => {
      if (error) throw error;
      return value;
    });
    const chunks = indices.map((index, i) => ({
      index,
      active: values[3 * i] !== null,
      lockTtl: Number(values[3 * i + 1]),
      marked: Number(values[3 * i + 2]) === 1,
    }));
    const at = 3 * indices.length;
    const ranAt = values[at + 1] == null ? undefined : Number(values[at + 1]);
    const [secs, micros] = values[at + 2] as [string, string];
    return {
      chunks,
      check: {
        ttl: Number(values[at]),
        ranAt: Number.isFinite(ranAt) ? ranAt : undefined,
        now: Number(secs) * 1_000 + Math.floor(Number(micros) / 1_000),
      },
    };
  };

  return {
    async look(pending) {
      try {
        const workers = pending.length === 0 ? undefined : await countWorkers();
        if (workers !== undefined && workers > 0) workersSeen = true;
        const t = now();
        if (workers === 0) noWorkerSince ??= t;
        else noWorkerSince = undefined;
        let seen: { chunks?: ChunkLook[]; check?: StalledCheckClock } = {};
        try {
          seen = await lookAt([...pending].sort((a, b) => a - b).slice(0, LOOKED_AT));
        } catch (error) {
          if (CONNECTION_TROUBLE.test(String((error as Error)?.message))) throw error;
          canLook = false; // a Redis without LPOS (< 6.0.6), or a command refused: say less
        }
        const at = `${pending.length}:${Math.min(...pending)}`;
        report(
          waitingReason({
            ...base,
            pending: pending.length,
            workers,
            workersSeen,
            noWorkerMs: noWorkerSince === undefined ? undefined : t - noWorkerSince,
            chunks: seen.chunks,
            check: seen.check,
            redis: redis(client.status, 0),
          }),
          at,
        );
      } catch {
        // Connection trouble: the coordinator's watchdog judges it, and `silent` says it.
      }
    },
    silent(ms) {
      if (ms < SILENCE_MS && client.status === 'ready') return;
      report(
        waitingReason({
          ...base,
          pending: 1,
          workers: undefined,
          workersSeen,
          redis: redis(client.status, ms),
        }),
      );
    },
  };
}
