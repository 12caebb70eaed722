// Counter's multiset operations and comparisons as properties. The model is Python's: every
// operation is the elementwise number operation on counts (missing keys counting 0), clipped
// at zero where Python clips; order is the left operand's keys, then the right's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

type C = _.Counter<unknown>;

/** Keys that are equal by value but not by identity (arrays), mixed with strings. */
const key = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'd', 'e'),
  fc.integer({ min: 0, max: 2 }).map((n) => [n]),
);
/** Counts from -3 to 4, zero and negatives included (Counters may hold them). */
const counter = fc
  .array(fc.tuple(key, fc.integer({ min: -3, max: 4 })), { maxLength: 8 })
  .map((pairs) => {
    const c = new _.Counter<unknown>();
    for (const [k, n] of pairs) c.set(k, n);
    return c;
  });
/** Counters with counts 0 or 1 only: exactly like sets. */
const setLike = fc
  .array(fc.tuple(key, fc.integer({ min: 0, max: 1 })), { maxLength: 8 })
  .map((pairs) => {
    const c = new _.Counter<unknown>();
    for (const [k, n] of pairs) c.set(k, n);
    return c;
  });

const keysOf = (...cs: C[]): unknown[] => {
  const all = new _.HashSet<unknown>();
  for (const c of cs) for (const k of c.keys()) all.add(k);
  return [...all];
};
const plus = (a: C, b: C): C => _.add(a, b) as C;
const onlyPositive = (c: C): boolean => [...c.values()].every((n) => n > 0);

describe('Counter multiset operations agree with elementwise counts', () => {
  const ops: [string, (a: C, b: C) => C, (x: number, y: number) => number][] = [
    ['add (+)', plus, (x, y) => Math.max(0, x + y)],
    ['difference (-)', (a, b) => a.difference(b), (x, y) => Math.max(0, x - y)],
    ['union (|)', (a, b) => a.union(b), (x, y) => Math.max(0, x, y)],
    ['intersection (&)', (a, b) => a.intersection(b), (x, y) => Math.max(0, Math.min(x, y))],
  ];
  for (const [name, op, number] of ops) {
    it(`${name}: result[k] is the number operation on the counts, only positive counts kept`, () => {
      fc.assert(
        fc.property(counter, counter, (p, q) => {
          const r = op(p, q);
          for (const k of keysOf(p, q)) expect(r.get(k)).toBe(number(p.get(k), q.get(k)));
          expect(onlyPositive(r)).toBe(true);
        }),
      );
    });
  }

  it('unary: positive() keeps c[k] > 0, negative() is -c[k] where c[k] < 0', () => {
    fc.assert(
      fc.property(counter, (c) => {
        const pos = c.positive();
        const neg = c.negative();
        for (const k of c.keys()) {
          expect(pos.get(k)).toBe(Math.max(0, c.get(k)));
          expect(neg.get(k)).toBe(Math.max(0, -c.get(k)));
        }
        expect(onlyPositive(pos) && onlyPositive(neg)).toBe(true);
        expect(_.equals(pos, plus(c, new _.Counter()))).toBe(true);
        expect(_.equals(neg, new _.Counter<unknown>().difference(c))).toBe(true);
      }),
    );
  });

  it('operations never change their operands', () => {
    fc.assert(
      fc.property(counter, counter, (p, q) => {
        const before = [[...p], [...q]];
        p.difference(q);
        p.union(q);
        p.intersection(q);
        p.positive();
        p.negative();
        p.isSubsetOf(q);
        expect([[...p], [...q]]).toEqual(before);
      }),
    );
  });
});

