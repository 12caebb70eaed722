/**
 * `hash(x)`: Python's `hash()` as a generic function.
 *
 * Laws (checked by `eqLaws` and `hashLaws` from `polyfold/laws`):
 * - Consistency with equals: `equals(a, b)` ⇒ `hash(a) === hash(b)` (so `hash(0) === hash(-0)`
 *   and `hash(NaN) === hash(NaN)`).
 * - Range: `hash(x)` is a 32-bit signed integer (`hash(x) === (hash(x) | 0)`).
 * - Determinism: `hash(x)` is the same every time within one process, as long as `x` is not
 *   mutated. It differs between processes: a random seed is mixed in (Python's
 *   `PYTHONHASHSEED`), so never persist or send hashes. Set `POLYFOLD_HASHSEED=<integer>` in
 *   the environment to fix the seed (for reproducing a run, not for security).
 * - Quality: order-sensitive for sequences (`[1, 2]` vs `[2, 1]`), order-insensitive for sets,
 *   maps and object keys, no pair cancellation (`[]` vs `[1, 1]`).
 *
 * Resolution: an implementation registered for `x`'s type wins; then `x[dunder.hash]()`; then
 * the built-in behaviour.
 */
import { type GenericFunction, singledispatch } from '../dispatch/index.js';
import { outermost, ProtocolResultError } from './errors.js';
import {
  ARRAY,
  BOXED,
  BUFFER,
  bytesOf,
  DATAVIEW,
  DATE,
  FUNCTION,
  type Kind,
  kindOf,
  lookup,
  MAP,
  OTHER,
  PLAIN,
  REGEXP,
  SET,
  TYPED,
  typedArrayName,
  unbox,
} from './kinds.js';
import { finish, fmix, pair, step, Unordered } from './mix.js';
import { shared, state } from './state.js';
import { dunder } from './symbols.js';

const HASH = dunder.hash;
const SEED = state.seed;
const { keys: objectKeys } = Object;
const mapEntries = Map.prototype.entries;
const setValues = Set.prototype.values;
const getTime = Date.prototype.getTime;
const reSource = Object.getOwnPropertyDescriptor(RegExp.prototype, 'source')!.get!;
const reFlags = Object.getOwnPropertyDescriptor(RegExp.prototype, 'flags')!.get!;

// One tag per kind of value, so `1`, `'1'`, `[1]` and `new Set([1])` do not systematically collide.
const tag = (n: number): number => fmix(SEED ^ Math.imul(n, 0x9e3779b1));
const T_NUMBER = tag(1);
const T_FLOAT = tag(2);
const T_STRING = tag(3);
const T_BIGINT = tag(4);
const T_SYMBOL = tag(5);
const H_TRUE = tag(6);
const H_FALSE = tag(7);
const H_NULL = tag(8);
const H_UNDEFINED = tag(9);
const H_NAN = tag(10);
const T_ARRAY = tag(11);
const T_PLAIN = tag(12);
const T_MAP = tag(13);
const T_SET = tag(14);
const T_DATE = tag(15);
const T_REGEXP = tag(16);
const T_TYPED = tag(17);
const T_BOXED = tag(18);
const T_BYTES = tag(19);
const T_ENTRY = tag(20);
const H_CYCLIC = tag(21);

const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);

/** Numbers: small integers by value, others by their bits; `0`/`-0` and every `NaN` agree. */
export function hashNumber(n: number): number {
  if ((n | 0) === n) return fmix(n ^ T_NUMBER);
  if (Number.isNaN(n)) return H_NAN;
  f64[0] = n;
  return finish(step(step(T_FLOAT, i32[0]!), i32[1]!), 8);
}

/** Strings: MurmurHash3 over UTF-16 code units, two per block. */
export function hashString(s: string): number {
  let h = T_STRING;
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) h = step(h, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
  if (i < n) h = step(h, s.charCodeAt(i));
  return finish(h, n);
}

function hashBigInt(b: bigint): number {
  const small = BigInt.asIntN(32, b);
  if (small === b) return fmix(Number(small) ^ T_BIGINT);
  let h = b < 0n ? ~T_BIGINT : T_BIGINT;
  let rest = b < 0n ? -b : b;
  let words = 0;
  while (rest > 0n) {
    h = step(h, Number(BigInt.asUintN(32, rest)) | 0);
    rest >>= 32n;
    words++;
  }
  return finish(h, words);
}

function hashSymbol(s: symbol): number {
  // Symbols are equal only to themselves; hashing the description is consistent with that.
  return fmix(hashString(s.description ?? '') ^ T_SYMBOL);
}

