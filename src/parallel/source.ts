/** What executors accept as a source, and how a job is named in errors and progress. */
import type { Job } from '../functional/index.js';

export type Source<T> = Iterable<T> | AsyncIterable<T>;

export function isAsyncIterable(x: unknown): x is AsyncIterable<unknown> {
  return x != null && typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

export function isIterable(x: unknown): x is Iterable<unknown> {
  return x != null && typeof (x as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/** A job's name in errors and progress: `flatMap(tokenize) → map(lower) → frequencies`. */
export function jobLabel(job: Job<unknown, unknown>): string {
  const names = job.stages.map((s) => (s.fn?.name ? `${s.kind}(${s.fn.name})` : s.kind));
  return [...names, job.fold.spec?.name ?? 'fold'].join(' → ');
}
