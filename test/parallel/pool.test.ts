import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/functional/index.js';
import * as _ from '../../src/parallel/index.js';
import { crashOnce, fail, notATask, spin, square, withContext } from './fixtures/tasks.js';

const pool = _.createPool({ workers: 2 });
afterAll(() => pool.close());

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('createPool', () => {
  const xs = Array.from({ length: 50 }, (_v, i) => i);

  it('map returns results in input order, for any chunk size', async () => {
    for (const chunkSize of [1, 3, 7, 50, 100]) {
      expect(await pool.map(square, xs, { chunkSize })).toEqual(xs.map((x) => x * x));
    }
  });

  it('accepts iterables and async iterables', async () => {
    async function* gen() {
      for (const x of xs) yield x;
    }
    expect(await pool.map(square, new Set(xs), { chunkSize: 4 })).toEqual(xs.map((x) => x * x));
    expect(await pool.map(square, gen(), { chunkSize: 4 })).toEqual(xs.map((x) => x * x));
    expect(await pool.map(square, [], { chunkSize: 4 })).toEqual([]);
  });

  it('imap yields in order; imapUnordered yields every result once', async () => {
    expect(await collect(pool.imap(square, xs, { chunkSize: 5 }))).toEqual(xs.map((x) => x * x));
    const unordered = await collect(pool.imapUnordered(square, xs, { chunkSize: 5 }));
    expect([...unordered].sort((a, b) => a - b)).toEqual(xs.map((x) => x * x));
  });

  it('passes the context to every task call', async () => {
    expect(
      await pool.map(withContext, [1, 2, 3], { chunkSize: 1, context: { offset: 100 } }),
    ).toEqual([101, 102, 103]);
  });

  it('auto chunking never runs the task here: cheap work is mapped by workers, with advice', async () => {
    const plans: _.ChunkPlan[] = [];
    const out = await pool.map(square, xs, { onPlan: (p) => plans.push(p) });
    expect(out).toEqual(xs.map((x) => x * x));
    expect(plans).toHaveLength(1);
    expect(plans[0]!.reason).toMatch(/timed by a worker/);
    expect(plans[0]!.workMicros).toBeGreaterThan(0);
  });

  it('auto chunking grows chunks of CPU-bound work towards ~1 ms', async () => {
    const plans: _.ChunkPlan[] = [];
    const out = await pool.map(spin, Array(40).fill(0.2), { onPlan: (p) => plans.push(p) });
    expect(out).toEqual(Array(40).fill(0.2));
    // 0.2 ms an item: the next chunks carry several items (1 ms of work), not one.
    expect(plans[0]!.chunkSize).toBeGreaterThanOrEqual(2);
  });

  it('a task that throws rejects with the task name, chunk index and the worker stack', async () => {
    const error = await pool.map(fail, [1, 2, 3, 4], { chunkSize: 1 }).catch((e) => e);
    expect(error).toBeInstanceOf(_.TaskFailedError);
    expect(error.code).toBe('ERR_TASK_FAILED');
    expect(error.task).toBe('fail');
    expect(error.chunk).toBe(2);
    expect(error.message).toContain('three is not allowed');
    expect(error.cause.name).toBe('RangeError');
    expect(error.cause.stack).toContain('tasks.ts');
    // The pool stays usable.
    expect(await pool.map(square, [2], { chunkSize: 1 })).toEqual([4]);
  });

  it('a worker that dies is replaced and its chunk retried: nothing lost, nothing doubled', async () => {
    const marker = join(tmpdir(), `polyfold-crash-${process.pid}-${Date.now()}`);
    const input = Array.from({ length: 20 }, (_v, i) => i);
    const out = await pool.map(crashOnce, input, { chunkSize: 3, context: { marker } });
    expect(out).toEqual(input.map((x) => x + 1));
    expect(existsSync(marker)).toBe(true); // the crash did happen
    rmSync(marker);
    expect(await pool.map(square, [3], { chunkSize: 1 })).toEqual([9]);
  });

  it('refuses a function that is not a task before sending anything', async () => {
    await expect(pool.map(notATask, [1])).rejects.toThrow(_.UnshippableError);
    await expect(pool.map((x: number) => x, [1])).rejects.toThrow(/inline lambda has no address/);
    const error = await pool.map(notATask, [1]).catch((e) => e);
    expect(error.message).toContain('the function notATask');
    expect(error.message).toContain('defineTasks(import.meta.url');
  });

  it('an AbortSignal rejects promptly and the pool stays usable', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const pending = pool.map(spin, Array(20).fill(200), {
      chunkSize: 1,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow(_.AbortedError);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(await pool.map(square, [5], { chunkSize: 1 })).toEqual([25]);
  });

  it('rejects bad options', () => {
    expect(() => _.createPool({ workers: 0 })).toThrow(InvalidArgumentError);
    expect(() => _.createPool({ retries: -1 })).toThrow(
      /options.retries must be a non-negative integer/,
    );
    expect(() => _.threads({ chunkSize: 0 })).toThrow(/options.chunkSize/);
  });

  it('an idle pool does not keep the process alive', () => {
    const script = fileURLToPath(new URL('./fixtures/idle-pool.mts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.stdout.trim()).toBe('[1,4,9]');
    expect(r.status).toBe(0);
  });
});
