/**
 * Brand checks for the built-ins: the one table that both dispatch (chain.ts, to translate
 * another realm's intrinsics) and protocols (kinds.ts, to tell a Map from a Date) use.
 *
 * A brand check calls one of this realm's built-in getters or methods on the value inside a
 * `try`: the engine checks the internal slot (`[[MapData]]`, `[[DateValue]]`…) whatever realm
 * the value comes from, runs no user code (a Proxy has no slots, and no trap is called), and
 * throws without it. Never `instanceof` or `Symbol.toStringTag`, which lie across realms and
 * can be spoofed; no `node:util` (`util.types`), because this layer bundles for the browser.
 * Throwing is slow: callers try a brand only where it is expected to pass, or off the hot path.
 */

export type Brand = (value: object) => boolean;

const { getPrototypeOf, getOwnPropertyDescriptor } = Object;

/** The getter of `proto[key]`, called with any receiver. */
export const getterOf = (proto: object, key: PropertyKey): ((this: unknown) => unknown) =>
  getOwnPropertyDescriptor(proto, key)!.get as (this: unknown) => unknown;

/** A brand from a built-in that throws a TypeError on values without its internal slot. */
const branded =
  (probe: (value: object) => unknown): Brand =>
  (v) => {
    try {
      probe(v);
      return true;
    } catch {
      return false;
    }
  };

const typedArrayTag = getterOf(getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag) as (
  this: unknown,
) => string | undefined;
const mapSize = getterOf(Map.prototype, 'size');
const setSize = getterOf(Set.prototype, 'size');
const weakMapHas = WeakMap.prototype.has;
const weakSetHas = WeakSet.prototype.has;
const getTime = Date.prototype.getTime;
const REGEXP_PROTO = RegExp.prototype;
// `source` throws without [[OriginalSource]], except on this realm's RegExp.prototype itself.
const reSource = getterOf(REGEXP_PROTO, 'source');
const bufferLength = getterOf(ArrayBuffer.prototype, 'byteLength');
// Browsers without cross-origin isolation have no SharedArrayBuffer at all.
const SAB = (globalThis as { SharedArrayBuffer?: typeof SharedArrayBuffer }).SharedArrayBuffer;
const sharedLength = SAB ? getterOf(SAB.prototype, 'byteLength') : undefined;
/** `buffer`, not `byteLength`: the latter also throws for a view of a detached buffer. */
export const viewBuffer = getterOf(DataView.prototype, 'buffer');

/** `'Uint8Array'`… for typed arrays of any realm, read from the slot; undefined for the rest. */
export const typedArrayTagOf = (x: unknown): string | undefined => typedArrayTag.call(x);
export const isTypedArray: Brand = (x) => typedArrayTag.call(x) !== undefined;
export const isMap: Brand = branded((x) => mapSize.call(x));
export const isSet: Brand = branded((x) => setSize.call(x));
// `has` checks the slot before looking at the key.
export const isWeakMap: Brand = branded((x) =>
  weakMapHas.call(x as WeakMap<object, unknown>, undefined as never),
);
export const isWeakSet: Brand = branded((x) =>
  weakSetHas.call(x as WeakSet<object>, undefined as never),
);
export const isDate: Brand = branded((x) => getTime.call(x));
const hasRegExpSource: Brand = branded((x) => reSource.call(x));
export const isRegExp: Brand = (x) => x !== REGEXP_PROTO && hasRegExpSource(x);
export const isArrayBuffer: Brand = branded((x) => bufferLength.call(x));
export const isSharedArrayBuffer: Brand = sharedLength
  ? branded((x) => sharedLength.call(x))
  : () => false;
export const isDataView: Brand = branded((x) => viewBuffer.call(x));
export const isNumberObject: Brand = branded((x) => Number.prototype.valueOf.call(x));
export const isStringObject: Brand = branded((x) => String.prototype.valueOf.call(x));
export const isBooleanObject: Brand = branded((x) => Boolean.prototype.valueOf.call(x));
export const isBigIntObject: Brand = branded((x) => BigInt.prototype.valueOf.call(x));
export const isSymbolObject: Brand = branded((x) => Symbol.prototype.valueOf.call(x));

const objectToString = Object.prototype.toString;
const errorIsError = (Error as { isError?: (x: unknown) => boolean }).isError;
/**
 * Native errors of any realm (`util.types.isNativeError`). No built-in method checks
 * `[[ErrorData]]` before ES2026's `Error.isError`; until then `Object.prototype.toString`
 * does (it says `[object Error]` only for objects with the slot) unless a
 * `Symbol.toStringTag` is present to spoof it, which is refused.
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

/**
 * JavaScript has no side-effect-free brand check for promises (`then` subscribes, and marks a
 * rejected promise handled), so a foreign value whose prototype is that realm's native
 * `Promise.prototype` (which chain.ts checks first) counts as a promise when it is thenable.
 */
export const isPromise: Brand = (v) => typeof (v as { then?: unknown }).then === 'function';

const TYPED_ARRAYS = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

/**
 * This realm's built-in constructors by name, each with the brand that proves a value (of any
 * realm) is one of them. Dispatch translates another realm's prototypes with it; protocols
 * read the brands they need from here too.
 */
export const BUILTINS: Readonly<Record<string, readonly [Function, Brand]>> = (() => {
  const table: Record<string, readonly [Function, Brand]> = {
    Array: [Array, (v) => Array.isArray(v)],
    Map: [Map, isMap],
    Set: [Set, isSet],
    WeakMap: [WeakMap, isWeakMap],
    WeakSet: [WeakSet, isWeakSet],
    Date: [Date, isDate],
    RegExp: [RegExp, isRegExp],
    Promise: [Promise, isPromise],
    ArrayBuffer: [ArrayBuffer, isArrayBuffer],
    DataView: [DataView, isDataView],
    Function: [Function, (v) => typeof v === 'function'],
    Number: [Number, isNumberObject],
    String: [String, isStringObject],
    Boolean: [Boolean, isBooleanObject],
    BigInt: [BigInt, isBigIntObject],
    Symbol: [Symbol, isSymbolObject],
    Error: [Error, isNativeError],
    TypeError: [TypeError, isNativeError],
    RangeError: [RangeError, isNativeError],
    SyntaxError: [SyntaxError, isNativeError],
    ReferenceError: [ReferenceError, isNativeError],
    EvalError: [EvalError, isNativeError],
    URIError: [URIError, isNativeError],
    AggregateError: [AggregateError, isNativeError],
  };
  if (SAB) table.SharedArrayBuffer = [SAB, isSharedArrayBuffer];
  for (const name of TYPED_ARRAYS) {
    const ctor = (globalThis as unknown as Record<string, Function>)[name];
    if (ctor) table[name] = [ctor, (v) => typedArrayTag.call(v) === name];
  }
  return table;
})();