describe('Counter multiset laws', () => {
  it('(a | b) ⊇ +a and ⊇ +b; a & b ⊆ +a and ⊆ +b', () => {
    fc.assert(
      fc.property(counter, counter, (a, b) => {
        const u = a.union(b);
        const i = a.intersection(b);
        expect(u.isSupersetOf(a.positive()) && u.isSupersetOf(b.positive())).toBe(true);
        expect(i.isSubsetOf(a.positive()) && i.isSubsetOf(b.positive())).toBe(true);
        expect(i.isSubsetOf(u)).toBe(true);
      }),
    );
  });

  it('(a - b) + (a & b) == +a when b has no negative counts', () => {
    fc.assert(
      fc.property(counter, counter, (a, b0) => {
        const b = b0.positive();
        expect(_.equals(plus(a.difference(b), a.intersection(b)), a.positive())).toBe(true);
      }),
    );
  });

  it('union and intersection are commutative, associative and idempotent (on +a)', () => {
    fc.assert(
      fc.property(counter, counter, counter, (a, b, c) => {
        for (const op of ['union', 'intersection'] as const) {
          expect(_.equals(a[op](b), b[op](a))).toBe(true);
          expect(_.equals(a[op](b)[op](c), a[op](b[op](c)))).toBe(true);
          expect(_.equals(a[op](a), a.positive())).toBe(true);
        }
      }),
    );
  });

  it('absorption and distributivity: a | (a & b) == +a, a & (b | c) == (a & b) | (a & c)', () => {
    fc.assert(
      fc.property(counter, counter, counter, (a, b, c) => {
        expect(_.equals(a.union(a.intersection(b)), a.positive())).toBe(true);
        expect(
          _.equals(a.intersection(b.union(c)), a.intersection(b).union(a.intersection(c))),
        ).toBe(true);
      }),
    );
  });

  it('the results keep the left operand first, then the right, each in insertion order', () => {
    fc.assert(
      fc.property(counter, counter, (a, b) => {
        const order = keysOf(a, b);
        const position = (k: unknown) => order.findIndex((o) => _.equals(o, k));
        for (const r of [a.difference(b), a.union(b), a.intersection(b), plus(a, b)]) {
          const seen = [...r.keys()].map(position);
          expect(seen).toEqual([...seen].sort((x, y) => x - y));
        }
      }),
    );
  });
});

describe('Counter comparisons (Python 3.10: missing keys count zero)', () => {
  it('isSubsetOf and isSupersetOf agree with elementwise <= and >=', () => {
    fc.assert(
      fc.property(counter, counter, (a, b) => {
        const ks = keysOf(a, b);
        expect(a.isSubsetOf(b)).toBe(ks.every((k) => a.get(k) <= b.get(k)));
        expect(a.isSupersetOf(b)).toBe(ks.every((k) => a.get(k) >= b.get(k)));
        expect(a.isSupersetOf(b)).toBe(b.isSubsetOf(a));
      }),
    );
  });

  it('proper comparisons are the non-strict ones without equality', () => {
    fc.assert(
      fc.property(counter, counter, (a, b) => {
        const eq = _.equals(a, b);
        expect(a.isProperSubsetOf(b)).toBe(a.isSubsetOf(b) && !eq);
        expect(a.isProperSupersetOf(b)).toBe(a.isSupersetOf(b) && !eq);
        expect(a.isSubsetOf(b) && b.isSubsetOf(a)).toBe(eq);
      }),
    );
  });

  it('on 0/1 counters every operation and comparison is the set operation', () => {
    fc.assert(
      fc.property(setLike, setLike, (p, q) => {
        const set = (c: C) => new _.HashSet(c.elements());
        const sp = set(p);
        const sq = set(q);
        const has = (s: _.HashSet<unknown>, k: unknown) => s.has(k);
        const union = new _.HashSet([...sp, ...sq]);
        const inter = new _.HashSet([...sp].filter((k) => has(sq, k)));
        const diff = new _.HashSet([...sp].filter((k) => !has(sq, k)));
        expect(_.equals(set(p.union(q)), union)).toBe(true);
        expect(_.equals(set(plus(p, q)), union)).toBe(true);
        expect(_.equals(set(p.intersection(q)), inter)).toBe(true);
        expect(_.equals(set(p.difference(q)), diff)).toBe(true);
        const subset = [...sp].every((k) => has(sq, k));
        const superset = [...sq].every((k) => has(sp, k));
        expect(p.isSubsetOf(q)).toBe(subset);
        expect(p.isSupersetOf(q)).toBe(superset);
        expect(_.equals(p, q)).toBe(subset && superset);
        expect(p.isProperSubsetOf(q)).toBe(subset && !superset);
        expect(p.isProperSupersetOf(q)).toBe(superset && !subset);
      }),
    );
  });
});

describe('copy and get(k, fallback)', () => {
  it('copy() is equal, independent, same order, same key instance', () => {
    fc.assert(
      fc.property(counter, key, (c, k) => {
        const d = c.copy();
        expect(d).not.toBe(c);
        expect([...d]).toEqual([...c]);
        expect(_.equals(d, c)).toBe(true);
        d.increment(k);
        expect(c.get(k)).toBe(d.get(k) - 1);
      }),
    );
  });

  it('get(k, fallback) is the count when k is present (0 included), else fallback', () => {
    fc.assert(
      fc.property(counter, key, fc.anything(), (c, k, fallback) => {
        expect(c.get(k, fallback)).toBe(c.has(k) ? c.get(k) : fallback);
      }),
    );
  });
});
