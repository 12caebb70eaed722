/**
 * Automatic chunk sizes for the cluster: `planChunks` with a 25 ms target (a chunk job costs
 * about a millisecond of Redis round trips and bookkeeping, so it must carry much more work),
 * and a stricter test for "run locally": `planChunks` prices a copy to a thread
 * (`v8.serialize`), but a chunk for the cluster is encoded, turned into JSON, stored in Redis
 * and decoded again on the worker — priced here by doing it on the sample.
 */

import { encodeData } from '../functional/internal.js';
import type { ChunkPlan } from '../parallel/internal.js';
import { planChunks } from '../parallel/internal.js';

/** Work per chunk job the plan aims at, in milliseconds. */
export const TARGET_MS = 25;

/** Plans chunks for `sample` of a job whose work on a sample is `work`. */
export function planCluster(
  sample: readonly unknown[],
  work: (sample: readonly unknown[]) => void,
  total: number | undefined,
  workers: number,
): ChunkPlan {
  const plan = planChunks({ sample, work, total, workers, targetMs: TARGET_MS });
  if (plan.local) return plan;
  const shipMicros = shippingMicros(sample);
  // There and back (items out, accumulators in, roughly), against the time the work saves.
  if (shipMicros * 2 >= plan.workMicros * (1 - 1 / workers)) {
    return {
      ...plan,
      local: true,
      copyMicros: shipMicros,
      reason: `work ${plan.workMicros.toFixed(3)} µs/item vs ${shipMicros.toFixed(3)} µs/item to ship through Redis: shipping costs more than the work, running locally`,
    };
  }
  return plan;
}

/** Microseconds per item to encode, stringify, parse and decode the sample, as a chunk travels. */
function shippingMicros(sample: readonly unknown[]): number {
  const t0 = performance.now();
  let json: string;
  try {
    json = JSON.stringify(encodeData(sample, 'the sample'));
  } catch {
    // Unsendable items: let the run fail where it names the item.
    return 0;
  }
  JSON.parse(json);
  return Math.max(((performance.now() - t0) * 1000) / sample.length, 0.001);
}
