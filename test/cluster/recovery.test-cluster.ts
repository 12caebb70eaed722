/**
 * Recovery from a dead worker, and what a run says while it waits, on a real Redis with real
 * worker processes: a worker SIGKILLed mid-run costs about `lockDuration + stalledInterval`
 * (BullMQ's stalled check runs every third of `stalledInterval`, see worker.ts), not three
 * stalled intervals; progress names what the run waits for (no worker yet, a chunk whose
 * worker stopped responding, Redis gone) and stops naming it once it is over.
 *
 * Times are compared with generous multiples of the bound (and of a run without a kill on
 * the same workers), never near it: the bound itself is checked without a clock in
 * waiting.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as _ from '../../src/cluster/index.js';
import { folds, local, map, pipeline, run } from '../../src/functional/index.js';
import { hang, logged, slow } from './fixtures/tasks.js';
import {
  dropQueue,
  eventually,
  freshQueue,
  startRedis,
  startWorkerProcess,
  startWorkerProcesses,
  type WorkerProcess,
} from './helpers.js';
import { clusterSuite } from './suite.js';

const suite = clusterSuite();
const LOCK_MS = 1_000;
const STALLED_MS = 500;
const spec = { lockDuration: LOCK_MS, stalledInterval: STALLED_MS };

describe.skipIf(suite.skip !== '')(suite.title('cluster recovery'), () => {
  const { url } = suite;
  const dir = mkdtempSync(join(tmpdir(), 'polyfold-cluster-recovery-'));
  const queues: string[] = [];
  const started: WorkerProcess[] = [];
  let events: QueueEvents[] = [];
  let eventsClient: Redis;
  const queueOf = (label: string): string => {
    const q = freshQueue(label);
    queues.push(q);
    return q;
  };
  /** Stalled chunk job ids seen on `queue` (BullMQ's 'stalled' event: re-queued after a stall). */
  const watchStalled = async (queue: string): Promise<string[]> => {
    const { QueueEvents } = await import('bullmq');
    const seen: string[] = [];
    const e = new QueueEvents(queue, { connection: eventsClient });
    e.on('stalled', ({ jobId }) => seen.push(jobId));
    await e.waitUntilReady();
    events.push(e);
    return seen;
  };
  const workersOn = async (queue: string, n: number): Promise<WorkerProcess[]> => {
    const ws = await startWorkerProcesses(url, queue, Array(n).fill(spec));
    started.push(...ws);
    return ws;
  };

  beforeAll(() => {
    eventsClient = new Redis(url, { maxRetriesPerRequest: null });
  });

  afterAll(async () => {
    await Promise.all(events.map((e) => e.close()));
    events = [];
    eventsClient?.disconnect();
    await Promise.all(started.map((w) => w.stop(true)));
    await Promise.all(queues.map((q) => dropQueue(url, q)));
    rmSync(dir, { recursive: true, force: true });
  });

  it('two workers, one SIGKILLed mid-run: the result is exact and the run ends within a few lockDuration + stalledInterval of the kill', async () => {
    const queue = queueOf('recover');
    const stalled = await watchStalled(queue);
    const workers = await workersOn(queue, 2);
    const fold = () => folds.tuple(folds.sum(), folds.stats());
    const job = pipeline(map(hang)).fold(fold());
    // `hang` returns its item: the reference is the identity map on this thread.
    const xs = Array.from({ length: 400 }, (_v, i) => i * 0.5);
    const expected = await run(pipeline(map((x: number) => x)).fold(fold()), xs, {
      executor: local(),
    });
    const executor = (marker: string) =>
      _.cluster({
        connection: url,
        queue,
        chunkSize: 4,
        redisTimeout: 5_000,
        context: { at: 100.5, marker, ms: 2 },
      });

    // The same run without a kill, on the same workers: the marker exists, nothing hangs.
    const passed = join(dir, 'passed');
    writeFileSync(passed, '0');
    const t0 = performance.now();
    expect(await run(job, xs, { executor: executor(passed) })).toEqual(expected);
    const plain = performance.now() - t0;

    const marker = join(dir, 'hung');
    let runId = '';
    const pending = run(job, xs, {
      executor: executor(marker),
      onProgress: (p) => {
        runId = (p as _.ClusterProgress).runId ?? runId;
      },
    });
    expect(await eventually(() => existsSync(marker), 20_000)).toBe(true);
    const victim = workers.find((w) => w.pid === Number(readFileSync(marker, 'utf8')))!;
    expect(victim).toBeDefined();
    const killedAt = performance.now();
    await victim.stop(true);
    expect(await pending).toEqual(expected);
    const recovery = performance.now() - killedAt;
    // Item 100.5 (the 202nd) is in chunk 50: that chunk went back to the queue after a stall.
    expect(stalled).toContain(`${runId}-50`);
    // Before the fix: up to three stalled intervals (90 s with the old defaults of 30 s + 30 s).
    // A few bounds plus the whole run's length is generous, and far below that.
    expect(recovery).toBeLessThan(plain + 3 * (LOCK_MS + STALLED_MS));
  });

  it('a chunk longer than several lockDurations keeps its lock (renewed while it runs): it runs once', async () => {
    const queue = queueOf('long');
    const stalled = await watchStalled(queue);
    await workersOn(queue, 2);
    const log = join(dir, 'long.log');
    const t0 = performance.now();
    const got = await run(pipeline(map(logged)).fold(folds.sum()), [1, 2, 3], {
      executor: _.cluster({ connection: url, queue, chunkSize: 3, context: { ms: 900, log } }),
    });
    expect(performance.now() - t0).toBeGreaterThan(2 * LOCK_MS);
    expect(got).toBe(6);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines.map((l) => Number(l.split(' ')[1]))).toEqual([1, 2, 3]);
    expect(new Set(lines.map((l) => l.split(' ')[0])).size).toBe(1);
    expect(stalled).toEqual([]);
  });

  it('no worker on the queue: progress says so; once a worker came and the run moved, it says nothing more', async () => {
    const queue = queueOf('none');
    const seen: Array<string | undefined> = [];
    const pending = run(pipeline(map(slow)).fold(folds.sum()), [1, 2, 3, 4], {
      executor: _.cluster({
        connection: url,
        queue,
        chunkSize: 1,
        workerTimeout: 0,
        context: { ms: 1 },
      }),
      onProgress: (p) => seen.push((p as _.ClusterProgress).waiting),
    });
    expect(
      await eventually(
        () => seen.some((w) => w?.startsWith(`no worker connected to queue '${queue}' yet`)),
        15_000,
      ),
    ).toBe(true);
    await workersOn(queue, 1);
    expect(await pending).toBe(10);
    expect(seen.at(-1)).toBeUndefined();
  });

  it("the only worker SIGKILLed mid-chunk: progress says the chunk's worker stopped responding and no worker can re-queue it; a new worker finishes the run", async () => {
    const queue = queueOf('orphan');
    const [only] = await workersOn(queue, 1);
    const marker = join(dir, 'orphan');
    const seen: Array<string | undefined> = [];
    const xs = [1, 2, 3, 4, 5, 6];
    const pending = run(pipeline(map(hang)).fold(folds.sum()), xs, {
      executor: _.cluster({
        connection: url,
        queue,
        chunkSize: 2,
        workerTimeout: 0,
        context: { at: 3, marker, ms: 1 },
      }),
      onProgress: (p) => seen.push((p as _.ClusterProgress).waiting),
    });
    expect(await eventually(() => existsSync(marker), 20_000)).toBe(true);
    await only!.stop(true);
    // Chunk 1 holds item 3; its lock lapses within LOCK_MS, and no live worker checks for stalls.
    const orphaned = (w: string | undefined) =>
      w?.startsWith(
        "chunk 1's worker stopped responding (its lock lapsed) and no worker is connected",
      ) === true;
    expect(await eventually(() => seen.some(orphaned), 15_000)).toBe(true);
    await workersOn(queue, 1);
    expect(await pending).toBe(21);
  });

  it('Redis gone mid-run: progress says it is reconnecting before the run fails with RedisUnavailableError', async () => {
    const redis = await startRedis();
    const queue = queueOf('gone');
    const worker = await startWorkerProcess(redis.url, queue, spec);
    started.push(worker);
    try {
      const seen: Array<string | undefined> = [];
      let stopped = false;
      const pending = run(pipeline(map(slow)).fold(folds.sum()), Array(40).fill(1), {
        executor: _.cluster({
          connection: redis.url,
          queue,
          chunkSize: 2,
          context: { ms: 50 },
          redisTimeout: 3_000,
        }),
        onProgress: (p) => {
          seen.push((p as _.ClusterProgress).waiting);
          if (!stopped) {
            stopped = true;
            void redis.stop(true);
          }
        },
      });
      const error = await pending.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(_.RedisUnavailableError);
      expect(seen.some((w) => w?.startsWith(`Redis at ${redis.url} is not answering`))).toBe(true);
    } finally {
      await worker.stop(true);
      await redis.stop(true);
    }
  });
});
