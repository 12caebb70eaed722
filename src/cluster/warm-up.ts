/**
 * Getting a worker ready before it takes its first job: load each allow-listed task module
 * once here (a module that does not load is a configuration error, reported at start rather
 * than as a failure of every job), then start the threads and have each import the modules,
 * so the first chunks do not pay for thread start-up and module loading (most of a second
 * per thread from TypeScript sources).
 */
import { folds, map, pipeline } from '../functional/index.js';
import { addressOf, type Pool } from '../parallel/index.js';
import type { FoldRequest } from '../parallel/internal.js';
import { encodeJob } from '../parallel/internal.js';
import { TaskModuleLoadError } from './errors.js';

/**
 * Loads the modules here, then runs one empty fold per thread whose stages name a task of
 * every module. Modules that Node cannot import in this process without a loader (TypeScript
 * without tsx) are left for the threads, which have their own way to load them.
 */
export async function warmUp(
  pool: Pool,
  modules: readonly string[],
  threads: number,
): Promise<void> {
  const stages = [];
  for (const url of modules) {
    let exports: Record<string, unknown>;
    try {
      exports = (await import(url)) as Record<string, unknown>;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_UNKNOWN_FILE_EXTENSION') continue;
      throw new TaskModuleLoadError(url, error);
    }
    const task = Object.values(exports).find((fn) => addressOf(fn)?.module === url);
    if (typeof task === 'function') stages.push(map(task as (x: unknown) => unknown));
  }
  const job = encodeJob(pipeline(...(stages as [])).fold(folds.count()));
  const request: FoldRequest = {
    kind: 'fold',
    jobId: 'polyfold.warm-up',
    job,
    input: { kind: 'items', items: [] },
  };
  await Promise.all(Array.from({ length: threads }, () => pool.request(request)));
}
