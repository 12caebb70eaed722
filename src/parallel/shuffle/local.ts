/**
 * `shuffleLocal`: map → shuffle → reduce in this process, over a list of chunk partial
 * tables. The sequential reference of the partitioned output, and what `local()` runs when
 * given `output` (and what tests compare the other executors with).
 */
import type { AnyFold } from '../../functional/index.js';
import { keyedOps, type Table } from './keyed.js';
import { runMapTask } from './map-task.js';
import { commitOutput, type OutputManifest, prepareOutput } from './output.js';
import { type OutputPartition, runReduceTask } from './reduce-task.js';

/**
 * Writes the combine of `partials` (one keyed fold's partial tables, in chunk order) as a
 * partitioned output under `output.dir`, and returns its manifest: each chunk is one map task,
 * each partition one reduce task, `_SUCCESS` last.
 *
 * When to use: with partials folded in this process (tests, `local()`); the executors run the
 * same map and reduce tasks in workers.
 *
 * Details: for every key, the value written is `done` of `combine(combine(p0, p1), p2)…` over
 * the chunks holding it, exactly as `fold.done(partials.reduce(fold.combine))` computes it —
 * floating-point sums included, whatever `partitions` and `spillEntries`. The output is
 * checked before any work (NotKeyedFoldError, InvalidArgumentError, OutputExistsError,
 * OutputNotWritableError); on a failure no `_SUCCESS` is written.
 *
 * `tuning.mergeFactor` caps the files a reduce task opens at once (default 64).
 *
 * Gotchas: takes ownership of the partial tables (the fold's `combine` may mutate them).
 *
 * @example
 * ```ts
 * import { folds } from 'polyfold/functional';
 * import { readOutput, shuffleLocal } from 'polyfold/parallel';
 * const f = folds.frequencies<string>();
 * const chunks = [['a', 'b'], ['b']].map((c) => c.reduce(f.step, f.init()));
 * const manifest = await shuffleLocal(chunks, f, { dir: 'out/freq', partitions: 2, overwrite: true });
 * manifest.keys; // 2
 * for await (const [w, n] of readOutput('out/freq')) console.log(w, n); // a 1, b 2 (some order)
 * ```
 */
export async function shuffleLocal(
  partials: Iterable<Table> | AsyncIterable<Table>,
  fold: AnyFold<any, any>,
  output: unknown,
  tuning: { readonly mergeFactor?: number } = {},
): Promise<OutputManifest> {
  const ops = keyedOps(fold);
  const o = await prepareOutput(output, 'shuffleLocal');
  const tasks: number[] = [];
  let task = 0;
  for await (const partial of partials as AsyncIterable<Table>) {
    await runMapTask(
      {
        dir: o.dir,
        run: o.run,
        task,
        attempt: 0,
        partitions: o.partitions,
        ops,
        ...(o.spillEntries === undefined ? {} : { spillEntries: o.spillEntries }),
      },
      [partial],
    );
    tasks.push(task++);
  }
  const parts: OutputPartition[] = [];
  for (let p = 0; p < o.partitions; p++) {
    parts.push(
      await runReduceTask({
        dir: o.dir,
        run: o.run,
        partition: p,
        tasks,
        ops,
        ...tuning,
        ...(o.spillEntries === undefined ? {} : { spillEntries: o.spillEntries }),
      }),
    );
  }
  return commitOutput(o.dir, parts);
}
