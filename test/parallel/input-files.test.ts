// textFile inputs that are missing, or change while a run reads them: a coded error naming
// the file, for local() and threads() alike (the cluster's is in test/cluster).
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Executor, folds, local, map, pipeline, run } from '../../src/functional/index.js';
import * as _ from '../../src/parallel/index.js';
import { changeFileAt } from './fixtures/jobs.js';

const pool = _.createPool({ workers: 2 });
const dir = mkdtempSync(join(tmpdir(), 'polyfold-input-'));
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

const countLines = pipeline(map(changeFileAt)).fold(folds.count());
const lines = (n: number, tag: string) =>
  Array.from({ length: n }, (_v, i) => `${tag} line ${String(i).padStart(4, '0')}`).join('\n');

/** A 200-line file whose mtime lies in the past, so any rewrite shows in the stamp. */
function freshFile(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines(200, 'old')}\n`);
  const past = new Date(Date.now() - 3_600_000);
  utimesSync(path, past, past);
  return path;
}

const executors: Array<[string, () => Executor]> = [
  ['local', () => local()],
  // One chunk in flight: the chunk that edits the file is folded before the next range is read.
  ['threads', () => _.threads({ pool, maxInFlight: 1 })],
];

describe('a missing input file is refused when the run plans its ranges', () => {
  for (const [name, executor] of executors) {
    it(`${name}: textFile('nope.txt') names the argument, the path and the fix`, async () => {
      const job = pipeline(map(changeFileAt)).fold(folds.count());
      const error = await run(job, _.textFile('nope.txt'), { executor: executor() }).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(_.InputNotFoundError);
      expect(error.code).toBe('ERR_INPUT_NOT_FOUND');
      expect(error.path).toBe(resolve('nope.txt'));
      expect(error.message).toContain(`textFile(path): the file ${resolve('nope.txt')}`);
      expect(error.message).toContain('"nope.txt", resolved against');
      expect(error.message).toContain('does not exist');
    });
  }

  it('textFiles names the index of the missing path', async () => {
    const ok = freshFile('present.txt');
    const error = await run(countLines, _.textFiles([ok, join(dir, 'nope')]), {
      executor: _.threads({ pool }),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(_.InputNotFoundError);
    expect(error.argument).toBe('textFiles(paths[1])');
    expect(() => _.textFiles(['nope']).ranges()).toThrow(/textFiles\(paths\[0\]\).*does not exist/);
  });

  it('a path with a NUL byte is refused when the source is made, not by a bare TypeError', () => {
    expect(() => _.textFile('a\0b')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });

  it('a directory is refused with a coded error, not EISDIR', () => {
    expect(() => _.textFile(dir).ranges()).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });
});

describe('an input file changed during the run fails it with ERR_INPUT_CHANGED', () => {
  const changes = [
    ['truncated', `${lines(20, 'old')}\n`, false, /its size went from 2800 to 280 bytes/],
    ['rewritten in place, same size', `${lines(200, 'new')}\n`, false, /it was modified at/],
    ['replaced through a rename', `${lines(200, 'new')}\n`, true, /it was replaced: inode/],
  ] as const;
  for (const [change, content, rename, why] of changes) {
    const slug = change.replace(/\W+/g, '-');
    it(`local: ${change}`, async () => {
      const path = freshFile(`local-${slug}.txt`);
      const ctx = { at: 'old line 0001', path, content, rename };
      // local() runs closures: the context is bound here, as threads() binds it in workers.
      const job = pipeline(map((line: string) => changeFileAt(line, ctx))).fold(folds.count());
      const error = await run(job, _.textFile(path, { rangeBytes: 512 })).catch((e) => e);
      expect(error).toBeInstanceOf(_.InputChangedError);
      expect(error.code).toBe('ERR_INPUT_CHANGED');
      expect(error.path).toBe(path);
      expect(error.message).toMatch(why);
      expect(error.message).toContain(`the input file ${path} changed during the run`);
    });

    it(`threads: ${change}; not retried`, async () => {
      const path = freshFile(`threads-${slug}.txt`);
      const context = { at: 'old line 0001', path, content, rename };
      const error = await run(countLines, _.textFile(path, { rangeBytes: 512 }), {
        // One chunk in flight: the chunk that edits the file is folded before the next is read.
        executor: _.threads({ pool, maxInFlight: 1, context }),
      }).catch((e) => e);
      expect(error).toBeInstanceOf(_.TaskFailedError);
      expect(error.chunk).toBe(1);
      expect(error.message).not.toContain('attempts');
      expect(error.message).toContain(`the input file ${path} changed during the run`);
      expect(error.cause.code).toBe('ERR_INPUT_CHANGED');
      expect(error.cause.message).toMatch(why);
    });
  }

  it('an unchanged file still counts every line, on every executor', async () => {
    const path = freshFile('unchanged.txt');
    const context = { at: 'no such line', path, content: '', rename: false };
    const job = pipeline(map((line: string) => changeFileAt(line, context))).fold(folds.count());
    expect(await run(job, _.textFile(path, { rangeBytes: 512 }))).toBe(200);
    expect(
      await run(countLines, _.textFile(path, { rangeBytes: 512 }), {
        executor: _.threads({ pool, context }),
      }),
    ).toBe(200);
  });
});
