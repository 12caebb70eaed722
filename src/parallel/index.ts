/**
 * `polyfold/parallel`: the same job on a worker-thread pool — tasks addressed by module URL,
 * a `multiprocessing.Pool`-style pool, automatic chunking, streaming and failure handling.
 *
 * @packageDocumentation
 */

export type { ChunkPlan } from './chunking.js';
export { planChunks } from './chunking.js';
export { AbortedError, TaskFailedError, TaskNotFoundError, UnshippableError } from './errors.js';
export type { MapOptions, Pool, PoolOptions, Task } from './pool.js';
export { createPool } from './pool.js';
export type { TaskAddress } from './tasks.js';
export { addressOf, defineTasks } from './tasks.js';
