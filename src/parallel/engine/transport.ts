/**
 * What the engine needs from whatever carries chunks to workers. A transport only submits a
 * chunk and reports what became of it: the partial accumulator, how many items it held and
 * the worker's time on it — or how it failed. Everything else (which chunks, how large,
 * retries, order, abort, progress, the combine) is the engine's, the same for every transport.
 *
 * Failures, by how the promise rejects:
 * - `RemoteTaskError`: the task threw (or its chunk cannot be sent): final, not retried;
 * - an error the transport calls fatal (`isFatal`): the run itself is lost (Redis gone, no
 *   workers, the pool could not start): passed through unchanged;
 * - anything else: the worker was lost; the chunk is retried up to `retries` times.
 */
import type { OutputPartition } from '../../functional/index.js';
import type { MapTaskReply, MapTaskSpec } from '../protocol.js';
import type { ChunkInput, EngineChunk } from './input.js';

/** A chunk folded by a worker. */
export interface ChunkResult {
  /** The partial accumulator, as the fold's `encode` made it. */
  readonly acc: unknown;
  /** Items the chunk held (lines, for byte ranges). */
  readonly items: number;
  /** The worker's time folding them, in µs (what chunk sizes are learned from). */
  readonly micros?: number | undefined;
}

/** One chunk pushed into a sequence: whether the fold wants more, and the worker's time. */
export interface SequenceStep {
  readonly halted: boolean;
  readonly items: number;
  readonly micros?: number | undefined;
}

/**
 * One worker folding a whole input in order, fed chunk by chunk: how jobs that cannot be
 * split (`take`, `takeWhile`) run without running on the caller.
 */
export interface Sequence {
  push(input: ChunkInput): Promise<SequenceStep>;
  /** Ends the input: flushes the stages and resolves the accumulator. */
  finish(): Promise<ChunkResult>;
  /** Gives the worker up (abort, failure); never rejects. */
  cancel(): Promise<void>;
}

/** A run's connection to its workers (see the module comment for how failures are told apart). */
export interface Transport {
  /** Chunks folded at once: what chunk sizes plan for. */
  readonly slots: number;
  /** Work per chunk sizes grow towards at least, in ms. */
  readonly targetMs: number;
  /** Chunks sent but not yet combined, at most (bounds memory here and in the transport). */
  readonly maxInFlight: number;
  /** Extra attempts the engine makes for a chunk whose worker was lost. */
  readonly retries: number;
  /** Items per chunk at most for sources read into memory (streams). */
  readonly maxItems: number;
  /** Folds one chunk from a fresh start in some worker. */
  fold(chunk: EngineChunk, signal: AbortSignal): Promise<ChunkResult>;
  /** Opens a sequence on one worker (jobs that cannot be split). */
  sequence(signal: AbortSignal): Promise<Sequence>;
  /** µs to ship one of these items to a worker, priced without running user code. */
  copyMicros(items: readonly unknown[]): number | undefined;
  /** Errors that lose the whole run (not one chunk): passed through as they are. */
  isFatal(error: unknown): boolean;
  /**
   * Folds one chunk in a worker and writes its table there as map task `chunk.index` of a
   * partitioned output (absent: this transport cannot write partitioned output).
   */
  readonly mapTask?: (
    chunk: EngineChunk,
    output: MapTaskSpec,
    signal: AbortSignal,
  ) => Promise<MapTaskReply>;
  /** Merges one partition of a partitioned output in a worker. */
  readonly reduceTask?: (task: ReduceTask, signal: AbortSignal) => Promise<OutputPartition>;
}

/** One reduce task: the partition, and the committed map tasks to merge, in chunk order. */
export interface ReduceTask {
  readonly dir: string;
  readonly run: string;
  readonly partition: number;
  readonly tasks: readonly number[];
}
