/**
 * `planChunks`, the automatic chunk-size planner. Work is timed on a clock the work itself
 * advances by its stated cost, so every verdict, chunk size and re-run count is exact and no
 * load on the machine can change it; copies are timed for real where a case needs them, and
 * those cases sit where extra real time only confirms the verdict.
 */
import { describe, expect, it } from 'vitest';
import {
  type ChunkPlan,
  MAX_STREAM_CHUNK,
  type PlanInput,
  planChunks,
  sizer,
} from '../../src/parallel/chunking.js';

const numbers = Array.from({ length: 256 }, (_v, i) => i);

/**
 * A clock and work that costs `micros` per item on it (and nothing real). With `real`, the
 * clock also runs with real time, so copies (v8.serialize) take what they really take.
 */
function costing(micros: number, options: { real?: boolean; runs?: number[] } = {}) {
  let spent = 0;
  return {
    clock: () => spent + (options.real ? performance.now() : 0),
    work: (xs: readonly unknown[]) => {
      options.runs?.push(xs.length);
      spent += (xs.length * micros) / 1000;
    },
  };
}

/** planChunks with the threads executor's defaults: 2 workers, 1 ms per chunk. */
const planFor = (input: Partial<PlanInput> & Pick<PlanInput, 'work'>): ChunkPlan =>
  planChunks({ sample: numbers, workers: 2, targetMs: 1, ...input });

