/**
 * The map side of the shuffle: one map task's partial table, split by `partitionOf(key, P)`
 * into P sorted files, spilling to disk when the table outgrows a budget (Hadoop's spill),
 * committed by renaming the attempt's directory (the first committed attempt wins, as Spark
 * keeps the first valid map output).
 *
 * Exactness: the task's output, key by key, is `combine(combine(t0, t1), t2)…` of the tables
 * given to `add`, in order — bit for bit, whatever the budget. Tables are combined in memory
 * only until the first spill (that prefix is exact); after it, every table is written as runs
 * of its own and the runs are merged key by key in order, so no later table is ever combined
 * with another before it meets the prefix. One table larger than the budget is written as
 * several runs holding disjoint keys.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyedOps, Table } from './keyed.js';
import { attemptDir, checkId, mapPartFile, mapTaskDir, spillFile } from './layout.js';
import { LineWriter } from './lines.js';
import { DEFAULT_MERGE_FACTOR, mergeFiles } from './merge-files.js';
import { compareRecords, recordLine, recordOf, type ShuffleRecord } from './records.js';

/** The default budget: distinct keys a map task holds in memory before it spills. */
export const DEFAULT_SPILL_ENTRIES = 1_000_000;

/** Options of one map task attempt. */
export interface MapTaskOptions {
  /** The output directory (already prepared by `prepareOutput`). */
  readonly dir: string;
  /** The run's id (`prepareOutput` makes one). */
  readonly run: string;
  /** The map task's index: its chunk index, which orders the reduce-side combine. */
  readonly task: number;
  /** This attempt's id (0, 1… for retries; any file-name-safe string). */
  readonly attempt: number | string;
  readonly partitions: number;
  readonly ops: KeyedOps;
  /** Spill when the in-memory table holds more distinct keys than this. */
  readonly spillEntries?: number;
  /** Spilled runs open at once when merging them (default 64; more cascade, exactly). */
  readonly mergeFactor?: number;
}

/** What a map task wrote, per partition. */
export interface MapTaskOutput {
  readonly task: number;
  /** Distinct keys in each partition's file. */
  readonly keys: readonly number[];
  /** Bytes of each partition's file. */
  readonly bytes: readonly number[];
  /** How many sorted runs were spilled before the final merge (0: none). */
  readonly spills: number;
}

/**
 * Writes one attempt of one map task. `add` the task's partial tables in order (the writer
 * takes ownership of them: the fold's `combine` may mutate them), then `close` (the part
 * files exist, invisible to reducers), then `commit`.
 *
 * @example
 * ```ts
 * const w = await MapTaskWriter.open({ dir, run, task: 0, attempt: 0, partitions: 4, ops });
 * await w.add(partialTable);
 * await w.close();
 * await w.commit(); // true: this attempt's output is the task's output
 * ```
 */
export class MapTaskWriter {
  readonly #o: MapTaskOptions;
  readonly #dir: string;
  readonly #budget: number;
  #current: Table | undefined;
  /** Per spilled run: which partitions it has a file for. */
  readonly #runs: boolean[][] = [];
  #closed: MapTaskOutput | undefined;

  private constructor(o: MapTaskOptions, dir: string) {
    this.#o = o;
    this.#dir = dir;
    this.#budget = Math.max(1, o.spillEntries ?? DEFAULT_SPILL_ENTRIES);
  }

  /** Starts an attempt: creates its directory (a leftover of the same attempt id is removed). */
  static async open(o: MapTaskOptions): Promise<MapTaskWriter> {
    const dir = attemptDir(o.dir, checkId('run', o.run), o.task, checkId('attempt', o.attempt));
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    return new MapTaskWriter(o, dir);
  }

  /** The attempt's directory (for tests and clean-up). */
  get directory(): string {
    return this.#dir;
  }

  /** Adds the task's next partial table (see the module comment for the order it keeps). */
  async add(table: Table): Promise<void> {
    const { ops } = this.#o;
    if (this.#runs.length > 0) {
      if (ops.size(table) > 0) await this.#spill(table);
      return;
    }
    this.#current = this.#current === undefined ? table : ops.combineTables(this.#current, table);
    if (ops.size(this.#current) > this.#budget) {
      const full = this.#current;
      this.#current = undefined;
      await this.#spill(full);
    }
  }

  /** Sorts records by partition; `[p]` sorted by the shuffle order. */
  #byPartition(records: ShuffleRecord[]): ShuffleRecord[][] {
    const P = this.#o.partitions;
    const out: ShuffleRecord[][] = Array.from({ length: P }, () => []);
    for (const r of records) out[r.h % P]!.push(r);
    for (const part of out) part.sort(compareRecords);
    return out;
  }

