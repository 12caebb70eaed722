/** Pipelines, jobs as data, run() and the local executor. */
import { describe, expect, it, vi } from 'vitest';
import * as _ from '../../src/functional/index.js';
import { asyncProbe, from, probe } from './helpers.js';

const { folds } = _;

const wordCount = _.pipeline(
  _.flatMap((line: string) => line.split(/\s+/)),
  _.filter((w) => w.length > 0),
  _.map((w) => w.toLowerCase()),
).fold(folds.frequencies());

describe('pipeline(...).fold(f)', () => {
  it('applies fused stages synchronously', () => {
    const job = _.pipeline(
      _.map((x: number) => x * 2),
      _.filter((x) => x % 3 === 0),
    ).fold(folds.sum());
    expect(job.apply([1, 2, 3, 4, 5, 6])).toBe(18);
    expect(job.apply(new Set([3]))).toBe(6);
    expect(job.apply(_.range(7))).toBe(18);
    expect(wordCount.apply(['A b', ' a  ']).get('a')).toBe(2);
  });

  it('calls each stage function once per element, with no intermediate arrays', () => {
    const f = vi.fn((x: number) => x + 1);
    const g = vi.fn((x: number) => x > 2);
    const job = _.pipeline(_.map(f), _.filter(g)).fold(folds.toArray());
    expect(job.apply([1, 2, 3])).toEqual([3, 4]);
    expect(f).toHaveBeenCalledTimes(3);
    expect(f.mock.calls.map((c) => c[0])).toEqual([1, 2, 3]);
    expect(g.mock.calls.map((c) => c[0])).toEqual([2, 3, 4]);
  });

  it('interleaves stages element by element (fusion, not stage after stage)', () => {
    const log: string[] = [];
    const job = _.pipeline(
      _.tap((x: number) => log.push(`a${x}`)),
      _.tap((x: number) => log.push(`b${x}`)),
    ).fold(folds.count());
    job.apply([1, 2]);
    expect(log).toEqual(['a1', 'b1', 'a2', 'b2']);
  });

  it('stops pulling from the source on early termination (take, takeWhile, first)', () => {
    const src = probe();
    expect(
      _.pipeline(
        _.map((x: number) => x * 2),
        _.take(3),
      )
        .fold(folds.toArray())
        .apply(src),
    ).toEqual([0, 2, 4]);
    expect(src.pulled).toBe(3);
    expect(src.closed).toBe(true);
    const src2 = probe();
    expect(
      _.pipeline(_.takeWhile((x: number) => x < 4))
        .fold(folds.sum())
        .apply(src2),
    ).toBe(6);
    expect(src2.pulled).toBe(5);
    const src3 = probe();
    expect(
      _.pipeline(_.filter((x: number) => x > 10))
        .fold(folds.first())
        .apply(src3),
    ).toBe(11);
    expect(src3.pulled).toBe(12);
  });

  it('flushes buffered stages at the end', () => {
    const job = _.pipeline(
      _.chunk(2),
      _.map((c: number[]) => c.length),
    ).fold(folds.toArray());
    expect(job.apply([1, 2, 3])).toEqual([2, 1]);
    expect(
      _.pipeline(_.scan((a: number, x: number) => a + x, 0))
        .fold(folds.toArray())
        .apply([]),
    ).toEqual([0]);
  });

  it('fuses with a lazy sequence given to apply', () => {
    const src = probe([1, 2, 3]);
    const lazy = _.pipe(
      src,
      _.map((x) => x * 10),
    );
    expect(
      _.pipeline(_.filter((x: number) => x > 10))
        .fold(folds.sum())
        .apply(lazy),
    ).toBe(50);
  });

  it('an empty pipeline is just the fold', () => {
    expect(_.pipeline().fold(folds.sum()).apply([1, 2])).toBe(3);
  });

  it('runs the same job twice independently (stage state is per run)', () => {
    const job = _.pipeline(_.enumerate, _.take(2)).fold(folds.toArray());
    expect(job.apply('abc')).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
    expect(job.apply('xyz')).toEqual([
      [0, 'x'],
      [1, 'y'],
    ]);
  });

  it('refuses what is not a stage or a fold, and async sources in apply', () => {
    expect(() => _.pipeline((xs: Iterable<number>) => xs)).toThrow(_.InvalidArgumentError);
    expect(() => _.pipeline(_.map((x: number) => x)).fold({} as never)).toThrow(
      _.InvalidArgumentError,
    );
    expect(() => wordCount.apply(from(['a']) as never)).toThrow(_.AsyncSourceError);
    expect(() => wordCount.apply(5 as never)).toThrow(_.NotIterableError);
  });
});

