/**
 * `excepts` (toolz's functoolz `excepts`): a function that turns the errors of the classes
 * you name into a value, so a fallible step can sit inside `pipe`/`map` without a try block.
 */
import { checkNotRevoked, isRevokedProxy } from '../dispatch/internal.js';
import { checkFunction } from './core/check.js';
import { InvalidArgumentError } from './errors.js';

/**
 * A class whose instances `excepts` catches: `RangeError`, `SyntaxError`, your own class…
 *
 * @example
 * ```ts
 * import type { ErrorClass } from 'polyfold/functional';
 * const caught: ErrorClass[] = [RangeError, SyntaxError];
 * ```
 */
export type ErrorClass = abstract new (...args: never[]) => unknown;

const HAS_INSTANCE = Function.prototype[Symbol.hasInstance];

/**
 * Whether `e instanceof c` can be asked without the engine's own TypeError: `c` needs an object
 * `prototype` (arrow functions and methods have none) or its own `Symbol.hasInstance`.
 */
function isClass(c: unknown): boolean {
  if (typeof c !== 'function') return false;
  checkNotRevoked(c, 'use as an error class');
  const proto = (c as { prototype?: unknown }).prototype;
  if (typeof proto === 'object' && proto !== null) return true;
  return (c as unknown as Record<symbol, unknown>)[Symbol.hasInstance] !== HAS_INSTANCE;
}

/**
 * Wraps `f` so that an error that is an instance of `errors` (one class or an array of them)
 * is passed to `handler`, whose result is returned instead; without a handler the result is
 * `undefined` (toolz's `return_none`). Any other error propagates unchanged.
 *
 * When to use: a step that may fail for a known reason (`JSON.parse` on bad lines, a lookup
 * that throws `RangeError`) inside `map` or `pipe`, where a `try` block does not fit.
 *
 * Gotchas: only synchronous throws are caught; a rejected promise from an async `f` is
 * returned as it is (handle it with `.catch`). `this` and every argument are passed through.
 *
 * @example
 * ```ts
 * import { excepts } from 'polyfold/functional';
 * const parse = excepts(SyntaxError, (s: string) => JSON.parse(s) as unknown, () => null);
 * ['1', '{', '[2]'].map((s) => parse(s)); // [1, null, [2]]
 * const at = excepts([RangeError, TypeError], (xs: number[], i: number) => xs.at(i)!.toFixed(1));
 * at([1], 5); // undefined
 * ```
 */
export function excepts<A extends unknown[], R, E extends ErrorClass, H = undefined>(
  errors: E | readonly E[],
  f: (...args: A) => R,
  handler?: (error: InstanceType<E>) => H,
): (...args: A) => R | H {
  checkNotRevoked(errors, 'read the error classes of excepts from');
  const classes: unknown[] = [];
  if (Array.isArray(errors)) for (let i = 0; i < errors.length; i++) classes.push(errors[i]);
  else classes.push(errors);
  if (classes.length === 0 || !classes.every(isClass)) {
    throw new InvalidArgumentError(
      'excepts',
      'errors',
      'an error class or a non-empty array of them (classes, not predicates)',
      errors,
      'excepts(SyntaxError, JSON.parse)',
    );
  }
  checkFunction('excepts', 'f', f);
  if (handler !== undefined) checkFunction('excepts', 'handler', handler);
  return function (this: unknown, ...args: A): R | H {
    try {
      return f.apply(this, args);
    } catch (e) {
      // A revoked Proxy thrown by `f` has no readable prototype: it is `f`'s own error.
      if (isRevokedProxy(e) || !classes.some((c) => e instanceof (c as ErrorClass))) throw e;
      return handler === undefined ? (undefined as H) : handler(e as InstanceType<E>);
    }
  };
}
