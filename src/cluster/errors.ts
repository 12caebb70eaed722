/**
 * Errors of the cluster layer. Each has a stable `code`, names the offending value (a Redis
 * address is always shown redacted: no password ever reaches a message) and says how to fix
 * the problem. Failures of a chunk reach the caller as the parallel layer's
 * `TaskFailedError`, with the worker's error (name, code, stack) as its `cause`.
 */

/**
 * Redis could not be reached in time: when a run or a worker starts, or in the middle of a
 * run. Raised after a bounded wait (`redisTimeout`, `connectTimeout`), never a hang.
 *
 * @example
 * ```ts
 * import { RedisUnavailableError } from 'polyfold/cluster';
 * const e = new RedisUnavailableError('redis://:***@db:6379', 2000, 'connect ECONNREFUSED');
 * e.code; // 'ERR_REDIS_UNAVAILABLE'
 * e.connection; // 'redis://:***@db:6379'
 * ```
 */
import { PolyfoldError } from '../errors/index.js';
export class RedisUnavailableError extends PolyfoldError<'ERR_REDIS_UNAVAILABLE'> {
  /** Where polyfold tried to connect, with any password replaced by `***`. */
  readonly connection: string;
  /** How long it waited, in milliseconds. */
  readonly timeoutMs: number;
  /** True when Redis refused the connection (nothing listens there): failed at once. */
  readonly refused: boolean;

  /**
   * `condition`: `'timeout'` (no answer in time), `'refused'` (failed at once: nothing
   * listens there) or `'lost'` (a worker lost its connection and keeps reconnecting).
   */
  constructor(
    connection: string,
    timeoutMs: number,
    lastError?: string,
    during?: string,
    condition: 'timeout' | 'refused' | 'lost' = 'timeout',
  ) {
    const what =
      condition === 'refused'
        ? 'the connection was refused'
        : condition === 'lost'
          ? 'the connection was lost; reconnecting with backoff'
          : `no answer within ${timeoutMs} ms`;
    super(
      'ERR_REDIS_UNAVAILABLE',
      `${during ?? 'cannot reach Redis'} at ${connection}: ${what}` +
        `${lastError ? ` (last error: ${lastError})` : ''}. ` +
        'Check that Redis is running and reachable from this machine and that the address, ' +
        'password and TLS settings in `connection` are right; raise `redisTimeout` ' +
        '(`connectTimeout` for workers) on a slow network.',
    );
    this.name = 'RedisUnavailableError';
    this.connection = connection;
    this.timeoutMs = timeoutMs;
    this.refused = condition === 'refused';
  }
}

/**
 * A run's heartbeat key vanished while its coordinator was still waiting: the coordinator
 * could not refresh it within `heartbeat` ms (its event loop was blocked that long, or Redis
 * lost the key), so workers took the run for abandoned and removed it.
 *
 * @example
 * ```ts
 * import { HeartbeatLostError } from 'polyfold/cluster';
 * const e = new HeartbeatLostError('4f0c…', 30_000);
 * e.code; // 'ERR_HEARTBEAT_LOST'
 * ```
 */
export class HeartbeatLostError extends PolyfoldError<'ERR_HEARTBEAT_LOST'> {
  /** The run whose heartbeat was lost. */
  readonly runId: string;
  /** The heartbeat's lifetime, in milliseconds. */
  readonly heartbeatMs: number;

  constructor(runId: string, heartbeatMs: number) {
    super(
      'ERR_HEARTBEAT_LOST',
      `run ${runId} lost its heartbeat: its key in Redis was not refreshed within ${heartbeatMs} ms, ` +
        "so workers took the run for abandoned and removed it. Keep the coordinator's event loop " +
        'free (no long synchronous work while a run is in progress) or raise `heartbeat`.',
    );
    this.name = 'HeartbeatLostError';
    this.runId = runId;
    this.heartbeatMs = heartbeatMs;
  }
}

