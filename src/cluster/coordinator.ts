/**
 * One run on the cluster, coordinator side: submit the chunks as child jobs of the run's
 * parent (at most `maxInFlight` not yet combined, so memory in Redis and here stays flat),
 * collect each chunk's partial accumulator, combine them **in chunk order**, and leave nothing
 * behind.
 *
 * Exactly-once results from at-least-once execution: a chunk job may run twice (its worker
 * died after starting it), but results are keyed by chunk index. BullMQ records a child's
 * result in its parent only while the child is still a pending dependency, and this side
 * accepts one result per index and ignores any later one.
 *
 * Results arrive through QueueEvents (no polling delay). A sweep every second reads the same
 * results from the parent in Redis (so a missed event cannot hang a run), notices chunk jobs
 * that failed or vanished, and doubles as the Redis watchdog: no answer from Redis for
 * `redisTimeout` ms rejects the run with RedisUnavailableError. It also counts the workers
 * connected to the queue: chunks pending for `workerTimeout` ms with none rejects the run
 * with NoWorkersError, instead of waiting forever for a worker nobody started.
 */

import type { AnyFold } from '../functional/index.js';
import { decodeData } from '../functional/internal.js';
import { AbortedError, TaskFailedError } from '../parallel/index.js';
import { errorOf } from '../parallel/internal.js';
import type { ClusterConnection } from './connection.js';
import { describeConnection, lastErrorOf } from './connection.js';
import { HeartbeatLostError, NoWorkersError, RedisUnavailableError } from './errors.js';
import type { ChunkData, ChunkInput, ChunkReply } from './messages.js';
import {
  CHUNK_JOB,
  checkChunkReply,
  chunkIndexOf,
  chunkJobId,
  heartbeatKeyOf,
  RUN_JOB,
  runsQueueOf,
  WIRE_VERSION,
} from './messages.js';
import type { Session } from './session.js';
import { within } from './session.js';

/** A chunk ready to be sent. */
export interface PlannedChunk {
  readonly index: number;
  readonly input: ChunkInput;
}

/** What the coordinator reports after each combined chunk. */
export interface CombinedProgress {
  readonly items: number;
  readonly done: number;
  /** The chunk just combined: its items, and the worker's time folding them (µs). */
  readonly chunk: { readonly items: number; readonly micros: number | undefined };
}

export interface RunSpec<R> {
  readonly runId: string;
  /** Names the work in errors (`"map(boom) → sum"`). */
  readonly label: string;
  readonly fold: AnyFold<any, R>;
  /** The shipped job, codec-encoded. */
  readonly job: unknown;
  /** The context, codec-encoded, or undefined. */
  readonly context: unknown;
  /** sha256 of each task module the job names, by URL. */
  readonly digests: Readonly<Record<string, string>>;
  readonly chunks: AsyncIterator<PlannedChunk>;
  readonly maxInFlight: number;
  /** BullMQ attempts per chunk job (1 + retries). */
  readonly attempts: number;
  readonly redisTimeout: number;
  /** Lifetime of the run's heartbeat key, in ms; refreshed every third of it. */
  readonly heartbeat: number;
  /** Milliseconds with chunks pending and no worker on the queue before failing; 0: never. */
  readonly workerTimeout: number;
  /** The chunk queue's name, for errors. */
  readonly queueName: string;
  readonly connection: ClusterConnection;
  readonly signal: AbortSignal;
  readonly onCombined: (progress: CombinedProgress) => void;
}

const SWEEP_MS = 1_000;
/** Errors that mean "Redis is not answering", which the watchdog judges by time. */
const CONNECTION_TROUBLE = /connection|closed|ECONN|ETIMEDOUT|EPIPE/i;

