/** The built-in folds: exact numerics, tie rules, composites, specs and shipping. */
import { getMonoid } from 'fp-ts/lib/Array.js';
import { MonoidAll } from 'fp-ts/lib/boolean.js';
import { MonoidSum } from 'fp-ts/lib/number.js';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/functional/index.js';
import { Counter, HashMap, HashSet } from '../../src/protocols/index.js';
import { probe } from './helpers.js';

const { folds } = _;
const run = <A, R>(f: _.AnyFold<A, R>, xs: Iterable<A>) => _.fold(f)(xs);

describe('numeric folds are exact', () => {
  it('sum is correctly rounded (Python math.fsum cases)', () => {
    expect(run(folds.sum(), [0.1, 0.2, 0.3])).toBe(0.6);
    expect(run(folds.sum(), [1e100, 1, -1e100])).toBe(1);
    expect(run(folds.sum(), [1, 1e100, 1, -1e100])).toBe(2);
    expect(run(folds.sum(), Array(10).fill(0.1))).toBe(1);
    expect(run(folds.sum(), [2 ** 53, 1, 1])).toBe(2 ** 53 + 2);
    // The exact total is representable although a running double total would overflow.
    const big = Number.MAX_VALUE;
    expect(run(folds.sum(), [big, big, -big])).toBe(big);
    expect(run(folds.sum(), [big, big])).toBe(Number.POSITIVE_INFINITY);
    expect(run(folds.sum(), [])).toBe(0);
    expect(_.fsum([1e-16, 1, 1e-16])).toBe(1.0000000000000002);
  });

  it('sum follows IEEE for non-finite values', () => {
    expect(run(folds.sum(), [1, Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
    expect(run(folds.sum(), [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBeNaN();
    expect(run(folds.sum(), [1, Number.NaN, 2])).toBeNaN();
  });

  it('sum refuses non-numbers with a documented error', () => {
    expect(() => run(folds.sum(), ['1'] as never)).toThrow(_.InvalidElementError);
  });

  it('count and mean', () => {
    expect(run(folds.count(), 'abc')).toBe(3);
    expect(run(folds.mean(), [1, 2, 3, 4])).toBe(2.5);
    expect(run(folds.mean(), [])).toBeNaN();
    expect(run(folds.mean(), [0.1, 0.2, 0.3])).toBe(0.6 / 3);
  });

  it('stats: textbook values, large offsets without cancellation', () => {
    const s = run(folds.stats(), [2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s).toMatchObject({ count: 8, sum: 40, mean: 5, variance: 4, stddev: 2, min: 2, max: 9 });
    expect(s.sampleVariance).toBeCloseTo(32 / 7, 14);
    // Naive Σx² − (Σx)²/n loses everything here; the exact form does not.
    const offset = run(folds.stats(), [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]);
    expect(offset.variance).toBe(22.5);
    expect(offset.sampleVariance).toBe(30);
    const empty = run(folds.stats(), []);
    expect(empty.count).toBe(0);
    expect(empty.mean).toBeNaN();
    expect(run(folds.stats(), [3]).sampleVariance).toBeNaN();
    expect(run(folds.stats(), [1, Number.NaN]).variance).toBeNaN();
  });
});

describe('order folds', () => {
  it('min/max/minBy/maxBy keep the first of equals', () => {
    const a = { k: 1 };
    const b = { k: 1 };
    expect(
      run(
        folds.minBy((o: { k: number }) => o.k),
        [a, b],
      ),
    ).toBe(a);
    expect(
      run(
        folds.maxBy((o: { k: number }) => o.k),
        [a, b],
      ),
    ).toBe(a);
    expect(run(folds.min<string>(), ['b', 'a', 'c'])).toBe('a');
    expect(run(folds.max<number>(), [])).toBeUndefined();
  });

  it('topK keeps the largest, ties in first-seen order, across combine', () => {
    const f = folds.topK<{ k: number; id: string }>(3, (o) => o.k);
    const xs = 'abcdefgh'.split('').map((id, i) => ({ k: i % 3, id }));
    const whole = run(f, xs).map((o) => o.id);
    expect(whole).toEqual(['c', 'f', 'b']);
    const left = _.fold(f)(xs.slice(0, 4));
    expect(left.map((o) => o.id)).toEqual(['c', 'b', 'a']);
    const acc = f.combine(
      [...xs.slice(0, 4)].reduce(f.step, f.init()),
      [...xs.slice(4)].reduce(f.step, f.init()),
    );
    expect(f.done(acc).map((o) => o.id)).toEqual(whole);
  });
});

describe('collecting folds', () => {
  it('toArray, toSet, frequencies, groupBy and reduceBy', () => {
    expect(run(folds.toArray<number>(), [1, 2])).toEqual([1, 2]);
    const set = run(folds.toSet<number[]>(), [[1], [1], [2]]);
    expect(set).toBeInstanceOf(HashSet);
    expect(set.size).toBe(2);
    const c = run(
      folds.frequencies<string, number>((s) => s.length),
      ['a', 'bb', 'c'],
    );
    expect(c).toBeInstanceOf(Counter);
    expect(c.get(1)).toBe(2);
    const g = run(
      folds.groupBy((n: number) => n % 2, folds.sum()),
      [1, 2, 3, 4],
    );
    expect(g).toBeInstanceOf(HashMap);
    expect([...g]).toEqual([
      [1, 4],
      [0, 6],
    ]);
    const r = run(
      folds.reduceBy((s: string) => s[0], folds.count()),
      ['ab', 'ac', 'b'],
    );
    expect(r.get('a')).toBe(2);
  });
});

describe('short-circuiting folds', () => {
  it('every, some and first stop pulling once the answer is known', () => {
    const src = probe();
    expect(
      run(
        folds.every((x: number) => x < 3),
        src,
      ),
    ).toBe(false);
    expect(src.pulled).toBe(4);
    expect(src.closed).toBe(true);
    const src2 = probe();
    expect(
      run(
        folds.some((x: number) => x === 5),
        src2,
      ),
    ).toBe(true);
    expect(src2.pulled).toBe(6);
    const src3 = probe();
    expect(run(folds.first<number>(), src3)).toBe(0);
    expect(src3.pulled).toBe(1);
    expect(run(folds.every(), [])).toBe(true);
    expect(run(folds.some(), [0, '', null])).toBe(false);
    expect(run(folds.last<number>(), [1, 2])).toBe(2);
  });
});

describe('composite folds', () => {
  it('struct and tuple run several folds in one pass', () => {
    const src = probe([3, 1, 2]);
    const s = run(
      folds.struct({ n: folds.count(), total: folds.sum(), top: folds.max<number>() }),
      src,
    );
    expect(s).toEqual({ n: 3, total: 6, top: 3 });
    expect(src.pulled).toBe(3);
    expect(run(folds.tuple(folds.min<number>(), folds.max<number>()), [3, 1, 2])).toEqual([1, 3]);
    expect(run(folds.tuple(), [1])).toEqual([]);
  });

  it('a struct of short-circuiting folds stops when all are done', () => {
    const src = probe();
    const r = run(
      folds.struct({ f: folds.first<number>(), any: folds.some((x: number) => x > 2) }),
      src,
    );
    expect(r).toEqual({ f: 0, any: true });
    expect(src.pulled).toBe(4);
  });

  it('fromMonoid wraps fp-ts monoids; the empty accumulator is an exact identity', () => {
    expect(run(folds.fromMonoid(MonoidAll), [true, false])).toBe(false);
    expect(run(folds.fromMonoid(MonoidSum), [1, 2, 3])).toBe(6);
    const m = folds.fromMonoid(getMonoid<number>());
    const acc = m.step(m.init(), [1]);
    expect(m.combine(m.init(), acc)).toBe(acc);
    expect(m.combine(acc, m.init())).toBe(acc);
    expect(() => folds.fromMonoid({} as never)).toThrow(_.InvalidArgumentError);
  });
});

describe('folds as data', () => {
  it('every built-in carries a spec that rebuilds it after structured cloning', () => {
    const made = [
      folds.sum(),
      folds.count(),
      folds.mean(),
      folds.stats(),
      folds.min(),
      folds.max(),
      folds.topK(2),
      folds.toArray(),
      folds.toSet(),
      folds.frequencies(),
      folds.every(),
      folds.some(),
      folds.first(),
      folds.last(),
      folds.struct({ a: folds.sum(), b: folds.count() }),
      folds.tuple(folds.sum(), folds.topK(1)),
    ];
    const input = [3, 1, 2, 3];
    for (const f of made) {
      const spec = structuredClone(f.spec!);
      const revived = _.reviveFold(spec);
      expect(_.fold(revived)(input)).toEqual(_.fold(f)(input));
    }
  });

  it('specs of folds with functions hold the functions, for executors to ship as tasks', () => {
    const key = (s: string) => s.length;
    expect(folds.groupBy(key, folds.count()).spec).toEqual({
      name: 'groupBy',
      args: [key, { name: 'count', args: [] }],
    });
    expect(folds.topK(10).spec).toEqual({ name: 'topK', args: [10] });
    const revived = _.reviveFold({ name: 'groupBy', args: [key, { name: 'count', args: [] }] });
    expect(_.fold(revived)(['a', 'bb', 'c']).get(1)).toBe(2);
  });

  it('every kind revives at any depth, a factory-made fold ($taskFold) included', () => {
    const len = (s: string) => s.length;
    const first = (s: string) => s[0];
    const longest = (min: number): _.Fold<string, string, string> => ({
      init: () => '',
      step: (a, s) => (s.length >= min && s.length > a.length ? s : a),
      combine: (l, r) => (r.length > l.length ? r : l),
      done: (a) => a,
    });
    const factoryMade = { name: '$taskFold', args: [longest, 2] };
    const spec = {
      name: 'tuple',
      args: [
        { name: 'groupBy', args: [first, factoryMade] },
        {
          name: 'struct',
          args: [{ n: { name: 'premap', args: [len, { name: 'sum', args: [] }] } }],
        },
        { name: 'reduceBy', args: [len, { name: 'premap', args: [first, factoryMade] }] },
      ],
    };
    const [byFirst, { n }, byLen] = _.fold(_.reviveFold(spec))(['ab', 'abc', 'b', 'bcd']) as [
      HashMap<string, string>,
      { n: number },
      HashMap<number, string>,
    ];
    expect([...byFirst]).toEqual([
      ['a', 'abc'],
      ['b', 'bcd'],
    ]);
    expect(n).toBe(9);
    expect([...byLen]).toEqual([
      [2, ''],
      [3, ''],
      [1, ''],
    ]);
  });

  it('premap carries a spec: its function, then the inner fold’s spec', () => {
    const len = (s: string) => s.length;
    const f = folds.premap(len, folds.stats());
    expect(f.spec).toEqual({ name: 'premap', args: [len, { name: 'stats', args: [] }] });
    const revived = _.reviveFold({ name: 'premap', args: [len, structuredClone(f.spec!.args[1])] });
    expect(_.fold(revived)(['a', 'abc']).max).toBe(3);
  });

  it('premap checks its arguments and keeps the inner fold’s early stop and encoding', () => {
    expect(() => folds.premap(3 as never, folds.sum())).toThrow(_.InvalidArgumentError);
    expect(() => folds.premap((x: number) => x, {} as never)).toThrow(_.InvalidArgumentError);
    const every = folds.premap(
      (s: string) => s.length,
      folds.every((n: number) => n < 3),
    );
    const src = probe(['a', 'bb', 'cccc', 'd', 'e']);
    expect(_.fold(every)(src)).toBe(false);
    expect(src.pulled).toBe(3);
    expect(folds.premap((s: string) => s, folds.toSet()).encode).toBeDefined();
  });

  it('malformed nested specs and factories are documented errors that say where', () => {
    const bad = { name: 'groupBy', args: [(x: number) => x, { name: 'struct', args: [{ a: 1 }] }] };
    expect(() => _.reviveFold(bad)).toThrow(/spec\.args\[1\]\.args\[0\]\.a must be a fold spec/);
    expect(() => _.reviveFold({ name: '$taskFold', args: ['nope'] })).toThrow(
      _.InvalidArgumentError,
    );
    expect(() => _.reviveFold({ name: '$taskFold', args: [() => 42] })).toThrow(
      _.InvalidArgumentError,
    );
  });

  it('a composite of a user-written fold has no spec', () => {
    const mine: _.Fold<number, number, number> = {
      init: () => 0,
      step: (a, x) => a + x,
      combine: (a, b) => a + b,
      done: (a) => a,
    };
    expect(folds.struct({ mine }).spec).toBeUndefined();
    expect(folds.groupBy((x: number) => x, mine).spec).toBeUndefined();
  });

  it('unknown names and malformed specs are documented errors', () => {
    expect(() => _.reviveFold({ name: 'summ', args: [] })).toThrow(_.UnknownKindError);
    expect(() => _.reviveFold({ name: 'toString', args: [] })).toThrow(_.UnknownKindError);
    expect(() => _.reviveFold(null as never)).toThrow(_.InvalidArgumentError);
  });

  it('encode/decode carry class-based accumulators through structured clone', () => {
    const f = folds.groupBy((s: string) => s[0], folds.toSet());
    const acc = ['ab', 'ac', 'b'].reduce(f.step, f.init());
    const back = f.decode!(structuredClone(f.encode!(acc)));
    expect([...f.done(back)].map(([k, v]) => [k, v.size])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('constructors check their arguments', () => {
    expect(() => folds.topK(-1)).toThrow(_.InvalidArgumentError);
    expect(() => folds.minBy(3 as never)).toThrow(_.InvalidArgumentError);
    expect(() => folds.groupBy((x) => x, {} as never)).toThrow(_.InvalidArgumentError);
    expect(() => folds.struct(null as never)).toThrow(_.InvalidArgumentError);
    expect(() => _.fold({} as never)).toThrow(_.InvalidArgumentError);
  });
});
