/**
 * Placement under cluster(), on real Redis and real worker processes: no stage function and
 * no fold step runs in this process — for arrays, iterables, streams and text files, tiny and
 * not, splittable or not (`take` runs as one sequence on one worker) — and every item is
 * processed exactly once. The tasks log the process they ran in; the log is the evidence.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as _ from '../../src/cluster/index.js';
import { map, pipeline, run, take } from '../../src/functional/index.js';
import { taskFold } from '../../src/parallel/index.js';
import { readLog, record, recordingSum, sourceOf } from '../parallel/fixtures/placement.js';
import {
  dropQueue,
  eventually,
  freshQueue,
  JOBS,
  jobKeys,
  PLACEMENT,
  queueKeys,
  startWorkerProcesses,
  TASKS,
  type WorkerProcess,
} from './helpers.js';
import { clusterSuite } from './suite.js';

const suite = clusterSuite();

describe.skipIf(suite.skip !== '')(suite.title('cluster placement'), () => {
  const { url } = suite;
  const queue = freshQueue('placement');
  const dir = mkdtempSync(join(tmpdir(), 'polyfold-cluster-placement-'));
  let workers: WorkerProcess[] = [];
  let runs = 0;
  const freshLog = (): string => {
    const log = join(dir, `log-${runs++}.txt`);
    writeFileSync(log, '');
    return log;
  };

  const executor = (context: unknown) =>
    _.cluster({ connection: url, queue, redisTimeout: 3_000, workers: 2, context });

  beforeAll(async () => {
    const tasks = [TASKS, JOBS, PLACEMENT];
    workers = await startWorkerProcesses(url, queue, [{ tasks }, { tasks }]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await dropQueue(url, queue);
    rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of ['array', 'iterable', 'async', 'text'] as const) {
    for (const n of [3, 2_000]) {
      it(`a splittable job, ${kind} of ${n}: every item mapped and stepped once, by worker processes`, async () => {
        const log = freshLog();
        const job = pipeline(map(record)).fold(taskFold(recordingSum, log));
        expect(
          await run(job, sourceOf(n, kind, dir) as never, { executor: executor({ log }) }),
        ).toBe(((n - 1) * n) / 2);
        const lines = readLog(readFileSync(log, 'utf8'));
        expect(lines.filter((l) => l.pid === process.pid)).toEqual([]);
        for (const what of ['map', 'step']) {
          const items = lines.filter((l) => l.kind === what).map((l) => l.item);
          expect(items.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_v, i) => i));
        }
      });
    }

    it(`take(7) over a ${kind}: one worker process folds it in order; nothing here, nothing twice`, async () => {
      const log = freshLog();
      const job = pipeline(map(record), take(7)).fold(taskFold(recordingSum, log));
      expect(
        await run(job, sourceOf(2_000, kind, dir) as never, { executor: executor({ log }) }),
      ).toBe(21);
      const lines = readLog(readFileSync(log, 'utf8'));
      expect(lines.filter((l) => l.pid === process.pid)).toEqual([]);
      expect(new Set(lines.map((l) => `${l.pid}/${l.thread}`)).size).toBe(1);
      expect(lines.filter((l) => l.kind === 'step').map((l) => l.item)).toEqual([
        0, 1, 2, 3, 4, 5, 6,
      ]);
      const mapped = lines.filter((l) => l.kind === 'map').map((l) => l.item);
      expect(new Set(mapped).size).toBe(mapped.length);
    });
  }

  it('leaves nothing behind in Redis', async () => {
    expect(await eventually(async () => jobKeys(await queueKeys(url, queue)).length === 0)).toBe(
      true,
    );
  });
});
