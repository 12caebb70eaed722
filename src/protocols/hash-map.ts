/**
 * `HashMap<K, V>`: a `Map` whose keys are compared by value (`equals`/`hash`, or an explicit
 * instance) — Python's `dict`.
 *
 * Laws (checked by the model-based tests against a reference association list):
 * - Lookup by equality: after `m.set(k, v)`, `m.get(k2) === v` for every `k2` with
 *   `equals(k, k2)`, and `m.size` counts keys up to `equals`.
 * - Map semantics: insertion order is kept (re-setting a key keeps its place and its first
 *   key object), `delete` then `set` moves a key to the end, and iteration sees entries added
 *   during iteration and skips entries deleted before they are reached — as native `Map`.
 * - Protocols: `equals(m1, m2)` when both hold equal keys with equal values (order ignored);
 *   `hash` agrees with that; `len(m) === m.size`; `contains(m, k) === m.has(k)`.
 *
 * Layout. While every key is a primitive (and no explicit instance was given), the map is a
 * native `Map` and nothing else: primitive keys already compare by SameValueZero, which is
 * `equals` for primitives, so `set` and `get` cost one native call. The first object key
 * "promotes" the map: every entry becomes a node in a doubly linked list (insertion order),
 * primitive keys index their node through the same native `Map`, object keys through
 * buckets keyed by hash. Live iterators are carried across the promotion.
 */
import { eq } from './equals.js';
import { KeyMutatedError, ProtocolResultError } from './errors.js';
import { hashEntries, hashOf } from './hash.js';
import { describe, isPrimitive } from './kinds.js';
import { inspectable, reprOf } from './repr.js';
import { state as protocolState } from './state.js';
import { dunder } from './symbols.js';

/**
 * An explicit key instance (and options) for HashMap, HashSet and Counter. An fp-ts `Eq` or a
 * polyfold `Hash` (fp-ts `Eq` plus `hash`) is accepted as is.
 *
 * - `equals` and `hash` given: keys are compared with them (they must agree: equal keys, equal
 *   hashes).
 * - only `equals` (a plain fp-ts `Eq`): correct but every key shares one bucket, so lookups
 *   are linear — give a `hash` to stay O(1).
 * - only `hash`: keys are compared with `equals`; the hash must agree with it.
 * - neither: `equals`/`hash` from `polyfold/protocols`, with a native fast path for primitives.
 */
export interface HashMapOptions<K> {
  readonly equals?: (a: K, b: K) => boolean;
  readonly hash?: (key: K) => number;
  /** Check for keys mutated after insertion (see `setDebugMode`); defaults to the global mode. */
  readonly debug?: boolean;
}

/** Process-wide brand, so a HashMap from another copy of polyfold is recognised as one. */
export const COLLECTION_KIND = Symbol.for('polyfold.collectionKind');

// Module-internal access to private fields, for HashSet and Counter (no public surface).
let keyHash: <K>(map: HashMap<K, unknown>, key: K) => number;
let optionsOf: <K>(map: HashMap<K, unknown>) => HashMapOptions<K> | undefined;

/** @internal The hash `map` uses for `key`. */
export function keyHashOf<K>(map: HashMap<K, unknown>, key: K): number {
  return keyHash(map, key);
}

/** @internal The explicit instance and options `map` was made with. */
export function mapOptions<K>(map: HashMap<K, unknown>): HashMapOptions<K> | undefined {
  return optionsOf(map);
}

class Node<K, V> {
  key: K;
  value: V;
  hash: number;
  prev: Node<K, V> | null;
  next: Node<K, V> | null = null;
  deleted = false;
  constructor(key: K, value: V, hash: number, prev: Node<K, V> | null) {
    this.key = key;
    this.value = value;
    this.hash = hash;
    this.prev = prev;
  }
}

const ENTRIES = 0;
const KEYS = 1;
const VALUES = 2;

/** @internal Iterates a HashMap like a native Map iterator (see the module comment). */
class HashMapIterator<K, V, T> implements MapIterator<T> {
  // Native mode: the native Map's iterator; after promotion (or from the start), the last node
  // yielded (the list head before the first). `null` once done: a finished iterator stays done.
  #native: Iterator<[K, unknown]> | undefined;
  #cur: Node<K, V> | null;
  readonly #kind: number;
  #release: (() => void) | undefined;

