/**
 * Memory limits of worker threads. Without one, a worker's heap may grow to V8's default
 * (about 4 GiB on a 64-bit machine with enough memory): a chunk that allocates without bound
 * then spends minutes in ever longer garbage collections, with gigabytes resident, before the
 * worker dies. A cap makes the same chunk fail within seconds, with an error that says which
 * limit it hit and how to raise it.
 */
import { totalmem } from 'node:os';
import { InvalidArgumentError } from '../functional/index.js';

/**
 * Node's `worker_threads` resource limits, in MiB, applied to every worker of a pool. `0`
 * means V8's own default for that limit.
 */
export interface WorkerResourceLimits {
  /** The main heap, where a task's data lives. Default: see `defaultResourceLimits`. */
  readonly maxOldGenerationSizeMb?: number;
  /** The heap space for recently created objects (V8's default when absent). */
  readonly maxYoungGenerationSizeMb?: number;
  /** Memory reserved for compiled code (V8's default when absent). */
  readonly codeRangeSizeMb?: number;
  /** A thread's stack (V8's default, 4 MiB, when absent). */
  readonly stackSizeMb?: number;
}

const KEYS = [
  'maxOldGenerationSizeMb',
  'maxYoungGenerationSizeMb',
  'codeRangeSizeMb',
  'stackSizeMb',
] as const;

const MiB = 1024 * 1024;
/** Bounds of the default heap cap, in MiB. */
const FLOOR_MB = 512;
const CEILING_MB = 2048;

/**
 * The heap cap a pool of `workers` gets when none is given: half the machine's memory shared
 * among the workers, between 512 MiB and 2 GiB. Half, so that all workers at their limit
 * still leave the calling thread and the rest of the machine room (no swapping, no kernel
 * OOM killer). At most 2 GiB, because a worker that needs more than that for one chunk
 * almost always holds a runaway allocation, and a larger heap only makes the garbage
 * collector take longer to give up (the time to fail grows with the heap). At least 512 MiB,
 * so small machines still run ordinary chunks.
 *
 * @example
 * ```ts
 * import { defaultResourceLimits } from 'polyfold/parallel';
 * defaultResourceLimits(2); // { maxOldGenerationSizeMb: 2048 } on a 16 GiB machine
 * ```
 */
export function defaultResourceLimits(workers: number): WorkerResourceLimits {
  const share = Math.floor(totalmem() / 2 / Math.max(1, workers) / MiB);
  return { maxOldGenerationSizeMb: Math.min(CEILING_MB, Math.max(FLOOR_MB, share)) };
}

/** The limits a pool runs with: the defaults, overridden key by key by what was given. */
export function resourceLimitsOf(
  fn: string,
  given: unknown,
  workers: number,
): WorkerResourceLimits {
  const defaults = defaultResourceLimits(workers);
  if (given === undefined) return defaults;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new InvalidArgumentError(
      fn,
      'options.resourceLimits',
      'an object such as { maxOldGenerationSizeMb: 4096 }',
      given,
    );
  }
  for (const key of Object.keys(given)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new InvalidArgumentError(
        fn,
        `options.resourceLimits.${key}`,
        `absent: the limits are ${KEYS.join(', ')}`,
        (given as Record<string, unknown>)[key],
      );
    }
    const value = (given as Record<string, unknown>)[key];
    if (
      value !== undefined &&
      !(typeof value === 'number' && Number.isFinite(value) && value >= 0)
    ) {
      throw new InvalidArgumentError(
        fn,
        `options.resourceLimits.${key}`,
        'a size in MiB (a number ≥ 0; 0 keeps V8’s default)',
        value,
      );
    }
  }
  const merged: Record<string, number> = { ...defaults };
  for (const key of KEYS) {
    const value = (given as WorkerResourceLimits)[key];
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}
