/**
 * The Fold laws, for every built-in fold, with exact equality (numbers compared with
 * `Object.is`, collections entry by entry in order):
 * - folding any chunking and combining in order equals folding the whole;
 * - `combine` is associative; `init()` is an exact identity on both sides;
 * - the chunked reference executor (accumulators shipped through encode → structuredClone →
 *   decode, early stop on `isDone`) gives the same result as `apply`;
 * - once `isDone`, more input changes nothing.
 */
import { fc, test } from '@fast-check/vitest';
import { getMonoid } from 'fp-ts/lib/Array.js';
import { MonoidSum } from 'fp-ts/lib/number.js';
import { Monoid as MonoidString } from 'fp-ts/lib/string.js';
import { describe, expect } from 'vitest';
import * as _ from '../../src/functional/index.js';
import { checkLaws, foldLaws } from '../../src/laws/index.js';
import { equals, repr } from '../../src/protocols/index.js';

const { folds } = _;
const numRuns = 60;

/** Deep equality that tells -0 from 0 and keeps the order of map and set entries. */
function exactly(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  const ordered = (x: unknown) =>
    x instanceof Map ||
    (x !== null && typeof x === 'object' && Symbol.for('polyfold.collectionKind') in x)
      ? [...(x as Iterable<unknown>)]
      : undefined;
  const oa = ordered(a);
  const ob = ordered(b);
  if (oa !== undefined || ob !== undefined)
    return oa !== undefined && ob !== undefined && exactly(oa, ob);
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => exactly(x, b[i]));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      exactly(ka, kb) &&
      ka.every((k) => exactly((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return equals(a, b);
}

// Doubles of every magnitude (subnormals included) and the special values; |x| ≤ 1e150 so
// squares do not overflow (see folds.stats' gotcha).
const double = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -1e150, max: 1e150, noNaN: true }) },
  { weight: 2, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0.1, 0.2, 0.3, -0, 1e-300, 5e-324) },
);
const withSpecials = fc.oneof(
  { weight: 8, arbitrary: double },
  {
    weight: 1,
    arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  },
);
// Spread, so records have Object.prototype (as data that survives structured cloning does).
const record = fc
  .record({ k: fc.integer({ min: 0, max: 3 }), id: fc.nat(1000) })
  .map((r) => ({ ...r }));
type Rec = { k: number; id: number };
const word = fc.constantFrom('a', 'b', 'c', 'A', 'bb', '');
const smallArray = fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 });

interface Case {
  name: string;
  fold: _.AnyFold<any, unknown>;
  elements: fc.Arbitrary<unknown>;
}

const cases: Case[] = [
  { name: 'sum', fold: folds.sum(), elements: withSpecials },
  { name: 'count', fold: folds.count(), elements: fc.anything() },
  { name: 'mean', fold: folds.mean(), elements: withSpecials },
  { name: 'stats', fold: folds.stats(), elements: withSpecials },
  { name: 'min (numbers)', fold: folds.min(), elements: withSpecials },
  { name: 'max (numbers)', fold: folds.max(), elements: withSpecials },
  { name: 'min (arrays)', fold: folds.min(), elements: smallArray },
  { name: 'max (strings)', fold: folds.max(), elements: word },
  { name: 'minBy', fold: folds.minBy((r: Rec) => r.k), elements: record },
  { name: 'maxBy', fold: folds.maxBy((r: Rec) => r.k), elements: record },
  { name: 'topK(3, key)', fold: folds.topK(3, (r: Rec) => r.k), elements: record },
  { name: 'topK(0)', fold: folds.topK(0), elements: fc.integer() },
  { name: 'topK(5) numbers', fold: folds.topK(5), elements: withSpecials },
  { name: 'toArray', fold: folds.toArray(), elements: fc.oneof(fc.integer(), word) },
  {
    name: 'toSet',
    fold: folds.toSet(),
    elements: fc.oneof(fc.integer({ min: 0, max: 5 }), smallArray),
  },
  { name: 'frequencies', fold: folds.frequencies(), elements: word },
  { name: 'frequencies(key)', fold: folds.frequencies((s: string) => s.length), elements: word },
  { name: 'groupBy(key)', fold: folds.groupBy((r: Rec) => r.k), elements: record },
  {
    name: 'groupBy(key, sum)',
    fold: folds.groupBy((x: number) => Math.sign(x), folds.sum()),
    elements: double,
  },
  {
    name: 'reduceBy(key, topK)',
    fold: folds.reduceBy(
      (r: Rec) => r.k % 2,
      folds.topK(2, (r: Rec) => r.id),
    ),
    elements: record,
  },
  {
    name: 'every',
    fold: folds.every((x: number) => x % 5 !== 0),
    elements: fc.integer({ min: 0, max: 20 }),
  },
  {
    name: 'some',
    fold: folds.some((x: number) => x % 5 === 0),
    elements: fc.integer({ min: 0, max: 20 }),
  },
  { name: 'first', fold: folds.first(), elements: fc.integer() },
  { name: 'last', fold: folds.last(), elements: fc.integer() },
  {
    name: 'fromMonoid(MonoidSum) on integers',
    fold: folds.fromMonoid(MonoidSum),
    elements: fc.integer(),
  },
  { name: 'fromMonoid(string)', fold: folds.fromMonoid(MonoidString), elements: word },
  {
    name: 'fromMonoid(array)',
    fold: folds.fromMonoid(getMonoid<number>()),
    elements: fc.array(fc.integer(), { maxLength: 3 }),
  },
  {
    name: 'struct',
    fold: folds.struct({
      s: folds.sum(),
      m: folds.mean(),
      f: folds.frequencies<number>(),
      t: folds.topK(2),
    }),
    elements: double,
  },
  {
    name: 'tuple',
    fold: folds.tuple(
      folds.stats(),
      folds.first<number>(),
      folds.some((x: number) => x > 1e100),
    ),
    elements: double,
  },
  {
    name: 'premap(id of, sum)',
    fold: folds.premap((r: Rec) => r.id, folds.sum()),
    elements: record,
  },
  {
    name: 'premap(square, stats)',
    fold: folds.premap((x: number) => x * x, folds.stats()),
    elements: double,
  },
  {
    name: 'premap(length, frequencies) (encoded accumulator)',
    fold: folds.premap((s: string) => s.length, folds.frequencies()),
    elements: word,
  },
  {
    name: 'premap(k, every) (finishes early)',
    fold: folds.premap(
      (r: Rec) => r.k,
      folds.every((k: number) => k < 3),
    ),
    elements: record,
  },
  {
    name: 'groupBy(key, premap(id of, stats))',
    fold: folds.groupBy(
      (r: Rec) => r.k,
      folds.premap((r: Rec) => r.id, folds.stats()),
    ),
    elements: record,
  },
  {
    name: 'premap(k, groupBy(parity, toArray))',
    fold: folds.premap(
      (r: Rec) => r.k,
      folds.groupBy((k: number) => k % 2),
    ),
    elements: record,
  },
];

