/**
 * The worker threads under every pool: piscina, started lazily, with the failures it reports
 * in ways no task promise sees (a worker file that does not load, a reply for an aborted
 * task) turned into prompt, coded errors. `createPool` and `threads()` build on it; a request
 * resolves to the worker's value or rejects with `RemoteTaskError` (the task's own failure,
 * final) or anything else (the worker was lost: the engine may retry).
 */

import { pathToFileURL } from 'node:url';
import { isMainThread, type TransferListItem, workerData } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { PolyfoldError } from '../errors/index.js';
import { findUncloneable } from './cloneable.js';
import { RemoteTaskError } from './engine/schedule.js';
import {
  NestedPoolError,
  TaskNotFoundError,
  UncloneableValueError,
  WorkerOutOfMemoryError,
  WorkerStartError,
} from './errors.js';
import type { WorkerFailure, WorkerReply, WorkerRequest } from './protocol.js';
import { errorOf } from './protocol.js';
import type { TaskAddress } from './tasks.js';
import { ownUrl, workerFile } from './worker-file.js';

/** Worker threads that answer requests: what executors need of a pool. */
export interface Workers {
  readonly workers: number;
  /**
   * Sends one request to a worker (`transferList`: ports and buffers moved, not copied).
   * @internal for executors in this package.
   */
  readonly request: (
    request: WorkerRequest,
    signal?: AbortSignal,
    transferList?: readonly TransferListItem[],
  ) => Promise<unknown>;
  /** Stops the workers once running tasks finish. */
  close(): Promise<void>;
}

/** What starting workers needs (checked by the caller). */
export interface WorkersOptions {
  readonly workers: number;
  readonly idleTimeout: number;
  readonly resourceLimits: ReturnType<typeof import('./limits.js').resourceLimitsOf>;
  readonly workerFile?: string | URL | undefined;
}

/**
 * Starts `workers` threads (lazily: piscina starts them on the first requests).
 *
 * @example
 * ```ts
 * // internal: createPool() and threads() call it
 * ```
 */