describe('jobs are data', () => {
  it('expose plain stage descriptors, splittability and short-circuiting', () => {
    expect(wordCount.stages.map((s) => s.kind)).toEqual(['flatMap', 'filter', 'map']);
    expect(wordCount.splittable).toBe(true);
    expect(wordCount.shortCircuits).toBe(false);
    const limited = _.pipeline(
      _.map((x: number) => x),
      _.take(5),
    ).fold(folds.sum());
    expect(limited.splittable).toBe(false);
    expect(limited.shortCircuits).toBe(true);
    expect(_.pipeline(_.enumerate).fold(folds.count()).splittable).toBe(false);
  });

  it('describe() is structured-cloneable once functions are taken out, and reviveJob rebuilds it', () => {
    const spec = wordCount.describe();
    const fns = spec.stages.map((s) => s.fn);
    const data = structuredClone({
      stages: spec.stages.map(({ fn: _fn, ...rest }) => rest),
      fold: spec.fold,
    });
    const back = _.reviveJob<string, _.FoldResult<typeof wordCount.fold>>({
      stages: data.stages.map((s, i) => ({ ...s, fn: fns[i]! })),
      fold: data.fold,
    });
    expect([...back.apply(['A a b'])]).toEqual([...wordCount.apply(['A a b'])]);
  });

  it('stages built elsewhere (bare descriptors) are accepted', () => {
    const double = (x: number) => x * 2;
    const bare = { kind: 'map', fn: double, args: [], splittable: true, shortCircuits: false };
    const job = _.pipeline(bare as unknown as _.Stage<number, number>).fold(folds.sum());
    expect(job.apply([1, 2])).toBe(6);
    expect(() => _.reviveStage({ kind: 'nope', args: [] } as never)).toThrow(_.UnknownKindError);
  });

  it('a job with a user-written fold needs the fold to be revived', () => {
    const mine: _.Fold<number, number, number> = {
      init: () => 0,
      step: (a, x) => a + x,
      combine: (a, b) => a + b,
      done: (a) => a,
    };
    const job = _.pipeline(_.map((x: number) => x + 1)).fold(mine);
    expect(job.describe().fold).toBeUndefined();
    expect(() => _.reviveJob(job.describe())).toThrow(_.InvalidArgumentError);
    expect(_.reviveJob(job.describe(), mine).apply([1, 2])).toBe(5);
  });

  it('foldChunk + combine in order equals apply (what parallel executors do)', () => {
    const xs = Array.from({ length: 100 }, (_x, i) => `w${i % 7} W${i % 3}`);
    let acc = wordCount.fold.init();
    for (let i = 0; i < xs.length; i += 13)
      acc = wordCount.fold.combine(acc, wordCount.foldChunk(xs.slice(i, i + 13)));
    expect([...wordCount.fold.done(acc)]).toEqual([...wordCount.apply(xs)]);
  });

  it('start() streams a chunk in and reports halting', () => {
    const job = _.pipeline(_.take(2)).fold(folds.toArray());
    const r = job.start();
    r.push(1);
    expect(r.halted).toBe(false);
    r.pushAll([2, 3]);
    expect(r.halted).toBe(true);
    expect(job.fold.done(r.finish())).toEqual([1, 2]);
  });

  it('UnsplittableJobError names the offending stages', () => {
    const job = _.pipeline(
      _.map((x: number) => x),
      _.take(1),
      _.chunk(2),
    ).fold(folds.count());
    const err = new _.UnsplittableJobError('threads', job.stages);
    expect(err.stages).toEqual(['take', 'chunk']);
    expect(err.code).toBe('ERR_JOB_NOT_SPLITTABLE');
  });
});

