/**
 * The optional peer dependencies, loaded on first use. `polyfold/cluster` imports without
 * `bullmq` and `ioredis` installed (so `import * as polyfold` or a type-only import never
 * fails); the first run or worker that needs them loads them, or rejects with
 * MissingDependencyError saying what to install.
 */
import type * as BullMQ from 'bullmq';
import type { Redis } from 'ioredis';
import { MissingDependencyError } from './errors.js';

/** The pieces of the peer dependencies the cluster layer uses. */
export interface Peers {
  readonly bullmq: typeof BullMQ;
  readonly Redis: typeof Redis;
}

let loaded: Promise<Peers> | undefined;

/** Loads `bullmq` and `ioredis` once per process. */
export function loadPeers(): Promise<Peers> {
  loaded ??= (async () => {
    const bullmq = (await importPeer('bullmq', () => import('bullmq'))) as typeof BullMQ;
    const ioredis = (await importPeer('ioredis', () => import('ioredis'))) as {
      Redis?: typeof Redis;
      default?: typeof Redis | { Redis?: typeof Redis };
    };
    // ioredis is CommonJS: the constructor is `Redis`, or `default` (itself or its `.Redis`).
    const ctor =
      ioredis.Redis ??
      (typeof ioredis.default === 'function' ? ioredis.default : ioredis.default?.Redis);
    if (typeof ctor !== 'function') {
      throw new MissingDependencyError('ioredis', new Error('the module has no Redis class'));
    }
    return { bullmq, Redis: ctor };
  })();
  // A failed load (not installed yet) may succeed later in a long-lived process.
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

/** Imports a peer, turning "not installed" into MissingDependencyError. */
export async function importPeer<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new MissingDependencyError(name, error);
    }
    throw error;
  }
}