  constructor(kind: number, native: Iterator<[K, unknown]> | undefined, start: Node<K, V> | null) {
    this.#kind = kind;
    this.#native = native;
    this.#cur = start;
  }

  /** @internal Called by the map when it is promoted while this iterator is live. */
  rebase(tail: Node<K, V>): void {
    const r = this.#native!.next();
    this.#native = undefined;
    this.#release = undefined;
    this.#cur = r.done ? tail : (r.value[1] as Node<K, V>).prev;
  }

  /** @internal */
  onFinish(release: () => void): void {
    this.#release = release;
  }

  next(): IteratorResult<T, undefined> {
    const native = this.#native;
    if (native !== undefined) {
      const r = native.next();
      if (r.done) return this.#finish();
      const entry = r.value;
      const kind = this.#kind;
      return {
        done: false,
        value: (kind === KEYS ? entry[0] : kind === VALUES ? entry[1] : entry) as T,
      };
    }
    let cur = this.#cur;
    if (cur === null) return { done: true, value: undefined };
    // A node deleted after it was yielded: its live predecessor's successor comes next.
    while (cur.deleted) cur = cur.prev!;
    const n = cur.next;
    if (n === null) return this.#finish();
    this.#cur = n;
    const kind = this.#kind;
    return {
      done: false,
      value: (kind === KEYS ? n.key : kind === VALUES ? n.value : [n.key, n.value]) as T,
    };
  }

  return(): IteratorResult<T, undefined> {
    return this.#finish();
  }

  #finish(): IteratorResult<T, undefined> {
    this.#native = undefined;
    this.#cur = null;
    const release = this.#release;
    this.#release = undefined;
    release?.();
    return { done: true, value: undefined };
  }

  [Symbol.iterator](): this {
    return this;
  }

  [Symbol.dispose](): void {
    this.#finish();
  }

  get [Symbol.toStringTag](): string {
    return 'HashMap Iterator';
  }
}

