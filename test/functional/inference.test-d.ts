/** Type inference through `pipe`, `pipeline`, folds and sources — no annotations needed. */

import { describe, expectTypeOf, it } from 'vitest';
import * as _ from '../../src/functional/index.js';
import type { Counter, HashMap, HashSet } from '../../src/protocols/index.js';

declare const xs: number[];
declare const axs: AsyncIterable<number>;
declare const lines: readonly string[];
const { folds } = _;

describe('pipe infers element types through stages', () => {
  it('sync in, sync out', () => {
    const r = _.pipe(
      xs,
      _.map((x) => x * 2),
      _.filter((x) => x > 3),
    );
    expectTypeOf(r).toEqualTypeOf<Iterable<number>>();
    const words = _.pipe(
      lines,
      _.flatMap((l) => l.split(' ')),
      _.map((w) => w.length),
      _.enumerate,
      _.chunk(2),
    );
    expectTypeOf(words).toEqualTypeOf<Iterable<[number, number][]>>();
  });

  it('async in, async out', () => {
    const r = _.pipe(
      axs,
      _.map((x) => String(x)),
      _.take(3),
      _.pairwise,
    );
    expectTypeOf(r).toEqualTypeOf<AsyncIterable<[string, string]>>();
  });

  it('type guards narrow', () => {
    const mixed: (string | number)[] = [];
    const r = _.pipe(
      mixed,
      _.filter((x): x is string => typeof x === 'string'),
      _.map((s) => s.toUpperCase()),
    );
    expectTypeOf(r).toEqualTypeOf<Iterable<string>>();
    const [pass, fail] = _.pipe(
      mixed,
      _.partition((x): x is string => typeof x === 'string'),
    );
    expectTypeOf(pass).toEqualTypeOf<string[]>();
    expectTypeOf(fail).toEqualTypeOf<number[]>();
  });

  it('terminals return values for sync input and promises for async input', () => {
    expectTypeOf(
      _.pipe(
        xs,
        _.map((x) => `${x}`),
        _.first,
      ),
    ).toEqualTypeOf<string | undefined>();
    expectTypeOf(_.pipe(axs, _.count)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(_.pipe(xs, _.sorted())).toEqualTypeOf<number[]>();
    expectTypeOf(
      _.pipe(
        lines,
        _.sortBy((s) => s.length),
      ),
    ).toEqualTypeOf<string[]>();
    expectTypeOf(_.pipe(xs, _.topK(2))).toEqualTypeOf<number[]>();
    expectTypeOf(_.pipe(axs, _.max())).toEqualTypeOf<Promise<number | undefined>>();
    expectTypeOf(
      _.pipe(
        lines,
        _.groupBy((s) => s.length),
      ),
    ).toEqualTypeOf<HashMap<number, string[]>>();
    expectTypeOf(
      _.pipe(
        lines,
        _.countBy((s) => s[0]),
      ),
    ).toEqualTypeOf<Counter<string | undefined>>();
    expectTypeOf(_.pipe(lines, _.frequencies)).toEqualTypeOf<Counter<string>>();
    expectTypeOf(_.pipe(xs, _.nth(2))).toEqualTypeOf<number | undefined>();
    const totals = _.pipe(
      lines,
      _.reduceBy(
        (s) => s.length,
        (acc: number, s) => acc + s.length,
        0,
      ),
    );
    expectTypeOf(totals).toEqualTypeOf<HashMap<number, number>>();
  });

  it('fold infers the fold’s element type from the pipe', () => {
    expectTypeOf(
      _.pipe(
        xs,
        _.map((x) => x * 2),
        _.fold(folds.sum()),
      ),
    ).toEqualTypeOf<number>();
    expectTypeOf(_.pipe(lines, _.fold(folds.toArray()))).toEqualTypeOf<string[]>();
    expectTypeOf(_.pipe(axs, _.fold(folds.stats()))).toEqualTypeOf<Promise<_.folds.Stats>>();
    // @ts-expect-error: folds.sum() needs numbers
    _.pipe(lines, _.fold(folds.sum()));
  });
});

describe('standalone stages', () => {
  it('take their types from the annotation and accept both kinds of iterable', () => {
    const double = _.map((x: number) => x * 2);
    expectTypeOf(double(xs)).toEqualTypeOf<Iterable<number>>();
    expectTypeOf(double(axs)).toEqualTypeOf<AsyncIterable<number>>();
    expectTypeOf(
      _.pipe(
        xs,
        double,
        _.filter((x) => x > 1),
      ),
    ).toEqualTypeOf<Iterable<number>>();
    // @ts-expect-error: strings are not numbers
    double(['a']);
  });
});

describe('pipeline', () => {
  it('infers the job’s input and result types', () => {
    const wordCount = _.pipeline(
      _.flatMap((line: string) => line.split(/\s+/)),
      _.map((w) => w.toLowerCase()),
      _.filter((w) => w.length > 0),
    ).fold(folds.frequencies());
    expectTypeOf(wordCount).toEqualTypeOf<_.Job<string, Counter<string>>>();
    const limited = _.pipeline(
      _.map((x: number) => [x, x]),
      _.take(3),
      _.chunk(2),
    ).fold(folds.toArray());
    expectTypeOf(limited.apply(xs)).toEqualTypeOf<number[][][]>();
    expectTypeOf(_.run(wordCount, lines)).toEqualTypeOf<Promise<Counter<string>>>();
    expectTypeOf(_.pipeline().fold(folds.sum())).toEqualTypeOf<_.Job<number, number>>();
  });

  it('rejects a fold of the wrong element type', () => {
    // @ts-expect-error: the stages produce strings
    _.pipeline(_.map((x: number) => String(x))).fold(folds.sum());
  });
});

describe('folds', () => {
  it('compose with precise result types', () => {
    const s = folds.struct({ n: folds.count(), total: folds.sum(), top: folds.topK<number>(3) });
    expectTypeOf(_.fold(s)(xs)).toEqualTypeOf<{ n: number; total: number; top: number[] }>();
    const t = folds.tuple(folds.min<number>(), folds.max<number>());
    expectTypeOf(_.fold(t)(xs)).toEqualTypeOf<[number | undefined, number | undefined]>();
    const g = folds.groupBy((s: string) => s.length, folds.toSet<string>());
    expectTypeOf(_.fold(g)(lines)).toEqualTypeOf<HashMap<number, HashSet<string>>>();
  });
});

describe('sources and function utilities', () => {
  it('sources', () => {
    expectTypeOf(_.zip(xs, lines)).toEqualTypeOf<Iterable<[number, string]>>();
    expectTypeOf(_.zip(axs, lines)).toEqualTypeOf<AsyncIterable<[number, string]>>();
    expectTypeOf(_.concat(xs, lines)).toEqualTypeOf<Iterable<number | string>>();
    expectTypeOf(_.range(3)).toEqualTypeOf<Iterable<number>>();
    expectTypeOf(_.cycle(lines)).toEqualTypeOf<Iterable<string>>();
  });

  it('function utilities', () => {
    const f = _.compose(
      (n: number) => n > 1,
      (s: string) => s.length,
    );
    expectTypeOf(f).toEqualTypeOf<(s: string) => boolean>();
    const add3 = _.curry((a: number, b: string, c: boolean) => `${a}${b}${c}`);
    expectTypeOf(add3(1)('x')(true)).toEqualTypeOf<string>();
    expectTypeOf(add3(1, 'x')(true)).toEqualTypeOf<string>();
    expectTypeOf(_.partial((a: number, b: string) => b.repeat(a), 2)).toEqualTypeOf<
      (b: string) => string
    >();
    expectTypeOf(
      _.juxt(
        (n: number) => n,
        (n: number) => `${n}`,
      ),
    ).toEqualTypeOf<(n: number) => [number, string]>();
    expectTypeOf(_.memoize((p: { x: number }) => p.x)).toEqualTypeOf<
      _.Memoized<[p: { x: number }], number>
    >();
  });
});
