/**
 * Messages between the main thread and workers. Plain data only: everything here crosses
 * `postMessage` (structured clone) or Redis (JSON), so no functions, no prototypes.
 */
import type { TaskAddress } from './tasks.js';

/** Apply one task to every item of a chunk (Pool.map and friends). */
export interface MapRequest {
  readonly kind: 'map';
  readonly task: TaskAddress;
  readonly items: readonly unknown[];
  readonly context?: unknown;
}

export type WorkerRequest = MapRequest;

/** A worker's answer: the value, or the task's error as data. */
export type WorkerReply =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly failure: WorkerFailure };

/** What a worker sends back when a task throws: the error as data, stack included. */
export interface WorkerFailure {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
}

export function failureOf(error: unknown): WorkerFailure {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      message: error.message,
      ...(error.stack === undefined ? {} : { stack: error.stack }),
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}

/** Rebuilds an Error from a WorkerFailure, keeping the remote stack. */
export function errorOf(failure: WorkerFailure): Error {
  const error = new Error(failure.message);
  error.name = failure.name;
  if (failure.stack !== undefined) error.stack = failure.stack;
  if (failure.code !== undefined) (error as { code?: string }).code = failure.code;
  return error;
}
