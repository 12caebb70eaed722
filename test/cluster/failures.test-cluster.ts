/**
 * When things break: a worker SIGKILLed mid-chunk (its chunk runs again elsewhere, the result
 * is still exact), a chunk longer than the lock (renewed, never taken for dead), a worker
 * closed mid-chunk (it finishes, or hands the chunk back at once), and Redis stopped in the
 * middle of a run (a clear error, in bounded time).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as _ from '../../src/cluster/index.js';
import { folds, map, pipeline, run } from '../../src/functional/index.js';
import { hang, logged, slow } from './fixtures/tasks.js';
import {
  dropQueue,
  eventually,
  freshQueue,
  jobKeys,
  queueKeys,
  startRedis,
  startWorkerProcess,
  startWorkerProcesses,
  type WorkerProcess,
} from './helpers.js';
import { clusterSuite } from './suite.js';

const suite = clusterSuite();
const LOCK_MS = 1_500;
const STALLED_MS = 1_000;

/** `pid item` lines a `logged` task left, as [pid, item] pairs. */
function logLines(path: string): Array<[number, number]> {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ').map(Number) as [number, number]);
}

describe.skipIf(suite.skip !== '')(suite.title('cluster failures'), () => {
  const { url } = suite;
  const queue = freshQueue('fail');
  const dir = mkdtempSync(join(tmpdir(), 'polyfold-cluster-fail-'));
  let workers: WorkerProcess[] = [];
  let events: QueueEvents;
  let eventsClient: Redis;
  const stalled: string[] = [];
  const executor = (options: Partial<_.ClusterOptions> = {}) =>
    _.cluster({ connection: url, queue, redisTimeout: 5_000, ...options });
  const alive = () => workers.filter((w) => w.process.exitCode === null && !w.process.signalCode);

  beforeAll(async () => {
    const spec = {
      lockDuration: LOCK_MS,
      stalledInterval: STALLED_MS,
      env: { POLYFOLD_CLOSE_TIMEOUT: '300' },
    };
    workers = await startWorkerProcesses(url, queue, [spec, spec, spec]);
    const { QueueEvents } = await import('bullmq');
    eventsClient = new Redis(url, { maxRetriesPerRequest: null });
    events = new QueueEvents(queue, { connection: eventsClient });
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    await events.waitUntilReady();
  }, 60_000);

  afterAll(async () => {
    await events?.close();
    eventsClient?.disconnect();
    await Promise.all(workers.map((w) => w.stop(true)));
    await dropQueue(url, queue);
    rmSync(dir, { recursive: true, force: true });
  });

  it('three workers, one SIGKILLed mid-chunk: its chunk runs again elsewhere, the result is exact', async () => {
    const marker = join(dir, 'hung');
    const job = pipeline(map(hang)).fold(folds.tuple(folds.sum(), folds.count()));
    const xs = Array.from({ length: 60 }, (_v, i) => i);
    let runId = '';
    const pending = run(job, xs, {
      executor: executor({ chunkSize: 3, context: { at: 31, marker, ms: 10 } }),
      onProgress: (p) => {
        runId = (p as _.ClusterProgress).runId ?? runId;
      },
    });
    expect(await eventually(() => existsSync(marker), 10_000)).toBe(true);
    const pid = Number(readFileSync(marker, 'utf8'));
    const victim = workers.find((w) => w.pid === pid)!;
    expect(victim).toBeDefined();
    const killedAt = performance.now();
    await victim.stop(true);
    expect(await pending).toEqual([(59 * 60) / 2, 60]);
    const recovery = performance.now() - killedAt;
    // The lock lapses, the next stalled check puts the chunk back, a live worker takes it.
    expect(recovery).toBeLessThan(LOCK_MS + 2 * STALLED_MS + 2_000);
    // Item 31 is in chunk 10: that chunk was re-run after a stall.
    expect(stalled).toContain(`${runId}-10`);
    expect(alive()).toHaveLength(2);
    expect(await eventually(async () => jobKeys(await queueKeys(url, queue)).length === 0)).toBe(
      true,
    );
  });

  it('a chunk longer than the lock keeps its lock (the fold runs on a thread): it runs once', async () => {
    const log = join(dir, 'long.log');
    const job = pipeline(map(logged)).fold(folds.sum());
    const before = stalled.length;
    const t0 = performance.now();
    const got = await run(job, [1, 2, 3], {
      executor: executor({ chunkSize: 3, context: { ms: 700, log } }),
    });
    expect(performance.now() - t0).toBeGreaterThan(LOCK_MS);
    expect(got).toBe(6);
    const lines = logLines(log);
    expect(lines.map(([, x]) => x)).toEqual([1, 2, 3]);
    expect(new Set(lines.map(([pid]) => pid)).size).toBe(1);
    expect(stalled.length).toBe(before);
  });

  it('closing a worker mid-chunk hands the chunk back at once (no stall wait); another finishes it', async () => {
    const log = join(dir, 'release.log');
    const job = pipeline(map(logged)).fold(folds.sum());
    const before = stalled.length;
    const pending = run(job, [1, 2, 3, 4], {
      executor: executor({ chunkSize: 4, context: { ms: 400, log } }),
    });
    expect(await eventually(() => logLines(log).length > 0, 10_000)).toBe(true);
    const [[first]] = logLines(log) as [[number, number]];
    const closing = workers.find((w) => w.pid === first)!;
    const t0 = performance.now();
    await closing.stop(); // SIGTERM: 300 ms to finish, then the chunk is released
    expect(performance.now() - t0).toBeLessThan(2_500);
    expect(await pending).toBe(10);
    const other = alive()[0]!;
    expect(
      logLines(log)
        .filter(([pid]) => pid === other.pid)
        .map(([, x]) => x),
    ).toEqual([1, 2, 3, 4]);
    expect(stalled.length).toBe(before);
  });

  it('closing a worker lets a chunk that finishes in time finish: the run completes', async () => {
    const log = join(dir, 'finish.log');
    const job = pipeline(map(logged)).fold(folds.sum());
    const [last] = alive() as [WorkerProcess];
    const pending = run(job, [5, 6], {
      executor: executor({ chunkSize: 2, context: { ms: 100, log } }),
    });
    expect(await eventually(() => logLines(log).length > 0, 10_000)).toBe(true);
    await last.stop();
    // No worker is left: only the closing one can have finished the chunk.
    expect(await pending).toBe(11);
    expect(logLines(log)).toEqual([
      [last.pid, 5],
      [last.pid, 6],
    ]);
  });

  it('Redis stopped mid-run: the run rejects with a clear error, in bounded time', async () => {
    const redis = await startRedis();
    const worker = await startWorkerProcess(redis.url, queue, {
      lockDuration: LOCK_MS,
      stalledInterval: STALLED_MS,
    });
    try {
      let stoppedAt = 0;
      const pending = run(pipeline(map(slow)).fold(folds.sum()), Array(40).fill(1), {
        executor: _.cluster({
          connection: redis.url,
          queue,
          chunkSize: 2,
          context: { ms: 50 },
          redisTimeout: 1_000,
        }),
        onProgress: () => {
          if (stoppedAt === 0) {
            stoppedAt = performance.now();
            void redis.stop(true);
          }
        },
      });
      const error = await pending.catch((e: unknown) => e);
      expect(performance.now() - stoppedAt).toBeLessThan(3_000);
      expect(error).toBeInstanceOf(_.RedisUnavailableError);
      expect((error as Error).message).toContain(
        `lost Redis in the middle of a run at ${redis.url}`,
      );
    } finally {
      await worker.stop(true);
      await redis.stop(true);
    }
  });
});
