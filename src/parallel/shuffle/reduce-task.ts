/**
 * The reduce side: partition p's task combines every committed map task's part-p file, in map
 * task (chunk) order, key by key with the fold's `combine` left to right —
 * `combine(combine(p0, p1), p2)` for one key, exactly what combining whole tables in chunk
 * order gives — and writes `[key, done(partial)]` lines to `dir/part-NNNNN` through a
 * temporary file, in the shuffle's order.
 *
 * How: the files are read one after another into a table (hash aggregation: one lookup per
 * record, no heap of open files); the table is sorted once and written. When the table
 * outgrows the budget (`spillEntries` keys, or half the heap limit), it is written as a sorted
 * run — the exact combine of every record read so far — and the task finishes as a streaming
 * merge of that run, the rest of the current file and the remaining files, in that order
 * (map files are sorted, so is the run): every key's combine stays one left-to-right
 * sequence, and nothing later is combined with anything before it meets that prefix (a
 * second table would re-associate float sums). That merge opens at most `mergeFactor` files
 * at once and cascades beyond (see merge-files.ts).
 */

import { link, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { resourceLimits } from 'node:worker_threads';
import type { OutputPartition } from '../../functional/output.js';
import { stableHash, stableKey } from '../../protocols/index.js';
import { CorruptOutputError } from '../errors.js';
import type { KeyedOps } from './keyed.js';
import {
  checkId,
  mapPartFile,
  mapTaskDir,
  mergeTempFile,
  partFileName,
  reduceSpillFile,
  reduceTempFile,
} from './layout.js';
import { LineReader, LineWriter } from './lines.js';
import { DEFAULT_SPILL_ENTRIES } from './map-task.js';
import { DEFAULT_MERGE_FACTOR, mergeFiles } from './merge-files.js';
import { hashedLine, outputLine, parseLines } from './records.js';

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
  /** Files open at once when the task had to spill (default 64); more cascade, exactly. */
  readonly mergeFactor?: number;
  /**
   * Distinct keys held in memory before the task spills to a sorted run (default
   * `DEFAULT_SPILL_ENTRIES`); it also spills when the heap is half full, whatever this says.
   */
  readonly spillEntries?: number;
}

/** One key of the reduce table: its first key object and its merge state. */
interface Slot {
  readonly h: number;
  readonly key: unknown;
  /** `stableKey(key)`; for a string key computed only when a sort needs it. */
  sk: string | undefined;
  state: unknown;
}

const skOf = (s: Slot): string => {
  if (s.sk === undefined) s.sk = JSON.stringify(s.key);
  return s.sk;
};

