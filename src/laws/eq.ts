/**
 * Eq laws, and the hash laws that depend on equality.
 *
 * The generators are the point: random pairs of values are almost never equal, so "equal ⇒
 * same hash" checked on random pairs passes vacuously. These laws take `equalTo(a)`, a
 * generator of values *equal to `a` but built differently* (keys in another order, `-0` for
 * `0`, a fresh copy of a nested object…), and check the laws on those pairs.
 */

import * as fc from 'fast-check';
import { checkOptionKeys, optionKeys } from '../dispatch/internal.js';
import { equals as protocolEquals, hash as protocolHash } from '../protocols/index.js';
import type { Laws } from './check.js';
import { arbitraryFrom, checkLawOptions } from './options.js';

/**
 * What `eqLaws` checks.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import type { EqLawsOptions } from 'polyfold/laws';
 * const options: EqLawsOptions<number[]> = {
 *   arbitrary: fc.array(fc.integer()),
 *   equalTo: (xs) => fc.constant([...xs]), // an equal copy, not the same array
 * };
 * ```
 */
export interface EqLawsOptions<A> {
  /** Any values of the type. */
  readonly arbitrary: fc.Arbitrary<A>;
  /**
   * Values equal to `a`, built differently (a copy with fields in another order, `-0` for
   * `0`…). Returning `fc.constant(a)` only tests identical pairs: the hash law then proves little.
   */
  readonly equalTo: (a: A) => fc.Arbitrary<A>;
  /** The equality under test (default: `equals` from `polyfold/protocols`). */
  readonly equals?: (a: A, b: A) => boolean;
  /**
   * The hash that must agree with it (default: `hash` from `polyfold/protocols`); `null` for
   * a type that is not hashed.
   */
  readonly hash?: ((a: A) => number) | null;
}

/** Every key of {@link EqLawsOptions}; any other key is refused (a typo). */
export const EQ_LAWS_OPTIONS = optionKeys<EqLawsOptions<unknown>>()(
  'arbitrary',
  'equalTo',
  'equals',
  'hash',
);

/**
 * The laws of an equality (fp-ts `Eq`, Python `__eq__`) and of a hash consistent with it:
 * reflexivity, symmetry, transitivity (on chains of equal values), the `equalTo` generator
 * really producing equal values, `equals(a, b)` ⇒ `hash(a) === hash(b)` on equal pairs, and
 * hashes being deterministic 32-bit integers.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { checkLaws, eqLaws } from 'polyfold/laws';
 * import { dunder, hashValues } from 'polyfold/protocols';
 * class Point {
 *   constructor(readonly x: number, readonly y: number) {}
 *   [dunder.eq](that: unknown) { return that instanceof Point && that.x === this.x && that.y === this.y; }
 *   [dunder.hash]() { return hashValues(this.x, this.y); }
 * }
 * const point = fc.tuple(fc.integer(), fc.integer()).map(([x, y]) => new Point(x, y));
 * checkLaws(eqLaws({ arbitrary: point, equalTo: (p) => fc.constant(new Point(p.x, p.y)) }));
 * ```
 */
export function eqLaws<A>(options: EqLawsOptions<A>): Laws {
  checkOptionKeys('eqLaws', options, EQ_LAWS_OPTIONS);
  checkLawOptions('eqLaws', options, {
    arbitrary: 'arbitrary',
    equalTo: 'function',
    equals: 'function?',
    hash: 'function or null?',
  });
  const { arbitrary } = options;
  const equalTo = arbitraryFrom('eqLaws', 'equalTo', options.equalTo);
  const equals = options.equals ?? (protocolEquals as (a: A, b: A) => boolean);
  const hash = options.hash === undefined ? (protocolHash as (a: A) => number) : options.hash;
  const equalPair = arbitrary.chain((a) => equalTo(a).map((b) => [a, b] as [A, A]));
  const equalChain = arbitrary.chain((a) =>
    equalTo(a).chain((b) => equalTo(b).map((c) => [a, b, c] as [A, A, A])),
  );
  const anyPair = fc.oneof(fc.tuple(arbitrary, arbitrary), equalPair);

  const laws: Record<string, fc.IProperty<any>> = {
    'reflexivity: equals(a, a)': fc.property(arbitrary, (a) => equals(a, a) === true),
    'symmetry: equals(a, b) === equals(b, a)': fc.property(
      anyPair,
      ([a, b]) => equals(a, b) === equals(b, a),
    ),
    'transitivity: equals(a, b) && equals(b, c) ⇒ equals(a, c)': fc.property(
      equalChain,
      ([a, b, c]) => !(equals(a, b) && equals(b, c)) || equals(a, c),
    ),
    'generator: every value from equalTo(a) equals a': fc.property(equalPair, ([a, b]) =>
      equals(a, b),
    ),
  };
  if (hash !== null) {
    const isInt32 = (h: number) => typeof h === 'number' && (h | 0) === h;
    laws['hash consistency: equals(a, b) ⇒ hash(a) === hash(b)'] = fc.property(
      equalPair,
      ([a, b]) => !equals(a, b) || hash(a) === hash(b),
    );
    laws['hash range: hash(a) is a 32-bit integer'] = fc.property(arbitrary, (a) =>
      isInt32(hash(a)),
    );
    laws['hash determinism: hash(a) === hash(a)'] = fc.property(arbitrary, (a) => {
      const first = hash(a);
      return hash(a) === first;
    });
  }
  return laws;
}
