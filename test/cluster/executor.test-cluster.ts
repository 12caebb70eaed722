/**
 * `cluster()` against a real Redis and real worker processes: the same results as `local`,
 * byte ranges read by the workers, jobs that stay local, errors that name what failed, the
 * allow-list, two runs sharing a queue, abort, unreachable Redis — and no job left behind.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as _ from '../../src/cluster/index.js';
import { WIRE_VERSION } from '../../src/cluster/messages.js';
import { filter, flatMap, folds, map, pipeline, run, take } from '../../src/functional/index.js';
import { taskFold, textFile, textFiles } from '../../src/parallel/index.js';
import { equals } from '../../src/protocols/index.js';
import { double } from './fixtures/forbidden-tasks.js';
import {
  boom,
  half,
  isSmall,
  longest,
  lower,
  parity,
  scale,
  slow,
  slowHead,
  tokenize,
} from './fixtures/tasks.js';
import {
  dropQueue,
  eventually,
  freshQueue,
  jobKeys,
  queueKeys,
  startWorkerProcesses,
  type WorkerProcess,
} from './helpers.js';
import { clusterSuite } from './suite.js';

const suite = clusterSuite();
const wordCount = pipeline(flatMap(tokenize), map(lower)).fold(folds.frequencies());

describe.skipIf(suite.skip !== '')(suite.title('cluster executor'), () => {
  const { url } = suite;
  const queue = freshQueue('exec');
  const dir = mkdtempSync(join(tmpdir(), 'polyfold-cluster-'));
  const importMarker = join(dir, 'forbidden-imported');
  let workers: WorkerProcess[] = [];
  const executor = (options: Partial<_.ClusterOptions> = {}) =>
    _.cluster({ connection: url, queue, redisTimeout: 3_000, ...options });
  const noJobsLeft = async (): Promise<boolean> =>
    jobKeys(await queueKeys(url, queue)).length === 0;

  beforeAll(async () => {
    const env = { POLYFOLD_IMPORT_MARKER: importMarker, POLYFOLD_DATA_ROOTS: dir };
    workers = await startWorkerProcesses(url, queue, [
      { concurrency: 2, env },
      { concurrency: 1, env },
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await dropQueue(url, queue);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a word count over a text file equals local; the workers read their own byte ranges', async () => {
    const text = Array.from(
      { length: 3000 },
      (_v, i) => `Line ${i}: the quick brown Fox ${i % 7} jumps`,
    ).join('\n');
    const path = join(dir, 'words.txt');
    writeFileSync(path, text);
    const progress: _.ClusterProgress[] = [];
    const got = await run(wordCount, textFile(path, { rangeBytes: 8192 }), {
      executor: executor(),
      onProgress: (p) => progress.push(p as _.ClusterProgress),
    });
    expect(equals(got, await run(wordCount, text.split('\n')))).toBe(true);
    expect(got.get('fox')).toBe(3000);
    // Ranges, not lines, travelled: chunks of at most 8 KiB of file.
    expect(progress.length).toBeGreaterThanOrEqual(Math.ceil(Buffer.byteLength(text) / 8192));
    expect(progress.at(-1)).toMatchObject({ items: 3000, mode: 'cluster' });
    expect(progress.every((p, i) => p.done === i + 1 && p.chunks === i + 1)).toBe(true);
    expect(new Set(progress.map((p) => p.runId)).size).toBe(1);
    // Chunk jobs remove themselves, the run's parent is removed at the end.
    expect(await noJobsLeft()).toBe(true);
  });

  it('many small files travel packed, a few to a chunk job, with the same result as local', async () => {
    const lines = Array.from({ length: 600 }, (_v, i) => `the quick brown Fox ${i % 7} jumps`);
    const paths = Array.from({ length: 60 }, (_v, i) => {
      const path = join(dir, `small-${i}.txt`);
      writeFileSync(path, `${lines.slice(i * 10, i * 10 + 10).join('\n')}\n`);
      return path;
    });
    const source = textFiles(paths, { rangeBytes: 4096 });
    const progress: _.ClusterProgress[] = [];
    const got = await run(wordCount, source, {
      executor: executor(),
      onProgress: (p) => progress.push(p as _.ClusterProgress),
    });
    expect(equals(got, await run(wordCount, lines))).toBe(true);
    // ~330 bytes a file: ~12 files to a chunk job, not 60 jobs.
    // Learned sizes depend on the machine's speed; any sane one packs files: far fewer
    // chunk jobs than files (a chunk of 1 ms of work holds many 330-byte files).
    expect(progress.length).toBeLessThan(30);
    expect(await noJobsLeft()).toBe(true);
  });

  it('workers with data roots refuse byte ranges of files outside them', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'polyfold-outside-'));
    try {
      const path = join(elsewhere, 'private.txt');
      writeFileSync(path, 'not for workers\n');
      // Packed with a file the workers may read: the whole split is refused, naming the other.
      const allowed = join(dir, 'allowed.txt');
      writeFileSync(allowed, 'fine\n');
      const error = (await run(wordCount, textFiles([allowed, path]), {
        executor: executor(),
      }).catch((e: unknown) => e)) as { code: string; chunk: number; cause: Error };
      expect(error.code).toBe('ERR_TASK_FAILED');
      // Every chunk is refused; whichever answers first names its own.
      expect(error.chunk).toBeGreaterThanOrEqual(0);
      expect(error.cause).toMatchObject({
        name: 'PathNotAllowedError',
        code: 'ERR_PATH_NOT_ALLOWED',
      });
      expect(error.cause.message).toContain(`this worker refuses to read ${JSON.stringify(path)}`);
      expect(error.cause.message).toContain(`not under this worker's data roots (${dir})`);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
    expect(await eventually(noJobsLeft)).toBe(true);
  });

  it('values survive the trip bit for bit: -0, NaN, Infinity, undefined, bigint, Map, Date', async () => {
    const xs: unknown[] = [
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      undefined,
      2n ** 70n,
      new Map([[1, new Set(['a'])]]),
      new Date(0),
      { $: 'not a tag', nested: [-0] },
      2 ** 53 + 2,
    ];
    const job = pipeline().fold(folds.toArray<unknown>());
    const got = await run(job, xs, { executor: executor({ chunkSize: 2 }) });
    expect(got).toStrictEqual(xs);
    expect(Object.is(got[0], -0)).toBe(true);
    expect(Object.is((got[7] as { nested: number[] }).nested[0], -0)).toBe(true);
    // A floating-point sum in chunks of one is the local sum, to the last bit.
    const sum = pipeline(filter(isSmall)).fold(folds.sum());
    const ys = [0.1, 0.2, 0.3, -0.6, 1e-17, -0];
    expect(
      Object.is(await run(sum, ys, { executor: executor({ chunkSize: 1 }) }), await run(sum, ys)),
    ).toBe(true);
  });

  it('hand-written folds travel as taskFold addresses, and context reaches every task', async () => {
    const longestWord = pipeline(flatMap(tokenize)).fold(taskFold(longest));
    const lines = ['a bb', 'ccc d', 'ee'];
    expect(await run(longestWord, lines, { executor: executor({ chunkSize: 1 }) })).toBe('ccc');
    const scaled = pipeline(map(scale)).fold(folds.sum());
    const got = await run(scaled, [1, 2, 3], {
      executor: executor({ chunkSize: 1, context: { factor: 10 } }),
    });
    expect(got).toBe(60);
  });

  it('refuses closures and unsendable data before anything reaches Redis', async () => {
    const factor = 3;
    const closure = pipeline(map((x: number) => x * factor)).fold(folds.sum());
    const error = await run(closure, [1, 2], { executor: executor({ chunkSize: 1 }) }).catch(
      (e: unknown) => e,
    );
    expect((error as { code?: string }).code).toBe('ERR_UNSHIPPABLE');
    expect(String(error)).toContain('defineTasks');
    expect(() => executor({ context: { f: () => 1 } })).toThrow(_.UnsendableValueError);
    const unsendable = await run(
      pipeline(map(half)).fold(folds.count()),
      [1, Symbol('x')] as never,
      {
        executor: executor({ chunkSize: 1 }),
      },
    ).catch((e: unknown) => e);
    expect(unsendable).toBeInstanceOf(_.UnsendableValueError);
    expect((unsendable as Error).message).toContain('chunk 1: items[0]');
    expect(await noJobsLeft()).toBe(true);
  });

  it('a job that is not splittable is folded in order by one worker, fed through Redis, and says so', async () => {
    const job = pipeline(map(half), take(2)).fold(folds.sum());
    const progress: _.ClusterProgress[] = [];
    const got = await run(job, [2, 4, 6], {
      executor: executor(),
      onProgress: (p) => progress.push(p as _.ClusterProgress),
    });
    expect(got).toBe(3);
    expect(progress[0]).toMatchObject({ mode: 'cluster' });
    expect(progress[0]!.reason).toContain('take');
    expect(progress[0]!.reason).toContain('one worker');
    // A stream too, stopping early: take(5) of an endless source.
    async function* naturals() {
      for (let i = 0; ; i++) yield i;
    }
    const first = pipeline(map(half), take(5)).fold(folds.sum());
    expect(await run(first, naturals(), { executor: executor() })).toBe(5);
    expect(await eventually(noJobsLeft)).toBe(true);
  });

  it("with placement 'auto', a job that is not splittable runs on this process, and says so", async () => {
    const job = pipeline(map(half), take(2)).fold(folds.sum());
    const progress: _.ClusterProgress[] = [];
    const got = await run(job, [2, 4, 6], {
      executor: executor({ placement: 'auto' }),
      onProgress: (p) => progress.push(p as _.ClusterProgress),
    });
    expect(got).toBe(3);
    expect(progress[0]).toMatchObject({ mode: 'local' });
  });

  it("automatic chunks of a stream follow the workers' timings, not only the sample", async () => {
    // The sample (the first 256 items) costs 2 ms an item: chunks of ~13 for 25 ms. The rest
    // costs nothing; left at 13, 20 000 items would take ~1 540 chunk jobs.
    async function* numbers() {
      for (let i = 0; i < 20_000; i++) yield i;
    }
    const progress: _.ClusterProgress[] = [];
    const got = await run(pipeline(map(slowHead)).fold(folds.sum()), numbers(), {
      executor: executor({ context: { below: 256, ms: 2 } }),
      onProgress: (p) => progress.push(p as _.ClusterProgress),
    });
    expect(got).toBe((19_999 * 20_000) / 2);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ mode: 'cluster', items: 20_000 });
    // Few chunks are out while sizes still grow; then sizes follow the replies.
    expect(last.chunks).toBeLessThan(200);
    expect(await noJobsLeft()).toBe(true);
  });

  it('a queue no worker listens on: NoWorkersError in bounded time, and nothing left behind', async () => {
    const idle = freshQueue('idle');
    const job = pipeline(map(half)).fold(folds.sum());
    const t0 = performance.now();
    const error = (await run(job, [1, 2, 3, 4, 5, 6], {
      executor: _.cluster({ connection: url, queue: idle, chunkSize: 2, workerTimeout: 300 }),
    }).catch((e) => e)) as _.NoWorkersError;
    expect(error).toBeInstanceOf(_.NoWorkersError);
    expect(error.code).toBe('ERR_NO_WORKERS');
    expect(error.queue).toBe(idle);
    expect(error.waitedMs).toBeGreaterThanOrEqual(300);
    expect(error.message).toContain(`no worker is listening on the queue "${idle}"`);
    expect(error.message).toContain(`--queue ${idle}`);
    // First sweep after ~1 s, the verdict one sweep after the timeout.
    expect(performance.now() - t0).toBeLessThan(8_000);
    expect(jobKeys(await queueKeys(url, idle))).toEqual([]);
    await dropQueue(url, idle);
  });

  it('busy workers are counted: a run much longer than workerTimeout completes', async () => {
    // 6 chunks of 1.6 s on 3 worker slots: ≥ 3 s, so the workers are counted at several
    // sweeps (one a second) — with none counted, the run would fail at the second.
    const ys = Array.from({ length: 12 }, (_v, i) => i);
    const t0 = performance.now();
    const got = await run(pipeline(map(slow)).fold(folds.sum()), ys, {
      executor: executor({ chunkSize: 2, context: { ms: 800 }, workerTimeout: 100 }),
    });
    expect(got).toBe(66);
    expect(performance.now() - t0).toBeGreaterThan(3_000);
  });

  it("automatic chunks: cheap work is advised local and stays here only with placement 'auto'; costly work goes out in ≥ 25 ms chunks", async () => {
    const cheap = pipeline(map(half)).fold(folds.sum());
    const xs = Array.from({ length: 20_000 }, (_v, i) => i);
    const shipped: _.ClusterProgress[] = [];
    expect(
      await run(cheap, xs, { executor: executor(), onProgress: (p) => shipped.push(p as never) }),
    ).toBe(await run(cheap, xs));
    expect(shipped.every((p) => p.mode === 'cluster')).toBe(true);
    expect(shipped.at(-1)!.advice).toMatch(/local\(\) would be faster/);
    const local: _.ClusterProgress[] = [];
    expect(
      await run(cheap, xs, {
        executor: executor({ placement: 'auto' }),
        onProgress: (p) => local.push(p as never),
      }),
    ).toBe(await run(cheap, xs));
    expect(local.at(-1)).toMatchObject({ mode: 'local', items: 20_000 });
    expect(local.at(-1)!.reason).toMatch(/placement 'auto'/);

    const costly = pipeline(map(slow)).fold(folds.sum());
    const ys = Array.from({ length: 120 }, (_v, i) => i);
    const remote: _.ClusterProgress[] = [];
    const got = await run(costly, ys, {
      executor: executor({ context: { ms: 1 }, workers: 2 }),
      onProgress: (p) => remote.push(p as never),
    });
    expect(got).toBe(119 * 60);
    expect(remote.every((p) => p.mode === 'cluster')).toBe(true);
    // ~1 ms an item: chunks of ~25 items, more than one, fewer than one per item.
    expect(remote.length).toBeGreaterThan(1);
    expect(remote.length).toBeLessThanOrEqual(Math.ceil(120 / 6));
  });

  it('a task that throws rejects with the task, the chunk index and the worker stack', async () => {
    const job = pipeline(map(boom)).fold(folds.sum());
    const xs = Array.from({ length: 20 }, (_v, i) => i);
    const error = (await run(job, xs, { executor: executor({ chunkSize: 5 }) }).catch(
      (e: unknown) => e,
    )) as { code: string; task: string; chunk: number; cause: Error };
    expect(error.code).toBe('ERR_TASK_FAILED');
    expect(error.task).toBe('map(boom) → sum');
    expect(error.chunk).toBe(2);
    expect(error.cause.name).toBe('RangeError');
    expect(error.cause.message).toBe('thirteen');
    expect(error.cause.stack).toContain('fixtures/tasks.ts');
    expect(await eventually(noJobsLeft)).toBe(true);
  });

  it('a module outside the allow-list is refused, with a clear error, and never imported', async () => {
    const job = pipeline(map(half), map(double)).fold(folds.sum());
    const error = (await run(job, [1, 2, 3], { executor: executor({ chunkSize: 1 }) }).catch(
      (e: unknown) => e,
    )) as { code: string; cause: Error & { code: string } };
    expect(error.code).toBe('ERR_TASK_FAILED');
    expect(error.cause.code).toBe('ERR_MODULE_NOT_ALLOWED');
    expect(error.cause.message).toContain('forbidden-tasks.ts');
    expect(error.cause.message).toContain('fixtures/tasks.ts');
    expect(error.cause.message).toContain('--tasks');
    expect(existsSync(importMarker)).toBe(false);
    expect(await eventually(noJobsLeft)).toBe(true);
  });

  it('a job forged straight into Redis cannot make a worker import a module either', async () => {
    const redis = new Redis(url, { maxRetriesPerRequest: null });
    const { Job, Queue } = await import('bullmq');
    const q = new Queue(queue, { connection: redis });
    try {
      const evil = `file://${join(dir, 'evil.mjs')}`;
      const forged = await q.add('polyfold.chunk', {
        v: WIRE_VERSION,
        runId: 'forged',
        index: 0,
        job: {
          stages: [{ kind: 'map', fn: { $task: { module: evil, name: 'x' } }, args: [] }],
          fold: { name: 'count', args: [] },
        },
        input: { kind: 'items', items: [1] },
      });
      expect(await eventually(() => forged.isCompleted(), 10_000)).toBe(true);
      const done = await Job.fromId(q, forged.id!);
      const reply = done!.returnvalue as {
        ok: boolean;
        failure: { code: string; message: string };
      };
      expect(reply.ok).toBe(false);
      expect(reply.failure.code).toBe('ERR_MODULE_NOT_ALLOWED');
      expect(reply.failure.message).toContain(evil);
      await q.remove(forged.id!);
    } finally {
      await q.close();
      redis.disconnect();
    }
  });

  it('two runs on one queue at once do not mix', async () => {
    const sum = pipeline(map(half)).fold(folds.sum());
    const counts = pipeline(map(parity)).fold(folds.frequencies());
    const xs = Array.from({ length: 301 }, (_v, i) => i * 3);
    const [a, b] = await Promise.all([
      run(sum, xs, { executor: executor({ chunkSize: 7 }) }),
      run(counts, xs, { executor: executor({ chunkSize: 5 }) }),
    ]);
    expect(a).toBe(await run(sum, xs));
    expect(equals(b, await run(counts, xs))).toBe(true);
  });

  it('streams: only a bounded number of chunks is in flight', async () => {
    let pulled = 0;
    let combined = 0;
    let maxAhead = 0;
    async function* source() {
      for (let i = 0; i < 2_000; i++) {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - combined);
        yield i;
      }
    }
    const got = await run(pipeline(map(half)).fold(folds.count()), source(), {
      executor: executor({ chunkSize: 50, maxInFlight: 4 }),
      onProgress: (p) => {
        combined = p.items;
      },
    });
    expect(got).toBe(2_000);
    // maxInFlight chunks, the one being cut, and the sample read ahead.
    expect(maxAhead).toBeLessThanOrEqual(50 * 5 + 256);
  });

  it('a short-circuiting fold stops early and leaves nothing behind', async () => {
    const job = pipeline(map(half)).fold(folds.first());
    const xs = Array.from({ length: 400 }, (_v, i) => i + 1);
    const progress: _.ClusterProgress[] = [];
    const got = await run(job, xs, {
      executor: executor({ chunkSize: 4 }),
      onProgress: (p) => progress.push(p as never),
    });
    expect(got).toBe(0.5);
    expect(progress.length).toBeLessThan(100);
    expect(await eventually(noJobsLeft)).toBe(true);
  });

  it('aborting rejects promptly and removes the run’s pending jobs', async () => {
    const job = pipeline(map(slow)).fold(folds.sum());
    const controller = new AbortController();
    let abortedAt = 0;
    const pending = run(
      job,
      Array.from({ length: 120 }, (_v, i) => i),
      {
        // 120 items of 100 ms on three threads: seconds of work, far beyond the bound below.
        executor: executor({ chunkSize: 2, context: { ms: 100 } }),
        signal: controller.signal,
        onProgress: () => {
          if (abortedAt === 0) {
            abortedAt = performance.now();
            controller.abort(new Error('enough'));
          }
        },
      },
    );
    const error = (await pending.catch((e: unknown) => e)) as Error & { code: string };
    expect(performance.now() - abortedAt).toBeLessThan(1_500);
    expect(error.code).toBe('ABORT_ERR');
    expect((error.cause as Error).message).toBe('enough');
    // Nothing waits in the queue any more; chunks that were running finish and go.
    const redis = new Redis(url);
    try {
      expect(await redis.llen(`bull:${queue}:wait`)).toBe(0);
    } finally {
      redis.disconnect();
    }
    expect(await eventually(noJobsLeft)).toBe(true);
  });

  it('an abort is prompt even while the source is stuck', async () => {
    async function* stuck() {
      for (let i = 0; i < 300; i++) yield i;
      await new Promise(() => {}); // never ends
    }
    for (const chunkSize of [1, 1_000]) {
      const controller = new AbortController();
      const pending = run(pipeline(map(half)).fold(folds.sum()), stuck(), {
        executor: executor({ chunkSize, maxInFlight: 8 }),
        signal: controller.signal,
      });
      await new Promise((r) => setTimeout(r, 300));
      const t0 = performance.now();
      controller.abort();
      const error = (await pending.catch((e: unknown) => e)) as { code: string };
      expect(error.code).toBe('ABORT_ERR');
      expect(performance.now() - t0).toBeLessThan(1_500);
    }
    expect(await eventually(noJobsLeft)).toBe(true);
  });

  it('close() stops the executor’s runs in progress and removes their pending jobs', async () => {
    const exec = executor({ chunkSize: 2, context: { ms: 100 } });
    let started!: () => void;
    const first = new Promise<void>((resolve) => (started = resolve));
    const pending = run(pipeline(map(slow)).fold(folds.sum()), Array(60).fill(1), {
      executor: exec,
      onProgress: () => started(),
    });
    await first;
    await exec.close();
    const error = (await pending.catch((e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe('ABORT_ERR');
    expect((error.cause as Error).message).toContain('closed');
    expect(await eventually(noJobsLeft)).toBe(true);
  });

  it('an unreachable Redis fails in bounded time, and the password never shows', async () => {
    const t0 = performance.now();
    const error = await run(pipeline(map(half)).fold(folds.sum()), [1, 2, 3], {
      executor: _.cluster({
        connection: 'redis://app:hunter2@127.0.0.1:1/0',
        queue,
        chunkSize: 1,
        redisTimeout: 500,
      }),
    }).catch((e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(2_500);
    expect(error).toBeInstanceOf(_.RedisUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('redis://app:***@127.0.0.1:1/0');
    expect(message).not.toContain('hunter2');
    expect(message).toMatch(/ECONNREFUSED/);
  });

  it('executors hold no connection between runs', async () => {
    const before = await clients(url);
    await run(pipeline(map(half)).fold(folds.sum()), [1, 2, 3], {
      executor: executor({ chunkSize: 1 }),
    });
    expect(await eventually(async () => (await clients(url)) <= before)).toBe(true);
  });
});

async function clients(url: string): Promise<number> {
  const redis = new Redis(url);
  try {
    // Minus this connection.
    return (
      String(await redis.client('LIST'))
        .trim()
        .split('\n').length - 1
    );
  } finally {
    redis.disconnect();
  }
}
