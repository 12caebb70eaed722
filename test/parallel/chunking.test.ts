/**
 * `planChunks`, the automatic chunk-size planner, on inputs whose verdict does not depend on
 * the machine: every case is far from its threshold (≥ 10×), so a loaded CI machine cannot
 * flip it. Timings are real (spinning for a known time), not mocked.
 */
import { describe, expect, it } from 'vitest';
import { type ChunkPlan, type PlanInput, planChunks } from '../../src/parallel/chunking.js';

/** Busy-waits `micros` microseconds: work of a known cost. */
function spin(micros: number): void {
  const until = performance.now() + micros / 1000;
  while (performance.now() < until);
}

const numbers = Array.from({ length: 256 }, (_v, i) => i);

/** Work that costs `micros` per item. */
const spinning =
  (micros: number) =>
  (xs: readonly unknown[]): void => {
    for (const _x of xs) spin(micros);
  };

/** planChunks with the threads executor's defaults: 2 workers, 1 ms per chunk. */
const planFor = (input: Partial<PlanInput> & Pick<PlanInput, 'work'>): ChunkPlan =>
  planChunks({ sample: numbers, workers: 2, targetMs: 1, ...input });

describe('planChunks', () => {
  it('an empty sample runs locally', () => {
    const plan = planFor({ sample: [], work: () => {}, total: 0 });
    expect(plan).toMatchObject({ local: true, reason: 'empty input' });
  });

  it('a whole input under one chunk of work runs locally, whatever the copy costs', () => {
    const plan = planFor({
      work: (xs) => {
        let s = 0;
        for (const x of xs) s += (x as number) * 2;
        return void s;
      },
      total: 1000,
    });
    expect(plan.local).toBe(true);
    expect(plan.reason).toMatch(/^the whole input is under 1 ms of work \(1000 items at/);
  });

  it('copy-bound work runs locally: copying an item costs more than processing it', () => {
    // 256 KiB strings (a copy costs tens of µs) against 2 µs of work an item, on an input
    // large enough (10⁶ items, ~2 s) that the whole-input rule cannot apply.
    const big = Array.from({ length: 32 }, (_v, i) => `${i}`.padEnd(256 * 1024, 'x'));
    const plan = planFor({ sample: big, work: spinning(2), total: 1_000_000 });
    expect(plan.copyMicros).toBeGreaterThan(plan.workMicros);
    expect(plan.local).toBe(true);
    expect(plan.reason).toMatch(/shipping costs more than the work, running locally$/);
  });

  it('CPU-bound work is shipped, in chunks of at least the target and ~8 per worker', () => {
    const plan = planFor({ work: spinning(50), total: 2_000 });
    expect(plan.local).toBe(false);
    expect(plan.workMicros).toBeGreaterThanOrEqual(50);
    // ≥ 1 ms of work (≤ 20 items of ≥ 50 µs); ~8 chunks per worker: ⌈2 000 / 16⌉ = 125 items,
    // ~6 ms of work: the 100 ms cap would bind only if an item measured 16× its cost.
    expect(plan.chunkSize).toBe(125);
    expect(plan.reason).toBe(`work ${plan.workMicros.toFixed(3)} µs/item: 125 items per chunk`);
  });

  it('a large input is cut into chunks of at most ~100 ms of work, not 8 per worker', () => {
    // 10⁶ items of 50 µs: 8 chunks per worker would be 62 500 items, 3 s of work each.
    const plan = planFor({ work: spinning(50), total: 1_000_000 });
    expect(plan.local).toBe(false);
    expect(plan.chunkSize).toBe(Math.ceil(100_000 / plan.workMicros));
    expect(plan.chunkSize).toBeLessThanOrEqual(2000);
    // The cap follows the measured cost: items of ≥ 3 ms come at most 34 to a chunk.
    const slow = planFor({ sample: numbers.slice(0, 4), work: spinning(3000), total: 10_000 });
    expect(slow.chunkSize).toBe(Math.ceil(100_000 / slow.workMicros));
    expect(slow.chunkSize).toBeLessThanOrEqual(34);
  });

  it('a stream (unknown size) gets chunks of about the target, never fewer than one item', () => {
    const plan = planFor({
      work: spinning(50),
    });
    expect(plan.local).toBe(false);
    // 1 ms / ≥ 50 µs: at most 20 items, and noise only makes work dearer (smaller chunks).
    expect(plan.chunkSize).toBeGreaterThanOrEqual(1);
    expect(plan.chunkSize).toBeLessThanOrEqual(20);
    const slow = planFor({ sample: numbers.slice(0, 4), work: spinning(3000) });
    expect(slow.chunkSize).toBe(1);
  });

  it('costly items are timed on a prefix of the sample, not on all of it', () => {
    let calls = 0;
    const plan = planFor({
      work: (xs) => {
        for (const _x of xs) {
          calls++;
          spin(3000);
        }
      },
      total: 1000,
    });
    expect(plan.local).toBe(false);
    // One item costs more than the 2 ms budget: timed once, on that one item.
    expect(calls).toBe(1);
  });

  it('a "ship it" verdict from the cold timing is checked by timing again', () => {
    const runs: number[] = [];
    const work = spinning(1);
    const plan = planFor({
      work: (xs) => {
        runs.push(xs.length);
        work(xs);
      },
    });
    expect(plan.local).toBe(false);
    // The prefix grows 1, 2, 4 … 256, then the whole sample is re-run (twice at least).
    expect(runs.slice(0, 9)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    expect(runs.length).toBeGreaterThanOrEqual(11);
    expect(runs.slice(9).every((n) => n === 256)).toBe(true);
  });

  it("re-timing costs a small share of a known input's work: twice for 5 ms of work", () => {
    // ≥ 0.5 ms spent on the prefix, ≥ 0.25 ms a run; 5% of ~5 ms is 0.25 ms: the two runs
    // every re-timing makes are already over budget.
    const runs: number[] = [];
    const work = spinning(1);
    planFor({
      work: (xs) => {
        runs.push(xs.length);
        work(xs);
      },
      total: 5_000,
    });
    expect(runs).toHaveLength(11);
  });

  it('a "run locally" verdict from the cold timing stands: nothing is timed again', () => {
    const runs: number[] = [];
    const plan = planFor({
      work: (xs) => {
        runs.push(xs.length);
      },
      total: 1_000_000,
    });
    // Work that costs nothing is copy-bound even as timed cold; a re-run could only agree.
    expect(plan.local).toBe(true);
    expect(plan.reason).toMatch(/shipping costs more than the work/);
    expect(runs).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
  });

  it('an input that cannot be copied runs locally and says why', () => {
    const plan = planFor({
      sample: [() => 1],
      work: () => {},
      total: 1_000_000,
      targetMs: 0.000_001,
    });
    expect(plan.local).toBe(true);
    expect(plan.copyMicros).toBe(Number.POSITIVE_INFINITY);
    expect(plan.reason).toMatch(/^the input cannot be copied to a worker \(.+\): running locally$/);
  });

  it('one worker never ships', () => {
    const plan = planFor({
      work: spinning(50),
      total: 100_000,
      workers: 1,
    });
    expect(plan.local).toBe(true);
    expect(plan.reason).toBe('one worker cannot beat this thread: running locally');
  });
});
