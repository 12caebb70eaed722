import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folds } from '../../../src/functional/index.js';
import * as _ from '../../../src/parallel/index.js';
import {
  checkWritable,
  commitOutput,
  keyedOps,
  MapTaskWriter,
  prepareOutput,
  runReduceTask,
} from '../../../src/parallel/shuffle/index.js';
import { HashMap, UnstableKeyError } from '../../../src/protocols/index.js';
import { outDir, readAll, sameTable, tempRoot } from './helpers.js';

const root = tempRoot();
const words = folds.frequencies<string>();
const countsOf = (chunk: string[]) => chunk.reduce(words.step, words.init());

const rejection = async (p: Promise<unknown>): Promise<Error & { code?: string }> => {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected a rejection');
};

describe('shuffleLocal: a word count written as partitions', () => {
  it('writes part-NNNNN files and _SUCCESS with the manifest, and readOutput streams it back', async () => {
    const dir = outDir(root);
    const chunks = [['a', 'b', 'a'], ['c', 'b'], [], ['a']];
    const m = await _.shuffleLocal(chunks.map(countsOf), words, { dir, partitions: 3 });
    expect(readdirSync(dir).sort()).toEqual(['_SUCCESS', 'part-00000', 'part-00001', 'part-00002']);
    expect(m.dir).toBe(dir);
    expect(m.keys).toBe(3);
    expect(m.partitions).toHaveLength(3);
    for (const [i, p] of m.partitions.entries()) {
      expect(p.index).toBe(i);
      expect(p.path).toBe(join(dir, `part-0000${i}`));
      expect(p.bytes).toBe(readFileSync(p.path).byteLength);
      expect(p.keys).toBe(readFileSync(p.path, 'utf8').split('\n').filter(Boolean).length);
    }
    expect(JSON.parse(readFileSync(join(dir, '_SUCCESS'), 'utf8'))).toEqual(m);
    expect(await _.readManifest(dir)).toEqual(m);
    expect([...(await readAll(dir))].sort()).toEqual([
      ['a', 3],
      ['b', 2],
      ['c', 1],
    ]);
    // One encoded [key, value] per line, in the wire codec (bigints and -0 survive).
    expect(readFileSync(m.partitions.find((p) => p.keys > 0)!.path, 'utf8')).toMatch(
      /^\[".*",\d+\]\n/,
    );
  });

  it('keeps what JSON loses: bigint and Date keys, HashSet values, NaN and infinite sums', async () => {
    const fold = folds.groupBy(
      (x: [unknown, string]) => x[0],
      folds.premap((x: [unknown, string]) => x[1], folds.toSet()),
    );
    const items: [unknown, string][] = [
      [2n ** 80n, 'a'],
      [-0, 'b'],
      [new Date(5), 'c'],
      [2n ** 80n, 'd'],
    ];
    const dir = outDir(root);
    await _.shuffleLocal([items.reduce(fold.step, fold.init())], fold, { dir, partitions: 2 });
    const got = await readAll(dir);
    expect(got.get(2n ** 80n)).toBeDefined();
    expect([...(got.get(2n ** 80n) as Iterable<string>)]).toEqual(['a', 'd']);
    expect([...(got.get(new Date(5)) as Iterable<string>)]).toEqual(['c']);
    // A HashMap key -0 is 0, as in a native Map (SameValueZero): local() gives key 0 too.
    expect([...(got.get(0) as Iterable<string>)]).toEqual(['b']);

    const sums = folds.groupBy(
      (x: [string, number]) => x[0],
      folds.premap((x: [string, number]) => x[1], folds.sum()),
    );
    const dir2 = outDir(root);
    const xs: [string, number][] = [
      ['z', -0],
      ['n', Number.NaN],
      ['i', Number.POSITIVE_INFINITY],
      ['t', 0.1],
      ['t', 0.2],
    ];
    const want = sums.done(xs.reduce(sums.step, sums.init()));
    await _.shuffleLocal([xs.reduce(sums.step, sums.init())], sums, { dir: dir2, partitions: 2 });
    const back = await readAll(dir2);
    expect(sameTable(back, want)).toBeUndefined();
    expect(back.get('n')).toBeNaN();
    expect(back.get('i')).toBe(Number.POSITIVE_INFINITY);
  });

  it('with no chunks at all, writes P empty partitions', async () => {
    const dir = outDir(root);
    const m = await _.shuffleLocal([], words, { dir, partitions: 2 });
    expect(m.keys).toBe(0);
    expect(m.partitions.map((p) => p.bytes)).toEqual([0, 0]);
    expect((await readAll(dir)).size).toBe(0);
  });
});

