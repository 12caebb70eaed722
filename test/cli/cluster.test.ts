// `polyfold worker` and `polyfold run --executor cluster` end to end, on a private Redis:
// the same result as local, and a worker that stops cleanly on SIGTERM.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { byCount, CLI, makeCorpus, polyfold, spawnNode, startRedis } from './support.js';

const redis = await startRedis();
const corpus = makeCorpus(5, 4, 300);
afterAll(async () => {
  rmSync(corpus.dir, { recursive: true, force: true });
  await redis.stop?.();
});

const title = redis.url
  ? 'polyfold worker + polyfold run --executor cluster'
  : `polyfold worker + polyfold run --executor cluster (skipped: ${redis.reason})`;

describe.skipIf(!redis.url)(title, () => {
  it('a worker serves a run; the result equals the reference; SIGTERM stops the worker', async () => {
    const url = redis.url!;
    const queue = 'cli-test';
    const worker = spawnNode(
      [
        ...CLI,
        'worker',
        '--redis',
        url,
        '--queue',
        queue,
        '--concurrency',
        '2',
        '--tasks',
        'examples/word-count/tasks.ts',
      ],
      { input: 'keep-open' },
    );
    try {
      const deadline = Date.now() + 20_000;
      while (!worker.output().stderr.includes('serving queue')) {
        if (Date.now() > deadline || worker.child.exitCode !== null) {
          throw new Error(`the worker did not start: ${JSON.stringify(worker.output())}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(worker.output().stderr).toContain(
        `polyfold worker: serving queue ${queue} on ${url} with 1 task module(s)`,
      );
      const r = await polyfold([
        'run',
        'examples/word-count/job.ts',
        '--executor',
        'cluster',
        '--redis',
        url,
        '--queue',
        queue,
        '--json',
        ...corpus.files,
      ]);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      const pairs = JSON.parse(r.stdout) as [string, number][];
      expect(new Map(pairs)).toEqual(corpus.counts);
      expect(pairs.map(([, n]) => n)).toEqual(byCount(corpus.counts).map(([, n]) => n));
    } finally {
      worker.child.kill('SIGTERM');
    }
    const stopped = await worker.done;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain(
      'polyfold worker: SIGTERM: finishing the current job and closing',
    );
  });
});
