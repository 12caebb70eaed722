/**
 * The commit protocol across real processes: concurrent attempts of one map task race to
 * commit (exactly one wins, whole), and map or reduce attempts SIGKILLed mid-write leave
 * nothing that a retry or a reader would take for output. No assertion depends on when the
 * kill lands: whatever the dead attempt got to, the retried run's result is exact.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { folds } from '../../../src/functional/index.js';
import { OutputIncompleteError } from '../../../src/parallel/index.js';
import {
  commitOutput,
  keyedOps,
  prepareOutput,
  runMapTask,
  runReduceTask,
} from '../../../src/parallel/shuffle/index.js';
import { outDir, readAll, sameTable, tempRoot } from './helpers.js';

const root = tempRoot();
const here = import.meta.url;
const shuffle = fileURLToPath(new URL('../../../src/parallel/shuffle/index.ts', here));
const functional = fileURLToPath(new URL('../../../src/functional/index.ts', here));

const words = folds.frequencies<string>();
/** The table of `keys` words, each counted `times`. */
function table(keys: number, times: number) {
  const t = words.init();
  for (let i = 0; i < keys; i++) t.set(`w${i}`, times);
  return t;
}

// A child process running one map or reduce attempt; it prints "started" once its attempt
// directory or temporary file is being written, and its result as JSON at the end.
const CHILD = `
  const { folds } = await import(${JSON.stringify(functional)});
  const s = await import(${JSON.stringify(shuffle)});
  const a = JSON.parse(process.env.ATTEMPT);
  const words = folds.frequencies();
  const ops = s.keyedOps(words);
  if (a.kind === 'map') {
    async function* tables() {
      console.log('started');
      for (let piece = 0; piece < a.pieces; piece++) {
        const t = words.init();
        for (let i = piece; i < a.keys; i += a.pieces) t.set('w' + i, a.times);
        yield t;
      }
    }
    const r = await s.runMapTask({ dir: a.dir, run: a.run, task: a.task, attempt: a.attempt,
      partitions: a.partitions, ops, spillEntries: a.spillEntries }, tables());
    console.log(JSON.stringify({ committed: r.committed }));
  } else {
    console.log('started');
    const r = await s.runReduceTask({ dir: a.dir, run: a.run, partition: a.partition,
      tasks: a.tasks, ops, attempt: a.attempt });
    console.log(JSON.stringify(r));
  }`;

function child(attempt: Record<string, unknown>): {
  proc: ChildProcess;
  started: Promise<void>;
  done: Promise<string>;
} {
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
    env: { ...process.env, ATTEMPT: JSON.stringify(attempt) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let onStart: () => void = () => {};
  const started = new Promise<void>((r) => {
    onStart = r;
  });
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('started')) onStart();
  });
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const done = new Promise<string>((resolve, reject) => {
    proc.on('exit', (code, signal) => {
      if (code === 0) resolve(out.split('\n').filter(Boolean).at(-1) ?? '');
      else reject(new Error(`child exited with ${code ?? signal}: ${err}`));
    });
  });
  return { proc, started, done };
}

const reduceAll = async (o: { dir: string; run: string; partitions: number }, tasks: number[]) => {
  const ops = keyedOps(words);
  const parts = [];
  for (let p = 0; p < o.partitions; p++)
    parts.push(await runReduceTask({ dir: o.dir, run: o.run, partition: p, tasks, ops }));
  return commitOutput(o.dir, parts);
};

describe('the commit protocol across processes', () => {
  it('four processes commit attempts of one map task at once: exactly one wins, whole', async () => {
    const dir = outDir(root);
    const o = await prepareOutput({ dir, partitions: 3 });
    const attempts = [0, 1, 2, 3].map((attempt) =>
      child({
        kind: 'map',
        dir: o.dir,
        run: o.run,
        task: 0,
        attempt,
        partitions: 3,
        keys: 3000,
        times: attempt + 1,
        pieces: 1,
      }),
    );
    const results = (await Promise.all(attempts.map((a) => a.done))).map(
      (l) => JSON.parse(l) as { committed: boolean },
    );
    expect(results.filter((r) => r.committed)).toHaveLength(1);
    const winner = results.findIndex((r) => r.committed);
    await reduceAll(o, [0]);
    // Every key carries the winner's count: no file of a losing attempt got in.
    expect(sameTable(await readAll(dir), table(3000, winner + 1))).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(['_SUCCESS', 'part-00000', 'part-00001', 'part-00002']);
  }, 60_000);

  it('a map attempt SIGKILLed while writing (spilling) leaves nothing; the retry commits exactly', async () => {
    const dir = outDir(root);
    const o = await prepareOutput({ dir, partitions: 2 });
    const keys = 60_000;
    const dying = child({
      kind: 'map',
      dir: o.dir,
      run: o.run,
      task: 0,
      attempt: 0,
      partitions: 2,
      keys,
      times: 2,
      pieces: 6,
      spillEntries: 5000,
    });
    await dying.started;
    dying.proc.kill('SIGKILL');
    await expect(dying.done).rejects.toThrow(/SIGKILL/);
    await expect(readAll(dir)).rejects.toBeInstanceOf(OutputIncompleteError);
    // The retry: same task, the next attempt — the same input, so the same output.
    const ops = keyedOps(words);
    const retry = await runMapTask(
      { dir: o.dir, run: o.run, task: 0, attempt: 1, partitions: 2, ops },
      [table(keys, 2)],
    );
    expect(retry.keys.reduce((a, b) => a + b, 0)).toBe(keys);
    await reduceAll(o, [0]);
    expect(sameTable(await readAll(dir), table(keys, 2))).toBeUndefined();
    expect(existsSync(join(dir, '_tmp'))).toBe(false);
  }, 60_000);

  it('a reduce attempt SIGKILLed while merging leaves no part file a retry would lose to', async () => {
    const dir = outDir(root);
    const o = await prepareOutput({ dir, partitions: 1 });
    const ops = keyedOps(words);
    const tasks = [0, 1, 2];
    for (const task of tasks) {
      await runMapTask({ dir: o.dir, run: o.run, task, attempt: 0, partitions: 1, ops }, [
        table(40_000, task + 1),
      ]);
    }
    const dying = child({
      kind: 'reduce',
      dir: o.dir,
      run: o.run,
      partition: 0,
      tasks,
      attempt: 0,
    });
    await dying.started;
    dying.proc.kill('SIGKILL');
    await expect(dying.done).rejects.toThrow(/SIGKILL/);
    // Whatever it got to, part-00000 is either absent or complete (a link is atomic).
    const manifest = await reduceAll(o, tasks);
    expect(manifest.keys).toBe(40_000);
    expect(sameTable(await readAll(dir), table(40_000, 6))).toBeUndefined();
  }, 60_000);
});