type Bucket<K, V> = Node<K, V> | Node<K, V>[];

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
 * instance for, say, case-insensitive string keys. A key object is never equal to a primitive
 * key. `HashMap` is not `instanceof Map` (it would then have to be a real native `Map`).
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
  #native: Map<K, V> | undefined;
  #prim: Map<K, Node<K, V>> | undefined;
  #buckets = new Map<number, Bucket<K, V>>();
  readonly #head: Node<K, V> = new Node<K, V>(undefined as K, undefined as V, 0, null);
  #tail: Node<K, V> = this.#head;
  #size = 0;
  readonly #eq: (a: K, b: K) => boolean;
  readonly #hash: (key: K) => number;
  readonly #debug: boolean;
  readonly #options: HashMapOptions<K> | undefined;
  #live: Set<WeakRef<HashMapIterator<K, V, unknown>>> | undefined;
  #pruneAt = 64;

  constructor(entries?: Iterable<readonly [K, V]> | null, options?: HashMapOptions<K>) {
    const customEq = options?.equals;
    const customHash = options?.hash;
    this.#options = options;
    this.#debug = options?.debug ?? isDebugOn();
    if (customEq === undefined && customHash === undefined) {
      this.#eq = eq;
      this.#hash = hashOf;
      this.#native = new Map();
    } else {
      this.#eq = customEq === undefined ? eq : (a, b) => customEq.call(options, a, b);
      this.#hash =
        customHash === undefined
          ? () => 0
          : (k) => {
              const h = customHash.call(options, k) as unknown;
              if (typeof h !== 'number')
                throw new ProtocolResultError('hash', k, h, 'a number (a 32-bit integer)');
              return h | 0;
            };
    }
    if (entries !== undefined && entries !== null) {
      for (const entry of entries) {
        if (typeof entry !== 'object' || entry === null) {
          throw new TypeError(
            `${this[Symbol.toStringTag]}: iterator value ${describe(entry)} is not an entry object; pass [key, value] pairs.`,
          );
        }
        this.set(entry[0], entry[1]);
      }
    }
  }

  static {
    keyHash = (map, key) => map.#hash(key);
    optionsOf = (map) => map.#options;
  }

  /**
   * The number of entries.
   * @example
   * ```ts
   * new HashMap([[[1], 'a'], [[1], 'b']]).size; // 1
   * ```
   */
  get size(): number {
    const native = this.#native;
    return native !== undefined ? native.size : this.#size;
  }

  /**
   * The value for `key` (compared by value), or `undefined`.
   * @example
   * ```ts
   * new HashMap([[{ id: 1 }, 'a']]).get({ id: 1 }); // 'a'
   * ```
   */
  get(key: K): V | undefined {
    const native = this.#native;
    if (native !== undefined) return native.get(key);
    const n = this.#find(key);
    return n === undefined ? undefined : n.value;
  }

  /**
   * Whether a key equal to `key` is present.
   * @example
   * ```ts
   * new HashMap([[[1, 2], true]]).has([1, 2]); // true
   * ```
   */
  has(key: K): boolean {
    const native = this.#native;
    if (native !== undefined) return native.has(key);
    return this.#find(key) !== undefined;
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
    const native = this.#native;
    if (native !== undefined) {
      if (isPrimitive(key)) {
        native.set(key, value);
        return this;
      }
      this.#promote();
    }
    const prim = this.#prim;
    if (prim !== undefined && isPrimitive(key)) {
      const n = prim.get(key);
      if (n !== undefined) n.value = value;
      // As a native Map does, store a -0 key as +0 (the native index already has).
      else prim.set(key, this.#append((key === 0 ? 0 : key) as K, value, 0));
      return this;
    }
    const h = this.#hash(key);
    const buckets = this.#buckets;
    const b = buckets.get(h);
    if (b === undefined) {
      if (this.#debug) this.#checkKeys();
      buckets.set(h, this.#append(key, value, h));
      return this;
    }
    const eqFn = this.#eq;
    if (Array.isArray(b)) {
      for (let i = 0; i < b.length; i++) {
        const n = b[i]!;
        if (n.key === key || eqFn(n.key, key)) {
          n.value = value;
          return this;
        }
      }
      if (this.#debug) this.#checkKeys();
      b.push(this.#append(key, value, h));
      return this;
    }
    if (b.key === key || eqFn(b.key, key)) {
      b.value = value;
      return this;
    }
    if (this.#debug) this.#checkKeys();
    buckets.set(h, [b, this.#append(key, value, h)]);
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
    const native = this.#native;
    if (native !== undefined) return native.delete(key);
    const prim = this.#prim;
    if (prim !== undefined && isPrimitive(key)) {
      const n = prim.get(key);
      if (n === undefined) return false;
      prim.delete(key);
      this.#unlink(n);
      return true;
    }
    const h = this.#hash(key);
    const buckets = this.#buckets;
    const b = buckets.get(h);
    if (b !== undefined) {
      const eqFn = this.#eq;
      if (Array.isArray(b)) {
        for (let i = 0; i < b.length; i++) {
          const n = b[i]!;
          if (n.key === key || eqFn(n.key, key)) {
            b.splice(i, 1);
            if (b.length === 1) buckets.set(h, b[0]!);
            this.#unlink(n);
            return true;
          }
        }
      } else if (b.key === key || eqFn(b.key, key)) {
        buckets.delete(h);
        this.#unlink(b);
        return true;
      }
    }
    if (this.#debug) this.#checkKeys();
    return false;
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
    const native = this.#native;
    if (native !== undefined) {
      native.clear();
      return;
    }
    for (let n = this.#head.next; n !== null; n = n.next) n.deleted = true;
    this.#head.next = null;
    this.#tail = this.#head;
    this.#size = 0;
    this.#prim?.clear();
    this.#buckets.clear();
  }

  /**
   * Calls `callback(value, key, map)` for each entry in insertion order.
   * @example
   * ```ts
   * new HashMap([[[1], 'a']]).forEach((v, k) => console.log(k, v)); // [ 1 ] a
   * ```
   */
  forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    if (typeof callback !== 'function') {
      throw new TypeError(
        `${this[Symbol.toStringTag]}.forEach: callback must be a function, got ${describe(callback)}.`,
      );
    }
    const it = this.entries();
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
    return this.#iterator<[K, V]>(ENTRIES);
  }

  /**
   * Keys in insertion order.
   * @example
   * ```ts
   * [...new HashMap([[[1], 'a']]).keys()]; // [[1]]
   * ```
   */
  keys(): MapIterator<K> {
    return this.#iterator<K>(KEYS);
  }

  /**
   * Values in insertion order.
   * @example
   * ```ts
   * [...new HashMap([[[1], 'a']]).values()]; // ['a']
   * ```
   */
  values(): MapIterator<V> {
    return this.#iterator<V>(VALUES);
  }

  /**
   * The same as `entries()`: `for (const [k, v] of map)`.
   * @example
   * ```ts
   * for (const [k, v] of new HashMap([[[1], 'a']])) console.log(k, v); // [ 1 ] a
   * ```
   */
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.#iterator<[K, V]>(ENTRIES);
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
    for (const [k, v] of this) pairs.push([this.#hash(k), hashOf(v)]);
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

  #iterator<T>(kind: number): MapIterator<T> {
    const native = this.#native;
    if (native === undefined) return new HashMapIterator<K, V, T>(kind, undefined, this.#head);
    const it = new HashMapIterator<K, V, T>(kind, native.entries(), null);
    this.#live ??= new Set();
    const live = this.#live;
    if (live.size >= this.#pruneAt) {
      // Iterators abandoned before their end are never released: drop the collected ones.
      for (const ref of live) if (ref.deref() === undefined) live.delete(ref);
      this.#pruneAt = Math.max(64, live.size * 2);
    }
    const ref = new WeakRef(it as HashMapIterator<K, V, unknown>);
    live.add(ref);
    it.onFinish(() => live.delete(ref));
    return it;
  }

  #find(key: K): Node<K, V> | undefined {
    const prim = this.#prim;
    if (prim !== undefined && isPrimitive(key)) return prim.get(key);
    const b = this.#buckets.get(this.#hash(key));
    if (b !== undefined) {
      const eqFn = this.#eq;
      if (Array.isArray(b)) {
        for (let i = 0; i < b.length; i++) {
          const n = b[i]!;
          if (n.key === key || eqFn(n.key, key)) return n;
        }
      } else if (b.key === key || eqFn(b.key, key)) {
        return b;
      }
    }
    if (this.#debug) this.#checkKeys();
    return undefined;
  }

  #append(key: K, value: V, h: number): Node<K, V> {
    const tail = this.#tail;
    const n = new Node(key, value, h, tail);
    tail.next = n;
    this.#tail = n;
    this.#size++;
    return n;
  }

  #unlink(n: Node<K, V>): void {
    // `n.prev` and `n.next` are kept: an iterator parked on `n` walks back through them.
    n.prev!.next = n.next;
    if (n.next !== null) n.next.prev = n.prev;
    else this.#tail = n.prev!;
    n.deleted = true;
    this.#size--;
  }

  /** Leaves native mode: the first key that is not a primitive arrived. */
  #promote(): void {
    const native = this.#native!;
    this.#native = undefined;
    // The native map becomes the primitive index in place (same object, same order), so
    // native iterators taken before the promotion can tell where they were.
    const prim = native as unknown as Map<K, Node<K, V>>;
    let tail = this.#head;
    let size = 0;
    for (const [k, v] of native) {
      const n = new Node<K, V>(k, v, 0, tail);
      tail.next = n;
      tail = n;
      prim.set(k, n);
      size++;
    }
    this.#tail = tail;
    this.#size = size;
    this.#prim = prim;
    const live = this.#live;
    this.#live = undefined;
    if (live !== undefined) for (const ref of live) ref.deref()?.rebase(tail);
  }

  #checkKeys(): void {
    const prim = this.#prim;
    for (let n = this.#head.next; n !== null; n = n.next) {
      if (prim !== undefined && isPrimitive(n.key)) continue;
      const now = this.#hash(n.key);
      if (now !== n.hash) throw new KeyMutatedError(this[Symbol.toStringTag], n.key, n.hash, now);
    }
  }
}
inspectable(HashMap);

function isDebugOn(): boolean {
  return protocolState.debug;
}

/** True when `that` is a collection of the same kind (from any copy of polyfold). */
export function sameKind(self: object, that: unknown): boolean {
  return (
    typeof that === 'object' &&
    that !== null &&
    (that as Record<symbol, unknown>)[COLLECTION_KIND] ===
      (self as Record<symbol, unknown>)[COLLECTION_KIND]
  );
}
