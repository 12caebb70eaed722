/**
 * Messages between the main thread and workers. Plain data only: everything here crosses
 * `postMessage` (structured clone) or Redis (JSON), so no functions, no prototypes.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ChunkInput } from './engine/input.js';
import type { ShippedJob } from './ship.js';
import type { TaskAddress } from './tasks.js';

/** Apply one task to every item of a chunk (Pool.map and friends); answered by {@link MapReply}. */
export interface MapRequest {
  readonly kind: 'map';
  readonly task: TaskAddress;
  readonly items: readonly unknown[];
  readonly context?: unknown;
}

/** A mapped chunk: the results in order, and the worker's time on them. */
export interface MapReply {
  readonly values: unknown[];
  readonly micros: number;
}

/**
 * Fold one chunk of a job: given items, or byte ranges the worker reads itself (one range of
 * a large file, or several small files packed into one split).
 */
export interface FoldRequest {
  readonly kind: 'fold';
  /** Identifies the run, so a worker revives the job once per run, not once per chunk. */
  readonly jobId: string;
  readonly job: ShippedJob;
  readonly input: ChunkInput;
  readonly context?: unknown;
}

/**
 * Fold a whole input in order on this one worker (a job that cannot be split). The chunks
 * arrive on `port` as {@link SequenceMessage}s, each answered with a {@link SequenceStep};
 * the request resolves to the accumulator after `end` (a {@link FoldReply}).
 */
export interface SequenceRequest {
  readonly kind: 'sequence';
  readonly jobId: string;
  readonly job: ShippedJob;
  readonly context?: unknown;
  readonly port: MessagePort;
}

/** Where one map task of a partitioned output writes (see shuffle/map-task.ts). */
export interface MapTaskSpec {
  /** The output directory (absolute, prepared) and the run's id in it. */
  readonly dir: string;
  readonly run: string;
  readonly partitions: number;
  readonly spillEntries?: number | undefined;
}

/**
 * Fold one chunk and write its table as map task `task` of a partitioned output, instead of
 * sending the table back; answered by a {@link MapTaskReply}.
 */
export interface MapTaskRequest {
  readonly kind: 'map-task';
  readonly jobId: string;
  readonly job: ShippedJob;
  readonly input: ChunkInput;
  readonly task: number;
  readonly output: MapTaskSpec;
  readonly context?: unknown;
}

/** A written map task: items folded, the worker's time, and what it wrote per partition. */
export interface MapTaskReply {
  readonly items: number;
  readonly micros: number;
  readonly keys: readonly number[];
  readonly bytes: readonly number[];
  /** False when another attempt of the same task had committed first (its output counts). */
  readonly committed: boolean;
}

/** Merge one partition of a partitioned output from the committed map tasks, in order. */
export interface ReduceTaskRequest {
  readonly kind: 'reduce-task';
  readonly jobId: string;
  readonly job: ShippedJob;
  readonly dir: string;
  readonly run: string;
  readonly partition: number;
  readonly tasks: readonly number[];
  readonly context?: unknown;
}

/** What the caller sends down a sequence's port. */
export type SequenceMessage =
  | { readonly type: 'push'; readonly input: ChunkInput }
  | { readonly type: 'end' };

/** A folded chunk: the (encoded) partial accumulator and how many items it consumed. */
export interface FoldReply {
  readonly acc: unknown;
  readonly items: number;
  /** Time the worker spent folding the items, in µs: lets the executor resize a stream's chunks. */
  readonly micros?: number;
}

export type WorkerRequest =
  | MapRequest
  | FoldRequest
  | SequenceRequest
  | MapTaskRequest
  | ReduceTaskRequest;

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

/**
 * A task's error as data. A thrown non-Error keeps what it has: `throw { message, code }`
 * arrives with its message and code, anything else as its string form; reading a hostile
 * value (a throwing getter) never throws here.
 */
export function failureOf(error: unknown): WorkerFailure {
  try {
    if (error instanceof Error) {
      const code = (error as { code?: unknown }).code;
      return {
        name: String(error.name),
        message: String(error.message),
        ...(typeof error.stack === 'string' ? { stack: error.stack } : {}),
        ...(typeof code === 'string' ? { code } : {}),
      };
    }
    if (typeof error === 'object' && error !== null) {
      const { name, message, code, stack } = error as Record<string, unknown>;
      return {
        name: typeof name === 'string' ? name : 'Error',
        message: typeof message === 'string' ? message : describeThrown(error),
        ...(typeof stack === 'string' ? { stack } : {}),
        ...(typeof code === 'string' ? { code } : {}),
      };
    }
    return { name: 'Error', message: describeThrown(error) };
  } catch {
    return { name: 'Error', message: 'the task threw a value that cannot be read' };
  }
}

function describeThrown(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    try {
      const json = JSON.stringify(value);
      if (json !== undefined) return `the task threw a non-Error: ${json.slice(0, 200)}`;
    } catch {}
    return `the task threw a non-Error: ${Object.prototype.toString.call(value)}`;
  }
  return String(value);
}

/** Rebuilds an Error from a WorkerFailure, keeping the remote stack. */
export function errorOf(failure: WorkerFailure): Error {
  const error = new Error(failure.message);
  error.name = failure.name;
  // A thrown non-Error has no stack: say so rather than show this thread's.
  error.stack =
    failure.stack ??
    `${failure.name}: ${failure.message}\n    (thrown in a worker as a non-Error: no stack)`;
  if (failure.code !== undefined) (error as { code?: string }).code = failure.code;
  return error;
}
