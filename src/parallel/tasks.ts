/**
 * Tasks: functions a worker can find. A task is addressed by the URL of the module that
 * declares it and its export name — never by its source text, which bundlers rewrite and
 * which loses a closure's variables. Workers import the module and look the name up.
 */
import { InvalidArgumentError } from '../functional/index.js';
import { UnshippableError } from './errors.js';

/** Where a worker finds a task. Plain data: survives structured clone and JSON. */
export interface TaskAddress {
  /** The declaring module's URL (`import.meta.url`). */
  readonly module: string;
  /** The export name (equal to the key given to `defineTasks`). */
  readonly name: string;
}

// On globalThis so the ESM and CJS copies of polyfold agree on which functions are tasks.
const REGISTRY_KEY = Symbol.for('polyfold.parallel.tasks/v1');
const holder = globalThis as typeof globalThis & {
  [REGISTRY_KEY]?: WeakMap<Function, TaskAddress>;
};
const registry: WeakMap<Function, TaskAddress> = holder[REGISTRY_KEY] ?? new WeakMap();
holder[REGISTRY_KEY] ??= registry;

/**
 * Declares module-level functions as tasks. Returns the same functions (still plain
 * callables locally), now addressable by `moduleUrl` + key, so executors can run them in
 * worker threads or on other machines.
 *
 * When to use: every function a job runs off the main thread (stage functions, fold
 * callbacks, map tasks). Export the result under the same names, so a worker that imports
 * the module finds them: `export const { tokenize } = defineTasks(import.meta.url, {...})`.
 *
 * Gotchas: values a task needs at run time go in the run's `context` option, not in a
 * closure; CommonJS modules pass `require('node:url').pathToFileURL(__filename).href`.
 *
 * @typeParam T - The tasks: export names → functions.
 * @example
 * ```ts
 * import { defineTasks } from 'polyfold/parallel';
 * export const { tokenize, lower } = defineTasks(import.meta.url, {
 *   tokenize: (line: string) => line.split(/\W+/).filter(Boolean),
 *   lower: (word: string) => word.toLowerCase(),
 * });
 * tokenize('Hello, world'); // ['Hello', 'world']
 * ```
 */
export function defineTasks<const T extends Record<string, (...args: any[]) => unknown>>(
  moduleUrl: string,
  tasks: T,
): { [K in keyof T]: WithOptionalContext<T[K]> } {
  if (typeof moduleUrl !== 'string' || !/^[a-z][a-z0-9+.-]*:/i.test(moduleUrl)) {
    throw new InvalidArgumentError(
      'defineTasks',
      'moduleUrl',
      "the declaring module's URL (import.meta.url)",
      moduleUrl,
    );
  }
  if (typeof tasks !== 'object' || tasks === null) {
    throw new InvalidArgumentError('defineTasks', 'tasks', 'an object of functions', tasks);
  }
  for (const [name, fn] of Object.entries(tasks)) {
    if (typeof fn !== 'function') {
      throw new UnshippableError(fn, `defineTasks: task "${name}"`, 'not a function');
    }
    const known = registry.get(fn);
    if (known && (known.module !== normaliseModuleUrl(moduleUrl) || known.name !== name)) {
      throw new InvalidArgumentError(
        'defineTasks',
        `tasks.${name}`,
        `a function that is not already a task (it is ${known.name} of ${known.module}; a function has one address)`,
        fn,
      );
    }
    registry.set(fn, Object.freeze({ module: normaliseModuleUrl(moduleUrl), name }));
  }
  return tasks as { [K in keyof T]: WithOptionalContext<T[K]> };
}

/**
 * A one-element task that takes the run's context as its second parameter is typed with
 * that parameter optional, so it fits stages (`map(scale)`) that call it with one argument;
 * executors supply the context.
 */
export type WithOptionalContext<F> = F extends (item: infer A, context: infer C) => infer R
  ? unknown extends C
    ? F
    : (item: A, context?: C) => R
  : F;

/**
 * A module's URL without query or fragment: loaders add their own (tsx's `tsImport` appends
 * a namespace query), and a worker must find the same address the main thread computed.
 */
export function normaliseModuleUrl(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

/** The address of a task, or undefined for a function that is not one. */
export function addressOf(fn: unknown): TaskAddress | undefined {
  return typeof fn === 'function' ? registry.get(fn) : undefined;
}

/** The address of `fn`, or an UnshippableError naming `where` it was found. */
export function requireAddress(fn: unknown, where: string): TaskAddress {
  const address = addressOf(fn);
  if (address === undefined) {
    const reason =
      typeof fn !== 'function'
        ? 'not a function'
        : fn.name
          ? 'it was not declared with defineTasks'
          : 'an inline lambda has no address';
    throw new UnshippableError(fn, where, reason);
  }
  return address;
}
