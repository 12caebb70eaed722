/**
 * `HashMap<K, V>`: a `Map` whose keys are compared by value (`equals`/`hash`, or an explicit
 * instance) — Python's `dict`.
 *
 * Laws (checked by the model-based tests against a reference map):
 * - Lookup by equality: after `m.set(k, v)`, `m.get(k2) === v` for every `k2` with
 *   `equals(k, k2)`, and `m.size` counts keys up to `equals`.
 * - Map semantics: insertion order is kept (re-setting a key keeps its place and its first key
 *   object), `delete` then `set` moves a key to the end, and iterators see entries added during
 *   iteration and skip entries deleted before they are reached — exactly as a native `Map`'s.
 * - Protocols: `equals(m1, m2)` when both hold equal keys with equal values (order ignored);
 *   `hash` agrees with that; `len(m) === m.size`; `contains(m, k) === m.has(k)`.
 *
 * Layout: see ordered-table.ts (CPython's compact dict, with a native-`Map` fast path while
 * every key is a primitive).
 */
import {
  checkNotRevoked,
  checkOptionKeys,
  isRevokedProxy,
  optionKeys,
} from '../dispatch/internal.js';
import { eq } from './equals.js';
import { ProtocolArgumentError } from './errors.js';
import { hashEntries, hashOf } from './hash.js';
import { checked } from './iterate.js';
import { checkedHash, ENTRIES, KEYS, OrderedTable, VALUES } from './ordered-table.js';
import { inspectable, reprOf } from './repr.js';
import { state } from './state.js';
import { dunder } from './symbols.js';

/**
 * An explicit key instance (and options) for HashMap, HashSet and Counter. An fp-ts `Eq` or a
 * polyfold `Hash` (fp-ts `Eq` plus `hash`) is accepted as is.
 *
 * - `equals` and `hash` given: keys are compared with them (they must agree: equal keys, equal
 *   hashes).
 * - only `equals` (a plain fp-ts `Eq`): correct, but every key shares one bucket, so lookups
 *   are linear — give a `hash` to stay O(1).
 * - only `hash`: keys are compared with `equals`; the hash must agree with it.
 * - neither: `equals`/`hash` from `polyfold/protocols`, with a native fast path for primitives.
 *
 * @example
 * ```ts
 * import { type HashMapOptions, hash, HashMap } from 'polyfold/protocols';
 * const caseInsensitive: HashMapOptions<string> = {
 *   equals: (a, b) => a.toLowerCase() === b.toLowerCase(),
 *   hash: (s) => hash(s.toLowerCase()),
 * };
 * new HashMap([['Ada', 1]], caseInsensitive).get('ADA'); // 1
 * ```
 */
export interface HashMapOptions<K> {
  /** Key equality (an equivalence relation). */
  readonly equals?: (a: K, b: K) => boolean;
  /** A 32-bit hash that agrees with `equals` (equal keys, equal hashes). */
  readonly hash?: (key: K) => number;
  /** Check for keys mutated after insertion (see `setDebugMode`); defaults to the global mode. */
  readonly debug?: boolean;
}

/**
 * Every key HashMap, HashSet and Counter accept in their options; any other is refused (a
 * typo). `compare` is there because an fp-ts `Ord` (which has `equals`) is a valid instance.
 */
export const HASH_MAP_OPTIONS = [
  ...optionKeys<HashMapOptions<unknown>>()('equals', 'hash', 'debug'),
  'compare',
] as const;

/** Process-wide brand, so a collection from another copy of polyfold is recognised. */
export const COLLECTION_KIND = Symbol.for('polyfold.collectionKind');

/**
 * Which of polyfold's collections `x` is, or `undefined` for anything else. Recognised by a
 * process-wide brand, not `instanceof`: a collection made by another copy of polyfold (the
 * ESM and the CJS build loaded together, a job module importing another install) counts too.
 *
 * @example
 * ```ts
 * import { collectionKind, Counter, HashMap } from 'polyfold/protocols';
 * collectionKind(new Counter(['a'])); // 'Counter'
 * collectionKind(new HashMap()); // 'HashMap'
 * collectionKind(new Map()); // undefined
 * ```
 */
