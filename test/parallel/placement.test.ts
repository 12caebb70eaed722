/**
 * Placement under threads(): no stage function and no fold step ever runs on the calling
 * thread — for every kind of source and every size, splittable or not — and every item is
 * processed exactly once. The tasks log the thread they ran in and the item; the log is the
 * evidence. A task that ends its thread is contained (and retried), never taking this process
 * down.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { folds, map, pipeline, run, take, takeWhile } from '../../src/functional/index.js';
import * as _ from '../../src/parallel/index.js';
import {
  exitAt,
  readLog,
  record,
  recordBelow,
  recordingSum,
  sourceOf,
} from './fixtures/placement.js';

const pool = _.createPool({ workers: 2 });
const dir = mkdtempSync(join(tmpdir(), 'polyfold-placement-'));
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

let runs = 0;
const freshLog = (): string => {
  const log = join(dir, `log-${runs++}.txt`);
  writeFileSync(log, '');
  return log;
};

const here = (line: { pid: number; thread: number }): boolean =>
  line.pid === process.pid && line.thread === threadId;

describe('under threads(), user code never runs on the calling thread', () => {
  for (const kind of ['array', 'iterable', 'async', 'text'] as const) {
    for (const n of [3, 5_000]) {
      it(`a splittable job, ${kind} of ${n}: every item mapped once and stepped once, all in workers`, async () => {
        const log = freshLog();
        const job = pipeline(map(record)).fold(_.taskFold(recordingSum, log));
        const got = await run(job, sourceOf(n, kind, dir) as never, {
          executor: _.threads({ pool, context: { log } }),
        });
        expect(got).toBe(((n - 1) * n) / 2);
        const lines = readLog(readFileSync(log, 'utf8'));
        expect(lines.filter(here)).toEqual([]);
        for (const what of ['map', 'step']) {
          const items = lines.filter((l) => l.kind === what).map((l) => l.item);
          expect(items.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_v, i) => i));
        }
      });
    }

    it(`take(7) over a ${kind}: one worker folds it in order; nothing runs here, nothing twice`, async () => {
      const log = freshLog();
      const job = pipeline(map(record), take(7)).fold(_.taskFold(recordingSum, log));
      const got = await run(job, sourceOf(5_000, kind, dir) as never, {
        executor: _.threads({ pool, context: { log } }),
      });
      expect(got).toBe(21);
      const lines = readLog(readFileSync(log, 'utf8'));
      expect(lines.filter(here)).toEqual([]);
      // One worker thread did all of it.
      expect(new Set(lines.map((l) => `${l.pid}/${l.thread}`)).size).toBe(1);
      const steps = lines.filter((l) => l.kind === 'step').map((l) => l.item);
      expect(steps).toEqual([0, 1, 2, 3, 4, 5, 6]);
      const mapped = lines.filter((l) => l.kind === 'map').map((l) => l.item);
      expect(new Set(mapped).size).toBe(mapped.length); // none twice
    });

    it(`takeWhile over a ${kind}: the predicate runs in a worker only`, async () => {
      const log = freshLog();
      const job = pipeline(map(record), takeWhile(recordBelow)).fold(folds.count());
      const got = await run(job, sourceOf(300, kind, dir) as never, {
        executor: _.threads({ pool, context: { log, limit: 120 } }),
      });
      expect(got).toBe(120);
      const lines = readLog(readFileSync(log, 'utf8'));
      expect(lines.filter(here)).toEqual([]);
      expect(lines.filter((l) => l.kind === 'while').length).toBeGreaterThan(120);
    });
  }

  it('a task that calls process.exit is contained and retried, and the run fails with a coded error', async () => {
    const xs = Array.from({ length: 5_000 }, (_v, i) => i);
    for (const job of [
      pipeline(map(exitAt)).fold(folds.sum()),
      pipeline(map(exitAt), take(4_000)).fold(folds.sum()),
    ]) {
      const error = await run(job, xs, {
        executor: _.threads({ workers: 2, retries: 2, context: { at: 2_500 } }),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(_.TaskFailedError);
      expect((error as _.TaskFailedError).message).toContain('after 3 attempts');
    }
    // This process is still here to say so.
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('a sequence over a stream whose worker dies is not replayed (a stream cannot be read again), and says so', async () => {
    async function* numbers() {
      for (let i = 0; i < 5_000; i++) yield i;
    }
    const job = pipeline(map(exitAt), take(4_000)).fold(folds.sum());
    const error = await run(job, numbers(), {
      executor: _.threads({ pool, retries: 2, context: { at: 2_500 } }),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(_.TaskFailedError);
    expect((error as Error).message).toMatch(/cannot be read again/);
  });

  it('a sequence is aborted promptly, and the pool stays usable', async () => {
    const controller = new AbortController();
    async function* slowNumbers() {
      for (let i = 0; ; i++) {
        if (i % 100 === 0) await new Promise((r) => setTimeout(r, 5));
        yield i;
      }
    }
    const job = pipeline(map(exitAt), take(1e9)).fold(folds.sum());
    const pending = run(job, slowNumbers(), {
      executor: _.threads({ pool, context: { at: -1 } }),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    await expect(pending).rejects.toMatchObject({ code: 'ABORT_ERR' });
    const xs = [1, 2, 3];
    expect(
      await run(pipeline(map(exitAt), take(2)).fold(folds.sum()), xs, {
        executor: _.threads({ pool, context: { at: -1 } }),
      }),
    ).toBe(3);
  });

  it("placement: 'auto' may run on this thread — documented as giving up isolation — and still folds each item once", async () => {
    const log = freshLog();
    const job = pipeline(map(record)).fold(_.taskFold(recordingSum, log));
    const got = await run(job, sourceOf(5_000, 'array', dir) as never, {
      executor: _.threads({ pool, context: { log }, placement: 'auto' }),
    });
    expect(got).toBe((4_999 * 5_000) / 2);
    const lines = readLog(readFileSync(log, 'utf8'));
    const items = lines.filter((l) => l.kind === 'step').map((l) => l.item);
    expect(items.sort((a, b) => a - b)).toEqual(Array.from({ length: 5_000 }, (_v, i) => i));
  });
});
