/**
 * Numeric folds: `sum`, `count`, `mean`, `stats`.
 *
 * Sums are kept exactly (see `exact.ts`) and rounded once in `done`, so these folds obey the
 * Fold laws bit for bit on floating-point input: any chunking, combined in order, gives the
 * same double as one sequential pass — and that double is the correctly rounded result.
 */
import { checked, checkSyncIterable } from '../core/iterables.js';
import type { InlineStep } from '../core/kernel.js';
import { InvalidElementError } from '../errors.js';
import type { Fold } from '../fold.js';
import { defineFold } from './define.js';
import {
  addProduct,
  addTo,
  canonical,
  combineSums,
  type ExactSum,
  emptySum,
  sumValue,
} from './exact.js';

function number(name: string, x: unknown): number {
  if (typeof x !== 'number') throw new InvalidElementError(name, 'a number', x);
  return x;
}

/** `folds.sum()`'s accumulator: an exact sum. */
export type SumAcc = ExactSum;

/**
 * The sum of numbers, correctly rounded (Python's `math.fsum`): `0.1 + 0.2 + 0.3` sums to
 * `0.6`, not `0.6000000000000001`, and every chunking gives the same bits.
 *
 * Laws: the accumulator is the exact sum, so `combine` is exact addition — associative and
 * commutative — and `init()` (exactly zero) is its identity. `done` rounds once. NaN and
 * ±Infinity follow IEEE (`∞ + -∞` is NaN); totals beyond ±1.8e308 give ±Infinity.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * fold(folds.sum())([0.1, 0.2, 0.3]); // 0.6
 * fold(folds.sum())([]); // 0
 * ```
 */
export function sum(): Fold<number, SumAcc, number> {
  return defineFold(
    'sum',
    [],
    {
      init: emptySum,
      step: (acc, x) => {
        addTo(acc, number('folds.sum', x));
        return acc;
      },
      combine: combineSums,
      done: sumValue,
    },
    SUM_INLINE,
  );
}

// The elements of a compiled loop are summed into a local that starts at zero, while each
// addition is exact (the check `addTo` makes), and stored into the accumulator — exactly —
// before anything else touches it. The local starting at a constant keeps it in a register.
const exactFast = (extra: string) =>
  `if (typeof x === 'number') { const t = hi + x; if (t - x === hi && t - hi === x) { hi = t; ${extra} SKIP; } }`;

const SUM_INLINE: InlineStep = {
  enter: 'let hi = -0;',
  fast: exactFast(''),
  store: 'store(acc, hi); hi = -0;',
  helpers: { store: (acc: SumAcc, hi: number) => addTo(acc, hi) },
};

const MEAN_INLINE: InlineStep = {
  enter: 'let hi = -0; let n = 0;',
  fast: exactFast('n++;'),
  store: 'store(acc, hi, n); hi = -0; n = 0;',
  helpers: {
    store: (acc: MeanAcc, hi: number, n: number) => {
      addTo(acc.sum, hi);
      acc.n += n;
    },
  },
};

/**
 * The number of elements.
 *
 * Laws: integer addition (exact below 2^53): associative, identity 0.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * fold(folds.count())(['a', 'b']); // 2
 * ```
 */
export function count(): Fold<unknown, number, number> {
  return defineFold('count', [], {
    init: () => 0,
    step: (acc) => acc + 1,
    combine: (l, r) => l + r,
    done: (acc) => acc,
  });
}

/** `folds.mean()`'s accumulator. */
export interface MeanAcc {
  n: number;
  sum: ExactSum;
}

/**
 * The arithmetic mean, or NaN for no elements. Computed as the correctly rounded exact sum
 * divided by the count, so chunking never changes a bit (a running mean would).
 *
 * Laws: the accumulator is (count, exact sum); `combine` adds both — associative, and the
 * empty accumulator is returned untouched, so `init()` is an exact identity.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * fold(folds.mean())([1, 2, 3, 4]); // 2.5
 * ```
 */
export function mean(): Fold<number, MeanAcc, number> {
  return defineFold(
    'mean',
    [],
    {
      init: () => ({ n: 0, sum: emptySum() }),
      step: (acc, x) => {
        addTo(acc.sum, number('folds.mean', x));
        acc.n++;
        return acc;
      },
      combine: (l, r) => {
        if (r.n === 0) return l;
        if (l.n === 0) return r;
        l.sum = combineSums(l.sum, r.sum);
        l.n += r.n;
        return l;
      },
      done: (acc) => (acc.n === 0 ? Number.NaN : sumValue(acc.sum) / acc.n),
    },
    MEAN_INLINE,
  );
}

