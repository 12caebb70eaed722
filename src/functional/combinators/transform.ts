/**
 * Element-wise stages: `map`, `filter`, `remove`, `flatMap`, `pluck`, `tap` (all splittable:
 * each element is handled on its own), and the two that carry state from one element to the
 * next, `scan` and `enumerate`.
 *
 * Every stage is lazy and data-last: `map(f)` returns a function of an iterable. Given an
 * array or iterable it returns a lazy iterable; given an async iterable, an async iterable.
 * Stage functions take the element only (no index), so they mean the same thing whether the
 * input is folded whole or in chunks; use `enumerate` for indices.
 */
import { checkNotRevoked } from '../../dispatch/internal.js';
import { checkFunction, descriptor } from '../core/check.js';
import { checkIteratorResult, isIterable, iteratorOf } from '../core/iterables.js';
import { makeStage } from '../core/lazy.js';
import type { Expander, LinkBuilder } from '../core/stage.js';
import { InvalidArgumentError, NotIterableError } from '../errors.js';
import type {
  AnyIterable,
  ElementOf,
  EnumerateStage,
  Lifted,
  Stage,
  StageBase,
  StageOn,
} from '../types.js';

type Fn = (...args: any[]) => any;

/** `Array.isArray`, except that a revoked Proxy (the one value it throws for) is a coded error. */
function isArray(x: unknown): x is unknown[] {
  try {
    return Array.isArray(x);
  } catch {
    checkNotRevoked(x, 'flatten');
    return false;
  }
}

const mapLink: LinkBuilder = (d, next) => {
  const f = d.fn as Fn;
  const push = next.step;
  return { step: (acc, x) => push(acc, f(x)) };
};

/**
 * Applies `f` to every element, lazily.
 *
 * @example
 * ```ts
 * import { pipe, map } from 'polyfold/functional';
 * [...pipe([1, 2, 3], map((x) => x * 10))]; // [10, 20, 30]
 * ```
 */
export function map<I extends AnyIterable<unknown> = Iterable<unknown>, B = unknown>(
  f: (a: ElementOf<I>) => B,
): StageOn<I, B>;
export function map<A, B>(f: (a: A) => B): Stage<A, B>;
export function map(f: Fn): unknown {
  checkFunction('map', 'f', f);
  return makeStage({ descriptor: descriptor('map', f, [], true), link: mapLink });
}

const filterLink: LinkBuilder = (d, next) => {
  const p = d.fn as Fn;
  const push = next.step;
  return { step: (acc, x) => (p(x) ? push(acc, x) : acc) };
};

/**
 * Keeps the elements for which `pred` returns a truthy value. A type-guard predicate narrows
 * the element type.
 *
 * @example
 * ```ts
 * import { pipe, filter } from 'polyfold/functional';
 * [...pipe([1, 2, 3, 4], filter((x) => x % 2 === 0))]; // [2, 4]
 * ```
 */
export function filter<I extends AnyIterable<unknown> = Iterable<unknown>, S = ElementOf<I>>(
  pred: (a: ElementOf<I>) => a is S & ElementOf<I>,
): StageOn<I, S>;
export function filter<I extends AnyIterable<unknown> = Iterable<unknown>>(
  pred: (a: ElementOf<I>) => unknown,
): StageOn<I, ElementOf<I>>;
export function filter<A, S extends A>(pred: (a: A) => a is S): Stage<A, S>;
export function filter<A>(pred: (a: A) => unknown): Stage<A, A>;
export function filter(pred: Fn): unknown {
  checkFunction('filter', 'pred', pred);
  return makeStage({ descriptor: descriptor('filter', pred, [], true), link: filterLink });
}

const removeLink: LinkBuilder = (d, next) => {
  const p = d.fn as Fn;
  const push = next.step;
  return { step: (acc, x) => (p(x) ? acc : push(acc, x)) };
};

