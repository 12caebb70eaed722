/**
 * The chain of a value: the prototypes dispatch walks, most derived first, normalised so that
 * every value ends at this realm's `Object.prototype`.
 *
 * - Primitives walk their wrapper's prototype (`1` walks `Number.prototype`, `Object.prototype`).
 * - `Object.create(null)` objects walk `Object.prototype` (they "resolve as Object").
 * - Built-ins from another realm (a `vm` context, an iframe) are recognised by brand checks,
 *   not `instanceof`, and their prototypes are replaced by this realm's, so a `Map` made in a
 *   `vm` context dispatches like a local `Map`.
 *
 * A brand check calls one of this realm's built-in getters or methods on the value inside a
 * `try`: the engine checks the internal slot (`[[MapData]]`…) whatever realm the value comes
 * from, runs no user code, and throws without it. No `node:util` (`util.types`): this layer
 * bundles for the browser. protocols/kinds.ts keeps its own copy of the few it needs, because a
 * layer's internals are not exported.
 */
import { PrototypeChainError } from './errors.js';

const { getPrototypeOf } = Object;
const fnToString = Function.prototype.toString;

/** The links abstract-type tests see: the value itself when plain or primitive, then the chain. */
export interface Chain {
  /** The value itself, when tests may look at it (plain objects and primitives); else undefined. */
  readonly self: unknown;
  readonly hasSelf: boolean;
  /** Prototypes, most derived first, ending at this realm's Object.prototype. */
  readonly prototypes: readonly object[];
}

const WRAPPER_PROTOTYPES: Record<string, object> = {
  number: Number.prototype,
  string: String.prototype,
  boolean: Boolean.prototype,
  bigint: BigInt.prototype,
  symbol: Symbol.prototype,
};

type Brand = (value: object) => boolean;
const getter = (proto: object, key: PropertyKey): ((this: unknown) => unknown) =>
  Object.getOwnPropertyDescriptor(proto, key)!.get as (this: unknown) => unknown;
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
const method =
  (f: Function, ...args: unknown[]): Brand =>
  (v) => {
    try {
      f.apply(v, args);
      return true;
    } catch {
      return false;
    }
  };
const slot = (proto: object, key: PropertyKey): Brand => {
  const get = getter(proto, key);
  return branded((v) => get.call(v));
};
// Returns the element type's name for typed arrays, undefined (no throw) for anything else.
const typedArrayTag = getter(getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag);
const isTypedArrayNamed =
  (name: string): Brand =>
  (v) =>
    typedArrayTag.call(v) === name;

const objectToString = Object.prototype.toString;
const errorIsError = (Error as { isError?: (x: unknown) => boolean }).isError;
/**
 * Native errors of any realm. No built-in method checks `[[ErrorData]]` before ES2026's
 * `Error.isError`; until then `Object.prototype.toString` says `[object Error]` only for
 * objects with that slot, unless a `Symbol.toStringTag` spoofs it, which is refused.
 */
const isNativeError: Brand = errorIsError
  ? (v) => errorIsError(v)
  : (v) => {
      try {
        return !(Symbol.toStringTag in v) && objectToString.call(v) === '[object Error]';
      } catch {
        return false;
      }
    };
/**
 * JavaScript has no side-effect-free brand check for promises (`then` subscribes, and marks a
 * rejected promise handled), so a foreign value whose prototype is that realm's native
 * `Promise.prototype` (already checked by `translate`) counts as a promise when it is thenable.
 */
const isPromise: Brand = (v) => typeof (v as { then?: unknown }).then === 'function';
// Browsers without cross-origin isolation have no SharedArrayBuffer at all.
const SAB = (globalThis as { SharedArrayBuffer?: typeof SharedArrayBuffer }).SharedArrayBuffer;

/**
 * Built-in constructors of this realm with the brand check that proves a foreign object is
 * one of them. Only consulted for values whose chain does not end at our `Object.prototype`.
 */
const BUILTINS: Record<string, readonly [Function, Brand]> = {
  Array: [Array, (v) => Array.isArray(v)],
  Map: [Map, slot(Map.prototype, 'size')],
  Set: [Set, slot(Set.prototype, 'size')],
  // `has` checks the slot before looking at the key.
  WeakMap: [WeakMap, method(WeakMap.prototype.has, undefined)],
  WeakSet: [WeakSet, method(WeakSet.prototype.has, undefined)],
  Date: [Date, method(Date.prototype.getTime)],
  // `source` throws without [[OriginalSource]] (only our own RegExp.prototype is exempt).
  RegExp: [RegExp, slot(RegExp.prototype, 'source')],
  Promise: [Promise, isPromise],
  ArrayBuffer: [ArrayBuffer, slot(ArrayBuffer.prototype, 'byteLength')],
  // `buffer`, not `byteLength`, which also throws for a view of a detached buffer.
  DataView: [DataView, slot(DataView.prototype, 'buffer')],
  Function: [Function, (v) => typeof v === 'function'],
  Number: [Number, method(Number.prototype.valueOf)],
  String: [String, method(String.prototype.valueOf)],
  Boolean: [Boolean, method(Boolean.prototype.valueOf)],
  BigInt: [BigInt, method(BigInt.prototype.valueOf)],
  Symbol: [Symbol, method(Symbol.prototype.valueOf)],
  Error: [Error, isNativeError],
  TypeError: [TypeError, isNativeError],
  RangeError: [RangeError, isNativeError],
  SyntaxError: [SyntaxError, isNativeError],
  ReferenceError: [ReferenceError, isNativeError],
  EvalError: [EvalError, isNativeError],
  URIError: [URIError, isNativeError],
  AggregateError: [AggregateError, isNativeError],
};
if (SAB) BUILTINS.SharedArrayBuffer = [SAB, slot(SAB.prototype, 'byteLength')];
for (const name of [
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
]) {
  const ctor = (globalThis as unknown as Record<string, Function>)[name];
  if (ctor) BUILTINS[name] = [ctor, isTypedArrayNamed(name)];
}

