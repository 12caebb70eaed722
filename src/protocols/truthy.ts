/**
 * `truthy(x)`: Python's `bool()` as a generic function.
 *
 * Laws:
 * - Range: `truthy(x)` is a boolean.
 * - Emptiness: for a sized value without `[dunder.bool]`, `truthy(x) === (len(x) > 0)`.
 * - Consistency with equals: `equals(a, b)` ⇒ `truthy(a) === truthy(b)` for built-ins.
 *
 * Resolution: an implementation registered for `x`'s type wins; then `x[dunder.bool]()`; then
 * `x[dunder.len]()`; then the built-in rules.
 */
import { type GenericFunction, singledispatch } from '../dispatch/index.js';
import { ProtocolResultError } from './errors.js';
import { BOXED, isPrimitive, kindOf, lookup, unbox } from './kinds.js';
import { sizeOf } from './len.js';
import { shared } from './state.js';
import { dunder } from './symbols.js';

const BOOL = dunder.bool;

function truthyBuiltin(x: unknown): boolean {
  if (isPrimitive(x)) return Boolean(x);
  const f = lookup(x as object, BOOL);
  if (typeof f === 'function') {
    const b = (f as (this: unknown) => unknown).call(x);
    if (typeof b !== 'boolean') throw new ProtocolResultError('truthy', x, b, 'a boolean');
    return b;
  }
  if (typeof x === 'object' && kindOf(x as object) === BOXED) return Boolean(unbox(x as object));
  const n = sizeOf(x);
  return n === undefined || n > 0;
}

const truthyImpl = shared('truthy', () =>
  singledispatch(function truthy(x: unknown): boolean {
    return truthyBuiltin(x);
  }),
) as GenericFunction<(x: unknown) => boolean>;

/**
 * Python's truthiness: empty collections are false.
 *
 * When to use: "is there anything in it?" over collections of any kind, where JavaScript's
 * `if (x)` says an empty array, Map or object is true.
 *
 * Details: primitives keep JavaScript truthiness (`0`, `NaN`, `''`, `0n`, `null`, `undefined`
 * and `false` are false); boxed primitives follow their value; arrays, typed arrays, Maps,
 * Sets, plain objects, ArrayBuffers and anything with `[dunder.len]()` are false when empty;
 * `[dunder.bool]()` decides for its class; every other object is true.
 *
 * Gotchas: `[dunder.bool]()` must return a boolean (else {@link ProtocolResultError}).
 *
 * @example
 * ```ts
 * import { truthy } from 'polyfold/protocols';
 * truthy([]); // false
 * truthy({}); // false
 * truthy(new Map([[1, 1]])); // true
 * truthy(NaN); // false
 * truthy(new Date()); // true
 * ```
 */
export const truthy: GenericFunction<(x: unknown) => boolean> = truthyImpl;
