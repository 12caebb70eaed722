/**
 * The built-in folds (`import { folds } from 'polyfold/functional'`). Every one obeys the
 * Fold laws (see `Fold`), carries a `spec` to be rebuilt elsewhere, and states its own laws in
 * its documentation.
 */

export { frequencies, groupBy, reduceBy, toArray, toSet } from './collect.js';
export type { MonoidAcc } from './compose.js';
export { fromMonoid, premap, struct, tuple } from './compose.js';
export { every, first, last, some } from './logic.js';
export type { MeanAcc, Stats, StatsAcc, SumAcc } from './numeric.js';
export { count, mean, stats, sum } from './numeric.js';
export type { KeyedPick, Pick, Ranked, TopKAcc } from './order.js';
export { max, maxBy, min, minBy, topK } from './order.js';
