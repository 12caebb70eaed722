/**
 * Building blocks the cluster executor shares with the threads executor. Not part of the
 * public API (not in package.json `exports`); a second entry so `src/cluster` can import
 * them without reaching into this layer's files.
 *
 * @internal
 * @packageDocumentation
 */
export type { ChunkPlan, PlanInput, Sizer } from './chunking.js';
export { planChunks, sizer } from './chunking.js';
export { loadTask } from './loader.js';
export type {
  FoldReply,
  FoldRequest,
  WorkerFailure,
  WorkerReply,
  WorkerRequest,
} from './protocol.js';
export { errorOf, failureOf } from './protocol.js';
export type { Chunk, Outcome, ScheduleOptions } from './scheduler.js';
export { RemoteTaskError, schedule } from './scheduler.js';
export type { ShippedJob } from './ship.js';
export { decodeJob, encodeJob, shippedModules } from './ship.js';
export type { Source } from './source.js';
export { batches, chunked, isAsyncIterable, isIterable, jobLabel, peek } from './source.js';
export { normaliseModuleUrl } from './tasks.js';
export { readRange, splitInput, splitsOf } from './text-file.js';
export { foldChunk } from './worker.js';
