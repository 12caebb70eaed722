/**
 * What kind of built-in a value is, decided once so every protocol agrees.
 *
 * Same-realm values are recognised by their prototype (one load and a comparison) confirmed by
 * a brand check; subclasses and values from another realm (a `vm` context, an iframe) are
 * recognised by brand checks alone, never by `instanceof` or `Symbol.toStringTag`, which lie
 * across realms and can be spoofed.
 *
 * A brand check calls one of this realm's built-in getters or methods on the value: the engine
 * checks the internal slot (`[[MapData]]`, `[[DateValue]]`…) and throws a TypeError when it is
 * missing, whatever realm the value comes from, and without running user code (a Proxy has no
 * slots and no trap is called). No `node:util`: this layer must bundle for the browser.
 * Throwing is slow, so a brand that is expected to fail is not tried on the common path.
 */

import { PrototypeChainError } from '../dispatch/index.js';
import { checkNotRevoked } from '../dispatch/internal.js';

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

type Brand = (x: object) => boolean;
const getter = (proto: object, key: PropertyKey): ((this: unknown) => unknown) =>
  getOwnPropertyDescriptor(proto, key)!.get as (this: unknown) => unknown;
/** A brand check from a built-in that throws a TypeError on values without the slot. */
const branded =
  (probe: (x: object) => unknown): Brand =>
  (x) => {
    try {
      probe(x);
      return true;
    } catch {
      return false;
    }
  };

const typedArrayTag = getter(getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag) as (
  this: unknown,
) => string | undefined;
const mapSize = getter(Map.prototype, 'size');
const setSize = getter(Set.prototype, 'size');
const getTime = Date.prototype.getTime;
// `source` throws without [[OriginalSource]], except on this realm's RegExp.prototype itself.
const reSource = getter(REGEXP_PROTO, 'source');
const bufferLength = getter(ArrayBuffer.prototype, 'byteLength');
// Browsers without cross-origin isolation have no SharedArrayBuffer at all.
const SAB = (globalThis as { SharedArrayBuffer?: typeof SharedArrayBuffer }).SharedArrayBuffer;
const sharedLength = SAB ? getter(SAB.prototype, 'byteLength') : undefined;
// `buffer`, not `byteLength`: the latter also throws for a view of a detached buffer.
const viewBuffer = getter(DataView.prototype, 'buffer');

/** True for typed arrays of any realm (the getter returns undefined for everything else). */
export const isTypedArray: Brand = (x) => typedArrayTag.call(x) !== undefined;
export const isMap: Brand = branded((x) => mapSize.call(x));
export const isSet: Brand = branded((x) => setSize.call(x));
export const isDate: Brand = branded((x) => getTime.call(x));
const hasRegExpSource: Brand = branded((x) => reSource.call(x));
export const isRegExp: Brand = (x) => x !== REGEXP_PROTO && hasRegExpSource(x);
export const isArrayBuffer: Brand = branded((x) => bufferLength.call(x));
export const isSharedArrayBuffer: Brand = sharedLength
  ? branded((x) => sharedLength.call(x))
  : () => false;
export const isDataView: Brand = branded((x) => viewBuffer.call(x));
const isNumberObject: Brand = branded((x) => Number.prototype.valueOf.call(x));
const isStringObject: Brand = branded((x) => String.prototype.valueOf.call(x));
const isBooleanObject: Brand = branded((x) => Boolean.prototype.valueOf.call(x));
const isBigIntObject: Brand = branded((x) => BigInt.prototype.valueOf.call(x));
const isSymbolObject: Brand = branded((x) => Symbol.prototype.valueOf.call(x));

const objectToString = Object.prototype.toString;
const errorIsError = (Error as { isError?: (x: unknown) => boolean }).isError;
/**
 * True for native errors of any realm (`util.types.isNativeError`). No built-in method checks
 * `[[ErrorData]]` before ES2026's `Error.isError`; until then `Object.prototype.toString` does
 * (it says `[object Error]` only for objects with the slot) unless a `Symbol.toStringTag` is
 * present to spoof it, which is refused.
 */
export const isNativeError: Brand = errorIsError
  ? (x) => errorIsError(x)
  : (x) => {
      try {
        return !(Symbol.toStringTag in x) && objectToString.call(x) === '[object Error]';
      } catch {
        return false;
      }
    };

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

const viewOffset = getter(DataView.prototype, 'byteOffset');
const viewLength = getter(DataView.prototype, 'byteLength');
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
  return typedArrayTag.call(x) ?? 'TypedArray';
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
