// Workers that cannot start, and task modules that are the app itself: the mistakes a bundled
// app makes, each failing at once with a coded error that names the fix (docs/bundling.md).
// The bundles themselves are tested on the built package in bundle.test.mjs.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { folds, map, pipeline } from '../../src/functional/index.js';
import * as _ from '../../src/parallel/index.js';
import { double, startPool } from './fixtures/tasks.js';

const missing = fileURLToPath(new URL('./fixtures/no-such-worker.mjs', import.meta.url));
const throwsAtLoad = new URL('./fixtures/throws-at-load.mjs', import.meta.url);
const pools: _.Pool[] = [];
const pool = (options: _.PoolOptions = {}): _.Pool => {
  const p = _.createPool({ workers: 2, ...options });
  pools.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  delete process.env.POLYFOLD_WORKER_FILE;
});

describe('the worker entry', () => {
  it('createPool({ workerFile }) naming a missing file throws ERR_WORKER_FILE_NOT_FOUND', () => {
    const error = (() => {
      try {
        pool({ workerFile: missing });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(_.WorkerFileNotFoundError);
    expect(error).toBeInstanceOf(_.WorkerStartError);
    expect(error).toMatchObject({ code: 'ERR_WORKER_FILE_NOT_FOUND' });
    expect((error as _.WorkerFileNotFoundError).file).toMatch(/no-such-worker\.mjs$/);
    expect((error as Error).message).toMatch(/options\.workerFile/);
    expect((error as Error).message).toMatch(/bundled app.*docs\/bundling\.md/s);
  });

  it('POLYFOLD_WORKER_FILE naming a missing file: threads() rejects with ERR_WORKER_FILE_NOT_FOUND', async () => {
    process.env.POLYFOLD_WORKER_FILE = missing;
    const job = pipeline(map(double)).fold(folds.sum());
    const executor = _.threads({ workers: 2, chunkSize: 2 });
    await expect(_.run(job, [1, 2, 3, 4], { executor })).rejects.toMatchObject({
      code: 'ERR_WORKER_FILE_NOT_FOUND',
      message: expect.stringMatching(/POLYFOLD_WORKER_FILE/),
    });
    await executor.close();
  });

  it('a worker entry speaking another protocol is refused with a coded error, not a TypeError', async () => {
    const entry = new URL('./fixtures/old-worker.mjs', import.meta.url);
    const error = await pool({ workerFile: entry })
      .map(double, [1, 2], { chunkSize: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(_.TaskFailedError);
    expect((error as Error).cause).toMatchObject({ code: 'ERR_WORKER_PROTOCOL' });
    expect((error as Error).message).toMatch(/not \{ values, micros \}/);
  });

  it('an explicit workerFile that exists is the one workers start (a file: URL or a path)', async () => {
    const entry = new URL('./fixtures/custom-worker.mjs', import.meta.url);
    const custom = ['from custom-worker', 'from custom-worker'];
    expect(await pool({ workerFile: entry }).map(double, [1, 2], { chunkSize: 1 })).toEqual(custom);
    process.env.POLYFOLD_WORKER_FILE = fileURLToPath(entry);
    expect(await pool().map(double, [3, 4], { chunkSize: 1 })).toEqual(custom);
  });
});

describe('workers that die while loading', () => {
  // Piscina gives up on such a pool and only emits 'error': the run used to never settle,
  // and the process to exit 0 in silence once nothing kept the event loop alive.
  it('reject the run with ERR_WORKER_START, not retried, not wrapped in a TaskFailedError', async () => {
    const p = pool({ workerFile: throwsAtLoad });
    const job = pipeline(map(double)).fold(folds.sum());
    const error = await _.run(job, [1, 2, 3, 4, 5, 6], {
      executor: _.threads({ pool: p, chunkSize: 1 }),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(_.WorkerStartError);
    expect(error).toMatchObject({ code: 'ERR_WORKER_START' });
    expect((error as Error).message).toMatch(/this worker entry cannot load/);
    expect((error as Error).message).toMatch(/bundled app.*docs\/bundling\.md/s);
    expect((error as Error).message).not.toMatch(/attempts/);
  });

  it('and every later call on that pool fails the same way at once', async () => {
    const p = pool({ workerFile: throwsAtLoad });
    await expect(p.map(double, [1, 2], { chunkSize: 1 })).rejects.toBeInstanceOf(
      _.WorkerStartError,
    );
    await expect(p.map(double, [3], { chunkSize: 1 })).rejects.toMatchObject({
      code: 'ERR_WORKER_START',
    });
  });
});

describe('task modules that are the app itself', () => {
  it('a task declared in the file polyfold runs from (a bundle) is refused before sending', async () => {
    // In a bundle, polyfold's code and the tasks share one file, hence one import.meta.url.
    const here = new URL('../../src/parallel/worker-file.ts', import.meta.url).href;
    const { inlined } = _.defineTasks(here, { inlined: (x: number) => x });
    const error = await pool()
      .map(inlined, [1, 2, 3], { chunkSize: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(_.TaskNotFoundError);
    expect(error).toMatchObject({ code: 'ERR_TASK_NOT_FOUND', task: 'inlined', module: here });
    expect((error as Error).message).toMatch(/bundled app.*docs\/bundling\.md/s);
  });

  it('a pool started inside a pool worker is refused with ERR_NESTED_POOL', async () => {
    expect(await pool().map(startPool, [1], { chunkSize: 1 })).toEqual(['ERR_NESTED_POOL']);
    // The main thread is not a pool worker.
    expect(startPool(1)).toBe('started');
  });
});
