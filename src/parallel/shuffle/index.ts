/**
 * The keyed shuffle behind `output: { dir, partitions }`: map tasks split partial tables by
 * `partitionOf(key, P)` into sorted files, reduce tasks merge them per partition in chunk
 * order, a job commit writes `_SUCCESS`. Internal building blocks for the executors; the
 * public surface is `readOutput`, `readManifest`, `shuffleLocal` and the types.
 */
export { foldName, type KeyedOps, keyedOps, type Table } from './keyed.js';
export { shuffleLocal } from './local.js';
export {
  DEFAULT_SPILL_ENTRIES,
  type MapTaskOptions,
  type MapTaskOutput,
  type MapTaskResult,
  MapTaskWriter,
  runMapTask,
} from './map-task.js';
export {
  type CheckedOutput,
  checkOutputOptions,
  checkWritable,
  commitOutput,
  type OutputManifest,
  type OutputOptions,
  type PreparedOutput,
  prepareOutput,
} from './output.js';
export { readManifest, readOutput } from './read-output.js';
export { type OutputPartition, type ReduceTaskOptions, runReduceTask } from './reduce-task.js';