/**
 * Drops the elements for which `pred` returns a truthy value (toolz `remove`, Ramda
 * `reject`).
 *
 * @example
 * ```ts
 * import { pipe, remove } from 'polyfold/functional';
 * [...pipe([1, 2, 3, 4], remove((x) => x % 2 === 0))]; // [1, 3]
 * ```
 */
export function remove<I extends AnyIterable<unknown> = Iterable<unknown>>(
  pred: (a: ElementOf<I>) => unknown,
): StageOn<I, ElementOf<I>>;
export function remove<A>(pred: (a: A) => unknown): Stage<A, A>;
export function remove(pred: Fn): unknown {
  checkFunction('remove', 'pred', pred);
  return makeStage({ descriptor: descriptor('remove', pred, [], true), link: removeLink });
}

/** Walks an array from `i` without copying it. */
function arrayCursor(xs: readonly unknown[], i: number): Iterator<unknown> {
  return {
    next: () =>
      i < xs.length ? { done: false, value: xs[i++] } : { done: true, value: undefined },
  };
}

const flatMapLink: LinkBuilder = (d, next, state, index) => {
  const f = d.fn as Fn;
  const push = next.step;
  // Inner sequences not yet fully pushed, oldest first. Only pull mode ever leaves anything
  // here: it pauses after each element so that an infinite inner iterable stays lazy.
  const queue: Iterator<unknown>[] = [];
  const close = () => {
    const open = queue.splice(0);
    for (const it of open) it.return?.();
  };
  const drain = (acc: unknown): unknown => {
    try {
      while (queue.length > 0) {
        const it = queue[0]!;
        for (;;) {
          if (state.halt > index) {
            close();
            return acc;
          }
          if (state.paused) return acc;
          const r = checkIteratorResult(it.next());
          if (r.done) break;
          acc = push(acc, r.value);
        }
        queue.shift();
      }
      return acc;
    } catch (err) {
      close();
      throw err;
    }
  };
  const expander: Expander = { pending: () => queue.length > 0, resume: drain, close };
  state.expanders.push(expander);
  return {
    step: (acc, x) => {
      const inner = f(x);
      if (queue.length === 0 && isArray(inner)) {
        for (let i = 0; i < inner.length; i++) {
          if (state.halt > index) return acc;
          if (state.paused) {
            queue.push(arrayCursor(inner, i));
            return acc;
          }
          acc = push(acc, inner[i]);
        }
        return acc;
      }
      if (!isIterable(inner))
        throw new NotIterableError('flatMap (the value f returned)', inner, false);
      queue.push(iteratorOf(inner));
      return drain(acc);
    },
  };
};

/**
 * Maps every element to an iterable and concatenates the results, lazily (toolz `mapcat`).
 * `f` returns a synchronous iterable (an array, a string, a generator…), also in async
 * pipelines.
 *
 * @example
 * ```ts
 * import { pipe, flatMap } from 'polyfold/functional';
 * [...pipe(['a b', 'c'], flatMap((line) => line.split(' ')))]; // ['a', 'b', 'c']
 * ```
 */
export function flatMap<I extends AnyIterable<unknown> = Iterable<unknown>, B = unknown>(
  f: (a: ElementOf<I>) => Iterable<B>,
): StageOn<I, B>;
export function flatMap<A, B>(f: (a: A) => Iterable<B>): Stage<A, B>;
export function flatMap(f: Fn): unknown {
  checkFunction('flatMap', 'f', f);
  return makeStage({ descriptor: descriptor('flatMap', f, [], true), link: flatMapLink });
}

const pluckLink: LinkBuilder = (d, next) => {
  const key = d.args[0] as PropertyKey;
  const push = next.step;
  return { step: (acc, x) => push(acc, x == null ? undefined : x[key]) };
};

/** The type of property `K` of `T`, `undefined` where `T` has none. */
export type Plucked<T, K extends PropertyKey> = T extends null | undefined
  ? undefined
  : K extends keyof T
    ? T[K]
    : undefined;

/** `pluck(key)`'s type. */
export interface PluckStage<K extends PropertyKey> extends StageBase<unknown, unknown> {
  <I extends AnyIterable<unknown>>(xs: I): Lifted<I, Plucked<ElementOf<I>, K>>;
}

