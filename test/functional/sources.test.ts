/** Sources (range, repeat, cycle, iterate) and combining sources (zip … mergeSorted). */
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/functional/index.js';
import { asyncProbe, collect, from, probe } from './helpers.js';

const list = <T>(xs: Iterable<T>): T[] => [...xs];

describe('range', () => {
  it('follows Python', () => {
    expect(list(_.range(3))).toEqual([0, 1, 2]);
    expect(list(_.range(0))).toEqual([]);
    expect(list(_.range(-2))).toEqual([]);
    expect(list(_.range(2, 5))).toEqual([2, 3, 4]);
    expect(list(_.range(10, 0, -4))).toEqual([10, 6, 2]);
    expect(list(_.range(0, 10, 3))).toEqual([0, 3, 6, 9]);
    expect(list(_.range(5, 1))).toEqual([]);
  });

  it('computes fractional steps without accumulating error', () => {
    expect(list(_.range(0, 1, 0.1))).toHaveLength(10);
    expect(list(_.range(0, 1, 0.1))[3]).toBe(3 * 0.1);
  });

  it('runs forever towards Infinity, lazily', () => {
    expect(list(_.take(3)(_.range(7, Number.POSITIVE_INFINITY)))).toEqual([7, 8, 9]);
  });

  it('refuses a zero or non-finite step', () => {
    expect(() => _.range(0, 5, 0)).toThrow(_.InvalidArgumentError);
    expect(() => _.range(0, 5, Number.NaN)).toThrow(_.InvalidArgumentError);
    expect(() => _.range(Number.NEGATIVE_INFINITY, 5)).toThrow(_.InvalidArgumentError);
  });
});

describe('repeat, cycle, iterate', () => {
  it('repeat with and without a count', () => {
    expect(list(_.repeat('a', 3))).toEqual(['a', 'a', 'a']);
    expect(list(_.repeat('a', 0))).toEqual([]);
    expect(list(_.take(4)(_.repeat(1)))).toEqual([1, 1, 1, 1]);
    expect(() => _.repeat(1, -1)).toThrow(_.InvalidArgumentError);
  });

  it('cycle remembers a one-shot iterator and ends on empty input (itertools)', () => {
    function* gen() {
      yield 1;
      yield 2;
    }
    expect(list(_.take(5)(_.cycle(gen())))).toEqual([1, 2, 1, 2, 1]);
    expect(list(_.cycle([]))).toEqual([]);
    expect(() => _.cycle(from([1]) as never)).toThrow(_.AsyncSourceError);
  });

  it('iterate (toolz test_iterate)', () => {
    expect(list(_.take(5)(_.iterate((x: number) => x + 1, 0)))).toEqual([0, 1, 2, 3, 4]);
    expect(list(_.take(4)(_.iterate((x: number) => x * 2, 1)))).toEqual([1, 2, 4, 8]);
  });
});

describe('combining sources', () => {
  it('zip stops with the shortest and closes the others', () => {
    const long = probe();
    expect(list(_.zip([1, 2], long))).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(long.closed).toBe(true);
    expect(list(_.zip())).toEqual([]);
    expect(list(_.zip([1], []))).toEqual([]);
  });

  it('zipLongest fills with undefined (itertools zip_longest)', () => {
    expect(list(_.zipLongest('ABCD', 'xy')).map((r) => r.map((c) => c ?? '-').join(''))).toEqual([
      'Ax',
      'By',
      'C-',
      'D-',
    ]);
    expect(list(_.zipLongest([], []))).toEqual([]);
  });

  it('zip and zipLongest pull on demand and close every input when the consumer stops', () => {
    for (const zipper of [_.zip, _.zipLongest]) {
      const xs = probe();
      const ys = probe();
      for (const [x] of zipper(xs, ys)) if (x === 2) break;
      expect([xs.pulled, ys.pulled]).toEqual([3, 3]);
      expect([xs.closed, ys.closed]).toEqual([true, true]);
    }
  });

  it('zipLongest keeps pulling the other inputs after one ends, and closes them', () => {
    const short = probe([1]);
    const long = probe();
    expect(list(_.take(3)(_.zipLongest(short, long)))).toEqual([
      [1, 0],
      [undefined, 1],
      [undefined, 2],
    ]);
    expect([short.pulled, long.pulled]).toEqual([1, 3]);
    expect(long.closed).toBe(true);
  });

  it('async zip and zipLongest close every input when the consumer stops or one input ends', async () => {
    for (const zipper of [_.zip, _.zipLongest]) {
      const xs = asyncProbe();
      const ys = probe();
      for await (const [x] of zipper(xs, ys)) if (x === 2) break;
      expect([xs.pulled, ys.pulled]).toEqual([3, 3]);
      expect([xs.closed, ys.closed]).toEqual([true, true]);
    }
    const long = asyncProbe();
    expect(await collect(_.zip(from([1, 2]), long))).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(long.closed).toBe(true);
  });

  it('interleave (toolz test_interleave)', () => {
    expect(list(_.interleave('ABC', 'XY')).join('')).toBe('AXBYC');
    expect(list(_.interleave('ABC', 'XYZ')).join('')).toBe('AXBYCZ');
    expect(list(_.interleave([1], [], [2, 3]))).toEqual([1, 2, 3]);
  });

  it('concat (toolz test_concat)', () => {
    expect(list(_.concat([], [], []))).toEqual([]);
    expect(list(_.concat([1, 2], [3, 4]))).toEqual([1, 2, 3, 4]);
    expect(list(_.concat('ab', [1]))).toEqual(['a', 'b', 1]);
  });

  it('mergeSorted (toolz test_merge_sorted), stable on ties', () => {
    expect(list(_.mergeSorted([1, 2, 3], [1, 2, 3]))).toEqual([1, 1, 2, 2, 3, 3]);
    expect(list(_.mergeSorted([1, 3, 5], [2, 4, 6]))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(list(_.mergeSorted([1], [2, 4], [3], []))).toEqual([1, 2, 3, 4]);
    expect(list(_.mergeSorted(['b', 'd'], ['a', 'c']))).toEqual(['a', 'b', 'c', 'd']);
    const a = [1];
    const b = [1];
    const merged = list(_.mergeSorted([a, [2]], [b]));
    expect(merged[0]).toBe(a);
    expect(merged[1]).toBe(b);
  });

  it('mergeSorted is lazy', () => {
    const evens = probe();
    const out = list(_.take(3)(_.mergeSorted(evens, [0.5, 1.5])));
    expect(out).toEqual([0, 0.5, 1]);
    expect(evens.pulled).toBeLessThanOrEqual(3);
  });

  it('async inputs give async results', async () => {
    expect(await collect(_.zip(from([1, 2, 3]), ['a', 'b']))).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(await collect(_.zipLongest(from([1]), [1, 2]))).toEqual([
      [1, 1],
      [undefined, 2],
    ]);
    expect(await collect(_.interleave(from('AB'), 'XYZ'))).toEqual(['A', 'X', 'B', 'Y', 'Z']);
    expect(await collect(_.concat([1], from([2, 3])))).toEqual([1, 2, 3]);
    expect(await collect(_.mergeSorted(from([1, 4]), [2, 3]))).toEqual([1, 2, 3, 4]);
  });

  it('refuse a non-iterable input', () => {
    expect(() => _.zip([1], 2 as never)).toThrow(_.NotIterableError);
    expect(() => _.concat(null as never)).toThrow(_.NotIterableError);
  });
});