/** Runs a job's chunks on the cluster and resolves to the fold's result. */
export async function coordinate<R>(session: Session, spec: RunSpec<R>): Promise<R> {
  const { client, queue, runs, flows, events } = session;
  const { runId, label, fold, maxInFlight, redisTimeout, signal } = spec;
  const parentKey = runs.toKey(runId);
  const processedKey = `${parentKey}:processed`;
  const heartbeatKey = heartbeatKeyOf(parentKey);
  const childKey = (index: number): string => queue.toKey(chunkJobId(runId, index));

  // Chunks sent (or being sent) whose reply has not arrived.
  const outstanding = new Set<number>();
  // Replies waiting for their turn (chunk order).
  const replies = new Map<number, ChunkReply>();
  let added = 0; // chunks handed to Redis (or being handed)
  let confirmed = 0; // chunks Redis has acknowledged
  let next = 0; // the next chunk to combine
  let exhausted = false;
  let failure: unknown;

  // Wakes the main loop when a reply, a failure or an abort arrives.
  let poked = false;
  let waiter: (() => void) | undefined;
  const poke = (): void => {
    poked = true;
    const w = waiter;
    waiter = undefined;
    w?.();
  };
  // Rejects on the first failure: a Redis call that hangs (Redis gone) or a slow source must
  // not keep an abort or the watchdog waiting.
  let rejectFailed!: (error: unknown) => void;
  const failed = new Promise<never>((_resolve, reject) => {
    rejectFailed = reject;
  });
  failed.catch(() => {});
  const fail = (error: unknown): void => {
    if (failure === undefined) {
      failure = error;
      rejectFailed(error);
    }
    poke();
  };
  const orFail = <T>(p: Promise<T>): Promise<T> => {
    p.catch(() => {}); // abandoned when `failed` wins
    return Promise.race([p, failed]);
  };
  const settle = (index: number, reply: ChunkReply): void => {
    if (!outstanding.delete(index)) return; // a late duplicate: this chunk already counted
    if (!reply.ok) {
      fail(new TaskFailedError(label, index, errorOf(reply.failure)));
      return;
    }
    replies.set(index, reply);
    poke();
  };

  const onCompleted = (args: { jobId: string; returnvalue: unknown }): void => {
    const index = chunkIndexOf(runId, args.jobId);
    if (index === undefined || !outstanding.has(index)) return;
    try {
      settle(index, checkChunkReply(args.returnvalue, args.jobId));
    } catch (error) {
      fail(new TaskFailedError(label, index, error));
    }
  };
  const onFailed = (args: { jobId: string; failedReason: string }): void => {
    const index = chunkIndexOf(runId, args.jobId);
    if (index === undefined || !outstanding.has(index)) return;
    fail(new TaskFailedError(label, index, jobFailure(args.failedReason)));
  };
  const onAbort = (): void => fail(new AbortedError(signal.reason));
  events.on('completed', onCompleted);
  events.on('failed', onFailed);
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();

  // Since when no worker has been seen while chunks were pending (undefined: one was).
  let noWorkerSince: number | undefined;
  let countWorkers = spec.workerTimeout > 0;
  const checkWorkers = async (): Promise<void> => {
    if (!countWorkers || outstanding.size === 0) {
      noWorkerSince = undefined;
      return;
    }
    let workers: number;
    try {
      // CLIENT LIST, filtered by the names BullMQ workers give their connections.
      workers = await queue.getWorkersCount();
    } catch (error) {
      if (CONNECTION_TROUBLE.test(String((error as Error)?.message))) throw error;
      // CLIENT LIST refused (ACLs, managed Redis): workers cannot be counted, so never judge.
      countWorkers = false;
      return;
    }
    const now = performance.now();
    if (workers > 0) noWorkerSince = undefined;
    else if (noWorkerSince === undefined) noWorkerSince = now;
    else if (now - noWorkerSince >= spec.workerTimeout) {
      fail(
        new NoWorkersError(
          spec.queueName,
          describeConnection(spec.connection),
          Math.round(now - noWorkerSince),
        ),
      );
    }
  };

  const sweep = async (): Promise<void> => {
    await checkWorkers();
    const pending = [...outstanding].filter((i) => i < confirmed);
    const tx = client.multi();
    for (const i of pending) tx.hmget(childKey(i), 'name', 'finishedOn', 'failedReason');
    // The child hashes are read before the parent's results: a chunk that completes in
    // between is then seen as pending, never as vanished.
    if (pending.length > 0) tx.hmget(processedKey, ...pending.map(childKey));
    else tx.ping();
    const result = await tx.exec();
    if (result === null || pending.length === 0) return;
    const rows = result.map(([error, value]) => {
      if (error) throw error;
      return value as (string | null)[];
    });
    const values = rows[pending.length]!;
    for (const [j, index] of pending.entries()) {
      // Settled by an event while the sweep was in flight (and perhaps combined and deleted).
      if (!outstanding.has(index)) continue;
      const stored = values[j];
      if (stored != null) {
        onCompleted({ jobId: chunkJobId(runId, index), returnvalue: JSON.parse(stored) });
        continue;
      }
      const [name, finishedOn, failedReason] = rows[j]!;
      if (name == null) {
        fail(
          new TaskFailedError(
            label,
            index,
            new Error(
              'the chunk job disappeared from Redis before its result was recorded: something ' +
                'else removed it, or Redis evicted it (run Redis with --maxmemory-policy noeviction)',
            ),
          ),
        );
      } else if (finishedOn != null && failedReason != null) {
        onFailed({ jobId: chunkJobId(runId, index), failedReason });
      }
    }
  };
  // The watchdog: Redis must answer every sweep within `redisTimeout`. Judged by a command
  // in flight, not by time since the last answer, so a busy coordinator (a long combine) is
  // never mistaken for a dead Redis.
  let sweepStarted: number | undefined;
  let lastSweep = performance.now();
  const every = Math.min(SWEEP_MS, redisTimeout / 3);
  const timer = setInterval(
    () => {
      const now = performance.now();
      if (sweepStarted !== undefined) {
        if (now - sweepStarted > redisTimeout) {
          fail(
            new RedisUnavailableError(
              describeConnection(spec.connection),
              redisTimeout,
              lastErrorOf(client),
              'lost Redis in the middle of a run',
            ),
          );
        }
        return;
      }
      if (now - lastSweep < every) return;
      sweepStarted = now;
      sweep()
        .catch((error: unknown) => {
          // Connection trouble is the watchdog's to judge; anything else is a real failure.
          if (!CONNECTION_TROUBLE.test(String((error as Error)?.message))) {
            fail(error);
          }
        })
        .finally(() => {
          sweepStarted = undefined;
          lastSweep = performance.now();
        });
    },
    Math.max(50, Math.floor(every / 4)),
  );

  // The heartbeat: while it lives, workers know someone waits for this run. Refreshed only if
  // it still exists (XX): once lapsed, workers may have removed the run, and reviving the key
  // would make a half-removed run look alive.
  let beating: NodeJS.Timeout | undefined;
  const beat = (): void => {
    client
      .set(heartbeatKey, '1', 'PX', spec.heartbeat, 'XX')
      .then((ok) => {
        if (ok === null && beating !== undefined)
          fail(new HeartbeatLostError(runId, spec.heartbeat));
      })
      // Connection trouble is the watchdog's to judge.
      .catch(() => {});
  };

  const parent = { id: runId, queue: runs.qualifiedName };
  const childOptions = (index: number) => ({
    jobId: chunkJobId(runId, index),
    attempts: spec.attempts,
    // A completed chunk's result lives on in its parent; the job itself is not needed.
    removeOnComplete: true,
    // Failed chunks stay for the coordinator to read the reason; it removes them after.
    removeOnFail: false,
  });
  const childData = (chunk: PlannedChunk): ChunkData => ({
    v: WIRE_VERSION,
    runId,
    index: chunk.index,
    job: spec.job,
    input: chunk.input,
    ...(spec.context === undefined ? {} : { context: spec.context }),
    digests: spec.digests,
  });

  /** Pulls chunks until `maxInFlight` are uncombined and sends them as one transaction. */
  const submit = async (first: boolean): Promise<void> => {
    const batch: PlannedChunk[] = [];
    while (!exhausted && added - next < maxInFlight && failure === undefined) {
      const r = await spec.chunks.next();
      if (r.done) {
        exhausted = true;
        break;
      }
      batch.push(r.value);
      // Marked before Redis knows them, so no reply can arrive for an unknown chunk.
      outstanding.add(r.value.index);
      added++;
    }
    const nodes = batch.map((chunk) => ({
      name: CHUNK_JOB,
      queueName: queue.name,
      data: childData(chunk),
      opts: childOptions(chunk.index),
    }));
    if (first) {
      // Before the parent exists: a parent without a heartbeat is an abandoned run.
      await client.set(heartbeatKey, '1', 'PX', spec.heartbeat);
      beating = setInterval(beat, Math.max(10, Math.floor(spec.heartbeat / 3)));
      await flows.add({
        name: RUN_JOB,
        queueName: runsQueueOf(queue.name),
        data: { v: WIRE_VERSION, runId, label },
        opts: { jobId: runId },
        children: nodes,
      });
    } else if (nodes.length > 0) {
      await flows.addBulk(nodes.map((n) => ({ ...n, opts: { ...n.opts, parent } })));
    }
    confirmed = added;
  };

  const consumed: string[] = [];
  try {
    if (failure !== undefined) throw failure; // aborted before it started
    await orFail(submit(true));
    let acc = fold.init();
    let items = 0;
    for (;;) {
      poked = false;
      if (failure !== undefined) throw failure;
      for (let reply = replies.get(next); reply?.ok; reply = replies.get(next)) {
        replies.delete(next);
        const partial = decodeData(reply.acc);
        acc = fold.combine(acc, fold.decode ? fold.decode(partial) : partial);
        items += reply.items;
        consumed.push(childKey(next));
        next++;
        spec.onCombined({ items, done: next, chunk: { items: reply.items, micros: reply.micros } });
        // The rest cannot change the result; cleanup removes their jobs.
        if (fold.isDone?.(acc)) return fold.done(acc);
      }
      if (consumed.length > 0) {
        // Combined results are not needed in Redis any more: memory stays flat.
        client.hdel(processedKey, ...consumed.splice(0)).catch(() => {});
      }
      if (exhausted && next === added) return fold.done(acc);
      if (!exhausted && added - next <= maxInFlight / 2) {
        await orFail(submit(false));
        continue;
      }
      if (!poked) await new Promise<void>((resolve) => (waiter = resolve));
    }
  } finally {
    clearInterval(timer);
    clearInterval(beating);
    beating = undefined;
    // Stop reading the source (an early result, a failure or an abort).
    // Bounded: a generator stuck in an await cannot return until that await ends.
    if (!exhausted && spec.chunks.return) await within(spec.chunks.return(), 250);
    signal.removeEventListener('abort', onAbort);
    events.off('completed', onCompleted);
    events.off('failed', onFailed);
    const lost = failure instanceof RedisUnavailableError;
    if (!lost) await within(removeRun(session, runId, outstanding), Math.min(redisTimeout, 5_000));
    // Last: workers finding a parent with no heartbeat remove it, which is what this run wants
    // now too. Lost Redis: the key lapses by itself within `heartbeat`.
    const stopping = client.del(heartbeatKey).catch(() => 0);
    if (!lost) await within(stopping, Math.min(redisTimeout, 2_000));
  }
}

/**
 * Removes a run's chunk jobs that have not completed, then its parent (with the results it
 * holds). A chunk running right now cannot be removed (its worker holds the lock); when it
 * finishes, it finds no parent to report to and removes itself, and a worker skips any chunk
 * whose run is gone.
 */
async function removeRun(
  session: Session,
  runId: string,
  pending: Iterable<number>,
): Promise<void> {
  await Promise.all(
    [...pending].map((index) =>
      session.queue.remove(chunkJobId(runId, index), { removeChildren: false }).catch(() => 0),
    ),
  );
  await session.runs.remove(runId, { removeChildren: false }).catch(() => 0);
}

/** A BullMQ-level failure (stalled too often, refused by BullMQ) as an Error for `cause`. */
function jobFailure(failedReason: string): Error {
  const error = new Error(failedReason || 'the chunk job failed without a reason');
  error.name = 'ChunkJobFailed';
  return error;
}
