/**
 * A sequence on one pool worker: how a job that cannot be split is folded without running on
 * the caller. One `sequence` request holds a worker for the whole input; the chunks go down a
 * MessageChannel one at a time, each answered with the worker's step (halted yet? how long?).
 * Used by `threads()` and by cluster workers (which feed it from Redis).
 */
import { MessageChannel } from 'node:worker_threads';
import { findUncloneable } from './cloneable.js';
import type { ChunkInput } from './engine/input.js';
import { RemoteTaskError } from './engine/schedule.js';
import type { ChunkResult, Sequence, SequenceStep } from './engine/transport.js';
import { UncloneableValueError } from './errors.js';
import type { FoldReply } from './protocol.js';
import type { ShippedJob } from './ship.js';
import type { Workers } from './workers.js';

/**
 * A sequence on one pool worker: a `sequence` request holding one end of a MessageChannel,
 * down which the chunks go one at a time. The request's own promise carries the end result,
 * or the worker's failure (which also fails the push waiting for its answer).
 */
export function openSequence(
  pool: Workers,
  request: { jobId: string; job: ShippedJob; context?: unknown },
  signal: AbortSignal,
): Sequence {
  const { port1, port2 } = new MessageChannel();
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let waiting: { resolve: (s: SequenceStep) => void; reject: (e: unknown) => void } | undefined;
  let failure: { error: unknown } | undefined;
  const task = pool
    .request({ kind: 'sequence', ...request, port: port2 }, controller.signal, [port2])
    .then(
      (value) => value as FoldReply,
      (error: unknown) => {
        failure = { error };
        waiting?.reject(error);
        waiting = undefined;
        throw error;
      },
    );
  task.catch(() => {});
  port1.on('message', (step: SequenceStep) => {
    const w = waiting;
    waiting = undefined;
    w?.resolve(step);
  });
  const close = (): void => {
    signal.removeEventListener('abort', onAbort);
    port1.close();
  };
  return {
    push(input: ChunkInput): Promise<SequenceStep> {
      if (failure) return Promise.reject(failure.error);
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        try {
          port1.postMessage({ type: 'push', input });
        } catch (error) {
          waiting = undefined;
          reject(new RemoteTaskError(unsendableItems(input, error)));
        }
      });
    },
    async finish(): Promise<ChunkResult> {
      port1.postMessage({ type: 'end' });
      try {
        return await task;
      } finally {
        close();
      }
    },
    async cancel(): Promise<void> {
      controller.abort(new Error('sequence cancelled'));
      close();
      await task.catch(() => {});
    },
  };
}

function unsendableItems(input: ChunkInput, error: unknown): Error {
  if (input.kind === 'items') {
    const bad = findUncloneable(input.items);
    if (bad !== undefined) {
      return new UncloneableValueError("the chunk's items", bad.path, bad.value, true);
    }
  }
  return error instanceof Error ? error : new Error(String(error));
}
