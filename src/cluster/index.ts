/**
 * `polyfold/cluster`: the same job on many machines — the `cluster()` executor and the
 * `startWorker()` worker, on BullMQ and Redis.
 *
 * `bullmq` and `ioredis` are optional peer dependencies, loaded on first use: importing this
 * module never fails; starting a run or a worker without them rejects with
 * `MissingDependencyError` saying what to install.
 *
 * @packageDocumentation
 */

export type { ClusterExecutor, ClusterOptions, ClusterProgress } from './cluster.js';
export { cluster } from './cluster.js';
export type { ClusterConnection, RedisConnectionOptions } from './connection.js';
export { redactUrl } from './connection.js';
export {
  HeartbeatLostError,
  MalformedMessageError,
  MissingDependencyError,
  ModuleNotAllowedError,
  NoWorkersError,
  PathNotAllowedError,
  RedisUnavailableError,
  TaskModuleLoadError,
  TaskModuleMismatchError,
  UnsendableValueError,
} from './errors.js';
export type { ClusterWorker, WorkerOptions } from './worker.js';
export { startWorker } from './worker.js';