function ownConstructor(proto: object): unknown {
  const d = Object.getOwnPropertyDescriptor(proto, 'constructor');
  return d && 'value' in d ? d.value : undefined;
}

/** True for functions implemented natively (built-in constructors of any realm). */
export function isNativeFunction(fn: unknown): boolean {
  if (typeof fn !== 'function') return false;
  try {
    return fnToString.call(fn).endsWith('{ [native code] }');
  } catch {
    return false;
  }
}

/** Replaces a foreign realm's intrinsic prototype with ours, when brands prove the match. */
function translate(proto: object, value: object): object {
  if (prototypeOf(proto, value) === null) return Object.prototype;
  const ctor = ownConstructor(proto);
  if (typeof ctor !== 'function' || !isNativeFunction(ctor)) return proto;
  const entry = BUILTINS[(ctor as Function).name];
  if (entry && entry[0] !== ctor && entry[1](value))
    return (entry[0] as { prototype: object }).prototype;
  return proto;
}

/**
 * True for a revoked Proxy. It throws on every operation; `Array.isArray` is the one that throws
 * only for those and calls no trap, so no user code runs.
 */
export function isRevokedProxy(x: unknown): boolean {
  if (typeof x === 'object' ? x === null : typeof x !== 'function') return false;
  try {
    Array.isArray(x);
    return false;
  } catch {
    return true;
  }
}

/**
 * Fails with a PrototypeChainError when `x` is a revoked Proxy, so the first operation on it is
 * not the engine's bare `TypeError` ("Cannot perform 'get' on a proxy that has been revoked").
 */
export function checkNotRevoked(x: unknown, operation: string): void {
  if (isRevokedProxy(x)) {
    throw new PrototypeChainError(x, 'unreadable', revokedCause(x), operation);
  }
}

function revokedCause(x: unknown): unknown {
  try {
    Array.isArray(x);
    return undefined;
  } catch (e) {
    return e;
  }
}

/**
 * `Object.getPrototypeOf` that fails with a PrototypeChainError: a revoked Proxy's trap throws
 * a bare TypeError, and any other trap may throw anything.
 */
export function prototypeOf(x: object, value: unknown): object | null {
  try {
    return getPrototypeOf(x) as object | null;
  } catch (e) {
    throw new PrototypeChainError(value, 'unreadable', e);
  }
}

/**
 * The prototypes from `start` up to (not including) null, most derived first. Bounded: only a
 * Proxy can make a chain cyclic or endless, and an unbounded walk grows an array until V8 aborts
 * the process, where native `instanceof` throws a RangeError.
 */
export function prototypesFrom(start: object | null, value: unknown): object[] {
  const prototypes: object[] = [];
  for (let p = start; p !== null; p = prototypeOf(p, value)) {
    if (prototypes.length === PrototypeChainError.limit) {
      throw new PrototypeChainError(value, 'too-long');
    }
    prototypes.push(p);
  }
  return prototypes;
}

/** The chain of a non-nullish value (see the module comment). */
export function chainOf(value: unknown): Chain {
  if (typeof value !== 'object' && typeof value !== 'function') {
    const wrapper = WRAPPER_PROTOTYPES[typeof value]!;
    return { self: value, hasSelf: true, prototypes: [wrapper, Object.prototype] };
  }
  const first = prototypeOf(value as object, value);
  if (first === null) return { self: value, hasSelf: true, prototypes: [Object.prototype] };
  const prototypes = prototypesFrom(first, value);
  if (prototypes[prototypes.length - 1] !== Object.prototype) {
    // Another realm (or a hand-built chain with its own root): map intrinsics to ours.
    for (let i = 0; i < prototypes.length; i++)
      prototypes[i] = translate(prototypes[i]!, value as object);
  }
  const plain = prototypes.length === 1;
  return { self: value, hasSelf: plain, prototypes };
}

/**
 * True when dispatch may cache on `proto` itself: it is the prototype of a user-defined
 * constructor (a class or function written in JavaScript) and can take new properties.
 * Everything else — the engine's intrinsics of any realm (`Array.prototype`, iterator
 * prototypes, another realm's `Map.prototype`), prototypes made with `Object.create`,
 * frozen ones — is cached on the side in a WeakMap and never written to.
 */
export function isOwnedByUserClass(proto: object): boolean {
  if (!Object.isExtensible(proto)) return false;
  const ctor = ownConstructor(proto);
  return (
    typeof ctor === 'function' &&
    (ctor as { prototype?: unknown }).prototype === proto &&
    !isNativeFunction(ctor)
  );
}

/** The constructor whose `prototype` is `proto`, if any (for names and registry lookups). */
export function constructorOf(proto: object): Function | undefined {
  const ctor = ownConstructor(proto);
  return typeof ctor === 'function' && (ctor as { prototype?: unknown }).prototype === proto
    ? (ctor as Function)
    : undefined;
}
