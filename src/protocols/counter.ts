/**
 * `Counter<K>`: Python's `collections.Counter` — a HashMap from keys to counts.
 *
 * Laws (checked by the Counter tests, after Python's documentation):
 * - Missing keys count zero: `c.get(k) === 0` for an absent `k`, and reading does not insert.
 * - Counting: `new Counter(xs).get(k)` is the number of elements of `xs` equal to `k`;
 *   `c.total()` is the sum of the counts.
 * - `mostCommon()` orders by count, descending; equal counts keep first-seen order.
 * - `add` (Python's `+`) is associative, `new Counter()` is its identity over counters with
 *   positive counts, and it keeps only positive counts (as Python does).
 * - `equals` treats missing keys as zero (Python ≥ 3.10): `Counter({a: 1, b: 0})` equals
 *   `Counter({a: 1})`; `hash` ignores zero counts to agree.
 */
import { checkNotRevoked } from '../dispatch/internal.js';
import { eq } from './equals.js';
import { InvalidCountError, ProtocolArgumentError, UnsupportedTypeError } from './errors.js';
import { hashEntries, hashOf } from './hash.js';
import {
  adjustCount,
  COLLECTION_KIND,
  HashMap,
  type HashMapOptions,
  keyHashOf,
  mapOptions,
  sameKind,
} from './hash-map.js';
import { checked } from './iterate.js';
import { isMap, kindOf, PLAIN } from './kinds.js';
import { reprOf } from './repr.js';
import { dunder } from './symbols.js';

/**
 * What `new Counter(…)`, `update` and `subtract` accept: elements to count (any iterable,
 * strings included), or counts (a Map, HashMap or Counter, or a plain object for string keys).
 *
 * @example
 * ```ts
 * import { Counter, type CounterSource } from 'polyfold/protocols';
 * const words: CounterSource<string> = ['a', 'b', 'a'];
 * new Counter(words).get('a'); // 2
 * ```
 */
export type CounterSource<K> =
  | Iterable<K>
  | ReadonlyMap<K, number>
  | Readonly<Record<K & string, number>>;

const SOURCES =
  'iterables of elements (arrays, strings, generators…), Maps/HashMaps/Counters of counts and plain objects of counts';

/** The `[key, count]` pairs of a mapping source, or `undefined` for an iterable of elements. */
function countsOf<K>(source: unknown, method: string): Iterable<readonly [K, number]> | undefined {
  if (typeof source === 'string') return undefined;
  if (typeof source !== 'object' || source === null) {
    throw new UnsupportedTypeError(`Counter.${method}`, source, {
      supported: SOURCES,
      fix: 'Pass an iterable of the elements to count, or a Map/object of counts.',
    });
  }
  checkNotRevoked(source, `count (Counter.${method})`);
  const kind = (source as Record<symbol, unknown>)[COLLECTION_KIND];
  if (kind === 'HashMap' || kind === 'Counter' || isMap(source)) {
    return source as Iterable<readonly [K, number]>;
  }
  if (typeof (source as Record<symbol, unknown>)[Symbol.iterator] === 'function') return undefined;
  if (kindOf(source) === PLAIN) return Object.entries(source) as unknown as [K, number][];
  throw new UnsupportedTypeError(`Counter.${method}`, source, {
    supported: SOURCES,
    fix: 'Pass an iterable of the elements to count, or a Map/object of counts.',
  });
}

/**
 * Python's `collections.Counter`: counts of hashable things, compared by value.
 *
 * When to use: word counts, histograms, multisets — anything you would write as
 * `m.set(k, (m.get(k) ?? 0) + 1)`, with keys that may be tuples or records.
 *
 * Details: a {@link HashMap} from keys to counts (so all of Map's interface, insertion
 * order included), plus `get` (0 when absent), `increment`, `update`, `subtract`,
 * `mostCommon`, `total` and `elements`; `add(c1, c2)` merges (Python's `c1 + c2`). Keys are
 * compared with `equals`/`hash` or an explicit instance (second argument).
 *
 * Gotchas: like Python, `add` drops keys whose merged count is not positive, while `update`,
 * `subtract` and `increment` keep zero and negative counts. A Map (or plain object) argument
 * is read as counts, any other iterable as elements — so `new Counter('abca')` counts letters.
 *
 * @example
 * ```ts
 * import { Counter } from 'polyfold/protocols';
 * const c = new Counter('abracadabra');
 * c.get('a'); // 5
 * c.get('z'); // 0
 * c.mostCommon(3); // [['a', 5], ['b', 2], ['r', 2]]
 * c.total(); // 11
 * new Counter([[1, 2], [1, 2], [3]]).get([1, 2]); // 2
 * ```
 */
/** A count is a finite number (`n - n` is NaN for NaN and ±Infinity); see docs/protocols.md. */
function checkCount(method: string, key: unknown, n: unknown): number {
  if (typeof n === 'number' && n - n === 0) return n;
  throw new InvalidCountError(method, key, n);
}

export class Counter<K> extends HashMap<K, number> {
  constructor(counts: ReadonlyMap<K, number>, options?: HashMapOptions<K>);
  constructor(elements?: Iterable<K> | null, options?: HashMapOptions<K>);
  constructor(counts: Readonly<Record<K & string, number>>, options?: HashMapOptions<K>);
  constructor(source?: CounterSource<K> | null, options?: HashMapOptions<K>) {
    super(null, options);
    if (source !== undefined && source !== null) this.update(source);
  }