export function collectionKind(x: unknown): 'HashMap' | 'HashSet' | 'Counter' | undefined {
  if (typeof x !== 'object' || x === null || isRevokedProxy(x)) return undefined;
  const kind = (x as Record<symbol, unknown>)[COLLECTION_KIND];
  return kind === 'HashMap' || kind === 'HashSet' || kind === 'Counter' ? kind : undefined;
}

/** True when `that` is a collection of the same kind (from any copy of polyfold). */
export function sameKind(self: object, that: unknown): boolean {
  const kind = collectionKind(that);
  return kind !== undefined && kind === collectionKind(self);
}

/** The table for a collection made with `options` (see HashMapOptions). */
const OPTIONS = 'an object { equals?, hash?, debug? } (or an fp-ts Eq)';

/** Iterable check for constructor arguments (a string is iterable, and refused per element). */
export function checkIterable(owner: string, argument: string, expected: string, x: unknown): void {
  checkNotRevoked(x, `build a ${owner} from`);
  if (typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new ProtocolArgumentError(`new ${owner}`, argument, expected, x);
  }
}

export function tableFor<K, V>(
  options: HashMapOptions<K> | undefined,
  owner: string,
): OrderedTable<K, V> {
  if (options !== undefined && options !== null && typeof options !== 'object') {
    throw new ProtocolArgumentError(`new ${owner}`, 'options', OPTIONS, options);
  }
  checkOptionKeys(owner, options, HASH_MAP_OPTIONS);
  const debug = options?.debug ?? state.debug;
  const customEq = options?.equals;
  const customHash = options?.hash;
  if (customEq !== undefined && (typeof customEq !== 'function' || isRevokedProxy(customEq))) {
    throw new ProtocolArgumentError(
      `new ${owner}`,
      'options.equals',
      'a function (a, b) => boolean',
      customEq,
    );
  }
  if (
    customHash !== undefined &&
    (typeof customHash !== 'function' || isRevokedProxy(customHash))
  ) {
    throw new ProtocolArgumentError(
      `new ${owner}`,
      'options.hash',
      'a function (key) => number',
      customHash,
    );
  }
  if (customEq === undefined && customHash === undefined) {
    return OrderedTable.byValue<K, V>({ eq, hash: hashOf, debug, owner });
  }
  const equalsFn = customEq === undefined ? eq : (a: K, b: K) => customEq.call(options, a, b);
  const hashFn = customHash !== undefined ? checkedHash(customHash, options) : () => 0;
  return OrderedTable.withInstance<K, V>({ eq: equalsFn, hash: hashFn, debug, owner });
}

// Module-internal access to private fields, for HashSet and Counter (no public surface).
let tableOf: <K, V>(map: HashMap<K, V>) => OrderedTable<K, V>;
let optionsOf: <K>(map: HashMap<K, unknown>) => HashMapOptions<K> | undefined;

/** @internal The hash `map` uses for `key`. */
export function keyHashOf<K>(map: HashMap<K, unknown>, key: K): number {
  return tableOf(map).hashOf(key);
}

/** @internal Adds `delta` to the count of `key` in one lookup (Counter's hot path). */
export function adjustCount<K>(map: HashMap<K, number>, key: K, delta: number): void {
  tableOf(map).adjust(key, delta);
}

/** @internal The explicit instance and options `map` was made with. */
export function mapOptions<K>(map: HashMap<K, unknown>): HashMapOptions<K> | undefined {
  return optionsOf(map);
}

