/**
 * An executor remembers what a job's runs measured (joblib keeps its batch size across calls
 * of one `Parallel` the same way): a small input whose whole work earlier runs found under the
 * target goes out as one chunk, one round trip, instead of one per worker. Driven by a
 * transport whose timings the test states, so no verdict sits on a machine's speed.
 */
import { describe, expect, it } from 'vitest';
import { folds, map, pipeline } from '../../src/functional/index.js';
import { execute, type Learned } from '../../src/parallel/engine/execute.js';
import { itemsOf } from '../../src/parallel/engine/input.js';
import type { Transport } from '../../src/parallel/engine/transport.js';

const job = pipeline(map((x: number) => x + 1)).fold(folds.toArray());

/** Two slots; every chunk "took" `micros` per item, as a worker would report it. */
function transport(micros: number, sizes: number[]): Transport {
  return {
    slots: 2,
    targetMs: 1,
    maxInFlight: 4,
    retries: 0,
    maxItems: 65_536,
    async fold(chunk) {
      const items = itemsOf(chunk.input) as number[];
      sizes.push(items.length);
      return { acc: job.foldChunk(items), items: items.length, micros: micros * items.length };
    },
    sequence: () => Promise.reject(new Error('not used')),
    copyMicros: () => undefined,
    isFatal: () => false,
  };
}

const runOnce = async (micros: number, learned: Learned, xs: number[]) => {
  const sizes: number[] = [];
  const got = await execute(job, xs, transport(micros, sizes), {
    executor: 'test',
    placement: 'workers',
    chunkSize: 'auto',
    learned,
  });
  return { got, sizes };
};

describe('an executor learns a job’s cost across runs', () => {
  it('cheap work: the first run of 3 items sends a chunk per worker, later runs one chunk', async () => {
    const learned: Learned = {};
    const first = await runOnce(0.05, learned, [1, 2, 3]);
    expect(first).toEqual({ got: [2, 3, 4], sizes: [2, 1] });
    expect(learned.items).toBeCloseTo(0.05);
    const second = await runOnce(0.05, learned, [1, 2, 3]);
    expect(second).toEqual({ got: [2, 3, 4], sizes: [3] });
  });

  it('work that costs more than the target stays split, one chunk per worker', async () => {
    const learned: Learned = {};
    await runOnce(5_000, learned, [1, 2, 3]);
    expect((await runOnce(5_000, learned, [1, 2, 3])).sizes).toEqual([2, 1]);
  });

  it('what an array run learnt is not used for text bytes', async () => {
    const learned: Learned = {};
    await runOnce(0.05, learned, [1, 2, 3]);
    expect(learned.bytes).toBeUndefined();
  });
});
