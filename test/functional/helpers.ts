/**
 * Test helpers: sources that count how many elements were pulled and whether they were
 * closed, so laziness and early termination are checked, not assumed.
 */

export interface Probe<T> extends Iterable<T> {
  /** Elements handed out so far. */
  readonly pulled: number;
  /** True once `return()` was called on an iterator. */
  readonly closed: boolean;
}

/** A re-iterable source over `xs` (or 0, 1, 2… when `xs` is omitted: infinite). */
export function probe<T = number>(xs?: readonly T[]): Probe<T> {
  let pulled = 0;
  let closed = false;
  return {
    get pulled() {
      return pulled;
    },
    get closed() {
      return closed;
    },
    [Symbol.iterator](): Iterator<T> {
      let i = 0;
      return {
        next: () => {
          if (xs !== undefined && i >= xs.length) return { done: true, value: undefined };
          pulled++;
          const value = (xs === undefined ? i : xs[i]) as T;
          i++;
          return { done: false, value };
        },
        return: () => {
          closed = true;
          return { done: true, value: undefined };
        },
      };
    },
  };
}

export interface AsyncProbe<T> extends AsyncIterable<T> {
  readonly pulled: number;
  readonly closed: boolean;
}

/** The async twin of {@link probe}. */
export function asyncProbe<T = number>(xs?: readonly T[]): AsyncProbe<T> {
  const sync = probe(xs);
  return {
    get pulled() {
      return sync.pulled;
    },
    get closed() {
      return sync.closed;
    },
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const it = sync[Symbol.iterator]();
      return {
        next: async () => it.next(),
        return: async () => it.return!(),
      };
    },
  };
}

/** An async generator over `xs`, one element per await. */
export async function* from<T>(xs: Iterable<T>): AsyncGenerator<T> {
  for (const x of xs) yield x;
}

/** Collects an async iterable. */
export async function collect<T>(xs: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of xs) out.push(x);
  return out;
}