/**
 * Python's `dict` for JavaScript: a `Map` whose keys are compared by value.
 *
 * When to use: keys that are tuples (`[x, y]`), records, Dates or your own classes with
 * `[dunder.eq]`/`[dunder.hash]` — where a native `Map` would compare them by identity and
 * `JSON.stringify` keys would be slow and lossy.
 *
 * Details: implements the whole native `Map` interface (insertion order, `size`, iteration,
 * `forEach`, `Symbol.toStringTag`), so it is a drop-in replacement. Keys are compared with
 * `equals`/`hash` (registrations and dunder methods included), or with an explicit
 * `{ equals, hash }` instance (an fp-ts `Eq`/`Hash` works). Primitive keys take a native-`Map`
 * fast path. Implements the protocols itself: `equals` compares contents, `hash`, `repr`,
 * `len`, `contains`; `console.log` shows its `repr`.
 *
 * Gotchas: do not mutate an object while it is a key (its hash changes and lookups miss it;
 * turn on {@link setDebugMode} to detect it). With the default instance, registrations for
 * primitive types (`equals.register(String, …)`) are not consulted for keys: pass an explicit
 * instance for, say, case-insensitive string keys. With the default instance a key object is
 * never equal to a primitive key, and a `-0` key is stored as `+0` (as a native `Map` does).
 * `HashMap` is not `instanceof Map` (it would then have to be a real native `Map`).
 *
 * @example
 * ```ts
 * import { HashMap, hash } from 'polyfold/protocols';
 * const seen = new HashMap<[number, number], string>([[[0, 0], 'origin']]);
 * seen.set([1, 2], 'a');
 * seen.get([1, 2]); // 'a'
 * seen.has([0, 0]); // true
 * [...seen.keys()]; // [[0, 0], [1, 2]]
 * // An explicit instance: case-insensitive keys.
 * const ci = new HashMap<string, number>([], {
 *   equals: (a, b) => a.toLowerCase() === b.toLowerCase(),
 *   hash: (k) => hash(k.toLowerCase()),
 * });
 * ci.set('Ada', 1).get('ADA'); // 1
 * ```
 */
export class HashMap<K, V> implements Map<K, V> {
  readonly #table: OrderedTable<K, V>;
  readonly #options: HashMapOptions<K> | undefined;

  static {
    tableOf = (map) => map.#table;
    optionsOf = (map) => map.#options;
  }

  constructor(entries?: Iterable<readonly [K, V]> | null, options?: HashMapOptions<K>) {
    this.#options = options;
    this.#table = tableFor<K, V>(options, this[Symbol.toStringTag]);
    if (entries !== undefined && entries !== null) {
      const owner = this[Symbol.toStringTag];
      checkIterable(
        owner,
        'entries',
        'an iterable of [key, value] pairs (an array, a Map…), null or undefined',
        entries,
      );
      for (const entry of checked(entries)) {
        checkNotRevoked(entry, `read an entry for a ${owner} from`);
        if (typeof entry !== 'object' || entry === null) {
          throw new ProtocolArgumentError(
            `new ${owner}`,
            'each element of entries',
            'a [key, value] pair',
            entry,
          );
        }
        this.set(entry[0], entry[1]);
      }
    }
  }

  /**
   * The number of entries.
   * @example
   * ```ts
   * new HashMap([[[1], 'a'], [[1], 'b']]).size; // 1
   * ```
   */
  get size(): number {
    return this.#table.count();
  }

  /**
   * The value for `key` (compared by value), or `undefined`.
   * @example
   * ```ts
   * new HashMap([[{ id: 1 }, 'a']]).get({ id: 1 }); // 'a'
   * ```
   */
  get(key: K): V | undefined {
    return this.#table.get(key);
  }

  /**
   * Whether a key equal to `key` is present.
   * @example
   * ```ts
   * new HashMap([[[1, 2], true]]).has([1, 2]); // true
   * ```
   */
  has(key: K): boolean {
    return this.#table.has(key);
  }

  /**
   * Sets the value for `key`. An existing equal key keeps its place and its original key
   * object; a new key goes last. Returns the map.
   * @example
   * ```ts
   * new HashMap<number[], string>().set([1], 'a').set([1], 'b').get([1]); // 'b'
   * ```
   */
  set(key: K, value: V): this {
    this.#table.set(key, value);
    return this;
  }

