/**
 * Rebuilding built-in folds from their specs, for executors that ship a job elsewhere.
 */
import { InvalidArgumentError, UnknownKindError } from '../errors.js';
import type { AnyFold, FoldSpec } from '../fold.js';
import * as folds from './index.js';

type Args = readonly any[];

// Each entry knows where its arguments hold nested specs, so specs stay plain data.
const REVIVERS: Readonly<Record<string, (args: Args) => AnyFold<any, any>>> = {
  sum: () => folds.sum(),
  count: () => folds.count(),
  mean: () => folds.mean(),
  stats: () => folds.stats(),
  min: () => folds.min(),
  max: () => folds.max(),
  minBy: (a) => folds.minBy(a[0]),
  maxBy: (a) => folds.maxBy(a[0]),
  topK: (a) => folds.topK(a[0], a[1]),
  toArray: () => folds.toArray(),
  toSet: () => folds.toSet(),
  frequencies: (a) => folds.frequencies(a[0]),
  groupBy: (a) => folds.groupBy(a[0], reviveFold(a[1])),
  reduceBy: (a) => folds.reduceBy(a[0], reviveFold(a[1])),
  every: (a) => folds.every(a[0]),
  some: (a) => folds.some(a[0]),
  first: () => folds.first(),
  last: () => folds.last(),
  fromMonoid: (a) => folds.fromMonoid(a[0]),
  struct: (a) => {
    const specs = a[0] as Record<string, FoldSpec>;
    if (specs === null || typeof specs !== 'object') {
      throw new InvalidArgumentError('reviveFold', 'spec.args[0]', 'a record of fold specs', specs);
    }
    const out: Record<string, AnyFold<any, any>> = {};
    for (const k of Object.keys(specs)) out[k] = reviveFold(specs[k]!);
    return folds.struct(out);
  },
  tuple: (a) => folds.tuple(...a.map((s: FoldSpec) => reviveFold(s))),
};

/**
 * Rebuilds a built-in fold from its `spec` (what `folds.topK(10).spec` holds), after the spec
 * travelled as data. User functions inside `args` must already be functions again.
 *
 * @example
 * ```ts
 * import { folds, reviveFold, fold } from 'polyfold/functional';
 * const spec = structuredClone(folds.topK(2).spec!);
 * fold(reviveFold(spec))([3, 1, 4]); // [4, 3]
 * ```
 */
export function reviveFold(spec: FoldSpec): AnyFold<any, any> {
  if (spec === null || typeof spec !== 'object' || !Array.isArray(spec.args)) {
    throw new InvalidArgumentError(
      'reviveFold',
      'spec',
      'a fold spec ({ name, args }), as found in fold.spec',
      spec,
    );
  }
  const revive = Object.hasOwn(REVIVERS, spec.name) ? REVIVERS[spec.name] : undefined;
  if (revive === undefined) throw new UnknownKindError('fold', spec.name, Object.keys(REVIVERS));
  return revive(spec.args);
}
