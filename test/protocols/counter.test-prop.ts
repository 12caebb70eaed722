// Counter's laws as properties: counting by equals, and mostCommon as a stable sort.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

describe('Counter properties', () => {
  const elements = fc.array(
    fc.oneof(
      fc.constantFrom('a', 'b', 'c', 'd'),
      fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 1 }),
    ),
    { maxLength: 30 },
  );

  it('get(k) counts the elements equal to k; total() is the number of elements', () => {
    fc.assert(
      fc.property(elements, (xs) => {
        const c = new _.Counter<unknown>(xs);
        expect(c.total()).toBe(xs.length);
        for (const x of xs) expect(c.get(x)).toBe(xs.filter((y) => _.equals(x, y)).length);
      }),
    );
  });

  it('mostCommon is a stable sort by count of first-seen order', () => {
    fc.assert(
      fc.property(
        elements,
        fc.option(fc.integer({ min: -1, max: 6 }), { nil: undefined }),
        (xs, n) => {
          const firstSeen: unknown[] = [];
          for (const x of xs) if (!firstSeen.some((y) => _.equals(x, y))) firstSeen.push(x);
          const counts = firstSeen.map(
            (k) => [k, xs.filter((y) => _.equals(k, y)).length] as [unknown, number],
          );
          const expected = counts.sort((a, b) => b[1] - a[1]);
          const got = new _.Counter<unknown>(xs).mostCommon(n);
          expect(got).toEqual(n === undefined ? expected : n <= 0 ? [] : expected.slice(0, n));
        },
      ),
    );
  });
});