  /**
   * Removes the entry whose key equals `key`; `true` when there was one.
   * @example
   * ```ts
   * const m = new HashMap([[[1], 'a']]);
   * m.delete([1]); // true
   * m.size; // 0
   * ```
   */
  delete(key: K): boolean {
    return this.#table.delete(key);
  }

  /**
   * Removes every entry.
   * @example
   * ```ts
   * const m = new HashMap([[1, 'a']]);
   * m.clear();
   * m.size; // 0
   * ```
   */
  clear(): void {
    this.#table.clear();
  }

  /**
   * Calls `callback(value, key, map)` for each entry in insertion order.
   * @example
   * ```ts
   * new HashMap([[[1], 'a']]).forEach((v, k) => console.log(k, v)); // [ 1 ] a
   * ```
   */
  forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    if (typeof callback !== 'function' || isRevokedProxy(callback)) {
      throw new ProtocolArgumentError(
        `${this[Symbol.toStringTag]}.forEach`,
        'callback',
        'a function (value, key, map) => void',
        callback,
      );
    }
    const it = this.#table.iterator<[K, V]>(ENTRIES);
    for (let r = it.next(); !r.done; r = it.next())
      callback.call(thisArg, r.value[1], r.value[0], this);
  }

  /**
   * `[key, value]` pairs in insertion order.
   * @example
   * ```ts
   * [...new HashMap([[[1], 'a']]).entries()]; // [[[1], 'a']]
   * ```
   */
  entries(): MapIterator<[K, V]> {
    return this.#table.iterator(ENTRIES);
  }

  /**
   * Keys in insertion order (the first key object of each group of equal keys).
   * @example
   * ```ts
   * [...new HashMap([[[1], 'a']]).keys()]; // [[1]]
   * ```
   */
  keys(): MapIterator<K> {
    return this.#table.iterator(KEYS);
  }

  /**
   * Values in insertion order.
   * @example
   * ```ts
   * [...new HashMap([[[1], 'a']]).values()]; // ['a']
   * ```
   */
  values(): MapIterator<V> {
    return this.#table.iterator(VALUES);
  }

  /**
   * The same as `entries()`: `for (const [k, v] of map)`.
   * @example
   * ```ts
   * for (const [k, v] of new HashMap([[[1], 'a']])) console.log(k, v); // [ 1 ] a
   * ```
   */
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.#table.iterator(ENTRIES);
  }

  /** `'HashMap'` (`Object.prototype.toString` gives `[object HashMap]`). */
  get [Symbol.toStringTag](): string {
    return 'HashMap';
  }

  /** @internal The process-wide brand (see {@link COLLECTION_KIND}). */
  get [COLLECTION_KIND](): string {
    return 'HashMap';
  }

  /** `equals`: another map of the same kind with equal keys mapped to equal values. */
  [dunder.eq](that: unknown): boolean {
    if (!sameKind(this, that)) return false;
    const other = that as HashMap<K, V>;
    if (other.size !== this.size) return false;
    for (const [k, v] of this) {
      if (!other.has(k) || !eq(v, other.get(k))) return false;
    }
    return true;
  }

  /** `hash`: order-insensitive over the entries. */
  [dunder.hash](): number {
    const pairs: [number, number][] = [];
    for (const [k, v] of this) pairs.push([this.#table.hashOf(k), hashOf(v)]);
    return hashEntries(0x4d4150, pairs);
  }

  /** `repr`: `HashMap(2) { [1, 2] => 'a', 'k' => 1 }`. */
  [dunder.repr](): string {
    const parts: string[] = [];
    for (const [k, v] of this) parts.push(`${reprOf(k)} => ${reprOf(v)}`);
    return `${this[Symbol.toStringTag]}(${this.size}) ${parts.length ? `{ ${parts.join(', ')} }` : '{}'}`;
  }

  /** `len`: the size. */
  [dunder.len](): number {
    return this.size;
  }

  /** `contains`: whether the key is present. */
  [dunder.contains](key: unknown): boolean {
    return this.has(key as K);
  }
}
inspectable(HashMap);
