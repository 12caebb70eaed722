/**
 * Port of toolz's `toolz/tests/test_itertoolz.py` (pytoolz/toolz, master) to polyfold's
 * public `polyfold/functional` API, wherever polyfold has the function (docs/functional.md
 * maps every toolz name). toolz is data-first (`take(3, xs)`); polyfold is data-last
 * (`take(3)(xs)`), and sources take their inputs directly (`concat(xs, ys)` is toolz's
 * `concatv`; toolz's `concat(seqs)` is `concat(...seqs)`). Python tuples are arrays, sets are
 * compared as sets (`sameSet`), dicts are HashMaps/Counters compared with `equals`.
 *
 * Left out, and why:
 * - `test_groupby_non_callable`, `reduceby('state', …)`, `topk(…, key='a')`, `pluck([0, 1])`,
 *   `merge_sorted(…, key=…)`: polyfold keys are functions (`(r) => r.state`); an index key is
 *   `pluck`, and a list of indices is a function returning an array. `join` alone takes a
 *   property name or index as a key (ported below, `test_key_as_getter`).
 * - `test_isiterable`, `test_getter`, `test_get`, `test_tail`, `test_random_sample`: not in
 *   polyfold (see the mapping table: `Symbol.iterator in Object(x)`, `xs[i]` / `pluck`,
 *   `[...xs].slice(-n)`, `filter(() => rng() < p)`).
 * - `test_partition` (toolz's fixed-size `partition`, dropping or padding the tail): polyfold's
 *   `chunk` is toolz's `partition_all` (ported); polyfold's `partition` splits by a predicate.
 * - `nth(-2, …)`, `nth(10, {10: 'foo'})` raising StopIteration, `first({0: 'zero'})`: polyfold's
 *   `nth` takes a non-negative index and gives `undefined` past the end (as `first([])` does),
 *   and a Map iterates `[key, value]` entries, not keys. The refusal of a negative index is
 *   ported.
 * - `test_reduce_by_init` (no initial value: toolz starts from the first element) and
 *   `accumulate` without an initial value: polyfold's `reduceBy` and `scan` take `init`.
 * - `test_pluck` defaults and `KeyError`/`IndexError`: polyfold's `pluck` gives `undefined` for
 *   a missing key (ported), and has no default argument.
 * - `no_default2` (a pickled sentinel): Python-specific; `join`'s and `diff`'s defaults are
 *   decided by presence of the option, which is ported.
 * - `peek([])` raising StopIteration: polyfold's `peek` gives `undefined` for an empty input, as
 *   `first` does (ported).
 */
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/functional/index.js';
import { Counter, equals, HashMap, HashSet } from '../../src/protocols/index.js';

const identity = <A>(x: A) => x;
const iseven = (x: number) => x % 2 === 0;
const isodd = (x: number) => x % 2 === 1;
const inc = (x: number) => x + 1;
const double = (x: number) => 2 * x;
const add = (a: number, b: number) => a + b;
const mul = (a: number, b: number) => a * b;
const list = <A>(xs: Iterable<A>): A[] => [...xs];
/** Python's `iter(xs)`: a one-shot iterator. */
function* iter<A>(xs: Iterable<A>): Generator<A> {
  yield* xs;
}
/** `set(xs) == set(ys)` for elements compared by value (tuples are arrays here). */
const sameSet = (xs: Iterable<unknown>, ys: Iterable<unknown>) =>
  equals(new HashSet(xs), new HashSet(ys));
/** toolz's `starmap(add, pairs)` for pairs of tuples: their concatenation. */
const concatPairs = (pairs: Iterable<[readonly unknown[], readonly unknown[]]>) =>
  list(pairs).map(([a, b]) => [...a, ...b]);
const first = <A>(t: readonly [A, ...unknown[]]) => t[0];
const second = <A>(t: readonly [unknown, A, ...unknown[]]) => t[1];

