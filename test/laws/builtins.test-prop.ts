// polyfold's own built-ins checked with polyfold/laws: every protocol law, on every built-in
// kind, with generators of equal pairs so the hash law is not vacuous.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/laws/index.js';
import {
  Counter,
  compare,
  equals,
  HashMap,
  HashSet,
  hash,
  len,
  ProtocolOrd,
  truthy,
  UnsupportedTypeError,
} from '../../src/protocols/index.js';
import { equalTo, numeric, primitive, rebuild, value } from '../protocols/arbitraries.js';

const params = { numRuns: 150 };

function suite(title: string, laws: _.Laws, runs = params) {
  describe(title, () => {
    for (const [law, property] of Object.entries(laws)) it(law, () => fc.assert(property, runs));
  });
}

suite(
  'Eq and hash on every built-in kind (nested, equal pairs rebuilt)',
  _.eqLaws({ arbitrary: value, equalTo }),
);
suite(
  'Eq and hash on primitives (NaN, -0, bigints…)',
  _.eqLaws({ arbitrary: primitive, equalTo }),
  { numRuns: 300 },
);

const smallKey = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom('a', 'b', Number.NaN, -0),
  fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
);
const hashMap = fc
  .array(fc.tuple(smallKey, value), { maxLength: 5 })
  .map((es) => new HashMap<unknown, unknown>(es));
suite(
  'Eq and hash on HashMap (entries in another order)',
  _.eqLaws({
    arbitrary: hashMap,
    equalTo: (m) =>
      fc
        .integer()
        .map(
          (seed) =>
            new HashMap(
              [...m].reverse().map(([k, v]) => [rebuild(k, seed), rebuild(v, seed)] as const),
            ),
        ),
  }),
  { numRuns: 80 },
);
const hashSet = fc.array(smallKey, { maxLength: 6 }).map((xs) => new HashSet<unknown>(xs));
suite(
  'Eq and hash on HashSet (elements in another order)',
  _.eqLaws({
    arbitrary: hashSet,
    equalTo: (s) =>
      fc.integer().map((seed) => new HashSet([...s].reverse().map((x) => rebuild(x, seed)))),
  }),
  { numRuns: 80 },
);
const counter = fc.array(smallKey, { maxLength: 8 }).map((xs) => new Counter<unknown>(xs));
suite(
  'Eq and hash on Counter (zero counts count as missing)',
  _.eqLaws({
    arbitrary: counter,
    equalTo: (c) =>
      fc
        .integer()
        .map((seed) =>
          new Counter<unknown>(null)
            .update(new HashMap([...c].reverse().map(([k, n]) => [rebuild(k, seed), n] as const)))
            .increment('zero', 0),
        ),
  }),
  { numRuns: 80 },
);

suite('hash quality on nested built-ins', _.hashLaws({ arbitrary: value }), { numRuns: 20 });
suite(
  'hash quality on small integers and short strings',
  _.hashLaws({
    arbitrary: fc.oneof(fc.integer({ min: -500, max: 500 }), fc.string({ maxLength: 2 })),
    sampleSize: 300,
  }),
  { numRuns: 20 },
);
suite(
  'sequence hash laws on arrays',
  _.sequenceHashLaws({
    elements: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.string({ maxLength: 1 })),
    build: (xs) => xs,
  }),
);
suite(
  'sequence hash laws on arrays of arrays',
  _.sequenceHashLaws({
    elements: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
    build: (xs) => xs,
  }),
);
suite(
  'sequence hash laws on typed arrays',
  _.sequenceHashLaws({
    elements: fc.integer({ min: 0, max: 255 }),
    build: (xs) => Uint8Array.from(xs),
  }),
);

