/**
 * Sequences compared element by element or by key: `join` (toolz's relational join of two
 * sequences) and `diff` (the positions where several sequences disagree). Both take their
 * inputs directly, are lazy and re-iterable (each `for…of` reads the inputs again), compare
 * keys with the protocols (`equals`/`hash`, so `[1, 2]` matches `[1, 2]`), and work on
 * synchronous iterables (an async input is an AsyncSourceError: collect it first).
 *
 * Laws (checked by test/functional/join.test-prop.ts against a nested-loop model):
 * - Inner join: the pairs are exactly the `[l, r]` with `equals(leftKey(l), rightKey(r))`, in
 *   right order, each right element's matches in left order.
 * - Outer joins add `[leftDefault, r]` for each right element with no match (in place) and
 *   `[l, rightDefault]` for each left element whose key no right element had (after the
 *   matched pairs, in first-seen key order): every input element appears at least once.
 * - `diff(seqs)` yields the rows of `zip(...seqs)` (or of zipLongest with `fill`) whose keys
 *   are not all equal.
 */
import { checkNotRevoked, checkOptionKeys, optionKeys } from '../../dispatch/internal.js';
import { equals, HashMap } from '../../protocols/index.js';
import { checkFunction } from '../core/check.js';
import {
  checked,
  checkIteratorResult,
  checkSyncIterable,
  closeIterator,
  iteratorOf,
} from '../core/iterables.js';
import { InvalidArgumentError } from '../errors.js';
import type { ElementOf } from '../types.js';

/**
 * How `join` finds the key of an element: a function of the element, or a property name or
 * index (`0` reads `row[0]`, `'id'` reads `row.id`), as toolz accepts an index.
 *
 * @example
 * ```ts
 * import type { JoinKey } from 'polyfold/functional';
 * const byId: JoinKey<{ id: number }> = 'id';
 * const byFirst: JoinKey<[number, string]> = (row) => row[0];
 * ```
 */
export type JoinKey<A> = ((a: A) => unknown) | (keyof A & PropertyKey);

/**
 * The outer-join fillers of `join`. A filler that is present (even as `undefined`) makes that
 * side optional: `leftDefault` stands in for the missing left element of an unmatched right
 * one, `rightDefault` for the missing right element of an unmatched left one (toolz's
 * `left_default` and `right_default`).
 *
 * @example
 * ```ts
 * import type { JoinOptions } from 'polyfold/functional';
 * const full: JoinOptions<null, null> = { leftDefault: null, rightDefault: null };
 * ```
 */
export interface JoinOptions<LD = never, RD = never> {
  /** Pairs with each right element that no left element matches (toolz `left_default`). */
  readonly leftDefault?: LD;
  /** Pairs with each left element whose key no right element had (toolz `right_default`). */
  readonly rightDefault?: RD;
}

export const JOIN_OPTIONS = optionKeys<JoinOptions<unknown, unknown>>()(
  'leftDefault',
  'rightDefault',
);

/**
 * `diff`'s options: `key` compares `key(element)` rather than the elements, and `fill`
 * (when present, even as `undefined`) runs until the longest input ends, standing in for the
 * elements of inputs that have ended (toolz's `default`).
 *
 * @example
 * ```ts
 * import type { DiffOptions } from 'polyfold/functional';
 * const caseless: DiffOptions<string> = { key: (s) => s.toLowerCase() };
 * ```
 */
export interface DiffOptions<A = unknown, F = A> {
  /** Compares `key(element)` instead of the element (applied to `fill` too, as in toolz). */
  readonly key?: (a: A | F) => unknown;
  /** When present, run to the longest input, standing in for ended inputs' elements. */
  readonly fill?: F;
}

export const DIFF_OPTIONS = optionKeys<DiffOptions>()('key', 'fill');

const has = (o: object | undefined, k: string): boolean => o !== undefined && Object.hasOwn(o, k);

function checkOptionsObject(name: string, options: unknown, shape: string): void {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new InvalidArgumentError(name, 'options', `an object (${shape})`, options);
  }
  checkNotRevoked(options, `read the options of ${name} from`);
}

function keyFunction(argument: string, key: unknown): (a: unknown) => unknown {
  if (typeof key === 'string' || typeof key === 'number' || typeof key === 'symbol') {
    return (a) => {
      if (a === null || a === undefined) {
        throw new InvalidArgumentError(
          'join',
          `each element read by ${argument}`,
          `an object with a ${String(key)} property (or pass a key function)`,
          a,
        );
      }
      checkNotRevoked(a, `read the ${argument} of`);
      return (a as Record<PropertyKey, unknown>)[key];
    };
  }
  checkFunction('join', argument, key);
  return key as (a: unknown) => unknown;
}