export function startWorkers(options: WorkersOptions): Workers {
  const { workers, idleTimeout, resourceLimits } = options;
  // A worker that imports the app itself would start pools inside pools without end.
  if (!isMainThread && (workerData as { polyfold?: unknown } | null)?.polyfold === POOL_WORKER) {
    throw new NestedPoolError();
  }
  const piscina = new Piscina({
    filename: workerFile(options.workerFile),
    minThreads: 0,
    maxThreads: workers,
    idleTimeout,
    resourceLimits,
    workerData: { polyfold: POOL_WORKER },
  });
  const startup = startupWatch(piscina);
  let closed = false;

  const request = async (
    req: WorkerRequest,
    signal?: AbortSignal,
    transferList?: readonly TransferListItem[],
  ): Promise<unknown> => {
    if (closed) {
      throw new PolyfoldError(
        'ERR_POOL_CLOSED',
        'the pool is closed: create a new one with createPool()',
      );
    }
    startup.check();
    refuseAppAsTaskModule(req);
    let reply: WorkerReply;
    try {
      reply = (await startup.run(req, signal, transferList)) as WorkerReply;
    } catch (error) {
      // Out of memory is the chunk's doing, not a crash: it would fail again, so not retried.
      if ((error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw new RemoteTaskError(
          new WorkerOutOfMemoryError(resourceLimits.maxOldGenerationSizeMb, error),
        );
      }
      // The request itself could not be posted: sending it again cannot help.
      if ((error as { name?: unknown } | null)?.name === 'DataCloneError') {
        throw new RemoteTaskError(unsendable(req, error as Error));
      }
      throw error;
    }
    if (!reply.ok) throw new RemoteTaskError(errorOf(withEntryScriptHint(reply.failure)));
    return reply.value;
  };

  return {
    workers,
    request,
    async close() {
      if (closed) return;
      closed = true;
      await piscina.close();
    },
  };
}

/** Which part of a request structured clone refused, as the error a caller can act on. */
function unsendable(req: WorkerRequest, error: Error): Error {
  const parts: Array<[string, unknown]> = [['the context', req.context]];
  if (req.kind === 'map') parts.unshift(["the chunk's items", req.items]);
  else if (req.kind === 'fold' && req.input.kind === 'items') {
    parts.unshift(["the chunk's items", req.input.items]);
  }
  for (const [what, value] of parts) {
    const bad = findUncloneable(value);
    if (bad !== undefined) return new UncloneableValueError(what, bad.path, bad.value, true);
  }
  return error;
}

/** Marks piscina's workers as polyfold's (workerData), so a pool inside one is recognised. */
const POOL_WORKER = 'pool-worker/v1';

/**
 * Turns a failure to start workers into one prompt WorkerStartError. Piscina gives up on a
 * pool whose first worker dies while loading (its worker file missing, the entry failing to
 * import) and reports it only as an 'error' event, leaving queued tasks pending with nothing
 * keeping the process alive: the run's promise would never settle and the process would exit
 * 0 in silence. A worker that ever became ready proves the files load; after that, failures
 * are the scheduler's to retry.
 */
function startupWatch(piscina: Piscina) {
  let started = false;
  let failure: WorkerStartError | undefined;
  const pending = new Set<(error: Error) => void>();
  const fail = (cause: unknown): WorkerStartError => {
    failure ??= cause instanceof WorkerStartError ? cause : new WorkerStartError(cause);
    for (const reject of pending) reject(failure);
    pending.clear();
    return failure;
  };
  piscina.on('workerCreate', () => {
    started = true;
  });
  // Besides startup failures, piscina reports here what no task promise can: chiefly a reply
  // for a task aborted a moment earlier. Without a listener they would crash the process.
  piscina.on('error', (error: unknown) => {
    if (!started) fail(error);
  });
  return {
    check(): void {
      if (failure) throw failure;
    },
    run(
      req: WorkerRequest,
      signal?: AbortSignal,
      transferList?: readonly TransferListItem[],
    ): Promise<unknown> {
      // A controller of its own: when piscina throws while queueing (its worker file not
      // found), the task it registered on the signal must not reject, unhandled, on abort.
      const own = new AbortController();
      const forward = (): void => own.abort(signal?.reason);
      if (signal?.aborted) forward();
      else signal?.addEventListener('abort', forward, { once: true });
      return new Promise((resolve, reject) => {
        pending.add(reject);
        const settle = (): void => {
          pending.delete(reject);
          signal?.removeEventListener('abort', forward);
        };
        let task: Promise<unknown>;
        try {
          task = piscina.run(req, {
            signal: own.signal,
            ...(transferList ? { transferList: transferList as never } : {}),
          });
        } catch (error) {
          task = Promise.reject(error);
        }
        task.then(
          (value) => {
            settle();
            resolve(value);
          },
          (error: unknown) => {
            settle();
            const aborted = signal?.aborted || (error as { name?: unknown }).name === 'AbortError';
            reject(started || aborted ? error : fail(error));
          },
        );
      });
    },
  };
}

/**
 * Refuses, before anything is sent, a task whose module is the very file polyfold runs from:
 * an app bundled with its tasks. A worker importing it would run the whole app again.
 */
const checkedJobs = new WeakSet<object>();

function refuseAppAsTaskModule(req: WorkerRequest): void {
  const here = ownUrl();
  if (here === undefined) return;
  // Every chunk of a run carries the same shipped job: look at it once.
  if (req.kind !== 'map' && checkedJobs.has(req.job)) return;
  for (const task of req.kind === 'map' ? [req.task] : tasksOf(req.job)) {
    if (task.module === here) {
      throw new TaskNotFoundError(
        task.module,
        task.name,
        'that module is the bundle polyfold itself runs from: this looks like a bundled app whose task ' +
          'modules were bundled into it, and a worker importing it would run the whole app again. Make every ' +
          'module that calls defineTasks its own entry point of the bundle and keep it out of the app bundle ' +
          '(see docs/bundling.md)',
      );
    }
  }
  if (req.kind !== 'map') checkedJobs.add(req.job);
}

/** Task addresses inside a shipped job (functions travel as `{ $task: { module, name } }`). */
function tasksOf(value: unknown, out: TaskAddress[] = []): TaskAddress[] {
  if (Array.isArray(value)) for (const v of value) tasksOf(v, out);
  else if (typeof value === 'object' && value !== null) {
    const ref = (value as { $task?: TaskAddress }).$task;
    if (ref !== undefined) out.push(ref);
    else for (const v of Object.values(value)) tasksOf(v, out);
  }
  return out;
}

/**
 * A worker that could not load a task from the program's entry script has, most often,
 * imported an app bundle that took its task modules in (and ran the app again): say so.
 * Only this thread knows the entry script; a worker's argv names piscina's worker file.
 */
function withEntryScriptHint(failure: WorkerFailure): WorkerFailure {
  const main = process.argv[1];
  if (failure.code !== 'ERR_TASK_NOT_FOUND' || main === undefined) return failure;
  if (!failure.message.includes(` from ${pathToFileURL(main).href}:`)) return failure;
  if (failure.message.includes('docs/bundling.md')) return failure;
  return {
    ...failure,
    message:
      `${failure.message} That module is the program's entry script: if this is a bundled app, make every ` +
      'module that calls defineTasks its own entry point of the bundle, kept out of the app bundle (see ' +
      'docs/bundling.md).',
  };
}
