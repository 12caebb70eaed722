/** Human-readable names for types and values, used only in messages and `explain`. */
import { isAbstractType } from './abstract-type.js';

/** The name of a registrable type: a constructor, an abstract type, `null` or `undefined`. */
export function nameOfType(type: unknown): string {
  if (type === null) return 'null';
  if (type === undefined) return 'undefined';
  if (isAbstractType(type)) return type.typeName;
  if (typeof type === 'function') return type.name || '(anonymous class)';
  return String(type);
}

/** The name of a value's most derived type, as it would appear in an MRO. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  const t = typeof value;
  if (t !== 'object' && t !== 'function') {
    return t === 'bigint' ? 'BigInt' : t.charAt(0).toUpperCase() + t.slice(1);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return 'Object (null prototype)';
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
  return typeof ctor === 'function' && ctor.name ? ctor.name : 'Object';
}

/**
 * True for a `class` constructor, which throws whenever it is called without `new`. Its
 * `prototype` is not writable (a plain function's is), which is checked first so the source
 * text is read only for classes and built-ins.
 */
export function isClassConstructor(f: Function): boolean {
  const d = Object.getOwnPropertyDescriptor(f, 'prototype');
  if (d === undefined || d.writable !== false) return false;
  try {
    return /^class\b/.test(Function.prototype.toString.call(f));
  } catch {
    return false;
  }
}
