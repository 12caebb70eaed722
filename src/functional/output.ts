/**
 * The shapes of a partitioned run (`run(job, src, { output })`): what the caller asks for and
 * what it gets back. Types only: writing partitions needs files, which `polyfold/parallel`'s
 * executors have (see docs/parallel.md, "When the result is too big").
 */

/**
 * Where and how a keyed fold's result is written: `run(job, src, { output })`.
 *
 * @example
 * ```ts
 * import type { OutputOptions } from 'polyfold/functional';
 * const output: OutputOptions = { dir: 'out/wordcount', partitions: 8 };
 * ```
 */
export interface OutputOptions {
  /** The output directory; on a cluster, a path the caller and every worker reach. */
  readonly dir: string;
  /** How many partitions (reduce tasks, `part-NNNNN` files): a positive integer. */
  readonly partitions: number;
  /** Replace a finished output already in `dir` (default: refuse it). */
  readonly overwrite?: boolean;
  /**
   * The map-side memory budget: distinct keys a map task holds before it spills a sorted run
   * to disk (default 1 000 000).
   */
  readonly spillEntries?: number;
}

/**
 * One partition of a finished output, as the manifest lists it.
 *
 * @example
 * ```ts
 * import type { OutputPartition } from 'polyfold/functional';
 * const part: OutputPartition = { index: 3, path: '/abs/out/part-00003', keys: 120, bytes: 2048 };
 * ```
 */
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

/**
 * What a partitioned run returns, and what `_SUCCESS` holds.
 *
 * @example
 * ```ts
 * import type { OutputManifest } from 'polyfold/functional';
 * const m: OutputManifest = { dir: '/abs/out', keys: 2, partitions: [
 *   { index: 0, path: '/abs/out/part-00000', keys: 2, bytes: 24 },
 * ] };
 * ```
 */
export interface OutputManifest {
  /** The output directory, absolute. */
  readonly dir: string;
  /** Distinct keys over all partitions. */
  readonly keys: number;
  /** One entry per partition, in index order. */
  readonly partitions: readonly OutputPartition[];
}