/**
 * A worker refused a chunk because its copy of a task module is not the coordinator's: the
 * sha256 of the file's bytes differs (two builds deployed at the same path). Sent back as the
 * `cause` of the run's `TaskFailedError`; not retried — another attempt would meet the same
 * file.
 *
 * @example
 * ```ts
 * import { TaskModuleMismatchError } from 'polyfold/cluster';
 * const e = new TaskModuleMismatchError('file:///app/tasks.js', 'ab12…', 'cd34…');
 * e.code; // 'ERR_TASK_MODULE_MISMATCH'
 * ```
 */
export class TaskModuleMismatchError extends PolyfoldError<'ERR_TASK_MODULE_MISMATCH'> {
  /** The task module's URL. */
  readonly module: string;
  /** sha256 of the module's source on the coordinator. */
  readonly coordinatorDigest: string;
  /** sha256 of the module's source this worker loaded. */
  readonly workerDigest: string;

  constructor(module: string, coordinatorDigest: string, workerDigest: string) {
    super(
      'ERR_TASK_MODULE_MISMATCH',
      `the task module ${module} is not the same on the coordinator (sha256 ${coordinatorDigest}) ` +
        `and on this worker (sha256 ${workerDigest}): two versions of it are deployed. Nothing ` +
        'was run. Deploy one build of the task modules everywhere and restart the workers ' +
        'after a deploy (a worker digests its modules when it starts).',
    );
    this.name = 'TaskModuleMismatchError';
    this.module = module;
    this.coordinatorDigest = coordinatorDigest;
    this.workerDigest = workerDigest;
  }
}

/**
 * An optional peer dependency of `polyfold/cluster` (`bullmq`, `ioredis`) is not installed.
 * `polyfold/cluster` itself loads without them; this is raised when a run or a worker starts.
 *
 * @example
 * ```ts
 * import { MissingDependencyError } from 'polyfold/cluster';
 * new MissingDependencyError('bullmq').message; // '… npm install bullmq ioredis …'
 * ```
 */
export class MissingDependencyError extends PolyfoldError<'ERR_MISSING_DEPENDENCY'> {
  /** The package that could not be loaded. */
  readonly dependency: string;

  constructor(dependency: string, cause?: unknown) {
    super(
      'ERR_MISSING_DEPENDENCY',
      `polyfold/cluster needs the optional peer dependency "${dependency}", which could not be loaded. ` +
        'Install it next to polyfold: npm install bullmq ioredis',
      undefined,
      { cause },
    );
    this.name = 'MissingDependencyError';
    this.dependency = dependency;
  }
}

/**
 * A worker refused a job that names a task module it was not started with. Raised on the
 * worker and sent back to the coordinator, where it is the `cause` of the run's
 * `TaskFailedError`: whoever can write to Redis still cannot make a worker import a module.
 *
 * @example
 * ```ts
 * import { ModuleNotAllowedError } from 'polyfold/cluster';
 * const e = new ModuleNotAllowedError('file:///tmp/evil.js', ['file:///app/tasks.js']);
 * e.code; // 'ERR_MODULE_NOT_ALLOWED'
 * ```
 */
export class ModuleNotAllowedError extends PolyfoldError<'ERR_MODULE_NOT_ALLOWED'> {
  /** The module the job named. */
  readonly module: string;
  /** The modules the worker was started with. */
  readonly allowed: readonly string[];

  constructor(module: string, allowed: readonly string[]) {
    super(
      'ERR_MODULE_NOT_ALLOWED',
      `this worker refuses a job that names the task module ${module}: it is not one of the ` +
        `modules the worker was started with (${allowed.join(', ') || 'none'}). Nothing was imported. ` +
        'Deploy the same task modules on every worker and start them with ' +
        '`polyfold worker --tasks <module>…` (startWorker({ tasks })) listing this module.',
    );
    this.name = 'ModuleNotAllowedError';
    this.module = module;
    this.allowed = allowed;
  }
}

