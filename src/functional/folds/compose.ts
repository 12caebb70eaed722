/**
 * Folds built from other things: `struct` and `tuple` run several folds in one pass;
 * `premap` feeds a fold `fn(x)`; `fromMonoid` turns an fp-ts `Monoid` into a fold.
 */

import type { Monoid } from 'fp-ts/lib/Monoid.js';
import { isRevokedProxy } from '../../dispatch/internal.js';
import { InvalidArgumentError } from '../errors.js';
import type { AnyFold, Fold, FoldInput, FoldResult } from '../fold.js';
import {
  decodeWith,
  defineComposite,
  defineFold,
  encodeWith,
  needsEncoding,
  nestedFold,
  requiredFn,
} from './define.js';

/** The element type several folds accept (the intersection of their inputs). */
type InputOf<F> = UnionToIntersection<FoldInput<F>>;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;

/**
 * Runs every fold of a record over the same input in one pass; the result has the same keys.
 *
 * Laws: the product of the folds' monoids, key by key — associative and with an exact
 * identity when each fold is. Done once every fold that can finish early is done (never, if
 * one of them cannot).
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * fold(folds.struct({ n: folds.count(), total: folds.sum(), top: folds.max<number>() }))([3, 1, 2]);
 * // { n: 3, total: 6, top: 3 }
 * ```
 */
export function struct<S extends Readonly<Record<string, AnyFold<any, unknown>>>>(
  folds: S,
): Fold<
  InputOf<S[keyof S]>,
  Record<string, unknown>,
  { -readonly [K in keyof S]: FoldResult<S[K]> }
> {
  if (
    folds === null ||
    typeof folds !== 'object' ||
    isRevokedProxy(folds) ||
    Array.isArray(folds)
  ) {
    throw new InvalidArgumentError('folds.struct', 'folds', 'a record of folds', folds);
  }
  const keys = Object.keys(folds);
  const fs = keys.map((k) => nestedFold('folds.struct', `folds.${k}`, folds[k]));
  const n = keys.length;
  const specs: Record<string, unknown> = {};
  keys.forEach((k, i) => {
    specs[k] = fs[i]!.spec;
  });
  const encoded = needsEncoding(fs);
  const canFinish = fs.every((f) => f.isDone !== undefined);
  return defineComposite(
    'struct',
    [specs],
    {
      init: () => {
        const acc: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) acc[keys[i]!] = fs[i]!.init();
        return acc;
      },
      step: (acc, x) => {
        for (let i = 0; i < n; i++) {
          const k = keys[i]!;
          acc[k] = fs[i]!.step(acc[k], x);
        }
        return acc;
      },
      combine: (l, r) => {
        for (let i = 0; i < n; i++) {
          const k = keys[i]!;
          l[k] = fs[i]!.combine(l[k], r[k]);
        }
        return l;
      },
      done: (acc) => {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) out[keys[i]!] = fs[i]!.done(acc[keys[i]!]);
        return out as never;
      },
      ...(canFinish && n > 0
        ? { isDone: (acc: Record<string, unknown>) => fs.every((f, i) => f.isDone!(acc[keys[i]!])) }
        : {}),
      ...(encoded
        ? {
            encode: (acc: Record<string, unknown>) => {
              const out: Record<string, unknown> = {};
              keys.forEach((k, i) => {
                out[k] = encodeWith(fs[i]!, acc[k]);
              });
              return out;
            },
            decode: (data: unknown) => {
              const d = data as Record<string, unknown>;
              const out: Record<string, unknown> = {};
              keys.forEach((k, i) => {
                out[k] = decodeWith(fs[i]!, d[k]);
              });
              return out;
            },
          }
        : {}),
    },
    fs,
  );
}

/**
 * Runs several folds over the same input in one pass; the result is the tuple of results.
 *
 * Laws: as {@link struct}, position by position.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * fold(folds.tuple(folds.min<number>(), folds.max<number>()))([3, 1, 2]); // [1, 3]
 * ```
 */
