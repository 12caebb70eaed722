/** Semigroup and Monoid laws, by `add` unless another `concat` is given. */

import * as fc from 'fast-check';
import { checkOptionKeys, optionKeys } from '../dispatch/internal.js';
import { add, equals as protocolEquals, repr } from '../protocols/index.js';
import type { Laws } from './check.js';
import { checkLawOptions } from './options.js';

/**
 * What `semigroupLaws` checks.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import type { SemigroupLawsOptions } from 'polyfold/laws';
 * const options: SemigroupLawsOptions<number> = { arbitrary: fc.integer(), concat: Math.max };
 * ```
 */
export interface SemigroupLawsOptions<A> {
  /** Any values of the type. */
  readonly arbitrary: fc.Arbitrary<A>;
  /** The operation (default: `add` from `polyfold/protocols`); an fp-ts `Semigroup`'s `concat` works. */
  readonly concat?: (a: A, b: A) => A;
  /** How results are compared (default: `equals` from `polyfold/protocols`). */
  readonly equals?: (a: A, b: A) => boolean;
}

/** Every key of {@link SemigroupLawsOptions}; any other key is refused (a typo). */
export const SEMIGROUP_LAWS_OPTIONS = optionKeys<SemigroupLawsOptions<unknown>>()(
  'arbitrary',
  'concat',
  'equals',
);

/**
 * What `monoidLaws` checks.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import type { MonoidLawsOptions } from 'polyfold/laws';
 * const options: MonoidLawsOptions<bigint> = { arbitrary: fc.bigInt(), empty: 0n };
 * ```
 */
export interface MonoidLawsOptions<A> extends SemigroupLawsOptions<A> {
  /** The identity element (`0`, `''`, `[]`, `new Counter()`…). */
  readonly empty: A;
}

/** Every key of {@link MonoidLawsOptions}; any other key is refused (a typo). */
export const MONOID_LAWS_OPTIONS = optionKeys<MonoidLawsOptions<unknown>>()(
  'arbitrary',
  'concat',
  'equals',
  'empty',
);

/**
 * The semigroup laws: `concat` is associative and pure (its operands look the same before and
 * after, by `repr`).
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { checkLaws, semigroupLaws } from 'polyfold/laws';
 * checkLaws(semigroupLaws({ arbitrary: fc.string() }));
 * ```
 */
export function semigroupLaws<A>(options: SemigroupLawsOptions<A>): Laws {
  checkOptionKeys('semigroupLaws', options, SEMIGROUP_LAWS_OPTIONS);
  checkLawOptions('semigroupLaws', options, {
    arbitrary: 'arbitrary',
    concat: 'function?',
    equals: 'function?',
  });
  const { arbitrary } = options;
  const concat = options.concat ?? ((a: A, b: A) => add(a, b) as A);
  const equals = options.equals ?? (protocolEquals as (a: A, b: A) => boolean);
  return {
    'associativity: concat(concat(a, b), c) equals concat(a, concat(b, c))': fc.property(
      fc.tuple(arbitrary, arbitrary, arbitrary),
      ([a, b, c]) => equals(concat(concat(a, b), c), concat(a, concat(b, c))),
    ),
    'purity: concat(a, b) leaves a and b unchanged': fc.property(
      fc.tuple(arbitrary, arbitrary),
      ([a, b]) => {
        const before = [repr(a), repr(b)];
        concat(a, b);
        return repr(a) === before[0] && repr(b) === before[1];
      },
    ),
  };
}

/**
 * The monoid laws: the semigroup laws plus `empty` as a left and right identity.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { checkLaws, monoidLaws } from 'polyfold/laws';
 * checkLaws(monoidLaws({ arbitrary: fc.array(fc.integer()), empty: [] }));
 * ```
 */
export function monoidLaws<A>(options: MonoidLawsOptions<A>): Laws {
  checkOptionKeys('monoidLaws', options, MONOID_LAWS_OPTIONS);
  checkLawOptions('monoidLaws', options, {
    arbitrary: 'arbitrary',
    concat: 'function?',
    equals: 'function?',
  });
  const { arbitrary, empty, ...semigroup } = options;
  const concat = options.concat ?? ((a: A, b: A) => add(a, b) as A);
  const equals = options.equals ?? (protocolEquals as (a: A, b: A) => boolean);
  return {
    ...semigroupLaws({ arbitrary, ...semigroup }),
    'left identity: concat(empty, a) equals a': fc.property(arbitrary, (a) =>
      equals(concat(empty, a), a),
    ),
    'right identity: concat(a, empty) equals a': fc.property(arbitrary, (a) =>
      equals(concat(a, empty), a),
    ),
  };
}
