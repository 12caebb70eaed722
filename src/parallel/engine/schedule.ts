/**
 * Running numbered chunks with a bounded number in flight, retrying those whose worker
 * died, and yielding results in chunk order (or as they finish). Shared by the pool and the
 * executors, so every executor has the same failure semantics: a chunk is identified by its
 * index, retried at most `retries` times, and its result is delivered exactly once.
 */
import { AbortedError, TaskFailedError, TaskNotFoundError, WorkerStartError } from '../errors.js';

export interface Chunk<T> {
  readonly index: number;
  readonly items: T;
}

export interface ScheduleOptions<R = unknown> {
  /**
   * Chunks in flight at once (bounds memory: the source is pulled only as slots free). A
   * function is read again before each pull: a run still probing keeps fewer chunks out.
   */
  readonly maxInFlight: number | (() => number);
  /** Extra attempts for a chunk whose worker died (not for a task that threw). */
  readonly retries: number;
  readonly ordered: boolean;
  readonly signal?: AbortSignal | undefined;
  /** Names the work in errors ("tokenize", "map(parse)", "pipeline → sum"). */
  readonly label: string;
  /** The index of the first chunk (chunks before it were folded elsewhere). Default 0. */
  readonly firstIndex?: number;
  /** Errors that lose the whole run: rethrown as they are, never retried or wrapped. */
  readonly isFatal?: (error: unknown) => boolean;
  /** Called as each chunk finishes (in completion order), before it waits for its turn. */
  readonly onFinished?: (chunk: Chunk<unknown>, value: R) => void;
}

/** A task error reported by a worker: not retried, it would fail again. */
export class RemoteTaskError extends Error {
  constructor(readonly remote: Error) {
    super(remote.message);
  }
}

export interface Outcome<R> {
  readonly index: number;
  readonly value: R;
}

/**
 * Runs `exec` on every chunk of `chunks` and yields `{ index, value }` per chunk.
 * `exec` rejects with RemoteTaskError for a task failure (final) and anything else for an
 * infrastructure failure (retried).
 */
export async function* schedule<T, R>(
  chunks: AsyncIterable<Chunk<T>> | Iterable<Chunk<T>>,
  exec: (chunk: Chunk<T>, signal: AbortSignal) => Promise<R>,
  options: ScheduleOptions<R>,
): AsyncGenerator<Outcome<R>, void, undefined> {
  const { retries, ordered, signal, label, isFatal, onFinished } = options;
  const limit = options.maxInFlight;
  const maxInFlight = typeof limit === 'function' ? limit : () => limit;
  if (signal?.aborted) throw new AbortedError(signal.reason);
  // One controller for the run: aborting it cancels every chunk still running.
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });

  const iterator =
    Symbol.asyncIterator in chunks
      ? (chunks as AsyncIterable<Chunk<T>>)[Symbol.asyncIterator]()
      : (chunks as Iterable<Chunk<T>>)[Symbol.iterator]();
  const running = new Map<number, Promise<Outcome<R>>>();
  const finished = new Map<number, R>();
  let nextToYield = options.firstIndex ?? 0;
  let exhausted = false;
  let failure: unknown;

  const attempt = async (chunk: Chunk<T>): Promise<Outcome<R>> => {
    for (let tries = 0; ; tries++) {
      if (controller.signal.aborted) throw new AbortedError(controller.signal.reason);
      try {
        const value = await exec(chunk, controller.signal);
        onFinished?.(chunk as Chunk<unknown>, value);
        return { index: chunk.index, value };
      } catch (error) {
        if (controller.signal.aborted) throw new AbortedError(controller.signal.reason);
        if (isFatal?.(error)) throw error;
        // Workers that cannot start, or a task refused before sending, fail every attempt alike.
        if (error instanceof WorkerStartError || error instanceof TaskNotFoundError) throw error;
        if (error instanceof RemoteTaskError) {
          throw new TaskFailedError(label, chunk.index, error.remote, tries + 1);
        }
        if (tries >= retries) {
          throw new TaskFailedError(label, chunk.index, workerError(error), tries + 1);
        }
      }
    }
  };

  // A source stuck in an await must not keep an abort waiting. One race per pull, its
  // listener removed once it settles: racing every pull against one long-lived promise would
  // leave a reaction per pull on it, each holding the chunk it resolved to (a leak of the
  // whole stream until the run ends).
  const nextOrAbort = (): Promise<IteratorResult<Chunk<T>>> =>
    new Promise((resolve, reject) => {
      const s = controller.signal;
      if (s.aborted) return reject(new AbortedError(s.reason));
      const onStop = (): void => reject(new AbortedError(s.reason));
      s.addEventListener('abort', onStop, { once: true });
      Promise.resolve(iterator.next()).then(
        (r) => {
          s.removeEventListener('abort', onStop);
          resolve(r);
        },
        (e: unknown) => {
          s.removeEventListener('abort', onStop);
          reject(e);
        },
      );
    });
  const fill = async (): Promise<void> => {
    // Finished-but-unyielded chunks count too, so one slow chunk cannot make memory grow.
    while (!exhausted && running.size + finished.size < maxInFlight()) {
      const next = await nextOrAbort();
      if (next.done) {
        exhausted = true;
        break;
      }
      const chunk = next.value;
      const p = attempt(chunk);
      // Failures are observed through the race below; this keeps Node from reporting them
      // as unhandled while the promise waits its turn.
      p.catch(() => {});
      running.set(chunk.index, p);
    }
  };

  try {
    for (;;) {
      // Refill after every delivery: yielding frees the slots held by finished chunks.
      await fill();
      if (running.size === 0) break;
      let outcome: Outcome<R>;
      try {
        outcome = await Promise.race(running.values());
      } catch (error) {
        failure = error;
        break;
      }
      running.delete(outcome.index);
      if (!ordered) {
        yield outcome;
        continue;
      }
      finished.set(outcome.index, outcome.value);
      while (finished.has(nextToYield)) {
        const value = finished.get(nextToYield) as R;
        finished.delete(nextToYield);
        yield { index: nextToYield, value };
        nextToYield++;
      }
    }
    if (failure !== undefined) throw failure;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (running.size > 0 || failure !== undefined) {
      // Stop the rest: a failed or abandoned run must free its workers.
      controller.abort(failure ?? new AbortedError());
      await Promise.allSettled(running.values());
    }
    // Bounded: a generator stuck in an await cannot return until that await ends.
    if (!exhausted) await within(Promise.resolve(iterator.return?.()), RETURN_MS);
  }
}

/** How long closing a source left early may take before the run ends without it, in ms. */
const RETURN_MS = 250;

/** Resolves when `p` settles or after `ms`, whichever is first (never rejects). */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    p.catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * A worker failure as an Error for `cause`. A worker thread that dies of an exception it
 * cannot serialise (a DOMException such as DataCloneError) reaches us as a bare `{}`.
 */
function workerError(error: unknown): Error {
  if (error instanceof Error) return error;
  let shown: string;
  try {
    shown = JSON.stringify(error) ?? String(error);
  } catch {
    shown = Object.prototype.toString.call(error);
  }
  return new Error(
    `the worker thread died with ${shown === '{}' ? 'an error it could not send back' : shown}`,
    { cause: error },
  );
}