describe('bad output options: coded errors before any work', () => {
  it('partitions that are not a positive integer', async () => {
    for (const partitions of [0, -1, 2.5, Number.NaN, '4', undefined]) {
      const dir = outDir(root);
      const e = await rejection(_.shuffleLocal([countsOf(['a'])], words, { dir, partitions }));
      expect(e.code).toBe('ERR_INVALID_ARGUMENT');
      expect(e.message).toMatch(/output\.partitions must be a positive integer/);
      expect(existsSync(dir)).toBe(false);
    }
  });

  it('a fold that is not keyed, named', async () => {
    const dir = outDir(root);
    for (const [fold, name] of [
      [folds.sum(), 'sum'],
      [folds.toSet(), 'toSet'],
      [folds.topK(3), 'topK'],
    ] as const) {
      const e = await rejection(_.shuffleLocal([], fold, { dir, partitions: 2 }));
      expect(e).toBeInstanceOf(_.NotKeyedFoldError);
      expect(e.code).toBe('ERR_NOT_KEYED_FOLD');
      expect(e.message).toContain(`folds.${name}()`);
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('an unwritable dir (a file in the way)', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    const e = await rejection(
      _.shuffleLocal([countsOf(['a'])], words, { dir: join(file, 'out'), partitions: 2 }),
    );
    expect(e).toBeInstanceOf(_.OutputNotWritableError);
    expect(e.code).toBe('ERR_OUTPUT_NOT_WRITABLE');
    expect((e as _.OutputNotWritableError).reason).toMatch(/ENOTDIR|EEXIST/);
  });

  it('checkWritable (what a cluster worker runs at start) says which dir and why', async () => {
    const file = join(root, 'another-file');
    writeFileSync(file, 'x');
    await expect(checkWritable(join(file, 'out'))).rejects.toMatchObject({
      code: 'ERR_OUTPUT_NOT_WRITABLE',
      dir: join(file, 'out'),
    });
    const dir = outDir(root);
    await checkWritable(dir);
    expect(readdirSync(join(dir, '_tmp'))).toEqual([]);
  });

  it('a dir that holds a finished output is refused unless overwrite: true', async () => {
    const dir = outDir(root);
    await _.shuffleLocal([countsOf(['a', 'b'])], words, { dir, partitions: 2 });
    const e = await rejection(_.shuffleLocal([countsOf(['z'])], words, { dir, partitions: 2 }));
    expect(e).toBeInstanceOf(_.OutputExistsError);
    expect(e.code).toBe('ERR_OUTPUT_EXISTS');
    expect(e.message).toContain('overwrite: true');
    expect([...(await readAll(dir))].sort()).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    // Overwrite replaces it whole, with another partition count too.
    const m = await _.shuffleLocal([countsOf(['z'])], words, {
      dir,
      partitions: 1,
      overwrite: true,
    });
    expect(readdirSync(dir).sort()).toEqual(['_SUCCESS', 'part-00000']);
    expect(m.partitions).toHaveLength(1);
    expect([...(await readAll(dir))]).toEqual([['z', 1]]);
  });
});

describe('failures and retries', () => {
  it('a failed run leaves no _SUCCESS, and readOutput refuses the dir', async () => {
    class Point {
      constructor(readonly x: number) {}
    }
    const fold = folds.frequencies<unknown>();
    const dir = outDir(root);
    const e = await rejection(
      _.shuffleLocal([new HashMap([[new Point(1), 1]]) as never], fold, { dir, partitions: 2 }),
    );
    expect(e).toBeInstanceOf(UnstableKeyError);
    expect(existsSync(join(dir, '_SUCCESS'))).toBe(false);
    const r = await rejection(readAll(dir));
    expect(r).toBeInstanceOf(_.OutputIncompleteError);
    expect(r.code).toBe('ERR_OUTPUT_INCOMPLETE');
    // The next run into the same dir is not refused (nothing finished there), and wins.
    await _.shuffleLocal([countsOf(['a'])], words, { dir, partitions: 2 });
    expect([...(await readAll(dir))]).toEqual([['a', 1]]);
  });

  it("an unfinished run's part files are removed: they never win a commit of the next run", async () => {
    const dir = outDir(root);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'part-00000'), '["stale",99]\n');
    writeFileSync(join(dir, 'part-00007'), '["stale",99]\n');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    await _.shuffleLocal([countsOf(['a', 'b', 'c'])], words, { dir, partitions: 1 });
    expect(readdirSync(dir).sort()).toEqual(['_SUCCESS', 'notes.txt', 'part-00000']);
    expect([...(await readAll(dir))].sort()).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
  });

  it('map task: a second attempt committed after the first is discarded (the first wins)', async () => {
    const dir = outDir(root);
    const ops = keyedOps(words);
    const o = await prepareOutput({ dir, partitions: 2 });
    const open = (attempt: number) =>
      MapTaskWriter.open({ dir: o.dir, run: o.run, task: 0, attempt, partitions: 2, ops });
    const first = await open(0);
    const second = await open(1);
    await first.add(countsOf(['a', 'b']));
    await second.add(countsOf(['a', 'b', 'b'])); // a different (wrong) output: must not win
    expect(await first.commit()).toBe(true);
    expect(await second.commit()).toBe(false);
    expect(existsSync(second.directory)).toBe(false);
    const parts = [0, 1].map((p) =>
      runReduceTask({ dir: o.dir, run: o.run, partition: p, tasks: [0], ops }),
    );
    await commitOutput(o.dir, await Promise.all(parts));
    expect([...(await readAll(dir))].sort()).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });

  it('map task: a crash between writing and the rename leaves nothing visible; a retry commits', async () => {
    const dir = outDir(root);
    const ops = keyedOps(words);
    const o = await prepareOutput({ dir, partitions: 2 });
    const crashed = await MapTaskWriter.open({
      dir: o.dir,
      run: o.run,
      task: 0,
      attempt: 0,
      partitions: 2,
      ops,
    });
    await crashed.add(countsOf(['x', 'x']));
    await crashed.close(); // all files written… and the process dies here, before commit()
    const reduce = (p: number) =>
      runReduceTask({ dir: o.dir, run: o.run, partition: p, tasks: [0], ops });
    // A reduce task finds no committed output for map task 0 (the attempt's files do not count).
    await expect(reduce(0)).rejects.toMatchObject({
      code: 'ERR_CORRUPT_OUTPUT',
      message: expect.stringMatching(/map task 0 has no committed output/),
    });
    expect(existsSync(join(dir, '_SUCCESS'))).toBe(false);
    await expect(readAll(dir)).rejects.toBeInstanceOf(_.OutputIncompleteError);
    const retry = await MapTaskWriter.open({
      dir: o.dir,
      run: o.run,
      task: 0,
      attempt: 1,
      partitions: 2,
      ops,
    });
    await retry.add(countsOf(['x', 'x']));
    expect(await retry.commit()).toBe(true);
    await commitOutput(o.dir, await Promise.all([reduce(0), reduce(1)]));
    expect([...(await readAll(dir))]).toEqual([['x', 2]]);
    // The job commit removed every temporary file, the crashed attempt's included.
    expect(readdirSync(dir).sort()).toEqual(['_SUCCESS', 'part-00000', 'part-00001']);
  });

  it('reduce task: a second attempt leaves the committed file as it was', async () => {
    const dir = outDir(root);
    const ops = keyedOps(words);
    const o = await prepareOutput({ dir, partitions: 1 });
    for (const [task, chunk] of [['a'], ['a', 'b']].entries()) {
      const w = await MapTaskWriter.open({
        dir: o.dir,
        run: o.run,
        task,
        attempt: 0,
        partitions: 1,
        ops,
      });
      await w.add(countsOf(chunk));
      await w.commit();
    }
    const a = await runReduceTask({
      dir: o.dir,
      run: o.run,
      partition: 0,
      tasks: [0, 1],
      ops,
      attempt: 0,
    });
    const before = readFileSync(a.path, 'utf8');
    const b = await runReduceTask({
      dir: o.dir,
      run: o.run,
      partition: 0,
      tasks: [0, 1],
      ops,
      attempt: 1,
    });
    expect(b).toEqual(a);
    expect(readFileSync(a.path, 'utf8')).toBe(before);
    expect(readdirSync(join(o.dir, '_tmp', o.run)).filter((f) => f.startsWith('reduce-'))).toEqual(
      [],
    );
  });

  it('the job commit refuses a partition whose file is missing or of another size', async () => {
    const dir = outDir(root);
    await prepareOutput({ dir, partitions: 1 });
    const path = join(dir, 'part-00000');
    writeFileSync(path, '["a",1]\n');
    await expect(commitOutput(dir, [{ index: 0, path, keys: 1, bytes: 3 }])).rejects.toBeInstanceOf(
      _.CorruptOutputError,
    );
    await expect(commitOutput(dir, [{ index: 1, path, keys: 1, bytes: 8 }])).rejects.toThrow(
      /partition 0 is missing/,
    );
    expect(existsSync(join(dir, '_SUCCESS'))).toBe(false);
  });
});

