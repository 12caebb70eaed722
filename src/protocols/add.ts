/**
 * `add(a, b)`: Python's `+` as a generic function.
 *
 * Laws (checked by `monoidLaws` from `polyfold/laws` for every built-in):
 * - Associativity: `equals(add(add(a, b), c), add(a, add(b, c)))` — exactly for integers within
 *   `Number.MAX_SAFE_INTEGER`, bigints, strings, arrays and Counters with positive counts;
 *   floating-point addition only approximately.
 * - Identity: `0`, `0n`, `''`, `[]` and `new Counter()` are identities for their types.
 * - Purity: neither operand is modified; the result is a new value.
 *
 * Resolution: an implementation registered for `a`'s type wins; then `a[dunder.add](b)`; then
 * the built-in rules.
 */
import { type GenericFunction, singledispatch } from '../dispatch/index.js';
import { UnsupportedTypeError } from './errors.js';
import { ARRAY, kindOf, lookup } from './kinds.js';
import type { Addable } from './protocol-types.js';
import { shared } from './state.js';
import { dunder } from './symbols.js';

const ADD = dunder.add;
// Through kindOf, which fails with a coded error for a revoked Proxy (Array.isArray throws).
const isArray = (b: unknown): b is unknown[] =>
  typeof b === 'object' && b !== null && kindOf(b) === ARRAY;
const ADDABLE =
  'two numbers, two bigints, two strings, two arrays (concatenation), and classes with [dunder.add](that) such as Counter';

function addBuiltin(a: unknown, b: unknown): unknown {
  const ta = typeof a;
  if (ta === typeof b && (ta === 'number' || ta === 'string' || ta === 'bigint')) {
    return (a as number) + (b as number);
  }
  if ((ta === 'object' && a !== null) || ta === 'function') {
    const f = lookup(a as object, ADD);
    if (typeof f === 'function') return (f as (this: unknown, that: unknown) => unknown).call(a, b);
    if (Array.isArray(a) && isArray(b)) {
      const out = new Array<unknown>(a.length + b.length);
      for (let i = 0; i < a.length; i++) out[i] = a[i];
      for (let i = 0; i < b.length; i++) out[a.length + i] = b[i];
      return out;
    }
  }
  throw new UnsupportedTypeError('add', a, { supported: ADDABLE, operands: [a, b] });
}

/**
 * The call signatures of {@link add}: the result type follows the operands.
 *
 * @example
 * ```ts
 * import { add } from 'polyfold/protocols';
 * const n: number = add(1, 2);
 * const xs: (number | string)[] = add([1], ['a']);
 * ```
 */
export interface AddFunction {
  (a: number, b: number): number;
  (a: bigint, b: bigint): bigint;
  (a: string, b: string): string;
  <T, U>(a: readonly T[], b: readonly U[]): (T | U)[];
  <A extends Addable<unknown>>(
    a: A,
    b: Parameters<A[typeof dunder.add]>[0],
  ): ReturnType<A[typeof dunder.add]>;
  (a: unknown, b: unknown): unknown;
}

const addImpl = shared('add', () =>
  singledispatch(function add(a: unknown, b: unknown): unknown {
    return addBuiltin(a, b);
  }),
) as unknown as GenericFunction<AddFunction>;

/**
 * Python's `+`: numbers add, strings and arrays concatenate, Counters merge.
 *
 * When to use: generic folds and monoids (`getProtocolMonoid`), and your own value types that
 * combine (money, vectors, statistics) through `[dunder.add]`.
 *
 * Details: both operands must be of the same built-in kind — `add(1, 1n)` and `add('a', 1)`
 * throw {@link UnsupportedTypeError} (JavaScript's `+` would coerce; Python would refuse);
 * arrays concatenate into a new array; a class with `[dunder.add](that)` decides for itself.
 *
 * Gotchas: there is no reflected `__radd__`: `add(a, b)` asks `a` only.
 *
 * @example
 * ```ts
 * import { add, Counter } from 'polyfold/protocols';
 * add(1, 2); // 3
 * add('poly', 'fold'); // 'polyfold'
 * add([1], [2, 3]); // [1, 2, 3]
 * add(new Counter('ab'), new Counter('b')).get('b'); // 2
 * ```
 */
export const add: GenericFunction<AddFunction> = addImpl;
