/**
 * One run on the cluster, coordinator side, as the engine's transport: each chunk the engine
 * hands over becomes a child job of the run's parent (a BullMQ flow), and its promise settles
 * with the chunk's partial accumulator when a worker has folded it. The engine decides which
 * chunks, how large, how many in flight, and combines them in order; this file only moves
 * chunks through Redis and says what became of them.
 *
 * Exactly-once results from at-least-once execution: a chunk job may run twice (its worker
 * died after starting it), but results are keyed by chunk index. BullMQ records a child's
 * result in its parent only while the child is still a pending dependency, and this side
 * accepts one result per index and ignores any later one. Redelivery is BullMQ's: a worker
 * process that dies has its chunk re-run after the stall interval, and a thread that dies
 * inside a worker has it retried as the job's `attempts` allow; so the engine does not retry
 * cluster chunks itself (`retries: 0`).
 *
 * Results arrive through QueueEvents (no polling delay). A sweep every second reads the same
 * results from the parent in Redis (so a missed event cannot hang a run), notices chunk jobs
 * that failed or vanished, and doubles as the Redis watchdog: no answer from Redis for
 * `redisTimeout` ms fails the run with RedisUnavailableError. It also counts the workers
 * connected to the queue: chunks pending for `workerTimeout` ms with none fails the run with
 * NoWorkersError, instead of waiting forever for a worker nobody started.
 */

import type { OutputPartition } from '../functional/index.js';
import { decodeData, encodeData } from '../functional/internal.js';
import { AbortedError } from '../parallel/index.js';
import {
  type ChunkResult,
  type EngineChunk,
  errorOf,
  type MapTaskReply,
  RemoteTaskError,
  type Sequence,
  type SequenceStep,
  type Transport,
} from '../parallel/internal.js';
import type { ClusterConnection } from './connection.js';
import { describeConnection, lastErrorOf } from './connection.js';
import { HeartbeatLostError, NoWorkersError, RedisUnavailableError } from './errors.js';
import type { ChunkData, ChunkInput, ChunkReply, FeedMessage, MapOutput } from './messages.js';
import {
  CHUNK_JOB,
  checkChunkReply,
  chunkIndexOf,
  chunkJobId,
  heartbeatKeyOf,
  RUN_JOB,
  runsQueueOf,
  SEQUENCE_LOST,
  WIRE_VERSION,
} from './messages.js';
import type { Session } from './session.js';
import { within } from './session.js';
import { watchWaiting } from './waiting.js';

export interface RunSpec {
  readonly runId: string;
  /** Names the work in errors (`"map(boom) → sum"`). */
  readonly label: string;
  /** The shipped job, codec-encoded. */
  readonly job: unknown;
  /** The context, codec-encoded, or undefined. */
  readonly context: unknown;
  /** sha256 of each task module the job names, by URL. */
  readonly digests: Readonly<Record<string, string>>;
  /** Chunks the workers fold at once (what chunk sizes plan for). */
  readonly slots: number;
  /** Chunk jobs sent but not yet combined, at most. */
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
  /** Called from the sweep with what the run waits for, when that changes (see waiting.ts). */
  readonly onWaiting?: ((reason: string | undefined) => void) | undefined;
}

/** The transport of one run; `close()` removes what the run left in Redis. */
export interface ClusterRun extends Transport {
  /** The error that lost the run, if one did (Redis gone, no workers, aborted…). */
  readonly failure: unknown;
  close(): Promise<void>;
}

/** Work per chunk job learned sizes aim at, at least, in ms: a job costs ~1 ms of Redis. */
export const TARGET_MS = 25;
/** Items per chunk at most for sources read into memory. */
const MAX_ITEMS = 65_536;

const SWEEP_MS = 1_000;
/** Errors that mean "Redis is not answering", which the watchdog judges by time. */
const CONNECTION_TROUBLE = /connection|closed|ECONN|ETIMEDOUT|EPIPE/i;

