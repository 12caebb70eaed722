/**
 * Exact floating-point sums, so numeric folds are chunking-invariant bit for bit.
 *
 * Floating-point addition is not associative: `(0.1 + 0.2) + 0.3 !== 0.1 + (0.2 + 0.3)`. A
 * fold that adds naively gives different bits depending on where an executor cut the input,
 * and executors choose chunk sizes at run time. Here a sum is kept *exactly*, as a
 * non-overlapping expansion `hi + Σ lo` (Shewchuk's algorithm, the one behind Python's
 * `math.fsum`), and rounded once at the end — so every chunking gives the correctly rounded
 * exact sum, which is also more accurate than any naive order.
 *
 * The common case costs one TwoSum (six additions) per element: while the running total
 * stays exact (integers, or values of one magnitude) the rounding error is zero and the
 * expansion is never touched.
 *
 * Non-finite inputs are summed apart in `special` (NaN and ±Infinity follow IEEE: `∞ + -∞`
 * is NaN). A running double total that overflows does not matter while the exact total fits
 * (`[MAX, MAX, -MAX]` sums to `MAX`); only when the expansion itself overflows is the result
 * ±Infinity (Python raises `OverflowError` there).
 */

/** An exact sum: the value is `hi + Σ lo` exactly, unless `special` is not 0. */
export interface ExactSum {
  hi: number;
  /** Shewchuk partials: non-overlapping, increasing magnitude, no zeros. */
  lo: number[];
  /** 0, or the NaN/±Infinity that non-finite inputs (or overflow) produced. */
  special: number;
}

export function emptySum(): ExactSum {
  return { hi: 0, lo: [], special: 0 };
}

export function isEmptySum(s: ExactSum): boolean {
  return s.hi === 0 && s.lo.length === 0 && s.special === 0;
}

/** Adds `x` to the partials `p` (msum); returns the overflow (±Infinity) or 0. */
function insert(p: number[], x: number): number {
  let i = 0;
  for (let j = 0; j < p.length; j++) {
    let y = p[j]!;
    if (Math.abs(x) < Math.abs(y)) {
      const t = x;
      x = y;
      y = t;
    }
    const hi = x + y;
    if (!Number.isFinite(hi)) {
      p.length = 0;
      return hi;
    }
    const lo = y - (hi - x);
    if (lo !== 0) p[i++] = lo;
    x = hi;
  }
  p.length = i;
  if (x !== 0) p.push(x);
  return 0;
}

/** Adds `x` to `s` exactly. */
export function addTo(s: ExactSum, x: number): void {
  const a = s.hi;
  const t = a + x;
  // The sum is exact iff both differences give the operands back (one of them is computed
  // exactly, Fast2Sum-style, whichever operand is larger): two subtractions on the hot path
  // instead of TwoSum's five operations.
  if (t - x === a && t - a === x) {
    s.hi = t;
    return;
  }
  addInexact(s, a, t, x);
}

function addInexact(s: ExactSum, a: number, t: number, x: number): void {
  if (Number.isFinite(t)) {
    const bv = t - a;
    s.hi = t;
    s.special += insert(s.lo, a - (t - bv) + (x - bv));
  } else if (!Number.isFinite(x)) {
    s.special += x;
  } else if (Number.isFinite(a)) {
    s.special += insert(s.lo, x);
  }
}

/** Adds `b` into `a` (which is returned); either may be returned as is when the other is empty. */
export function combineSums(a: ExactSum, b: ExactSum): ExactSum {
  if (isEmptySum(b)) return a;
  if (isEmptySum(a)) return b;
  a.special += b.special;
  addTo(a, b.hi);
  for (const y of b.lo) a.special += insert(a.lo, y);
  return a;
}

/** Copies a sum (for accumulators that must not be shared). */
export function copySum(s: ExactSum): ExactSum {
  return { hi: s.hi, lo: s.lo.slice(), special: s.special };
}

/** Correctly rounds the partials `p` (Python's `fsum` final step, half-even). */
function roundPartials(p: readonly number[]): number {
  let n = p.length;
  if (n === 0) return 0;
  let hi = p[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = p[--n]!;
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    const yr = x - hi;
    if (y === yr) hi = x;
  }
  return hi;
}

/** The value of `s`, correctly rounded to the nearest double. */
export function sumValue(s: ExactSum): number {
  if (s.special !== 0) return s.special;
  if (s.lo.length === 0) return s.hi;
  const p = s.lo.slice();
  const overflow = insert(p, s.hi);
  return overflow !== 0 ? overflow : roundPartials(p);
}

/** The partials of `s` (its exact value is their sum), `hi` included. */
function partialsOf(s: ExactSum): number[] {
  const p = s.lo.slice();
  if (s.hi !== 0) insert(p, s.hi);
  return p;
}

const SPLITTER = 134217729; // 2^27 + 1: Dekker's split of a double into two 26-bit halves.

/**
 * Adds `a * b` to `s`, exactly when the product neither overflows nor underflows (Dekker's
 * TwoProduct): the product's rounding error is added too.
 */
export function addProduct(s: ExactSum, a: number, b: number): void {
  const p = a * b;
  if (!Number.isFinite(p) || p === 0) {
    addTo(s, p);
    return;
  }
  const ca = SPLITTER * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLITTER * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  addTo(s, p);
  if (Number.isFinite(e) && e !== 0) addTo(s, e);
}

/**
 * The canonical expansion of `s`: `v0 = round(s)`, `v1 = round(s − v0)`, … until nothing is
 * left. Unlike the partials, it depends only on the exact value, not on the order in which
 * terms were added — so anything computed from it is chunking-invariant even where products
 * of its terms round (underflow).
 */
export function canonical(s: ExactSum): number[] {
  const p = partialsOf(s);
  const out: number[] = [];
  while (p.length > 0) {
    const v = roundPartials(p);
    if (v === 0) break;
    out.push(v);
    insert(p, -v);
  }
  return out;
}
