/**
 * Keys that `stableHash` accepts: data of every kind `hash` supports structurally, nested.
 * Shared by the stable-hash tests and the child processes they start (which must draw the
 * very same keys from the same seed).
 */
import fc from 'fast-check';

const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, 0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);
const primitive = fc.oneof(
  number,
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.string({ unit: 'binary', maxLength: 4 }), // lone surrogates included
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.boolean(),
  fc.constantFrom(null, undefined),
);

/** Any key `stableHash` accepts. */
export const stableKeyArb: fc.Arbitrary<unknown> = fc.letrec<{ key: unknown }>((tie) => ({
  key: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    primitive,
    fc.array(tie('key'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 3 }), tie('key'), { maxKeys: 4 }),
    fc.array(fc.tuple(tie('key'), tie('key')), { maxLength: 3 }).map((es) => new Map(es)),
    fc.array(tie('key'), { maxLength: 3 }).map((xs) => new Set(xs)),
    fc.oneof(fc.date(), fc.constant(new Date(Number.NaN))),
    fc
      .tuple(fc.constantFrom('a+', '^x$', ''), fc.constantFrom('', 'g', 'iu'))
      .map(([s, f]) => new RegExp(s, f)),
    fc.oneof(fc.uint8Array({ maxLength: 4 }), fc.float64Array({ maxLength: 3 })),
    fc.bigInt64Array({ maxLength: 2 }),
  ),
})).key;

/** The keys of the cross-process test: the same in every process for the same seed. */
export const sampleKeys = (n: number, seed: number): unknown[] =>
  fc.sample(stableKeyArb, { numRuns: n, seed });