/** A stable per-object hash for values compared by identity (class instances, functions). */
export function identityHash(x: object): number {
  const known = state.identity.get(x);
  if (known !== undefined) return known;
  const h = fmix(Math.imul(state.nextIdentity++, 0x9e3779b1) ^ SEED);
  state.identity.set(x, h);
  return h;
}

// Objects on the path being hashed, outermost first. Meeting one again means a cycle. A
// structural hash of a cycle would have to unfold it forever, and two equal cyclic values
// can unfold at different rates (`a = [a]` equals `b = [[b]]`), so on a cycle the whole
// top-level hash falls back to a coarse hash that equal values share (kind and size).
const path: unknown[] = [];
let top = 0;
const CYCLE = Symbol('cycle');

function hashWith(x: object, kind: Kind, body: (x: object, kind: Kind) => number): number {
  const n = top;
  for (let i = 0; i < n; i++) if (path[i] === x) throw CYCLE;
  try {
    path[n] = x;
    top = n + 1;
    return body(x, kind);
  } catch (e) {
    if (n === 0) {
      if (e === CYCLE) return coarseHash(x, kind);
      throw outermost('hash', x, e);
    }
    throw e;
  } finally {
    // Plain assignments, never a call: after a stack overflow a call here would throw again
    // and leave `x` on the path, so later hashes of it would see a cycle that is not there.
    top = n;
    path[n] = undefined;
    if (n === 0 && path.length > 1024) path.length = 0;
  }
}

function coarseHash(x: object, kind: Kind): number {
  switch (kind) {
    case ARRAY:
      return finish(T_ARRAY, (x as unknown[]).length);
    case PLAIN: {
      const acc = new Unordered();
      for (const k of objectKeys(x)) acc.add(hashString(k));
      return acc.done(T_PLAIN);
    }
    case MAP:
      return finish(T_MAP, (x as Map<unknown, unknown>).size);
    case SET:
      return finish(T_SET, (x as Set<unknown>).size);
    default:
      return H_CYCLIC;
  }
}

function checkHash(x: unknown, h: unknown): number {
  if (typeof h !== 'number')
    throw new ProtocolResultError('hash', x, h, 'a number (a 32-bit integer)');
  return h | 0;
}

const callDunder = (x: object, _kind: Kind): number => {
  const f = lookup(x, HASH) as (this: object) => unknown;
  return checkHash(x, f.call(x));
};

/** The built-in behaviour (the default implementation), dunder methods included. */
export function hashBuiltin(x: unknown): number {
  switch (typeof x) {
    case 'number':
      return hashNumber(x);
    case 'string':
      return hashString(x);
    case 'boolean':
      return x ? H_TRUE : H_FALSE;
    case 'undefined':
      return H_UNDEFINED;
    case 'bigint':
      return hashBigInt(x);
    case 'symbol':
      return hashSymbol(x);
    default:
      return x === null ? H_NULL : hashObject(x as object);
  }
}

function hashObject(x: object): number {
  if (typeof lookup(x as object, HASH) === 'function') {
    // At the top level the object need not be on the path: a cycle back to it is caught one
    // level down (and hashes the same way for equal values), so skip the bookkeeping.
    if (top !== 0) return hashWith(x, OTHER, callDunder);
    try {
      return callDunder(x, OTHER);
    } catch (e) {
      throw outermost('hash', x, e);
    }
  }
  const kind = kindOf(x);
  if (kind === OTHER || kind === FUNCTION) return identityHash(x);
  if (kind > SET) return leafHash(x, kind);
  return hashWith(x, kind, containerHash);
}

const hashImpl = shared('hash', () =>
  singledispatch(function hash(x: unknown): number {
    return hashBuiltin(x);
  }),
) as GenericFunction<(x: unknown) => number>;
const registry = hashImpl.registry;

/** Hash for nested values and HashMap keys: skips dispatch while nothing is registered. */
export function hashOf(x: unknown): number {
  return registry.size === 0 ? hashBuiltin(x) : checkHash(x, hashImpl(x));
}