/**
 * A worker started with data roots refused a byte range of a file outside them. Raised on the
 * worker before anything is read, logged there, and sent back to the coordinator as the
 * `cause` of the run's `TaskFailedError`.
 *
 * @example
 * ```ts
 * import { PathNotAllowedError } from 'polyfold/cluster';
 * const e = new PathNotAllowedError('/etc/passwd', ['/data']);
 * e.code; // 'ERR_PATH_NOT_ALLOWED'
 * ```
 */
export class PathNotAllowedError extends PolyfoldError<'ERR_PATH_NOT_ALLOWED'> {
  /** The file the chunk named. */
  readonly path: string;
  /** The directories the worker may read under. */
  readonly roots: readonly string[];

  constructor(path: string, roots: readonly string[]) {
    super(
      'ERR_PATH_NOT_ALLOWED',
      `this worker refuses to read ${JSON.stringify(path)}: the file is not under this worker's ` +
        `data roots (${roots.join(', ')}). Nothing was read. Put the input under one of them, or ` +
        'start the workers with `polyfold worker --data-root <dir>` (startWorker({ dataRoots })) ' +
        'naming its directory.',
    );
    this.name = 'PathNotAllowedError';
    this.path = path;
    this.roots = roots;
  }
}

// Defined beside the codec (the wire and partition files share it) and re-exported here,
// their public home, so `import { … } from './errors.js'` keeps working across the cluster.
export { MalformedMessageError, UnsendableValueError } from '../functional/internal.js';

/**
 * A task module given to `startWorker` (`polyfold worker --tasks`) exists but does not load
 * (a syntax error, a missing import). Raised when the worker starts, not on every job.
 *
 * @example
 * ```ts
 * import { TaskModuleLoadError } from 'polyfold/cluster';
 * new TaskModuleLoadError('file:///app/tasks.js', new SyntaxError('x')).code; // 'ERR_TASK_MODULE_LOAD'
 * ```
 */
export class TaskModuleLoadError extends PolyfoldError<'ERR_TASK_MODULE_LOAD'> {
  /** The module's file URL. */
  readonly module: string;

  constructor(module: string, cause: unknown) {
    super(
      'ERR_TASK_MODULE_LOAD',
      `the task module ${module} does not load: ${(cause as Error)?.message ?? String(cause)}. ` +
        'Fix the module (or the path given in --tasks): every job using it would fail.',
      undefined,
      { cause },
    );
    this.name = 'TaskModuleLoadError';
    this.module = module;
  }
}

/**
 * A run waited `workerTimeout` ms with chunks pending and no worker connected to its queue:
 * nobody would ever fold them. Raised instead of waiting forever; the run's jobs are removed.
 *
 * @example
 * ```ts
 * import { NoWorkersError } from 'polyfold/cluster';
 * const e = new NoWorkersError('wordcount', 'redis://:***@db:6379', 30_000);
 * e.code; // 'ERR_NO_WORKERS'
 * e.queue; // 'wordcount'
 * ```
 */
export class NoWorkersError extends PolyfoldError<'ERR_NO_WORKERS'> {
  /** The queue nobody listens on. */
  readonly queue: string;
  /** How long the run waited for a worker, in milliseconds. */
  readonly waitedMs: number;

  constructor(queue: string, connection: string, waitedMs: number) {
    super(
      'ERR_NO_WORKERS',
      `no worker is listening on the queue "${queue}" at ${connection}: the run's chunks waited ` +
        `${waitedMs} ms. Start one with \`polyfold worker --redis <url> --queue ${queue} ` +
        '--tasks <module>…` (or startWorker) with the same `prefix`, or raise `workerTimeout` ' +
        '(0 waits forever) if workers come up later.',
    );
    this.name = 'NoWorkersError';
    this.queue = queue;
    this.waitedMs = waitedMs;
  }
}
