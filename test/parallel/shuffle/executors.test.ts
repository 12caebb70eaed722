/**
 * `output` on the executors: refusals before any work (with codes and fixes), text files,
 * the default executor of polyfold/parallel's run(), and an existing output.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folds, run as functionalRun, map, pipeline, take } from '../../../src/functional/index.js';
import * as _ from '../../../src/parallel/index.js';
import { half, wordCount } from '../fixtures/jobs.js';
import { outDir, readAll, sameTable, tempRoot } from './helpers.js';

const pool = _.createPool({ workers: 2 });
afterAll(() => pool.close());
const root = tempRoot();
const lines = Array.from({ length: 3000 }, (_v, i) => `Line ${i}: the quick brown Fox ${i % 7}`);

describe('run(job, src, { output }) on the executors', () => {
  it('threads() over a text file writes what local() computes, read back partition by partition', async () => {
    const path = join(root, 'words.txt');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const dir = outDir(root);
    const progress: _.ParallelProgress[] = [];
    const manifest = await _.run(wordCount, _.textFile(path, { rangeBytes: 8192 }), {
      executor: _.threads({ pool }),
      output: { dir, partitions: 4 },
      onProgress: (p) => progress.push(p as _.ParallelProgress),
    });
    expect(manifest.partitions).toHaveLength(4);
    expect(existsSync(join(dir, '_SUCCESS'))).toBe(true);
    const want = await functionalRun(wordCount, lines);
    expect(sameTable(await readAll(dir), want as never)).toBeUndefined();
    expect(progress.at(-1)!.reason).toMatch(/partition 4 of 4|partition \d of 4 written/);
  });

  it("polyfold/parallel's run() writes partitions without naming an executor (its local())", async () => {
    const dir = outDir(root);
    const manifest = await _.run(wordCount, lines, { output: { dir, partitions: 2 } });
    expect(manifest.keys).toBe((await readAll(dir)).size);
  });

  it("the functional layer's local() refuses output with the fix (it writes no files)", async () => {
    const dir = outDir(root);
    const error = await functionalRun(wordCount, lines, { output: { dir, partitions: 2 } }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    expect((error as Error).message).toMatch(/polyfold\/parallel/);
    expect(existsSync(dir)).toBe(false);
  });

  it('a fold that is not keyed is refused before any work, naming the fold', async () => {
    const dir = outDir(root);
    const job = pipeline(map(half)).fold(folds.sum());
    for (const executor of [_.local(), _.threads({ pool })]) {
      const error = await _.run(job, [1, 2, 3], { executor, output: { dir, partitions: 2 } }).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'ERR_NOT_KEYED_FOLD' });
      expect((error as Error).message).toContain('sum');
      expect(existsSync(dir)).toBe(false);
    }
  });

  it('a job that cannot be split is refused with output, before any work', async () => {
    const dir = outDir(root);
    const job = pipeline(map(half), take(2)).fold(folds.frequencies<number>());
    const error = await _.run(job, [1, 2], {
      executor: _.threads({ pool }),
      output: { dir, partitions: 2 },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    expect((error as Error).message).toMatch(/not splittable \(take\)/);
  });

  it('a finished output is refused unless overwrite is asked for; bad partitions too', async () => {
    const dir = outDir(root);
    await _.run(wordCount, lines, {
      executor: _.threads({ pool }),
      output: { dir, partitions: 2 },
    });
    const again = await _.run(wordCount, lines, {
      executor: _.threads({ pool }),
      output: { dir, partitions: 2 },
    }).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'ERR_OUTPUT_EXISTS' });
    const manifest = await _.run(wordCount, lines.slice(0, 10), {
      executor: _.threads({ pool }),
      output: { dir, partitions: 3, overwrite: true },
    });
    expect(manifest.partitions).toHaveLength(3);
    const bad = await _.run(wordCount, lines, {
      executor: _.threads({ pool }),
      output: { dir: outDir(root), partitions: 0 },
    }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });
});
