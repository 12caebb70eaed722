/**
 * `polyfold/laws`: fast-check properties that check the laws of your own instances — the
 * equality and hash of a class (with generators of *equal pairs*, so the hash law is not
 * vacuous), hash quality, total orders, semigroups/monoids and parallel folds.
 *
 * `fast-check` is an optional peer dependency: install it (as a dev dependency) to use this
 * subpath. Every kit returns named properties; run them with `checkLaws`, or one test per law:
 *
 * ```ts
 * for (const [law, property] of Object.entries(eqLaws({ arbitrary, equalTo }))) {
 *   it(law, () => fc.assert(property));
 * }
 * ```
 *
 * @packageDocumentation
 */

export type { LawFailure, Laws } from './check.js';
export { checkLaws, LawViolationError } from './check.js';
export type { EqLawsOptions } from './eq.js';
export { eqLaws } from './eq.js';
export type { FoldLawsOptions, FoldLike } from './fold.js';
export { foldLaws } from './fold.js';
export type { HashLawsOptions, SequenceHashLawsOptions } from './hash.js';
export { hashLaws, sequenceHashLaws } from './hash.js';
export type { MonoidLawsOptions, SemigroupLawsOptions } from './monoid.js';
export { monoidLaws, semigroupLaws } from './monoid.js';
export type { OrdLawsOptions } from './ord.js';
export { ordLaws } from './ord.js';
