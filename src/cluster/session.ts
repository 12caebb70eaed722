/**
 * The Redis side of one run: a client, the chunk queue, the runs queue (parents), a flow
 * producer, and a QueueEvents reader for completions. Opened per run and closed when it ends,
 * so an idle executor holds no connection (and never keeps a process alive); closing is
 * bounded, so a dead Redis cannot hang the caller either.
 */
import type { FlowProducer, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ClusterConnection } from './connection.js';
import { describeConnection, lastErrorOf, openRedis, waitForRedis } from './connection.js';
import { RedisUnavailableError } from './errors.js';
import { runsQueueOf } from './messages.js';
import type { Peers } from './peers.js';

export interface Session {
  readonly client: Redis;
  /** The queue the workers listen on (chunk jobs). */
  readonly queue: Queue;
  /** `<queue>.runs`: parents, one per run; no worker listens there. */
  readonly runs: Queue;
  readonly flows: FlowProducer;
  readonly events: QueueEvents;
  /** Closes everything; `lost` skips the polite goodbyes to a Redis that is gone. */
  close(lost?: boolean): Promise<void>;
}

export interface SessionOptions {
  readonly connection: ClusterConnection;
  readonly queue: string;
  readonly prefix: string;
  /** Deadline for reaching Redis, in milliseconds. */
  readonly timeoutMs: number;
}

const noop = (): void => {};

/** Resolves true if `p` settles within `ms`, false otherwise (never rejects). */
export async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Connects (or rejects with RedisUnavailableError within `timeoutMs`). */
export async function openSession(peers: Peers, options: SessionOptions): Promise<Session> {
  const { connection, prefix, timeoutMs } = options;
  const { Queue, FlowProducer, QueueEvents } = peers.bullmq;
  const client = openRedis(peers, connection, { connectTimeout: timeoutMs });
  try {
    await waitForRedis(client, connection, timeoutMs);
  } catch (error) {
    client.disconnect();
    throw error;
  }
  const queue = new Queue(options.queue, { connection: client, prefix });
  const runs = new Queue(runsQueueOf(options.queue), { connection: client, prefix });
  const flows = new FlowProducer({ connection: client, prefix });
  // Errors surface through the run's deadlines and results; unheard 'error' events would
  // crash the process instead.
  queue.on('error', noop);
  runs.on('error', noop);
  flows.on('error', noop);

  let events: QueueEvents | undefined;
  const close = async (lost = false): Promise<void> => {
    const wait = lost ? 200 : Math.min(timeoutMs, 5_000);
    // QueueEvents first: its blocking read holds a connection of its own.
    await within(Promise.all([events?.close(), flows.close(), queue.close(), runs.close()]), wait);
    if (lost || !(await within(client.quit(), wait))) client.disconnect();
    // A connection still reconnecting would keep the process alive: cut it.
    events?.disconnect().catch(noop);
  };

  try {
    // Read events from just before the first job is added: none of this run's can be missed.
    const reading = client.xrevrange(queue.keys.events as string, '+', '-', 'COUNT', 1);
    if (!(await within(reading, timeoutMs))) {
      throw new RedisUnavailableError(
        describeConnection(connection),
        timeoutMs,
        lastErrorOf(client),
      );
    }
    const last = await reading;
    events = new QueueEvents(options.queue, {
      connection: client,
      prefix,
      lastEventId: last[0]?.[0] ?? '0',
    });
    events.on('error', noop);
    if (!(await within(events.waitUntilReady(), timeoutMs))) {
      throw new RedisUnavailableError(
        describeConnection(connection),
        timeoutMs,
        lastErrorOf(client),
        'cannot read the queue events',
      );
    }
  } catch (error) {
    await close(true);
    throw error;
  }
  return { client, queue, runs, flows, events, close };
}