describe('readOutput', () => {
  it('a corrupt line is a CorruptOutputError naming the file and the line', async () => {
    const dir = outDir(root);
    const m = await _.shuffleLocal([countsOf(['a', 'b', 'c', 'd'])], words, { dir, partitions: 1 });
    const path = m.partitions[0]!.path;
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[2] = '["c", {"$": "zz"}]';
    writeFileSync(path, lines.join('\n'));
    const e = (await rejection(readAll(dir))) as _.CorruptOutputError;
    expect(e).toBeInstanceOf(_.CorruptOutputError);
    expect(e.code).toBe('ERR_CORRUPT_OUTPUT');
    expect(e.file).toBe(path);
    expect(e.line).toBe(3);
  });

  it('a partition file shorter than its manifest says is corrupt, not silently short', async () => {
    const dir = outDir(root);
    const m = await _.shuffleLocal([countsOf(['a', 'b', 'c'])], words, { dir, partitions: 1 });
    const path = m.partitions[0]!.path;
    writeFileSync(path, readFileSync(path, 'utf8').split('\n').slice(1).join('\n'));
    await expect(readAll(dir)).rejects.toThrow(/2 keys, the manifest says 3/);
  });

  it('a moved output directory still reads (files are found next to _SUCCESS)', async () => {
    const dir = outDir(root);
    await _.shuffleLocal([countsOf(['a'])], words, { dir, partitions: 2 });
    const moved = `${dir}-moved`;
    const { renameSync } = await import('node:fs');
    renameSync(dir, moved);
    expect([...(await readAll(moved))]).toEqual([['a', 1]]);
  });

  it('streams: lines across read-buffer boundaries and multi-byte characters split between reads', async () => {
    const dir = outDir(root);
    // Long keys of 2-, 3- and 4-byte characters, so lines and characters straddle 64 KiB reads.
    const keys = Array.from({ length: 300 }, (_k, i) => `${'é日😀'.repeat(200 + (i % 7))}${i}`);
    const m = await _.shuffleLocal([countsOf(keys), countsOf(keys.slice(0, 100))], words, {
      dir,
      partitions: 2,
    });
    expect(m.partitions.reduce((n, p) => n + p.bytes, 0)).toBeGreaterThan(4 * 65_536);
    const got = await readAll(dir);
    expect(got.size).toBe(300);
    for (const [i, k] of keys.entries()) expect(got.get(k)).toBe(i < 100 ? 2 : 1);
  });

  it('reads lazily: the first pair arrives before later partitions are opened', async () => {
    const dir = outDir(root);
    await _.shuffleLocal([countsOf(['a', 'b', 'c', 'd', 'e', 'f'])], words, { dir, partitions: 3 });
    const it = _.readOutput(dir)[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.done).toBe(false);
    // Deleting a later partition now is only noticed when the iteration reaches it.
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'part-00002'));
    const rest: unknown[] = [];
    await expect(
      (async () => {
        for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value);
      })(),
    ).rejects.toThrow(/the file is missing/);
    expect(rest.length).toBeGreaterThanOrEqual(0);
  });

  it('refuses a dir that never held an output', async () => {
    await expect(readAll(join(root, 'nothing-here'))).rejects.toBeInstanceOf(
      _.OutputIncompleteError,
    );
  });
});

describe('stableHash decides the partition', () => {
  it('each key is in partition stableHash(key) % P, in (stableHash, stableKey) order', async () => {
    const { partitionOf, stableHash, stableKey } = await import('../../../src/protocols/index.js');
    const dir = outDir(root);
    const keys = Array.from({ length: 200 }, (_k, i) => `w${i}`);
    const m = await _.shuffleLocal([countsOf(keys)], words, { dir, partitions: 4 });
    for (const part of m.partitions) {
      const inFile = readFileSync(part.path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)[0] as string);
      for (const k of inFile) expect(partitionOf(k, 4)).toBe(part.index);
      const order = [...inFile].sort(
        (a, b) => stableHash(a) - stableHash(b) || (stableKey(a) < stableKey(b) ? -1 : 1),
      );
      expect(inFile).toEqual(order);
    }
    expect(sameTable(await readAll(dir), countsOf(keys))).toBeUndefined();
  });
});
