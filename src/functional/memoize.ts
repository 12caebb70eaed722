/**
 * `memoize`: caches results keyed by the arguments' *values* (`equals`/`hash`), so
 * `f([1, 2])` and `f([1, 2])` share an entry — what Python's `functools.cache` does with
 * hashable tuples, and what a `Map` keyed by reference cannot do.
 */
import { checkOptionKeys, optionKeys } from '../dispatch/internal.js';
import { HashMap } from '../protocols/index.js';
import { checkFunction } from './core/check.js';
import { InvalidArgumentError } from './errors.js';

/** Options of {@link memoize}. */
export interface MemoizeOptions<A extends unknown[]> {
  /** Computes the cache key from the arguments (default: the argument, or the argument list). */
  readonly key?: (...args: A) => unknown;
}

/** Every key of {@link MemoizeOptions}; any other key is refused (a typo). */
export const MEMOIZE_OPTIONS = optionKeys<MemoizeOptions<unknown[]>>()('key');

/** A memoized function, with its cache exposed for inspection and clearing. */
export interface Memoized<A extends unknown[], R> {
  (...args: A): R;
  /** Results by key. One-argument calls are keyed by the argument itself. */
  readonly cache: HashMap<unknown, R>;
}

const ZERO_ARGS = Symbol('polyfold.memoize.noArgs');

/**
 * Caches `f`'s results by the value of its arguments (compared with `equals`/`hash`).
 *
 * Details: a one-argument call is keyed by the argument; any other call by the array of its
 * arguments, with the argument count folded in, so `f(x)` and `f(x, undefined)` are distinct
 * entries. Pass `key` to choose the key yourself. Errors are not cached; returned promises
 * are (a rejected one included), as in toolz.
 *
 * Gotchas: the cache grows without bound — clear `memoized.cache` when needed. Do not mutate
 * an argument after the call: its key would change.
 *
 * @example
 * ```ts
 * import { memoize } from 'polyfold/functional';
 * let calls = 0;
 * const area = memoize((p: { w: number; h: number }) => (calls++, p.w * p.h));
 * area({ w: 2, h: 3 });
 * area({ w: 2, h: 3 }); // 6, and calls is 1
 * ```
 */
export function memoize<A extends unknown[], R>(
  f: (...args: A) => R,
  options: MemoizeOptions<A> = {},
): Memoized<A, R> {
  checkFunction('memoize', 'f', f);
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError('memoize', 'options', 'an object ({ key? })', options);
  }
  checkOptionKeys('memoize', options, MEMOIZE_OPTIONS);
  const keyFn = options.key;
  if (keyFn !== undefined) checkFunction('memoize', 'options.key', keyFn);
  const cache = new HashMap<unknown, R>();
  const memoized = function (this: unknown, ...args: A): R {
    const k = keyFn
      ? keyFn(...args)
      : args.length === 1
        ? args[0]
        : args.length === 0
          ? ZERO_ARGS
          : [ZERO_ARGS, args.length, ...args];
    const hit = cache.get(k);
    if (hit !== undefined || cache.has(k)) return hit as R;
    const r = f.apply(this, args);
    cache.set(k, r);
    return r;
  } as Memoized<A, R>;
  Object.defineProperty(memoized, 'cache', { value: cache, enumerable: true });
  return memoized;
}
