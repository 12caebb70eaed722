/** Errors of the parallel layer; each has a stable `code` and says how to fix the problem. */
import { describeFunction } from './describe.js';

/**
 * A function cannot be sent to a worker: it was not declared with `defineTasks`, so a worker
 * has no way to find it (functions never travel as source text, and closures would lose
 * their variables). Raised before anything is sent.
 *
 * @example
 * ```ts
 * import { UnshippableError } from 'polyfold/parallel';
 * const e = new UnshippableError((x: number) => x + 1, 'map stage 1');
 * e.code; // 'ERR_UNSHIPPABLE'
 * ```
 */
export class UnshippableError extends TypeError {
  readonly code = 'ERR_UNSHIPPABLE' as const;
  readonly value: unknown;
  /** Where in the job the function sits (`"map stage 2"`, `"fold"`…). */
  readonly where: string;

  constructor(value: unknown, where: string, reason?: string) {
    super(
      `${where}: ${describeFunction(value)} cannot run in a worker${reason ? ` (${reason})` : ''}. ` +
        'Workers find functions by module URL and export name: move it to module level and declare it with ' +
        '`export const { fn } = defineTasks(import.meta.url, { fn: (x) => … })`; pass run-time values through ' +
        "the run's `context` option instead of capturing them. The same job still runs as it is with local().",
    );
    this.name = 'UnshippableError';
    this.value = value;
    this.where = where;
  }
}

/**
 * A task failed in a worker. `cause` carries the worker's error with its stack.
 *
 * @example
 * ```ts
 * import { TaskFailedError } from 'polyfold/parallel';
 * const e = new TaskFailedError('tokenize', 3, new Error('boom'));
 * e.code; // 'ERR_TASK_FAILED'
 * ```
 */
export class TaskFailedError extends Error {
  readonly code = 'ERR_TASK_FAILED' as const;
  readonly task: string;
  readonly chunk: number;

  constructor(task: string, chunk: number, cause: unknown, attempts = 1) {
    // The worker's message is usually a sentence already ("… exited with code 1."): end it once.
    const reason = (cause instanceof Error ? cause.message : String(cause)).trim() || 'no message';
    const end = /[.!?]$/.test(reason) ? ' ' : '. ';
    super(
      `${task} failed on chunk ${chunk}${attempts > 1 ? ` after ${attempts} attempts` : ''}: ${reason}${end}` +
        'The worker stack is in `cause`.',
      { cause },
    );
    this.name = 'TaskFailedError';
    this.task = task;
    this.chunk = chunk;
  }
}

/**
 * A worker could not load a task module or find a task in it.
 *
 * @example
 * ```ts
 * import { TaskNotFoundError } from 'polyfold/parallel';
 * new TaskNotFoundError('file:///app/tasks.js', 'tokenize', 'no such export').code; // 'ERR_TASK_NOT_FOUND'
 * ```
 */
export class TaskNotFoundError extends Error {
  readonly code = 'ERR_TASK_NOT_FOUND' as const;
  readonly module: string;
  readonly task: string;

  constructor(module: string, task: string, reason: string) {
    super(
      `cannot load task ${task} from ${module}: ${reason}. ` +
        'Tasks must be exported by the module that declares them with defineTasks(import.meta.url, …).',
    );
    this.name = 'TaskNotFoundError';
    this.module = module;
    this.task = task;
  }
}

/**
 * A run was cancelled through its `AbortSignal`.
 *
 * @example
 * ```ts
 * import { AbortedError } from 'polyfold/parallel';
 * new AbortedError().code; // 'ABORT_ERR'
 * ```
 */
export class AbortedError extends Error {
  readonly code = 'ABORT_ERR' as const;
  constructor(reason?: unknown) {
    super('the run was aborted', { cause: reason });
    this.name = 'AbortError';
  }
}
