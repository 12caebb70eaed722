// `polyfold worker` and `polyfold run --executor cluster` end to end, on a private Redis:
// the same result as local, a worker that stops cleanly on SIGTERM, a worker confined to its
// --data-root directories, and run and worker on a --prefix of their own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import {
  byCount,
  CLI,
  type Corpus,
  makeCorpus,
  polyfold,
  spawnNode,
  startRedis,
} from './support.js';

const redis = await startRedis();
const corpus = makeCorpus(5, 4, 300);
afterAll(async () => {
  rmSync(corpus.dir, { recursive: true, force: true });
  await redis.stop?.();
});

const title = redis.url
  ? 'polyfold worker + polyfold run --executor cluster'
  : `polyfold worker + polyfold run --executor cluster (skipped: ${redis.reason})`;

/** `polyfold worker ARGS…` with the word-count tasks, once it says it is serving. */
async function startCliWorker(args: readonly string[]) {
  const worker = spawnNode(
    [...CLI, 'worker', '--redis', redis.url!, ...args, '--tasks', 'examples/word-count/tasks.ts'],
    { input: 'keep-open' },
  );
  const deadline = Date.now() + 20_000;
  while (!worker.output().stderr.includes('serving queue')) {
    if (Date.now() > deadline || worker.child.exitCode !== null) {
      worker.child.kill('SIGTERM');
      throw new Error(`the worker did not start: ${JSON.stringify(worker.output())}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return worker;
}

/** The word count of `files` as `[word, count]` pairs, run on the cluster. */
function clusterRun(files: readonly string[], args: readonly string[]) {
  return polyfold([
    'run',
    'examples/word-count/job.ts',
    '--executor',
    'cluster',
    '--redis',
    redis.url!,
    ...args,
    '--json',
    ...files,
  ]);
}

function expectReference(stdout: string, reference: Corpus): void {
  const pairs = JSON.parse(stdout) as [string, number][];
  expect(new Map(pairs)).toEqual(reference.counts);
  expect(pairs.map(([, n]) => n)).toEqual(byCount(reference.counts).map(([, n]) => n));
}

describe.skipIf(!redis.url)(title, () => {
  it('a worker serves a run; the result equals the reference; SIGTERM stops the worker', async () => {
    const url = redis.url!;
    const queue = 'cli-test';
    const worker = await startCliWorker(['--queue', queue, '--concurrency', '2']);
    try {
      expect(worker.output().stderr).toContain(
        `polyfold worker: serving queue ${queue} on ${url} with 1 task module(s); SIGTERM`,
      );
      const r = await clusterRun(corpus.files, ['--queue', queue]);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expectReference(r.stdout, corpus);
    } finally {
      worker.child.kill('SIGTERM');
    }
    const stopped = await worker.done;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain(
      'polyfold worker: SIGTERM: finishing the current job and closing',
    );
  });

  it('a worker started with --data-root reads files under it and refuses any other', async () => {
    const queue = 'cli-data-root';
    const elsewhere = mkdtempSync(join(tmpdir(), 'polyfold-outside-'));
    const outside = join(elsewhere, 'private.txt');
    writeFileSync(outside, 'not for workers\n');
    const worker = await startCliWorker(['--queue', queue, '--data-root', corpus.dir]);
    try {
      expect(worker.output().stderr).toContain(
        `with 1 task module(s), reading files only under ${corpus.dir}; SIGTERM`,
      );
      const inside = await clusterRun(corpus.files, ['--queue', queue]);
      expect({ code: inside.code, stderr: inside.stderr }).toEqual({ code: 0, stderr: '' });
      expectReference(inside.stdout, corpus);

      // The worker's refusal fails the run, with the file and the roots in one line.
      const refused = await clusterRun([outside], ['--queue', queue]);
      expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 1, stdout: '' });
      expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(/^polyfold run: TaskFailedError: .* failed on chunk 0: /);
      expect(refused.stderr).toContain(
        `this worker refuses to read ${JSON.stringify(outside)}: the file is not under this worker's data roots (${corpus.dir}). Nothing was read.`,
      );
      // And the worker says so on its own stderr.
      expect(worker.output().stderr).toContain(`polyfold worker: this worker refuses to read`);
    } finally {
      worker.child.kill('SIGTERM');
      rmSync(elsewhere, { recursive: true, force: true });
    }
    expect((await worker.done).code).toBe(0);
  });

  it('run and worker with the same --prefix work together, under that prefix only', async () => {
    const queue = 'cli-prefix';
    const prefix = 'cli-pfx';
    const worker = await startCliWorker(['--queue', queue, '--prefix', prefix]);
    const client = new Redis(redis.url!, { maxRetriesPerRequest: 1 });
    try {
      expect(worker.output().stderr).toContain(`serving queue ${queue} (prefix ${prefix}) on`);
      const r = await clusterRun(corpus.files, ['--queue', queue, '--prefix', prefix]);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expectReference(r.stdout, corpus);
      // Both sides used the prefix: the queue's keys are under it, none under BullMQ's 'bull'.
      expect((await client.keys(`${prefix}:${queue}*`)).length).toBeGreaterThan(0);
      expect(await client.keys(`bull:${queue}*`)).toEqual([]);
    } finally {
      client.disconnect();
      worker.child.kill('SIGTERM');
    }
    expect((await worker.done).code).toBe(0);
  });

  it('a queue no worker serves: stderr says the run waits for one, then --worker-timeout fails it with a clear message', async () => {
    const started = Date.now();
    const r = await clusterRun(corpus.files, ['--queue', 'cli-nobody', '--worker-timeout', '300']);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: '' });
    // While it waited, stderr (not a terminal) said what for, before the verdict.
    expect(r.stderr).toMatch(
      /^polyfold run: waiting: no worker connected to queue 'cli-nobody' yet: start one \(polyfold worker --queue cli-nobody --tasks …\); the run fails in .+ without one\n/,
    );
    expect(r.stderr).toMatch(
      /^polyfold run: NoWorkersError: no worker is listening on the queue "cli-nobody" at redis:\/\/127\.0\.0\.1:\d+/m,
    );
    expect(r.stderr).toContain('--queue cli-nobody');
    // The first sweep after ~1 s, the verdict at the next; tsx start-up on top.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