export function tuple<Fs extends readonly AnyFold<any, unknown>[]>(
  ...folds: Fs
): Fold<InputOf<Fs[number]>, unknown[], { -readonly [K in keyof Fs]: FoldResult<Fs[K]> }> {
  const fs = folds.map((f, i) => nestedFold('folds.tuple', `folds[${i}]`, f));
  const n = fs.length;
  const encoded = needsEncoding(fs);
  const canFinish = fs.every((f) => f.isDone !== undefined);
  return defineComposite(
    'tuple',
    fs.map((f) => f.spec),
    {
      init: () => fs.map((f) => f.init()),
      step: (acc, x) => {
        for (let i = 0; i < n; i++) acc[i] = fs[i]!.step(acc[i], x);
        return acc;
      },
      combine: (l, r) => {
        for (let i = 0; i < n; i++) l[i] = fs[i]!.combine(l[i], r[i]);
        return l;
      },
      done: (acc) => fs.map((f, i) => f.done(acc[i])) as never,
      ...(canFinish && n > 0
        ? { isDone: (acc: unknown[]) => fs.every((f, i) => f.isDone!(acc[i])) }
        : {}),
      ...(encoded
        ? {
            encode: (acc: unknown[]) => fs.map((f, i) => encodeWith(f, acc[i])),
            decode: (data: unknown) => fs.map((f, i) => decodeWith(f, (data as unknown[])[i])),
          }
        : {}),
    },
    fs,
  );
}

/** `fromMonoid`'s accumulator: the empty case is marked, not computed. */
export interface MonoidAcc<A> {
  has: boolean;
  value: A;
}

/**
 * A fold from an fp-ts `Monoid`: `concat` is both `step` and `combine`, `empty` the start.
 * The empty accumulator is marked rather than concatenated, so `init()` is an exact identity
 * even for monoids whose `empty` is only an identity up to equality (`0` and `-0`).
 *
 * Laws: those of the monoid — `concat` associative, `empty` its identity.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * import { MonoidAll } from 'fp-ts/lib/boolean.js';
 * import { getMonoid } from 'fp-ts/lib/Array.js';
 * fold(folds.fromMonoid(MonoidAll))([true, false]); // false
 * fold(folds.fromMonoid(getMonoid<number>()))([[1], [2, 3]]); // [1, 2, 3]
 * ```
 */
export function fromMonoid<A>(monoid: Monoid<A>): Fold<A, MonoidAcc<A>, A> {
  if (
    monoid === null ||
    typeof monoid !== 'object' ||
    isRevokedProxy(monoid) ||
    typeof (monoid as Partial<Monoid<A>>).concat !== 'function' ||
    !('empty' in monoid)
  ) {
    throw new InvalidArgumentError(
      'folds.fromMonoid',
      'monoid',
      'an fp-ts Monoid ({ concat, empty })',
      monoid,
    );
  }
  const empty = monoid.empty;
  return defineFold<A, MonoidAcc<A>, A>('fromMonoid', [monoid], {
    init: () => ({ has: false, value: empty }),
    step: (acc, x) => {
      acc.value = monoid.concat(acc.value, x);
      acc.has = true;
      return acc;
    },
    combine: (l, r) => {
      if (!r.has) return l;
      if (!l.has) return r;
      l.value = monoid.concat(l.value, r.value);
      return l;
    },
    done: (acc) => acc.value,
  });
}

/**
 * The fold of `fn(a)`: each element goes through `fn` before `fold` sees it (Java's
 * `Collectors.mapping`, Haskell foldl's `premap`). Inside `groupBy` it picks what each group
 * folds, which is what `map` cannot do there because the key needs the whole element. Shipped
 * to workers, `fn` must be a task (declared with `defineTasks`), like a stage's function.
 *
 * Laws: those of `fold` — `premap` changes only the elements, never `combine` or `init`.
 *
 * @example
 * ```ts
 * import { fold, folds } from 'polyfold/functional';
 * type Reading = { station: string; t: number };
 * const readings: Reading[] = [
 *   { station: 'Oslo', t: -3 },
 *   { station: 'Rome', t: 18 },
 *   { station: 'Oslo', t: 1 },
 * ];
 * const byStation = fold(
 *   folds.groupBy((r: Reading) => r.station, folds.premap((r: Reading) => r.t, folds.stats())),
 * )(readings);
 * byStation.get('Oslo')?.min; // -3
 * byStation.get('Oslo')?.mean; // -1
 * ```
 */
export function premap<A, B, Acc, R>(fn: (a: A) => B, fold: Fold<B, Acc, R>): Fold<A, Acc, R> {
  requiredFn('folds.premap', 'fn', fn);
  const inner = nestedFold('folds.premap', 'fold', fold) as Fold<B, Acc, R>;
  const step = inner.step;
  return defineComposite<A, Acc, R>(
    'premap',
    [fn, inner.spec],
    {
      init: inner.init,
      step: (acc, x) => step(acc, fn(x)),
      combine: inner.combine,
      done: inner.done,
      ...(inner.isDone === undefined ? {} : { isDone: inner.isDone }),
      ...(inner.encode === undefined ? {} : { encode: inner.encode }),
      ...(inner.decode === undefined ? {} : { decode: inner.decode }),
    },
    [inner],
  );
}
