/**
 * Rebuilding folds from their specs, for executors that ship a job elsewhere.
 *
 * One table says, for every fold kind, where its spec's arguments hold nested fold specs and
 * how the fold is built again from its arguments. Revival is recursive through that table
 * alone, so every kind — a built-in, or a user fold made by `taskFold` — is rebuilt the same
 * way at any depth (inside `groupBy`, `reduceBy`, `struct`, `tuple`, `premap`).
 */
import { isRevokedProxy } from '../../dispatch/internal.js';
import { InvalidArgumentError, UnknownKindError } from '../errors.js';
import { type AnyFold, type FoldSpec, isFold } from '../fold.js';
import * as folds from './index.js';

type Args = readonly any[];

/**
 * Where a kind's arguments hold nested fold specs: nowhere, at one position, as a record of
 * specs at position 0 (`struct`), or every argument (`tuple`).
 */
type Nested = 'none' | { readonly at: number } | 'record' | 'every';

interface FoldKind {
  readonly nested: Nested;
  /** Builds the fold from its arguments, nested folds already rebuilt. */
  readonly build: (args: Args) => AnyFold<any, any>;
}

/**
 * The spec name of a fold made by a factory function (`taskFold` in `polyfold/parallel`):
 * `{ name: '$taskFold', args: [factory, ...args] }`, rebuilt by calling the factory again.
 */
export const FACTORY_FOLD = '$taskFold';

const leaf = (build: (args: Args) => AnyFold<any, any>): FoldKind => ({ nested: 'none', build });
const at1 = (build: (args: Args) => AnyFold<any, any>): FoldKind => ({
  nested: { at: 1 },
  build,
});

const KINDS: Readonly<Record<string, FoldKind>> = {
  sum: leaf(() => folds.sum()),
  count: leaf(() => folds.count()),
  mean: leaf(() => folds.mean()),
  stats: leaf(() => folds.stats()),
  min: leaf(() => folds.min()),
  max: leaf(() => folds.max()),
  minBy: leaf((a) => folds.minBy(a[0])),
  maxBy: leaf((a) => folds.maxBy(a[0])),
  topK: leaf((a) => folds.topK(a[0], a[1])),
  toArray: leaf(() => folds.toArray()),
  toSet: leaf(() => folds.toSet()),
  frequencies: leaf((a) => folds.frequencies(a[0])),
  every: leaf((a) => folds.every(a[0])),
  some: leaf((a) => folds.some(a[0])),
  first: leaf(() => folds.first()),
  last: leaf(() => folds.last()),
  fromMonoid: leaf((a) => folds.fromMonoid(a[0])),
  groupBy: at1((a) => folds.groupBy(a[0], a[1])),
  reduceBy: at1((a) => folds.reduceBy(a[0], a[1])),
  premap: at1((a) => folds.premap(a[0], a[1])),
  struct: { nested: 'record', build: (a) => folds.struct(a[0]) },
  tuple: { nested: 'every', build: (a) => folds.tuple(...a) },
  [FACTORY_FOLD]: leaf(([factory, ...rest]) => {
    if (typeof factory !== 'function' || isRevokedProxy(factory)) {
      throw new InvalidArgumentError(
        'reviveFold',
        'spec.args[0]',
        'the function that makes the fold (a taskFold factory, loaded again)',
        factory,
      );
    }
    const made: unknown = factory(...rest);
    if (!isFold(made)) {
      throw new InvalidArgumentError(
        'reviveFold',
        'spec.args[0](...spec.args.slice(1))',
        'a Fold (init, step, combine, done)',
        made,
      );
    }
    return made;
  }),
};

function reviveArgs(nested: Nested, args: Args, where: string): Args {
  if (nested === 'none') return args;
  if (nested === 'every') return args.map((s, i) => revive(s, `${where}.args[${i}]`));
  if (nested === 'record') {
    const specs: unknown = args[0];
    if (specs === null || typeof specs !== 'object' || Array.isArray(specs)) {
      throw new InvalidArgumentError(
        'reviveFold',
        `${where}.args[0]`,
        'a record of fold specs',
        specs,
      );
    }
    const out: Record<string, AnyFold<any, any>> = {};
    for (const [k, s] of Object.entries(specs)) out[k] = revive(s, `${where}.args[0].${k}`);
    return [out, ...args.slice(1)];
  }
  const out = [...args];
  out[nested.at] = revive(args[nested.at], `${where}.args[${nested.at}]`);
  return out;
}

function revive(spec: unknown, where: string): AnyFold<any, any> {
  if (spec === null || typeof spec !== 'object' || !Array.isArray((spec as FoldSpec).args)) {
    throw new InvalidArgumentError(
      'reviveFold',
      where,
      'a fold spec ({ name, args }), as found in fold.spec',
      spec,
    );
  }
  const { name, args } = spec as FoldSpec;
  const kind = Object.hasOwn(KINDS, name) ? KINDS[name] : undefined;
  if (kind === undefined) throw new UnknownKindError('fold', name, Object.keys(KINDS));
  return kind.build(reviveArgs(kind.nested, args, where));
}

/**
 * Rebuilds a fold from its `spec` (what `folds.topK(10).spec` holds), after the spec
 * travelled as data, nested folds included. User functions inside `args` must already be
 * functions again.
 *
 * @example
 * ```ts
 * import { folds, reviveFold, fold } from 'polyfold/functional';
 * const spec = structuredClone(folds.topK(2).spec!);
 * fold(reviveFold(spec))([3, 1, 4]); // [4, 3]
 * ```
 */
export function reviveFold(spec: FoldSpec): AnyFold<any, any> {
  if (isRevokedProxy(spec)) {
    throw new InvalidArgumentError('reviveFold', 'spec', 'a fold spec, not a revoked Proxy', spec);
  }
  return revive(spec, 'spec');
}
