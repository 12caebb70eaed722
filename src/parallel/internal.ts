/**
 * Building blocks the cluster executor shares with the threads executor: the engine and the
 * worker-side pieces a cluster worker runs. Not part of the public API (not in package.json
 * `exports`); a second entry so `src/cluster` can import them without reaching into this
 * layer's files.
 *
 * @internal
 * @packageDocumentation
 */

export { isCount } from './check.js';
export type { EngineProgress, EngineSpec, Learned, Placement } from './engine/execute.js';
export { checkSource, execute } from './engine/execute.js';
export type { ChunkInput, EngineChunk } from './engine/input.js';
export { bytesOf } from './engine/input.js';
export { RemoteTaskError } from './engine/schedule.js';
export type { ChunkResult, Sequence, SequenceStep, Transport } from './engine/transport.js';
export { loadTask } from './loader.js';
export type {
  FoldReply,
  FoldRequest,
  MapTaskReply,
  MapTaskSpec,
  SequenceMessage,
  WorkerFailure,
  WorkerReply,
  WorkerRequest,
} from './protocol.js';
export { errorOf, failureOf } from './protocol.js';
export { openSequence } from './sequence.js';
export type { ShippedJob } from './ship.js';
export { decodeJob, encodeJob, shippedModules } from './ship.js';
export { checkWritable } from './shuffle/output.js';
export type { Source } from './source.js';
export { isAsyncIterable, isIterable, jobLabel } from './source.js';
export { normaliseModuleUrl } from './tasks.js';
export { readRange, readSplit } from './text-file.js';
export { foldChunk } from './worker.js';
export type { Workers } from './workers.js';
export { startWorkers } from './workers.js';
