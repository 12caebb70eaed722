/**
 * Merging sorted record files with a bounded number open at once. With more files than the
 * fan-in, the merge cascades and stays exact: pass 1 merges files 0…F-1 into a temporary
 * file (a prefix, combined in order), pass 2 merges that file first and then the next F-1
 * files, and so on — every key's combine is still one left-to-right sequence over the files.
 * (A balanced tree of merges would be cheaper in I/O and would re-associate float sums.)
 */
import { rm } from 'node:fs/promises';
import type { KeyedOps, Table } from './keyed.js';
import { LineReader, LineWriter } from './lines.js';
import { mergeSources } from './merge.js';
import { fileSource, type RecordSource, recordLine, type ShuffleRecord } from './records.js';

/** Files open at once by default. */
export const DEFAULT_MERGE_FACTOR = 64;

/** Bytes of read buffers a merge holds in all, whatever its fan-in. */
const MERGE_BUFFERS = 1 << 20;

/** How one merged key becomes a line of the output file. */
export type LineOf = (first: ShuffleRecord, combined: Table) => string;

/** Merges `files` (in order) into the new file `out`. */
async function mergeOnce(files: readonly string[], out: string, ops: KeyedOps, line: LineOf) {
  const readers: LineReader[] = [];
  const w = await LineWriter.create(out);
  try {
    const sources: RecordSource[] = [];
    // Every open file holds a buffer and its parsed lines: the merge's memory is shared
    // among them (a merge runs when the heap is short), 4 KiB each at least.
    const size = Math.max(4096, Math.min(1 << 16, Math.floor(MERGE_BUFFERS / files.length)));
    for (const f of files) {
      const reader = await LineReader.open(f, size);
      readers.push(reader);
      sources.push(await fileSource(reader));
    }
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
 * Merges sorted record `files`, in order, into `out` (written with `line`), opening at most
 * `factor` at once; `temp(pass)` names each cascade pass's temporary file.
 */
export async function mergeFiles(
  files: readonly string[],
  out: string,
  ops: KeyedOps,
  line: LineOf,
  factor: number,
  temp: (pass: number) => string,
): Promise<{ keys: number; bytes: number }> {
  const fanIn = Math.max(2, factor);
  const where = out;
  let pending = files;
  let prefix: string | undefined;
  for (let pass = 0; pending.length + (prefix ? 1 : 0) > fanIn; pass++) {
    const take = fanIn - (prefix ? 1 : 0);
    const group = [...(prefix ? [prefix] : []), ...pending.slice(0, take)];
    pending = pending.slice(take);
    const next = temp(pass);
    await rm(next, { force: true });
    await mergeOnce(group, next, ops, (first, t) =>
      recordLine({ ...first, partial: ops.partialOf(t) }, where),
    );
    if (prefix) await rm(prefix, { force: true });
    prefix = next;
  }
  try {
    return await mergeOnce([...(prefix ? [prefix] : []), ...pending], out, ops, line);
  } finally {
    if (prefix) await rm(prefix, { force: true });
  }
}
