// Laws of join, diff, peekN and isDistinct as properties, each against a plain model: a
// nested loop for join, zip for diff, arrays for peekN, a quadratic scan for isDistinct.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/functional/index.js';
import { equals } from '../../src/protocols/index.js';

/** Small keys, often equal by value but not identity ([1] and [1]). */
const key = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.integer({ min: 0, max: 1 }).map((n) => [n]),
);
const rows = fc.array(fc.tuple(key, fc.integer()), { maxLength: 8 });
type Row = [unknown, number];
const k = (r: Row) => r[0];

/** toolz's join written as loops: right order, each right element's matches in left order. */
function model(left: Row[], right: Row[], outerLeft: boolean, outerRight: boolean): unknown[] {
  const out: unknown[] = [];
  for (const r of right) {
    const matches = left.filter((l) => equals(k(l), k(r)));
    for (const l of matches) out.push([l, r]);
    if (matches.length === 0 && outerLeft) out.push(['L', r]);
  }
  if (outerRight) {
    const firstSeen: unknown[] = [];
    for (const l of left) if (!firstSeen.some((x) => equals(x, k(l)))) firstSeen.push(k(l));
    for (const key of firstSeen) {
      if (right.some((r) => equals(k(r), key))) continue;
      for (const l of left) if (equals(k(l), key)) out.push([l, 'R']);
    }
  }
  return out;
}

describe('join', () => {
  it('inner, left-, right- and full outer joins equal the nested-loop model, in order', () => {
    fc.assert(
      fc.property(rows, rows, fc.boolean(), fc.boolean(), (left, right, ol, or) => {
        const options = {
          ...(ol ? { leftDefault: 'L' } : {}),
          ...(or ? { rightDefault: 'R' } : {}),
        };
        const got = [..._.join(k, left, k, right, options)];
        expect(got).toEqual(model(left, right, ol, or));
      }),
    );
  });

  it('a full outer join contains every element of both sides', () => {
    fc.assert(
      fc.property(rows, rows, (left, right) => {
        const got = [..._.join(k, left, k, right, { leftDefault: null, rightDefault: null })];
        for (const l of left) expect(got.some(([x]) => x === l)).toBe(true);
        for (const r of right) expect(got.some(([, y]) => y === r)).toBe(true);
      }),
    );
  });

  it('an index key reads the same as the function key', () => {
    fc.assert(
      fc.property(rows, rows, (left, right) => {
        expect([..._.join(0, left, 0, right)]).toEqual([..._.join(k, left, k, right)]);
      }),
    );
  });
});

describe('diff', () => {
  const seqs = fc.array(fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 6 }), {
    minLength: 2,
    maxLength: 4,
  });

  it('yields the rows of zip whose elements are not all equal', () => {
    fc.assert(
      fc.property(seqs, (xs) => {
        const zipped = [..._.zip(...xs)] as number[][];
        const expected = zipped.filter((row) => !row.every((v) => v === row[0]));
        expect([..._.diff(xs)]).toEqual(expected);
      }),
    );
  });

  it('with fill, the rows of zip-longest padded with fill', () => {
    fc.assert(
      fc.property(seqs, (xs) => {
        const n = Math.max(...xs.map((s) => s.length));
        const padded = xs.map((s) => [...s, ...Array(n - s.length).fill(-1)]);
        const rowsOf = Array.from({ length: n }, (_x, i) => padded.map((s) => s[i]));
        const expected = rowsOf.filter((row) => !row.every((v) => v === row[0]));
        expect([..._.diff(xs, { fill: -1 })]).toEqual(expected);
      }),
    );
  });
});

describe('peekN and isDistinct', () => {
  it('peekN(n) shows the first n and then gives back every element once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.nat(10), (xs, n) => {
        function* gen() {
          yield* xs;
        }
        const [head, all] = _.peekN(n)(gen());
        expect(head).toEqual(xs.slice(0, n));
        expect([...all]).toEqual(xs);
      }),
    );
  });

  it('isDistinct is "no two elements are equal"', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 8 }), (xs) => {
        const distinct = xs.every((x, i) => xs.every((y, j) => i === j || !equals(x, y)));
        expect(_.isDistinct(xs)).toBe(distinct);
      }),
    );
  });
});
