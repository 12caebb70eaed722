/**
 * Port of CPython's `TestCounter` (Lib/test/test_collections.py, the 3.13 text) to
 * polyfold's public `Counter`. Each `it` is named after the upstream test it ports; Python's
 * operators map to methods: `c1 + c2` is `add(c1, c2)`, `-` `difference`, `|` `union`, `&`
 * `intersection`, unary `+`/`-` `positive()`/`negative()`, `<=` `isSubsetOf`, `<`
 * `isProperSubsetOf`, `>=` `isSupersetOf`, `>` `isProperSupersetOf`, `c[k]` `get(k)`,
 * `c[k] += n` `increment(k, n)`, keyword arguments a plain object of counts.
 *
 * Left out, and why:
 * - `test_basics`: `isinstance(c, dict)` (a Counter is a HashMap, not a native Map: see
 *   docs/protocols.md), `pop`/`popitem`/`setdefault`/`fromkeys` (no Map has them), calling
 *   `__init__` again, and `hash(c)` raising: polyfold Counters are hashable by contents (they
 *   are keys of HashMaps), Python's are not — a deliberate difference.
 * - `test_init`/`test_update`: `Counter(iterable=None)` stores `None` as a count in Python;
 *   polyfold counts are finite numbers, so it is an InvalidCountError (ported as such), and
 *   `Counter((), ())` has no analogue (the second argument is the `{ equals, hash }` instance).
 * - `test_copying`: `copy.copy`, `deepcopy`, `pickle` and `eval(repr(c))` — no such protocols
 *   in JavaScript (`repr` is for reading, not evaluation); `copy()` and `new Counter(c)` are
 *   ported.
 * - `test_inplace_operations`: `+=`, `-=`, `|=`, `&=` — JavaScript has no operator
 *   overloading and Counter no in-place multiset methods (`c = c.union(d)`); the in-place
 *   half of `test_order_preservation` is ported by reassignment.
 * - `test_repr_nonsortable`: `Counter(a=2, b=None)` — a `None` count is refused (see above).
 * - `test_helper_function`: tests the private `_count_elements` and subclass hooks
 *   (`__setitem__`, `get` overrides) that polyfold does not route through.
 * - `test_subtract`/`test_update` with `self=`/`iterable=` keywords: Python-specific keyword
 *   plumbing; the plain-object form `{ self: 42 }` is ported.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  Counter,
  contains,
  equals,
  InvalidCountError,
  ProtocolArgumentError,
  repr,
  UnsupportedTypeError,
} from '../../src/protocols/index.js';

type C = Counter<string>;
const counts = (o: Record<string, number>): C => new Counter<string>(o);
/** Python's `dict(c)`: the counter's entries as a plain object, in order. */
const dict = (c: C) => Object.fromEntries(c);
const plus = (a: C, b: C) => add(a, b) as C;

/** A seeded PRNG standing in for `random.randrange`, so a failure can be replayed. */
function randrange(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0;
  return (lo, hi) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return lo + Math.floor(u * (hi - lo));
  };
}

