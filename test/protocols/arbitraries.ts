/**
 * Generators of built-in values for the protocol tests, and `equalTo`: a generator of values
 * equal to a given one but built differently (object keys and Map/Set entries in another
 * order, `-0` for `0`, fresh copies of every nested object), so that equal pairs are not
 * merely identical ones.
 */
import fc from 'fast-check';

const special = fc.constantFrom(
  Number.NaN,
  0,
  -0,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1,
  -1,
);
export const numeric = fc.oneof(
  fc.integer(),
  fc.double(),
  special,
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
);
export const primitive = fc.oneof(
  numeric,
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.constantFrom(null, undefined),
);

const date = fc.oneof(fc.date(), fc.constant(new Date(Number.NaN)));
const regexp = fc
  .tuple(fc.constantFrom('a+', '^x$', '[0-9]', ''), fc.constantFrom('', 'g', 'i', 'gi'))
  .map(([s, f]) => new RegExp(s, f));
const typed = fc.oneof(
  fc.uint8Array({ maxLength: 4 }),
  fc.int32Array({ maxLength: 4 }),
  fc.float64Array({ maxLength: 4 }),
  fc.bigInt64Array({ maxLength: 3 }),
);
const boxed = fc.oneof(
  fc.double().map((n) => new Number(n)),
  fc.string({ maxLength: 3 }).map((s) => new String(s)),
  fc.boolean().map((b) => new Boolean(b)),
);

/** Built-in values, nested: primitives, arrays, plain objects, Maps, Sets, Dates, RegExps… */
export const value: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    primitive,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 4 }),
    fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), {
      maxKeys: 3,
      noNullPrototype: false,
    }),
    fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 }).map((es) => new Map(es)),
    fc.array(tie('value'), { maxLength: 3 }).map((xs) => new Set(xs)),
    date,
    regexp,
    typed,
    boxed,
    fc.uint8Array({ maxLength: 4 }).map((b) => b.buffer),
  ),
})).value;

/** A seeded shuffle, so `equalTo` stays a pure function of its generated seed. */
function shuffle<T>(xs: T[], seed: number): T[] {
  let s = seed | 0 || 1;
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A structurally equal copy of `v`, built differently (see the module comment). */
export function rebuild(v: unknown, seed: number): unknown {
  switch (typeof v) {
    case 'number':
      if (Number.isNaN(v)) return 0 / 0;
      return v === 0 ? (seed & 1 ? -0 : 0) : v;
    case 'object': {
      if (v === null) return null;
      if (Array.isArray(v)) return v.map((x, i) => rebuild(x, seed + i + 1));
      if (v instanceof Map) {
        return new Map(
          shuffle([...v], seed).map(([k, x], i) => [rebuild(k, seed + i), rebuild(x, seed - i)]),
        );
      }
      if (v instanceof Set)
        return new Set(shuffle([...v], seed).map((x, i) => rebuild(x, seed + i)));
      if (v instanceof Date) return new Date(v.getTime());
      if (v instanceof RegExp) return new RegExp(v.source, v.flags);
      if (ArrayBuffer.isView(v)) return (v as unknown as { slice(): unknown }).slice();
      if (v instanceof ArrayBuffer) return v.slice(0);
      if (v instanceof Number) return new Number(v.valueOf());
      if (v instanceof String) return new String(v.valueOf());
      if (v instanceof Boolean) return new Boolean(v.valueOf());
      // Plain object: same keys in another order, sometimes with the other prototype.
      const out: Record<string, unknown> = seed & 2 ? Object.create(null) : {};
      for (const k of shuffle(Object.keys(v), seed)) {
        Object.defineProperty(out, k, {
          value: rebuild((v as Record<string, unknown>)[k], seed * 31 + k.length),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    default:
      return v;
  }
}

/** Values equal to `v`, built differently. */
export const equalTo = (v: unknown): fc.Arbitrary<unknown> =>
  fc.integer().map((seed) => rebuild(v, seed));
