/**
 * Automatic chunk sizes. A pool task costs a round trip (~20–65 µs here) plus copying its
 * data, so a chunk should carry ≥ 1 ms of work; and there should be several chunks per
 * worker so a slow one does not leave the others idle at the end. When copying an item
 * costs more than processing it, no parallel plan can win and the work runs locally.
 */
import { serialize } from 'node:v8';

/** How `chunkSize: 'auto'` decided to cut an input (reported through `onPlan`). */
export interface ChunkPlan {
  /** Items per chunk. */
  readonly chunkSize: number;
  /** True when shipping the data would cost more than the work: run on the calling thread. */
  readonly local: boolean;
  /** Measured cost of the work per item, in microseconds. */
  readonly workMicros: number;
  /** Measured cost of copying one item to a worker, in microseconds. */
  readonly copyMicros: number;
  /** Why this plan was chosen, for progress reports. */
  readonly reason: string;
}

export interface PlanInput {
  /** A sample of the input (the first items). */
  readonly sample: readonly unknown[];
  /** Runs the work on the sample on this thread, returning nothing; timed. */
  readonly work: (sample: readonly unknown[]) => void;
  /** Total number of items, when known. */
  readonly total?: number | undefined;
  readonly workers: number;
  /** Target work per chunk, in milliseconds (1 for threads, 25 for the cluster). */
  readonly targetMs: number;
}

const now = (): number => performance.now();

/** Picks a chunk size by timing the work and the copy on a sample. */
export function planChunks(input: PlanInput): ChunkPlan {
  const { sample, workers, targetMs } = input;
  if (sample.length === 0) {
    return { chunkSize: 1, local: true, workMicros: 0, copyMicros: 0, reason: 'empty input' };
  }
  // Warm the function once so the first (unoptimised) call does not dominate the timing.
  const warm = sample.slice(0, Math.min(sample.length, 16));
  input.work(warm);
  let t0 = now();
  input.work(sample);
  const workMicros = Math.max(((now() - t0) * 1000) / sample.length, 0.001);
  t0 = now();
  try {
    serialize(sample);
  } catch (error) {
    // Functions, symbols…: this input cannot reach a worker at all, but can be processed here.
    return {
      chunkSize: sample.length,
      local: true,
      workMicros,
      copyMicros: Number.POSITIVE_INFINITY,
      reason: `the input cannot be copied to a worker (${error instanceof Error ? error.message : String(error)}): running locally`,
    };
  }
  const copyMicros = Math.max(((now() - t0) * 1000) / sample.length, 0.001);

  const perChunk = Math.ceil((targetMs * 1000) / workMicros);
  let chunkSize = Math.max(1, perChunk);
  if (input.total !== undefined) {
    // A known input is cut into ~8 chunks per worker (load balance) but never below the
    // target: the main thread spends ~0.1 ms per chunk, so thousands of 1 ms chunks keep it
    // busy enough to slow the workers down on a machine with few cores (measured: 1.57x
    // with 2 000 chunks of 1 ms against 1.93x for one slice per worker).
    chunkSize = Math.max(chunkSize, Math.ceil(input.total / (workers * 8)));
  }
  // Copying each item twice (there and back, roughly) must cost less than the work saved.
  const parallelGain = workMicros * (1 - 1 / workers);
  const local = workers <= 1 || copyMicros * 2 >= parallelGain;
  const reason = local
    ? `work ${workMicros.toFixed(3)} µs/item vs copy ${copyMicros.toFixed(3)} µs/item: shipping costs more than the work, running locally`
    : `work ${workMicros.toFixed(3)} µs/item: ${chunkSize} items per chunk`;
  return { chunkSize, local, workMicros, copyMicros, reason };
}