// The shuffle's order (records.ts compareRecords); keys are distinct, so never 0.
const compareSlots = (a: Slot, b: Slot): number => {
  if (a.h !== b.h) return a.h - b.h;
  const x = skOf(a);
  const y = skOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * The partition's keys so far. String keys are looked up by the string itself (no key text
 * to build); other keys by `stableKey`, in a table of their own (a string's own text and
 * another key's key text could coincide).
 */
class ReduceTable {
  readonly #ops: KeyedOps;
  #strings = new Map<string, Slot>();
  #others = new Map<string, Slot>();

  constructor(ops: KeyedOps) {
    this.#ops = ops;
  }

  get size(): number {
    return this.#strings.size + this.#others.size;
  }

  /** Combines the next record read; false when its hash is not the key's (a corrupt file). */
  add(h: unknown, key: unknown, partial: unknown): boolean {
    const ops = this.#ops;
    let table: Map<string, Slot>;
    let id: string;
    let sk: string | undefined;
    if (typeof key === 'string') {
      if (stableHash(key) !== h) return false;
      table = this.#strings;
      id = key;
    } else {
      sk = stableKey(key);
      if (stableHash(key) !== h) return false;
      table = this.#others;
      id = sk;
    }
    const slot = table.get(id);
    if (slot === undefined) table.set(id, { h, key, sk, state: ops.start(key, partial) });
    else slot.state = ops.add(slot.state, key, partial);
    return true;
  }

  /** Every slot in the shuffle's order; the table is empty afterwards. */
  drain(): Slot[] {
    const all = [...this.#strings.values(), ...this.#others.values()];
    this.#strings = new Map();
    this.#others = new Map();
    return all.sort(compareSlots);
  }
}

/**
 * The heap this thread may fill with a table before it spills: half its old generation — the
 * worker's `resourceLimits.maxOldGenerationSizeMb` when it has one (`heap_size_limit` counts
 * the young generation too: 80 MiB for a 32 MiB worker), else the heap limit.
 */
const HEAP_BUDGET =
  ((resourceLimits.maxOldGenerationSizeMb ?? 0) > 0
    ? resourceLimits.maxOldGenerationSizeMb! * 1024 * 1024
    : getHeapStatistics().heap_size_limit) / 2;

/** True when this thread's heap is past {@link HEAP_BUDGET}: time to spill, whatever the budget. */
function heapPressed(): boolean {
  return getHeapStatistics().used_heap_size > HEAP_BUDGET;
}

/** Writes `lines` to the new file `path`; its size in bytes. */
async function writeLines(path: string, lines: Iterable<string>): Promise<number> {
  const w = await LineWriter.create(path);
  try {
    for (const line of lines) {
      const flushed = w.write(line);
      if (flushed) await flushed;
    }
  } catch (e) {
    await w.abandon();
    await rm(path, { force: true });
    throw e;
  }
  return w.close();
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
  const where = `partition ${p}`;
  const budget = Math.max(1, o.spillEntries ?? DEFAULT_SPILL_ENTRIES);
  const temp = reduceTempFile(o.dir, run, p, attempt);
  await rm(temp, { force: true });
  const table = new ReduceTable(ops);
  let keys: number;
  let bytes: number;
  let spilled: { runs: string[]; next: number } | undefined;

  read: for (const [i, file] of inputs.entries()) {
    const reader = await LineReader.open(file);
    try {
      for (;;) {
        const lines = await reader.nextLines();
        if (lines === undefined) break;
        const first = reader.line - lines.length + 1;
        const rows = parseLines(lines, file, first, 3);
        for (let j = 0; j < rows.length; j++) {
          const row = rows[j]!;
          if (!table.add(row[0], row[1], row[2])) {
            throw new CorruptOutputError(
              file,
              first + j,
              `the hash of the key is ${stableHash(row[1])}, not ${String(row[0])}`,
            );
          }
        }
        if (table.size > budget || (table.size > 1000 && heapPressed())) {
          spilled = await spill(table, reader, i);
          break read;
        }
      }
    } finally {
      await reader.close();
    }
  }

  if (spilled === undefined) {
    const slots = table.drain();
    bytes = await writeLines(
      temp,
      (function* () {
        for (const s of slots) yield outputLine(s.key, ops.resultOf(s.state), where);
      })(),
    );
    keys = slots.length;
  } else {
    const { runs, next } = spilled;
    try {
      ({ keys, bytes } = await mergeFiles(
        [...runs, ...inputs.slice(next)],
        temp,
        ops,
        (first, t) => outputLine(first.key, ops.resultOf(t), where),
        o.mergeFactor ?? DEFAULT_MERGE_FACTOR,
        (pass) => mergeTempFile(o.dir, run, p, attempt, pass),
      ));
    } finally {
      for (const r of runs) await rm(r, { force: true });
    }
  }

  /**
   * Writes the table as a sorted run and the unread rest of input `i` as a run after it: the
   * sources the streaming merge starts with, before input `i + 1`.
   */
  async function spill(
    t: ReduceTable,
    reader: LineReader,
    i: number,
  ): Promise<{ runs: string[]; next: number }> {
    const slots = t.drain();
    const head = reduceSpillFile(o.dir, run, p, attempt, 'head');
    const tail = reduceSpillFile(o.dir, run, p, attempt, 'tail');
    await rm(head, { force: true });
    await rm(tail, { force: true });
    await writeLines(
      head,
      (function* () {
        for (const s of slots) yield hashedLine(s.h, s.key, ops.partialOf(s.state), where);
      })(),
    );
    slots.length = 0;
    const w = await LineWriter.create(tail);
    try {
      for (let lines = await reader.nextLines(); lines; lines = await reader.nextLines()) {
        for (const line of lines) {
          const flushed = w.write(line);
          if (flushed) await flushed;
        }
      }
    } catch (e) {
      await w.abandon();
      throw e;
    }
    await w.close();
    return { runs: [head, tail], next: i + 1 };
  }

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
