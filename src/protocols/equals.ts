/**
 * `equals(a, b)`: Python's `==` as a generic function.
 *
 * Laws (checked for every built-in by `eqLaws` from `polyfold/laws`):
 * - Reflexivity: `equals(a, a)`.
 * - Symmetry: `equals(a, b) === equals(b, a)`.
 * - Transitivity: `equals(a, b) && equals(b, c)` ⇒ `equals(a, c)`.
 * - Consistency with hash: `equals(a, b)` ⇒ `hash(a) === hash(b)`.
 *
 * Resolution: an implementation registered for `a`'s type wins; then `a[dunder.eq](b)`; then
 * `b[dunder.eq](a)` (Python's reflected `__eq__`); then the built-in behaviour below.
 */
import { type GenericFunction, singledispatch } from '../dispatch/index.js';
import { outermost } from './errors.js';
import {
  ARRAY,
  BOXED,
  BUFFER,
  bytesOf,
  DATAVIEW,
  DATE,
  FUNCTION,
  type Kind,
  kindOf,
  lookup,
  MAP,
  OTHER,
  PLAIN,
  REGEXP,
  SET,
  TYPED,
  typedArrayName,
  unbox,
} from './kinds.js';
import { shared } from './state.js';
import { dunder } from './symbols.js';

const EQ = dunder.eq;
const { keys: objectKeys, hasOwn } = Object;
const mapHas = Map.prototype.has;
const mapGet = Map.prototype.get;
const mapEntries = Map.prototype.entries;
const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, 'size')!.get!;
const setHas = Set.prototype.has;
const setValues = Set.prototype.values;
const setSize = Object.getOwnPropertyDescriptor(Set.prototype, 'size')!.get!;
const getTime = Date.prototype.getTime;
const reSource = Object.getOwnPropertyDescriptor(RegExp.prototype, 'source')!.get!;
const reFlags = Object.getOwnPropertyDescriptor(RegExp.prototype, 'flags')!.get!;

type Dunder = (this: unknown, that: unknown) => unknown;

// The pairs being compared right now, outermost first. Meeting a pair again means the two
// structures are cyclic in the same way: answering `true` for it (the co-inductive reading
// of equality) makes comparison of cyclic values terminate with the right answer.
const stackA: unknown[] = [];
const stackB: unknown[] = [];
let depth = 0;

/**
 * Pushes a pair; false when it is already being compared. Callers pop by restoring the depth
 * they saw before `enter`, with plain assignments in `finally` and never a call: after a stack
 * overflow a call there throws again, the pair stays on the stack, and every later comparison
 * of that pair would answer `true`. Entries above `depth` are dead (overwritten by `enter`);
 * after a deep comparison they are dropped when the outermost one ends.
 */
function enter(a: unknown, b: unknown): boolean {
  for (let i = 0; i < depth; i++) if (stackA[i] === a && stackB[i] === b) return false;
  stackA[depth] = a;
  stackB[depth] = b;
  depth++;
  return true;
}

function callDunder(f: Dunder, self: object, that: unknown): boolean {
  // At the top level the pair need not be tracked: a cycle back to it is caught one level down.
  if (depth === 0) {
    try {
      return Boolean(f.call(self, that));
    } catch (e) {
      throw outermost('equals', self, e);
    }
  }
  const n = depth;
  if (!enter(self, that)) return true;
  try {
    return Boolean(f.call(self, that));
  } finally {
    depth = n;
    stackA[n] = undefined;
    stackB[n] = undefined;
  }
}

/** The built-in behaviour (the default implementation), dunder methods included. */
export function equalsBuiltin(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  if ((ta === 'object' && a !== null) || ta === 'function') {
    if ((typeof b === 'object' && b !== null) || typeof b === 'function')
      return objectsEqual(a as object, b);
    const f = lookup(a as object, EQ);
    return typeof f === 'function' ? callDunder(f as Dunder, a as object, b) : false;
  }
  if ((typeof b === 'object' && b !== null) || typeof b === 'function') {
    const g = lookup(b as object, EQ);
    return typeof g === 'function' ? callDunder(g as Dunder, b, a) : false;
  }
  return ta === 'number' && Number.isNaN(a) && typeof b === 'number' && Number.isNaN(b);
}