/**
 * Reads property `key` of every element (toolz `pluck`); `null` and `undefined` elements give
 * `undefined`.
 *
 * @example
 * ```ts
 * import { pipe, pluck } from 'polyfold/functional';
 * [...pipe([{ id: 1 }, { id: 2 }], pluck('id'))]; // [1, 2]
 * ```
 */
export function pluck<K extends PropertyKey>(key: K): PluckStage<K> {
  const t = typeof key;
  if (t !== 'string' && t !== 'number' && t !== 'symbol') {
    throw new InvalidArgumentError('pluck', 'key', 'a string, number or symbol', key);
  }
  return makeStage({
    descriptor: descriptor('pluck', undefined, [key], true),
    link: pluckLink,
  }) as never;
}

const tapLink: LinkBuilder = (d, next) => {
  const f = d.fn as Fn;
  const push = next.step;
  return {
    step: (acc, x) => {
      f(x);
      return push(acc, x);
    },
  };
};

/**
 * Calls `f` on every element for its side effect and passes the element on unchanged
 * (toolz `do`). Under a parallel executor `f` runs where the chunk is folded.
 *
 * @example
 * ```ts
 * import { pipe, tap, fold, folds } from 'polyfold/functional';
 * const seen: number[] = [];
 * pipe([1, 2], tap((x) => seen.push(x)), fold(folds.sum())); // 3, and seen is [1, 2]
 * ```
 */
export function tap<I extends AnyIterable<unknown> = Iterable<unknown>>(
  f: (a: ElementOf<I>) => unknown,
): StageOn<I, ElementOf<I>>;
export function tap<A>(f: (a: A) => unknown): Stage<A, A>;
export function tap(f: Fn): unknown {
  checkFunction('tap', 'f', f);
  return makeStage({ descriptor: descriptor('tap', f, [], true), link: tapLink });
}

const scanLink: LinkBuilder = (d, next) => {
  const f = d.fn as Fn;
  const push = next.step;
  let current = d.args[0];
  let started = false;
  return {
    step: (acc, x) => {
      if (!started) {
        started = true;
        acc = push(acc, current);
      }
      current = f(current, x);
      return push(acc, current);
    },
    flush: (acc) => {
      if (started) return acc;
      started = true;
      return push(acc, current);
    },
  };
};

/**
 * Running reduction: yields `init`, then `f(init, x0)`, then `f(f(init, x0), x1)`… (Ramda
 * `scan`, toolz `accumulate` with an initial value). An empty input yields `[init]`.
 *
 * @example
 * ```ts
 * import { pipe, scan } from 'polyfold/functional';
 * [...pipe([1, 2, 3], scan((acc, x) => acc + x, 0))]; // [0, 1, 3, 6]
 * ```
 */
export function scan<I extends AnyIterable<unknown> = Iterable<unknown>, Acc = unknown>(
  f: (acc: Acc, a: ElementOf<I>) => Acc,
  init: Acc,
): StageOn<I, Acc>;
export function scan<A, Acc>(f: (acc: Acc, a: A) => Acc, init: Acc): Stage<A, Acc>;
export function scan(f: Fn, init: unknown): unknown {
  checkFunction('scan', 'f', f);
  return makeStage({ descriptor: descriptor('scan', f, [init], false), link: scanLink });
}

const enumerateLink: LinkBuilder = (_d, next) => {
  const push = next.step;
  let i = 0;
  return { step: (acc, x) => push(acc, [i++, x]) };
};

/**
 * Pairs every element with its index, from 0 (Python's `enumerate`). Takes the iterable
 * directly.
 *
 * @example
 * ```ts
 * import { enumerate } from 'polyfold/functional';
 * [...enumerate(['a', 'b'])]; // [[0, 'a'], [1, 'b']]
 * ```
 */
export const enumerate: EnumerateStage = makeStage({
  descriptor: descriptor('enumerate', undefined, [], false),
  link: enumerateLink,
}) as never;
