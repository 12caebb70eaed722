/**
 * textFile inputs on the cluster: a missing file is refused by the coordinator when it plans
 * the ranges; a file changed while the workers read it fails the run with ERR_INPUT_CHANGED
 * (the stamp recorded at planning travels in every chunk job), and is not retried.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as _ from '../../src/cluster/index.js';
import { folds, map, pipeline, run } from '../../src/functional/index.js';
import { InputNotFoundError, TaskFailedError, textFile } from '../../src/parallel/index.js';
import { changeFileAt } from '../parallel/fixtures/jobs.js';
import { dropQueue, freshQueue, startWorkerProcesses, type WorkerProcess } from './helpers.js';
import { clusterSuite } from './suite.js';

const suite = clusterSuite();
const countLines = pipeline(map(changeFileAt)).fold(folds.count());
const lines = (n: number, tag: string) =>
  Array.from({ length: n }, (_v, i) => `${tag} line ${String(i).padStart(4, '0')}`).join('\n');

describe.skipIf(suite.skip !== '')(suite.title('cluster input files'), () => {
  const { url } = suite;
  const queue = freshQueue('input');
  const dir = mkdtempSync(join(tmpdir(), 'polyfold-cluster-input-'));
  let workers: WorkerProcess[] = [];
  // One chunk in flight: the chunk that edits the file is combined before the next is sent.
  const executor = (context: unknown) =>
    _.cluster({ connection: url, queue, redisTimeout: 3_000, maxInFlight: 1, context });

  beforeAll(async () => {
    workers = await startWorkerProcesses(url, queue, [{ concurrency: 1 }, { concurrency: 1 }]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await dropQueue(url, queue);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a missing file is refused when the coordinator plans the ranges', async () => {
    const error = await run(countLines, textFile(join(dir, 'nope.txt')), {
      executor: executor({ at: '', path: '', content: '' }),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(InputNotFoundError);
    expect(error.code).toBe('ERR_INPUT_NOT_FOUND');
    expect(error.message).toContain(join(dir, 'nope.txt'));
  });

  it('a file truncated while the workers read it fails the run, naming the file', async () => {
    const path = join(dir, 'truncated.txt');
    writeFileSync(path, `${lines(200, 'old')}\n`);
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(path, past, past);
    const context = { at: 'old line 0001', path, content: `${lines(20, 'old')}\n` };
    const unchanged = { at: 'no such line', path, content: '' };
    expect(
      await run(countLines, textFile(path, { rangeBytes: 512 }), { executor: executor(unchanged) }),
    ).toBe(200);
    const error = await run(countLines, textFile(path, { rangeBytes: 512 }), {
      executor: executor(context),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.chunk).toBe(1);
    expect(error.message).toContain(`the input file ${path} changed during the run`);
    expect(error.cause.code).toBe('ERR_INPUT_CHANGED');
    expect(error.cause.message).toMatch(/its size went from 2800 to 280 bytes/);
  });
});
