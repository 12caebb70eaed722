/**
 * The one way a value is described in an error message: `the number -1`, `the string "x"`,
 * `the function f`, `a value of type Point`, `a value of type Array ([1, 2, 3])`. Short (a
 * message must fit in a log line), safe (it never throws and never runs more user code than a
 * `[dunder.repr]` method, whatever the value: a revoked Proxy, a throwing getter) and the same
 * in every layer, so a reader learns one vocabulary.
 *
 * It lives at the bottom of the layering and so cannot call `repr` (polyfold/protocols); it
 * honours the same `[dunder.repr]` method by its registered symbol.
 */

// `dunder.repr` (polyfold/protocols): the symbol is global, so no import is needed.
const REPR = Symbol.for('polyfold.repr');
/** Longest rendering of a string, and of a preview, before `…`. */
const MAX_STRING = 40;
const MAX_PREVIEW = 60;
/** Elements or keys shown in a preview. */
const MAX_ITEMS = 5;

/**
 * A short, safe description of any value for error messages (never throws).
 *
 * @example
 * ```ts
 * import { describeValue } from './errors/index.js'; // internal: every layer describes values with this
 * describeValue(-1); // 'the number -1'
 * describeValue('abc'); // 'the string "abc"'
 * describeValue([1, 2]); // 'a value of type Array ([1, 2])'
 * describeValue(new (class Point {})()); // 'a value of type Point'
 * ```
 */
export function describeValue(value: unknown): string {
  try {
    switch (typeof value) {
      case 'string':
        return `the string ${quote(value)}`;
      case 'number':
        return `the number ${Object.is(value, -0) ? '-0' : String(value)}`;
      case 'boolean':
        return `the boolean ${String(value)}`;
      case 'bigint':
        return `the bigint ${value}n`;
      case 'symbol':
        return `the symbol ${String(value)}`;
      case 'undefined':
        return 'undefined';
      case 'function':
        return `the function ${functionName(value)}`;
      default: {
        if (value === null) return 'null';
        const shown = preview(value as object);
        return `a value of type ${typeOf(value as object)}${shown === undefined ? '' : ` (${shown})`}`;
      }
    }
  } catch {
    return 'a value that cannot be described';
  }
}

function quote(s: string): string {
  return JSON.stringify(s.length > MAX_STRING ? `${s.slice(0, MAX_STRING)}…` : s);
}

function functionName(f: Function): string {
  try {
    const name = f.name;
    return typeof name === 'string' && name !== '' ? name : '(anonymous)';
  } catch {
    return '(anonymous)';
  }
}

/** The name of an object's most derived class (`Object (null prototype)` for a bare one). */
function typeOf(o: object): string {
  const proto = Object.getPrototypeOf(o) as object | null;
  if (proto === null) return 'Object (null prototype)';
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value as unknown;
  return typeof ctor === 'function' && typeof ctor.name === 'string' && ctor.name !== ''
    ? ctor.name
    : 'Object';
}

/** The value's own `[dunder.repr]`, or a shallow rendering of plain data; else nothing. */
function preview(o: object): string | undefined {
  const own = (o as { [REPR]?: unknown })[REPR];
  if (typeof own === 'function') {
    const text = own.call(o) as unknown;
    return typeof text === 'string' ? clip(text.replace(/\s+/g, ' ')) : undefined;
  }
  const shown = shallow(o);
  return shown === undefined ? undefined : clip(shown);
}

function clip(s: string): string {
  return s.length > MAX_PREVIEW ? `${s.slice(0, MAX_PREVIEW - 1)}…` : s;
}

function shallow(o: object): string | undefined {
  if (Array.isArray(o)) {
    const items = o.slice(0, MAX_ITEMS).map(item);
    return `[${items.join(', ')}${o.length > MAX_ITEMS ? ', …' : ''}]`;
  }
  const proto = Object.getPrototypeOf(o) as object | null;
  if (proto === Object.prototype || proto === null) {
    const keys = Object.keys(o);
    if (keys.length === 0) return '{}';
    const shown = keys
      .slice(0, MAX_ITEMS)
      .map(
        (k) =>
          `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${item((o as Record<string, unknown>)[k])}`,
      );
    return `{ ${shown.join(', ')}${keys.length > MAX_ITEMS ? ', …' : ''} }`;
  }
  if (o instanceof Date) return Number.isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString();
  if (o instanceof RegExp) return String(o);
  if (o instanceof Map || o instanceof Set) return `size ${o.size}`;
  if (o instanceof Error) return clip(`${o.name}: ${o.message}`);
  return undefined;
}

/** An element inside a preview: primitives as literals, anything else by its type. */
function item(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'function':
      return `[function ${functionName(v)}]`;
    case 'object':
      return v === null ? 'null' : Array.isArray(v) ? `[…${v.length}]` : typeOf(v);
    default:
      return String(v);
  }
}
