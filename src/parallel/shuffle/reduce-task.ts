/**
 * The reduce side: partition p's task merges every committed map task's part-p file, in map
 * task (chunk) order, combining equal keys with the fold's `combine` left to right —
 * `combine(combine(p0, p1), p2)` for one key, exactly what combining whole tables in chunk
 * order gives — and writes `[key, done(partial)]` lines to `dir/part-NNNNN` through a
 * temporary file. Streaming: it holds one line per open file and the current key.
 *
 * At most `mergeFactor` files are open at once. With more map tasks the merge cascades, and
 * stays exact: pass 1 merges tasks 0…F-1 into a temporary file (a prefix, combined in order),
 * pass 2 merges that file first and then the next F-1 tasks, and so on — every key's combine
 * is still one left-to-right sequence over the chunks.
 */
import { link, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyedOps } from './keyed.js';
import {
  checkId,
  mapPartFile,
  mapTaskDir,
  mergeTempFile,
  partFileName,
  reduceTempFile,
} from './layout.js';
import { LineReader, LineWriter } from './lines.js';
import { mergeSources } from './merge.js';
import { fileSource, outputLine, type RecordSource, recordLine } from './records.js';

/** One partition of a finished output, as the manifest lists it. */
export interface OutputPartition {
  /** The partition's index, 0 … P-1. */
  readonly index: number;
  /** The file's absolute path (`…/part-00003`). */
  readonly path: string;
  /** Distinct keys in the partition. */
  readonly keys: number;
  /** The file's size in bytes. */
  readonly bytes: number;
}

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

const DEFAULT_MERGE_FACTOR = 64;

async function openSources(
  files: readonly string[],
  readers: LineReader[],
): Promise<RecordSource[]> {
  const sources: RecordSource[] = [];
  for (const f of files) {
    const reader = await LineReader.open(f);
    readers.push(reader);
    sources.push(await fileSource(reader));
  }
  return sources;
}

/** Merges `files` (in order) into `out` with `write` per distinct key. */
async function mergeInto(
  files: readonly string[],
  out: string,
  ops: KeyedOps,
  line: (first: Parameters<typeof recordLine>[0], table: unknown) => string,
): Promise<{ keys: number; bytes: number }> {
  const readers: LineReader[] = [];
  const w = await LineWriter.create(out);
  try {
    const sources = await openSources(files, readers);
    await mergeSources(sources, ops, (first, table) => w.write(line(first, table)));
  } catch (e) {
    await w.abandon();
    await rm(out, { force: true });
    throw e;
  } finally {
    for (const r of readers) await r.close();
  }
  const keys = w.lines;
  return { keys, bytes: await w.close() };
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
  const factor = Math.max(2, o.mergeFactor ?? DEFAULT_MERGE_FACTOR);
  const p = o.partition;
  const inputs = o.tasks.map((t) => mapPartFile(mapTaskDir(o.dir, run, t), p));
  const { ops } = o;

  // Cascading passes while more than `factor` files remain: the prefix file goes first.
  let pending = inputs;
  let prefix: string | undefined;
  for (let pass = 0; pending.length + (prefix ? 1 : 0) > factor; pass++) {
    const take = factor - (prefix ? 1 : 0);
    const group = [...(prefix ? [prefix] : []), ...pending.slice(0, take)];
    pending = pending.slice(take);
    const next = mergeTempFile(o.dir, run, p, attempt, pass);
    await rm(next, { force: true });
    await mergeInto(group, next, ops, (first, t) =>
      recordLine({ ...first, partial: ops.partialOf(t) }, `partition ${p}`),
    );
    if (prefix) await rm(prefix, { force: true });
    prefix = next;
  }

  const temp = reduceTempFile(o.dir, run, p, attempt);
  await rm(temp, { force: true });
  const { keys, bytes } = await mergeInto(
    [...(prefix ? [prefix] : []), ...pending],
    temp,
    ops,
    (first, t) => outputLine(first.key, ops.resultOf(t), `partition ${p}`),
  );
  if (prefix) await rm(prefix, { force: true });

  const path = join(o.dir, partFileName(p));
  await commitFile(temp, path);
  // The size on disk: when another attempt won, its file (the same bytes as ours, since both
  // merged the same committed map outputs).
  const size = (await stat(path)).size;
  return { index: p, path, keys, bytes: size === bytes ? bytes : size };
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
