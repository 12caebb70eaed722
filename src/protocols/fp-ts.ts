/**
 * fp-ts bridges: type-class instances derived from the protocols, and the `Hash` type class.
 *
 * Laws: each instance inherits the laws of the protocol it is built on — `ProtocolEq` is an
 * fp-ts `Eq` (reflexive, symmetric, transitive), `ProtocolOrd` an fp-ts `Ord` (a total order
 * on each comparable family, consistent with `ProtocolEq`), `ProtocolHash` a lawful `Hash`
 * (`equals(a, b)` ⇒ `hash(a) === hash(b)`), `getProtocolSemigroup` a `Semigroup`
 * (associative) and `getProtocolMonoid(empty)` a `Monoid` when `empty` is an identity for `add`.
 *
 * Why `fp-ts/lib/<Module>.js`: fp-ts has no `exports` map, so `fp-ts/Eq` fails in plain Node ESM.
 */

import type { Eq } from 'fp-ts/lib/Eq.js';
import type { Monoid } from 'fp-ts/lib/Monoid.js';
import type { Ord } from 'fp-ts/lib/Ord.js';
import type { Semigroup } from 'fp-ts/lib/Semigroup.js';
import type { Show } from 'fp-ts/lib/Show.js';
import { checkNotRevoked, isRevokedProxy } from '../dispatch/internal.js';
import { add } from './add.js';
import { cmp } from './compare.js';
import { eq } from './equals.js';
import { ProtocolArgumentError } from './errors.js';
import { hashOf } from './hash.js';
import { reprOf } from './repr.js';

/**
 * The `Hash` type class: an fp-ts `Eq` with a `hash` that agrees with it. Accepted by
 * `HashMap`, `HashSet` and `Counter` as their key instance.
 *
 * Law: `H.equals(a, b)` ⇒ `H.hash(a) === H.hash(b)`; `H.hash(a)` is a 32-bit integer.
 *
 * @example
 * ```ts
 * import { type Hash, hash, HashMap } from 'polyfold/protocols';
 * const caseInsensitive: Hash<string> = {
 *   equals: (a, b) => a.toLowerCase() === b.toLowerCase(),
 *   hash: (s) => hash(s.toLowerCase()),
 * };
 * new HashMap([['Ada', 1]], caseInsensitive).get('ADA'); // 1
 * ```
 */
export interface Hash<A> extends Eq<A> {
  /** A 32-bit integer; equal values (by `equals`) must have equal hashes. */
  readonly hash: (a: A) => number;
}

/**
 * fp-ts `Eq` for any value, by `equals`.
 *
 * @example
 * ```ts
 * import { ProtocolEq } from 'polyfold/protocols';
 * import * as A from 'fp-ts/lib/Array.js';
 * A.uniq(ProtocolEq)([[1], [1], [2]]); // [[1], [2]]
 * ```
 */
export const ProtocolEq: Eq<unknown> = { equals: eq };

/**
 * fp-ts `Ord` for comparable values, by `compare` (throws `IncomparableError` on values of
 * different families, as `compare` does).
 *
 * @example
 * ```ts
 * import { ProtocolOrd } from 'polyfold/protocols';
 * import * as A from 'fp-ts/lib/Array.js';
 * A.sort(ProtocolOrd)([[2, 'a'], [1, 'b']]); // [[1, 'b'], [2, 'a']]
 * ```
 */
export const ProtocolOrd: Ord<unknown> = { equals: eq, compare: cmp };

/**
 * fp-ts `Show` for any value, by `repr`.
 *
 * @example
 * ```ts
 * import { ProtocolShow } from 'polyfold/protocols';
 * ProtocolShow.show(new Map([[1, 'a']])); // "Map(1) { 1 => 'a' }"
 * ```
 */
export const ProtocolShow: Show<unknown> = { show: reprOf };

/**
 * The `Hash` instance for any value, by `equals` and `hash`.
 *
 * @example
 * ```ts
 * import { ProtocolHash } from 'polyfold/protocols';
 * ProtocolHash.hash([1, 2]) === ProtocolHash.hash([1, 2]); // true
 * ```
 */
export const ProtocolHash: Hash<unknown> = { equals: eq, hash: hashOf };

/**
 * fp-ts `Semigroup` by `add` (numbers add, strings and arrays concatenate, Counters merge).
 *
 * @example
 * ```ts
 * import { getProtocolSemigroup } from 'polyfold/protocols';
 * import { concatAll } from 'fp-ts/lib/Semigroup.js';
 * concatAll(getProtocolSemigroup<number[]>())([])([[1], [2, 3]]); // [1, 2, 3]
 * ```
 */
export function getProtocolSemigroup<A>(): Semigroup<A> {
  return { concat: (x, y) => add(x, y) as A };
}

/**
 * fp-ts `Monoid` by `add`, with the identity you give (`0`, `''`, `[]`, `new Counter()`).
 *
 * @example
 * ```ts
 * import { getProtocolMonoid } from 'polyfold/protocols';
 * import { concatAll } from 'fp-ts/lib/Monoid.js';
 * concatAll(getProtocolMonoid(''))(['poly', 'fold']); // 'polyfold'
 * ```
 */
export function getProtocolMonoid<A>(empty: A): Monoid<A> {
  return { concat: (x, y) => add(x, y) as A, empty };
}

/**
 * A `Hash` for `B` from a `Hash` for `A` and a projection (fp-ts's `contramap`): compare and
 * hash records by a key, strings case-insensitively…
 *
 * @example
 * ```ts
 * import { contramapHash, HashSet, ProtocolHash } from 'polyfold/protocols';
 * const byId = contramapHash((u: { id: number; name: string }) => u.id)(ProtocolHash);
 * new HashSet([{ id: 1, name: 'a' }, { id: 1, name: 'b' }], byId).size; // 1
 * ```
 */
export function contramapHash<A, B>(f: (b: B) => A): (H: Hash<A>) => Hash<B> {
  if (typeof f !== 'function' || isRevokedProxy(f)) {
    throw new ProtocolArgumentError('contramapHash', 'f', 'a function (b) => a', f);
  }
  return (H) => {
    if (
      typeof H !== 'object' ||
      H === null ||
      isRevokedProxy(H) ||
      typeof H.equals !== 'function' ||
      typeof H.hash !== 'function'
    ) {
      throw new ProtocolArgumentError('contramapHash(f)', 'H', 'a Hash { equals, hash }', H);
    }
    return { equals: (x, y) => H.equals(f(x), f(y)), hash: (x) => H.hash(f(x)) };
  };
}

/**
 * A comparison function for `Array.prototype.sort` from an fp-ts `Ord` (or anything with a
 * `compare`), or from `compare` when none is given.
 *
 * @example
 * ```ts
 * import { comparator } from 'polyfold/protocols';
 * import * as N from 'fp-ts/lib/number.js';
 * [[2], [1, 5], [1]].sort(comparator()); // [[1], [1, 5], [2]]
 * [3, 1, 2].sort(comparator(N.Ord)); // [1, 2, 3]
 * ```
 */
export function comparator<A>(ord?: {
  readonly compare: (a: A, b: A) => number;
}): (a: A, b: A) => number {
  if (ord === undefined) return cmp;
  checkNotRevoked(ord, 'use as an Ord');
  const compareFn = (ord as { compare?: unknown } | null)?.compare;
  if (typeof compareFn !== 'function' || isRevokedProxy(compareFn)) {
    throw new ProtocolArgumentError(
      'comparator',
      'ord',
      'an fp-ts Ord (an object with compare(a, b)) or undefined',
      ord,
    );
  }
  return (a, b) => compareFn.call(ord, a, b);
}
