/**
 * A partitioned output on the cluster, on real Redis and three real worker processes: map
 * tasks and reduce tasks run in the workers, the partitions read back equal the in-memory
 * result, and a worker SIGKILLed mid-run neither drops nor doubles a key.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as _ from '../../src/cluster/index.js';
import { run } from '../../src/functional/index.js';
import { textFile } from '../../src/parallel/index.js';
import { oneBillionRows, wordCount } from '../parallel/fixtures/jobs.js';
import { readAll } from '../parallel/shuffle/helpers.js';
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

describe.skipIf(suite.skip !== '')(suite.title('cluster partitioned output'), () => {
  const { url } = suite;
  const queue = freshQueue('output');
  const dir = mkdtempSync(join(tmpdir(), 'polyfold-cluster-output-'));
  let workers: WorkerProcess[] = [];
  const executor = () =>
    _.cluster({ connection: url, queue, redisTimeout: 3_000, workers: 3, chunkSize: 50 });

  beforeAll(async () => {
    workers = await startWorkerProcesses(url, queue, [{}, {}, {}]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop(true)));
    await dropQueue(url, queue);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a word count over a text file, written as 4 partitions, equals the in-memory result', async () => {
    const lines = Array.from({ length: 4000 }, (_v, i) => `w${i % 997} the Fox ${i % 13}`);
    const path = join(dir, 'words.txt');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const out = join(dir, 'wc');
    const manifest = await run(wordCount, textFile(path, { rangeBytes: 4096 }), {
      executor: executor(),
      output: { dir: out, partitions: 4 },
    });
    const want = await run(wordCount, lines);
    const got = await readAll(out);
    expect(manifest.keys).toBe(want.size);
    expect(got.size).toBe(want.size);
    for (const [k, v] of want) expect(got.get(k)).toBe(v);
    expect(await eventually(async () => jobKeys(await queueKeys(url, queue)).length === 0)).toBe(
      true,
    );
  });

  it('one of three workers SIGKILLed mid-run: every key once, float sums exact', async () => {
    const stations = ['Oslo', 'Lima', 'Zürich', 'Abéché', '東京', 'Perth', 'Quito'];
    const lines = Array.from(
      { length: 60_000 },
      (_v, i) => `${stations[i % 7]}${i % 101};${(((i * 37) % 1999) / 10 - 99.9).toFixed(1)}`,
    );
    const out = join(dir, '1brc');
    const pending = run(oneBillionRows, lines, {
      executor: executor(),
      output: { dir: out, partitions: 3 },
    });
    await new Promise((r) => setTimeout(r, 300));
    await workers[0]!.stop(true);
    const manifest = await pending;
    const want = await run(oneBillionRows, lines);
    const got = await readAll(out);
    expect(manifest.keys).toBe(want.size);
    for (const [k, v] of want) expect(got.get(k)).toEqual(v);
  }, 120_000);
});
