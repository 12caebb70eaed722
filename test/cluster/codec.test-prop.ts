/**
 * The wire codec: whatever data a chunk, a context or a partial result holds comes back from
 * a JSON round trip (as Redis stores it) as the same value — -0, NaN, undefined, bigints,
 * Maps, Sets, Dates and objects with a "$" key included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeData, encodeData } from '../../src/functional/codec.js';
import { Counter, collectionKind, equals, HashMap, HashSet } from '../../src/protocols/index.js';

const roundTrip = (x: unknown): unknown =>
  decodeData(JSON.parse(JSON.stringify(encodeData(x, 'the value'))));

// Any value the codec promises to carry.
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.boolean(),
    fc.constantFrom(null, undefined, -0, Number.NaN, Number.POSITIVE_INFINITY),
    fc.bigInt(),
    fc.date({ noInvalidDate: false }),
    fc.array(tie('value')),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('$', 'v', '__proto__')), tie('value'), {
      noNullPrototype: true,
    }),
    fc.array(fc.tuple(tie('value'), tie('value'))).map((es) => new Map(es)),
    fc.array(tie('value')).map((xs) => new Set(xs)),
    fc.float64Array().map((xs) => xs),
    fc.uint8Array(),
  ),
}));

describe('wire codec', () => {
  it('law: decode(JSON(encode(x))) equals x, bit for bit', () => {
    fc.assert(
      fc.property(value, (x) => {
        expect(roundTrip(x)).toStrictEqual(x);
      }),
      { numRuns: 300 },
    );
  });

  it('law: the encoding is plain JSON (stringify changes nothing)', () => {
    fc.assert(
      fc.property(value, (x) => {
        const encoded = encodeData(x, 'the value');
        expect(JSON.parse(JSON.stringify(encoded))).toStrictEqual(encoded);
      }),
      { numRuns: 300 },
    );
  });

  it("law: polyfold's HashMap, HashSet and Counter come back as themselves, equal by equals", () => {
    const collection = fc.oneof(
      fc.array(fc.tuple(value, value), { maxLength: 4 }).map((es) => new HashMap(es)),
      fc.array(value, { maxLength: 4 }).map((xs) => new HashSet(xs)),
      fc.array(fc.tuple(value, fc.integer()), { maxLength: 4 }).map((es) => {
        const c = new Counter<unknown>();
        for (const [k, n] of es) c.set(k, n);
        return c;
      }),
    );
    fc.assert(
      fc.property(collection, (x) => {
        const back = roundTrip([x]) as unknown[];
        expect(collectionKind(back[0])).toBe(collectionKind(x));
        expect(equals(back[0], x)).toBe(true);
        // Insertion order survives too (HashMap and Counter iterate in it).
        expect([...(back[0] as Iterable<unknown>)].length).toBe([...x].length);
      }),
      { numRuns: 200 },
    );
  });
});