function containerHash(x: object, kind: Kind): number {
  switch (kind) {
    case ARRAY: {
      const a = x as unknown[];
      const n = a.length;
      let h = T_ARRAY;
      for (let i = 0; i < n; i++) h = step(h, hashOf(a[i]));
      return finish(h, n);
    }
    case PLAIN: {
      const o = x as Record<string, unknown>;
      const acc = new Unordered();
      for (const k of objectKeys(o)) acc.add(pair(T_ENTRY, hashString(k), hashOf(o[k])));
      return acc.done(T_PLAIN);
    }
    case MAP: {
      const acc = new Unordered();
      for (const [k, v] of mapEntries.call(x) as IterableIterator<[unknown, unknown]>) {
        acc.add(pair(T_ENTRY, hashOf(k), hashOf(v)));
      }
      return acc.done(T_MAP);
    }
    default: {
      const acc = new Unordered();
      for (const v of setValues.call(x) as IterableIterator<unknown>) acc.add(hashOf(v));
      return acc.done(T_SET);
    }
  }
}

function bytesHash(tag: number, bytes: Uint8Array): number {
  let h = tag;
  const n = bytes.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    h = step(h, bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
  }
  for (; i < n; i++) h = step(h, bytes[i]!);
  return finish(h, n);
}

function leafHash(x: object, kind: Kind): number {
  switch (kind) {
    case DATE:
      return fmix(hashNumber(getTime.call(x)) ^ T_DATE);
    case REGEXP:
      return finish(
        step(step(T_REGEXP, hashString(reSource.call(x))), hashString(reFlags.call(x))),
        2,
      );
    case TYPED: {
      const a = x as unknown as ArrayLike<number | bigint>;
      let h = step(T_TYPED, hashString(typedArrayName(x)));
      for (let i = 0; i < a.length; i++) {
        const v = a[i]!;
        h = step(h, typeof v === 'number' ? hashNumber(v) : hashBigInt(v));
      }
      return finish(h, a.length);
    }
    case BOXED:
      return fmix(hashBuiltin(unbox(x)) ^ T_BOXED);
    case BUFFER:
    case DATAVIEW:
      return bytesHash(T_BYTES, bytesOf(x, kind));
    default:
      return identityHash(x);
  }
}

/**
 * Python's `hash()`: a 32-bit integer consistent with `equals`, extensible by anyone.
 *
 * When to use: in a `[dunder.hash]()` method (hash the fields that `[dunder.eq]` compares,
 * as a tuple: `hash([this.x, this.y])`), or to key your own hash-based structure.
 *
 * Details: primitives hash by value (`0` and `-0` alike), arrays and typed arrays in order,
 * plain objects, Maps and Sets regardless of order, Dates by time, RegExps by source and
 * flags, boxed primitives by their value; other objects by identity (a stable per-object
 * number) unless they have `[dunder.hash]` or a registered implementation. A random per-process
 * seed is mixed in, so adversarial keys cannot force collisions.
 *
 * Gotchas: hashes differ between processes (and between runs): never store them or send them
 * to another process. Do not mutate a value while it is a key in a HashMap or HashSet.
 *
 * @example
 * ```ts
 * import { hash } from 'polyfold/protocols';
 * hash([1, 2]) === hash([1, 2]); // true
 * hash([1, 2]) === hash([2, 1]); // false
 * hash({ a: 1, b: 2 }) === hash({ b: 2, a: 1 }); // true
 * hash(0) === hash(-0); // true
 * Number.isInteger(hash('text')); // true
 * ```
 */
export const hash: GenericFunction<(x: unknown) => number> = hashImpl;

/**
 * Combines the hashes of values in order, as `hash` does for an array (without allocating
 * one): the building block for a `[dunder.hash]()` method.
 *
 * @example
 * ```ts
 * import { dunder, hash, hashValues } from 'polyfold/protocols';
 * class Point {
 *   constructor(readonly x: number, readonly y: number) {}
 *   [dunder.hash]() { return hashValues(this.x, this.y); }
 * }
 * hashValues(1, 2) === hash([1, 2]); // true
 * ```
 */
export function hashValues(...values: unknown[]): number {
  let h = T_ARRAY;
  for (let i = 0; i < values.length; i++) h = step(h, hashOf(values[i]));
  return finish(h, values.length);
}

/** Order-insensitive combination of (key hash, value hash) pairs, for maps and Counter. */
export function hashEntries(kindTag: number, entries: Iterable<readonly [number, number]>): number {
  const acc = new Unordered();
  for (const [k, v] of entries) acc.add(pair(T_ENTRY, k, v));
  return acc.done(fmix(kindTag ^ SEED));
}

/** Order-insensitive combination of element hashes, for sets. */
export function hashElements(kindTag: number, hashes: Iterable<number>): number {
  const acc = new Unordered();
  for (const h of hashes) acc.add(h);
  return acc.done(fmix(kindTag ^ SEED));
}
