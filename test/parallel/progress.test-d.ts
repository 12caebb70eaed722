// onProgress is typed by the executor: what threads(), cluster() and local() report is what
// the callback's parameter says, with no annotation and no cast.
import { describe, expectTypeOf, it } from 'vitest';
import type { ClusterProgress } from '../../src/cluster/index.js';
import { cluster } from '../../src/cluster/index.js';
import {
  type Executor,
  folds,
  local,
  map,
  type Progress,
  pipeline,
  run,
} from '../../src/functional/index.js';
import { type ParallelProgress, threads } from '../../src/parallel/index.js';

const job = pipeline(map((x: number) => x + 1)).fold(folds.sum());

describe('onProgress follows the executor', () => {
  it('threads() reports ParallelProgress', () => {
    void run(job, [1], {
      executor: threads(),
      onProgress: (p) => {
        expectTypeOf(p).toEqualTypeOf<ParallelProgress>();
        expectTypeOf(p.elapsedMs).toBeNumber();
        expectTypeOf(p.mode).toEqualTypeOf<'threads' | 'local'>();
      },
    });
  });

  it('cluster() reports ClusterProgress', () => {
    const executor = cluster({ connection: 'redis://127.0.0.1:6379', queue: 'q' });
    void run(job, [1], {
      executor,
      onProgress: ({ done, mode, runId }) => {
        expectTypeOf(done).toBeNumber();
        expectTypeOf(mode).toEqualTypeOf<'cluster' | 'local'>();
        expectTypeOf(runId).toEqualTypeOf<string | undefined>();
      },
    });
    expectTypeOf<
      Parameters<NonNullable<Parameters<typeof executor.run>[2]['onProgress']>>[0]
    >().toEqualTypeOf<ClusterProgress>();
  });

  it('local() and no executor report Progress, with no parallel fields', () => {
    void run(job, [1], { onProgress: (p) => expectTypeOf(p).toEqualTypeOf<Progress>() });
    void run(job, [1], {
      executor: local(),
      onProgress: (p) => {
        expectTypeOf(p).toEqualTypeOf<Progress>();
        // @ts-expect-error local() does not report elapsedMs
        void p.elapsedMs;
      },
    });
  });

  it('the result type is unchanged, and a parallel executor is still an Executor', () => {
    expectTypeOf(run(job, [1], { executor: threads() })).toEqualTypeOf<Promise<number>>();
    expectTypeOf(threads()).toMatchTypeOf<Executor>();
  });

  it('a callback asking for more than the executor reports is refused', () => {
    void run(job, [1], {
      // @ts-expect-error local() reports Progress, not the ParallelProgress asked for below
      executor: local(),
      onProgress: (p: ParallelProgress) => p.elapsedMs,
    });
  });
});
