/**
 * `polyfold/functional`: function utilities, lazy data-last combinators that double as fused
 * pipeline stages, Folds (parallel-safe reductions), pipelines and jobs, and `run` with the
 * `local()` executor.
 *
 * @packageDocumentation
 */

export {
  type DiffOptions,
  diff,
  type JoinKey,
  type JoinOptions,
  join,
} from './combinators/join.js';
export {
  type Combined,
  concat,
  type Elements,
  interleave,
  mergeSorted,
  zip,
  zipLongest,
} from './combinators/merge.js';
export { max, min, type SortOptions, sortBy, sorted, topK } from './combinators/order.js';
export { isDistinct, peek, peekN } from './combinators/peek.js';
// Reductions.
export {
  count,
  countBy,
  first,
  frequencies,
  groupBy,
  last,
  nth,
  partition,
  reduceBy,
} from './combinators/reduce.js';
export { drop, dropWhile, take, takeNth, takeWhile } from './combinators/slice.js';
// Sources.
export { cycle, iterate, range, repeat } from './combinators/sources.js';
// Stages (itertoolz): lazy, data-last, usable in pipelines.
export {
  enumerate,
  filter,
  flatMap,
  map,
  type Plucked,
  type PluckStage,
  pluck,
  remove,
  scan,
  tap,
} from './combinators/transform.js';
export { chunk, dedupe, interpose, pairwise, unique, window } from './combinators/window.js';
export { CHUNKS, type ChunkedAsyncIterable, checkIteratorResult } from './core/iterables.js';
export type { StageDescriptor, StageKind } from './core/stage.js';
// Errors.
export {
  AsyncSourceError,
  BadIteratorError,
  InvalidArgumentError,
  InvalidElementError,
  NotIterableError,
  UnknownKindError,
  UnsplittableJobError,
} from './errors.js';
export { type ErrorClass, excepts } from './excepts.js';
// Folds.
export {
  type AnyFold,
  type Fold,
  type FoldInput,
  type FoldResult,
  type FoldSpec,
  fold,
  isFold,
} from './fold.js';
/**
 * The built-in folds: `folds.sum()`, `folds.frequencies()`, `folds.topK(10)`… Each obeys the
 * Fold laws and carries a `spec` so executors can rebuild it in a worker.
 */
export * as folds from './folds/index.js';
export { fsum } from './folds/numeric.js';
export { reviveFold } from './folds/revive.js';
// Function utilities (toolz functoolz).
export {
  type Curried,
  complement,
  compose,
  constant,
  curry,
  flip,
  flow,
  identity,
  juxt,
  once,
  partial,
  pipe,
} from './function.js';
export { type LocalOptions, local } from './local.js';
export { type Memoized, type MemoizeOptions, memoize } from './memoize.js';
export type { OutputManifest, OutputOptions, OutputPartition } from './output.js';
// Pipelines, jobs and executors.
export {
  type EmptyPipeline,
  isJob,
  type Job,
  type JobRun,
  type JobSpec,
  type Pipeline,
  pipeline,
  reviveJob,
} from './pipeline.js';
export { reviveStage } from './revive.js';
export {
  chunked,
  type ExecuteOptions,
  type Executor,
  type Progress,
  type RunOptions,
  run,
  type Source,
} from './run.js';
// Types shared by the combinators.
export type {
  AnyIterable,
  ChunkStage,
  ElementOf,
  EnumerateStage,
  Lifted,
  PairwiseStage,
  Result,
  SameStage,
  Stage,
  StageBase,
  StageOn,
  StageTypes,
  WidenStage,
} from './types.js';
