/** Ord laws: `compare` is a total order consistent with equality. */

import * as fc from 'fast-check';
import { checkOptionKeys, optionKeys } from '../dispatch/internal.js';
import { compare as protocolCompare, equals as protocolEquals } from '../protocols/index.js';
import type { Laws } from './check.js';
import { arbitraryFrom, checkLawOptions } from './options.js';

/**
 * What `ordLaws` checks.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import type { OrdLawsOptions } from 'polyfold/laws';
 * const options: OrdLawsOptions<Date> = { arbitrary: fc.date(), equalTo: (d) => fc.constant(new Date(d.getTime())) };
 * ```
 */
export interface OrdLawsOptions<A> {
  /** Values that are all mutually comparable (one family: numbers, strings, your class…). */
  readonly arbitrary: fc.Arbitrary<A>;
  /** Values equal to `a` built differently; makes the consistency law non-vacuous. */
  readonly equalTo?: (a: A) => fc.Arbitrary<A>;
  /** Default: `compare` from `polyfold/protocols`. An fp-ts `Ord`'s `compare` works. */
  readonly compare?: (a: A, b: A) => number;
  /** Default: `equals` from `polyfold/protocols`. */
  readonly equals?: (a: A, b: A) => boolean;
}

/** Every key of {@link OrdLawsOptions}; any other key is refused (a typo). */
export const ORD_LAWS_OPTIONS = optionKeys<OrdLawsOptions<unknown>>()(
  'arbitrary',
  'equalTo',
  'compare',
  'equals',
);

/**
 * The laws of a total order (fp-ts `Ord`, Python's rich comparisons): `compare` returns -1, 0
 * or 1 for every pair (totality), `compare(a, a) === 0`, antisymmetry, transitivity (checked
 * on sorted triples, so the premise is not vacuous) and `compare(a, b) === 0` ⇔ `equals(a, b)`.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { checkLaws, ordLaws } from 'polyfold/laws';
 * checkLaws(ordLaws({ arbitrary: fc.oneof(fc.integer(), fc.bigInt()) }));
 * ```
 */
export function ordLaws<A>(options: OrdLawsOptions<A>): Laws {
  checkOptionKeys('ordLaws', options, ORD_LAWS_OPTIONS);
  checkLawOptions('ordLaws', options, {
    arbitrary: 'arbitrary',
    equalTo: 'function?',
    compare: 'function?',
    equals: 'function?',
  });
  const { arbitrary } = options;
  const equalTo =
    options.equalTo === undefined
      ? undefined
      : arbitraryFrom('ordLaws', 'equalTo', options.equalTo);
  const compare = options.compare ?? (protocolCompare as (a: A, b: A) => number);
  const equals = options.equals ?? (protocolEquals as (a: A, b: A) => boolean);
  const pairs =
    equalTo === undefined
      ? fc.tuple(arbitrary, arbitrary)
      : fc.oneof(
          fc.tuple(arbitrary, arbitrary),
          arbitrary.chain((a) => equalTo(a).map((b) => [a, b] as [A, A])),
        );
  return {
    'totality: compare(a, b) is -1, 0 or 1 for every pair': fc.property(pairs, ([a, b]) => {
      const c = compare(a, b);
      return c === -1 || c === 0 || c === 1;
    }),
    'reflexivity: compare(a, a) === 0': fc.property(arbitrary, (a) => compare(a, a) === 0),
    'antisymmetry: compare(a, b) === -compare(b, a)': fc.property(
      pairs,
      ([a, b]) => Math.sign(compare(a, b)) === -Math.sign(compare(b, a)),
    ),
    'transitivity: compare(a, b) <= 0 && compare(b, c) <= 0 ⇒ compare(a, c) <= 0': fc.property(
      fc.tuple(arbitrary, arbitrary, arbitrary),
      (triple) => {
        const [a, b, c] = [...triple].sort(compare);
        return !(compare(a!, b!) <= 0 && compare(b!, c!) <= 0) || compare(a!, c!) <= 0;
      },
    ),
    'consistency with equals: compare(a, b) === 0 ⇔ equals(a, b)': fc.property(
      pairs,
      ([a, b]) => (compare(a, b) === 0) === equals(a, b),
    ),
  };
}
