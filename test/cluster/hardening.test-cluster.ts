/**
 * The cluster against hostile or broken surroundings, on a real Redis: jobs forged into
 * Redis, coordinators that die, Redis that refuses or goes away, workers deployed with
 * another version of a task module.
 */

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import * as _ from '../../src/cluster/index.js';
import { WIRE_VERSION } from '../../src/cluster/messages.js';
import { folds, map, pipeline, run } from '../../src/functional/index.js';
import { half } from './fixtures/tasks.js';
import {
  dropQueue,
  eventually,
  freshQueue,
  jobKeys,
  queueKeys,
  startWorkerProcess,
} from './helpers.js';
import { clusterSuite } from './suite.js';

const suite = clusterSuite();
const COUNTED = new URL('./fixtures/counted-tasks.ts', import.meta.url);
const COORDINATOR = fileURLToPath(new URL('./fixtures/coordinator.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Lines in a file (0 when it does not exist yet). */
function lines(path: string): number {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0;
}

/** Resident memory of a process, in bytes (Linux). */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return Number(kb ?? 0) * 1024;
}

describe('a Redis that refuses connections', () => {
  it('fails a run at once, not after redisTimeout (ERR_REDIS_UNAVAILABLE, refused)', async () => {
    const t0 = performance.now();
    const error = (await run(pipeline(map(half)).fold(folds.sum()), [1, 2, 3], {
      // The default redisTimeout (10 s) was the wait before.
      executor: _.cluster({ connection: 'redis://127.0.0.1:1', queue: 'q', chunkSize: 1 }),
    }).catch((e: unknown) => e)) as _.RedisUnavailableError;
    expect(error).toBeInstanceOf(_.RedisUnavailableError);
    expect(error.code).toBe('ERR_REDIS_UNAVAILABLE');
    expect(error.refused).toBe(true);
    expect(error.message).toMatch(/refused.*ECONNREFUSED/);
    // Loose: the point is "not 10 s".
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

describe.skipIf(suite.skip !== '')(suite.title('cluster hardening'), () => {
  const { url } = suite;
  const dir = mkdtempSync(join(tmpdir(), 'polyfold-hardening-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('2 000 forged jobs naming an allowed module with a ?query are refused: the module is never evaluated again, memory stays flat', async () => {
    const queue = freshQueue('forged-query');
    const log = join(dir, 'evaluations.log');
    const worker = await startWorkerProcess(url, queue, {
      concurrency: 1,
      tasks: [COUNTED.pathname],
      env: { POLYFOLD_EVAL_LOG: log },
    });
    const redis = new Redis(url, { maxRetriesPerRequest: null });
    const { Queue } = await import('bullmq');
    const q = new Queue(queue, { connection: redis });
    const evaluations = () =>
      existsSync(log) ? readFileSync(log, 'utf8').split('\n').length - 1 : 0;
    try {
      // Loaded once by the process (checking it loads) and once by its one thread.
      const before = evaluations();
      expect(before).toBeGreaterThanOrEqual(1);
      const rssBefore = rssOf(worker.pid);
      const allowed = pathToFileURL(COUNTED.pathname).href;
      const forged = (n: number) => ({
        name: 'polyfold.chunk',
        data: {
          v: WIRE_VERSION,
          runId: 'forged',
          index: n,
          job: {
            stages: [
              {
                kind: 'map',
                fn: { $task: { module: `${allowed}?n=${n}`, name: 'inc' } },
                args: [],
              },
            ],
            fold: { name: 'count', args: [] },
          },
          input: { kind: 'items', items: [1] },
        },
        opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 10 } },
      });
      const total = 2_000;
      for (let n = 0; n < total; n += 500) {
        await q.addBulk(Array.from({ length: 500 }, (_v, i) => forged(n + i)));
      }
      const done = async () =>
        (await q.getJobCounts('wait', 'active')).wait === 0 &&
        (await q.getJobCounts('active')).active === 0;
      expect(await eventually(done, 120_000)).toBe(true);
      const kept = await q.getCompleted(0, 0);
      const reply = kept[0]!.returnvalue as { ok: boolean; failure: { code: string } };
      expect(reply.ok).toBe(false);
      expect(reply.failure.code).toBe('ERR_MODULE_NOT_ALLOWED');
      expect(evaluations()).toBe(before);
      // Loose: 2 000 fresh module copies cost tens of MB; a refusal costs nothing lasting.
      expect(rssOf(worker.pid) - rssBefore).toBeLessThan(150 * 1024 * 1024);
    } finally {
      await q.close();
      redis.disconnect();
      await worker.stop();
      await dropQueue(url, queue);
    }
  }, 180_000);

  it('a coordinator killed with SIGKILL mid-run: its heartbeat lapses, the workers drop its remaining chunks and remove the run', async () => {
    const queue = freshQueue('dead-coordinator');
    const log = join(dir, 'processed.log');
    const worker = await startWorkerProcess(url, queue, {
      concurrency: 1,
      env: { POLYFOLD_SWEEP_INTERVAL: '300' },
    });
    const coordinator = spawn(
      process.execPath,
      ['--import', 'tsx', COORDINATOR, url, queue, '900', log, '200'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    coordinator.stdout!.on('data', (d) => {
      out += String(d);
    });
    const exited = new Promise<void>((resolve) => coordinator.once('exit', () => resolve()));
    try {
      expect(await eventually(() => /run \S+\n/.test(out), 30_000)).toBe(true);
      const runId = /run (\S+)\n/.exec(out)![1]!;
      expect(await eventually(() => lines(log) >= 3, 10_000)).toBe(true);
      coordinator.kill('SIGKILL');
      await exited;
      // 200 chunks of 100 ms were sent (64 at a time); after heartbeat (0.9 s) + a sweep, none runs.
      const gone = async () =>
        (await queueKeys(url, queue)).filter((k) => k.includes(runId)).length === 0;
      expect(await eventually(gone, 15_000)).toBe(true);
      expect(jobKeys(await queueKeys(url, queue))).toEqual([]);
      const processed = lines(log);
      expect(processed).toBeLessThan(64);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(lines(log)).toBe(processed);
    } finally {
      coordinator.kill('SIGKILL');
      await worker.stop();
      await dropQueue(url, queue);
    }
  }, 90_000);

  it('a worker with another version of a task module (same path) fails the run with both digests, and runs nothing', async () => {
    const queue = freshQueue('versions');
    const file = join(dir, 'versioned-tasks.ts');
    const parallel = fileURLToPath(new URL('../../src/parallel/index.ts', import.meta.url));
    const version = (v: string) =>
      `import { defineTasks } from ${JSON.stringify(parallel)};\n` +
      `export const { tag } = defineTasks(import.meta.url, { tag: (_x: number) => '${v}' });\n`;
    writeFileSync(file, version('v1'));
    const v1 = createHash('sha256').update(readFileSync(file)).digest('hex');
    const worker = await startWorkerProcess(url, queue, { concurrency: 1, tasks: [file] });
    try {
      // Deployed again on the coordinator's machine: same path, new content.
      writeFileSync(file, version('v2'));
      const v2 = createHash('sha256').update(readFileSync(file)).digest('hex');
      const { tag } = (await import(pathToFileURL(file).href)) as {
        tag: (x: number) => string;
      };
      const error = (await run(pipeline(map(tag)).fold(folds.toArray()), [1, 2, 3, 4], {
        executor: _.cluster({ connection: url, queue, chunkSize: 2, redisTimeout: 3_000 }),
      }).catch((e: unknown) => e)) as { code: string; cause: _.TaskModuleMismatchError };
      expect(error.code).toBe('ERR_TASK_FAILED');
      expect(error.cause.code).toBe('ERR_TASK_MODULE_MISMATCH');
      expect(error.cause.message).toContain(pathToFileURL(file).href);
      expect(error.cause.message).toContain(v1);
      expect(error.cause.message).toContain(v2);
      // The worker logs the refusal too.
      expect(worker.stderr()).toContain(v1);
    } finally {
      await worker.stop();
      await dropQueue(url, queue);
    }
  }, 60_000);

  it('a run left in Redis without a heartbeat (its coordinator lost Redis) is removed by a worker sweep; none of its chunks runs', async () => {
    const queue = freshQueue('orphan');
    const log = join(dir, 'left.log');
    const redis = new Redis(url, { maxRetriesPerRequest: null });
    const { FlowProducer } = await import('bullmq');
    const flows = new FlowProducer({ connection: redis });
    const tasks = pathToFileURL(
      fileURLToPath(new URL('./fixtures/tasks.ts', import.meta.url)),
    ).href;
    const chunk = (index: number) => ({
      name: 'polyfold.chunk',
      queueName: queue,
      // As a coordinator sends them.
      opts: { jobId: `left-${index}`, removeOnComplete: true, removeOnFail: false },
      data: {
        v: WIRE_VERSION,
        runId: 'left',
        index,
        job: {
          stages: [{ kind: 'map', fn: { $task: { module: tasks, name: 'logged' } }, args: [] }],
          fold: { name: 'count', args: [] },
        },
        input: { kind: 'items', items: [index] },
        context: { ms: 1, log },
      },
    });
    let worker: Awaited<ReturnType<typeof startWorkerProcess>> | undefined;
    try {
      // What a coordinator that failed with RedisUnavailableError leaves: the parent and its
      // chunks, and a heartbeat that is no longer renewed (here: none at all).
      await flows.add({
        name: 'polyfold.run',
        queueName: `${queue}.runs`,
        opts: { jobId: 'left' },
        data: { v: WIRE_VERSION, runId: 'left', label: 'map(logged) → count' },
        children: Array.from({ length: 20 }, (_v, i) => chunk(i)),
      });
      worker = await startWorkerProcess(url, queue, {
        concurrency: 1,
        env: { POLYFOLD_SWEEP_INTERVAL: '300' },
      });
      const ofRun = async () => (await queueKeys(url, queue)).filter((k) => /:left(-|:|$)/.test(k));
      expect(await eventually(async () => (await ofRun()).length === 0, 15_000)).toBe(true);
      expect(jobKeys(await queueKeys(url, queue))).toEqual([]);
      expect(lines(log)).toBe(0);
    } finally {
      await flows.close();
      redis.disconnect();
      await worker?.stop();
      await dropQueue(url, queue);
    }
  }, 60_000);
});