const equalsImpl = shared('equals', () =>
  singledispatch(function equals(a: unknown, b: unknown): boolean {
    return equalsBuiltin(a, b);
  }),
) as GenericFunction<(a: unknown, b: unknown) => boolean>;
const registry = equalsImpl.registry;

/**
 * Equality for nested values: skips dispatch while nothing is registered (dispatch would pick
 * the default anyway), and trusts `===` (every equality is reflexive).
 */
export function eq(a: unknown, b: unknown): boolean {
  return a === b || (registry.size === 0 ? equalsBuiltin(a, b) : equalsImpl(a, b));
}

function objectsEqual(a: object, b: object): boolean {
  const f = lookup(a as object, EQ);
  if (typeof f === 'function') return callDunder(f as Dunder, a, b);
  const g = lookup(b as object, EQ);
  if (typeof g === 'function') return callDunder(g as Dunder, b, a);
  const kind = kindOf(a);
  if (kind === OTHER || kind === FUNCTION || kindOf(b) !== kind) return false;
  if (kind > SET) return leafEqual(a, b, kind);
  const n = depth;
  if (!enter(a, b)) return true;
  try {
    if (kind === ARRAY) return arraysEqual(a as unknown[], b as unknown[]);
    if (kind === PLAIN)
      return plainEqual(a as Record<string, unknown>, b as Record<string, unknown>);
    if (kind === MAP) return mapsEqual(a as Map<unknown, unknown>, b as Map<unknown, unknown>);
    return setsEqual(a as Set<unknown>, b as Set<unknown>);
  } catch (e) {
    throw n === 0 ? outermost('equals', a, e) : e;
  } finally {
    // Plain assignments, never a call (see `enter`).
    depth = n;
    stackA[n] = undefined;
    stackB[n] = undefined;
    if (n === 0 && stackA.length > 1024) stackA.length = stackB.length = 0;
  }
}

function arraysEqual(a: unknown[], b: unknown[]): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y && !eq(x, y)) return false;
  }
  return true;
}

function plainEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = objectKeys(a);
  const n = ka.length;
  if (objectKeys(b).length !== n) return false;
  for (let i = 0; i < n; i++) {
    const k = ka[i]!;
    if (!hasOwn(b, k)) return false;
    const x = a[k];
    const y = b[k];
    if (x !== y && !eq(x, y)) return false;
  }
  return true;
}

const isObject = (x: unknown): x is object =>
  typeof x === 'object' ? x !== null : typeof x === 'function';

/**
 * Maps are equal when their entries can be paired up with equal keys and equal values. Keys
 * are first looked up natively (SameValueZero, which is `equals` for primitives); object keys
 * that are not the very same object in both maps are then paired by `equals`. Pairing
 * greedily is enough because `equals` on (key, value) pairs is an equivalence relation.
 */
function mapsEqual(a: Map<unknown, unknown>, b: Map<unknown, unknown>): boolean {
  if (mapSize.call(a) !== mapSize.call(b)) return false;
  let pending: [unknown, unknown][] | undefined;
  let used: Set<unknown> | undefined;
  for (const [k, v] of mapEntries.call(a) as IterableIterator<[unknown, unknown]>) {
    if (mapHas.call(b, k) && eq(v, mapGet.call(b, k))) {
      if (isObject(k)) {
        used ??= new Set();
        used.add(k);
      }
      continue;
    }
    if (!isObject(k)) return false;
    pending ??= [];
    pending.push([k, v]);
  }
  if (pending === undefined) return true;
  const candidates: [unknown, unknown][] = [];
  for (const entry of mapEntries.call(b) as IterableIterator<[unknown, unknown]>) {
    if (isObject(entry[0]) && !used?.has(entry[0])) candidates.push(entry);
  }
  for (const [k, v] of pending) {
    const i = candidates.findIndex(([ck, cv]) => eq(k, ck) && eq(v, cv));
    if (i < 0) return false;
    candidates.splice(i, 1);
  }
  return true;
}