/** Summary statistics of numbers (`folds.stats()`). */
export interface Stats {
  readonly count: number;
  /** Correctly rounded sum. */
  readonly sum: number;
  /** NaN when empty. */
  readonly mean: number;
  /** Population variance (divides by n); NaN when empty. */
  readonly variance: number;
  /** Sample variance (divides by n − 1); NaN for fewer than two elements. */
  readonly sampleVariance: number;
  readonly stddev: number;
  readonly sampleStddev: number;
  /** NaN when empty. */
  readonly min: number;
  /** NaN when empty. */
  readonly max: number;
}

/** `folds.stats()`'s accumulator: Chan's (n, Σx, Σx²) state, kept exactly. */
export interface StatsAcc {
  n: number;
  s: ExactSum;
  q: ExactSum;
  min: number;
  max: number;
}

function statsOf(acc: StatsAcc): Stats {
  const n = acc.n;
  if (n === 0) {
    const nan = Number.NaN;
    return {
      count: 0,
      sum: 0,
      mean: nan,
      variance: nan,
      sampleVariance: nan,
      stddev: nan,
      sampleStddev: nan,
      min: nan,
      max: nan,
    };
  }
  const total = sumValue(acc.s);
  let m2: number;
  if (acc.s.special !== 0) m2 = Number.NaN;
  else if (acc.q.special !== 0) m2 = acc.q.special;
  else {
    // n·M2 = n·Σx² − (Σx)², evaluated exactly from the expansions and rounded once: no
    // catastrophic cancellation, whatever the data's offset.
    const d = emptySum();
    for (const q of canonical(acc.q)) addProduct(d, n, q);
    const sp = canonical(acc.s);
    for (const a of sp) for (const b of sp) addProduct(d, -a, b);
    m2 = Math.max(0, sumValue(d)) / n;
  }
  const variance = m2 / n;
  const sampleVariance = n > 1 ? m2 / (n - 1) : Number.NaN;
  return {
    count: n,
    sum: total,
    mean: total / n,
    variance,
    sampleVariance,
    stddev: Math.sqrt(variance),
    sampleStddev: Math.sqrt(sampleVariance),
    min: acc.min,
    max: acc.max,
  };
}

/**
 * Count, sum, mean, variance (population and sample), standard deviations, min and max, in
 * one pass.
 *
 * This is Chan et al.'s parallel algorithm (the pairwise form of Welford's update): the
 * state (n, mean, M2) is carried as the equivalent (n, Σx, Σx²) and combined by adding. The
 * two sums are kept as exact expansions (each x² enters with its rounding error, by Dekker's
 * TwoProduct), so combining is exact, and `n·M2 = n·Σx² − (Σx)²` is evaluated exactly at the
 * end: no cancellation on data with a large offset, and the same bits for every chunking —
 * which floating-point Welford/Chan updates cannot promise.
 *
 * Laws: `combine` adds counts and exact sums and takes min/max (NaN propagates, as in
 * `Math.min`): associative; the empty accumulator is an exact identity.
 *
 * Gotchas: squares of values beyond ±1.3e154 overflow, making the variance Infinity.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * const s = fold(folds.stats())([2, 4, 4, 4, 5, 5, 7, 9]);
 * s.mean; // 5
 * s.stddev; // 2
 * s.min; // 2
 * ```
 */
export function stats(): Fold<number, StatsAcc, Stats> {
  return defineFold('stats', [], {
    init: () => ({
      n: 0,
      s: emptySum(),
      q: emptySum(),
      min: Number.POSITIVE_INFINITY,
      max: Number.NEGATIVE_INFINITY,
    }),
    step: (acc, x) => {
      number('folds.stats', x);
      acc.n++;
      addTo(acc.s, x);
      addProduct(acc.q, x, x);
      acc.min = Math.min(acc.min, x);
      acc.max = Math.max(acc.max, x);
      return acc;
    },
    combine: (l, r) => {
      if (r.n === 0) return l;
      if (l.n === 0) return r;
      l.n += r.n;
      l.s = combineSums(l.s, r.s);
      l.q = combineSums(l.q, r.q);
      l.min = Math.min(l.min, r.min);
      l.max = Math.max(l.max, r.max);
      return l;
    },
    done: statsOf,
  });
}

/**
 * The correctly rounded sum of numbers (Python's `math.fsum`): the same exact sum as
 * `folds.sum()`, as a plain function.
 *
 * @example
 * ```ts
 * import { fsum } from 'polyfold/functional';
 * fsum([0.1, 0.2, 0.3]); // 0.6 (a plain loop gives 0.6000000000000001)
 * ```
 */
export function fsum(xs: Iterable<number>): number {
  checkSyncIterable('fsum', xs);
  const s = emptySum();
  for (const x of checked(xs)) addTo(s, number('fsum', x));
  return sumValue(s);
}