  /**
   * The count of `key`: 0 when absent (without inserting it).
   * @example
   * ```ts
   * new Counter(['x']).get('y'); // 0
   * ```
   */
  override get(key: K): number {
    return super.get(key) ?? 0;
  }

  /**
   * Adds `n` (default 1, may be negative) to the count of `key`. Returns the counter.
   * @example
   * ```ts
   * new Counter<string>().increment('a').increment('a', 2).get('a'); // 3
   * ```
   */
  increment(key: K, n = 1): this {
    adjustCount(this, key, checkCount('increment', key, n));
    return this;
  }

  /**
   * Sets the count of `key` (a finite number; anything else throws InvalidCountError).
   * @example
   * ```ts
   * new Counter<string>().set('a', 3).get('a'); // 3
   * ```
   */
  override set(key: K, count: number): this {
    return super.set(key, checkCount('set', key, count));
  }

  /**
   * Counts the elements of an iterable, or adds the counts of a Map/Counter/plain object
   * (Python's `Counter.update`).
   * @example
   * ```ts
   * const c = new Counter(['a']);
   * c.update(['a', 'b']);
   * c.update(new Map([['b', 5]]));
   * [...c]; // [['a', 2], ['b', 6]]
   * ```
   */
  update(source: CounterSource<K>): this {
    const counts = countsOf<K>(source, 'update');
    if (counts !== undefined)
      for (const [k, n] of checked(counts)) adjustCount(this, k, checkCount('update', k, n));
    else for (const k of checked(source as Iterable<K>)) adjustCount(this, k, 1);
    return this;
  }

  /**
   * Subtracts the elements of an iterable, or the counts of a mapping (Python's
   * `Counter.subtract`); counts may go to zero or below.
   * @example
   * ```ts
   * new Counter('aab').subtract('abb').get('b'); // -1
   * ```
   */
  subtract(source: CounterSource<K>): this {
    const counts = countsOf<K>(source, 'subtract');
    if (counts !== undefined)
      for (const [k, n] of checked(counts)) adjustCount(this, k, -checkCount('subtract', k, n));
    else for (const k of checked(source as Iterable<K>)) adjustCount(this, k, -1);
    return this;
  }

  /**
   * `[key, count]` pairs by count, highest first; equal counts keep first-seen order (Python's
   * `most_common`). With `n`, only the first `n` (none when `n <= 0`).
   * @example
   * ```ts
   * new Counter('abcab').mostCommon(); // [['a', 2], ['b', 2], ['c', 1]]
   * ```
   */
  mostCommon(n?: number): [K, number][] {
    if (n !== undefined && typeof n !== 'number') {
      throw new ProtocolArgumentError('Counter.mostCommon', 'n', 'a number or nothing', n);
    }
    if (n !== undefined && !(n > 0)) return [];
    // Array.prototype.sort is stable, so ties stay in insertion (first-seen) order.
    const all = [...this.entries()].sort((a, b) => b[1] - a[1]);
    return n === undefined ? all : all.slice(0, n);
  }

  /**
   * The sum of all counts (Python's `Counter.total`).
   * @example
   * ```ts
   * new Counter('hello').total(); // 5
   * ```
   */
  total(): number {
    let sum = 0;
    for (const n of this.values()) sum += n;
    return sum;
  }

  /**
   * Each key repeated as many times as its count, in insertion order; keys with a count below
   * one are skipped (Python's `Counter.elements`).
   * @example
   * ```ts
   * [...new Counter('abab').elements()]; // ['a', 'a', 'b', 'b']
   * ```
   */
  *elements(): Generator<K, void, undefined> {
    for (const [k, n] of this) for (let i = 1; i <= n; i++) yield k;
  }

  /** `'Counter'`. */
  override get [Symbol.toStringTag](): string {
    return 'Counter';
  }

  /** @internal The process-wide brand. */
  override get [COLLECTION_KIND](): string {
    return 'Counter';
  }

  /** `equals`: another Counter with the same counts, missing keys counting zero. */
  override [dunder.eq](that: unknown): boolean {
    if (!sameKind(this, that)) return false;
    const other = that as Counter<K>;
    for (const [k, n] of this) if (!eq(n, other.get(k))) return false;
    for (const [k, n] of other) if (!this.has(k) && !eq(n, 0)) return false;
    return true;
  }

  /** `hash`: order-insensitive over the entries with a non-zero count. */
  override [dunder.hash](): number {
    const pairs: [number, number][] = [];
    for (const [k, n] of this) if (n !== 0) pairs.push([keyHashOf(this, k), hashOf(n)]);
    return hashEntries(0x434e54, pairs);
  }

  /** `add`: Python's `c1 + c2` — counts summed, only positive results kept. */
  [dunder.add](that: Counter<K>): Counter<K> {
    if (!sameKind(this, that)) {
      throw new UnsupportedTypeError('add', this, {
        supported: 'two Counters',
        operands: [this, that],
        fix: 'Convert the other operand first: add(counter, new Counter(iterable)).',
      });
    }
    const result = new Counter<K>(null, mapOptions(this));
    for (const [k, n] of this) {
      const sum = n + that.get(k);
      if (sum > 0) result.set(k, sum);
    }
    for (const [k, n] of that) if (!this.has(k) && n > 0) result.set(k, n);
    return result;
  }

  /** `repr`: `Counter(2) { 'a' => 2, 'b' => 1 }`, most common first (as Python shows it). */
  override [dunder.repr](): string {
    const parts = this.mostCommon().map(([k, n]) => `${reprOf(k)} => ${reprOf(n)}`);
    return `Counter(${this.size}) ${parts.length ? `{ ${parts.join(', ')} }` : '{}'}`;
  }
}