/** Sets: like maps without values (see `mapsEqual`). */
function setsEqual(a: Set<unknown>, b: Set<unknown>): boolean {
  if (setSize.call(a) !== setSize.call(b)) return false;
  let pending: unknown[] | undefined;
  let used: Set<unknown> | undefined;
  for (const x of setValues.call(a) as IterableIterator<unknown>) {
    if (setHas.call(b, x)) {
      if (isObject(x)) {
        used ??= new Set();
        used.add(x);
      }
      continue;
    }
    if (!isObject(x)) return false;
    pending ??= [];
    pending.push(x);
  }
  if (pending === undefined) return true;
  const candidates: unknown[] = [];
  for (const y of setValues.call(b) as IterableIterator<unknown>) {
    if (isObject(y) && !used?.has(y)) candidates.push(y);
  }
  for (const x of pending) {
    const i = candidates.findIndex((y) => eq(x, y));
    if (i < 0) return false;
    candidates.splice(i, 1);
  }
  return true;
}

const sameValueZero = (x: unknown, y: unknown): boolean => x === y || Object.is(x, y);

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

function leafEqual(a: object, b: object, kind: Kind): boolean {
  switch (kind) {
    case DATE:
      return sameValueZero(getTime.call(a), getTime.call(b));
    case REGEXP:
      return reSource.call(a) === reSource.call(b) && reFlags.call(a) === reFlags.call(b);
    case TYPED: {
      const x = a as unknown as ArrayLike<unknown>;
      const y = b as unknown as ArrayLike<unknown>;
      if (typedArrayName(a) !== typedArrayName(b) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (!sameValueZero(x[i], y[i])) return false;
      return true;
    }
    case BOXED: {
      const x = unbox(a);
      const y = unbox(b);
      return typeof x === typeof y && sameValueZero(x, y);
    }
    case BUFFER:
    case DATAVIEW:
      return bytesEqual(bytesOf(a, kind), bytesOf(b, kind));
    default:
      return false;
  }
}

/**
 * Python's `==`: structural equality that anyone can extend.
 *
 * When to use: comparing values by content — records, tuples, nested data, your own classes —
 * and wherever polyfold compares keys (HashMap, HashSet, Counter, `unique`, `groupBy`).
 *
 * Details (built-in behaviour):
 * - primitives: SameValueZero, as native `Map` keys compare (`NaN` equals `NaN`, `0` equals
 *   `-0`); `1` and `1n` are different values;
 * - arrays (holes read as `undefined`), plain objects (own enumerable string keys, in any
 *   order), `Map` and `Set` (contents, in any order), `Date` (time), `RegExp` (source and
 *   flags), typed arrays (same type, same elements), `ArrayBuffer`/`DataView` (bytes) and boxed
 *   primitives: structural, recursively through `equals`;
 * - any other class instance, and functions: identity, unless the class has `[dunder.eq]`
 *   (or an implementation is registered);
 * - cyclic structures terminate: a pair met again while comparing it counts as equal.
 *
 * Gotchas: keep `equals` consistent with `hash` (register or define both). A `[dunder.eq]`
 * should answer `false`, not throw, for values of other types.
 *
 * @example
 * ```ts
 * import { equals } from 'polyfold/protocols';
 * equals({ a: [1, 2], b: new Set([3]) }, { b: new Set([3]), a: [1, 2] }); // true
 * equals(NaN, NaN); // true
 * equals(0, -0); // true
 * equals([1, 2], [2, 1]); // false
 * // Extending a type you do not own:
 * class Money { constructor(readonly cents: bigint, readonly currency: string) {} }
 * equals.register(Money, (a, b) => b instanceof Money && a.cents === b.cents && a.currency === b.currency);
 * equals(new Money(5n, 'EUR'), new Money(5n, 'EUR')); // true
 * ```
 */
export const equals: GenericFunction<(a: unknown, b: unknown) => boolean> = equalsImpl;
