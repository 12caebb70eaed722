/**
 * Tasks and jobs of bench/parallel.bench.ts. Workers import this module by URL (through tsx
 * on Node 20), so everything a job runs off the main thread is declared with `defineTasks`.
 *
 * The arithmetic of `spin` is the same 32-bit hash loop as `work()` in bench/parallel_mp.py,
 * so the Python comparison runs the same workload (and the sums can be compared).
 */
import { folds, map, pipeline } from '../src/functional/index.js';
import { defineTasks } from '../src/parallel/index.js';

/** Iterations of the hash loop for ~20 µs per item (CPU-bound case) on these machines. */
export const CPU_ROUNDS = 12_000;
/** Iterations for ~1 µs per item (the "tiny items" case). */
export const TINY_ROUNDS = 600;

/** `rounds` steps of a 32-bit multiply-xorshift hash seeded with `x`; returns its low byte. */
export function hashLoop(x: number, rounds: number): number {
  let h = x | 0;
  for (let i = 0; i < rounds; i++) h = (Math.imul(h ^ (h >>> 13), 0x5bd1e995) + i) | 0;
  return h & 0xff;
}

export const { spin, tiny, inc, tenth, recordWork, recordHeavy } = defineTasks(import.meta.url, {
  /** ~20 µs of arithmetic per item. */
  spin: (x: number) => hashLoop(x, CPU_ROUNDS),
  /** ~1 µs of arithmetic per item. */
  tiny: (x: number) => hashLoop(x, TINY_ROUNDS),
  /** Copy-bound: far cheaper than copying the number to a worker and back. */
  inc: (x: number) => x + 1,
  /** Copy-bound too: ~0.1 µs of arithmetic per item. */
  tenth: (x: number) => hashLoop(x, 60),
  /** ~1 µs per streamed record, so the records are worth shipping. */
  recordWork: (r: { id: number; v: number; tag: string }) => hashLoop(r.id ^ r.v, TINY_ROUNDS),
  /** ~5 µs per streamed record: the automatic plan ships it. */
  recordHeavy: (r: { id: number; v: number; tag: string }) => hashLoop(r.id ^ r.v, 5 * TINY_ROUNDS),
});

/** Case 1: CPU-bound map, summed. */
export const cpuJob = pipeline(map(spin)).fold(folds.sum());
/** Case 2: tiny items, summed. */
export const tinyJob = pipeline(map(tiny)).fold(folds.sum());
/** Case 3: copy-bound. */
export const incJob = pipeline(map(inc)).fold(folds.sum());
export const tenthJob = pipeline(map(tenth)).fold(folds.sum());
/** Case 4: streaming records. */
export const recordJob = pipeline(map(recordWork)).fold(folds.sum());
export const recordHeavyJob = pipeline(map(recordHeavy)).fold(folds.sum());
