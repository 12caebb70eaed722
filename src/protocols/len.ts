/**
 * `len(x)`: Python's `len()` as a generic function.
 *
 * Laws:
 * - Range: `len(x)` is a non-negative integer, or the call throws `UnsupportedTypeError`.
 * - Consistency with equals: `equals(a, b)` ⇒ `len(a) === len(b)`.
 * - Consistency with truthy: for a value without `[dunder.bool]`, `truthy(x) === (len(x) > 0)`.
 *
 * Resolution: an implementation registered for `x`'s type wins; then `x[dunder.len]()`; then
 * the built-in sizes.
 */
import { type GenericFunction, singledispatch } from '../dispatch/index.js';
import { ProtocolResultError, UnsupportedTypeError } from './errors.js';
import {
  ARRAY,
  BOXED,
  BUFFER,
  bytesOf,
  DATAVIEW,
  kindOf,
  lookup,
  MAP,
  PLAIN,
  SET,
  TYPED,
  unbox,
} from './kinds.js';
import { shared } from './state.js';
import { dunder } from './symbols.js';

const LEN = dunder.len;
const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, 'size')!.get!;
const setSize = Object.getOwnPropertyDescriptor(Set.prototype, 'size')!.get!;
const SIZED =
  'strings, arrays, typed arrays, Map, Set, ArrayBuffer, DataView, plain objects (their key count) and classes with [dunder.len]()';

/** Checks what a `[dunder.len]()` or a registered `len` returned. */
export function checkLength(x: unknown, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new ProtocolResultError('len', x, n, 'a non-negative integer');
  }
  return n;
}

/**
 * The built-in size of `x`, or `undefined` when it has none (so `truthy` can ask without
 * catching). Dunder methods included.
 */
export function sizeOf(x: unknown): number | undefined {
  if (typeof x === 'string') return x.length;
  if ((typeof x !== 'object' || x === null) && typeof x !== 'function') return undefined;
  const f = lookup(x as object, LEN);
  if (typeof f === 'function') return checkLength(x, (f as (this: unknown) => unknown).call(x));
  if (typeof x === 'function') return undefined;
  const kind = kindOf(x);
  switch (kind) {
    case ARRAY:
      return (x as unknown[]).length;
    case TYPED:
      return (x as unknown as ArrayLike<unknown>).length;
    case MAP:
      return mapSize.call(x);
    case SET:
      return setSize.call(x);
    case PLAIN:
      return Object.keys(x).length;
    case BUFFER:
    case DATAVIEW:
      // Through this realm's getters (a view of a detached buffer throws on `byteLength`).
      return bytesOf(x, kind).length;
    case BOXED: {
      const v = unbox(x);
      return typeof v === 'string' ? v.length : undefined;
    }
    default:
      return undefined;
  }
}

function lenBuiltin(x: unknown): number {
  const n = sizeOf(x);
  if (n === undefined) throw new UnsupportedTypeError('len', x, { supported: SIZED });
  return n;
}

const lenImpl = shared('len', () =>
  singledispatch(function len(x: unknown): number {
    return lenBuiltin(x);
  }),
) as GenericFunction<(x: unknown) => number>;

/**
 * Python's `len()`: the number of items in a collection.
 *
 * When to use: generic code over collections of different kinds (arrays, Maps, Sets, strings,
 * HashMaps, your own classes) that needs one way to ask for a size.
 *
 * Details: strings (UTF-16 code units, as `.length`), arrays, typed arrays (elements),
 * `Map`/`Set` (`size`), `ArrayBuffer`/`DataView` (bytes), plain objects (own enumerable
 * keys), `[dunder.len]()`. Anything else throws {@link UnsupportedTypeError} naming the type.
 *
 * Gotchas: a `[dunder.len]()` must return a non-negative integer (else
 * {@link ProtocolResultError}).
 *
 * @example
 * ```ts
 * import { dunder, len } from 'polyfold/protocols';
 * len('abc'); // 3
 * len(new Map([[1, 2]])); // 1
 * len({ a: 1, b: 2 }); // 2
 * len({ [dunder.len]: () => 7 }); // 7
 * try { len(5); } catch (e) { (e as Error).message; } // 'len: unsupported type number (5). …'
 * ```
 */
export const len: GenericFunction<(x: unknown) => number> = lenImpl;
