import { afterAll, describe, expect, it } from 'vitest';
import { type Fold, filter, folds, map, pipeline, run } from '../../src/functional/index.js';
import { createPool, taskFold, threads, UnshippableError } from '../../src/parallel/index.js';
import { countBelow, isSmall, mod3, nestedFoldsUnderTest } from './fixtures/jobs.js';

const pools = [createPool({ workers: 1 }), createPool({ workers: 2 })];
afterAll(() => Promise.all(pools.map((p) => p.close())));

const _names = Object.keys(nestedFoldsUnderTest) as Array<keyof typeof nestedFoldsUnderTest>;

describe('threads with nested folds', () => {
  it('ships groupBy(key, taskFold(factory)) (it was "unknown fold $taskFold" in the worker)', async () => {
    const job = pipeline(filter(isSmall)).fold(folds.groupBy(mod3, taskFold(countBelow, 4)));
    const xs = Array.from({ length: 50 }, (_x, i) => i % 9);
    const got = await run(job, xs, { executor: threads({ pool: pools[1]!, chunkSize: 7 }) });
    // 0…4 occur 6 times, 5…8 five times; below 4 are 0 and 3 (key 0), 1 (key 1), 2 (key 2).
    expect([...got]).toEqual([
      [0, 12],
      [1, 6],
      [2, 6],
    ]);
  });

  it('refuses a premap of a closure before anything is sent, naming where it sits', async () => {
    const job = pipeline(map(mod3)).fold(
      folds.groupBy(
        mod3,
        folds.premap((x: number) => x + 1, folds.sum()),
      ),
    );
    const error = await run(job, [1, 2, 3], { executor: threads({ pool: pools[0]! }) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnshippableError);
    expect((error as UnshippableError).where).toBe(
      'the fold groupBy argument 2 › premap argument 1',
    );
  });

  it('refuses a hand-written fold nested in groupBy, pointing to taskFold', async () => {
    const mine: Fold<number, number, number> = {
      init: () => 0,
      step: (a, x) => a + x,
      combine: (a, b) => a + b,
      done: (a) => a,
    };
    const job = pipeline(filter(isSmall)).fold(folds.groupBy(mod3, mine));
    const error = await run(job, [1, 2], { executor: threads({ pool: pools[0]! }) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnshippableError);
    expect((error as Error).message).toMatch(/inside groupBy.*taskFold\(factory/);
  });
});
