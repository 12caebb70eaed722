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

/** A count is a finite number (`n - n` is NaN for NaN and ±Infinity); see docs/protocols.md. */
function checkCount(method: string, key: unknown, n: unknown): number {
  if (typeof n === 'number' && n - n === 0) return n;
  throw new InvalidCountError(method, key, n);
}

/**
 * Stores a computed count in a new result Counter; the arithmetic of two finite counts can
 * overflow to ±Infinity, which is refused as every other count is, naming the operation.
 */
function put<K>(result: Counter<K>, method: string, key: K, n: number): void {
  HashMap.prototype.set.call(result, key, checkCount(method, key, n));
}

/**
 * Python's `collections.Counter`: counts of hashable things, compared by value.
 *
 * When to use: word counts, histograms, multisets — anything you would write as
 * `m.set(k, (m.get(k) ?? 0) + 1)`, with keys that may be tuples or records.
 *
 * Details: a {@link HashMap} from keys to counts (so all of Map's interface, insertion
 * order included), plus `get` (0 when absent, or `get(k, fallback)`), `increment`, `update`,
 * `subtract`, `mostCommon`, `total`, `elements` and `copy`; the multiset operations Python
 * spells with operators, as methods returning new Counters: `add(c1, c2)` (`c1 + c2`),
 * `difference` (`-`), `union` (`|`), `intersection` (`&`), `positive()` (unary `+`),
 * `negative()` (unary `-`); and the comparisons `isSubsetOf` (`<=`), `isSupersetOf` (`>=`),
 * `isProperSubsetOf` (`<`), `isProperSupersetOf` (`>`). Keys are compared with
 * `equals`/`hash` or an explicit instance (second argument).
 *
 * Gotchas: like Python, `add` and the multiset operations keep only positive counts, while
 * `update`, `subtract` and `increment` keep zero and negative counts; the comparisons (Python
 * 3.10 semantics) count missing keys as zero and do look at negative counts. Python's in-place
 * `-=`, `|=`, `&=` have no method: write `c = c.difference(d)`. A Map (or plain object) argument
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
  override get(key: K): number;
  /**
   * The count of `key`, or `fallback` when it is absent (Python's `counter.get(k, default)`;
   * a key present with count 0 gives 0, not `fallback`).
   * @example
   * ```ts
   * const c = new Counter('aab');
   * c.get('b', 10); // 1
   * c.get('z', 10); // 10
   * c.get('z', undefined); // undefined
   * ```
   */
  override get<D>(key: K, fallback: D): number | D;
  override get(key: K, ...fallback: [] | [unknown]): unknown {
    const n = super.get(key);
    if (n !== undefined) return n;
    return fallback.length === 0 ? 0 : fallback[0];
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

  /**
   * A new Counter with the same counts (zero and negative ones included), in the same order and
   * with the same explicit `{ equals, hash }` instance (Python's `Counter.copy`). A subclass
   * gets an instance of itself, built with `(counts, options)` as Counter's constructor is.
   * @example
   * ```ts
   * const c = new Counter('aab');
   * const d = c.copy().increment('a');
   * [c.get('a'), d.get('a')]; // [2, 3]
   * ```
   */
  copy(): Counter<K> {
    const Same = this.constructor as new (
      counts: ReadonlyMap<K, number>,
      options?: HashMapOptions<K>,
    ) => Counter<K>;
    return new Same(this, mapOptions(this));
  }

  /**
   * Python's unary `+c`: a new Counter with only the positive counts, in order.
   * @example
   * ```ts
   * [...new Counter({ a: 2, b: 0, c: -1 }).positive()]; // [['a', 2]]
   * ```
   */
  positive(): Counter<K> {
    const result = this.#empty();
    for (const [k, n] of this) if (n > 0) put(result, 'positive', k, n);
    return result;
  }

  /**
   * Python's unary `-c`: a new Counter of the negated negative counts (what subtracting from
   * an empty Counter leaves), in order.
   * @example
   * ```ts
   * [...new Counter({ a: 2, b: 0, c: -1 }).negative()]; // [['c', 1]]
   * ```
   */
  negative(): Counter<K> {
    const result = this.#empty();
    for (const [k, n] of this) if (n < 0) put(result, 'negative', k, 0 - n);
    return result;
  }

  /**
   * Multiset difference, Python's `c - d`: `max(0, c[k] - d[k])` for every key, keeping only
   * positive results. Keys of `this` come first, then keys only `other` has (where
   * `-d[k] > 0`), each in its own insertion order.
   * @example
   * ```ts
   * [...new Counter('aaab').difference(new Counter('ab'))]; // [['a', 2]]
   * ```
   */
  difference(other: Counter<K>): Counter<K> {
    const that = this.#operand('difference', other);
    const result = this.#empty();
    for (const [k, n] of this) {
      const d = n - that.get(k);
      if (d > 0) put(result, 'difference', k, d);
    }
    for (const [k, n] of that) if (n < 0 && !this.has(k)) put(result, 'difference', k, 0 - n);
    return result;
  }

  /**
   * Multiset union, Python's `c | d`: `max(0, c[k], d[k])` for every key, keeping only positive
   * results; keys of `this` first, then those only `other` has.
   * @example
   * ```ts
   * [...new Counter('aab').union(new Counter('abbc'))]; // [['a', 2], ['b', 2], ['c', 1]]
   * ```
   */
  union(other: Counter<K>): Counter<K> {
    const that = this.#operand('union', other);
    const result = this.#empty();
    for (const [k, n] of this) {
      const m = Math.max(n, that.get(k));
      if (m > 0) put(result, 'union', k, m);
    }
    for (const [k, n] of that) if (n > 0 && !this.has(k)) put(result, 'union', k, n);
    return result;
  }

  /**
   * Multiset intersection, Python's `c & d`: `max(0, min(c[k], d[k]))` for every key, keeping
   * only positive results, in the order of `this`.
   * @example
   * ```ts
   * [...new Counter('aab').intersection(new Counter('abbc'))]; // [['a', 1], ['b', 1]]
   * ```
   */
  intersection(other: Counter<K>): Counter<K> {
    const that = this.#operand('intersection', other);
    const result = this.#empty();
    for (const [k, n] of this) {
      const m = Math.min(n, that.get(k));
      if (m > 0) put(result, 'intersection', k, m);
    }
    return result;
  }

  /**
   * Python's `c <= d` (3.10+): every key's count in `this` is at most its count in `other`,
   * missing keys counting zero — so negative counts take part, and a Counter of only zero and
   * negative counts is a subset of `new Counter()`.
   * @example
   * ```ts
   * new Counter({ a: 1, b: 0 }).isSubsetOf(new Counter('ab')); // true
   * new Counter('aa').isSubsetOf(new Counter('ab')); // false
   * ```
   */
  isSubsetOf(other: Counter<K>): boolean {
    return this.#everyKey('isSubsetOf', other, (a, b) => a <= b);
  }

  /**
   * Python's `c >= d`: `other.isSubsetOf(this)`.
   * @example
   * ```ts
   * new Counter('aab').isSupersetOf(new Counter('ab')); // true
   * ```
   */
  isSupersetOf(other: Counter<K>): boolean {
    return this.#everyKey('isSupersetOf', other, (a, b) => a >= b);
  }

  /**
   * Python's `c < d`: a subset that is not equal (missing keys counting zero, as `equals` does).
   * @example
   * ```ts
   * new Counter('ab').isProperSubsetOf(new Counter('aab')); // true
   * new Counter({ a: 1, b: 0 }).isProperSubsetOf(new Counter('a')); // false
   * ```
   */
  isProperSubsetOf(other: Counter<K>): boolean {
    return (
      this.#everyKey('isProperSubsetOf', other, (a, b) => a <= b) &&
      !this.#everyKey('isProperSubsetOf', other, (a, b) => a === b)
    );
  }

  /**
   * Python's `c > d`: a superset that is not equal.
   * @example
   * ```ts
   * new Counter('aab').isProperSupersetOf(new Counter('ab')); // true
   * ```
   */
  isProperSupersetOf(other: Counter<K>): boolean {
    return (
      this.#everyKey('isProperSupersetOf', other, (a, b) => a >= b) &&
      !this.#everyKey('isProperSupersetOf', other, (a, b) => a === b)
    );
  }

  /** An empty Counter keyed like this one. */
  #empty(): Counter<K> {
    return new Counter<K>(null, mapOptions(this));
  }

  /** `other`, if it is a Counter (of any copy of polyfold). */
  #operand(method: string, other: unknown): Counter<K> {
    if (sameKind(this, other)) return other as Counter<K>;
    throw new ProtocolArgumentError(
      `Counter.${method}`,
      'other',
      'a Counter (convert first: new Counter(iterable))',
      other,
    );
  }

  /** Whether `test(this[k], other[k])` holds for every key of either, missing keys counting 0. */
  #everyKey(method: string, other: unknown, test: (a: number, b: number) => boolean): boolean {
    const that = this.#operand(method, other);
    for (const [k, n] of this) if (!test(n, that.get(k))) return false;
    for (const [k, n] of that) if (!this.has(k) && !test(0, n)) return false;
    return true;
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
