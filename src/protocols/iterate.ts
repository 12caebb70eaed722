/**
 * Iterating values a caller gave us: the one place where the iteration protocol is checked, for
 * this layer and every layer above it (`polyfold/functional` re-exports these).
 *
 * Native `for…of` throws the engine's bare `TypeError` on a broken iterator ("Iterator result 5
 * is not an object"), and a hand-written `it.next()` loop reads a `next()` that returns
 * `undefined` as an endless stream of `undefined`. Both become {@link BadIteratorError}
 * (`ERR_BAD_ITERATOR`) here, and a revoked Proxy becomes a `PrototypeChainError`.
 */

import { checkNotRevoked } from '../dispatch/internal.js';
import { describeValue, PolyfoldTypeError } from '../errors/index.js';
import { isTypedArray } from './kinds.js';

/** Which part of the iteration protocol broke, for {@link BadIteratorError}. */
export type IteratorFault = 'result' | 'iterator' | 'return';

const MESSAGES: Record<IteratorFault, (shown: string) => string> = {
  result: (v) =>
    `an iterator's next() returned ${v} instead of an object { value, done }. ` +
    'Fix the iterator so next() returns { value, done: false } for each element and ' +
    '{ value: undefined, done: true } at the end (a generator function does this for you).',
  iterator: (v) =>
    `an iterable's [Symbol.iterator]() returned ${v}, which is not an iterator (an object with ` +
    'a next() method). Return an iterator from [Symbol.iterator]() (a generator function does this for you).',
  return: (v) =>
    `an iterator's return() is not a method or did not return an object (got ${v}). ` +
    'Leave return() out, or make it a method that returns { value, done: true }.',
};

/**
 * An iterator broke the iteration protocol: its `next()` returned something that is not an
 * object (`undefined`, `42`…) where `{ value, done }` was due, its iterable's
 * `[Symbol.iterator]()` did not return an iterator, or its `return()` is not a method. Native
 * `for…of` throws a bare `TypeError` at once on such an iterator; polyfold throws this instead
 * (in every combinator, fold, collection constructor and protocol), rather than reading an
 * endless stream of `undefined`.
 *
 * @example
 * ```ts
 * import { HashSet, BadIteratorError } from 'polyfold/protocols';
 * const broken = { [Symbol.iterator]: () => ({ next: () => undefined }) };
 * try { new HashSet(broken as never); } catch (e) {
 *   (e as BadIteratorError).code; // 'ERR_BAD_ITERATOR'
 *   (e as BadIteratorError).fault; // 'result'
 * }
 * ```
 */
export class BadIteratorError extends PolyfoldTypeError<'ERR_BAD_ITERATOR'> {
  /** What was returned in place of an iterator result (or of an iterator, or of `return`). */
  readonly value: unknown;
  /** Which part of the protocol broke: `'result'` (the default), `'iterator'` or `'return'`. */
  readonly fault: IteratorFault;

  constructor(value: unknown, fault: IteratorFault = 'result') {
    super('ERR_BAD_ITERATOR', MESSAGES[fault](describeValue(value)));
    this.name = 'BadIteratorError';
    this.value = value;
    this.fault = fault;
  }
}

const isObjectLike = (x: unknown): boolean =>
  typeof x === 'object' ? x !== null : typeof x === 'function';

/**
 * Checks one result of an iterator's `next()` as `for…of` does, and returns it (the one copy:
 * the functional layer uses it through protocols/internal.ts).
 */
export function checkIteratorResult<R extends IteratorResult<unknown>>(r: R): R {
  if (!isObjectLike(r)) throw new BadIteratorError(r);
  return r;
}

/** `xs[Symbol.iterator]()`, checked: an object with a `next` method, or BadIteratorError. */
export function iteratorOf<T>(xs: Iterable<T>): Iterator<T> {
  checkNotRevoked(xs, 'iterate');
  let it: Iterator<T>;
  try {
    it = xs[Symbol.iterator]();
  } catch (e) {
    // A typed array whose buffer was detached has length 0, but its iterator throws.
    if (isTypedArray(xs as object)) return [][Symbol.iterator]();
    throw e;
  }
  if (!isObjectLike(it)) throw new BadIteratorError(it, 'iterator');
  checkNotRevoked(it, 'iterate');
  if (typeof it.next !== 'function') throw new BadIteratorError(it, 'iterator');
  return it;
}

/** `it.return()`, as `for…of` calls it on an early exit, with its result checked. */
export function closeIterator(it: Iterator<unknown> | undefined): void {
  if (it === undefined) return;
  const f = it.return;
  if (f === undefined || f === null) return;
  if (typeof f !== 'function') throw new BadIteratorError(f, 'return');
  const r = f.call(it);
  if (!isObjectLike(r)) throw new BadIteratorError(r, 'return');
}

const ARRAY_VALUES = Array.prototype[Symbol.iterator];

class CheckedIterator<T> implements IterableIterator<T> {
  constructor(private readonly it: Iterator<T>) {}
  next(): IteratorResult<T> {
    return checkIteratorResult(this.it.next());
  }
  return(value?: unknown): IteratorResult<T> {
    closeIterator(this.it);
    return { done: true, value: value as T };
  }
  [Symbol.iterator](): this {
    return this;
  }
}

/**
 * `xs` for a `for…of` loop whose iterator is checked at every step, so a broken iterator throws
 * BadIteratorError, never a bare TypeError; an early exit still closes it. Arrays whose iterator
 * is the built-in one are returned as they are: they cannot break the protocol.
 */
export function checked<T>(xs: Iterable<T>): Iterable<T> {
  checkNotRevoked(xs, 'iterate');
  if (Array.isArray(xs) && (xs as T[])[Symbol.iterator] === ARRAY_VALUES) return xs;
  return { [Symbol.iterator]: () => new CheckedIterator(iteratorOf(xs)) };
}
