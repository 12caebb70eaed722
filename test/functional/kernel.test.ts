/**
 * Compiled loops (core/kernel.ts): a job compiles its own loop once it runs on enough data.
 * They must mean exactly what the closure chain means — checked here against runs that use
 * the closure chain (non-array sources, first runs), including halting and error paths.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INLINE, kernelProbe } from '../../src/functional/core/kernel.js';
import * as _ from '../../src/functional/index.js';
import { loopsOf } from '../../src/functional/pipeline.js';
import { equals } from '../../src/protocols/index.js';
import { probe } from './helpers.js';

const { folds } = _;
const big = Array.from({ length: 5000 }, (_x, i) => i);
/** The same elements, but not an array: runs through the closure chain. */
function* viaClosures<T>(xs: T[]): Generator<T> {
  yield* xs;
}

describe('compiled loops agree with the closure chain', () => {
  it('for inlined stages followed by stateful stages and a fold', () => {
    const job = _.pipeline(
      _.map((x: number) => ({ v: x, s: String(x) })),
      _.pluck('v'),
      _.remove((x: number) => x % 7 === 0),
      _.filter((x) => x % 2 === 1),
      _.take(1500),
      _.chunk(4),
      _.map((c: number[]) => c.length),
    ).fold(folds.sum());
    const expected = _.fold(folds.sum())(
      _.pipe(
        viaClosures(big),
        _.remove((x: number) => x % 7 === 0),
        _.filter((x) => x % 2 === 1),
        _.take(1500),
        _.chunk(4),
        _.map((c) => c.length),
      ),
    );
    expect(job.apply(big)).toBe(expected);
    expect(job.apply(big)).toBe(expected);
  });

  it('for short-circuiting folds and stages (halting inside the loop)', () => {
    const src = probe(big);
    const job = _.pipeline(
      _.map((x: number) => x * 3),
      _.filter((x) => x > 9000),
    ).fold(folds.first());
    expect(job.apply(big)).toBe(9003);
    expect(job.apply(src)).toBe(9003);
    expect(src.pulled).toBe(3002);
    const every = _.pipeline(_.map((x: number) => x)).fold(folds.every((x: number) => x < 4000));
    expect(every.apply(big)).toBe(false);
    const taken = _.pipeline(
      _.tap(() => undefined),
      _.take(3),
    ).fold(folds.toArray());
    expect(taken.apply(big)).toEqual([0, 1, 2]);
  });

  it('for the inlined exact sum and mean, on awkward numbers', () => {
    const xs = big.map((i) =>
      i % 5 === 0 ? 0.1 * i : i % 5 === 1 ? -1e-300 * i : i % 5 === 2 ? 2 ** 60 : -(2 ** 60),
    );
    xs.push(Number.MAX_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, -0);
    const job = _.pipeline(_.map((x: number) => x)).fold(
      folds.struct({ s: folds.sum(), m: folds.mean() }),
    );
    const sumJob = _.pipeline(_.map((x: number) => x)).fold(folds.sum());
    const meanJob = _.pipeline(_.map((x: number) => x)).fold(folds.mean());
    expect(sumJob.apply(xs)).toBe(_.fsum(xs));
    expect(sumJob.apply(xs)).toBe(job.apply(viaClosures(xs)).s);
    expect(meanJob.apply(xs)).toBe(job.apply(viaClosures(xs)).m);
    expect(sumJob.apply([...big, Number.NaN])).toBeNaN();
    expect(sumJob.apply([...big, Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
  });

  it('for the inlined frequencies, with primitive and object keys interleaved', () => {
    const mixed: unknown[] = [];
    for (let i = 0; i < 300; i++)
      mixed.push(1, 'a', [1], i % 7, [i % 3], -0, 0, Number.NaN, null, undefined);
    const job = _.pipeline(_.map((x: unknown) => x)).fold(folds.frequencies());
    const expected = [..._.fold(folds.frequencies())(viaClosures(mixed))];
    expect([...job.apply(mixed)]).toEqual(expected);
    expect([...job.apply(mixed)]).toEqual(expected);
  });

  it('refuse non-numbers in the inlined sum with the documented error', () => {
    const sumJob = _.pipeline(_.map((x: unknown) => x)).fold(
      folds.sum() as _.Fold<unknown, unknown, number>,
    );
    expect(() => sumJob.apply([...big, '1'])).toThrow(_.InvalidElementError);
    expect(() => sumJob.apply([...big, 1n])).toThrow(_.InvalidElementError);
    const meanJob = _.pipeline(_.map((x: unknown) => x)).fold(
      folds.mean() as _.Fold<unknown, unknown, number>,
    );
    expect(() => meanJob.apply([...big, null])).toThrow(_.InvalidElementError);
  });

  it('inline flatMap as nested loops, arrays and other iterables alike', () => {
    const job = _.pipeline(
      _.flatMap((x: number) => (x % 2 === 0 ? [x, -x] : _.repeat(x, 2))),
      _.filter((x) => x !== 0),
      _.flatMap((x: number) => String(Math.abs(x))),
      _.map((c: string) => Number(c)),
    ).fold(folds.sum());
    const expected = _.fold(folds.sum())(
      _.pipe(
        viaClosures(big),
        _.flatMap((x: number) => (x % 2 === 0 ? [x, -x] : _.repeat(x, 2))),
        _.filter((x) => x !== 0),
        _.flatMap((x: number) => String(Math.abs(x))),
        _.map((c: string) => Number(c)),
      ),
    );
    expect(job.apply(big)).toBe(expected);
    const endless = _.pipeline(
      _.flatMap((x: number) => _.repeat(x)),
      _.take(7),
    ).fold(folds.count());
    expect(endless.apply(big)).toBe(7);
    const bad = _.pipeline(_.flatMap((x: number) => (x === 4000 ? (5 as never) : [x]))).fold(
      folds.count(),
    );
    expect(() => bad.apply(big)).toThrow(_.NotIterableError);
  });

  it('are reused by pipe() calls made of the same functions, and only by those', () => {
    const inc = (x: number) => x + 1;
    const even = (x: number) => x % 2 === 0;
    const run = <R>(f: _.AnyFold<number, R>) => _.pipe(big, _.map(inc), _.filter(even), _.fold(f));
    for (let i = 0; i < 2; i++) {
      expect(run(folds.sum())).toBe(2500 * 2501);
      expect(run(folds.count())).toBe(2500);
      expect(run(folds.topK(2))).toEqual([5000, 4998]);
      expect(run(folds.topK(3))).toEqual([5000, 4998, 4996]);
      expect(
        _.pipe(
          big,
          _.map(inc),
          _.filter((x) => x % 2 === 1),
          _.fold(folds.count()),
        ),
      ).toBe(2500);
    }
    const recs = big.map((i) => ({ a: i, b: -i, 1: 7 }));
    for (const key of ['a', 'b', 1] as const) {
      expect(_.pipe(recs, _.pluck(key), _.fold(folds.sum()))).toBe(
        _.fold(folds.sum())(_.pipe(viaClosures(recs), _.pluck(key))),
      );
    }
    const s1 = Symbol('k');
    const s2 = Symbol('k');
    const syms = big.map((i) => ({ [s1]: i, [s2]: 1 }));
    expect(_.pipe(syms, _.pluck(s1), _.fold(folds.count()))).toBe(5000);
    expect(_.pipe(syms, _.pluck(s2), _.fold(folds.sum()))).toBe(5000);
    expect(_.pipe(syms, _.pluck(s1), _.fold(folds.sum()))).toBe((5000 * 4999) / 2);
  });

  it('keep a job independent of other jobs of the same shape', () => {
    const a = _.pipeline(_.map((x: number) => x + 1)).fold(folds.sum());
    const b = _.pipeline(_.map((x: number) => x * 10)).fold(folds.count());
    for (let i = 0; i < 3; i++) {
      expect(a.apply(big)).toBe((5000 * 4999) / 2 + 5000);
      expect(b.apply(big)).toBe(5000);
    }
  });

  it('are not needed: with code generation disabled (an EvalError), jobs fall back to closures', () => {
    const fixture = fileURLToPath(new URL('./fixtures/no-codegen.ts', import.meta.url));
    const r = spawnSync(
      process.execPath,
      ['--disallow-code-generation-from-strings', '--import', 'tsx', fixture],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    const job = _.pipeline(
      _.map((x: number) => x * 2),
      _.filter((x) => x % 3 === 0),
      _.take(1000),
    ).fold(folds.sum());
    expect(out).toEqual({
      probe: { compiled: 0, disabled: true },
      job: job.apply(big),
      again: job.apply(big),
      viaPipe: _.pipe(
        big,
        _.map((x) => x + 1),
        _.fold(folds.mean()),
      ),
    });
  });
});

describe('the compiled path is the one taken', () => {
  const id = (x: number) => x;
  const small = (x: number) => x < 4000;
  const stages: Array<[string, () => unknown[]]> = [
    ['map', () => [_.map((x: number) => x + 1)]],
    ['filter', () => [_.filter((x: number) => x % 2 === 0)]],
    ['remove', () => [_.remove((x: number) => x % 2 === 0)]],
    ['tap', () => [_.tap(() => undefined)]],
    ['flatMap', () => [_.flatMap((x: number) => [x, x])]],
    ['pluck', () => [_.map((x: number) => ({ v: x })), _.pluck('v')]],
    ['scan', () => [_.scan((a: number, x: number) => a + x, 0)]],
    ['enumerate', () => [_.enumerate, _.map(([i]: [number, number]) => i)]],
    ['take', () => [_.take(3000)]],
    ['takeWhile', () => [_.takeWhile(small)]],
    ['drop', () => [_.drop(10)]],
    ['dropWhile', () => [_.dropWhile(small)]],
    ['takeNth', () => [_.takeNth(3)]],
    ['chunk', () => [_.chunk(4), _.map((c: number[]) => c.length)]],
    ['window', () => [_.window(2), _.map((w: number[]) => w[0]!)]],
    ['pairwise', () => [_.pairwise, _.map(([a]: [number, number]) => a)]],
    ['interpose', () => [_.interpose(-1)]],
    ['unique', () => [_.unique()]],
    ['dedupe', () => [_.dedupe()]],
  ];
  const allFolds: Array<[string, () => _.AnyFold<number, unknown>]> = [
    ['sum', () => folds.sum()],
    ['count', () => folds.count()],
    ['mean', () => folds.mean()],
    ['stats', () => folds.stats()],
    ['min', () => folds.min()],
    ['max', () => folds.max()],
    ['minBy', () => folds.minBy((x: number) => x % 7)],
    ['maxBy', () => folds.maxBy((x: number) => x % 7)],
    ['topK', () => folds.topK(3)],
    ['toArray', () => folds.toArray()],
    ['toSet', () => folds.toSet()],
    ['frequencies', () => folds.frequencies()],
    ['frequencies(key)', () => folds.frequencies((x: number) => x % 5)],
    ['groupBy', () => folds.groupBy((x: number) => x % 3, folds.sum())],
    ['reduceBy', () => folds.reduceBy((x: number) => x % 3, folds.count())],
    ['every', () => folds.every(small)],
    ['some', () => folds.some((x: number) => x > 4000)],
    ['first', () => folds.first()],
    ['last', () => folds.last()],
    ['fromMonoid', () => folds.fromMonoid({ concat: (a: number, b: number) => a + b, empty: 0 })],
    ['struct', () => folds.struct({ s: folds.sum(), n: folds.count() })],
    ['tuple', () => folds.tuple(folds.min<number>(), folds.max<number>())],
    ['premap', () => folds.premap((x: number) => x * 2, folds.stats())],
  ];

  /** Runs `job` on an array big enough to compile, checking it compiled and agrees. */
  function compiledAndRight(job: _.Job<number, unknown>): void {
    const before = kernelProbe.compiled;
    const got = job.apply(big);
    expect(loopsOf(job as _.Job<unknown, unknown>, big.length)).not.toBeNull();
    expect(kernelProbe.compiled).toBe(before + 1);
    expect(equals(got, job.apply(viaClosures(big)))).toBe(true);
  }

  it.each(stages)('for the %s stage', (_name, stage) => {
    compiledAndRight(
      _.pipeline(...(stage() as [])).fold(folds.toArray()) as unknown as _.Job<number, unknown>,
    );
  });

  it.each(allFolds)('for the %s fold, with and without an inlined stage before it', (_name, f) => {
    compiledAndRight(_.pipeline().fold(f()) as _.Job<number, unknown>);
    compiledAndRight(_.pipeline(_.map(id)).fold(f()));
  });

  it('one-off pipe() runs use a compiled loop too', () => {
    const before = kernelProbe.compiled;
    const twice = (x: number) => x * 2;
    expect(_.pipe(big, _.map(twice), _.fold(folds.sum()))).toBe(4999 * 5000);
    expect(kernelProbe.compiled).toBe(before + 1);
  });

  it('a template that does not compile is an error, not "code generation is disabled"', () => {
    const broken = {
      init: () => 0,
      step: (a: number, x: number) => a + x,
      combine: (a: number, b: number) => a + b,
      done: (a: number) => a,
    };
    Object.defineProperty(broken, INLINE, {
      value: { enter: 'let s = ;', fast: '', store: '', helpers: {} },
    });
    const job = _.pipeline(_.map(id)).fold(broken);
    expect(() => job.apply(big)).toThrow(SyntaxError);
    expect(kernelProbe.disabled).toBe(false);
    compiledAndRight(_.pipeline(_.map(id)).fold(folds.sum()));
  });
});
