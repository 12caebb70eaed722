/**
 * The reduce side: partition p's task merges every committed map task's part-p file, in map
 * task (chunk) order, combining equal keys with the fold's `combine` left to right —
 * `combine(combine(p0, p1), p2)` for one key, exactly what combining whole tables in chunk
 * order gives — and writes `[key, done(partial)]` lines to `dir/part-NNNNN` through a
 * temporary file. Streaming: it holds one line per open file and the current key.
 *
 * At most `mergeFactor` files are open at once; with more map tasks the merge cascades,
 * exactly (see merge-files.ts).
 */

import { link, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutputPartition } from '../../functional/output.js';
import { CorruptOutputError } from '../errors.js';
import type { KeyedOps } from './keyed.js';
import {
  checkId,
  mapPartFile,
  mapTaskDir,
  mergeTempFile,
  partFileName,
  reduceTempFile,
} from './layout.js';
import { DEFAULT_MERGE_FACTOR, mergeFiles } from './merge-files.js';
import { outputLine } from './records.js';

export type { OutputPartition };

/** Options of one reduce task attempt. */
export interface ReduceTaskOptions {
  /** The output directory (absolute, prepared by `prepareOutput`). */
  readonly dir: string;
  readonly run: string;
  /** The partition this task reduces. */
  readonly partition: number;
  /** The committed map tasks, in chunk order: the order of the combine. */
  readonly tasks: readonly number[];
  readonly ops: KeyedOps;
  readonly attempt?: number | string;
  /** Files open at once (default 64); more map tasks merge in cascading passes. */
  readonly mergeFactor?: number;
}

/**
 * Runs one attempt of the reduce task of `partition`. Commits by hard-linking the temporary
 * file to `part-NNNNN`, which fails when the file exists: the first committed attempt wins,
 * and a later one (same bytes: the inputs are the committed map outputs) is dropped.
 *
 * @example
 * ```ts
 * const part = await runReduceTask({ dir, run, partition: 2, tasks: [0, 1, 2], ops });
 * part.path; // '…/part-00002'
 * ```
 */
export async function runReduceTask(o: ReduceTaskOptions): Promise<OutputPartition> {
  const run = checkId('run', o.run);
  const attempt = checkId('attempt', o.attempt ?? 0);
  const p = o.partition;
  const inputs = o.tasks.map((t) => mapPartFile(mapTaskDir(o.dir, run, t), p));
  for (const [i, file] of inputs.entries()) {
    const found = await stat(file).then(
      () => true,
      () => false,
    );
    if (!found) {
      throw new CorruptOutputError(
        file,
        0,
        `map task ${o.tasks[i]} has no committed output: run it (again) and commit it before reducing`,
      );
    }
  }
  const { ops } = o;
  const temp = reduceTempFile(o.dir, run, p, attempt);
  await rm(temp, { force: true });
  const { keys, bytes } = await mergeFiles(
    inputs,
    temp,
    ops,
    (first, t) => outputLine(first.key, ops.resultOf(t), `partition ${p}`),
    o.mergeFactor ?? DEFAULT_MERGE_FACTOR,
    (pass) => mergeTempFile(o.dir, run, p, attempt, pass),
  );

  const path = join(o.dir, partFileName(p));
  await commitFile(temp, path);
  // When another attempt won, its file is there: the same bytes as ours, since both merged
  // the same committed map outputs — anything else means the directory was tampered with.
  const size = (await stat(path)).size;
  if (size !== bytes)
    throw new CorruptOutputError(path, 0, `${size} bytes, this attempt wrote ${bytes}`);
  return { index: p, path, keys, bytes };
}

/** `temp` becomes `path` unless `path` exists (then `temp` is dropped). */
async function commitFile(temp: string, path: string): Promise<void> {
  try {
    await link(temp, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      await rm(temp, { force: true });
      return;
    }
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw e;
    // A filesystem without hard links: check, then rename (a narrower race, same outcome).
    const exists = await stat(path).then(
      () => true,
      () => false,
    );
    if (exists) await rm(temp, { force: true });
    else await rename(temp, path);
    return;
  }
  await rm(temp, { force: true });
}
