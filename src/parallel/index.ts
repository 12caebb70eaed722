/**
 * `polyfold/parallel`: the same job on a worker-thread pool — tasks addressed by module URL,
 * a `multiprocessing.Pool`-style pool, automatic chunking, streaming and failure handling.
 *
 * @packageDocumentation
 */

export type { Placement } from './engine/execute.js';
export {
  AbortedError,
  CorruptOutputError,
  InputChangedError,
  InputNotFoundError,
  NestedPoolError,
  NotKeyedFoldError,
  OutputExistsError,
  OutputIncompleteError,
  OutputNotWritableError,
  TaskFailedError,
  TaskNotFoundError,
  UncloneableValueError,
  UnshippableError,
  WorkerFileNotFoundError,
  WorkerOutOfMemoryError,
  WorkerStartError,
} from './errors.js';
export type { WorkerResourceLimits } from './limits.js';
export { defaultResourceLimits } from './limits.js';
// `polyfold/parallel` alone is enough to run jobs (DESIGN: parallel re-exports run and local):
// the functional layer's, which here can also write a partitioned output.
export { local, run } from './local.js';
export type { ChunkPlan, MapOptions, Pool, PoolFoldOptions, PoolOptions, Task } from './pool.js';
export { createPool } from './pool.js';
export type { ShippedJob } from './ship.js';
export { taskFold } from './ship.js';
export type { OutputManifest, OutputOptions, OutputPartition } from './shuffle/index.js';
export { readManifest, readOutput, shuffleLocal } from './shuffle/index.js';
export type { TaskAddress } from './tasks.js';
export { addressOf, defineTasks } from './tasks.js';
export type { ByteRange, FileStamp, TextFileOptions, TextFiles } from './text-file.js';
export { isTextFiles, textFile, textFiles } from './text-file.js';
export type { ParallelProgress, ThreadsExecutor, ThreadsOptions } from './threads.js';
export { threads } from './threads.js';
