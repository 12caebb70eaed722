/**
 * `contains(container, x)`: Python's `x in container` as a generic function (dispatched on
 * the container).
 *
 * Laws:
 * - Range: a boolean, or `UnsupportedTypeError` for values that are not containers.
 * - Consistency with equals: for arrays and iterables, `contains(c, x)` ⇔ some element `e`
 *   of `c` has `equals(e, x)`; so `equals(x, y)` ⇒ `contains(c, x) === contains(c, y)`.
 *
 * Resolution: an implementation registered for the container's type wins; then
 * `container[dunder.contains](x)`; then the built-in rules.
 */
import { type GenericFunction, singledispatch } from '../dispatch/index.js';
import { eq } from './equals.js';
import { UnsupportedTypeError } from './errors.js';
import { checked } from './iterate.js';
import { ARRAY, BOXED, kindOf, lookup, MAP, PLAIN, SET, unbox } from './kinds.js';
import { shared } from './state.js';
import { dunder } from './symbols.js';

const CONTAINS = dunder.contains;
const mapHas = Map.prototype.has;
const setHas = Set.prototype.has;
const CONTAINERS =
  'strings (substrings), arrays and other iterables (by equals), Map and Set (their own has), plain objects (own keys) and classes with [dunder.contains](x)';

function containsBuiltin(c: unknown, x: unknown): boolean {
  if (typeof c === 'string') return typeof x === 'string' && c.includes(x);
  if (typeof c !== 'object' || c === null) {
    if (typeof c === 'function') {
      const f = lookup(c as object, CONTAINS);
      if (typeof f === 'function')
        return Boolean((f as (this: unknown, x: unknown) => unknown).call(c, x));
    }
    throw new UnsupportedTypeError('contains', c, { supported: CONTAINERS });
  }
  const f = lookup(c as object, CONTAINS);
  if (typeof f === 'function')
    return Boolean((f as (this: unknown, x: unknown) => unknown).call(c, x));
  switch (kindOf(c)) {
    case ARRAY: {
      const a = c as unknown[];
      for (let i = 0; i < a.length; i++) if (eq(a[i], x)) return true;
      return false;
    }
    case MAP:
      return mapHas.call(c, x);
    case SET:
      return setHas.call(c, x);
    case BOXED: {
      const s = unbox(c);
      if (typeof s === 'string') return typeof x === 'string' && s.includes(x);
      break;
    }
    case PLAIN:
      if (typeof lookup(c as object, Symbol.iterator) === 'function') break;
      return (
        (typeof x === 'string' || typeof x === 'number' || typeof x === 'symbol') &&
        Object.hasOwn(c, x)
      );
  }
  const iterator = lookup(c as object, Symbol.iterator);
  if (typeof iterator === 'function') {
    for (const e of checked(c as Iterable<unknown>)) if (eq(e, x)) return true;
    return false;
  }
  throw new UnsupportedTypeError('contains', c, { supported: CONTAINERS });
}

const containsImpl = shared('contains', () =>
  singledispatch(function contains(container: unknown, x: unknown): boolean {
    return containsBuiltin(container, x);
  }),
) as GenericFunction<(container: unknown, x: unknown) => boolean>;

/**
 * Python's `in`: whether `container` contains `x`.
 *
 * When to use: membership over containers of any kind with value semantics — `[[1, 2]]`
 * contains `[1, 2]` here, where `Array.prototype.includes` says it does not.
 *
 * Details: strings test substrings (a non-string `x` is never in a string); arrays, typed
 * arrays and any other iterable are scanned with `equals` (an iterator is consumed, as in
 * Python); native `Map`/`Set` use their own `has` (SameValueZero, identity for objects — use
 * HashMap/HashSet for value keys); plain objects test own keys (`contains({ a: 1 }, 'a')`);
 * HashMap, HashSet and Counter test keys by `equals`. Other values throw
 * {@link UnsupportedTypeError}.
 *
 * Gotchas: the argument order is Python's `x in c` reversed: container first, so that dispatch
 * is on the container.
 *
 * @example
 * ```ts
 * import { contains, HashSet } from 'polyfold/protocols';
 * contains([[1, 2], [3]], [1, 2]); // true
 * contains('polyfold', 'fold'); // true
 * contains({ a: 1 }, 'a'); // true
 * contains(new HashSet([{ id: 1 }]), { id: 1 }); // true
 * ```
 */
export const contains: GenericFunction<(container: unknown, x: unknown) => boolean> = containsImpl;
