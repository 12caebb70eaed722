/**
 * Hash quality laws: not required for correctness (a constant hash is lawful), but a poor hash
 * turns a HashMap into a list. These laws catch the usual mistakes: XOR-combining fields
 * (order-blind, and pairs cancel), ignoring a field, and collisions within a small domain.
 */

import * as fc from 'fast-check';
import { checkOptionKeys, optionKeys } from '../dispatch/internal.js';
import { HashMap, equals as protocolEquals, hash as protocolHash } from '../protocols/index.js';
import type { Laws } from './check.js';
import { checkLawOptions } from './options.js';

/**
 * What `hashLaws` checks.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import type { HashLawsOptions } from 'polyfold/laws';
 * const options: HashLawsOptions<string> = { arbitrary: fc.string(), maxCollisionRate: 0.001 };
 * ```
 */
export interface HashLawsOptions<A> {
  /** Any values of the type; the more distinct values it produces, the stronger the check. */
  readonly arbitrary: fc.Arbitrary<A>;
  /** Default: `equals` from `polyfold/protocols`. */
  readonly equals?: (a: A, b: A) => boolean;
  /** Default: `hash` from `polyfold/protocols`. */
  readonly hash?: (a: A) => number;
  /**
   * The largest share of distinct values allowed to share a hash with an earlier one
   * (default 0.01; a good 32-bit hash has essentially none among a few hundred values).
   */
  readonly maxCollisionRate?: number;
  /** How many distinct values each run hashes (default 100). */
  readonly sampleSize?: number;
}

/** Every key of {@link HashLawsOptions}; any other key is refused (a typo). */
export const HASH_LAWS_OPTIONS = optionKeys<HashLawsOptions<unknown>>()(
  'arbitrary',
  'equals',
  'hash',
  'maxCollisionRate',
  'sampleSize',
);

/**
 * Laws of hash quality: distinct values rarely collide, and a HashMap in which *every* hash
 * collides (the forced-collision case, where only `equals` can tell keys apart) still finds
 * each key — which fails when `equals` is not an equivalence.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { checkLaws, hashLaws } from 'polyfold/laws';
 * checkLaws(hashLaws({ arbitrary: fc.tuple(fc.integer(), fc.string()) }), { numRuns: 20 });
 * ```
 */
export function hashLaws<A>(options: HashLawsOptions<A>): Laws {
  checkOptionKeys('hashLaws', options, HASH_LAWS_OPTIONS);
  checkLawOptions('hashLaws', options, {
    arbitrary: 'arbitrary',
    equals: 'function?',
    hash: 'function?',
    maxCollisionRate: 'number?',
    sampleSize: 'number?',
  });
  const { arbitrary } = options;
  const equals = options.equals ?? (protocolEquals as (a: A, b: A) => boolean);
  const hash = options.hash ?? (protocolHash as (a: A) => number);
  const rate = options.maxCollisionRate ?? 0.01;
  const sampleSize = options.sampleSize ?? 100;
  const distinct = fc.uniqueArray(arbitrary, { comparator: equals, maxLength: sampleSize });
  return {
    [`collision rate: at most ${rate * 100}% of distinct values share a hash`]: fc.property(
      distinct,
      (xs) => {
        const seen = new Set<number>();
        for (const x of xs) seen.add(hash(x));
        return xs.length - seen.size <= Math.max(1, Math.floor(rate * xs.length));
      },
    ),
    'forced collisions: with every hash equal, a HashMap still finds each key by equals':
      fc.property(fc.array(arbitrary, { maxLength: 30 }), (xs) => {
        const map = new HashMap<A, number>(null, { equals, hash: () => 0 });
        for (let i = 0; i < xs.length; i++) map.set(xs[i]!, i);
        return xs.every((x) => {
          let last = -1;
          xs.forEach((y, j) => {
            if (equals(x, y)) last = j;
          });
          return map.get(x) === last;
        });
      }),
  };
}

/**
 * What `sequenceHashLaws` checks.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import type { SequenceHashLawsOptions } from 'polyfold/laws';
 * const options: SequenceHashLawsOptions<number, string> = { elements: fc.integer(), build: (xs) => xs.join('/') };
 * ```
 */
export interface SequenceHashLawsOptions<T, A> {
  /** Elements of the sequence; they should take many distinct values. */
  readonly elements: fc.Arbitrary<T>;
  /** Builds the value under test from its elements, in order (a tuple class, a path…). */
  readonly build: (elements: T[]) => A;
  /** Default: `equals` from `polyfold/protocols`. */
  readonly equals?: (a: A, b: A) => boolean;
  /** Default: `hash` from `polyfold/protocols`. */
  readonly hash?: (a: A) => number;
}

/** Every key of {@link SequenceHashLawsOptions}; any other key is refused (a typo). */
export const SEQUENCE_HASH_LAWS_OPTIONS = optionKeys<SequenceHashLawsOptions<unknown, unknown>>()(
  'elements',
  'build',
  'equals',
  'hash',
);

/**
 * Laws for hashes of ordered things (tuples, lists, paths): reordering the elements changes the
 * hash, and repeated elements do not cancel out (`[x, x]` vs `[]`, `[x]` vs `[x, x]`) — the
 * classic failures of XOR-combined field hashes.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { checkLaws, sequenceHashLaws } from 'polyfold/laws';
 * checkLaws(sequenceHashLaws({ elements: fc.integer(), build: (xs) => xs }));
 * ```
 */
export function sequenceHashLaws<T, A>(options: SequenceHashLawsOptions<T, A>): Laws {
  checkOptionKeys('sequenceHashLaws', options, SEQUENCE_HASH_LAWS_OPTIONS);
  checkLawOptions('sequenceHashLaws', options, {
    elements: 'arbitrary',
    build: 'function',
    equals: 'function?',
    hash: 'function?',
  });
  const { elements, build } = options;
  const equals = options.equals ?? (protocolEquals as (a: A, b: A) => boolean);
  const hash = options.hash ?? (protocolHash as (a: A) => number);
  const reordered = fc
    .array(elements, { minLength: 2, maxLength: 6 })
    .chain((xs) =>
      fc.shuffledSubarray(xs, { minLength: xs.length }).map((ys) => [xs, ys] as const),
    );
  return {
    'order sensitivity: the same elements in another order hash differently': fc.property(
      reordered,
      ([xs, ys]) => {
        const a = build(xs);
        const b = build(ys);
        return equals(a, b) || hash(a) !== hash(b);
      },
    ),
    'no cancellation: [x, x] and [] hash differently': fc.property(
      elements,
      (x) => hash(build([x, x])) !== hash(build([])),
    ),
    'no cancellation: [x] and [x, x] hash differently': fc.property(
      elements,
      (x) => hash(build([x])) !== hash(build([x, x])),
    ),
  };
}
