/**
 * Rebuilding stages from their plain descriptors — the inverse of `stage.descriptor`, for
 * executors that ship a job elsewhere and for stages made by another copy of polyfold.
 */

import { isRevokedProxy } from '../dispatch/internal.js';
import { drop, dropWhile, take, takeNth, takeWhile } from './combinators/slice.js';
import {
  enumerate,
  filter,
  flatMap,
  map,
  pluck,
  remove,
  scan,
  tap,
} from './combinators/transform.js';
import { chunk, dedupe, interpose, pairwise, unique, window } from './combinators/window.js';
import { implOf, type StageFunction } from './core/lazy.js';
import type { StageDescriptor, StageImpl, StageKind } from './core/stage.js';
import { InvalidArgumentError, UnknownKindError } from './errors.js';

type Any = any;

const FACTORIES: Readonly<Record<StageKind, (d: StageDescriptor) => unknown>> = {
  map: (d) => map(d.fn as Any),
  filter: (d) => filter(d.fn as Any),
  remove: (d) => remove(d.fn as Any),
  flatMap: (d) => flatMap(d.fn as Any),
  pluck: (d) => pluck(d.args[0] as PropertyKey),
  tap: (d) => tap(d.fn as Any),
  scan: (d) => scan(d.fn as Any, d.args[0]),
  enumerate: () => enumerate,
  take: (d) => take(d.args[0] as number),
  takeWhile: (d) => takeWhile(d.fn as Any),
  drop: (d) => drop(d.args[0] as number),
  dropWhile: (d) => dropWhile(d.fn as Any),
  takeNth: (d) => takeNth(d.args[0] as number),
  chunk: (d) => chunk(d.args[0] as number),
  window: (d) => window(d.args[0] as number),
  pairwise: () => pairwise,
  interpose: (d) => interpose(d.args[0]),
  unique: (d) => (d.fn === undefined ? unique() : unique(d.fn as Any)),
  dedupe: (d) => (d.fn === undefined ? dedupe() : dedupe(d.fn as Any)),
};

function checkDescriptor(d: unknown): asserts d is StageDescriptor {
  if (
    d === null ||
    typeof d !== 'object' ||
    isRevokedProxy(d) ||
    !Array.isArray((d as StageDescriptor).args)
  ) {
    throw new InvalidArgumentError(
      'reviveStage',
      'descriptor',
      'a stage descriptor ({ kind, fn?, args }), as found in stage.descriptor or job.stages',
      d,
    );
  }
  const kind = (d as StageDescriptor).kind;
  if (!Object.hasOwn(FACTORIES, kind)) {
    throw new UnknownKindError('stage', kind, Object.keys(FACTORIES));
  }
}

/**
 * Rebuilds a stage from its descriptor (after it travelled as data). User functions must be
 * functions again (`fn`).
 *
 * @example
 * ```ts
 * import { map, reviveStage } from 'polyfold/functional';
 * const double = (x: number) => x * 2;
 * const stage = reviveStage({ ...map(double).descriptor, fn: double });
 * [...(stage as (xs: number[]) => Iterable<number>)([1, 2])]; // [2, 4]
 * ```
 */
export function reviveStage(descriptor: StageDescriptor): StageFunction {
  checkDescriptor(descriptor);
  return FACTORIES[descriptor.kind](descriptor) as StageFunction;
}

/**
 * The implementation of anything that names a stage: a stage function (ours or another
 * copy's), or a bare descriptor. Internal.
 */
export function toStageImpl(name: string, x: unknown, index: number): StageImpl {
  if (isRevokedProxy(x)) {
    throw new InvalidArgumentError(name, `stages[${index}]`, 'a stage, not a revoked Proxy', x);
  }
  const impl = implOf(x);
  if (impl !== undefined) return impl;
  const d = typeof x === 'function' ? (x as { descriptor?: unknown }).descriptor : (x as unknown);
  if (d !== null && typeof d === 'object' && 'kind' in d) {
    return implOf(reviveStage(d as StageDescriptor))!;
  }
  throw new InvalidArgumentError(
    name,
    `stages[${index}]`,
    'a stage (map(f), filter(p), take(n)…) or a stage descriptor',
    x,
  );
}