/**
 * The relational join of two sequences on a key (toolz `join`): `[l, r]` for every left
 * element `l` and right element `r` whose keys are equal (by `equals`/`hash`). With
 * `leftDefault` and/or `rightDefault` it is an outer join.
 *
 * When to use: combining two record sets (users and orders, names and fruit) by a shared key,
 * the way SQL's `JOIN … ON` does; it is also the building block of a map/reduce join.
 *
 * Details: semi-streaming, as in toolz — the **left** sequence is read into memory (an index
 * from key to elements) when iteration starts; the **right** one is read lazily, so it can be
 * arbitrarily large or infinite (put the big side on the right). Pairs come in right order;
 * with `rightDefault`, the unmatched left elements follow at the end, in first-seen key order.
 *
 * Gotchas: a key may be a function, or a property name/index (`'id'`, `0`); toolz's list of
 * indices (`[0, 1]`) is written as a function returning an array, `(r) => [r[0], r[1]]`
 * (arrays are compared by value). Keys must not be mutated while the join runs.
 *
 * @example
 * ```ts
 * import { join } from 'polyfold/functional';
 * const names = [[1, 'one'], [2, 'two'], [3, 'three']] as const;
 * const fruit = [['apple', 1], ['orange', 1], ['banana', 2]] as const;
 * const pairs = [...join(0, names, 1, fruit)];
 * pairs.length; // 3
 * pairs[0]; // [[1, 'one'], ['apple', 1]]
 * pairs[2]; // [[2, 'two'], ['banana', 2]]
 * const id = (x: number) => x;
 * [...join(id, [1, 2], id, [2, 3], { leftDefault: null, rightDefault: null })]; // [[2, 2], [null, 3], [1, null]]
 * ```
 */
export function join<L, R, LD = never, RD = never>(
  leftKey: JoinKey<L>,
  left: Iterable<L>,
  rightKey: JoinKey<R>,
  right: Iterable<R>,
  options?: JoinOptions<LD, RD>,
): Iterable<[L | LD, R | RD]> {
  const lkey = keyFunction('leftKey', leftKey);
  const rkey = keyFunction('rightKey', rightKey);
  checkSyncIterable('join', left);
  checkSyncIterable('join', right);
  checkOptionsObject('join', options, '{ leftDefault?, rightDefault? }');
  checkOptionKeys('join', options, JOIN_OPTIONS);
  const outerLeft = has(options, 'leftDefault');
  const outerRight = has(options, 'rightDefault');
  const leftDefault = options?.leftDefault as LD;
  const rightDefault = options?.rightDefault as RD;

  function* pairs(): Generator<[L | LD, R | RD]> {
    const index = new HashMap<unknown, L[]>();
    for (const l of checked(left)) {
      const k = lkey(l);
      const group = index.get(k);
      if (group === undefined) index.set(k, [l]);
      else group.push(l);
    }
    const seen = outerRight ? new HashMap<unknown, true>() : undefined;
    for (const r of checked(right)) {
      const k = rkey(r);
      seen?.set(k, true);
      const matches = index.get(k);
      if (matches !== undefined) for (const l of matches) yield [l, r];
      else if (outerLeft) yield [leftDefault, r];
    }
    if (seen !== undefined) {
      for (const [k, group] of index) {
        if (!seen.has(k)) for (const l of group) yield [l, rightDefault];
      }
    }
  }
  return { [Symbol.iterator]: pairs };
}

/**
 * The rows of elements at the same position in several sequences that are not all equal
 * (toolz `diff`), compared with `equals` — or by `options.key(element)`. Stops with the
 * shortest sequence, unless `options.fill` is given: then it runs to the longest, with `fill`
 * standing in for the elements of sequences that have ended.
 *
 * When to use: finding where two lists, files (as arrays of lines) or results disagree.
 *
 * @example
 * ```ts
 * import { diff } from 'polyfold/functional';
 * [...diff([[1, 2, 3], [1, 10, 3]])]; // [[2, 10]]
 * [...diff([[1, 2], [10]], { fill: null })]; // [[1, 10], [2, null]]
 * [...diff([['a', 'B'], ['A', 'b']], { key: (s: string) => s.toLowerCase() })]; // []
 * ```
 */
export function diff<Its extends readonly Iterable<unknown>[], F = never>(
  seqs: Its,
  options?: DiffOptions<ElementOf<Its[number]>, F>,
): Iterable<{ -readonly [K in keyof Its]: ElementOf<Its[K]> | F }> {
  checkOptionsObject('diff', options, '{ key?, fill? }');
  checkOptionKeys('diff', options, DIFF_OPTIONS);
  const key = options?.key;
  if (key !== undefined) checkFunction('diff', 'options.key', key);
  const longest = has(options, 'fill');
  const fill = options?.fill;
  checkSyncIterable('diff', seqs);
  const inputs = [...checked(seqs as Iterable<unknown>)];
  if (inputs.length < 2) {
    throw new InvalidArgumentError(
      'diff',
      'seqs',
      'an array of two or more sequences',
      seqs,
      'diff([xs, ys])',
    );
  }
  for (const s of inputs) checkSyncIterable('diff', s);

  function* rows(): Generator<{ -readonly [K in keyof Its]: ElementOf<Its[K]> | F }> {
    const live: (Iterator<unknown> | undefined)[] = [];
    try {
      for (const s of inputs) live.push(iteratorOf(s as Iterable<unknown>));
      let left = live.length;
      for (;;) {
        const row: unknown[] = [];
        for (let i = 0; i < live.length; i++) {
          const it = live[i];
          const r = it === undefined ? undefined : checkIteratorResult(it.next());
          if (r === undefined || r.done) {
            if (it !== undefined) {
              live[i] = undefined;
              left--;
            }
            if (!longest) return;
            row.push(fill);
          } else row.push(r.value);
        }
        if (left === 0) return;
        const vals = key === undefined ? row : row.map((x) => key(x as never));
        if (!vals.every((v) => equals(v, vals[0]))) yield row as never;
      }
    } finally {
      for (const it of live) closeIterator(it);
    }
  }
  return { [Symbol.iterator]: rows };
}
