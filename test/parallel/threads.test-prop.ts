/**
 * The promise of the parallel layer: for any input, chunk size and worker count, `threads`
 * gives exactly the result of `local` — for every built-in fold.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { local, run } from '../../src/functional/index.js';
import { createPool, threads } from '../../src/parallel/index.js';
import { equals } from '../../src/protocols/index.js';
import { foldsUnderTest, jobWith } from './fixtures/jobs.js';

const pools = [createPool({ workers: 1 }), createPool({ workers: 2 }), createPool({ workers: 3 })];
afterAll(() => Promise.all(pools.map((p) => p.close())));

const names = Object.keys(foldsUnderTest) as Array<keyof typeof foldsUnderTest>;

describe('threads', () => {
  it('law: threads(any workers, any chunk size) gives exactly the local result, for every built-in fold', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.array(fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -50, max: 50 })), {
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: pools.length - 1 }),
        async (name, xs, chunkSize, p) => {
          const job = jobWith(name);
          const expected = await run(job, xs, { executor: local() });
          const got = await run(job, xs, { executor: threads({ pool: pools[p]!, chunkSize }) });
          expect(equals(got, expected), `${name}: ${String(got)} vs ${String(expected)}`).toBe(
            true,
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