describe.each(cases)('folds.$name', ({ fold, elements }) => {
  for (const [law, property] of Object.entries(foldLaws({ fold, elements, equals: exactly }))) {
    test(law, () => {
      checkLaws({ [law]: property }, { numRuns });
    });
  }

  test.prop([fc.array(elements, { maxLength: 60 }), fc.integer({ min: 1, max: 16 })], {
    numRuns: 30,
  })(
    'the chunked reference executor (shipping accumulators) equals apply',
    async (xs, chunkSize) => {
      const job = _.pipeline().fold(fold);
      const whole = job.apply(xs);
      const split = await _.run(job, xs, { executor: _.local({ chunkSize, transfer: true }) });
      expect(exactly(split, whole)).toBe(true);
      expect(repr(split)).toBe(repr(whole));
    },
  );

  test.prop([fc.array(elements, { maxLength: 60 })], { numRuns: 20 })(
    'a job’s compiled loop gives what the closure chain gives',
    (xs) => {
      const job = _.pipeline(_.map((x: unknown) => x)).fold(fold);
      function* once() {
        yield* xs;
      }
      const viaClosures = job.apply(once());
      // The fourth run of a job compiles its loop (see core/kernel.ts).
      for (let i = 0; i < 5; i++) expect(exactly(job.apply(xs), viaClosures)).toBe(true);
    },
  );

  if (fold.isDone) {
    test.prop([fc.array(elements, { maxLength: 30 }), fc.array(elements, { maxLength: 5 })], {
      numRuns,
    })('once done, more input changes nothing', (xs, more) => {
      let acc = fold.init();
      for (const x of xs) acc = fold.step(acc, x);
      fc.pre(fold.isDone!(acc));
      const before = fold.done(acc);
      for (const x of more) acc = fold.step(acc, x);
      expect(exactly(fold.done(acc), before)).toBe(true);
    });
  }
});

describe('folds.premap', () => {
  const fns: Array<[string, (r: Rec) => unknown]> = [
    ['id', (r) => r.id],
    ['k', (r) => r.k],
    ['pair', (r) => [r.k, r.id % 3]],
  ];
  test.prop([fc.array(record, { maxLength: 50 }), fc.constantFrom(...fns)], { numRuns: 100 })(
    'folding premap(f, fold) over xs equals folding fold over xs.map(f)',
    (xs, [, f]) => {
      for (const inner of [folds.toArray(), folds.frequencies(), folds.max(), folds.toSet()]) {
        const got = _.fold(folds.premap(f, inner as _.AnyFold<unknown, unknown>))(xs);
        const expected = _.fold(inner as _.AnyFold<unknown, unknown>)(xs.map(f));
        expect(exactly(got, expected)).toBe(true);
      }
    },
  );
});

describe('the exact sum', () => {
  test.prop([fc.array(double, { maxLength: 50 })], { numRuns: 200 })(
    'is independent of order and of the chunking, and equals fsum',
    (xs) => {
      const forward = _.fold(folds.sum())(xs);
      const backward = _.fold(folds.sum())([...xs].reverse());
      expect(Object.is(forward, backward)).toBe(true);
      expect(Object.is(_.fsum(xs), forward)).toBe(true);
    },
  );

  test.prop([fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { maxLength: 50 })], {
    numRuns: 100,
  })('of integers equals the plain sum', (xs) => {
    expect(_.fold(folds.sum())(xs)).toBe(xs.reduce((a, b) => a + b, 0));
  });
});
