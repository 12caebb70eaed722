/**
 * The chain of a value: the prototypes dispatch walks, most derived first, normalised so that
 * every value ends at this realm's `Object.prototype`.
 *
 * - Primitives walk their wrapper's prototype (`1` walks `Number.prototype`, `Object.prototype`).
 * - `Object.create(null)` objects walk `Object.prototype` (they "resolve as Object").
 * - Built-ins from another realm (a `vm` context, an iframe) are recognised by brand checks,
 *   not `instanceof`, and their prototypes are replaced by this realm's, so a `Map` made in a
 *   `vm` context dispatches like a local `Map`.
 */
import { types } from 'node:util';
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
const isTypedArrayNamed =
  (name: string): Brand =>
  (v) =>
    types.isTypedArray(v) && (v as { [Symbol.toStringTag]: string })[Symbol.toStringTag] === name;

/**
 * Built-in constructors of this realm with the brand check that proves a foreign object is
 * one of them. Only consulted for values whose chain does not end at our `Object.prototype`.
 */
const BUILTINS: Record<string, readonly [Function, Brand]> = {
  Array: [Array, (v) => Array.isArray(v)],
  Map: [Map, types.isMap],
  Set: [Set, types.isSet],
  WeakMap: [WeakMap, types.isWeakMap],
  WeakSet: [WeakSet, types.isWeakSet],
  Date: [Date, types.isDate],
  RegExp: [RegExp, types.isRegExp],
  Promise: [Promise, types.isPromise],
  ArrayBuffer: [ArrayBuffer, types.isArrayBuffer],
  SharedArrayBuffer: [SharedArrayBuffer, types.isSharedArrayBuffer],
  DataView: [DataView, types.isDataView],
  Function: [Function, (v) => typeof v === 'function'],
  Number: [Number, types.isNumberObject],
  String: [String, types.isStringObject],
  Boolean: [Boolean, types.isBooleanObject],
  BigInt: [BigInt, types.isBigIntObject],
  Symbol: [Symbol, types.isSymbolObject],
  Error: [Error, types.isNativeError],
  TypeError: [TypeError, types.isNativeError],
  RangeError: [RangeError, types.isNativeError],
  SyntaxError: [SyntaxError, types.isNativeError],
  ReferenceError: [ReferenceError, types.isNativeError],
  EvalError: [EvalError, types.isNativeError],
  URIError: [URIError, types.isNativeError],
  AggregateError: [AggregateError, types.isNativeError],
};
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
