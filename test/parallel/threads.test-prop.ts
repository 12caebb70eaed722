/**
 * The promise of the parallel layer: for any input, chunk size and worker count, `threads`
 * gives exactly the result of `local` — for every built-in fold.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { local, run } from '../../src/functional/index.js';
import { createPool, threads } from '../../src/parallel/index.js';
import { equals } from '../../src/protocols/index.js';
import { foldsUnderTest, jobWith, nestedFoldsUnderTest, nestedJobWith } from './fixtures/jobs.js';

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
});
