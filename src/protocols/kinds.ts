/**
 * What kind of built-in a value is, decided once so every protocol agrees.
 *
 * Same-realm values are recognised by their prototype (one load and a comparison); subclasses
 * and values from another realm (a `vm` context) fall back to brand checks from `node:util`
 * (`types.isMap`…), never to `instanceof` or `Symbol.toStringTag`, which lie across realms
 * and can be spoofed.
 */
import { types } from 'node:util';

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

/** The kind of a non-null object or function. */
export function kindOf(x: object): Kind {
  if (Array.isArray(x)) return ARRAY;
  const p = getPrototypeOf(x) as object | null;
  if (p === OBJECT_PROTO || p === null) return PLAIN;
  if (p === MAP_PROTO) return MAP;
  if (p === SET_PROTO) return SET;
  if (p === DATE_PROTO) return DATE;
  if (typeof x === 'function') return FUNCTION;
  if (p === REGEXP_PROTO) return REGEXP;
  if (types.isTypedArray(x)) return TYPED;
  if (types.isMap(x)) return MAP;
  if (types.isSet(x)) return SET;
  if (types.isDate(x)) return DATE;
  if (types.isRegExp(x)) return REGEXP;
  if (types.isBoxedPrimitive(x)) return BOXED;
  if (types.isArrayBuffer(x) || types.isSharedArrayBuffer(x)) return BUFFER;
  if (types.isDataView(x)) return DATAVIEW;
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

const valueOfs: ReadonlyArray<readonly [(x: object) => boolean, (x: object) => unknown]> = [
  [types.isNumberObject, (x) => Number.prototype.valueOf.call(x)],
  [types.isStringObject, (x) => String.prototype.valueOf.call(x)],
  [types.isBooleanObject, (x) => Boolean.prototype.valueOf.call(x)],
  [types.isBigIntObject, (x) => BigInt.prototype.valueOf.call(x)],
  [types.isSymbolObject, (x) => Symbol.prototype.valueOf.call(x)],
];

/** The primitive inside a boxed primitive (`new Number(1)` → 1), read without trusting `valueOf`. */
export function unbox(x: object): unknown {
  for (const [is, value] of valueOfs) if (is(x)) return value(x);
  return undefined;
}

const typedArrayTag = getOwnPropertyDescriptor(
  getPrototypeOf(Uint8Array.prototype),
  Symbol.toStringTag,
)!.get as (this: unknown) => string | undefined;

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

/** A short, safe description of a value for error messages: `number (5)`, `Date`, `Object`. */
export function describe(x: unknown): string {
  const name = typeName(x);
  switch (typeof x) {
    case 'number':
    case 'boolean':
      return `${name} (${String(x)})`;
    case 'bigint':
      return `${name} (${String(x)}n)`;
    case 'string':
      return `${name} (${JSON.stringify(x.length > 30 ? `${x.slice(0, 30)}…` : x)})`;
    case 'symbol':
      return `${name} (${x.description ?? ''})`;
    default:
      return name;
  }
}
