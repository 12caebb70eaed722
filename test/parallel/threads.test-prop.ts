/**
 * The promise of the parallel layer: for any input, chunk size and worker count, `threads`
 * gives exactly the result of `local` — for every built-in fold.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { filter, local, map, pipeline, run } from '../../src/functional/index.js';
import { createPool, threads } from '../../src/parallel/index.js';
import { equals } from '../../src/protocols/index.js';
import {
  costly,
  foldsUnderTest,
  half,
  isSmall,
  jobWith,
  nestedFoldsUnderTest,
  nestedJobWith,
} from './fixtures/jobs.js';

const pools = [createPool({ workers: 1 }), createPool({ workers: 2 }), createPool({ workers: 3 })];
afterAll(() => Promise.all(pools.map((p) => p.close())));

// One law, two tables: the built-in folds, and folds nested in folds (taskFold and premap inside
// groupBy, reduceBy, struct, tuple), which ship through the same revive table.
const tables: Array<[string, string[], (name: never) => ReturnType<typeof jobWith>]> = [
  [
    'every built-in fold',
    Object.keys(foldsUnderTest),
    jobWith as (name: never) => ReturnType<typeof jobWith>,
  ],
  [
    'nested folds',
    Object.keys(nestedFoldsUnderTest),
    nestedJobWith as (name: never) => ReturnType<typeof jobWith>,
  ],
];

describe('threads', () => {
  it.each(tables)(
    'law: threads(any workers, any chunk size) gives exactly the local result, for %s',
    async (_, names, jobOf) => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...names),
          fc.array(fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -50, max: 50 })), {
            maxLength: 60,
          }),
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 0, max: pools.length - 1 }),
          async (name, xs, chunkSize, p) => {
            const job = jobOf(name as never);
            const expected = await run(job, xs, { executor: local() });
            const got = await run(job, xs, { executor: threads({ pool: pools[p]!, chunkSize }) });
            expect(equals(got, expected), `${name}: ${String(got)} vs ${String(expected)}`).toBe(
              true,
            );
          },
        ),
        { numRuns: 60 },
      );
    },
  );

  // placement 'auto' times an array's first slices here, in place, then either goes on here or
  // ships the rest from where the timing stopped. Either way the result is local's, in order
  // (toArray, first, last), every item once. Cheap work stays here; ~20 µs per item always
  // ships (the verdict is far from any threshold: a loaded machine only makes it slower).
  it('law: placement auto gives exactly the local result for arrays, whether it stays or ships', async () => {
    const names = Object.keys(foldsUnderTest) as (keyof typeof foldsUnderTest)[];
    const shipped: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.boolean(),
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 0, max: 5000 }),
        async (name, slow, p, seed) => {
          const n = slow ? 400 + (seed % 300) : seed;
          const xs = Array.from({ length: n }, (_v, i) => ((i * 7919 + seed) % 201) - 100);
          const fold = foldsUnderTest[name]() as never;
          const job = slow
            ? pipeline(map(costly), map(half), filter(isSmall)).fold(fold)
            : jobWith(name);
          const expected = await run(job, xs, { executor: local() });
          let modes = '';
          const got = await run(job, xs, {
            executor: threads({ pool: pools[p + 1]!, placement: 'auto' }),
            onProgress: (q) => {
              modes += (q as { mode: string }).mode[0];
            },
          });
          expect(equals(got, expected), `${name}: ${String(got)} vs ${String(expected)}`).toBe(
            true,
          );
          // first() and some() are done after one item: that item is folded while timing it.
          if (slow && name !== 'first' && name !== 'some') {
            expect(modes, 'costly work ships').toContain('t');
            shipped.push(n);
          }
        },
      ),
      { numRuns: 40 },
    );
    expect(shipped.length).toBeGreaterThan(0);
  });
});
