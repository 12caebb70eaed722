/**
 * `repr(x)`: Python's `repr()` as a generic function — a readable, unambiguous, one-line
 * description of a value for people (logs, error messages, test failures).
 *
 * Laws:
 * - Totality: `repr(x)` returns a string for every value: cyclic ones (a value met again inside
 *   itself shows as `[Circular]`), nesting deeper than `MAX_DEPTH` (shown as `…`), revoked
 *   proxies (`<revoked proxy>`), proxies of built-ins, detached buffers
 *   (`ArrayBuffer { detached }`).
 * - Unambiguity for built-ins: values of different types or unequal contents get different
 *   representations (`'1'` vs `1` vs `1n` vs `[1]`; `-0` shows as `-0`).
 * - Determinism: equal plain data built in the same order has the same `repr`.
 *
 * Resolution: an implementation registered for `x`'s type wins; then `x[dunder.repr]()`; then
 * `x[Symbol.for('nodejs.util.inspect.custom')]` (see `callCustomInspect`); then the
 * built-in format.
 *
 * No `node:util`: this layer bundles for the browser, so Node's custom-inspect methods are
 * called here with a small stand-in for `util.inspect`.
 */
import { type GenericFunction, singledispatch } from '../dispatch/index.js';
import { ProtocolArgumentError, ProtocolResultError } from './errors.js';
import {
  ARRAY,
  BOXED,
  BUFFER,
  DATAVIEW,
  DATE,
  isNativeError,
  kindOf,
  MAP,
  PLAIN,
  REGEXP,
  SET,
  TYPED,
  typeName,
  unbox,
} from './kinds.js';
import { shared } from './state.js';
import { dunder } from './symbols.js';

const REPR = dunder.repr;
/** `util.inspect.custom`: a registered symbol, so no import of `node:util` is needed. */
const CUSTOM: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;
const getTime = Date.prototype.getTime;
const toISOString = Date.prototype.toISOString;
const reSource = Object.getOwnPropertyDescriptor(RegExp.prototype, 'source')!.get!;
const reFlags = Object.getOwnPropertyDescriptor(RegExp.prototype, 'flags')!.get!;
const mapEntries = Map.prototype.entries;
const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, 'size')!.get!;
const setValues = Set.prototype.values;
const setSize = Object.getOwnPropertyDescriptor(Set.prototype, 'size')!.get!;
const fnToString = Function.prototype.toString;
const errorMessage = (e: object): unknown => Object.getOwnPropertyDescriptor(e, 'message')?.value;

/**
 * How many containers deep `repr` looks; deeper values show as `…`. Deep enough for any value a
 * person reads, shallow enough that `repr` never exhausts the stack (20 000-deep nesting).
 */
const MAX_DEPTH = 100;