describe('planChunks', () => {
  it('an empty sample runs locally', () => {
    const plan = planFor({ sample: [], work: () => {}, total: 0 });
    expect(plan).toMatchObject({ local: true, reason: 'empty input' });
  });

  it('a whole input under one chunk of work runs locally, whatever the copy costs', () => {
    const plan = planFor({ ...costing(0.5), total: 1000 });
    expect(plan.local).toBe(true);
    expect(plan.reason).toBe(
      'the whole input is under 1 ms of work (1000 items at 0.500 µs): running locally',
    );
  });

  it('copy-bound work runs locally: copying an item costs more than processing it', () => {
    // 256 KiB strings (a real copy costs tens of µs each) against 2 µs of work an item, on
    // an input large enough (10⁶ items, 2 s) that the whole-input rule cannot apply.
    const big = Array.from({ length: 32 }, (_v, i) => `${i}`.padEnd(256 * 1024, 'x'));
    const plan = planFor({ sample: big, ...costing(2, { real: true }), total: 1_000_000 });
    expect(plan.copyMicros).toBeGreaterThan(plan.workMicros);
    expect(plan.local).toBe(true);
    expect(plan.reason).toMatch(/shipping costs more than the work, running locally$/);
  });

  it('CPU-bound work is shipped, in chunks of at least the target and ~8 per worker', () => {
    const plan = planFor({ ...costing(50), total: 2_000 });
    // ≥ 1 ms of work (20 items); ~8 chunks per worker: ⌈2 000 / 16⌉ = 125 items, 6.25 ms.
    expect(plan).toMatchObject({ local: false, workMicros: 50, chunkSize: 125 });
    expect(plan.reason).toBe('work 50.000 µs/item: 125 items per chunk');
  });

  it('a large input is cut into chunks of at most ~100 ms of work, not 8 per worker', () => {
    // 10⁶ items of 50 µs: 8 chunks per worker would be 62 500 items, 3 s of work each.
    expect(planFor({ ...costing(50), total: 1_000_000 }).chunkSize).toBe(2000);
    // The cap follows the cost: items of 3 ms come 34 to a chunk (~100 ms), not 625.
    const slow = planFor({ sample: numbers.slice(0, 4), ...costing(3000), total: 10_000 });
    expect(slow.chunkSize).toBe(34);
  });

  it('a known input is cut into a whole number of rounds: no worker is left alone at the end', () => {
    // 105 000 items of 20 µs, capped at 5 000 items: 21 chunks would leave one worker the
    // last 100 ms alone; 22 chunks of 4 773 do not.
    const plan = planFor({ ...costing(20), total: 105_000 });
    expect(plan.chunkSize).toBe(4773);
    expect(Math.ceil(105_000 / plan.chunkSize) % 2).toBe(0);
    // Never below the target to get there: 5 chunks of 25 ms (the cluster's target) become
    // 4 of 30, not 6 of 20.
    const cluster = planFor({ ...costing(1000), total: 120, targetMs: 25 });
    expect(cluster.chunkSize).toBe(30);
  });

  it('a stream (unknown size) gets chunks of about the target, never fewer than one item', () => {
    expect(planFor(costing(50))).toMatchObject({ local: false, chunkSize: 20 });
    expect(planFor({ sample: numbers.slice(0, 4), ...costing(3000) }).chunkSize).toBe(1);
  });

  it('costly items are timed on a prefix of the sample, not on all of it', () => {
    const runs: number[] = [];
    const plan = planFor({ ...costing(3000, { runs }), total: 1000 });
    expect(plan.local).toBe(false);
    // One item costs more than the 2 ms budget: timed on that one item (twice, in case the
    // first run held a pause) …
    expect(runs).toEqual([1, 1]);
    // … and only once when it is long enough that a pause cannot matter.
    const once: number[] = [];
    planFor({ ...costing(200_000, { runs: once }), total: 1000 });
    expect(once).toEqual([1]);
  });

  it('a pause in the first run does not pass for the cost of the work', () => {
    // 20 µs items; the very first call also takes a 4 ms pause (GC, a page fault).
    const { clock, work } = costing(20);
    let paused = false;
    const plan = planFor({
      clock: () => clock() + (paused ? 4 : 0),
      work: (xs) => {
        paused = true;
        work(xs);
      },
      total: 100_000,
    });
    // Timed as 20 µs an item: capped at 100 ms of work (5 000 items), not 24-item chunks.
    expect(plan).toMatchObject({ local: false, workMicros: 20, chunkSize: 5000 });
  });

  it('a "ship it" verdict from the cold timing is checked by timing again, for ~2 ms', () => {
    const runs: number[] = [];
    expect(planFor(costing(1, { runs })).local).toBe(false);
    // The prefix grows 1, 4, 16, 64, 256, then the sample (0.256 ms a run) is re-run until
    // 2 ms more are spent: 8 runs.
    expect(runs).toEqual([1, 4, 16, 64, 256, ...Array(8).fill(256)]);
  });

  it("re-timing costs a small share of a known input's work: twice for 5 ms of work", () => {
    const runs: number[] = [];
    planFor({ ...costing(1, { runs }), total: 5_000 });
    // 5% of 5 ms is 0.25 ms: the two runs any re-timing makes are over it.
    expect(runs).toEqual([1, 4, 16, 64, 256, 256, 256]);
  });

  it('a "run locally" verdict from the cold timing stands: nothing is timed again', () => {
    const runs: number[] = [];
    const plan = planFor({ ...costing(0.0001, { runs }), total: 1_000_000 });
    // Work that costs next to nothing (less than the 0.001 µs floor a copy is priced at) is
    // copy-bound even timed cold; a re-run would agree.
    expect(plan.local).toBe(true);
    expect(plan.reason).toMatch(/shipping costs more than the work/);
    expect(runs).toEqual([1, 4, 16, 64, 256]);
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

  it('one worker never ships, and times nothing', () => {
    const runs: number[] = [];
    const plan = planFor({ ...costing(50, { runs }), total: 100_000, workers: 1 });
    expect(plan.local).toBe(true);
    expect(plan.reason).toBe('one worker cannot beat this thread: running locally');
    expect(runs).toEqual([]);
  });
});

describe("sizer (a stream's chunk size, from the workers' timings)", () => {
  it('moves towards the target, at most ×4 up and ÷2 down per chunk', () => {
    const s = sizer(10, 1); // aim: 1 ms of work per chunk
    s.observe(10, 10); // 1 µs an item: 1 000 would be right; ×4 at most
    expect(s.size()).toBe(40);
    s.observe(40, 40);
    expect(s.size()).toBe(160);
    s.observe(160, 160);
    s.observe(640, 640);
    expect(s.size()).toBe(1000); // reached, and stays
    s.observe(1000, 1000);
    expect(s.size()).toBe(1000);
    s.observe(1000, 100_000); // 100 µs an item: 10 would be right; ÷2 at most
    expect(s.size()).toBe(500);
  });

  it('never grows past MAX_STREAM_CHUNK items, however cheap the work', () => {
    const s = sizer(1_000_000, 1);
    expect(s.size()).toBe(MAX_STREAM_CHUNK);
    for (let i = 0; i < 10; i++) s.observe(s.size(), 1);
    expect(s.size()).toBe(MAX_STREAM_CHUNK);
  });

  it('ignores replies without a timing or without items, and never goes below 1', () => {
    const s = sizer(8, 1);
    s.observe(8, undefined);
    s.observe(0, 5);
    expect(s.size()).toBe(8);
    for (let i = 0; i < 10; i++) s.observe(s.size(), 1e9);
    expect(s.size()).toBe(1);
  });
});
