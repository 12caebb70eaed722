/**
 * The promise of the cluster layer: for any input and chunk size, `cluster` gives exactly the
 * result of `local` — for every built-in fold, through Redis and worker processes.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cluster } from '../../src/cluster/index.js';
import { local, run } from '../../src/functional/index.js';
import { equals } from '../../src/protocols/index.js';
import {
  foldsUnderTest,
  jobWith,
  nestedFoldsUnderTest,
  nestedJobWith,
  oneBillionRows,
} from '../parallel/fixtures/jobs.js';
import {
  dropQueue,
  freshQueue,
  JOBS,
  startWorkerProcesses,
  type WorkerProcess,
} from './helpers.js';
import { clusterSuite } from './suite.js';

const suite = clusterSuite();

// The very jobs the threads law runs (test/parallel/threads.test-prop.ts), so both layers are
// held to the same list of folds. Their tasks are declared in that module, so it is the one
// task module these workers are started with.

const names = Object.keys(foldsUnderTest) as Array<keyof typeof foldsUnderTest>;

/** Equal as the protocols define it, and bit for bit for numbers (-0 is not 0 here). */
function same(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? Object.is(a, b) : equals(a, b);
}

describe.skipIf(suite.skip !== '')(suite.title('cluster folds'), () => {
  const { url } = suite;
  const queue = freshQueue('folds');
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    workers = await startWorkerProcesses(url, queue, [
      { concurrency: 2, tasks: [JOBS] },
      { concurrency: 1, tasks: [JOBS] },
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await dropQueue(url, queue);
  });

  it('law: cluster(any chunk size) gives exactly the local result, for every built-in fold', async () => {
    const executors = new Map<number, ReturnType<typeof cluster>>();
    const executorFor = (chunkSize: number) => {
      let e = executors.get(chunkSize);
      if (e === undefined) {
        e = cluster({ connection: url, queue, chunkSize, redisTimeout: 5_000 });
        executors.set(chunkSize, e);
      }
      return e;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.array(
          fc.oneof(
            fc.double(),
            fc.integer({ min: -50, max: 50 }),
            fc.constantFrom(-0, 0.1, 0.2, -0.30000000000000004),
          ),
          { maxLength: 40 },
        ),
        fc.integer({ min: 1, max: 12 }),
        async (name, xs, chunkSize) => {
          const job = jobWith(name);
          const expected = await run(job, xs, { executor: local() });
          const got = await run(job, xs, { executor: executorFor(chunkSize) });
          expect(same(got, expected), `${name}: ${String(got)} vs ${String(expected)}`).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('nested folds ship too: taskFold and premap inside groupBy, reduceBy, struct and tuple', async () => {
    const executor = cluster({ connection: url, queue, chunkSize: 7, redisTimeout: 5_000 });
    const xs = Array.from({ length: 200 }, (_x, i) => ((i * 7919) % 101) - 50 + (i % 3) / 4);
    for (const name of Object.keys(nestedFoldsUnderTest) as Array<
      keyof typeof nestedFoldsUnderTest
    >) {
      const job = nestedJobWith(name);
      const expected = await run(job, xs, { executor: local() });
      const got = await run(job, xs, { executor });
      expect(equals(got, expected), `${name}: ${String(got)} vs ${String(expected)}`).toBe(true);
    }
    const lines = Array.from(
      { length: 300 },
      (_x, i) => `${['Oslo', 'Rome', 'Lima'][i % 3]};${(i % 41) - 20}.5`,
    );
    const stations = await run(oneBillionRows, lines, { executor });
    expect(stations.get('Oslo')).toEqual(
      (await run(oneBillionRows, lines, { executor: local() })).get('Oslo'),
    );
    expect(stations.get('Rome')?.max).toBe(20.5);
    expect(stations.get('Lima')?.min).toBe(-20.5);
  });
});
