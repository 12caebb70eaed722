/**
 * `run(job, src, { output })` on the executors: whatever the input, its chunking, the number
 * of partitions, the spill budget and the executor (polyfold/parallel's local(), threads() on
 * one or two workers), the partitions read back hold exactly the in-memory result of the same
 * job — float sums bit for bit — and the caller never holds the table.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { local as functionalLocal, run as functionalRun } from '../../../src/functional/index.js';
import * as _ from '../../../src/parallel/index.js';
import { oneBillionRows, wordCount } from '../fixtures/jobs.js';
import { outDir, readAll, sameTable, tempRoot } from './helpers.js';

const pools = [_.createPool({ workers: 1 }), _.createPool({ workers: 2 })];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});
const root = tempRoot();

const words = fc.array(
  fc
    .array(fc.constantFrom('a', 'b', 'Fox', 'the', 'ß', '語', 'x1', ''), { maxLength: 6 })
    .map((ws) => ws.join(' ')),
  { maxLength: 120 },
);
const stations = fc.array(
  fc
    .tuple(
      fc.constantFrom('Oslo', 'Lima', 'Zürich', 'Abéché', '東京'),
      fc.integer({ min: -999, max: 999 }),
    )
    .map(([s, t]) => `${s};${(t / 10).toFixed(1)}`),
  { maxLength: 120 },
);
const executorOf = (which: number, chunkSize: number | 'auto') =>
  which === 0 ? _.local() : _.threads({ pool: pools[which - 1]!, chunkSize });

describe('a partitioned output equals the in-memory result', () => {
  for (const [name, job, lines] of [
    ['word count (frequencies)', wordCount, words],
    ['1BRC (groupBy → premap → stats, float sums)', oneBillionRows, stations],
  ] as const) {
    it(`${name}: any input, chunking, partitions, spill budget and executor`, async () => {
      await fc.assert(
        fc.asyncProperty(
          lines as fc.Arbitrary<string[]>,
          fc.integer({ min: 1, max: 5 }),
          fc.oneof(fc.constant<'auto'>('auto'), fc.integer({ min: 1, max: 40 })),
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 0, max: 2 }),
          async (input, partitions, chunkSize, spillEntries, which) => {
            const want = await functionalRun(job as never, input, {
              executor: functionalLocal(),
            });
            const dir = outDir(root);
            const manifest = await _.run(job as never, input, {
              executor: executorOf(which, chunkSize),
              output: { dir, partitions, spillEntries },
            });
            expect(manifest.partitions.map((p) => p.index)).toEqual(
              Array.from({ length: partitions }, (_v, i) => i),
            );
            const got = await readAll(dir);
            expect(manifest.keys).toBe(got.size);
            expect(sameTable(got, want as never)).toBeUndefined();
          },
        ),
        { numRuns: 25 },
      );
    });
  }
});
