/**
 * Looking at the start of a sequence without losing it, and asking whether its elements are
 * distinct: `peek`, `peekN`, `isDistinct` (toolz `peek`, `peekn`, `isdistinct`). They work on
 * synchronous iterables (an async input is an AsyncSourceError).
 *
 * Laws (checked by test/functional/peek.test-prop.ts):
 * - `peekN(n)(xs)` is `[take(n) of xs, an iterable of all of xs]`: nothing is lost or repeated,
 *   and at most `n` elements are read before the second part is iterated.
 * - `isDistinct(xs)` is `count(unique()(xs)) === count(xs)`, and stops reading at the first
 *   repeat.
 */
import { HashSet } from '../../protocols/index.js';
import { checkCount } from '../core/check.js';
import {
  checked,
  checkIteratorResult,
  checkSyncIterable,
  closeIterator,
  iteratorOf,
} from '../core/iterables.js';

/**
 * The elements already read, then the rest of `it`. One-shot, like the iterator it wraps;
 * leaving a `for…of` early closes the source.
 */
function* resume<A>(
  head: readonly A[],
  it: Iterator<A>,
  done: boolean,
): Generator<A, void, undefined> {
  let finished = done;
  try {
    yield* head;
    while (!finished) {
      const r = checkIteratorResult(it.next());
      if (r.done) finished = true;
      else yield r.value;
    }
  } finally {
    if (!finished) closeIterator(it);
  }
}

function peekInto<A>(name: string, n: number, xs: Iterable<A>): [A[], IterableIterator<A>] {
  checkSyncIterable(name, xs);
  const it = iteratorOf(xs);
  const head: A[] = [];
  let done = false;
  while (head.length < n) {
    const r = checkIteratorResult(it.next());
    if (r.done) {
      done = true;
      break;
    }
    head.push(r.value);
  }
  return [head, resume(head, it, done)];
}

/**
 * The first element and an iterator over **all** the elements, that one included (toolz
 * `peek`): look at the start of a one-shot source (a generator, a stream of lines) and still
 * hand the whole of it on.
 *
 * Gotchas: an empty input gives `[undefined, an empty iterator]`, as `first([])` gives
 * `undefined`; use `peekN(1)` to tell an empty input from one that starts with `undefined`.
 * The iterator is one-shot, as toolz's is.
 *
 * @example
 * ```ts
 * import { peek } from 'polyfold/functional';
 * function* names() { yield 'Alice'; yield 'Bob'; }
 * const [head, all] = peek(names());
 * head; // 'Alice'
 * [...all]; // ['Alice', 'Bob']
 * ```
 */
export function peek<A>(xs: Iterable<A>): [A | undefined, IterableIterator<A>] {
  const [head, all] = peekInto('peek', 1, xs);
  return [head[0], all];
}

/**
 * The first `n` elements (fewer when the input is shorter) and an iterator over **all** the
 * elements, those included (toolz `peekn`).
 *
 * @example
 * ```ts
 * import { peekN } from 'polyfold/functional';
 * const [head, all] = peekN(2)(new Set(['Alice', 'Bob', 'Carol']));
 * head; // ['Alice', 'Bob']
 * [...all]; // ['Alice', 'Bob', 'Carol']
 * peekN(5)([1])[0]; // [1]
 * ```
 */
export function peekN(n: number): <A>(xs: Iterable<A>) => [A[], IterableIterator<A>] {
  checkCount('peekN', 'n', n, false);
  return (xs) => peekInto('peekN', n, xs);
}

/**
 * Whether no two elements are equal (toolz `isdistinct`), comparing with `equals`/`hash` (so
 * `[1]` and `[1]` are repeats). Stops reading, and closes the input, at the first repeat.
 *
 * @example
 * ```ts
 * import { isDistinct } from 'polyfold/functional';
 * isDistinct([1, 2, 3]); // true
 * isDistinct('Hello'); // false
 * isDistinct([[1], [1]]); // false
 * ```
 */
export function isDistinct(xs: Iterable<unknown>): boolean {
  checkSyncIterable('isDistinct', xs);
  const seen = new HashSet<unknown>();
  // for…of over `checked` closes the input on the early return, and when equals/hash throw.
  for (const x of checked(xs)) {
    if (seen.has(x)) return false;
    seen.add(x);
  }
  return true;
}
