/** Reductions that end a pipe: toolz's cases for count, frequencies, groupby, topk… */
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/functional/index.js';
import { Counter, HashMap } from '../../src/protocols/index.js';
import { probe } from './helpers.js';

const isEven = (x: number) => x % 2 === 0;

describe('first, last, nth, count', () => {
  it('follow toolz', () => {
    expect(_.first('ABCDE')).toBe('A');
    expect(_.first([])).toBeUndefined();
    expect(_.last('ABCDE')).toBe('E');
    expect(_.last(_.range(4))).toBe(3);
    expect(_.nth(2)('ABCDE')).toBe('C');
    expect(_.nth(9)('AB')).toBeUndefined();
    expect(_.count([1, 2, 3])).toBe(3);
    expect(_.count([])).toBe(0);
    expect(_.count('hello')).toBe(5);
    expect(_.count(new Set([1, 2]))).toBe(2);
  });

  it('first and nth pull only what they need', () => {
    const src = probe();
    expect(_.first(src)).toBe(0);
    expect(src.pulled).toBe(1);
    expect(src.closed).toBe(true);
    const src2 = probe();
    expect(_.nth(3)(_.map((x: number) => x * 10)(src2))).toBe(30);
    expect(src2.pulled).toBe(4);
  });
});

describe('frequencies, countBy, groupBy, reduceBy, partition', () => {
  it('frequencies (toolz test_frequencies)', () => {
    const c = _.frequencies(['cat', 'pig', 'cat', 'eel', 'pig', 'dog', 'dog', 'dog']);
    expect(c).toBeInstanceOf(Counter);
    expect(Object.fromEntries(c)).toEqual({ cat: 2, pig: 2, eel: 1, dog: 3 });
    expect(_.frequencies([]).size).toBe(0);
    expect(Object.fromEntries(_.frequencies('onomatopoeia'))).toEqual({
      o: 4,
      n: 1,
      m: 1,
      a: 2,
      t: 1,
      p: 1,
      e: 1,
      i: 1,
    });
    expect(_.frequencies([[1], [1], [2]]).get([1])).toBe(2);
  });

  it('countBy (toolz test_countby)', () => {
    expect(_.countBy(isEven)([1, 2, 3]).get(false)).toBe(2);
    const byLen = _.pipe(
      ['cat', 'dog', 'mouse'],
      _.countBy((s) => s.length),
    );
    expect([...byLen]).toEqual([
      [3, 2],
      [5, 1],
    ]);
  });

  it('groupBy (toolz test_groupby) keys by value, in first-seen order', () => {
    const g = _.groupBy(isEven)([1, 2, 3, 4]);
    expect(g).toBeInstanceOf(HashMap);
    expect([...g]).toEqual([
      [false, [1, 3]],
      [true, [2, 4]],
    ]);
    const byPair = _.pipe(
      [
        { x: 1, y: 2, id: 'a' },
        { x: 1, y: 2, id: 'b' },
      ],
      _.groupBy((p) => [p.x, p.y]),
    );
    expect(byPair.get([1, 2])?.map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('reduceBy (toolz test_reduceby), with a callable init for mutable starts', () => {
    const add = (a: number, b: number) => a + b;
    const r = _.reduceBy(isEven, add, 0)([1, 2, 3, 4, 5, 6]);
    expect(r.get(false)).toBe(9);
    expect(r.get(true)).toBe(12);
    const lists = _.pipe(
      [1, 2, 3],
      _.reduceBy(
        isEven,
        (acc: number[], x) => {
          acc.push(x);
          return acc;
        },
        () => [],
      ),
    );
    expect(lists.get(false)).toEqual([1, 3]);
  });

  it('partition splits into pass and fail, in order', () => {
    expect(_.partition(isEven)([1, 2, 3, 4])).toEqual([
      [2, 4],
      [1, 3],
    ]);
    expect(_.partition(isEven)([])).toEqual([[], []]);
  });
});

describe('sorted, sortBy, topK, min, max', () => {
  it('sorted uses compare and is stable, also reversed (as Python)', () => {
    expect(_.sorted()([3, 1, 2])).toEqual([1, 2, 3]);
    expect(_.sorted()(['b', 'a', 'C'])).toEqual(['C', 'a', 'b']);
    expect(_.sorted()([[1, 2], [1], [0, 9]])).toEqual([[0, 9], [1], [1, 2]]);
    const recs = [
      { k: 1, id: 'a' },
      { k: 0, id: 'b' },
      { k: 1, id: 'c' },
      { k: 0, id: 'd' },
    ];
    const ids = (xs: { id: string }[]) => xs.map((x) => x.id).join('');
    expect(ids(_.pipe(recs, _.sorted({ key: (r) => r.k })))).toBe('bdac');
    expect(ids(_.pipe(recs, _.sorted({ key: (r) => r.k, reverse: true })))).toBe('acbd');
    expect(
      ids(
        _.pipe(
          recs,
          _.sortBy((r) => r.k),
        ),
      ),
    ).toBe('bdac');
    expect(_.sorted()([Number.NaN, 2, 1])).toEqual([1, 2, Number.NaN]);
  });

  it('sorted refuses incomparable values with the protocols error', () => {
    expect(() => _.sorted()([1, 'a'])).toThrow(/cannot order/);
  });

  it('topK (toolz test_topk)', () => {
    expect(_.topK(2)([4, 1, 5, 2])).toEqual([5, 4]);
    expect(_.topK(2, (x: number) => -x)([4, 1, 5, 2])).toEqual([1, 2]);
    expect(_.topK(2)([5, 1, 5, 2][Symbol.iterator]() as unknown as Iterable<number>)).toEqual([
      5, 5,
    ]);
    expect(_.topK(0)([1, 2])).toEqual([]);
    expect(_.topK(9)([2, 1])).toEqual([2, 1]);
    const a = { v: 1, id: 'a' };
    const b = { v: 1, id: 'b' };
    expect(_.topK(1, (o: { v: number }) => o.v)([a, b])).toEqual([a]);
  });

  it('min and max keep the first of equals; undefined when empty', () => {
    expect(_.min()([3, 1, 2])).toBe(1);
    expect(_.max()([3, 1, 2])).toBe(3);
    expect(_.min()([])).toBeUndefined();
    const a = { n: 1 };
    const b = { n: 1 };
    expect(_.min((o: { n: number }) => o.n)([a, b])).toBe(a);
    expect(_.max((o: { n: number }) => o.n)([a, b])).toBe(a);
    expect(_.max()([1, Number.NaN, 2])).toBeNaN();
    expect(_.min()([1, Number.NaN, 0])).toBe(0);
    expect(_.max()([new Date(1), new Date(5)])).toEqual(new Date(5));
  });
});
