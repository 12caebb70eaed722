/**
 * Loading task modules inside a worker (thread or cluster process).
 *
 * TypeScript task modules: Node 20 ignores loader hooks registered inside a worker thread
 * before 22.2, so `--import tsx` does not help there; `tsImport()` from `tsx/esm/api` does.
 * It is used only when a native import of a `.ts` module fails, so Node ≥ 22.18 (which
 * strips types itself) and plain JavaScript never need tsx.
 */
import { PolyfoldError } from '../errors/index.js';
import { TaskNotFoundError } from './errors.js';
import type { TaskAddress } from './tasks.js';
import { addressOf } from './tasks.js';

const modules = new Map<string, Promise<Record<string, unknown>>>();
const TS_EXTENSION = /\.(?:[cm]?ts|tsx)$/;

async function importModule(url: string): Promise<Record<string, unknown>> {
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (!TS_EXTENSION.test(new URL(url).pathname) || code !== 'ERR_UNKNOWN_FILE_EXTENSION')
      throw error;
    let tsx: { tsImport(specifier: string, parent: string): Promise<unknown> };
    try {
      tsx = (await import('tsx/esm/api')) as typeof tsx;
    } catch {
      throw new PolyfoldError(
        'ERR_TS_MODULE_IN_WORKER',
        `${url} is TypeScript and this Node cannot import it in a worker: install tsx (npm i -D tsx), use Node ≥ 22.18, or build the module to JavaScript`,
      );
    }
    return (await tsx.tsImport(url, url)) as Record<string, unknown>;
  }
}

/** Imports a module once per worker. */
export function loadModule(url: string): Promise<Record<string, unknown>> {
  let pending = modules.get(url);
  if (pending === undefined) {
    pending = importModule(url);
    modules.set(url, pending);
    // A failed import may succeed later (a file fixed on disk): do not cache the failure.
    pending.catch(() => modules.delete(url));
  }
  return pending;
}

/**
 * Finds a task by address. Only functions the module itself declared with `defineTasks`
 * under that name are returned, so a message cannot call an arbitrary export.
 */
export async function loadTask(address: TaskAddress): Promise<(...args: unknown[]) => unknown> {
  let mod: Record<string, unknown>;
  try {
    mod = await loadModule(address.module);
  } catch (error) {
    throw new TaskNotFoundError(
      address.module,
      address.name,
      `the module failed to load: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  // A CommonJS module whose exports Node cannot detect statically (`module.exports =
  // defineTasks(...)`) shows them only under `default`.
  const fn =
    mod[address.name] ?? (mod.default as Record<string, unknown> | undefined)?.[address.name];
  if (typeof fn !== 'function') {
    throw new TaskNotFoundError(
      address.module,
      address.name,
      'the module has no such exported function',
    );
  }
  const declared = addressOf(fn);
  if (declared?.name !== address.name || declared.module !== address.module) {
    throw new TaskNotFoundError(
      address.module,
      address.name,
      'the export was not declared with defineTasks(import.meta.url, …) in that module',
    );
  }
  return fn as (...args: unknown[]) => unknown;
}
