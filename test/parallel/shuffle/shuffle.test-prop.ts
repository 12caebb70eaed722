/**
 * The shuffle's law: for any keyed fold, any data, any chunking, any number of partitions,
 * any spill budget and any merge fan-in, readOutput after shuffleLocal equals
 * `done(combine(combine(p0, p1), p2)…)` of the same chunk partials — bit for bit (float sums
 * included), every key once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Fold, folds } from '../../../src/functional/index.js';
import { shuffleLocal } from '../../../src/parallel/index.js';
import {
  commitOutput,
  keyedOps,
  MapTaskWriter,
  prepareOutput,
  runReduceTask,
} from '../../../src/parallel/shuffle/index.js';
import { outDir, readAll, sameTable, tempRoot } from './helpers.js';

type Item = { k: unknown; x: number; w: string };

const key = fc.oneof(
  fc.constantFrom('a', 'b', 'é', '日本', ''),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0, -0, 0.5, Number.NaN),
  fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom('x', 'y')),
  fc.constantFrom(1n, 2n ** 70n),
  fc.record({ a: fc.integer({ min: 0, max: 1 }), b: fc.constantFrom('p', 'q') }),
);
const item: fc.Arbitrary<Item> = fc.record({
  k: key,
  // Floats whose sums depend on the order they are added in.
  x: fc.oneof(
    fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
    fc.constantFrom(0.1, 0.2, 0.3, 1e-17, -0),
  ),
  w: fc.constantFrom('u', 'v', 'w'),
});

// A user-written fold (no spec): groupBy over it has no spec either, so the shuffle takes its
// general path (one-key tables through the fold's own decode/combine/encode/done).
const plainSum: Fold<Item, number[], number> = {
  init: () => [],
  step: (acc, i) => {
    acc.push(i.x);
    return acc;
  },
  combine: (l, r) =>
    r.length === 0
      ? l
      : l.length === 0
        ? r
        : [l.reduce((a, b) => a + b, 0) + r.reduce((a, b) => a + b, 0)],
  done: (acc) => acc.reduce((a, b) => a + b, 0),
};

const FOLDS = {
  custom: () => folds.groupBy((i: Item) => i.k, plainSum),
  frequencies: () => folds.frequencies((i: Item) => i.k),
  sum: () =>
    folds.groupBy(
      (i: Item) => i.k,
      folds.premap((i: Item) => i.x, folds.sum()),
    ),
  mean: () =>
    folds.reduceBy(
      (i: Item) => i.k,
      folds.premap((i: Item) => i.x, folds.mean()),
    ),
  toArray: () =>
    folds.groupBy(
      (i: Item) => i.k,
      folds.premap((i: Item) => i.x, folds.toArray()),
    ),
  toSet: () =>
    folds.groupBy(
      (i: Item) => i.k,
      folds.premap((i: Item) => i.w, folds.toSet()),
    ),
  nested: () =>
    folds.groupBy(
      (i: Item) => i.k,
      folds.groupBy(
        (i: Item) => i.w,
        folds.premap((i: Item) => i.x, folds.sum()),
      ),
    ),
  stats: () =>
    folds.groupBy(
      (i: Item) => i.k,
      folds.premap((i: Item) => i.x, folds.stats()),
    ),
} as const;

/** Cuts `xs` at the given (sorted, deduplicated) positions. */
function chunked<T>(xs: readonly T[], cuts: readonly number[]): T[][] {
  const at = [...new Set(cuts.map((c) => c % (xs.length + 1)))].sort((a, b) => a - b);
  const out: T[][] = [];
  let from = 0;
  for (const c of [...at, xs.length]) {
    out.push(xs.slice(from, c));
    from = c;
  }
  return out;
}

const partialsOf = (fold: ReturnType<(typeof FOLDS)[keyof typeof FOLDS]>, chunks: Item[][]) =>
  chunks.map((c) =>
    c.reduce<unknown>(
      (acc, x) => (fold.step as (a: unknown, x: Item) => unknown)(acc, x),
      fold.init(),
    ),
  );

describe('shuffle laws', () => {
  const root = tempRoot();

  it('law: readOutput(shuffleLocal(partials)) ≡ done(partials combined in chunk order), bit for bit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(FOLDS) as (keyof typeof FOLDS)[])),
        fc.array(item, { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
        fc.integer({ min: 2, max: 5 }),
        async (name, items, cuts, partitions, spillEntries, mergeFactor) => {
          const fold = FOLDS[name]() as ReturnType<(typeof FOLDS)['sum']>;
          const chunks = chunked(items, cuts);
          // Two sets of partials: combine may mutate its arguments.
          const want = fold.done(
            partialsOf(fold, chunks).reduce((l, r) =>
              fold.combine(l as never, r as never),
            ) as never,
          );
          const dir = outDir(root);
          const manifest = await shuffleLocal(
            partialsOf(fold, chunks),
            fold,
            { dir, partitions, ...(spillEntries === undefined ? {} : { spillEntries }) },
            { mergeFactor },
          );
          const got = await readAll(dir);
          expect(sameTable(got, want as never)).toBeUndefined();
          expect(manifest.keys).toBe(want.size);
          expect(manifest.partitions.map((p) => p.index)).toEqual([...Array(partitions).keys()]);
          expect(manifest.partitions.reduce((n, p) => n + p.keys, 0)).toBe(want.size);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('law: a map task fed several tables, spilling anywhere, outputs their left-to-right combine exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('sum', 'nested', 'toArray', 'custom' as const),
        fc.array(item, { minLength: 1, maxLength: 50 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 2, max: 4 }),
        async (name, items, cuts, partitions, spillEntries, mergeFactor) => {
          const fold = FOLDS[name]() as ReturnType<(typeof FOLDS)['sum']>;
          const ops = keyedOps(fold as never);
          const pieces = chunked(items, cuts);
          const want = fold.done(
            partialsOf(fold, pieces).reduce((l, r) =>
              fold.combine(l as never, r as never),
            ) as never,
          );
          const dir = outDir(root);
          const o = await prepareOutput({ dir, partitions });
          const w = await MapTaskWriter.open({
            dir: o.dir,
            run: o.run,
            task: 0,
            attempt: 0,
            partitions,
            ops,
            spillEntries,
            mergeFactor,
          });
          for (const t of partialsOf(fold, pieces)) await w.add(t);
          const out = await w.close();
          expect(await w.commit()).toBe(true);
          if (want.size > spillEntries) expect(out.spills).toBeGreaterThan(0);
          const parts = [];
          for (let p = 0; p < partitions; p++)
            parts.push(
              await runReduceTask({ dir: o.dir, run: o.run, partition: p, tasks: [0], ops }),
            );
          await commitOutput(o.dir, parts);
          expect(sameTable(await readAll(dir), want as never)).toBeUndefined();
        },
      ),
      { numRuns: 80 },
    );
  });
});
