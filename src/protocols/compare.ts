/**
 * `compare(a, b)`: Python's rich comparisons (`<`, `==`, `>`) as one generic function
 * returning `-1`, `0` or `1`.
 *
 * Laws (checked for every built-in order by `ordLaws` from `polyfold/laws`), for values that
 * are comparable at all:
 * - Reflexivity: `compare(a, a) === 0`.
 * - Antisymmetry: `compare(a, b) === -compare(b, a)`.
 * - Transitivity: `compare(a, b) <= 0 && compare(b, c) <= 0` ⇒ `compare(a, c) <= 0`.
 * - Consistency with equals: `compare(a, b) === 0` ⇔ `equals(a, b)`.
 * - Totality within a family: any two numbers/bigints, any two strings, any two booleans,
 *   any two Dates and any two arrays of mutually comparable values are comparable; other
 *   pairs throw `IncomparableError` (Python's `TypeError` for `1 < 'a'`).
 *
 * Resolution: an implementation registered for `a`'s type wins; then `a[dunder.compare](b)`;
 * then `-b[dunder.compare](a)` (reflected); then the built-in orders.
 */
import { type GenericFunction, singledispatch } from '../dispatch/index.js';
import { IncomparableError, outermost, ProtocolResultError } from './errors.js';
import { ARRAY, DATE, kindOf, lookup } from './kinds.js';
import { shared } from './state.js';
import { dunder } from './symbols.js';

/**
 * The result of a comparison: negative, zero, positive — as fp-ts's `Ordering`.
 *
 * @example
 * ```ts
 * import { compare, type Ordering } from 'polyfold/protocols';
 * const o: Ordering = compare('a', 'b'); // -1
 * ```
 */
export type Ordering = -1 | 0 | 1;

const CMP = dunder.compare;
const getTime = Date.prototype.getTime;
type Dunder = (this: unknown, that: unknown) => unknown;

function sign(x: unknown, a: unknown, b: unknown): Ordering {
  if (typeof x !== 'number' || Number.isNaN(x)) {
    throw new ProtocolResultError(
      'compare',
      a,
      x,
      `a number (negative, zero or positive) when comparing with ${typeof b}`,
    );
  }
  return x < 0 ? -1 : x > 0 ? 1 : 0;
}

/**
 * Numbers and bigints in one order: by mathematical value (JS compares `1n < 1.5` exactly),
 * `NaN` after everything (so the order is total, as numpy sorts it), and — to stay
 * consistent with `equals`, where `1` and `1n` differ — a number before an equal bigint.
 */
function compareNumeric(a: number | bigint, b: number | bigint): Ordering {
  const an = typeof a === 'number' && Number.isNaN(a);
  const bn = typeof b === 'number' && Number.isNaN(b);
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  if (a < b) return -1;
  if (a > b) return 1;
  if (typeof a === typeof b) return 0;
  return typeof a === 'number' ? -1 : 1;
}

function compareTimes(a: number, b: number): Ordering {
  return compareNumeric(a, b);
}

// Pairs being compared, for cyclic arrays (see equals.ts): a pair met again compares equal.
const stackA: unknown[] = [];
const stackB: unknown[] = [];
let depth = 0;

function compareArrays(a: unknown[], b: unknown[]): Ordering {
  const d = depth;
  for (let i = 0; i < d; i++) if (stackA[i] === a && stackB[i] === b) return 0;
  try {
    stackA[d] = a;
    stackB[d] = b;
    depth = d + 1;
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a[i];
      const y = b[i];
      if (x === y) continue;
      const c = cmp(x, y);
      if (c !== 0) return c;
    }
    return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
  } catch (e) {
    throw d === 0 ? outermost('compare', a, e) : e;
  } finally {
    // Plain assignments, never a call (a call fails again after a stack overflow; see equals.ts).
    depth = d;
    stackA[d] = undefined;
    stackB[d] = undefined;
    if (d === 0 && stackA.length > 1024) stackA.length = stackB.length = 0;
  }
}

/** Calls a `[dunder.compare]`; at the top level a stack overflow in it becomes NestingTooDeepError. */
function callDunder(f: Dunder, self: unknown, that: unknown): unknown {
  if (depth !== 0) return f.call(self, that);
  try {
    return f.call(self, that);
  } catch (e) {
    throw outermost('compare', self, e);
  }
}

/** The built-in behaviour (the default implementation), dunder methods included. */
export function compareBuiltin(a: unknown, b: unknown): Ordering {
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === 'number' || ta === 'bigint') && (tb === 'number' || tb === 'bigint')) {
    return compareNumeric(a as number | bigint, b as number | bigint);
  }
  if (ta === 'string' && tb === 'string')
    return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
  if (ta === 'boolean' && tb === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if ((ta === 'object' && a !== null) || ta === 'function') {
    const f = lookup(a as object, CMP);
    if (typeof f === 'function') return sign(callDunder(f as Dunder, a, b), a, b);
  }
  if ((tb === 'object' && b !== null) || tb === 'function') {
    const g = lookup(b as object, CMP);
    if (typeof g === 'function') return -sign(callDunder(g as Dunder, b, a), b, a) as Ordering;
    if (ta === 'object' && a !== null) {
      const ka = kindOf(a as object);
      if ((ka === ARRAY || ka === DATE) && kindOf(b as object) === ka) {
        return ka === ARRAY
          ? compareArrays(a as unknown[], b as unknown[])
          : compareTimes(getTime.call(a), getTime.call(b));
      }
    }
  }
  throw new IncomparableError(a, b);
}

const compareImpl = shared('compare', () =>
  singledispatch(function compare(a: unknown, b: unknown): Ordering {
    return compareBuiltin(a, b);
  }),
) as GenericFunction<(a: unknown, b: unknown) => Ordering>;
const registry = compareImpl.registry;

/** Comparison for nested values and sorting: skips dispatch while nothing is registered. */
export function cmp(a: unknown, b: unknown): Ordering {
  if (registry.size === 0) return compareBuiltin(a, b);
  const r = compareImpl(a, b) as unknown;
  return r === -1 || r === 0 || r === 1 ? r : sign(r, a, b);
}

/**
 * Python's ordering (`<`, `==`, `>` in one call): `-1`, `0` or `1`, extensible by anyone.
 *
 * When to use: sorting (`xs.sort(compare)`), `min`/`max`, sorted containers — anywhere you
 * need one consistent order over mixed numbers and bigints, strings, Dates, tuples (arrays)
 * or your own classes.
 *
 * Details: numbers and bigints compare by mathematical value (mixed too: `compare(1n, 1.5)`
 * is `-1`); `NaN` sorts after every number and equals itself; `0` and `-0` are equal; a number
 * sorts just before an equal bigint (`1 < 1n`), because `equals(1, 1n)` is false. Strings
 * compare by UTF-16 code units (JavaScript's `<`), `false < true`, Dates by time (invalid
 * Dates last), arrays lexicographically (a prefix first). Anything else throws
 * {@link IncomparableError} unless a `[dunder.compare]` method or a registration applies.
 *
 * Gotchas: a registered implementation should return `-1`, `0` or `1`; polyfold's own callers
 * normalise other numbers to their sign.
 *
 * @example
 * ```ts
 * import { compare } from 'polyfold/protocols';
 * compare(1, 2); // -1
 * compare([1, 'b'], [1, 'a']); // 1
 * compare(2n, 1.5); // 1
 * [3, 1n, NaN, 2].sort(compare); // [1n, 2, 3, NaN]
 * ```
 */
export const compare: GenericFunction<(a: unknown, b: unknown) => Ordering> = compareImpl;
