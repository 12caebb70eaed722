/**
 * polyfold/functional against the hand-written loop and its peers.
 *
 *   npx tsx bench/functional.bench.ts
 *
 * 1. map → filter → sum over 1 000 000 numbers (target, issue 15: the fused pipeline ≤ 1.2× the loop),
 *    against native array chaining, lodash, Ramda (`pipe` and `transduce`), iter-tools and
 *    plain generators.
 * 2. Word count over the Markdown files under node_modules (split → lowercase →
 *    frequencies; target ≤ 1.3× the loop).
 * 3. 1 000 000 elements through an async pipeline: chunked (polyfold) against per-element
 *    async generators (target ≥ 20× faster). `suite` times synchronous calls only, so this
 *    suite has a small async twin below that follows the same protocol (a fresh process per
 *    case, warm-up, median of samples).
 *
 * Every case runs in its own process; set-up is at module top level.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execPipe, filter as itFilter, map as itMap, reduce as itReduce } from 'iter-tools';
import _ from 'lodash';
import * as R from 'ramda';
import * as F from '../src/functional/index.js';
import { asyncSuite, suite } from './harness.js';

// ---------------------------------------------------------------------------------------------
// 1. map → filter → sum

const N = 1_000_000;
const numbers = Array.from({ length: N }, (_x, i) => i);
const double = (x: number) => x * 2;
const byThree = (x: number) => x % 3 === 0;
const add = (a: number, b: number) => a + b;

const sumJob = F.pipeline(F.map(double), F.filter(byThree)).fold(F.folds.sum());
// A plain floating-point sum, to separate the cost of fusion from the cost of exactness.
const naiveSum: F.Fold<number, number, number> = {
  init: () => 0,
  step: (acc, x) => acc + x,
  combine: (l, r) => l + r,
  done: (acc) => acc,
};
const naiveJob = F.pipeline(F.map(double), F.filter(byThree)).fold(naiveSum);
const ramdaPipe = R.pipe(R.map(double), R.filter(byThree), R.sum);
const ramdaXf = R.compose(R.map(double), R.filter(byThree)) as never;

function* genMap<A, B>(xs: Iterable<A>, f: (a: A) => B): Generator<B> {
  for (const x of xs) yield f(x);
}
function* genFilter<A>(xs: Iterable<A>, p: (a: A) => boolean): Generator<A> {
  for (const x of xs) if (p(x)) yield x;
}

const expectedSum = numbers.reduce((s, x) => (byThree(double(x)) ? s + double(x) : s), 0);
function check(name: string, value: unknown): unknown {
  if (value !== expectedSum) throw new Error(`${name} computed ${String(value)}`);
  return value;
}

await suite(
  'map → filter → sum, 1 000 000 numbers',
  { baseline: 'hand-written loop', opsPerCall: N, goals: { 'polyfold pipeline (job.apply)': 1.2 } },
  {
    'hand-written loop': () => {
      let s = 0;
      for (let i = 0; i < numbers.length; i++) {
        const y = double(numbers[i]!);
        if (byThree(y)) s += y;
      }
      return s;
    },
    'hand-written loop, exact sum (fsum)': () => {
      const parts: number[] = [];
      let s = 0;
      for (let i = 0; i < numbers.length; i++) {
        const y = double(numbers[i]!);
        if (!byThree(y)) continue;
        const t = s + y;
        if (t - y === s && t - s === y) s = t;
        else {
          parts.push(s, y);
          s = 0;
        }
      }
      return parts.length === 0 ? s : F.fsum([...parts, s]);
    },
    'polyfold pipeline (job.apply)': () => check('pipeline', sumJob.apply(numbers)),
    'polyfold pipeline, naive float fold': () => check('naive', naiveJob.apply(numbers)),
    'polyfold pipe(…, fold)': () =>
      check('pipe', F.pipe(numbers, F.map(double), F.filter(byThree), F.fold(F.folds.sum()))),
    'native array chain': () => numbers.map(double).filter(byThree).reduce(add, 0),
    'lodash chain': () => _(numbers).map(double).filter(byThree).sum(),
    'ramda pipe': () => ramdaPipe(numbers),
    'ramda transduce': () => R.transduce(ramdaXf, add, 0, numbers),
    'iter-tools': () => execPipe(numbers, itMap(double), itFilter(byThree), itReduce(0, add)),
    generators: () => {
      let s = 0;
      for (const y of genFilter(genMap(numbers, double), byThree)) s += y;
      return s;
    },
  },
);

// ---------------------------------------------------------------------------------------------
// 2. Word count over real text

function markdownFiles(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) markdownFiles(path, out);
    else if (name.toLowerCase().endsWith('.md')) out.push(path);
  }
  return out;
}

const MAX_TEXT = 4 * 1024 * 1024;
let text = '';
for (const file of markdownFiles('node_modules', [])) {
  if (text.length >= MAX_TEXT) break;
  text += `${readFileSync(file, 'utf8')}\n`;
}
const lines = text.split('\n');
const SPACE = /\s+/;
const words = lines.reduce((n, l) => n + l.split(SPACE).filter((w) => w.length > 0).length, 0);
const nonEmpty = (w: string) => w.length > 0;
const lower = (w: string) => w.toLowerCase();
const split = (line: string) => line.split(SPACE);

const wordCount = F.pipeline(F.flatMap(split), F.filter(nonEmpty), F.map(lower)).fold(
  F.folds.frequencies(),
);

function handWordCount(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    for (const w of line.split(SPACE)) {
      if (w.length === 0) continue;
      const k = w.toLowerCase();
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  return counts;
}

const reference = handWordCount();
const polyCounts = wordCount.apply(lines);
if (polyCounts.size !== reference.size || polyCounts.get('the') !== reference.get('the')) {
  throw new Error('word counts disagree');
}

await suite(
  `word count, ${(text.length / 1e6).toFixed(1)} MB of Markdown, ${words} words`,
  { baseline: 'hand-written loop', opsPerCall: words },
  {
    'hand-written loop': handWordCount,
    'polyfold pipeline (job.apply)': () => wordCount.apply(lines),
    'native array chain': () => {
      const counts = new Map<string, number>();
      for (const w of lines.flatMap(split).filter(nonEmpty).map(lower)) {
        counts.set(w, (counts.get(w) ?? 0) + 1);
      }
      return counts;
    },
    'lodash countBy': () => _.countBy(_.flatMap(lines, split).filter(nonEmpty), lower),
  },
);

// ---------------------------------------------------------------------------------------------
// 3. Async: chunked pipeline against per-element async generators

const CHUNK = 1000;

async function* elements(): AsyncGenerator<number> {
  for (let i = 0; i < N; i++) yield i;
}
async function* batches(): AsyncGenerator<number[]> {
  for (let i = 0; i < N; i += CHUNK) yield numbers.slice(i, i + CHUNK);
}
async function* asyncMap<A, B>(xs: AsyncIterable<A>, f: (a: A) => B): AsyncGenerator<B> {
  for await (const x of xs) yield f(x);
}
async function* asyncFilter<A>(xs: AsyncIterable<A>, p: (a: A) => boolean): AsyncGenerator<A> {
  for await (const x of xs) if (p(x)) yield x;
}

const asyncJob = F.pipeline(F.map(double), F.filter(byThree)).fold(F.folds.sum());

await asyncSuite(
  'async map → filter → sum, 1 000 000 elements',
  { baseline: 'per-element async generators', opsPerCall: N },
  {
    'per-element async generators': async () => {
      let s = 0;
      for await (const y of asyncFilter(asyncMap(elements(), double), byThree)) s += y;
      return check('async generators', s);
    },
    'polyfold run(job, chunked(batches of 1000))': async () =>
      check('chunked run', await F.run(asyncJob, F.chunked(batches()))),
    'polyfold pipe(chunked(…), map, filter, fold)': async () =>
      check(
        'chunked pipe',
        await F.pipe(F.chunked(batches()), F.map(double), F.filter(byThree), F.fold(F.folds.sum())),
      ),
    'polyfold run(job, per-element async generator)': async () =>
      check('element run', await F.run(asyncJob, elements())),
  },
);
