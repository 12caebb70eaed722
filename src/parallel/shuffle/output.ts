/**
 * The job-level steps of a partitioned output: checking `output` before any work, preparing
 * the directory (refusing a finished output unless `overwrite`, proving it is writable), and
 * the job commit that writes `_SUCCESS` — the manifest — last.
 */

import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from '../../functional/index.js';
import type { OutputManifest, OutputOptions } from '../../functional/output.js';
import { CorruptOutputError, OutputExistsError, OutputNotWritableError } from '../errors.js';
import { PART_FILE, runDir, SUCCESS, TMP } from './layout.js';
import type { OutputPartition } from './reduce-task.js';

/** `output` checked, its directory absolute. */
export interface CheckedOutput {
  readonly dir: string;
  readonly partitions: number;
  readonly overwrite: boolean;
  readonly spillEntries: number | undefined;
}

const MAX_PARTITIONS = 100_000;

/**
 * Checks `output` (no file system access): coded errors naming the option and the fix.
 *
 * @example
 * ```ts
 * checkOutputOptions({ dir: 'out', partitions: 8 }).partitions; // 8
 * checkOutputOptions({ dir: 'out', partitions: 0 }); // throws InvalidArgumentError (ERR_INVALID_ARGUMENT)
 * ```
 */
export function checkOutputOptions(output: unknown, where = 'run'): CheckedOutput {
  if (typeof output !== 'object' || output === null) {
    throw new InvalidArgumentError(
      where,
      'output',
      'an object { dir, partitions }',
      output,
      "{ output: { dir: 'out', partitions: 8 } }",
    );
  }
  const o = output as Record<string, unknown>;
  if (typeof o.dir !== 'string' || o.dir === '') {
    throw new InvalidArgumentError(
      where,
      'output.dir',
      'a non-empty directory path',
      o.dir,
      "{ output: { dir: 'out/wordcount', partitions: 8 } }",
    );
  }
  const p = o.partitions;
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > MAX_PARTITIONS) {
    throw new InvalidArgumentError(
      where,
      'output.partitions',
      `a positive integer (at most ${MAX_PARTITIONS})`,
      p,
      `{ output: { dir: ${JSON.stringify(o.dir)}, partitions: 8 } }`,
    );
  }
  if (o.overwrite !== undefined && typeof o.overwrite !== 'boolean') {
    throw new InvalidArgumentError(where, 'output.overwrite', 'a boolean', o.overwrite);
  }
  const s = o.spillEntries;
  if (s !== undefined && (typeof s !== 'number' || !Number.isInteger(s) || s < 1)) {
    throw new InvalidArgumentError(
      where,
      'output.spillEntries',
      'a positive integer',
      s,
      `{ output: { dir: ${JSON.stringify(o.dir)}, partitions: ${p}, spillEntries: 100000 } }`,
    );
  }
  return {
    dir: resolve(o.dir),
    partitions: p,
    overwrite: o.overwrite === true,
    spillEntries: s as number | undefined,
  };
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * Proves that this process can write under `dir` (creating it if needed): what a cluster
 * worker checks when it starts, so an unreachable or read-only `dir` is reported by the
 * worker that cannot write there, before it takes a task. OutputNotWritableError otherwise.
 *
 * @example
 * ```ts
 * await checkWritable('/shared/out/wordcount'); // or OutputNotWritableError naming the dir and errno
 * ```
 */
export async function checkWritable(dir: string): Promise<void> {
  const abs = resolve(dir);
  const probe = join(abs, TMP, `.probe-${randomUUID()}`);
  try {
    await mkdir(join(abs, TMP), { recursive: true });
    await writeFile(probe, '');
    await rm(probe);
  } catch (e) {
    throw new OutputNotWritableError(abs, (e as NodeJS.ErrnoException).code ?? String(e), e);
  }
}

/** What `prepareOutput` returns: the checked options and this run's id. */
export interface PreparedOutput extends CheckedOutput {
  readonly run: string;
}

/**
 * Readies `output.dir` before any work: refuses a finished output (unless `overwrite`),
 * removes what an unfinished earlier run left (its part files and `_tmp`; nothing else),
 * and proves the directory writable by creating this run's temporary directory.
 *
 * @example
 * ```ts
 * const o = await prepareOutput({ dir: 'out/wordcount', partitions: 4 });
 * o.dir; // absolute
 * o.run; // this run's id: map and reduce tasks write under dir/_tmp/<run>/
 * ```
 */
export type { OutputManifest, OutputOptions };

export async function prepareOutput(output: unknown, where = 'run'): Promise<PreparedOutput> {
  const o = checkOutputOptions(output, where);
  const { dir } = o;
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new OutputNotWritableError(dir, (e as NodeJS.ErrnoException).code ?? String(e), e);
  }
  if (await exists(join(dir, SUCCESS))) {
    if (!o.overwrite) throw new OutputExistsError(dir);
    // Not finished any more from this moment: readers refuse it until the new _SUCCESS.
    await rm(join(dir, SUCCESS), { force: true });
  }
  // Part files without _SUCCESS are an unfinished run's: they must not win the first-commit
  // race of this run's reduce tasks.
  for (const name of await readdir(dir)) {
    if (PART_FILE.test(name)) await rm(join(dir, name), { force: true });
  }
  await rm(join(dir, TMP), { recursive: true, force: true });
  const run = randomUUID();
  try {
    await mkdir(runDir(dir, run), { recursive: true });
    const probe = join(runDir(dir, run), '.probe');
    await writeFile(probe, '');
    await rm(probe);
  } catch (e) {
    throw new OutputNotWritableError(dir, (e as NodeJS.ErrnoException).code ?? String(e), e);
  }
  return { ...o, run };
}

/**
 * The job commit: checks every partition file is there with the size its reduce task
 * reported, removes the temporary files, then writes `_SUCCESS` (the manifest) last, through
 * a temporary name and a rename, so a reader sees either no output or a whole one.
 *
 * @example
 * ```ts
 * const parts = await Promise.all([0, 1].map((p) => runReduceTask({ dir, run, partition: p, tasks, ops })));
 * const manifest = await commitOutput(dir, parts); // dir/_SUCCESS now exists
 * ```
 */
export async function commitOutput(
  dir: string,
  partitions: readonly OutputPartition[],
): Promise<OutputManifest> {
  const sorted = [...partitions].sort((a, b) => a.index - b.index);
  for (const [i, part] of sorted.entries()) {
    if (part.index !== i)
      throw new CorruptOutputError(join(dir, `part-${i}`), 0, `partition ${i} is missing`);
    const size = await stat(part.path).then(
      (s) => s.size,
      () => -1,
    );
    if (size !== part.bytes) {
      throw new CorruptOutputError(
        part.path,
        0,
        size < 0 ? 'the file is missing' : `${size} bytes, not ${part.bytes}`,
      );
    }
  }
  const manifest: OutputManifest = {
    dir,
    keys: sorted.reduce((n, p) => n + p.keys, 0),
    partitions: sorted,
  };
  await rm(join(dir, TMP), { recursive: true, force: true });
  const temp = join(dir, `.${SUCCESS}.tmp`);
  await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(temp, join(dir, SUCCESS));
  return manifest;
}
