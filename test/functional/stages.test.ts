/**
 * The stages (map, filter, …, dedupe): semantics carried over from toolz's and itertools'
 * own tests, laziness (elements pulled are counted), and early termination.
 */
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/functional/index.js';
import { probe } from './helpers.js';

const isEven = (x: number) => x % 2 === 0;
const list = <T>(xs: Iterable<T>): T[] => [...xs];

describe('element-wise stages', () => {
  it('map, filter and remove (toolz test_remove)', () => {
    expect(
      list(
        _.pipe(
          [0, 1, 2, 3, 4],
          _.map((x) => x + 1),
        ),
      ),
    ).toEqual([1, 2, 3, 4, 5]);
    expect(list(_.pipe([0, 1, 2, 3, 4], _.filter(isEven)))).toEqual([0, 2, 4]);
    expect(list(_.remove(isEven)(_.range(5)))).toEqual([1, 3]);
    expect(list(_.map((x: number) => x)([]))).toEqual([]);
  });

  it('filter keeps truthy results and narrows with type guards', () => {
    const mixed: (number | string | null)[] = [1, 'a', null, 0, 'b'];
    const strings = list(
      _.pipe(
        mixed,
        _.filter((x): x is string => typeof x === 'string'),
      ),
    );
    expect(strings.map((s) => s.toUpperCase())).toEqual(['A', 'B']);
    expect(
      list(
        _.pipe(
          mixed,
          _.filter((x) => x),
        ),
      ),
    ).toEqual([1, 'a', 'b']);
  });

  it('flatMap concatenates (toolz test_mapcat), strings and generators included', () => {
    expect(
      list(
        _.flatMap((x: number[]) => x)([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ),
    ).toEqual([1, 2, 3, 4, 5, 6]);
    const reversed = _.flatMap((x: number[]) => [...x].reverse());
    expect(
      list(
        reversed([
          [3, 2, 1, 0],
          [6, 5, 4],
          [9, 8, 7],
        ]),
      ),
    ).toEqual(list(_.range(10)));
    expect(
      list(
        _.pipe(
          ['ab', '', 'c'],
          _.flatMap((s) => s.toUpperCase()),
        ),
      ),
    ).toEqual(['A', 'B', 'C']);
    expect(
      list(
        _.pipe(
          [2, 0, 1],
          _.flatMap((n) => _.repeat(n, n)),
        ),
      ),
    ).toEqual([2, 2, 1]);
  });

  it('flatMap stays lazy inside an infinite inner iterable', () => {
    const it = _.flatMap((x: number) => _.repeat(x))([7, 8])[Symbol.iterator]();
    expect([it.next().value, it.next().value, it.next().value]).toEqual([7, 7, 7]);
    const inner = probe();
    const first3 = list(
      _.pipe(
        [1],
        _.flatMap(() => inner),
        _.take(3),
      ),
    );
    expect(first3).toEqual([0, 1, 2]);
    expect(inner.pulled).toBe(3);
    expect(inner.closed).toBe(true);
  });

  it('flatMap refuses a function that returns a non-iterable', () => {
    expect(() => list(_.flatMap(() => 42 as never)([1]))).toThrow(_.NotIterableError);
  });

  it('pluck reads a property; null elements give undefined (toolz test_pluck)', () => {
    expect(
      list(
        _.pluck(0)([
          [0, 1],
          [2, 3],
          [4, 5],
        ]),
      ),
    ).toEqual([0, 2, 4]);
    expect(list(_.pipe([{ a: 1 }, null, { a: 3 }], _.pluck('a')))).toEqual([1, undefined, 3]);
  });

  it('tap sees every element and passes it on', () => {
    const seen: number[] = [];
    expect(
      list(
        _.pipe(
          [1, 2, 3],
          _.tap((x) => seen.push(x)),
        ),
      ),
    ).toEqual([1, 2, 3]);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('scan yields the initial value and every running result (itertools accumulate)', () => {
    const add = (a: number, b: number) => a + b;
    expect(list(_.scan(add, 0)([1, 2, 3, 4, 5]))).toEqual([0, 1, 3, 6, 10, 15]);
    expect(list(_.scan(add, -1)([1, 2, 3]))).toEqual([-1, 0, 2, 5]);
    expect(list(_.scan(add, 0)([]))).toEqual([0]);
    expect(
      list(
        _.pipe(
          [1, 2, 3],
          _.scan((acc: string, x) => acc + x, ''),
        ),
      ),
    ).toEqual(['', '1', '12', '123']);
  });

  it('enumerate pairs elements with indices from 0', () => {
    expect(list(_.enumerate('ab'))).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
    expect(list(_.enumerate([]))).toEqual([]);
  });
});

describe('slicing stages', () => {
  it('take and drop (itertools islice)', () => {
    expect(list(_.take(2)([1, 2, 3]))).toEqual([1, 2]);
    expect(list(_.take(5)([1, 2]))).toEqual([1, 2]);
    expect(list(_.take(0)([1, 2]))).toEqual([]);
    expect(list(_.take(Number.POSITIVE_INFINITY)([1, 2]))).toEqual([1, 2]);
    expect(list(_.drop(2)([1, 2, 3, 4]))).toEqual([3, 4]);
    expect(list(_.drop(9)([1, 2]))).toEqual([]);
  });

  it('take stops pulling from an infinite source and closes it', () => {
    const src = probe();
    expect(
      list(
        _.pipe(
          src,
          _.map((x) => x * 2),
          _.take(3),
        ),
      ),
    ).toEqual([0, 2, 4]);
    expect(src.pulled).toBe(3);
    expect(src.closed).toBe(true);
    const none = probe();
    expect(list(_.take(0)(none))).toEqual([]);
    expect(none.pulled).toBe(0);
  });

  it('takeWhile and dropWhile (itertools tests)', () => {
    expect(list(_.takeWhile((x: number) => x < 5)([1, 4, 6, 4, 1]))).toEqual([1, 4]);
    expect(list(_.dropWhile((x: number) => x < 5)([1, 4, 6, 4, 1]))).toEqual([6, 4, 1]);
    expect(list(_.takeWhile((x: number) => x < 5)([]))).toEqual([]);
    const src = probe();
    expect(list(_.takeWhile((x: number) => x < 3)(src))).toEqual([0, 1, 2]);
    expect(src.pulled).toBe(4);
    expect(src.closed).toBe(true);
  });

  it('takeNth keeps every nth element from the first (toolz test_take_nth)', () => {
    expect(list(_.takeNth(2)('ABCDE')).join('')).toBe('ACE');
    expect(list(_.takeNth(1)([1, 2]))).toEqual([1, 2]);
    expect(list(_.takeNth(3)([]))).toEqual([]);
  });

  it('nested early termination: a later take stops an earlier flatMap', () => {
    const src = probe();
    const out = list(
      _.pipe(
        src,
        _.flatMap((x) => [x, x]),
        _.take(3),
      ),
    );
    expect(out).toEqual([0, 0, 1]);
    expect(src.pulled).toBe(2);
  });

  it('elements after a satisfied take still flow through later stages', () => {
    expect(
      list(
        _.pipe(
          [1, 2, 3],
          _.take(1),
          _.flatMap((x) => [x, x, x]),
        ),
      ),
    ).toEqual([1, 1, 1]);
    expect(list(_.pipe([1, 2, 3, 4, 5], _.take(3), _.chunk(2)))).toEqual([[1, 2], [3]]);
  });
});

describe('neighbour stages', () => {
  it('chunk (toolz test_partition_all)', () => {
    expect(list(_.chunk(2)([1, 2, 3, 4]))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(list(_.chunk(3)(_.range(5)))).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(list(_.chunk(2)([]))).toEqual([]);
  });

  it('window (toolz test_sliding_window and short inputs)', () => {
    expect(list(_.window(2)([1, 2, 3, 4]))).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    expect(list(_.window(3)([1, 2, 3, 4]))).toEqual([
      [1, 2, 3],
      [2, 3, 4],
    ]);
    expect(list(_.window(3)([1, 2]))).toEqual([]);
    expect(list(_.window(7)(_.range(5)))).toEqual([]);
    const ws = list(_.window(2)([1, 2, 3]));
    ws[0]!.push(99);
    expect(ws[1]).toEqual([2, 3]);
  });

  it('pairwise (itertools)', () => {
    expect(list(_.pairwise('abcd')).map((p) => p.join(''))).toEqual(['ab', 'bc', 'cd']);
    expect(list(_.pairwise(''))).toEqual([]);
    expect(list(_.pairwise('a'))).toEqual([]);
  });

  it('interpose (toolz test_interpose)', () => {
    expect(list(_.interpose('a')('bcd')).join('')).toBe('bacad');
    expect(list(_.interpose('foo')(['bar']))).toEqual(['bar']);
    expect(list(_.interpose('foo')([]))).toEqual([]);
  });

  it('unique compares by value (toolz test_unique)', () => {
    expect(list(_.unique()([1, 2, 3]))).toEqual([1, 2, 3]);
    expect(list(_.unique()([1, 2, 1, 3]))).toEqual([1, 2, 3]);
    expect(list(_.unique(isEven)([1, 2, 3]))).toEqual([1, 2]);
    expect(list(_.unique()([[1, 2], [1, 2], { a: 1 }, { a: 1 }]))).toEqual([[1, 2], { a: 1 }]);
    expect(list(_.unique()([Number.NaN, Number.NaN, 0, -0]))).toEqual([Number.NaN, 0]);
  });

  it('dedupe drops consecutive duplicates only (itertools unique_justseen)', () => {
    expect(list(_.dedupe()('AAAABBBCCDAABBB')).join('')).toBe('ABCDAB');
    expect(list(_.dedupe((s: string) => s.toLowerCase())('ABBCcAD')).join('')).toBe('ABCAD');
    expect(list(_.dedupe()([[1], [1], [2]]))).toEqual([[1], [2]]);
  });
});

describe('lazy sequences', () => {
  it('do nothing until iterated, and restart from the source on every iteration', () => {
    const src = probe([1, 2, 3]);
    const doubled = _.pipe(
      src,
      _.map((x) => x * 2),
    );
    expect(src.pulled).toBe(0);
    expect(list(doubled)).toEqual([2, 4, 6]);
    expect(list(doubled)).toEqual([2, 4, 6]);
    expect(src.pulled).toBe(6);
  });

  it('pull one source element per output element through map/filter', () => {
    const src = probe();
    const it = _.pipe(
      src,
      _.map((x) => x + 1),
      _.filter(isEven),
    )[Symbol.iterator]();
    expect(it.next().value).toBe(2);
    expect(src.pulled).toBe(2);
    expect(it.return!().done).toBe(true);
    expect(src.closed).toBe(true);
  });

  it('close the source when a stage throws', () => {
    const src = probe();
    const boom = _.map((x: number) => {
      if (x === 2) throw new Error('boom');
      return x;
    });
    expect(() => list(boom(src))).toThrow('boom');
    expect(src.closed).toBe(true);
  });

  it('stage functions carry plain descriptors', () => {
    const f = (x: number) => x + 1;
    expect(_.map(f).descriptor).toEqual({
      kind: 'map',
      fn: f,
      args: [],
      splittable: true,
      shortCircuits: false,
    });
    expect(_.take(3).descriptor).toEqual({
      kind: 'take',
      args: [3],
      splittable: false,
      shortCircuits: true,
    });
    expect(_.enumerate.descriptor.kind).toBe('enumerate');
    expect(structuredClone(_.chunk(2).descriptor)).toEqual(_.chunk(2).descriptor);
  });
});

describe('argument errors are documented and name the fix', () => {
  it.each([
    ['take(-1)', () => _.take(-1)],
    ['take(1.5)', () => _.take(1.5)],
    ['drop(NaN)', () => _.drop(Number.NaN)],
    ['chunk(0)', () => _.chunk(0)],
    ['window(-2)', () => _.window(-2)],
    ['takeNth(0)', () => _.takeNth(0)],
    ['map(42)', () => _.map(42 as never)],
    ['filter()', () => (_.filter as (p?: unknown) => unknown)()],
    ['pluck({})', () => _.pluck({} as never)],
    ['unique(1)', () => _.unique(1 as never)],
  ])('%s', (_name, call) => {
    try {
      call();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(_.InvalidArgumentError);
      expect((e as _.InvalidArgumentError).code).toBe('ERR_INVALID_ARGUMENT');
      expect((e as Error).message).toMatch(/must be/);
    }
  });

  it('a non-iterable input', () => {
    const e = (() => {
      try {
        _.map((x: number) => x)(42 as never);
      } catch (err) {
        return err as _.NotIterableError;
      }
    })();
    expect(e).toBeInstanceOf(_.NotIterableError);
    expect(e?.code).toBe('ERR_NOT_ITERABLE');
    expect(e?.value).toBe(42);
  });
});