  /** Writes `table` as sorted runs of at most `budget` records each. */
  async #spill(table: Table): Promise<void> {
    let slice: ShuffleRecord[] = [];
    const flush = async (): Promise<void> => {
      const run = this.#runs.length;
      const parts = this.#byPartition(slice);
      slice = [];
      const has: boolean[] = [];
      for (let p = 0; p < parts.length; p++) {
        has[p] = parts[p]!.length > 0;
        if (has[p]) await this.#write(spillFile(this.#dir, run, p), parts[p]!, p);
      }
      this.#runs.push(has);
    };
    for (const [k, v] of this.#o.ops.entries(table)) {
      slice.push(recordOf(k, v));
      if (slice.length >= this.#budget) await flush();
    }
    if (slice.length > 0) await flush();
  }

  async #write(file: string, records: readonly ShuffleRecord[], p: number): Promise<number> {
    const w = await LineWriter.create(file);
    try {
      for (const r of records) {
        const flushed = w.write(recordLine(r, `partition ${p}`));
        if (flushed) await flushed;
      }
    } catch (e) {
      await w.abandon();
      throw e;
    }
    return w.close();
  }

  /** Writes the P part files of the attempt (merging spilled runs); not yet visible. */
  async close(): Promise<MapTaskOutput> {
    if (this.#closed) return this.#closed;
    const { partitions: P, ops, task } = this.#o;
    const keys: number[] = [];
    const bytes: number[] = [];
    const spills = this.#runs.length;
    if (spills === 0) {
      const records: ShuffleRecord[] = [];
      if (this.#current !== undefined) {
        for (const [k, v] of ops.entries(this.#current)) records.push(recordOf(k, v));
      }
      this.#current = undefined;
      const parts = this.#byPartition(records);
      for (let p = 0; p < P; p++) {
        keys.push(parts[p]!.length);
        bytes.push(await this.#write(mapPartFile(this.#dir, p), parts[p]!, p));
      }
    } else {
      for (let p = 0; p < P; p++) {
        const runs: string[] = [];
        for (let r = 0; r < spills; r++)
          if (this.#runs[r]![p]) runs.push(spillFile(this.#dir, r, p));
        const out = mapPartFile(this.#dir, p);
        if (runs.length === 0) {
          bytes.push(await this.#write(out, [], p));
          keys.push(0);
          continue;
        }
        const merged = await mergeFiles(
          runs,
          out,
          ops,
          (first, t) => recordLine({ ...first, partial: ops.partialOf(t) }, `partition ${p}`),
          this.#o.mergeFactor ?? DEFAULT_MERGE_FACTOR,
          (pass) => join(this.#dir, `merge-${p}-${pass}`),
        );
        keys.push(merged.keys);
        bytes.push(merged.bytes);
        for (const run of runs) await rm(run, { force: true });
      }
    }
    this.#closed = { task, keys, bytes, spills };
    return this.#closed;
  }

  /**
   * Makes this attempt the task's output by renaming its directory — unless another attempt
   * committed first: then this attempt's files are deleted and the answer is false.
   */
  async commit(): Promise<boolean> {
    if (!this.#closed) await this.close();
    const target = mapTaskDir(this.#o.dir, this.#o.run, this.#o.task);
    try {
      // Renaming onto a non-empty directory fails (a committed task always holds P files):
      // that failure is the atomic "first committed attempt wins".
      await rename(this.#dir, target);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
      await this.abort();
      return false;
    }
  }

  /** Deletes the attempt's files (after a failure, or when another attempt won). */
  async abort(): Promise<void> {
    await rm(this.#dir, { recursive: true, force: true });
  }
}

/** What {@link runMapTask} reports. */
export interface MapTaskResult extends MapTaskOutput {
  /** True when this attempt's output is the task's output; false when another won first. */
  readonly committed: boolean;
}

/**
 * One whole map task attempt: adds `tables` in order, closes, commits; on a failure deletes
 * the attempt's files and rethrows. What an executor's worker runs for one chunk (its partial
 * table, or the pieces it folded the chunk into to bound memory).
 *
 * @example
 * ```ts
 * const r = await runMapTask({ dir, run, task: 7, attempt: 0, partitions: 4, ops }, [table]);
 * r.committed; // false only if another attempt of task 7 committed first
 * ```
 */
export async function runMapTask(
  o: MapTaskOptions,
  tables: Iterable<Table> | AsyncIterable<Table>,
): Promise<MapTaskResult> {
  const w = await MapTaskWriter.open(o);
  try {
    for await (const t of tables as AsyncIterable<Table>) await w.add(t);
    const out = await w.close();
    return { ...out, committed: await w.commit() };
  } catch (e) {
    await w.abort();
    throw e;
  }
}
