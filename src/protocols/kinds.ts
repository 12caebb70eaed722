/**
 * What kind of built-in a value is, decided once so every protocol agrees.
 *
 * Same-realm values are recognised by their prototype (one load and a comparison) confirmed by
 * a brand check; subclasses and values from another realm (a `vm` context, an iframe) are
 * recognised by brand checks alone, never by `instanceof` or `Symbol.toStringTag`, which lie
 * across realms and can be spoofed.
 *
 * The brand checks are dispatch's (dispatch/brands.ts, the lower layer): one table of
 * built-ins for both layers, so dispatch and the protocols cannot disagree about what a Map
 * is. Throwing is slow, so a brand that is expected to fail is not tried on the common path.
 */

import { PrototypeChainError } from '../dispatch/index.js';
import * as brands from '../dispatch/internal.js';
import { type Brand, checkNotRevoked } from '../dispatch/internal.js';

// The brands are dispatch's (one table for both layers), bound here once: a call through a
// module namespace (a bundler's or a test runner's getter) is a frame more on every check,
// and these run at the bottom of the deepest recursions (hash and equals of nested values).
export const isTypedArray: Brand = brands.isTypedArray;
export const isMap: Brand = brands.isMap;
export const isSet: Brand = brands.isSet;
export const isDate: Brand = brands.isDate;
export const isRegExp: Brand = brands.isRegExp;
export const isArrayBuffer: Brand = brands.isArrayBuffer;
export const isSharedArrayBuffer: Brand = brands.isSharedArrayBuffer;
export const isDataView: Brand = brands.isDataView;
export const isNativeError: Brand = brands.isNativeError;
const isNumberObject: Brand = brands.isNumberObject;
const isStringObject: Brand = brands.isStringObject;
const isBooleanObject: Brand = brands.isBooleanObject;
const isBigIntObject: Brand = brands.isBigIntObject;
const isSymbolObject: Brand = brands.isSymbolObject;
const getterOf = brands.getterOf;
const viewBuffer = brands.viewBuffer;
const typedArrayTagOf = brands.typedArrayTagOf;

export const OTHER = 0;
export const ARRAY = 1;
export const PLAIN = 2;
export const MAP = 3;
export const SET = 4;
export const DATE = 5;
export const REGEXP = 6;
export const TYPED = 7;
export const BOXED = 8;
export const BUFFER = 9;
export const DATAVIEW = 10;
export const FUNCTION = 11;
export type Kind = number;

const { getPrototypeOf, getOwnPropertyDescriptor } = Object;
const OBJECT_PROTO = Object.prototype;
const MAP_PROTO = Map.prototype;
const SET_PROTO = Set.prototype;
const DATE_PROTO = Date.prototype;
const REGEXP_PROTO = RegExp.prototype;
const fnToString = Function.prototype.toString;
// Browsers without cross-origin isolation have no SharedArrayBuffer at all.
const SAB = (globalThis as { SharedArrayBuffer?: typeof SharedArrayBuffer }).SharedArrayBuffer;

/** Kinds whose same-realm prototype identifies a candidate, with the brand that confirms it. */
const CANDIDATES = new Map<object, readonly [Kind, Brand]>([
  [MAP_PROTO, [MAP, isMap]],
  [SET_PROTO, [SET, isSet]],
  [DATE_PROTO, [DATE, isDate]],
  [REGEXP_PROTO, [REGEXP, isRegExp]],
  [Number.prototype, [BOXED, isNumberObject]],
  [String.prototype, [BOXED, isStringObject]],
  [Boolean.prototype, [BOXED, isBooleanObject]],
  [BigInt.prototype, [BOXED, isBigIntObject]],
  [Symbol.prototype, [BOXED, isSymbolObject]],
  [ArrayBuffer.prototype, [BUFFER, isArrayBuffer]],
  [DataView.prototype, [DATAVIEW, isDataView]],
  ...(SAB ? [[SAB.prototype, [BUFFER, isSharedArrayBuffer]] as const] : []),
]);

/** Every brand, in the order `util.types` was consulted before (typed arrays are done first). */
const BRANDS: ReadonlyArray<readonly [Kind, Brand]> = [
  [MAP, isMap],
  [SET, isSet],
  [DATE, isDate],
  [REGEXP, isRegExp],
  [BOXED, isNumberObject],
  [BOXED, isStringObject],
  [BOXED, isBooleanObject],
  [BOXED, isBigIntObject],
  [BOXED, isSymbolObject],
  [BUFFER, isArrayBuffer],
  [BUFFER, isSharedArrayBuffer],
  [DATAVIEW, isDataView],
];

// Longer than any real prototype chain; a Proxy's endless chain stops here.
const MAX_CHAIN = 1000;

/**
 * `x[key]`, the lookup of a dunder method (or of `Symbol.iterator`). A revoked Proxy fails with
 * a PrototypeChainError instead of the engine's bare TypeError; an error thrown by a live
 * Proxy's trap or by a getter is the value's own and passes through unchanged.
 */
export function lookup(x: object, key: symbol): unknown {
  try {
    return (x as Record<symbol, unknown>)[key];
  } catch (e) {
    checkNotRevoked(x, 'use');
    throw e;
  }
}

