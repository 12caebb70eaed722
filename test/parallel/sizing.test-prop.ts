/**
 * Chunk sizes learned from worker timings (joblib's auto-batching): driven here by timings
 * made up by the test, never by a clock, so no verdict sits on a machine's speed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkSizer, shippingAdvice } from '../../src/parallel/engine/sizing.js';

const base = { slots: 2, targetMs: 1, maxMs: 100, first: 1, max: 65_536 };

/** Runs a sizer against work costing `micros` per item, as workers would report it. */
function converge(sizer: ChunkSizer, micros: number, steps: number, remaining?: number): number[] {
  const sizes: number[] = [];
  for (let i = 0; i < steps; i++) {
    const n = sizer.next(remaining);
    sizes.push(n);
    sizer.observe(n, n * micros);
  }
  return sizes;
}

describe('ChunkSizer', () => {
  it('starts with probes, then grows at most ×4 a step towards the target', () => {
    const sizer = new ChunkSizer(base);
    expect(sizer.probing).toBe(true);
    expect(sizer.next()).toBe(1);
    const sizes = converge(sizer, 0.01, 12);
    expect(sizer.probing).toBe(false);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeLessThanOrEqual(sizes[i - 1]! * 4);
    // 0.01 µs an item: 1 ms is 100 000 items, capped at 65 536 for a stream.
    expect(sizes.at(-1)).toBe(65_536);
  });

  it('settles where a chunk holds the target work, for any cost per item', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 5_000, noNaN: true }), (micros) => {
        const sizer = new ChunkSizer(base);
        const last = converge(sizer, micros, 40).at(-1)!;
        const ms = (last * micros) / 1000;
        // At least the target (1 ms), unless one item alone is over it.
        if (micros < 1000) expect(ms).toBeGreaterThanOrEqual(1 - 1e-9);
        expect(last === 1 || ms <= 4 * 1 + micros / 1000).toBe(true);
      }),
    );
  });

  it('one odd timing moves the size by a bounded step only', () => {
    const sizer = new ChunkSizer(base);
    converge(sizer, 1, 30); // settled at ~1 000 items (1 µs each)
    const before = sizer.next();
    sizer.observe(before, before * 1000); // one chunk 1 000× slower (a GC pause)
    expect(sizer.next()).toBeGreaterThanOrEqual(Math.ceil(before / 2) - 1);
  });

  it('a known input aims at ~8 chunks per slot, within [target, max] ms a chunk', () => {
    // 1 M items of 1 µs: 1 s of work → ~62 ms a chunk on 2 slots.
    const sizer = new ChunkSizer({ ...base, max: Number.POSITIVE_INFINITY, total: 1_000_000 });
    const last = converge(sizer, 1, 40).at(-1)!;
    expect(last).toBeGreaterThan(40_000);
    expect(last).toBeLessThanOrEqual(100_000);
  });

  it('near the end of a known input, chunks shrink so no worker is left with a long one', () => {
    const sizer = new ChunkSizer({ ...base, max: Number.POSITIVE_INFINITY, total: 1_000_000 });
    converge(sizer, 1, 40);
    const full = sizer.next(1_000_000);
    const tail = sizer.next(20_000);
    expect(tail).toBeLessThan(full);
    expect(tail).toBeLessThanOrEqual(Math.ceil(20_000 / 4));
    // …but never below the target work (1 ms = 1 000 items here).
    expect(sizer.next(10)).toBeGreaterThanOrEqual(1000);
  });

  it('a small known input goes out as one chunk per slot at once', () => {
    expect(new ChunkSizer({ ...base, total: 3 }).next(3)).toBe(2);
    expect(new ChunkSizer({ ...base, total: 8 }).next(8)).toBe(4);
    expect(new ChunkSizer({ ...base, total: 9 }).next(9)).toBe(1);
  });

  it('a small known input goes out as one chunk when earlier runs found its whole work under the target', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        (total, prior) => {
          const n = new ChunkSizer({ ...base, total, prior }).next(total);
          // base.targetMs is 1 ms: one chunk when the whole input costs less, else one per slot.
          expect(n).toBe(prior * total < 1000 ? total : Math.ceil(total / 2));
        },
      ),
    );
    // Nothing learnt yet: one chunk per slot, whatever the work will cost.
    expect(new ChunkSizer({ ...base, total: 3 }).next(3)).toBe(2);
    // A larger input is probed as before: the prior does not choose its sizes.
    expect(new ChunkSizer({ ...base, total: 9, prior: 0.01 }).next(9)).toBe(1);
  });

  it('a size given by the user is kept, whatever the timings', () => {
    const sizer = new ChunkSizer({ ...base, fixed: 7 });
    expect(sizer.probing).toBe(false);
    expect(converge(sizer, 1000, 5)).toEqual([7, 7, 7, 7, 7]);
  });

  it('timings that say nothing (missing, zero items) are ignored', () => {
    const sizer = new ChunkSizer(base);
    sizer.observe(10, undefined);
    sizer.observe(0, 5);
    sizer.observe(10, Number.NaN);
    expect(sizer.probing).toBe(true);
  });
});

describe('shippingAdvice', () => {
  it('advises local() when copying costs more than the work saved', () => {
    expect(shippingAdvice(0.002, 14, 2, 'to a worker')).toMatch(
      /copying an item to a worker costs 14 µs, the work 0\.0020 µs: local\(\) would be faster/,
    );
    expect(shippingAdvice(500, 1, 2, 'to a worker')).toBeUndefined();
  });
});
