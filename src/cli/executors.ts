/**
 * The executor behind `--executor`, and the cluster layer, which is loaded only when asked
 * for: it needs the optional peer dependency `bullmq` and a Redis server.
 */
import type * as ClusterApi from '../cluster/index.js';
import type { Executor } from '../functional/index.js';
import { local } from '../functional/index.js';
import { threads } from '../parallel/index.js';
import type { ExecutorKind } from './args.js';
import { CliError, firstLine } from './errors.js';

/**
 * The part of `polyfold/cluster` the CLI uses. A type-only import: it is erased, so the CLI
 * still loads when the cluster layer (or bullmq) is absent.
 */
export type ClusterModule = Pick<typeof ClusterApi, 'cluster' | 'startWorker'>;

// A variable, not a literal: the cluster layer is optional, and the CLI must build and run
// without it. The path is the same from src/cli and from dist/cli.
const CLUSTER_MODULE = '../cluster/index.js';

/**
 * Imports the cluster layer, or explains why it cannot be used.
 *
 * @example
 * ```ts
 * const { startWorker } = await loadCluster();
 * ```
 */
export async function loadCluster(
  hint = 'use --executor local or threads meanwhile',
): Promise<ClusterModule> {
  let mod: Partial<ClusterModule>;
  try {
    mod = (await import(CLUSTER_MODULE)) as Partial<ClusterModule>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = firstLine(error);
    const missing =
      code === 'ERR_MODULE_NOT_FOUND' && /bullmq|ioredis/.test(message)
        ? 'its peer dependency is missing: run npm i bullmq'
        : code === 'ERR_MODULE_NOT_FOUND'
          ? 'this build of polyfold has no cluster layer (polyfold/cluster)'
          : `it failed to load: ${message}`;
    throw new CliError(
      'ERR_CLI_CLUSTER_UNAVAILABLE',
      `the cluster layer is not available: ${missing}; ${hint}`,
      CLUSTER_MODULE,
      { cause: error },
    );
  }
  if (typeof mod.cluster !== 'function' || typeof mod.startWorker !== 'function') {
    throw new CliError(
      'ERR_CLI_CLUSTER_UNAVAILABLE',
      'the cluster layer is not available: polyfold/cluster does not export cluster() and startWorker(); reinstall polyfold',
      CLUSTER_MODULE,
    );
  }
  return mod as ClusterModule;
}

/** An executor and how to release it (threads and cluster hold workers or connections). */
export interface OpenExecutor {
  readonly executor: Executor;
  /** True when the executor reads `textFiles` byte ranges itself (in its workers). */
  readonly readsRanges: boolean;
  close(): Promise<void>;
}

/** Options of {@link openExecutor}. */
export interface ExecutorChoice {
  readonly kind: ExecutorKind;
  readonly workers?: number;
  readonly redis: string;
  readonly queue: string;
  /** BullMQ key prefix for the cluster executor (default: the library's, `'bull'`). */
  readonly prefix?: string;
  /** ms a cluster run waits with no worker on its queue (0: forever; default: the library's). */
  readonly workerTimeout?: number;
  /** ms Redis may take to answer before a cluster run fails (default: the library's). */
  readonly redisTimeout?: number;
}

/**
 * Makes the executor `--executor` names.
 *
 * @example
 * ```ts
 * const { executor, close } = await openExecutor({ kind: 'threads', workers: 2, redis, queue });
 * try { await run(job, source, { executor }); } finally { await close(); }
 * ```
 */
export async function openExecutor(choice: ExecutorChoice): Promise<OpenExecutor> {
  switch (choice.kind) {
    case 'local':
      return { executor: local(), readsRanges: false, close: async () => {} };
    case 'threads': {
      const executor = threads(choice.workers === undefined ? {} : { workers: choice.workers });
      return { executor, readsRanges: true, close: () => executor.close() };
    }
    case 'cluster': {
      const { cluster } = await loadCluster();
      const executor = cluster({
        connection: choice.redis,
        queue: choice.queue,
        ...(choice.prefix === undefined ? {} : { prefix: choice.prefix }),
        ...(choice.workerTimeout === undefined ? {} : { workerTimeout: choice.workerTimeout }),
        ...(choice.redisTimeout === undefined ? {} : { redisTimeout: choice.redisTimeout }),
      });
      return { executor, readsRanges: true, close: () => executor.close() };
    }
  }
}