describe('hash: no systematic collisions on classic pairs', () => {
  const distinct: unknown[] = [
    [1, 2],
    [2, 1],
    [],
    [1, 1],
    [0, 0],
    [[1], [2]],
    [[2], [1]],
    [[1, 2]],
    [1, [2]],
    { a: 1, b: 2 },
    { a: 2, b: 1 },
    { a: 1 },
    { b: 1 },
    {},
    new Set([1, 2]),
    new Set([1, 3]),
    new Set(),
    new Map([[1, 2]]),
    new Map([[2, 1]]),
    1,
    '1',
    1n,
    [1],
    new Number(1),
    true,
    null,
    undefined,
    Number.NaN,
    0,
    '',
    '0',
    new Date(0),
    new Date(1),
  ];
  it('every classic pair hashes differently', () => {
    const hashes = distinct.map((x) => hash(x));
    expect(new Set(hashes).size).toBe(distinct.length);
  });
});

const numericEqual = (v: unknown) => fc.constant(rebuild(v, 1));
suite(
  'Ord on numbers and bigints, mixed (NaN last, -0 equals 0)',
  _.ordLaws({ arbitrary: numeric, equalTo: numericEqual }),
  { numRuns: 300 },
);
suite('Ord on strings', _.ordLaws({ arbitrary: fc.string({ maxLength: 4 }) }));
suite('Ord on booleans', _.ordLaws({ arbitrary: fc.boolean() }));
suite(
  'Ord on Dates (invalid Dates last)',
  _.ordLaws({
    arbitrary: fc.oneof(fc.date(), fc.constant(new Date(Number.NaN))),
    equalTo: (d) => fc.constant(new Date(d.getTime())),
  }),
);
suite(
  'Ord on arrays of numerics (lexicographic)',
  _.ordLaws({
    arbitrary: fc.array(numeric, { maxLength: 4 }),
    equalTo: (a) => fc.integer().map((s) => rebuild(a, s) as typeof a),
  }),
);
suite(
  'Ord on arrays of arrays of strings',
  _.ordLaws({
    arbitrary: fc.array(fc.array(fc.string({ maxLength: 2 }), { maxLength: 3 }), { maxLength: 3 }),
  }),
);
suite(
  'Ord through the fp-ts bridge (ProtocolOrd)',
  _.ordLaws({
    arbitrary: fc.array(fc.integer(), { maxLength: 3 }),
    compare: ProtocolOrd.compare,
    equals: ProtocolOrd.equals,
  }),
);

describe('compare: sorting agrees with the order', () => {
  it('sorting with compare gives a non-decreasing sequence', () => {
    fc.assert(
      fc.property(fc.array(numeric), (xs) => {
        const sorted = [...xs].sort(compare);
        return sorted.every((x, i) => i === 0 || compare(sorted[i - 1], x) <= 0);
      }),
    );
  });
});

suite('Monoid (add, 0) on 32-bit integers', _.monoidLaws({ arbitrary: fc.integer(), empty: 0 }));
suite('Monoid (add, 0n) on bigints', _.monoidLaws({ arbitrary: fc.bigInt(), empty: 0n }));
suite("Monoid (add, '') on strings", _.monoidLaws({ arbitrary: fc.string(), empty: '' }));
suite(
  'Monoid (add, []) on arrays',
  _.monoidLaws({ arbitrary: fc.array(value, { maxLength: 3 }), empty: [] as unknown[] }),
  { numRuns: 60 },
);
suite(
  'Monoid (add, new Counter()) on Counters with positive counts',
  _.monoidLaws({
    arbitrary: fc.array(smallKey, { maxLength: 8 }).map((xs) => new Counter<unknown>(xs)),
    empty: new Counter<unknown>(),
  }),
  { numRuns: 80 },
);

describe('equals is consistent with the other protocols', () => {
  it('equal values have equal hash, len and truthiness', () => {
    fc.assert(
      fc.property(
        value.chain((v) => equalTo(v).map((w) => [v, w] as const)),
        ([v, w]) => {
          expect(equals(v, w)).toBe(true);
          expect(hash(v)).toBe(hash(w));
          expect(truthy(v)).toBe(truthy(w));
          let n: number | undefined;
          try {
            n = len(v);
          } catch {
            n = undefined;
          }
          expect(n === undefined ? () => len(w) : len(w)).toSatisfy((m: unknown) =>
            typeof m === 'function' ? throwsUnsupported(m as () => unknown) : m === n,
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

function throwsUnsupported(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch (e) {
    return e instanceof UnsupportedTypeError;
  }
}
