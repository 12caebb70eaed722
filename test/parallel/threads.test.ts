import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folds, local, map, pipeline, run, take } from '../../src/functional/index.js';
import * as _ from '../../src/parallel/index.js';
import { equals } from '../../src/protocols/index.js';
import { boom, crashAt, half, ident, longestWord, scale, wordCount } from './fixtures/jobs.js';
import { slowStart } from './fixtures/tasks.js';

const pool = _.createPool({ workers: 2 });
const dir = mkdtempSync(join(tmpdir(), 'polyfold-threads-'));
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

const text = Array.from(
  { length: 2000 },
  (_v, i) => `Line ${i}: the quick brown Fox ${i % 7} jumps`,
).join('\n');

describe('threads executor', () => {
  it('a word count over a text file equals local, with ranges read by the workers', async () => {
    const path = join(dir, 'words.txt');
    writeFileSync(path, text);
    const expected = await run(wordCount, text.split('\n'));
    const progress: _.ParallelProgress[] = [];
    const got = await run(wordCount, _.textFile(path, { rangeBytes: 4096 }), {
      executor: _.threads({ pool }),
      onProgress: (p) => progress.push(p as _.ParallelProgress),
    });
    expect(equals(got, expected)).toBe(true);
    expect(got.get('fox')).toBe(2000);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toMatchObject({ items: 2000, mode: 'threads' });
    expect(progress.every((p, i) => p.done === i + 1 && p.elapsedMs >= 0)).toBe(true);
  });

  it('many small files are packed several to a task, with the same result as local', async () => {
    const lines = text.split('\n');
    const paths = Array.from({ length: 200 }, (_v, i) => {
      const path = join(dir, `small-${i}.txt`);
      writeFileSync(path, `${lines.slice(i * 10, i * 10 + 10).join('\n')}\n`);
      return path;
    });
    const source = _.textFiles(paths, { rangeBytes: 8192 });
    const progress: _.ParallelProgress[] = [];
    const got = await run(wordCount, source, {
      executor: _.threads({ pool }),
      onProgress: (p) => progress.push(p as _.ParallelProgress),
    });
    expect(equals(got, await run(wordCount, lines))).toBe(true);
    // ~470 bytes a file, at most 8 KiB a task: several files to a task, not one task per
    // file. (How many depends on the learned sizes, so on the machine's speed: the bound is
    // what any sane size gives — a chunk of ≥ 1 ms of work holds several small files.)
    const chunks = progress.at(-1)!.chunks;
    // (A chunk may end up to an eighth past 8 KiB: a file's last sliver joins its range.)
    expect(chunks).toBeGreaterThanOrEqual(Math.ceil((200 * 470) / (8192 * 1.125)));
    expect(chunks).toBeLessThan(100);
    expect(progress.at(-1)).toMatchObject({ items: 2000, mode: 'threads' });
  });

  it("a text file with placement 'auto' gives local's result, timed here in byte ranges", async () => {
    const path = join(dir, 'auto.txt');
    writeFileSync(path, text);
    const progress: _.ParallelProgress[] = [];
    const got = await run(wordCount, _.textFile(path), {
      executor: _.threads({ pool, placement: 'auto' }),
      onProgress: (p) => progress.push(p as _.ParallelProgress),
    });
    expect(equals(got, await run(wordCount, text.split('\n')))).toBe(true);
    expect(progress.at(-1)!.items).toBe(2000);
    // The first slice timed here is 64 KiB of the file (~1 400 lines), not one byte.
    expect(progress[0]!.items).toBeGreaterThan(1000);
  });

  it('hand-written folds ship through taskFold', async () => {
    const lines = ['a bb', 'ccc d', 'ee'];
    expect(await run(longestWord, lines, { executor: _.threads({ pool, chunkSize: 1 }) })).toBe(
      'ccc',
    );
    expect(await run(longestWord, lines)).toBe('ccc');
  });

  it('refuses closures before sending anything, and the same job still runs locally', async () => {
    const factor = 3;
    const job = pipeline(map((x: number) => x * factor)).fold(folds.sum());
    const error = await run(job, [1, 2], { executor: _.threads({ pool, chunkSize: 1 }) }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(_.UnshippableError);
    expect(error.code).toBe('ERR_UNSHIPPABLE');
    expect(error.message).toContain('map stage (stage 1)');
    expect(error.message).toContain('defineTasks');
    expect(await run(job, [1, 2], { executor: local() })).toBe(9);
  });

  it('a hand-written fold without a spec is refused with a fix', async () => {
    const job = pipeline(map(half)).fold({
      init: () => 0,
      step: (a: number, x: number) => a + x,
      combine: (a: number, b: number) => a + b,
      done: (a: number) => a,
    });
    await expect(run(job, [1], { executor: _.threads({ pool, chunkSize: 1 }) })).rejects.toThrow(
      /taskFold/,
    );
  });

  it('context reaches every task, as its last argument', async () => {
    const job = pipeline(map(scale)).fold(folds.sum());
    const got = await run(job, [1, 2, 3], {
      executor: _.threads({ pool, chunkSize: 1, context: { factor: 10 } }),
    });
    expect(got).toBe(60);
  });

  it('a job that is not splittable is folded in order by one worker, and says so', async () => {
    const job = pipeline(map(half), take(2)).fold(folds.sum());
    const progress: _.ParallelProgress[] = [];
    const got = await run(job, [2, 4, 6], {
      executor: _.threads({ pool }),
      onProgress: (p) => progress.push(p as _.ParallelProgress),
    });
    expect(got).toBe(3);
    expect(progress[0]).toMatchObject({ mode: 'threads' });
    expect(progress[0]!.reason).toContain('take');
    expect(progress[0]!.reason).toContain('one worker');
  });

  it("with placement 'auto', a job that is not splittable runs on this thread, and says so", async () => {
    const job = pipeline(map(half), take(2)).fold(folds.sum());
    const progress: _.ParallelProgress[] = [];
    const got = await run(job, [2, 4, 6], {
      executor: _.threads({ pool, placement: 'auto' }),
      onProgress: (p) => progress.push(p as _.ParallelProgress),
    });
    expect(got).toBe(3);
    expect(progress[0]).toMatchObject({ mode: 'local' });
    expect(progress[0]!.reason).toContain('take');
  });

  // 16 KiB strings (copying one costs ~µs) that are only counted (~ns): far from the
  // threshold, so a loaded machine cannot flip the verdict.
  const copyBound = Array.from({ length: 2000 }, (_v, i) => `${i}`.padEnd(16 * 1024, '.'));

  it('copy-bound work stays in the workers, and progress advises local()', async () => {
    const job = pipeline(map(ident)).fold(folds.count());
    const progress: _.ParallelProgress[] = [];
    const got = await run(job, copyBound, {
      executor: _.threads({ pool }),
      onProgress: (p) => progress.push(p as _.ParallelProgress),
    });
    expect(got).toBe(await run(job, copyBound));
    expect(progress.every((p) => p.mode === 'threads')).toBe(true);
    expect(progress.at(-1)!.advice).toMatch(/local\(\) would be faster/);
  });

  it("copy-bound work runs on this thread with placement 'auto'", async () => {
    const job = pipeline(map(ident)).fold(folds.count());
    const progress: _.ParallelProgress[] = [];
    const got = await run(job, copyBound, {
      executor: _.threads({ pool, placement: 'auto' }),
      onProgress: (p) => progress.push(p as _.ParallelProgress),
    });
    expect(got).toBe(await run(job, copyBound));
    expect(progress.at(-1)).toMatchObject({ mode: 'local', items: 2000 });
    expect(progress.at(-1)!.reason).toMatch(/placement 'auto'.*this thread/);
  });

  it('a task that throws rejects with the task, the chunk index and the worker stack', async () => {
    const job = pipeline(map(boom)).fold(folds.sum());
    const xs = Array.from({ length: 20 }, (_v, i) => i);
    const error = await run(job, xs, { executor: _.threads({ pool, chunkSize: 5 }) }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(_.TaskFailedError);
    expect(error.task).toBe('map(boom) → sum');
    expect(error.chunk).toBe(2);
    expect(error.cause.message).toBe('thirteen');
    expect(error.cause.stack).toContain('jobs.ts');
    expect(await run(job, [1, 2], { executor: _.threads({ pool, chunkSize: 1 }) })).toBe(3);
  });

  it('a worker killed mid-run loses and doubles nothing', async () => {
    const marker = join(dir, 'crash-marker');
    const job = pipeline(map(crashAt)).fold(folds.tuple(folds.sum(), folds.count()));
    const xs = Array.from({ length: 200 }, (_v, i) => i);
    const got = await run(job, xs, {
      executor: _.threads({ pool, chunkSize: 10, context: { at: 77, marker } }),
    });
    expect(existsSync(marker)).toBe(true);
    expect(got).toEqual([199 * 100, 200]);
  });

  it('AbortSignal rejects promptly and the workers are freed', async () => {
    const { spin } = await import('./fixtures/tasks.js');
    const job = pipeline(map(spin)).fold(folds.sum());
    const controller = new AbortController();
    const t0 = performance.now();
    const pending = run(job, Array(40).fill(100), {
      executor: _.threads({ pool, chunkSize: 1 }),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow();
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(
      await run(pipeline(map(half)).fold(folds.sum()), [2], {
        executor: _.threads({ pool, chunkSize: 1 }),
      }),
    ).toBe(1);
  });

  it('streams: the source is pulled only a bounded distance ahead of the combined chunks', async () => {
    let pulled = 0;
    let combined = 0;
    let maxAhead = 0;
    async function* source() {
      for (let i = 0; i < 5000; i++) {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - combined);
        yield i;
      }
    }
    const job = pipeline(map(half)).fold(folds.count());
    const got = await run(job, source(), {
      executor: _.threads({ pool, chunkSize: 100, maxInFlight: 4 }),
      onProgress: (p) => {
        combined = p.items;
      },
    });
    expect(got).toBe(5000);
    // At most maxInFlight chunks + the one being cut + the sample read ahead.
    expect(maxAhead).toBeLessThanOrEqual(100 * 6 + 256);
  });
});

describe("automatic chunks of a stream follow the workers' timings", () => {
  it('a sample that misleads (slow first items) does not fix tiny chunks for the whole run', async () => {
    // The planner sees 0.5 ms items and cuts chunks of 2; the rest cost nothing. Left at 2,
    // 40 000 items would take 20 000 chunks; the workers' timings grow them within a few.
    async function* numbers() {
      for (let i = 0; i < 40_000; i++) yield i;
    }
    const progress: _.ParallelProgress[] = [];
    const got = await run(pipeline(map(slowStart)).fold(folds.sum()), numbers(), {
      executor: _.threads({ pool }),
      onProgress: (p) => progress.push(p as _.ParallelProgress),
    });
    expect(got).toBe((39_999 * 40_000) / 2);
    const last = progress.at(-1)!;
    expect(last.mode).toBe('threads');
    expect(last.items).toBe(40_000);
    // 128 chunks of 2 for the slow head, then a handful growing ×4 each.
    expect(last.chunks).toBeLessThan(400);
  });
});

describe('pool.fold', () => {
  it('runs a job on the pool, like the threads executor', async () => {
    const lines = ['a b', 'B c', 'a'];
    const got = await pool.fold(wordCount, lines, { chunkSize: 1 });
    expect(equals(got, await run(wordCount, lines))).toBe(true);
  });
});

describe("threads with a context and placement 'auto'", () => {
  it('runs here with the context bound, as workers do', async () => {
    const job = pipeline(map(scale)).fold(folds.sum());
    const xs = Array.from({ length: 1000 }, (_v, i) => i);
    const progress: _.ParallelProgress[] = [];
    const got = await run(job, xs, {
      executor: _.threads({ pool, context: { factor: 2 }, placement: 'auto' }),
      onProgress: (p) => progress.push(p as _.ParallelProgress),
    });
    expect(got).toBe(999 * 1000);
    expect(progress.at(-1)?.mode).toBe('local'); // a small, cheap input: it stayed here
  });

  it('without it, the same small input is folded by the workers, with the context', async () => {
    const job = pipeline(map(scale)).fold(folds.sum());
    const xs = Array.from({ length: 1000 }, (_v, i) => i);
    const progress: _.ParallelProgress[] = [];
    const got = await run(job, xs, {
      executor: _.threads({ pool, context: { factor: 2 } }),
      onProgress: (p) => progress.push(p as _.ParallelProgress),
    });
    expect(got).toBe(999 * 1000);
    expect(progress.every((p) => p.mode === 'threads')).toBe(true);
  });
});
