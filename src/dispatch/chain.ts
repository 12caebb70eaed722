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
 * - `null` and `undefined` have no prototype: their chains are one sentinel link each
 *   (`NULL_LINK`, `UNDEFINED_LINK`), under which their registrations are filed. Such a chain
 *   does not reach `Object.prototype`, so `Object` does not catch them, and abstract types are
 *   never tested against them — with no special case anywhere else.
 *
 * The brand checks live in brands.ts, shared with protocols/kinds.ts.
 */
import { BUILTINS } from './brands.js';
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

/** The link `null`'s chain consists of, and the key its registrations are filed under. */
export const NULL_LINK: object = Object.freeze(Object.create(null));
/** The link `undefined`'s chain consists of (see {@link NULL_LINK}). */
export const UNDEFINED_LINK: object = Object.freeze(Object.create(null));

/** True for the sentinel links of null and undefined. */
export function isNullishLink(link: unknown): boolean {
  return link === NULL_LINK || link === UNDEFINED_LINK;
}

/** The link a registered type (a constructor, `null` or `undefined`) is filed under. */
export function linkOfType(type: Function | null | undefined): object {
  if (type === null) return NULL_LINK;
  if (type === undefined) return UNDEFINED_LINK;
  return (type as { prototype: object }).prototype;
}

const WRAPPER_PROTOTYPES: Record<string, object> = {
  number: Number.prototype,
  string: String.prototype,
  boolean: Boolean.prototype,
  bigint: BigInt.prototype,
  symbol: Symbol.prototype,
};

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

/** The chain of a value (see the module comment). */
export function chainOf(value: unknown): Chain {
  if (value === null || value === undefined) return chainOfType(value);
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
 * The chain of a registered type's instances, as `gf.dispatch(type)` walks it: the type's
 * prototype chain, ended at `Object.prototype` as a value's is; a sentinel link for `null`
 * and `undefined`.
 */
export function chainOfType(type: Function | null | undefined): Chain {
  if (type === null || type === undefined) {
    return { self: undefined, hasSelf: false, prototypes: [linkOfType(type)] };
  }
  const prototypes = prototypesFrom(linkOfType(type), type);
  if (prototypes[prototypes.length - 1] !== Object.prototype) prototypes.push(Object.prototype);
  return { self: undefined, hasSelf: false, prototypes };
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
