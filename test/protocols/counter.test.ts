// Counter against Python's documented behaviour (docs.python.org, collections.Counter).
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

const entries = <K>(c: _.Counter<K>) => [...c];

describe('Counter, as Python documents it', () => {
  it("counts an iterable: Counter('gallahad')", () => {
    expect(entries(new _.Counter('gallahad'))).toEqual([
      ['g', 1],
      ['a', 3],
      ['l', 2],
      ['h', 1],
      ['d', 1],
    ]);
  });

  it("reads a mapping as counts: Counter({'red': 4, 'blue': 2})", () => {
    expect(entries(new _.Counter<string>({ red: 4, blue: 2 }))).toEqual([
      ['red', 4],
      ['blue', 2],
    ]);
    expect(entries(new _.Counter(new Map([['red', 4]])))).toEqual([['red', 4]]);
  });

  it("returns 0 for a missing key without inserting it: c['sausage']", () => {
    const c = new _.Counter(['eggs', 'ham']);
    expect(c.get('bacon')).toBe(0);
    expect(c.has('bacon')).toBe(false);
    expect(c.size).toBe(2);
  });

  it("most_common: Counter('abracadabra').most_common(3) == [('a', 5), ('b', 2), ('r', 2)]", () => {
    expect(new _.Counter('abracadabra').mostCommon(3)).toEqual([
      ['a', 5],
      ['b', 2],
      ['r', 2],
    ]);
  });

  it('most_common keeps first-seen order for equal counts, and returns [] for n <= 0', () => {
    expect(new _.Counter('cbacba').mostCommon()).toEqual([
      ['c', 2],
      ['b', 2],
      ['a', 2],
    ]);
    expect(new _.Counter('abc').mostCommon(0)).toEqual([]);
    expect(new _.Counter('abc').mostCommon(-1)).toEqual([]);
  });

  it("elements: sorted(Counter(a=4, b=2, c=0, d=-2).elements()) == ['a','a','a','a','b','b']", () => {
    const c = new _.Counter<string>({ a: 4, b: 2, c: 0, d: -2 });
    expect([...c.elements()]).toEqual(['a', 'a', 'a', 'a', 'b', 'b']);
  });

  it('subtract keeps zero and negative counts', () => {
    const c = new _.Counter<string>({ a: 4, b: 2, c: 0, d: -2 });
    c.subtract(new _.Counter<string>({ a: 1, b: 2, c: 3, d: 4 }));
    expect(entries(c)).toEqual([
      ['a', 3],
      ['b', 0],
      ['c', -3],
      ['d', -6],
    ]);
    expect(entries(new _.Counter('ab').subtract('bb'))).toEqual([
      ['a', 1],
      ['b', -1],
    ]);
  });

  it('total: Counter(a=10, b=5, c=0).total() == 15', () => {
    expect(new _.Counter<string>({ a: 10, b: 5, c: 0 }).total()).toBe(15);
  });

  it("c + d: Counter(a=3, b=1) + Counter(a=1, b=2) == Counter({'a': 4, 'b': 3}), keeping only positive counts", () => {
    const sum = _.add(new _.Counter<string>({ a: 3, b: 1 }), new _.Counter<string>({ a: 1, b: 2 }));
    expect(entries(sum)).toEqual([
      ['a', 4],
      ['b', 3],
    ]);
    const dropped = _.add(
      new _.Counter<string>({ a: 1, b: 2 }),
      new _.Counter<string>({ a: -1, c: 0, d: 3 }),
    );
    expect(entries(dropped)).toEqual([
      ['b', 2],
      ['d', 3],
    ]);
    expect(() => _.add(new _.Counter('a') as unknown, new _.HashMap([['a', 1]]))).toThrow(
      _.UnsupportedTypeError,
    );
  });

  it('update adds counts from iterables and mappings', () => {
    const c = new _.Counter('which');
    c.update('witch');
    c.update(new _.Counter('watch'));
    expect(c.get('h')).toBe(4);
    expect(c.update({ h: 1 }).get('h')).toBe(5);
    expect(() => c.update(42 as never)).toThrow(_.UnsupportedTypeError);
  });

  it('equality treats missing elements as zero counts (Python 3.10+)', () => {
    expect(_.equals(new _.Counter<string>({ a: 1, b: 0 }), new _.Counter<string>({ a: 1 }))).toBe(
      true,
    );
    expect(_.hash(new _.Counter<string>({ a: 1, b: 0 }))).toBe(
      _.hash(new _.Counter<string>({ a: 1 })),
    );
    expect(_.equals(new _.Counter<string>({ a: 1 }), new _.Counter<string>({ a: 2 }))).toBe(false);
    expect(_.equals(new _.Counter<string>({ a: 1 }), new _.HashMap([['a', 1]]))).toBe(false);
  });

  it('counts keys by value', () => {
    const c = new _.Counter<unknown>([[1, 2], [1, 2], { k: 1 }, { k: 1 }, { k: 1 }]);
    expect(c.get([1, 2])).toBe(2);
    expect(c.mostCommon(1)).toEqual([[{ k: 1 }, 3]]);
    expect(_.repr(c)).toBe('Counter(2) { { k: 1 } => 3, [1, 2] => 2 }');
    expect(Object.prototype.toString.call(c)).toBe('[object Counter]');
    expect(c.increment([1, 2]).increment([9], 5).get([9])).toBe(5);
  });
});
