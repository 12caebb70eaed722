/**
 * Fold laws: what makes a fold safe to run in parallel. An executor splits the input into
 * chunks, folds each chunk from `init()`, and combines the partial results in chunk order; the
 * answer must not depend on where the cuts fell.
 */

import * as fc from 'fast-check';
import { checkOptionKeys, optionKeys } from '../dispatch/internal.js';
import { equals as protocolEquals, repr } from '../protocols/index.js';
import type { Laws } from './check.js';
import { checkLawOptions } from './options.js';

/**
 * The shape of a fold (`polyfold/functional`'s `Fold`, or your own).
 *
 * @example
 * ```ts
 * import type { FoldLike } from 'polyfold/laws';
 * const count: FoldLike<unknown, number, number> = {
 *   init: () => 0,
 *   step: (n) => n + 1,
 *   combine: (a, b) => a + b,
 *   done: (n) => n,
 * };
 * ```
 */
export interface FoldLike<A, Acc, R> {
  /** A fresh empty accumulator: the identity of `combine`. */
  init(): Acc;
  /** Folds one element into the accumulator. */
  step(acc: Acc, a: A): Acc;
  /** Merges two partial accumulators, left before right (associative). */
  combine(left: Acc, right: Acc): Acc;
  /** The result from a final accumulator. */
  done(acc: Acc): R;
}

/**
 * What `foldLaws` checks.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import type { FoldLawsOptions, FoldLike } from 'polyfold/laws';
 * const mean: FoldLike<number, [number, number], number> = {
 *   init: () => [0, 0],
 *   step: ([s, n], x) => [s + x, n + 1],
 *   combine: ([s1, n1], [s2, n2]) => [s1 + s2, n1 + n2],
 *   done: ([s, n]) => (n === 0 ? 0 : s / n),
 * };
 * const options: FoldLawsOptions<number, [number, number], number> = {
 *   fold: mean,
 *   elements: fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
 *   equals: (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)),
 * };
 * ```
 */
export interface FoldLawsOptions<A, Acc, R> {
  /** The fold under test. Its methods are called with the fold as `this`. */
  readonly fold: FoldLike<A, Acc, R>;
  /** Input elements. */
  readonly elements: fc.Arbitrary<A>;
  /**
   * How results (`done(…)`) are compared for the chunking and associativity laws (default:
   * `equals` from `polyfold/protocols`; pass a tolerance for floating-point folds whose
   * partial sums legitimately round differently).
   */
  readonly equals?: (a: R, b: R) => boolean;
  /** Longest input generated (default 40). */
  readonly maxLength?: number;
}

/** Every key of {@link FoldLawsOptions}; any other key is refused (a typo). */
export const FOLD_LAWS_OPTIONS = optionKeys<FoldLawsOptions<unknown, unknown, unknown>>()(
  'fold',
  'elements',
  'equals',
  'maxLength',
);

function run<A, Acc, R>(fold: FoldLike<A, Acc, R>, xs: readonly A[]): Acc {
  let acc = fold.init();
  for (const x of xs) acc = fold.step(acc, x);
  return acc;
}

/** Cuts `xs` at the given (sorted, de-duplicated) positions. */
function chunks<A>(xs: readonly A[], cuts: readonly number[]): A[][] {
  const out: A[][] = [];
  let from = 0;
  for (const c of cuts) {
    out.push(xs.slice(from, c));
    from = c;
  }
  out.push(xs.slice(from));
  return out;
}

/**
 * The laws of a parallel fold: folding random chunkings (empty chunks included) and combining
 * in order equals folding the whole; `combine` is associative; `init()` is an exact identity of
 * `combine` on both sides — compared bit for bit (by `equals` and by `repr`), because an
 * identity that is only approximately neutral (a mean that averages in an empty chunk) makes
 * results depend on how the input was cut.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { checkLaws, foldLaws } from 'polyfold/laws';
 * const sum = {
 *   init: () => 0,
 *   step: (acc: number, x: number) => acc + x,
 *   combine: (a: number, b: number) => a + b,
 *   done: (acc: number) => acc,
 * };
 * checkLaws(foldLaws({ fold: sum, elements: fc.integer({ min: -1000, max: 1000 }) }));
 * ```
 */
export function foldLaws<A, Acc, R>(options: FoldLawsOptions<A, Acc, R>): Laws {
  checkOptionKeys('foldLaws', options, FOLD_LAWS_OPTIONS);
  checkLawOptions('foldLaws', options, {
    fold: 'fold',
    elements: 'arbitrary',
    equals: 'function?',
    maxLength: 'number?',
  });
  const { fold, elements } = options;
  const equals = options.equals ?? (protocolEquals as (a: R, b: R) => boolean);
  const input = fc.array(elements, { maxLength: options.maxLength ?? 40 });
  const chunked = input.chain((xs) =>
    fc
      .array(fc.nat({ max: xs.length }), { maxLength: 6 })
      .map((cuts) => [xs, [...cuts].sort((a, b) => a - b)] as const),
  );
  const same = (x: R, y: R) => equals(x, y) && repr(x) === repr(y);
  return {
    'chunking: combining the folds of any chunking in order equals folding the whole': fc.property(
      chunked,
      ([xs, cuts]) => {
        const partials = chunks(xs, cuts).map((c) => run(fold, c));
        const combined = partials.reduce((l, r) => fold.combine(l, r));
        return equals(fold.done(combined), fold.done(run(fold, xs)));
      },
    ),
    'associativity: combine(combine(x, y), z) equals combine(x, combine(y, z))': fc.property(
      fc.tuple(input, input, input),
      ([a, b, c]) => {
        const left = fold.combine(fold.combine(run(fold, a), run(fold, b)), run(fold, c));
        const right = fold.combine(run(fold, a), fold.combine(run(fold, b), run(fold, c)));
        return equals(fold.done(left), fold.done(right));
      },
    ),
    'left identity: combine(init(), x) gives x exactly': fc.property(input, (xs) =>
      same(fold.done(fold.combine(fold.init(), run(fold, xs))), fold.done(run(fold, xs))),
    ),
    'right identity: combine(x, init()) gives x exactly': fc.property(input, (xs) =>
      same(fold.done(fold.combine(run(fold, xs), fold.init())), fold.done(run(fold, xs))),
    ),
  };
}
