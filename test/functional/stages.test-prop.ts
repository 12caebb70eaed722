/**
 * Every stage means the same thing whichever way it runs. Random chains of stages are checked
 * against a plain-array model in six modes: pulled lazily, pushed by a job, pulled and pushed
 * on async iterables (element-wise and in random chunks), folded after `pipe`, and — for
 * splittable chains — folded in random chunks and combined in order.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import * as _ from '../../src/functional/index.js';
import { collect, from } from './helpers.js';

type Stage = (xs: any) => any;
interface Op {
  label: string;
  stages: Stage[];
  model: (xs: number[]) => number[];
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const ops: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({
    label: 'map',
    stages: [_.map((x: number) => x * 3 + 1)],
    model: (xs) => xs.map((x) => x * 3 + 1),
  }),
  fc.constant<Op>({
    label: 'filter',
    stages: [_.filter((x: number) => x % 2 === 0)],
    model: (xs) => xs.filter((x) => x % 2 === 0),
  }),
  fc.constant<Op>({
    label: 'remove',
    stages: [_.remove((x: number) => x % 3 === 0)],
    model: (xs) => xs.filter((x) => x % 3 !== 0),
  }),
  fc.constant<Op>({
    label: 'flatMap',
    stages: [_.flatMap((x: number) => _.repeat(x, Math.abs(x) % 3))],
    model: (xs) => xs.flatMap((x) => Array(Math.abs(x) % 3).fill(x)),
  }),
  fc.constant<Op>({ label: 'tap', stages: [_.tap(() => undefined)], model: (xs) => xs }),
  fc.constant<Op>({
    label: 'pluck',
    stages: [_.map((x: number) => ({ v: x })), _.pluck('v')],
    model: (xs) => xs,
  }),
  fc
    .nat(6)
    .map<Op>((n) => ({ label: `take(${n})`, stages: [_.take(n)], model: (xs) => xs.slice(0, n) })),
  fc
    .nat(6)
    .map<Op>((n) => ({ label: `drop(${n})`, stages: [_.drop(n)], model: (xs) => xs.slice(n) })),
  fc.integer({ min: -5, max: 10 }).map<Op>((t) => ({
    label: `takeWhile(<${t})`,
    stages: [_.takeWhile((x: number) => x < t)],
    model: (xs) => {
      const i = xs.findIndex((x) => !(x < t));
      return i < 0 ? xs : xs.slice(0, i);
    },
  })),
  fc.integer({ min: -5, max: 10 }).map<Op>((t) => ({
    label: `dropWhile(<${t})`,
    stages: [_.dropWhile((x: number) => x < t)],
    model: (xs) => {
      const i = xs.findIndex((x) => !(x < t));
      return i < 0 ? [] : xs.slice(i);
    },
  })),
  fc.integer({ min: 1, max: 4 }).map<Op>((n) => ({
    label: `takeNth(${n})`,
    stages: [_.takeNth(n)],
    model: (xs) => xs.filter((_x, i) => i % n === 0),
  })),
  fc.integer({ min: 1, max: 4 }).map<Op>((n) => ({
    label: `chunk(${n})`,
    stages: [_.chunk(n), _.map((c: number[]) => sum(c) * 100 + c.length)],
    model: (xs) => {
      const out: number[] = [];
      for (let i = 0; i < xs.length; i += n) {
        const c = xs.slice(i, i + n);
        out.push(sum(c) * 100 + c.length);
      }
      return out;
    },
  })),
  fc.integer({ min: 1, max: 4 }).map<Op>((n) => ({
    label: `window(${n})`,
    stages: [_.window(n), _.map((w: number[]) => sum(w))],
    model: (xs) =>
      xs.slice(0, Math.max(0, xs.length - n + 1)).map((_x, i) => sum(xs.slice(i, i + n))),
  })),
  fc.constant<Op>({
    label: 'pairwise',
    stages: [_.pairwise, _.map(([a, b]: [number, number]) => a * 10 - b)],
    model: (xs) => xs.slice(1).map((b, i) => xs[i]! * 10 - b),
  }),
  fc.constant<Op>({
    label: 'enumerate',
    stages: [_.enumerate, _.map(([i, x]: [number, number]) => i * 1000 + x)],
    model: (xs) => xs.map((x, i) => i * 1000 + x),
  }),
  fc.constant<Op>({
    label: 'scan',
    stages: [_.scan((a: number, x: number) => a + x, 0)],
    model: (xs) => {
      const out = [0];
      for (const x of xs) out.push(out[out.length - 1]! + x);
      return out;
    },
  }),
  fc.constant<Op>({
    label: 'interpose',
    stages: [_.interpose(-1)],
    model: (xs) => xs.flatMap((x, i) => (i === 0 ? [x] : [-1, x])),
  }),
  fc.constant<Op>({
    label: 'unique',
    stages: [_.unique()],
    model: (xs) => xs.filter((x, i) => xs.indexOf(x) === i),
  }),
  fc.constant<Op>({
    label: 'dedupe',
    stages: [_.dedupe()],
    model: (xs) => xs.filter((x, i) => i === 0 || xs[i - 1] !== x),
  }),
);

const chains = fc.array(ops, { minLength: 1, maxLength: 4 });
const inputs = fc.array(fc.integer({ min: -3, max: 9 }), { maxLength: 25 });

function cut<T>(xs: readonly T[], cuts: readonly number[]): T[][] {
  const sorted = [...new Set(cuts.map((c) => Math.min(c, xs.length)))].sort((a, b) => a - b);
  const out: T[][] = [];
  let from = 0;
  for (const c of sorted) {
    out.push(xs.slice(from, c));
    from = c;
  }
  out.push(xs.slice(from));
  return out;
}

describe('stages agree with the array model in every mode', () => {
  test.prop(
    [chains, inputs, fc.array(fc.nat(25), { maxLength: 5 }), fc.integer({ min: 1, max: 8 })],
    {
      numRuns: 150,
    },
  )('pull, push, async, chunked and split', async (chain, xs, cuts, chunkSize) => {
    const stages = chain.flatMap((o) => o.stages);
    const expected = chain.reduce((acc, o) => o.model(acc), xs);
    const through = (src: unknown) => stages.reduce((acc, s) => s(acc), src);

    expect([...(through(xs) as Iterable<number>)]).toEqual(expected);
    const job = (_.pipeline as (...s: Stage[]) => _.Pipeline<number, number>)(...stages).fold(
      _.folds.toArray(),
    );
    // From its fourth run a job uses its own compiled loop (core/kernel.ts).
    for (let i = 0; i < 5; i++) expect(job.apply(xs)).toEqual(expected);
    expect(_.fold(_.folds.toArray())(through(xs) as Iterable<number>)).toEqual(expected);
    expect(await collect(through(from(xs)) as AsyncIterable<number>)).toEqual(expected);
    expect(await _.run(job, from(xs))).toEqual(expected);
    expect(await _.run(job, _.chunked(cut(xs, cuts)))).toEqual(expected);
    expect(await collect(through(_.chunked(cut(xs, cuts))) as AsyncIterable<number>)).toEqual(
      expected,
    );
    if (job.splittable) {
      expect(await _.run(job, xs, { executor: _.local({ chunkSize }) })).toEqual(expected);
    }
  });

  test.prop([chains, inputs, fc.nat(30)], { numRuns: 100 })(
    'a consumer that stops early sees a prefix and leaves the source closed',
    (chain, xs, k) => {
      const stages = chain.flatMap((o) => o.stages);
      const expected = chain.reduce((acc, o) => o.model(acc), xs);
      let closed = false;
      let exhausted = false;
      const src: Iterable<number> = {
        [Symbol.iterator]() {
          const it = xs[Symbol.iterator]();
          return {
            next: () => {
              const r = it.next();
              if (r.done) exhausted = true;
              return r;
            },
            return: () => {
              closed = true;
              return { done: true, value: undefined };
            },
          };
        },
      };
      const got: number[] = [];
      const out = stages.reduce((acc: unknown, s) => s(acc), src) as Iterable<number>;
      for (const y of out) {
        if (got.length === k) break;
        got.push(y);
      }
      expect(got).toEqual(expected.slice(0, k));
      // A source is either read to the end or released.
      expect(exhausted || closed).toBe(true);
    },
  );
});