describe('toolz test_itertoolz', () => {
  it('test_remove', () => {
    const r = _.remove(iseven)(_.range(5));
    expect(Array.isArray(r)).toBe(false);
    expect(list(r)).toEqual(list(_.filter(isodd)(_.range(5))));
  });

  it('test_groupby', () => {
    const expected = new HashMap([
      [false, [1, 3]],
      [true, [2, 4]],
    ]);
    expect(equals(_.groupBy(iseven)([1, 2, 3, 4]), expected)).toBe(true);
  });

  it('test_merge_sorted', () => {
    expect(list(_.mergeSorted([1, 2, 3], [1, 2, 3]))).toEqual([1, 1, 2, 2, 3, 3]);
    expect(list(_.mergeSorted([1, 3, 5], [2, 4, 6]))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(list(_.mergeSorted([1], [2, 4], [3], []))).toEqual([1, 2, 3, 4]);
    expect(list(_.mergeSorted('abc', 'abc', 'abc')).join('')).toBe('aaabbbccc');
    expect(list(_.mergeSorted())).toEqual([]);
    expect(list(_.mergeSorted([1, 2, 3]))).toEqual([1, 2, 3]);
    expect(list(_.mergeSorted([1, 4, 5], [2, 3]))).toEqual([1, 2, 3, 4, 5]);
  });

  it('test_interleave', () => {
    expect(list(_.interleave('ABC', '123')).join('')).toBe('A1B2C3');
    expect(list(_.interleave('ABC', '1')).join('')).toBe('A1BC');
  });

  it('test_unique', () => {
    expect(list(_.unique()([1, 2, 3]))).toEqual([1, 2, 3]);
    expect(list(_.unique()([1, 2, 1, 3]))).toEqual([1, 2, 3]);
    expect(list(_.unique(iseven)([1, 2, 3]))).toEqual([1, 2]);
  });

  it('test_isdistinct', () => {
    expect(_.isDistinct([1, 2, 3])).toBe(true);
    expect(_.isDistinct([1, 2, 1])).toBe(false);
    expect(_.isDistinct('Hello')).toBe(false);
    expect(_.isDistinct('World')).toBe(true);
    expect(_.isDistinct(iter([1, 2, 3]))).toBe(true);
    expect(_.isDistinct(iter([1, 2, 1]))).toBe(false);
  });

  it('test_nth', () => {
    expect(_.nth(2)('ABCDE')).toBe('C');
    expect(_.nth(2)(iter('ABCDE'))).toBe('C');
    expect(_.nth(1)([3, 2, 1])).toBe(2);
    expect(_.nth(10)(new Map([[10, 'foo']]))).toBeUndefined();
    expect(() => _.nth(-2)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });

  it('test_first', () => {
    expect(_.first('ABCDE')).toBe('A');
    expect(_.first([3, 2, 1])).toBe(3);
  });

  it('test_second (nth(1))', () => {
    expect(_.nth(1)('ABCDE')).toBe('B');
    expect(_.nth(1)([3, 2, 1])).toBe(2);
  });

  it('test_last', () => {
    expect(_.last('ABCDE')).toBe('E');
    expect(_.last([3, 2, 1])).toBe(1);
  });

  it('test_rest (drop(1))', () => {
    expect(list(_.drop(1)('ABCDE'))).toEqual(list('BCDE'));
    expect(list(_.drop(1)([3, 2, 1]))).toEqual([2, 1]);
  });

  it('test_take', () => {
    expect(list(_.take(3)('ABCDE'))).toEqual(list('ABC'));
    expect(list(_.take(2)([3, 2, 1]))).toEqual([3, 2]);
  });

  it('test_drop', () => {
    expect(list(_.drop(3)('ABCDE'))).toEqual(list('DE'));
    expect(list(_.drop(1)([3, 2, 1]))).toEqual([2, 1]);
  });

  it('test_take_nth', () => {
    expect(list(_.takeNth(2)('ABCDE'))).toEqual(list('ACE'));
  });

  it('test_mapcat (flatMap)', () => {
    expect(
      list(
        _.flatMap(identity<number[]>)([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ),
    ).toEqual([1, 2, 3, 4, 5, 6]);
    const reversed = (xs: number[]) => [...xs].reverse();
    expect(
      list(
        _.flatMap(reversed)([
          [3, 2, 1, 0],
          [6, 5, 4],
          [9, 8, 7],
        ]),
      ),
    ).toEqual(list(_.range(10)));
    const mapInc = (xs: number[]) => _.map(inc)(xs);
    expect(
      list(
        _.flatMap(mapInc)([
          [3, 4, 5],
          [6, 7, 8],
        ]),
      ),
    ).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it('test_cons (concat([x], xs))', () => {
    expect(list(_.concat([1], [2, 3]))).toEqual([1, 2, 3]);
  });

  it('test_concat', () => {
    const seqs: number[][] = [[], [], []];
    expect(list(_.concat(...seqs))).toEqual([]);
    expect(list(_.take(5)(_.concat(['a', 'b'], _.range(1_000_000_000))))).toEqual([
      'a',
      'b',
      0,
      1,
      2,
    ]);
  });

  it('test_concatv', () => {
    expect(list(_.concat([], [], []))).toEqual([]);
    expect(list(_.take(5)(_.concat(['a', 'b'], _.range(1_000_000_000))))).toEqual([
      'a',
      'b',
      0,
      1,
      2,
    ]);
  });

  it('test_interpose', () => {
    expect(_.first(_.drop(1)(_.interpose('a')(_.range(1_000_000_000))))).toBe('a');
    expect(list(_.interpose('X')('tarzan')).join('')).toBe('tXaXrXzXaXn');
    expect(list(_.interpose(0)(_.repeat(1, 4)))).toEqual([1, 0, 1, 0, 1, 0, 1]);
    expect(list(_.interpose('.')(['a', 'b', 'c']))).toEqual(['a', '.', 'b', '.', 'c']);
  });

  it('test_frequencies', () => {
    expect(
      equals(
        _.frequencies(['cat', 'pig', 'cat', 'eel', 'pig', 'dog', 'dog', 'dog']),
        new Counter({ cat: 2, eel: 1, pig: 2, dog: 3 }),
      ),
    ).toBe(true);
    expect(equals(_.frequencies([]), new Counter())).toBe(true);
    expect(
      equals(
        _.frequencies('onomatopoeia'),
        new Counter({ a: 2, e: 1, i: 1, m: 1, o: 4, n: 1, p: 1, t: 1 }),
      ),
    ).toBe(true);
  });

  it('test_reduceby', () => {
    const data = [1, 2, 3, 4, 5];
    const byParity = (expected: [boolean, number][]) => new HashMap(expected);
    expect(
      equals(
        _.reduceBy(iseven, add, 0)(data),
        byParity([
          [false, 9],
          [true, 6],
        ]),
      ),
    ).toBe(true);
    expect(
      equals(
        _.reduceBy(iseven, mul, 1)(data),
        byParity([
          [false, 15],
          [true, 8],
        ]),
      ),
    ).toBe(true);
    const projects = [
      { name: 'build roads', state: 'CA', cost: 1000000 },
      { name: 'fight crime', state: 'IL', cost: 100000 },
      { name: 'help farmers', state: 'IL', cost: 2000000 },
      { name: 'help farmers', state: 'CA', cost: 200000 },
    ];
    const totals = _.reduceBy(
      (x: (typeof projects)[number]) => x.state,
      (acc: number, x: (typeof projects)[number]) => acc + x.cost,
      0,
    )(projects);
    expect(
      equals(
        totals,
        new HashMap([
          ['CA', 1200000],
          ['IL', 2100000],
        ]),
      ),
    ).toBe(true);
  });

  it('test_reduce_by_callable_default', () => {
    const setAdd = (s: Set<number>, i: number) => s.add(i);
    const got = _.reduceBy(iseven, setAdd, () => new Set<number>())([1, 2, 3, 4, 1, 2]);
    expect(
      equals(
        got,
        new HashMap([
          [false, new Set([1, 3])],
          [true, new Set([2, 4])],
        ]),
      ),
    ).toBe(true);
  });

  it('test_iterate', () => {
    expect(list(_.take(5)(_.iterate(inc, 0)))).toEqual([0, 1, 2, 3, 4]);
    expect(list(_.take(4)(_.iterate(double, 1)))).toEqual([1, 2, 4, 8]);
  });

  it('test_accumulate (scan, with its initial value)', () => {
    expect(list(_.scan(add, -1)([1, 2, 3, 4, 5]))).toEqual([-1, 0, 2, 5, 9, 14]);
    const binop = (): never => {
      throw new Error('binop should not be called');
    };
    const start = {};
    expect(list(_.scan(binop, start)([]))).toEqual([start]);
  });

  it('test_accumulate_works_on_consumable_iterables', () => {
    expect(list(_.scan(add, 0)(iter([1, 2, 3]))).slice(1)).toEqual([1, 3, 6]);
  });

  it('test_sliding_window (window)', () => {
    expect(list(_.window(2)([1, 2, 3, 4]))).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    expect(list(_.window(3)([1, 2, 3, 4]))).toEqual([
      [1, 2, 3],
      [2, 3, 4],
    ]);
  });

  it('test_sliding_window_of_short_iterator', () => {
    expect(list(_.window(3)([1, 2]))).toEqual([]);
    expect(list(_.window(7)([1, 2]))).toEqual([]);
  });

  it('test_partition_all (chunk)', () => {
    expect(list(_.chunk(2)([1, 2, 3, 4]))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(list(_.chunk(3)(_.range(5)))).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(list(_.chunk(2)([]))).toEqual([]);
    // Regression test: https://github.com/pytoolz/toolz/issues/387 — chunking never compares
    // elements, so an element whose equality throws is fine.
    class NoCompare {
      [Symbol.for('polyfold.eq')](other: unknown): boolean {
        if (other instanceof NoCompare) return true;
        throw new Error('compared');
      }
    }
    const obj = new NoCompare();
    const result = [
      [obj, obj, obj, obj],
      [obj, obj, obj],
    ];
    expect(list(_.chunk(4)(Array(7).fill(obj)))).toEqual(result);
    expect(list(_.chunk(4)(iter(Array(7).fill(obj))))).toEqual(result);
  });

  it('test_count', () => {
    expect(_.count([1, 2, 3])).toBe(3);
    expect(_.count([])).toBe(0);
    expect(_.count(iter([1, 2, 3, 4]))).toBe(4);
    expect(_.count('hello')).toBe(5);
    expect(_.count(iter('hello'))).toBe(5);
  });

  it('test_pluck', () => {
    expect(
      list(
        _.pluck(0)([
          [0, 1],
          [2, 3],
          [4, 5],
        ]),
      ),
    ).toEqual([0, 2, 4]);
    expect(list(_.pluck(1)([[0], [0, 1]]))).toEqual([undefined, 1]);
    const data = [
      { id: 1, name: 'cheese' },
      { id: 2, name: 'pies', price: 1 },
    ];
    expect(list(_.pluck('id')(data))).toEqual([1, 2]);
    expect(list(_.pluck('price')(data))).toEqual([undefined, 1]);
  });

  it('test_join', () => {
    const names = [
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
    ] as const;
    const fruit = [
      ['apple', 1],
      ['orange', 1],
      ['banana', 2],
      ['coconut', 2],
    ] as const;
    const expected = [
      [1, 'one', 'apple', 1],
      [1, 'one', 'orange', 1],
      [2, 'two', 'banana', 2],
      [2, 'two', 'coconut', 2],
    ];
    expect(sameSet(concatPairs(_.join(first, names, second, fruit)), expected)).toBe(true);
  });

  it('test_key_as_getter', () => {
    const squares = list(_.range(5)).map((i) => [i, i ** 2] as const);
    const pows = list(_.range(5)).map((i) => [i, i ** 2, i ** 3] as const);
    expect(
      sameSet(
        _.join(0, squares, 0, pows),
        _.join(
          (x) => x[0],
          squares,
          (x) => x[0],
          pows,
        ),
      ),
    ).toBe(true);
    // toolz's list-of-indices keys ([0, 1], [0]) are functions returning arrays here; each
    // square (i, i²) matches the power row starting (i, i²), exactly as with index 0.
    const expected = squares.map((sq, i) => [sq, pows[i]]);
    const get2 = (x: readonly number[]) => [x[0], x[1]];
    expect(sameSet(_.join(get2, squares, get2, pows), expected)).toBe(true);
    const get1 = (x: readonly number[]) => [x[0]];
    expect(sameSet(_.join(get1, squares, get1, pows), expected)).toBe(true);
    expect(sameSet(_.join(0, squares, 0, pows), expected)).toBe(true);
  });

  it('test_join_double_repeats', () => {
    const names = [
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
      [1, 'uno'],
      [2, 'dos'],
    ] as const;
    const fruit = [
      ['apple', 1],
      ['orange', 1],
      ['banana', 2],
      ['coconut', 2],
    ] as const;
    const expected = [
      [1, 'one', 'apple', 1],
      [1, 'one', 'orange', 1],
      [2, 'two', 'banana', 2],
      [2, 'two', 'coconut', 2],
      [1, 'uno', 'apple', 1],
      [1, 'uno', 'orange', 1],
      [2, 'dos', 'banana', 2],
      [2, 'dos', 'coconut', 2],
    ];
    expect(sameSet(concatPairs(_.join(first, names, second, fruit)), expected)).toBe(true);
  });

  it('test_join_missing_element', () => {
    const names = [
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
    ] as const;
    const fruit = [
      ['apple', 5],
      ['orange', 1],
    ] as const;
    expect(
      sameSet(concatPairs(_.join(first, names, second, fruit)), [[1, 'one', 'orange', 1]]),
    ).toBe(true);
  });

  it('test_left_outer_join', () => {
    const result = _.join(identity, [1, 2], identity, [2, 3], { leftDefault: null });
    expect(
      sameSet(result, [
        [2, 2],
        [null, 3],
      ]),
    ).toBe(true);
  });

  it('test_right_outer_join', () => {
    const result = _.join(identity, [1, 2], identity, [2, 3], { rightDefault: null });
    expect(
      sameSet(result, [
        [2, 2],
        [1, null],
      ]),
    ).toBe(true);
  });

  it('test_outer_join', () => {
    const result = _.join(identity, [1, 2], identity, [2, 3], {
      leftDefault: null,
      rightDefault: null,
    });
    expect(
      sameSet(result, [
        [2, 2],
        [1, null],
        [null, 3],
      ]),
    ).toBe(true);
  });

  it('test_diff', () => {
    const typeError = expect.objectContaining({ code: expect.stringMatching(/^ERR_/) });
    expect(() => list(_.diff([] as never))).toThrow(typeError);
    expect(() => list(_.diff([[1, 2]] as never))).toThrow(typeError);
    expect(() => list(_.diff([[1, 2], 3] as never))).toThrow(typeError);
    expect(list(_.diff([[1, 2], [1, 2], iter([1, 2])]))).toEqual([]);
    expect(list(_.diff([[1, 2, 3], [1, 10, 3], iter([1, 2, 10])]))).toEqual([
      [2, 10, 2],
      [3, 3, 10],
    ]);
    expect(list(_.diff([[1, 2], [10]]))).toEqual([[1, 10]]);
    expect(list(_.diff([[1, 2], [10]], { fill: null }))).toEqual([
      [1, 10],
      [2, null],
    ]);
    // The non-variadic usage is polyfold's only usage: `diff([seq1, seq2])`.
    expect(() => list(_.diff([[]] as never))).toThrow(typeError);
    expect(
      list(
        _.diff([
          [1, 2],
          [1, 3],
        ]),
      ),
    ).toEqual([[2, 3]]);

    const data1 = [
      { cost: 1, currency: 'dollar' },
      { cost: 2, currency: 'dollar' },
    ];
    const data2 = [
      { cost: 100, currency: 'yen' },
      { cost: 300, currency: 'yen' },
    ];
    const conversions: Record<string, number> = { dollar: 1, yen: 0.01 };
    const indollars = (item: { cost: number; currency: string }) =>
      conversions[item.currency]! * item.cost;
    expect(list(_.diff([data1, data2], { key: indollars }))).toEqual([
      [
        { cost: 2, currency: 'dollar' },
        { cost: 300, currency: 'yen' },
      ],
    ]);
  });

  it('test_topk', () => {
    expect(_.topK(2)([4, 1, 5, 2])).toEqual([5, 4]);
    expect(_.topK(2, (x: number) => -x)([4, 1, 5, 2])).toEqual([1, 2]);
    expect(_.topK(2, (x: number) => -x)(iter([5, 1, 4, 2]))).toEqual([1, 2]);
    const rows = [
      { a: 1, b: 10 },
      { a: 2, b: 9 },
      { a: 10, b: 1 },
      { a: 9, b: 2 },
    ];
    expect(_.topK(2, (r: { a: number }) => r.a)(rows)).toEqual([
      { a: 10, b: 1 },
      { a: 9, b: 2 },
    ]);
    expect(_.topK(2, (r: { b: number }) => r.b)(rows)).toEqual([
      { a: 1, b: 10 },
      { a: 2, b: 9 },
    ]);
  });

  it('test_topk_is_stable', () => {
    expect(_.topK(4, () => 1)([5, 9, 2, 1, 5, 3])).toEqual([5, 9, 2, 1]);
  });

  it('test_peek', () => {
    const alist = ['Alice', 'Bob', 'Carol'];
    const [element, blist] = _.peek(alist);
    expect(element).toBe(alist[0]);
    expect(list(blist)).toEqual(alist);
    expect(_.peek([])[0]).toBeUndefined();
  });

  it('test_peekn', () => {
    const alist = ['Alice', 'Bob', 'Carol'];
    const [elements, blist] = _.peekN(2)(alist);
    expect(elements).toEqual(alist.slice(0, 2));
    expect(list(blist)).toEqual(alist);
    const [all, clist] = _.peekN(alist.length * 4)(alist);
    expect(all).toEqual(alist);
    expect(list(clist)).toEqual(alist);
  });
});