/** Runs a job's chunks on the cluster and resolves to the fold's result. */
export function openRun(session: Session, spec: RunSpec): ClusterRun {
  const { client, queue, runs, flows, events } = session;
  const { runId, label, redisTimeout, signal } = spec;
  const parentKey = runs.toKey(runId);
  const processedKey = `${parentKey}:processed`;
  const heartbeatKey = heartbeatKeyOf(parentKey);
  const childKey = (index: number): string => queue.toKey(chunkJobId(runId, index));

  // Chunks sent (or being sent) whose reply has not arrived, with their promise's ends.
  interface Pending {
    resolve(result: ChunkResult): void;
    reject(error: unknown): void;
    /** Redis has acknowledged the job (the sweep may look for it). */
    confirmed: boolean;
  }
  const outstanding = new Map<number, Pending>();
  // Results combined by the engine are not needed in Redis any more: deleted in batches.
  const consumed: string[] = [];
  let failure: unknown;
  // The errors that lose the run (not one chunk): the engine passes them through as they are.
  const runErrors = new WeakSet<object>();

  const fail = (error: unknown): void => {
    if (failure !== undefined) return;
    failure = error;
    if (typeof error === 'object' && error !== null) runErrors.add(error);
    for (const p of outstanding.values()) p.reject(error);
    for (const reject of runFailureListeners) reject();
    runFailureListeners.clear();
  };
  const settle = (index: number, reply: ChunkReply): void => {
    const pending = outstanding.get(index);
    if (pending === undefined) return; // a late duplicate: this chunk already counted
    outstanding.delete(index);
    consumed.push(childKey(index));
    if (!reply.ok) {
      pending.reject(new RemoteTaskError(errorOf(reply.failure)));
      return;
    }
    let acc: unknown;
    try {
      acc = decodeData(reply.acc);
    } catch (error) {
      pending.reject(new RemoteTaskError(error as Error));
      return;
    }
    pending.resolve({ acc, items: reply.items, micros: reply.micros });
  };

  // Sequences and reduce tasks in progress, by job id (`<run>-s<n>`, `<run>-r<p>`: no chunk index).
  const named = new Map<string, { settle(reply: ChunkReply): void; fail(e: Error): void }>();
  // Rejections owed to named jobs' promises when the whole run fails.
  const runFailureListeners = new Set<() => void>();
  const onCompleted = (args: { jobId: string; returnvalue: unknown }): void => {
    const sequence = named.get(args.jobId);
    if (sequence !== undefined) {
      try {
        sequence.settle(checkChunkReply(args.returnvalue, args.jobId));
      } catch (error) {
        sequence.fail(new RemoteTaskError(error as Error));
      }
      return;
    }
    const index = chunkIndexOf(runId, args.jobId);
    if (index === undefined || !outstanding.has(index)) return;
    try {
      settle(index, checkChunkReply(args.returnvalue, args.jobId));
    } catch (error) {
      const pending = outstanding.get(index);
      outstanding.delete(index);
      pending?.reject(new RemoteTaskError(error as Error));
    }
  };
  const onFailed = (args: { jobId: string; failedReason: string }): void => {
    // A sequence job BullMQ gave up on (stalled too often): its worker was lost; replayable.
    named.get(args.jobId)?.fail(jobFailure(args.failedReason));
    const index = chunkIndexOf(runId, args.jobId);
    const pending = index === undefined ? undefined : outstanding.get(index);
    if (index === undefined || pending === undefined) return;
    outstanding.delete(index);
    // BullMQ has already retried it as `attempts` and the stall limit allow: final.
    pending.reject(new RemoteTaskError(jobFailure(args.failedReason)));
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

  const waiting =
    spec.onWaiting &&
    watchWaiting({
      client,
      queue,
      queueName: spec.queueName,
      runId,
      connection: spec.connection,
      redisTimeout,
      workerTimeout: spec.workerTimeout,
      onWaiting: spec.onWaiting,
    });
  const sweep = async (): Promise<void> => {
    await checkWorkers();
    if (consumed.length > 0) {
      // Combined results are not needed in Redis any more: memory stays flat.
      client.hdel(processedKey, ...consumed.splice(0)).catch(() => {});
    }
    const pending = [...outstanding].filter(([, p]) => p.confirmed).map(([i]) => i);
    await waiting?.look(pending);
    const tx = client.multi();
    for (const i of pending) tx.hmget(childKey(i), 'name', 'finishedOn', 'failedReason');
    // The child hashes are read before the parent's results: a chunk that completes in
    // between is then seen as pending, never as vanished.
    if (pending.length > 0) tx.hmget(processedKey, ...pending.map(childKey));
    else tx.ping();
    const result = await tx.exec();
    // Sequences and reduce tasks: a missed event must not hang them either.
    const others = [...named.keys()];
    if (others.length > 0) {
      const stored = await client.hmget(processedKey, ...others.map((id) => queue.toKey(id)));
      stored.forEach((value, i) => {
        if (value != null) onCompleted({ jobId: others[i]!, returnvalue: JSON.parse(value) });
      });
    }
    if (result === null || pending.length === 0) return;
    const rows = result.map(([error, value]) => {
      if (error) throw error;
      return value as (string | null)[];
    });
    const values = rows[pending.length]!;
    for (const [j, index] of pending.entries()) {
      // Settled by an event while the sweep was in flight.
      if (!outstanding.has(index)) continue;
      const stored = values[j];
      if (stored != null) {
        onCompleted({ jobId: chunkJobId(runId, index), returnvalue: JSON.parse(stored) });
        continue;
      }
      const [name, finishedOn, failedReason] = rows[j]!;
      if (name == null) {
        const p = outstanding.get(index)!;
        outstanding.delete(index);
        p.reject(
          new RemoteTaskError(
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
        waiting?.silent(now - sweepStarted);
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
  const childOptions = (jobId: string) => ({
    jobId,
    attempts: spec.attempts,
    // A completed chunk's result lives on in its parent; the job itself is not needed.
    removeOnComplete: true,
    // Failed chunks stay for the coordinator to read the reason; it removes them after.
    removeOnFail: false,
  });
  const childData = (index: number, input: ChunkInput, output?: MapOutput): ChunkData => ({
    v: WIRE_VERSION,
    runId,
    index,
    job: spec.job,
    input,
    ...(output === undefined ? {} : { output }),
    ...(spec.context === undefined ? {} : { context: spec.context }),
    digests: spec.digests,
  });

  // Sequences opened, their lists (deleted at the end) and their readers' connections.
  let opened = 0;
  const lists: string[] = [];
  const readers = new Set<{ disconnect(): void }>();

  // Chunks handed over since the last send: sent together, one transaction, on the next turn
  // of the event loop (the engine hands over a burst of chunks at once).
  let queued: { jobId: string; index: number; input: ChunkInput; output?: MapOutput }[] = [];
  let started = false;
  let sending: Promise<void> = Promise.resolve();
  const send = async (): Promise<void> => {
    const batch = queued;
    queued = [];
    if (batch.length === 0 || failure !== undefined) return;
    const nodes = batch.map((c) => ({
      name: CHUNK_JOB,
      queueName: queue.name,
      data: childData(c.index, c.input, c.output),
      opts: childOptions(c.jobId),
    }));
    if (!started) {
      started = true;
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
    } else {
      await flows.addBulk(nodes.map((n) => ({ ...n, opts: { ...n.opts, parent } })));
    }
    for (const c of batch) {
      const p = outstanding.get(c.index);
      if (p) p.confirmed = true;
    }
  };
  const schedule = (): void => {
    if (queued.length !== 1) return; // a send is already due for this burst
    const previous = sending;
    sending = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => previous)
      .then(send)
      .catch((error: unknown) => fail(error));
  };

  /** Sends one chunk (a map task of a partitioned output when `output` is given). */
  const submitChunk = (chunk: EngineChunk, output?: MapOutput): Promise<ChunkResult> => {
    if (failure !== undefined) return Promise.reject(failure);
    let input: ChunkInput;
    try {
      input =
        chunk.input.kind === 'items'
          ? {
              kind: 'items',
              items: encodeData(chunk.input.items, `chunk ${chunk.index}: items`),
            }
          : chunk.input;
    } catch (error) {
      // An item that cannot travel (UnsendableValueError, naming it): the run's mistake,
      // passed through as it is; sending it again cannot help.
      if (typeof error === 'object' && error !== null) runErrors.add(error);
      return Promise.reject(error);
    }
    return new Promise<ChunkResult>((resolve, reject) => {
      // Marked before Redis knows it, so no reply can arrive for an unknown chunk.
      outstanding.set(chunk.index, { resolve, reject, confirmed: false });
      queued.push({
        jobId: chunkJobId(runId, chunk.index),
        index: chunk.index,
        input,
        ...(output === undefined ? {} : { output }),
      });
      schedule();
    });
  };

  return {
    slots: spec.slots,
    targetMs: TARGET_MS,
    maxInFlight: spec.maxInFlight,
    retries: 0,
    maxItems: MAX_ITEMS,
    get failure() {
      return failure;
    },
    fold(chunk: EngineChunk): Promise<ChunkResult> {
      return submitChunk(chunk);
    },
    async mapTask(chunk, output): Promise<MapTaskReply> {
      const result = await submitChunk(chunk, output);
      return result.acc as MapTaskReply;
    },
    reduceTask(task): Promise<OutputPartition> {
      if (failure !== undefined) return Promise.reject(failure);
      const jobId = `${runId}-r${task.partition}`;
      return new Promise<OutputPartition>((resolve, reject) => {
        named.set(jobId, {
          settle: (reply) => {
            named.delete(jobId);
            consumed.push(queue.toKey(jobId));
            if (!reply.ok) reject(new RemoteTaskError(errorOf(reply.failure)));
            else {
              try {
                resolve(decodeData(reply.acc) as OutputPartition);
              } catch (error) {
                reject(new RemoteTaskError(error as Error));
              }
            }
          },
          fail: (error) => {
            named.delete(jobId);
            reject(error instanceof RemoteTaskError ? error : new RemoteTaskError(error));
          },
        });
        const onRunFailure = (): void => reject(failure);
        runFailureListeners.add(onRunFailure);
        queued.push({ jobId, index: task.partition, input: { kind: 'reduce', ...task } });
        schedule();
      });
    },
    async sequence(): Promise<Sequence> {
      if (failure !== undefined) throw failure;
      const n = opened++;
      const jobId = `${runId}-s${n}`;
      const feed = `${parentKey}:feed:${n}`;
      const steps = `${parentKey}:steps:${n}`;
      lists.push(feed, steps, `${feed}:claimed`);
      let ended: { reply?: ChunkReply; error?: unknown } | undefined;
      let wake: (() => void) | undefined;
      const end = (e: typeof ended): void => {
        if (ended) return;
        ended = e;
        named.delete(jobId);
        wake?.();
      };
      named.set(jobId, {
        settle: (reply) => end({ reply }),
        fail: (error) => end({ error }),
      });
      // Reads the steps on a connection of its own: BLPOP holds it.
      const reader = client.duplicate();
      reader.on('error', () => {});
      readers.add(reader);
      const failureOfEnd = (e: NonNullable<typeof ended>): unknown => {
        if (e.error !== undefined) return e.error;
        const reply = e.reply!;
        if (reply.ok) return new Error('the sequence ended before its input did');
        // Lost worker: a plain error, so the engine replays a replayable input on a new one.
        if (reply.failure.code === SEQUENCE_LOST) return new Error(reply.failure.message);
        return new RemoteTaskError(errorOf(reply.failure));
      };
      const step = async (): Promise<SequenceStep> => {
        for (;;) {
          if (failure !== undefined) throw failure;
          if (ended) throw failureOfEnd(ended);
          const got = await Promise.race([
            reader.blpop(steps, 1),
            new Promise<null>((resolve) => {
              wake = () => resolve(null);
            }),
          ]);
          wake = undefined;
          if (got !== null) return JSON.parse(got[1]) as SequenceStep;
          // A missed event must not hang the sequence: the result also lands in the parent.
          const stored = ended ? null : await client.hget(processedKey, queue.toKey(jobId));
          if (stored != null) onCompleted({ jobId, returnvalue: JSON.parse(stored) });
        }
      };
      queued.push({ jobId, index: 0, input: { kind: 'feed', feed, steps } });
      schedule();
      const pushMessage = async (message: FeedMessage): Promise<void> => {
        await client.rpush(feed, JSON.stringify(message));
      };
      return {
        async push(input): Promise<SequenceStep> {
          let encoded: FeedMessage;
          try {
            encoded = {
              input:
                input.kind === 'items'
                  ? {
                      kind: 'items',
                      items: encodeData(input.items, 'a chunk of the sequence: items'),
                    }
                  : input,
            };
          } catch (error) {
            if (typeof error === 'object' && error !== null) runErrors.add(error);
            throw error;
          }
          await pushMessage(encoded);
          return step();
        },
        async finish(): Promise<ChunkResult> {
          await pushMessage({ end: true });
          for (;;) {
            if (failure !== undefined) throw failure;
            if (ended) break;
            await step().then(
              () => {},
              () => {},
            );
          }
          const e = ended as { reply?: ChunkReply; error?: unknown };
          if (e.reply?.ok !== true) throw failureOfEnd(e);
          consumed.push(queue.toKey(jobId));
          return { acc: decodeData(e.reply.acc), items: e.reply.items, micros: e.reply.micros };
        },
        async cancel(): Promise<void> {
          end({ error: new AbortedError('sequence cancelled') });
          readers.delete(reader);
          reader.disconnect();
          await queue.remove(jobId, { removeChildren: false }).catch(() => 0);
        },
      };
    },
    copyMicros: shippingMicros,
    isFatal: (error) => typeof error === 'object' && error !== null && runErrors.has(error),
    async close(): Promise<void> {
      clearInterval(timer);
      clearInterval(beating);
      beating = undefined;
      signal.removeEventListener('abort', onAbort);
      events.off('completed', onCompleted);
      events.off('failed', onFailed);
      // Chunks the engine left (an early result, a failure, an abort) are cancelled here.
      const left = [...outstanding.keys()];
      for (const p of outstanding.values()) p.reject(new AbortedError('the run ended'));
      outstanding.clear();
      for (const reader of readers) reader.disconnect();
      readers.clear();
      const lost = failure instanceof RedisUnavailableError;
      if (!lost && lists.length > 0) {
        await within(client.del(...lists), Math.min(redisTimeout, 2_000));
      }
      if (!lost) {
        await within(sending, Math.min(redisTimeout, 2_000));
        await within(removeRun(session, runId, left), Math.min(redisTimeout, 5_000));
      }
      // Last: workers finding a parent with no heartbeat remove it, which is what this run
      // wants now too. Lost Redis: the key lapses by itself within `heartbeat`.
      const stopping = client.del(heartbeatKey).catch(() => 0);
      if (!lost) await within(stopping, Math.min(redisTimeout, 2_000));
    },
  };
}

/**
 * Microseconds per item to encode, stringify, parse and decode `items`, as a chunk travels
 * (no user code runs: this prices the data only).
 */
function shippingMicros(items: readonly unknown[]): number | undefined {
  if (items.length === 0) return undefined;
  const t0 = performance.now();
  try {
    JSON.parse(JSON.stringify(encodeData(items, 'the sample')));
  } catch {
    return undefined; // the chunk's send says what cannot travel
  }
  return Math.max(((performance.now() - t0) * 1000) / items.length, 0.001);
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
