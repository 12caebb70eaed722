// Fuzz: every public function called with arbitrary values returns, or throws one of the
// documented polyfold errors — never hangs, never leaks an internal TypeError or RangeError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  stringUnit: 'binary',
  maxDepth: 3,
});

const documented = [_.UnsupportedTypeError, _.IncomparableError];

function returnsOrThrowsDocumented(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!documented.some((cls) => e instanceof cls)) throw e;
  }
}

const params = { numRuns: 300 };

describe('fuzz: the protocol functions on anything', () => {
  it('equals is total, reflexive and symmetric on anything', () => {
    fc.assert(
      fc.property(anything, anything, (a, b) => {
        expect(_.equals(a, a)).toBe(true);
        expect(_.equals(a, b)).toBe(_.equals(b, a));
      }),
      params,
    );
  });

  it('hash always returns a 32-bit integer', () => {
    fc.assert(
      fc.property(anything, (a) => {
        const h = _.hash(a);
        expect(h | 0).toBe(h);
      }),
      params,
    );
  });

  it('repr always returns a string; truthy always a boolean', () => {
    fc.assert(
      fc.property(anything, (a) => {
        expect(typeof _.repr(a)).toBe('string');
        expect(typeof _.truthy(a)).toBe('boolean');
      }),
      params,
    );
  });

  it('len, contains, compare and add return or throw a documented error', () => {
    fc.assert(
      fc.property(anything, anything, (a, b) => {
        returnsOrThrowsDocumented(() => _.len(a));
        returnsOrThrowsDocumented(() => _.contains(a, b));
        returnsOrThrowsDocumented(() => _.compare(a, b));
        returnsOrThrowsDocumented(() => _.add(a, b));
      }),
      params,
    );
  });

  it('HashMap, HashSet and Counter accept any keys', () => {
    fc.assert(
      fc.property(fc.array(anything, { maxLength: 8 }), (keys) => {
        const m = new _.HashMap<unknown, number>();
        keys.forEach((k, i) => {
          m.set(k, i);
        });
        for (const k of keys) expect(m.has(k)).toBe(true);
        const distinct: unknown[] = [];
        for (const k of keys) if (!distinct.some((d) => _.equals(d, k))) distinct.push(k);
        expect(m.size).toBe(distinct.length);
        const s = new _.HashSet(keys);
        expect(s.size).toBe(m.size);
        const c = new _.Counter<unknown>(keys);
        expect(c.total()).toBe(keys.length);
        for (const k of keys) m.delete(k);
        expect(m.size).toBe(0);
        expect(typeof _.repr([m, s, c])).toBe('string');
      }),
      { numRuns: 150 },
    );
  });
});