const viewOffset = getterOf(DataView.prototype, 'byteOffset');
const viewLength = getterOf(DataView.prototype, 'byteLength');
const NO_BYTES = new Uint8Array(0);

/**
 * The bytes of a buffer (`BUFFER`) or a DataView (`DATAVIEW`), read through this realm's own
 * getters. A detached buffer has none (its bytes are gone; reading them throws), so it compares
 * and hashes as empty instead of failing with the engine's bare TypeError.
 */
export function bytesOf(x: object, kind: Kind): Uint8Array {
  try {
    if (kind === BUFFER) return new Uint8Array(x as ArrayBuffer);
    return new Uint8Array(
      viewBuffer.call(x) as ArrayBuffer,
      viewOffset.call(x) as number,
      viewLength.call(x) as number,
    );
  } catch {
    return NO_BYTES;
  }
}

/** The kind of a non-null object or function. */
export function kindOf(x: object): Kind {
  let array: boolean;
  try {
    array = Array.isArray(x);
  } catch (e) {
    // Only a revoked Proxy makes Array.isArray throw.
    throw new PrototypeChainError(x, 'unreadable', e, 'use');
  }
  if (array) return ARRAY;
  const p = getPrototypeOf(x) as object | null;
  if (p === OBJECT_PROTO || p === null) return PLAIN;
  // Confirmed by the brand: a Proxy of a Map has Map.prototype but no [[MapData]].
  if (p === MAP_PROTO && isMap(x)) return MAP;
  if (p === SET_PROTO && isSet(x)) return SET;
  if (p === DATE_PROTO && isDate(x)) return DATE;
  if (typeof x === 'function') return FUNCTION;
  if (p === REGEXP_PROTO && isRegExp(x)) return REGEXP;
  if (isTypedArray(x)) return TYPED;
  // Walk the chain: a subclass of a built-in meets that built-in's prototype; an ordinary
  // class instance reaches our Object.prototype without meeting one, and no brand is tried.
  let last: object | null = p;
  try {
    // Bounded: only a Proxy can make a chain cyclic or endless (or throw from its trap).
    let q: object | null = p;
    for (let n = 0; q !== null && n < MAX_CHAIN; n++) {
      const candidate = CANDIDATES.get(q);
      if (candidate?.[1](x)) return candidate[0];
      last = q;
      q = getPrototypeOf(q) as object | null;
    }
  } catch {
    last = null;
  }
  if (last !== OBJECT_PROTO) {
    // Another realm's intrinsics (or a hand-built chain): only brands can tell.
    for (const [kind, brand] of BRANDS) if (brand(x)) return kind;
  }
  if (isForeignPlainPrototype(p)) return PLAIN;
  return OTHER;
}

/** `Object.prototype` of another realm: its own prototype is null and its constructor native `Object`. */
function isForeignPlainPrototype(p: object): boolean {
  if (getPrototypeOf(p) !== null) return false;
  const ctor = getOwnPropertyDescriptor(p, 'constructor')?.value as unknown;
  if (typeof ctor !== 'function' || ctor.name !== 'Object') return false;
  try {
    return fnToString.call(ctor).endsWith('{ [native code] }');
  } catch {
    return false;
  }
}

const valueOfs: ReadonlyArray<(x: object) => unknown> = [
  (x) => Number.prototype.valueOf.call(x),
  (x) => String.prototype.valueOf.call(x),
  (x) => Boolean.prototype.valueOf.call(x),
  (x) => BigInt.prototype.valueOf.call(x),
  (x) => Symbol.prototype.valueOf.call(x),
];

/** The primitive inside a boxed primitive (`new Number(1)` → 1), read without trusting `valueOf`. */
export function unbox(x: object): unknown {
  // Each `valueOf` is its type's brand check: it throws on anything else.
  for (const value of valueOfs) {
    try {
      return value(x);
    } catch {
      // not this type
    }
  }
  return undefined;
}

/** `'Uint8Array'`, `'Float64Array'`… read from the internal slot, so it cannot be spoofed. */
export function typedArrayName(x: object): string {
  return typedArrayTagOf(x) ?? 'TypedArray';
}

/** True for values that are not objects or functions. */
export function isPrimitive(x: unknown): boolean {
  return typeof x === 'object' ? x === null : typeof x !== 'function';
}

/**
 * The name of a value's type for messages: `number`, `string`, `null`, `Date`, `Point`,
 * `Object`… Never throws and never runs user code (it reads the constructor from the
 * prototype's own property, not through getters on the value).
 */
export function typeName(x: unknown): string {
  if (x === null) return 'null';
  const t = typeof x;
  if (t !== 'object' && t !== 'function') return t;
  try {
    const p = getPrototypeOf(x) as object | null;
    if (p === null) return 'Object (null prototype)';
    const ctor = getOwnPropertyDescriptor(p, 'constructor')?.value as unknown;
    if (typeof ctor === 'function' && typeof ctor.name === 'string' && ctor.name) return ctor.name;
  } catch {
    // A revoked proxy or an exotic object: fall through to a generic name.
  }
  return t === 'function' ? 'Function' : 'Object';
}
