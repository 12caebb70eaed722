import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
  [_.dunder.eq](that: unknown) {
    return that instanceof Point && that.x === this.x && that.y === this.y;
  }
  [_.dunder.hash]() {
    return _.hashValues(this.x, this.y);
  }
}

describe('HashMap', () => {
  it('finds keys by value: tuples, records, Dates, classes with dunder methods', () => {
    const m = new _.HashMap<unknown, string>([
      [[1, 2], 'tuple'],
      [{ a: 1 }, 'record'],
      [new Date(5), 'date'],
      [new Point(1, 2), 'point'],
      ['k', 'string'],
    ]);
    expect(m.get([1, 2])).toBe('tuple');
    expect(m.get({ a: 1 })).toBe('record');
    expect(m.get(new Date(5))).toBe('date');
    expect(m.get(new Point(1, 2))).toBe('point');
    expect(m.get('k')).toBe('string');
    expect(m.get([2, 1])).toBeUndefined();
    expect(m.size).toBe(5);
  });

  it('has the native Map interface', () => {
    const m = new _.HashMap<unknown, number>();
    expect(Object.prototype.toString.call(m)).toBe('[object HashMap]');
    expect(m.set([1], 1).set([2], 2)).toBe(m);
    const seen: unknown[] = [];
    const self = {};
    m.forEach(function (this: unknown, v, k, map) {
      seen.push([k, v, map === m, this === self]);
    }, self);
    expect(seen).toEqual([
      [[1], 1, true, true],
      [[2], 2, true, true],
    ]);
    expect([...m.keys()]).toEqual([[1], [2]]);
    expect([...m.values()]).toEqual([1, 2]);
    expect([...m.entries()]).toEqual([...m]);
    const it = m.entries();
    expect(it[Symbol.iterator]()).toBe(it);
    expect(Object.prototype.toString.call(it)).toBe('[object HashMap Iterator]');
    expect(() => m.forEach(42 as never)).toThrow(TypeError);
    const asMap: Map<unknown, number> = m; // assignable to the native interface
    expect(asMap.size).toBe(2);
  });

  it('keeps the first key object and its place when an equal key is set again', () => {
    const first = [1];
    const m = new _.HashMap<number[], string>([
      [first, 'a'],
      [[2], 'b'],
    ]);
    m.set([1], 'c');
    expect([...m.keys()][0]).toBe(first);
    expect([...m.values()]).toEqual(['c', 'b']);
    m.delete([1]);
    m.set([1], 'd');
    expect([...m.values()]).toEqual(['b', 'd']);
  });

  it('treats NaN as one key and -0 as 0, like a native Map', () => {
    const m = new _.HashMap<unknown, string>([
      [Number.NaN, 'nan'],
      [-0, 'zero'],
    ]);
    m.set([0], 'promote');
    expect(m.get(Number.NaN)).toBe('nan');
    expect(m.get(0)).toBe('zero');
    expect(Object.is([...m.keys()][1], 0)).toBe(true);
    expect(m.get([-0])).toBe('promote');
  });

  it('returns a finished iterator as finished for good, and supports early return', () => {
    const m = new _.HashMap<unknown, number>([[1, 1]]);
    const it = m.keys();
    expect(it.next()).toEqual({ done: false, value: 1 });
    expect(it.next().done).toBe(true);
    m.set(2, 2);
    expect(it.next().done).toBe(true);
    for (const k of m.keys()) if (k === 1) break;
    m.set([3], 3);
    expect([...m.keys()]).toEqual([1, 2, [3]]);
  });

  it('accepts an explicit instance: case-insensitive string keys', () => {
    const ci = new _.HashMap<string, number>([['Ada', 1]], {
      equals: (a, b) => a.toLowerCase() === b.toLowerCase(),
      hash: (s) => _.hash(s.toLowerCase()),
    });
    expect(ci.get('ADA')).toBe(1);
    ci.set('aDa', 2);
    expect([...ci]).toEqual([['Ada', 2]]);
  });

  it('accepts an fp-ts Eq (linear), a Hash type class, and rejects a hash that is not a number', () => {
    const byLength = new _.HashMap<string, number>([['ab', 1]], {
      equals: (a, b) => a.length === b.length,
    });
    expect(byLength.get('xy')).toBe(1);
    const byId = _.contramapHash((u: { id: number }) => u.id)(_.ProtocolHash);
    const users = new _.HashMap([[{ id: 1, name: 'a' }, 'first']], byId);
    expect(users.get({ id: 1, name: 'other' })).toBe('first');
    const bad = new _.HashMap<string, number>(null, { hash: () => 'x' as never });
    expect(() => bad.set('a', 1)).toThrow(_.ProtocolResultError);
  });

  it('rejects entries that are not pairs', () => {
    expect(() => new _.HashMap([1 as never])).toThrow(
      /each element of entries must be a \[key, value\] pair/,
    );
  });

  it('implements the protocols itself', () => {
    const a = new _.HashMap<unknown, unknown>([
      [[1], 'x'],
      ['k', { v: 1 }],
    ]);
    const b = new _.HashMap<unknown, unknown>([
      ['k', { v: 1 }],
      [[1], 'x'],
    ]);
    expect(_.equals(a, b)).toBe(true);
    expect(_.hash(a)).toBe(_.hash(b));
    expect(_.equals(a, new _.HashMap([[[1], 'x']]))).toBe(false);
    expect(
      _.equals(
        a,
        new Map<unknown, unknown>([
          [[1], 'x'],
          ['k', { v: 1 }],
        ]),
      ),
    ).toBe(false);
    expect(_.len(a)).toBe(2);
    expect(_.contains(a, [1])).toBe(true);
    expect(_.truthy(new _.HashMap())).toBe(false);
    expect(_.repr(a)).toBe("HashMap(2) { [1] => 'x', 'k' => { v: 1 } }");
    // HashMaps as keys of HashMaps
    const outer = new _.HashMap([[a, 'map key']]);
    expect(outer.get(b)).toBe('map key');
  });

  it('in debug mode, reports a key mutated after insertion', () => {
    const p = new Point(1, 2);
    const m = new _.HashMap([[p, 'a']], { debug: true });
    p.x = 5;
    expect(() => m.get(new Point(1, 2))).toThrow(_.KeyMutatedError);
    try {
      m.has(new Point(9, 9));
    } catch (e) {
      const err = e as _.KeyMutatedError;
      expect(err.code).toBe('ERR_KEY_MUTATED');
      expect(err.key).toBe(p);
      expect(err.message).toMatch(/mutated after insertion/);
    }
    // Without debug mode the lookup just misses (the documented gotcha).
    const q = new Point(1, 2);
    const quiet = new _.HashMap([[q, 'a']], { debug: false });
    q.x = 5;
    expect(quiet.get(new Point(1, 2))).toBeUndefined();
  });

  it('takes the global debug mode at construction', () => {
    expect(_.isDebugMode()).toBe(false);
    _.setDebugMode(true);
    try {
      const key = [1];
      const s = new _.HashSet([key]);
      key.push(2);
      expect(() => s.add([3])).toThrow(_.KeyMutatedError);
    } finally {
      _.setDebugMode(false);
    }
  });

  it('recognises a HashMap from another copy of polyfold by its brand', () => {
    const brand = Symbol.for('polyfold.collectionKind');
    const m = new _.HashMap([[1, 'a']]);
    const foreign = { [brand]: 'HashMap', size: 1, has: (k: unknown) => k === 1, get: () => 'a' };
    expect(_.equals(m, foreign)).toBe(true);
  });

  it('collectionKind names the collection, from any copy, and nothing else', () => {
    const brand = Symbol.for('polyfold.collectionKind');
    expect(_.collectionKind(new _.HashMap())).toBe('HashMap');
    expect(_.collectionKind(new _.HashSet())).toBe('HashSet');
    expect(_.collectionKind(new _.Counter())).toBe('Counter');
    expect(_.collectionKind({ [brand]: 'Counter' })).toBe('Counter'); // another copy's
    for (const x of [new Map(), new Set(), {}, null, 'HashMap', { [brand]: 'Array' }]) {
      expect(_.collectionKind(x)).toBeUndefined();
    }
  });
});

