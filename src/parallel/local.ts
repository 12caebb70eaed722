/**
 * `run` and `local` as `polyfold/parallel` exports them: the functional layer's, plus what
 * needs files — a partitioned `output`, which `local()` here writes through the engine with
 * an in-process transport (the same map tasks, reduce tasks and commit as the workers).
 */
import {
  type ExecuteOptions,
  type Executor,
  local as functionalLocal,
  run as functionalRun,
  type Job,
  type LocalOptions,
  type Source,
} from '../functional/index.js';
import { execute } from './engine/execute.js';
import { inProcess } from './engine/in-process.js';

/**
 * The same-thread executor, as `polyfold/functional`'s `local()`, which can also write a
 * partitioned output (`run(job, src, { output })`): sequentially, the reference the other
 * executors' partitions are compared with.
 *
 * @example
 * ```ts
 * import { folds, pipeline, map } from 'polyfold/functional';
 * import { local, readOutput, run } from 'polyfold/parallel';
 * const job = pipeline(map((w: string) => w.toLowerCase())).fold(folds.frequencies());
 * const manifest = await run(job, ['A', 'b', 'a'], {
 *   executor: local(),
 *   output: { dir: 'out/words', partitions: 2, overwrite: true },
 * });
 * manifest.keys; // 2
 * for await (const [word, n] of readOutput('out/words')) console.log(word, n);
 * ```
 */
export function local(options: LocalOptions = {}): Executor {
  const base = functionalLocal(options);
  return Object.freeze({
    name: 'local',
    run<A, R>(job: Job<A, R>, source: Source<A>, opts: ExecuteOptions = {}): Promise<R> {
      if (opts.output === undefined) return base.run(job, source, opts);
      return execute(job, source, inProcess(job as unknown as Job<unknown, unknown>), {
        executor: 'local',
        placement: 'workers',
        chunkSize: options.chunkSize ?? 'auto',
        signal: opts.signal,
        output: opts.output,
        onProgress: opts.onProgress && ((p) => opts.onProgress?.(p)),
      });
    },
  });
}

const defaultLocal = local();

/**
 * `run` of `polyfold/functional`, whose default executor is this layer's `local()`: so
 * `run(job, textFile('big.txt'), { output })` writes partitions without naming an executor.
 *
 * @example
 * ```ts
 * import { folds, pipeline } from 'polyfold/functional';
 * import { run, textFile } from 'polyfold/parallel';
 * const lineCounts = pipeline().fold(folds.frequencies<string>());
 * const manifest = await run(lineCounts, textFile('notes.txt'), {
 *   output: { dir: 'out/lines', partitions: 4 },
 * });
 * ```
 */
export const run: typeof functionalRun = ((
  job: Job<unknown, unknown>,
  source: Source<unknown>,
  options?: { executor?: Executor; output?: unknown },
) =>
  functionalRun(
    job,
    source,
    (options?.executor === undefined && options?.output !== undefined
      ? { ...options, executor: defaultLocal }
      : options) as never,
  )) as typeof functionalRun;
