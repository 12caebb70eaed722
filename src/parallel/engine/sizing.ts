/**
 * Chunk sizes learned from the workers, as joblib's `batch_size='auto'` learns them
 * (`AutoBatchingMixin` in joblib's `_parallel_backends.py`): the first chunks are small
 * probes whose results count like any other; every worker reports the time it spent folding
 * each chunk; later sizes move towards a target duration in bounded steps, so one odd timing
 * (a GC pause, a cold JIT) cannot swing them. Nothing is timed on the calling thread, so no
 * user code runs there.
 *
 * The unit is whatever the source is cut in: items, or bytes for text files.
 */

/** How a run's chunks are sized. */
export interface SizingOptions {
  /** Chunks the transport folds at once (worker threads, or cluster workers × concurrency). */
  readonly slots: number;
  /** Work per chunk that sizes grow towards at least, in ms (1 on threads, 25 on a cluster). */
  readonly targetMs: number;
  /** Work per chunk sizes never aim above, in ms: a chunk is the unit of retries and aborts. */
  readonly maxMs: number;
  /** Size of the first (probe) chunks, in units. */
  readonly first: number;
  /** Units a chunk never exceeds (memory: a stream's chunks are held until shipped). */
  readonly max: number;
  /** Units in the whole input, when known before it is read (arrays, text files). */
  readonly total?: number | undefined;
  /** A size given by the user: every chunk has it, nothing is learned. */
  readonly fixed?: number | undefined;
  /**
   * Work per unit, in µs, that earlier runs of the same job on the same executor measured
   * (joblib keeps its batch size across calls the same way). Only used to send a known input
   * whose whole work is under `targetMs` as one chunk: one round trip, not one per slot.
   */
  readonly prior?: number | undefined;
}

/** Growth per observation at most (joblib doubles; ×4 reaches a good size in fewer probes). */
const GROW = 4;
/** Weight kept of earlier observations at each new one (joblib smooths with 0.8 too). */
const DECAY = 0.8;
/** A known input is cut into about this many chunks per slot, for load balance. */
const CHUNKS_PER_SLOT = 8;

/**
 * Learns chunk sizes from worker timings. `next()` gives the size of the chunk about to be
 * cut; `observe()` takes a worker's timing of a folded chunk.
 *
 * @example
 * ```ts
 * import { ChunkSizer } from 'polyfold/parallel/engine';
 * const sizer = new ChunkSizer({ slots: 2, targetMs: 1, maxMs: 100, first: 1, max: 65_536 });
 * sizer.next(); // 1: a probe
 * sizer.observe(1, 2); // a worker folded 1 item in 2 µs
 * sizer.next(); // 4: at most ×4 per step, towards 1 ms of work
 * ```
 */
export class ChunkSizer {
  private readonly options: SizingOptions;
  // Decayed sums of units and µs over observations: their ratio is the cost per unit, in
  // which large (well-measured) chunks weigh more than probes and old ones fade.
  private units = 0;
  private micros = 0;
  /** Size of the largest chunk observed lately: the base of the bounded step. */
  private base: number;
  private seen = 0;
  /** The last size was held back by the bounded step: sizes are still growing. */
  private growing = true;

  constructor(options: SizingOptions) {
    this.options = options;
    this.base = options.first;
  }

  /** True until the first timing comes back: the run is still probing. */
  get probing(): boolean {
    return this.options.fixed === undefined && this.seen === 0;
  }

  /**
   * True once sizes stopped growing step by step (the target is reached, or the cap): until
   * then, chunks cut ahead of the replies would all be small, so few should be in flight.
   */
  get settled(): boolean {
    return this.options.fixed !== undefined || (this.seen > 0 && !this.growing);
  }

  /** Work per unit as measured by the workers, in µs (undefined before any timing). */
  get costMicros(): number | undefined {
    return this.units > 0 ? Math.max(this.micros / this.units, 1e-6) : undefined;
  }

  /**
   * The size of the next chunk. `remaining`: units of a known input not yet cut; near the end
   * chunks shrink (guided self-scheduling) so that no worker is left alone with a long one.
   */
  next(remaining?: number): number {
    const { fixed, first, max, slots, total } = this.options;
    if (fixed !== undefined) return fixed;
    // A small known input goes out as one chunk per slot at once: one round trip per worker;
    // as one chunk if earlier runs found the whole of it under the target (splitting work that
    // small costs a second round trip and saves nothing).
    if (total !== undefined && this.seen === 0 && total <= first * slots * GROW) {
      const { prior } = this.options;
      const alone = prior !== undefined && prior * total < this.options.targetMs * 1000;
      return clamp(alone ? total : Math.ceil(total / slots), 1, max);
    }
    const cost = this.costMicros;
    if (cost === undefined) return clamp(first, 1, max);
    const ideal = Math.ceil((this.targetMsFor(cost) * 1000) / cost);
    this.growing = ideal > this.base * GROW && this.base * GROW < max;
    let size = Math.min(ideal, this.base * GROW);
    size = Math.max(size, Math.ceil(this.base / 2));
    if (remaining !== undefined) {
      const useful = Math.ceil((this.options.targetMs * 1000) / cost);
      size = Math.min(size, Math.max(useful, Math.ceil(remaining / (2 * slots))));
    }
    return clamp(size, 1, max);
  }

  /** A worker folded a chunk of `units` in `micros` µs (undefined: it could not say). */
  observe(units: number, micros: number | undefined): void {
    if (this.options.fixed !== undefined) return;
    if (micros === undefined || !(micros >= 0) || !(units > 0)) return;
    this.units = this.units * DECAY + units;
    this.micros = this.micros * DECAY + Math.max(micros, 0.01);
    this.base = this.seen === 0 ? units : Math.max(units, Math.ceil(this.base / 2));
    this.seen++;
  }

  /** Work per chunk aimed at: a share of a known input's work, within [targetMs, maxMs]. */
  private targetMsFor(cost: number): number {
    const { targetMs, maxMs, slots, total } = this.options;
    if (total === undefined) return targetMs;
    const totalMs = (cost * total) / 1000;
    return clamp(totalMs / (slots * CHUNKS_PER_SLOT), targetMs, Math.max(targetMs, maxMs));
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}

/**
 * What to say when shipping costs more than the work: the advice the plan reports (never
 * acted on unless the user chose `placement: 'auto'`).
 */
export function shippingAdvice(
  workMicros: number,
  copyMicros: number,
  slots: number,
  where: string,
): string | undefined {
  if (!(copyMicros * 2 >= workMicros * (1 - 1 / Math.max(slots, 1)))) return undefined;
  return `copying an item ${where} costs ${fmt(copyMicros)} µs, the work ${fmt(workMicros)} µs: local() would be faster (or pass placement: 'auto')`;
}

function fmt(micros: number): string {
  return micros >= 10 ? micros.toFixed(0) : micros >= 0.1 ? micros.toFixed(2) : micros.toFixed(4);
}