/** A string literal in single quotes, every control character and lone surrogate escaped. */
export function quote(s: string): string {
  return `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const propertyKey = (k: string): string => (IDENTIFIER.test(k) ? k : quote(k));

// Objects being represented right now, outermost first (for `[Circular]` and the depth cap).
// Only `active[0 .. depth)` is meaningful; entries past it are stale or undefined.
const active: unknown[] = [];
let depth = 0;

/**
 * `body(x)` with `x` marked as being represented: `[Circular]` when it already is, `…` past
 * `MAX_DEPTH`.
 *
 * Why restore `depth` to a saved value in `finally`, with plain assignments only: a
 * RangeError (stack exhausted) can surface anywhere below, and cleanup that is itself a call
 * could fail on the same exhausted stack and leave stale entries — every later `repr` would
 * then see `[Circular]` or `…` where there is none.
 */
function within(x: object, body: (x: object) => string): string {
  const saved = depth;
  for (let i = 0; i < saved; i++) if (active[i] === x) return '[Circular]';
  if (saved >= MAX_DEPTH) return '…';
  active[saved] = x;
  depth = saved + 1;
  try {
    return body(x);
  } finally {
    depth = saved;
    active[saved] = undefined;
  }
}

/** A revoked proxy throws on every operation; `Array.isArray` throws only for those, with no trap. */
function isRevokedProxy(x: object): boolean {
  try {
    Array.isArray(x);
    return false;
  } catch {
    return true;
  }
}

function functionRepr(f: Function): string {
  let source = '';
  try {
    source = fnToString.call(f);
  } catch {
    // Revoked proxies cannot be printed; the generic form below still works.
  }
  const name = typeof f.name === 'string' && f.name ? f.name : '';
  if (source.startsWith('class')) return name ? `[class ${name}]` : '[class (anonymous)]';
  return name ? `[Function: ${name}]` : '[Function (anonymous)]';
}

/** The built-in behaviour (the default implementation), dunder methods included. */
export function reprBuiltin(x: unknown): string {
  switch (typeof x) {
    case 'string':
      return quote(x);
    case 'number':
      return Object.is(x, -0) ? '-0' : String(x);
    case 'bigint':
      return `${x}n`;
    case 'boolean':
    case 'undefined':
      return String(x);
    case 'symbol': {
      const key = Symbol.keyFor(x);
      return key === undefined ? String(x) : `Symbol.for(${quote(key)})`;
    }
    case 'function': {
      if (isRevokedProxy(x)) return '<revoked proxy>';
      const f = (x as unknown as Record<symbol, unknown>)[REPR];
      if (typeof f === 'function') return callDunder(x, f);
      return functionRepr(x);
    }
    default:
      return x === null ? 'null' : objectRepr(x as object);
  }
}

function callDunder(x: object, f: Function): string {
  return within(x, () => {
    const s = f.call(x) as unknown;
    if (typeof s !== 'string') throw new ProtocolResultError('repr', x, s, 'a string');
    return s;
  });
}

/** What a custom-inspect method gets as `util.inspect`: formats nested values with `repr`. */
function inspectStandIn(value: unknown, _options?: unknown): string {
  return reprOf(value);
}
inspectStandIn.custom = CUSTOM;

/**
 * Calls `x[util.inspect.custom](depth, options, inspect)` as Node would, without `node:util`:
 * `depth` is the number of levels `repr` still shows below `x` (`MAX_DEPTH` minus the current
 * nesting); `options` is a plain object with Node's defaults for a one-line, colourless
 * output (`depth` as above, `colors: false`, `breakLength: Infinity`, `compact: 3`,
 * `showHidden: false`, `customInspect: true`, `maxArrayLength: 100`, `maxStringLength: 10000`,
 * `sorted: false`, `getters: false`, `numericSeparator: false`, and `stylize(s) === s`);
 * `inspect` is a stand-in that formats a value with `repr` (options ignored). A string result
 * is the representation; any other result is represented in its place, as Node does — unless it
 * is `x` itself, which gets the built-in format. `undefined` means "not handled".
 */
function callCustomInspect(x: object, custom: Function): string | undefined {
  const remaining = MAX_DEPTH - depth;
  const options = {
    depth: remaining,
    colors: false,
    breakLength: Number.POSITIVE_INFINITY,
    compact: 3,
    showHidden: false,
    customInspect: true,
    showProxy: false,
    maxArrayLength: 100,
    maxStringLength: 10000,
    sorted: false,
    getters: false,
    numericSeparator: false,
    stylize: (s: string) => s,
  };
  const result = custom.call(x, remaining, options, inspectStandIn) as unknown;
  if (typeof result === 'string') return result;
  return result === x ? undefined : reprOf(result);
}

function objectRepr(x: object): string {
  if (isRevokedProxy(x)) return '<revoked proxy>';
  const f = (x as Record<symbol, unknown>)[REPR];
  if (typeof f === 'function') return callDunder(x, f);
  const custom = (x as Record<symbol, unknown>)[CUSTOM];
  if (typeof custom === 'function' && custom !== inspectWithRepr) {
    let builtin = false;
    const s = within(x, (v) => {
      const r = callCustomInspect(v, custom);
      if (r === undefined) builtin = true;
      return r ?? '';
    });
    if (!builtin) return s;
  }
  return builtinObjectRepr(x);
}

function builtinObjectRepr(x: object): string {
  const kind = kindOf(x);
  switch (kind) {
    case DATE: {
      const t = getTime.call(x);
      return !Number.isNaN(t) ? `Date(${toISOString.call(x)})` : 'Date(Invalid Date)';
    }
    case REGEXP:
      return `/${reSource.call(x)}/${reFlags.call(x)}`;
    case BOXED: {
      const v = unbox(x);
      const label =
        typeof v === 'bigint' ? 'BigInt' : typeName(v).replace(/^./, (c) => c.toUpperCase());
      return `[${label}: ${reprBuiltin(v)}]`;
    }
    case BUFFER: {
      // A detached (transferred) buffer cannot be viewed; Node 20 has no `detached` getter.
      let view: Uint8Array;
      try {
        view = new Uint8Array(x as ArrayBuffer);
      } catch {
        return `${typeName(x)} { detached }`;
      }
      return `${typeName(x)}(${view.length}) ${bytes(view)}`;
    }
    case DATAVIEW: {
      const v = x as DataView;
      let view: Uint8Array;
      try {
        view = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      } catch {
        return `${typeName(x)} { detached }`;
      }
      return `${typeName(x)}(${view.length}) ${bytes(view)}`;
    }
    default:
      return within(x, (v) => containerRepr(v, kind));
  }
}

function bytes(b: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < b.length; i++) parts.push(b[i]!.toString(16).padStart(2, '0'));
  return `<${parts.join(' ')}>`;
}

function items(parts: string[], open: string, close: string): string {
  return parts.length === 0 ? `${open}${close}` : `${open} ${parts.join(', ')} ${close}`;
}

function arrayItems(a: ArrayLike<unknown>, sparse: boolean): string[] {
  const parts: string[] = [];
  let holes = 0;
  for (let i = 0; i < a.length; i++) {
    if (sparse && !(i in a)) {
      holes++;
      continue;
    }
    if (holes > 0) {
      parts.push(`<${holes} empty item${holes === 1 ? '' : 's'}>`);
      holes = 0;
    }
    parts.push(reprOf(a[i]));
  }
  if (holes > 0) parts.push(`<${holes} empty item${holes === 1 ? '' : 's'}>`);
  return parts;
}

function ownFields(x: object): string[] {
  const parts: string[] = [];
  for (const k of Object.keys(x))
    parts.push(`${propertyKey(k)}: ${reprOf((x as Record<string, unknown>)[k])}`);
  for (const s of Object.getOwnPropertySymbols(x)) {
    if (Object.prototype.propertyIsEnumerable.call(x, s)) {
      parts.push(`[${reprBuiltin(s)}]: ${reprOf((x as Record<symbol, unknown>)[s])}`);
    }
  }
  return parts;
}

function containerRepr(x: object, kind: number): string {
  switch (kind) {
    case ARRAY: {
      const parts = arrayItems(x as unknown[], true);
      const name = typeName(x);
      return name === 'Array'
        ? `[${parts.join(', ')}]`
        : `${name}(${(x as unknown[]).length}) [${parts.join(', ')}]`;
    }
    case PLAIN: {
      const body = items(ownFields(x), '{', '}');
      return Object.getPrototypeOf(x) === null ? `[Object: null prototype] ${body}` : body;
    }
    case MAP: {
      const parts: string[] = [];
      for (const [k, v] of mapEntries.call(x) as IterableIterator<[unknown, unknown]>) {
        parts.push(`${reprOf(k)} => ${reprOf(v)}`);
      }
      return `${typeName(x)}(${mapSize.call(x)}) ${items(parts, '{', '}')}`;
    }
    case SET: {
      const parts: string[] = [];
      for (const v of setValues.call(x) as IterableIterator<unknown>) parts.push(reprOf(v));
      return `${typeName(x)}(${setSize.call(x)}) ${items(parts, '{', '}')}`;
    }
    case TYPED: {
      const a = x as unknown as ArrayLike<number | bigint>;
      return `${typeName(x)}(${a.length}) [${arrayItems(a, false).join(', ')}]`;
    }
    default: {
      const name = typeName(x);
      if (isNativeError(x)) {
        const message = errorMessage(x);
        return `${name}(${typeof message === 'string' ? quote(message) : ''})`;
      }
      return `${name} ${items(ownFields(x), '{', '}')}`;
    }
  }
}

const reprImpl = shared('repr', () =>
  singledispatch(function repr(x: unknown): string {
    return reprBuiltin(x);
  }),
) as GenericFunction<(x: unknown) => string>;
const registry = reprImpl.registry;

const isObjectLike = (x: unknown): x is object =>
  typeof x === 'object' ? x !== null : typeof x === 'function';

/** `repr` for nested values: skips dispatch while nothing is registered. */
export function reprOf(x: unknown): string {
  if (registry.size === 0) return reprBuiltin(x);
  // Dispatch cannot read a revoked proxy's prototype; it has no type to dispatch on.
  if (isObjectLike(x) && isRevokedProxy(x)) return '<revoked proxy>';
  const s = reprImpl(x) as unknown;
  if (typeof s !== 'string') throw new ProtocolResultError('repr', x, s, 'a string');
  return s;
}

/**
 * Python's `repr()`: an unambiguous one-line description of any value.
 *
 * When to use: messages, logs and test output — wherever `String(x)` would print
 * `[object Object]` and `JSON.stringify` would drop `undefined`, `NaN`, bigints, Maps or cycles.
 *
 * Details: strings are quoted and escaped, `-0`, `NaN`, `1n` and registered symbols
 * (`Symbol.for('k')`) are shown as such; arrays `[1, 2]`; plain objects `{ a: 1, 'b-c': 2 }`;
 * `Map(1) { 'k' => 1 }`, `Set(1) { 1 }`, `Date(2020-01-01T00:00:00.000Z)`, `/re/g`,
 * `Uint8Array(2) [1, 2]`, `[Number: 1]`, `TypeError('message')`; other class instances as
 * `Name { field: value }`. A class's `[dunder.repr]()` or `[util.inspect.custom]` is honoured
 * (called with a remaining depth, one-line options and a `repr`-based `inspect`; no `node:util`
 * needed, so it works in a browser too). Cycles show as `[Circular]`, nesting deeper than
 * 100 levels as `…`, a revoked proxy as `<revoked proxy>`, a detached buffer as
 * `ArrayBuffer { detached }`.
 *
 * Gotchas: `repr` is for people, not a serialisation format. To make `console.log` show a
 * class's `[dunder.repr]()`, decorate the class with {@link inspectable}.
 *
 * @example
 * ```ts
 * import { repr } from 'polyfold/protocols';
 * repr({ name: 'Ada', tags: new Set(['x']), n: -0 }); // "{ name: 'Ada', tags: Set(1) { 'x' }, n: -0 }"
 * repr([1, '1', 1n]); // "[1, '1', 1n]"
 * const a: unknown[] = [1];
 * a.push(a);
 * repr(a); // '[1, [Circular]]'
 * ```
 */
export const repr: GenericFunction<(x: unknown) => string> = shared(
  'reprEntry',
  () =>
    // The generic function itself, with one check before dispatch (a revoked proxy has no
    // type to dispatch on); register, dispatch, registry… reach the generic function unchanged.
    new Proxy(reprImpl, {
      apply(target, self, args: unknown[]) {
        const x = args[0];
        if (isObjectLike(x) && isRevokedProxy(x)) return '<revoked proxy>';
        return Reflect.apply(target, self, args);
      },
    }),
);

/**
 * The `util.inspect.custom` method `inspectable` installs: shows `repr(this)`. Shared by every
 * copy of polyfold, so `repr` recognises it (and does not loop back into `util.inspect`).
 */
const inspectWithRepr = shared(
  'inspectWithRepr',
  () =>
    function inspectWithRepr(this: unknown): string {
      return reprImpl(this);
    },
);

/**
 * Makes `console.log` and `util.inspect` show a class's `repr` (its `[dunder.repr]()` or a
 * registered implementation): installs a `[util.inspect.custom]` method on the prototype.
 * Use it as a class decorator (TypeScript standard decorators and legacy
 * `experimentalDecorators` both work) or call it on the class.
 *
 * Why not automatic: Node only consults `util.inspect.custom`; patching `util.inspect`
 * globally would change every program that loads polyfold.
 *
 * @example
 * ```ts
 * import { dunder, inspectable } from 'polyfold/protocols';
 * import { inspect } from 'node:util';
 * class Point {
 *   constructor(readonly x: number, readonly y: number) {}
 *   [dunder.repr]() { return `Point(${this.x}, ${this.y})`; }
 * }
 * inspectable(Point); // or: @inspectable class Point { … }
 * inspect(new Point(1, 2)); // 'Point(1, 2)'
 * console.log([new Point(1, 2)]); // [ Point(1, 2) ]
 * ```
 */
export function inspectable<C extends abstract new (...args: any[]) => unknown>(
  cls: C,
  _context?: unknown,
): C {
  const proto =
    typeof cls === 'function' && !isRevokedProxy(cls)
      ? (cls as { prototype?: unknown }).prototype
      : undefined;
  if (typeof proto !== 'object' || proto === null) {
    throw new ProtocolArgumentError('inspectable', 'cls', 'a class', cls);
  }
  const installed = Reflect.defineProperty(proto, CUSTOM, {
    value: inspectWithRepr,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  // A frozen prototype (or a non-configurable inspect method on it) refuses the method.
  if (!installed) {
    throw new ProtocolArgumentError(
      'inspectable',
      'cls',
      'a class whose prototype can take a method (not frozen)',
      cls,
    );
  }
  return cls;
}