describe('CPython TestCounter', () => {
  it('test_basics', () => {
    const c = new Counter('abcaba');
    expect(equals(c, counts({ a: 3, b: 2, c: 1 }))).toBe(true);
    expect(c.size).toBe(3);
    expect([...c.values()].reduce((x, y) => x + y, 0)).toBe(6);
    expect([...c.values()]).toEqual([3, 2, 1]);
    expect([...c.keys()]).toEqual(['a', 'b', 'c']);
    expect([...c].map(([k]) => k)).toEqual(['a', 'b', 'c']);
    expect([...c.entries()]).toEqual([
      ['a', 3],
      ['b', 2],
      ['c', 1],
    ]);
    expect(c.get('b')).toBe(2);
    expect(c.get('z')).toBe(0);
    expect(c.has('c')).toBe(true);
    expect(c.has('z')).toBe(false);
    expect(c.get('b', 10)).toBe(2);
    expect(c.get('z', 10)).toBe(10);
    expect(repr(c)).toBe("Counter(3) { 'a' => 3, 'b' => 2, 'c' => 1 }");
    expect(c.mostCommon()).toEqual([
      ['a', 3],
      ['b', 2],
      ['c', 1],
    ]);
    for (let i = 0; i < 5; i++) {
      expect(c.mostCommon(i)).toEqual(
        (
          [
            ['a', 3],
            ['b', 2],
            ['c', 1],
          ] as [string, number][]
        ).slice(0, i),
      );
    }
    expect([...c.elements()].join('')).toBe('aaabbc');
    c.increment('a'); // increment an existing value
    c.increment('b', -2); // sub existing value to zero
    c.delete('c'); // remove an entry
    expect(c.delete('c')).toBe(false); // make sure that del doesn't raise KeyError
    c.increment('d', -2); // sub from a missing value
    c.set('e', -5); // directly assign a missing value
    c.increment('f', 4); // add to a missing value
    expect(dict(c)).toEqual({ a: 4, b: 0, d: -2, e: -5, f: 4 });
    expect([...c.elements()].join('')).toBe('aaaaffff');
    c.clear();
    expect(c.size).toBe(0);
    expect(repr(c)).toBe('Counter(0) {}');
    c.update({ a: 5, b: 3 });
    c.update({ c: 1 });
    c.update(new Counter('a'.repeat(50) + 'b'.repeat(30)));
    expect(dict(c)).toEqual({ a: 55, b: 33, c: 1 });
  });

  it('test_init', () => {
    expect([...counts({ self: 42 })]).toEqual([['self', 42]]);
    expect([...counts({ iterable: 42 })]).toEqual([['iterable', 42]]);
    // Python stores None as a count; polyfold counts are numbers (see the header).
    expect(() => new Counter({ iterable: null } as never)).toThrow(InvalidCountError);
    expect(() => new Counter(42 as never)).toThrow(TypeError);
    expect(() => new Counter(42 as never)).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^ERR_/) }),
    );
  });

  it('test_total', () => {
    expect(counts({ a: 10, b: 5, c: 0 }).total()).toBe(15);
  });

  it('test_order_preservation', () => {
    // Input order dictates items() order
    expect([...new Counter('abracadabra')]).toEqual([
      ['a', 5],
      ['b', 2],
      ['r', 2],
      ['c', 1],
      ['d', 1],
    ]);
    // Verify retention of order even when all counts are equal
    expect([...new Counter('xyzpdqqdpzyx')]).toEqual([
      ['x', 2],
      ['y', 2],
      ['z', 2],
      ['p', 2],
      ['d', 2],
      ['q', 2],
    ]);
    // Input order dictates elements() order
    expect([...new Counter('abracadabra simsalabim').elements()]).toEqual([
      ...'aaaaaaabbbrrcd ssiimml',
    ]);
    // Math operations order first by the order encountered in the left operand and then by
    // the order encountered in the right operand.
    const ps = 'aaabbcdddeefggghhijjjkkl';
    const qs = 'abbcccdeefffhkkllllmmnno';
    const order = new Map([...new Set(ps + qs)].map((letter, i) => [letter, i]));
    const correctlyOrdered = (c: C) => {
      const positions = [...c.keys()].map((letter) => order.get(letter)!);
      return positions.every((p, i) => i === 0 || positions[i - 1]! <= p);
    };
    const p = () => new Counter(ps);
    const q = () => new Counter(qs);
    expect(correctlyOrdered(p().positive())).toBe(true);
    expect(correctlyOrdered(p().negative())).toBe(true);
    expect(correctlyOrdered(plus(p(), q()))).toBe(true);
    expect(correctlyOrdered(p().difference(q()))).toBe(true);
    expect(correctlyOrdered(p().union(q()))).toBe(true);
    expect(correctlyOrdered(p().intersection(q()))).toBe(true);
    // The in-place forms, by reassignment (see the header).
    let r = p();
    r = plus(r, q());
    expect(correctlyOrdered(r)).toBe(true);
    expect(correctlyOrdered(p().update(q()))).toBe(true);
    expect(correctlyOrdered(p().subtract(q()))).toBe(true);
  });

  it('test_update', () => {
    const c = new Counter<string>();
    c.update({ self: 42 });
    expect([...c]).toEqual([['self', 42]]);
    expect(() => new Counter().update(42 as never)).toThrow(UnsupportedTypeError);
  });

  it('test_copying', () => {
    const words = new Counter('which witch had which witches wrist watch'.split(' '));
    const check = (dup: Counter<string>) => {
      expect(dup).not.toBe(words);
      expect(equals(dup, words)).toBe(true);
    };
    check(words.copy());
    const updateTest = new Counter<string>();
    updateTest.update(words);
    check(updateTest);
    check(new Counter(words));
  });

  it('test_copy_subclass', () => {
    class MyCounter<K> extends Counter<K> {}
    const c = new MyCounter('slartibartfast');
    const d = c.copy();
    expect(equals(d, c)).toBe(true);
    expect(d.size).toBe(c.size);
    expect(d.constructor).toBe(MyCounter);
  });

  it('test_conversions', () => {
    const s = 'she sells sea shells by the sea shore';
    expect([...new Counter(s).elements()].sort()).toEqual([...s].sort());
    expect([...new Counter(s).keys()].sort()).toEqual([...new Set(s)].sort());
    expect(dict(new Counter(s))).toEqual(Object.fromEntries(new Counter(s).entries()));
    expect(new Set(new Counter(s).keys())).toEqual(new Set(s));
  });

  it('test_invariant_for_the_in_operator', () => {
    const c = counts({ a: 10, b: -2, c: 0 });
    for (const elem of c.keys()) {
      expect(c.has(elem)).toBe(true);
      expect(contains(c, elem)).toBe(true);
    }
  });

  it('test_multiset_operations', () => {
    // Verify that adding a zero counter will strip zeros and negatives
    expect(dict(plus(counts({ a: 10, b: -2, c: 0 }), new Counter()))).toEqual({ a: 10 });

    const rand = randrange(2016);
    const elements = 'abcd';
    const ops: [string, (a: C, b: C) => C, (x: number, y: number) => number][] = [
      ['__add__', plus, (x, y) => Math.max(0, x + y)],
      ['__sub__', (a, b) => a.difference(b), (x, y) => Math.max(0, x - y)],
      ['__or__', (a, b) => a.union(b), (x, y) => Math.max(0, x, y)],
      ['__and__', (a, b) => a.intersection(b), (x, y) => Math.max(0, Math.min(x, y))],
    ];
    for (let i = 0; i < 1000; i++) {
      // test random pairs of multisets
      const p = counts(Object.fromEntries([...elements].map((e) => [e, rand(-2, 4)])));
      p.update({ e: 1, f: -1, g: 0 });
      const q = counts(Object.fromEntries([...elements].map((e) => [e, rand(-2, 4)])));
      q.update({ h: 1, i: -1, j: 0 });
      for (const [name, counterop, numberop] of ops) {
        const result = counterop(p, q);
        for (const x of elements) {
          expect(result.get(x), `${name} ${x} ${repr(p)} ${repr(q)}`).toBe(
            numberop(p.get(x), q.get(x)),
          );
        }
        // verify that results exclude non-positive counts
        expect([...result.values()].every((x) => x > 0)).toBe(true);
      }
    }

    const six = 'abcdef';
    for (let i = 0; i < 100; i++) {
      // verify that random multisets with no repeats are exactly like sets
      const p = counts(Object.fromEntries([...six].map((e) => [e, rand(0, 2)])));
      const q = counts(Object.fromEntries([...six].map((e) => [e, rand(0, 2)])));
      const sp = new Set(p.elements());
      const sq = new Set(q.elements());
      const setops: [(a: C, b: C) => C, Set<string>][] = [
        [(a, b) => a.difference(b), new Set([...sp].filter((x) => !sq.has(x)))],
        [(a, b) => a.union(b), new Set([...sp, ...sq])],
        [(a, b) => a.intersection(b), new Set([...sp].filter((x) => sq.has(x)))],
      ];
      for (const [counterop, setResult] of setops) {
        const fromKeys = counts(Object.fromEntries([...setResult].map((k) => [k, 1])));
        expect(equals(counterop(p, q), fromKeys)).toBe(true);
      }
    }
  });

  it('test_subtract', () => {
    const base = () => counts({ a: -5, b: 0, c: 5, d: 10, e: 15, g: 40 });
    const expected = counts({ a: -6, b: -2, c: 8, d: 0, e: -5, f: -30, g: 40, h: 50 });
    const by = { a: 1, b: 2, c: -3, d: 10, e: 20, f: 30, h: -50 };
    expect(equals(base().subtract(by), expected)).toBe(true);
    expect(equals(base().subtract(counts(by)), expected)).toBe(true);
    const c = new Counter('aaabbcd');
    c.subtract('aaaabbcce');
    expect(equals(c, counts({ a: -1, b: 0, c: -1, d: 1, e: -1 }))).toBe(true);

    const s = new Counter<string>();
    s.subtract({ self: 42 });
    expect([...s]).toEqual([['self', -42]]);
    expect(() => new Counter().subtract(42 as never)).toThrow(UnsupportedTypeError);
  });

  it('test_unary', () => {
    const c = counts({ a: -5, b: 0, c: 5, d: 10, e: 15, g: 40 });
    expect(dict(c.positive())).toEqual({ c: 5, d: 10, e: 15, g: 40 });
    expect(dict(c.negative())).toEqual({ a: 5 });
  });

  it('test_multiset_operations_equivalent_to_set_operations', () => {
    // When the multiplicities are all zero or one, multiset operations are guaranteed to be
    // equivalent to the corresponding operations for regular sets.
    const s: [string, number][] = [];
    for (const k of ['a', 'b', 'c']) for (const n of [0, 1]) s.push([k, n]);
    const counters: C[] = [];
    for (let mask = 0; mask < 1 << s.length; mask++) {
      const groups = s.filter((_x, i) => mask & (1 << i));
      counters.push(counts(Object.fromEntries(groups))); // later pairs win, as in dict()
    }
    const setOf = (c: C) => new Set(c.elements());
    const keysOf = (c: C) => new Set(c.keys());
    const sameSet = (a: Set<string>, b: Set<string>) =>
      a.size === b.size && [...a].every((x) => b.has(x));
    const subset = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));
    for (const cp of counters) {
      for (const cq of counters) {
        const sp = setOf(cp);
        const sq = setOf(cq);
        const union = new Set([...sp, ...sq]);
        expect(sameSet(keysOf(plus(cp, cq)), union)).toBe(true);
        expect(sameSet(keysOf(cp.difference(cq)), new Set([...sp].filter((x) => !sq.has(x))))).toBe(
          true,
        );
        expect(sameSet(keysOf(cp.union(cq)), union)).toBe(true);
        expect(
          sameSet(keysOf(cp.intersection(cq)), new Set([...sp].filter((x) => sq.has(x)))),
        ).toBe(true);
        expect(equals(cp, cq)).toBe(sameSet(sp, sq));
        expect(!equals(cp, cq)).toBe(!sameSet(sp, sq));
        expect(cp.isSubsetOf(cq)).toBe(subset(sp, sq));
        expect(cp.isSupersetOf(cq)).toBe(subset(sq, sp));
        expect(cp.isProperSubsetOf(cq)).toBe(subset(sp, sq) && !sameSet(sp, sq));
        expect(cp.isProperSupersetOf(cq)).toBe(subset(sq, sp) && !sameSet(sp, sq));
      }
    }
  });

  it('test_eq', () => {
    expect(equals(counts({ a: 3, b: 2, c: 0 }), new Counter('ababa'))).toBe(true);
    expect(equals(counts({ a: 3, b: 2 }), new Counter('babab'))).toBe(false);
  });

  it('test_le', () => {
    expect(counts({ a: 3, b: 2, c: 0 }).isSubsetOf(new Counter('ababa'))).toBe(true);
    expect(counts({ a: 3, b: 2 }).isSubsetOf(new Counter('babab'))).toBe(false);
  });

  it('test_lt', () => {
    expect(counts({ a: 3, b: 1, c: 0 }).isProperSubsetOf(new Counter('ababa'))).toBe(true);
    expect(counts({ a: 3, b: 2, c: 0 }).isProperSubsetOf(new Counter('ababa'))).toBe(false);
  });

  it('test_ge', () => {
    expect(counts({ a: 2, b: 1, c: 0 }).isSupersetOf(new Counter('aab'))).toBe(true);
    expect(counts({ a: 3, b: 2, c: 0 }).isSupersetOf(new Counter('aabd'))).toBe(false);
  });

  it('test_gt', () => {
    expect(counts({ a: 3, b: 2, c: 0 }).isProperSupersetOf(new Counter('aab'))).toBe(true);
    expect(counts({ a: 2, b: 1, c: 0 }).isProperSupersetOf(new Counter('aab'))).toBe(false);
  });

  it('comparisons with a non-Counter are a TypeError, as in Python (NotImplemented)', () => {
    expect(() => counts({ a: 1 }).isSubsetOf({ a: 1 } as never)).toThrow(ProtocolArgumentError);
  });
});