describe('HashSet', () => {
  it('de-duplicates by value and has the native Set interface', () => {
    const s = new _.HashSet<unknown>([[1, 2], [1, 2], [2, 1], new Point(0, 0), new Point(0, 0)]);
    expect(s.size).toBe(3);
    expect(Object.prototype.toString.call(s)).toBe('[object HashSet]');
    expect(s.has([2, 1])).toBe(true);
    expect(s.add([9])).toBe(s);
    expect([...s.entries()][0]).toEqual([
      [1, 2],
      [1, 2],
    ]);
    const seen: unknown[] = [];
    s.forEach((v, v2, set) => {
      seen.push(v === v2 && set === s);
    });
    expect(seen).toEqual([true, true, true, true]);
    expect(s.delete([9])).toBe(true);
    s.clear();
    expect(s.size).toBe(0);
    const asSet: Set<unknown> = s;
    expect(asSet.has(1)).toBe(false);
  });

  it('implements the protocols itself', () => {
    const a = new _.HashSet([[1], 'x']);
    const b = new _.HashSet(['x', [1]]);
    expect(_.equals(a, b)).toBe(true);
    expect(_.hash(a)).toBe(_.hash(b));
    expect(_.equals(a, new Set([[1], 'x']))).toBe(false);
    expect(_.repr(a)).toBe("HashSet(2) { [1], 'x' }");
    expect(_.len(a)).toBe(2);
    expect(_.contains(a, [1])).toBe(true);
  });
});