describe('run()', () => {
  const lines = ['The cat', 'the hat', 'A cat'];

  it('runs one job on an array, a generator and an async stream with the same result', async () => {
    function* gen() {
      yield* lines;
    }
    const expected = [...wordCount.apply(lines)];
    expect([...(await _.run(wordCount, lines))]).toEqual(expected);
    expect([...(await _.run(wordCount, gen()))]).toEqual(expected);
    expect([...(await _.run(wordCount, from(lines)))]).toEqual(expected);
    expect([
      ...(await _.run(wordCount, _.chunked(from([lines.slice(0, 2), lines.slice(2)])))),
    ]).toEqual(expected);
  });

  it('local({ chunkSize }) folds chunks and combines in order, to the same bits', async () => {
    const job = _.pipeline(_.map((x: number) => x / 10)).fold(
      folds.struct({ s: folds.sum(), m: folds.mean() }),
    );
    const xs = Array.from({ length: 1000 }, (_x, i) => i * 1.1);
    const whole = job.apply(xs);
    for (const chunkSize of [1, 7, 64, 5000]) {
      const r = await _.run(job, xs, { executor: _.local({ chunkSize, transfer: true }) });
      expect(r).toEqual(whole);
    }
  });

  it('stops an async source early and closes it', async () => {
    const src = asyncProbe();
    const job = _.pipeline(
      _.filter((x: number) => x % 2 === 1),
      _.take(3),
    ).fold(folds.toArray());
    expect(await _.run(job, src)).toEqual([1, 3, 5]);
    expect(src.pulled).toBe(6);
    expect(src.closed).toBe(true);
    const src2 = asyncProbe();
    expect(
      await _.run(_.pipeline().fold(folds.first()), src2, { executor: _.local({ chunkSize: 4 }) }),
    ).toBe(0);
  });

  it('reports progress and honours an abort signal', async () => {
    const seen: _.Progress[] = [];
    const xs = Array.from({ length: 200_000 }, (_x, i) => i);
    const total = await _.run(_.pipeline().fold(folds.sum()), xs, {
      onProgress: (p) => seen.push(p),
    });
    expect(total).toBe((199_999 * 200_000) / 2);
    expect(seen.at(-1)).toEqual({ items: 200_000, chunks: seen.length, total: 200_000 });
    const controller = new AbortController();
    const job = _.pipeline(
      _.tap((x: number) => {
        if (x === 70_000) controller.abort(new Error('stop'));
      }),
    ).fold(folds.count());
    await expect(_.run(job, xs, { signal: controller.signal })).rejects.toThrow('stop');
    await expect(_.run(job, xs, { signal: AbortSignal.abort() })).rejects.toThrow();
    const src = asyncProbe();
    const ac = new AbortController();
    const counting = _.pipeline(
      _.tap((x: number) => {
        if (x === 5) ac.abort();
      }),
    ).fold(folds.count());
    await expect(_.run(counting, src, { signal: ac.signal })).rejects.toThrow();
    expect(src.closed).toBe(true);
  });

  it('validates its arguments', async () => {
    await expect(_.run({} as never, [])).rejects.toBeInstanceOf(_.InvalidArgumentError);
    await expect(_.run(wordCount, 3 as never)).rejects.toBeInstanceOf(_.NotIterableError);
    await expect(_.run(wordCount, [], { executor: {} as never })).rejects.toBeInstanceOf(
      _.InvalidArgumentError,
    );
    expect(() => _.local({ chunkSize: 0 })).toThrow(_.InvalidArgumentError);
    expect(() => _.chunked(1 as never)).toThrow(_.NotIterableError);
  });

  it('hands the job unchanged to a custom executor', async () => {
    const seen: unknown[] = [];
    const spy: _.Executor = {
      name: 'spy',
      async run(job, source) {
        seen.push(job);
        return job.apply(source as Iterable<never>);
      },
    };
    expect([...(await _.run(wordCount, lines, { executor: spy }))]).toEqual([
      ...wordCount.apply(lines),
    ]);
    expect(seen[0]).toBe(wordCount);
  });
});
