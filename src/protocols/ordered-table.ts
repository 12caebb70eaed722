/**
 * The table behind HashMap, HashSet and Counter: CPython's compact dict, with a native-`Map`
 * fast path for primitive keys.
 *
 * Three modes, fixed by how the table is made and changed only by `promote`:
 * - NATIVE (`OrderedTable.byValue`, while every key is a primitive): the table is just a
 *   native `Map`. Primitives compare by SameValueZero, which is `equals` for primitives.
 * - MIXED (`byValue`, after the first object key): object keys live in the compact dict
 *   below; primitive keys are found through the former native `Map` (key → entry number),
 *   so strings are never hashed in JavaScript.
 * - CUSTOM (`OrderedTable.withInstance`, an explicit `{ equals, hash }`): every key lives in
 *   the compact dict, compared by the instance.
 *
 * The compact dict. Entries are appended to parallel arrays (`keys`, `values`, `hashes`) in
 * insertion order; a deleted entry leaves a hole. `index` is an open-addressing table
 * (perturbed probing, as CPython's) from hash to entry number, at most 2/3 full. Lookups touch
 * a typed array and the entry arrays — no per-entry object, no native `Map` operation — which
 * is why a HashMap with object keys is about as fast as a native `Map` with number keys. One
 * loop walks a probe sequence (`#probe`); find, insert, delete and rebuild all use it.
 *
 * Iterators walk entry numbers, skipping holes, so they see entries added during iteration
 * and skip entries deleted before they are reached — a native `Map`'s semantics. Compaction
 * (dropping holes) renumbers entries: live iterators are found through weak references and
 * moved to their new position, and promotion carries native iterators over the same way.
 *
 * Re-entrancy. `eq` and `hash` are user code, and may add or delete keys of this very table
 * while it probes. Every structural change bumps `version`; a probe that sees it change across
 * an `eq` call starts again from scratch (Python's dict does the same), so it never writes
 * through an entry number or an index slot that the change made stale. A key whose `eq`
 * changes the table on every call gives up with ReentrantMutationError.
 *
 * The data path of a lookup, top-down: `get` → `#find` (mode) → `#lookup` (restarts) →
 * `#probe` (the loop) → the entry arrays.
 */
import { KeyMutatedError, ProtocolResultError, ReentrantMutationError } from './errors.js';
import { isPrimitive } from './kinds.js';

const EMPTY = -1;
const DUMMY = -2;
/** Marks a deleted entry in `keys` (never a user value). */
const HOLE: unique symbol = Symbol('polyfold.hole');
/** `#probe`: the table changed during an `eq` call; start again. Never a slot encoding. */
const RESTART = -0x80000000;

export const ENTRIES = 0;
export const KEYS = 1;
export const VALUES = 2;
/** `[key, key]`, for HashSet's `entries()`. */
export const PAIRS = 3;

const NATIVE = 0;
const MIXED = 1;
const CUSTOM = 2;
type Mode = typeof NATIVE | typeof MIXED | typeof CUSTOM;

/** How a table compares keys, and who owns it (for messages). */
export interface TableOptions<K> {
  readonly eq: (a: K, b: K) => boolean;
  readonly hash: (key: K) => number;
  /** Check for keys mutated after insertion on every miss (see `check`). */
  readonly debug: boolean;
  /** `'HashMap'`, `'HashSet'`, `'Counter'`: named in errors and by iterators. */
  readonly owner: string;
}

export class OrderedTable<K, V> {
  #mode: Mode;
  /** NATIVE mode: all there is. */
  #native: Map<K, V> | undefined;
  /** MIXED mode: primitive key → entry number (the former native map, same object). */
  #prim: Map<K, number> | undefined;
  #index: Int32Array = new Int32Array(0);
  #mask = -1;
  #fill = 0;
  #keys: (K | typeof HOLE)[] = [];
  #values: (V | undefined)[] = [];
  #hashes: number[] = [];
  #size = 0;
  #holes = 0;
  readonly #eq: (a: K, b: K) => boolean;
  readonly #hash: (key: K) => number;
  readonly #debug: boolean;
  readonly #owner: string;
  #live: Set<WeakRef<TableIterator<K, V, unknown>>> | undefined;
  #pruneAt = 64;
  /** Bumped by every change of keys, entry numbers or the index (see the module comment). */
  #version = 0;

  /** A table comparing keys with `equals`/`hash` (given as `eq`/`hash`): starts NATIVE. */
  static byValue<K, V>(options: TableOptions<K>): OrderedTable<K, V> {
    return new OrderedTable<K, V>(options, NATIVE);
  }

  /** A table comparing keys with an explicit instance: CUSTOM. */
  static withInstance<K, V>(options: TableOptions<K>): OrderedTable<K, V> {
    return new OrderedTable<K, V>(options, CUSTOM);
  }

  private constructor(options: TableOptions<K>, mode: Mode) {
    this.#eq = options.eq;
    this.#hash = options.hash;
    this.#debug = options.debug;
    this.#owner = options.owner;
    this.#mode = mode;
    if (mode === NATIVE) this.#native = new Map();
    else this.#resize(8);
  }

  get owner(): string {
    return this.#owner;
  }

  count(): number {
    return this.#mode === NATIVE ? this.#native!.size : this.#size;
  }

  // --- lookup ------------------------------------------------------------------------------

  get(key: K): V | undefined {
    if (this.#mode === NATIVE) return this.#native!.get(key);
    const e = this.#find(key);
    return e < 0 ? undefined : this.#values[e];
  }

  has(key: K): boolean {
    if (this.#mode === NATIVE) return this.#native!.has(key);
    return this.#find(key) >= 0;
  }

  /** The entry number of the key equal to `key`, or -1 (not NATIVE). */
  #find(key: K): number {
    if (this.#mode === MIXED && isPrimitive(key)) {
      const e = this.#prim!.get(key);
      return e === undefined ? -1 : e;
    }
    const s = this.#lookup(key, this.#hash(key));
    if (s >= 0) return this.#index[s]!;
    if (this.#debug) this.check();
    return -1;
  }

  /** `#probe` for `key`, started again whenever `eq` changed the table. */
  #lookup(key: K, h: number): number {
    for (let restarts = 0; ; restarts++) {
      const s = this.#probe(key, h, true);
      if (s !== RESTART) return s;
      if (restarts === ReentrantMutationError.limit) {
        throw new ReentrantMutationError(this.#owner, key);
      }
    }
  }

  /**
   * Walks the probe sequence of `h`: returns the index slot holding the entry whose key
   * equals `key` (when `match`), else `~slot` of the first free slot on the way (a DUMMY
   * before the first EMPTY, or that EMPTY), or RESTART when `eq` changed the table.
   */
  #probe(key: K, h: number, match: boolean): number {
    const version = this.#version;
    const index = this.#index;
    const mask = this.#mask;
    const hashes = this.#hashes;
    const keys = this.#keys;
    let i = h & mask;
    let perturb = h >>> 0;
    let free = -1;
    for (;;) {
      const e = index[i]!;
      if (e === EMPTY) return ~(free >= 0 ? free : i);
      if (e === DUMMY) {
        if (free < 0) free = i;
      } else if (match && hashes[e] === h) {
        const k = keys[e] as K;
        if (k === key) return i;
        const same = this.#eq(k, key);
        if (this.#version !== version) return RESTART;
        if (same) return i;
      }
      perturb >>>= 5;
      i = (i * 5 + perturb + 1) & mask;
    }
  }

  // --- changes -----------------------------------------------------------------------------

  set(key: K, value: V): void {
    const mode = this.#mode;
    if (mode === NATIVE) {
      if (isPrimitive(key)) {
        this.#native!.set(key, value);
        return;
      }
      this.#promote();
    } else if (mode === MIXED && isPrimitive(key)) {
      const prim = this.#prim!;
      const e = prim.get(key);
      if (e !== undefined) this.#values[e] = value;
      // As a native Map does, a -0 key is stored as +0.
      else prim.set(key, this.#append((key === 0 ? 0 : key) as K, value, 0));
      return;
    }
    const h = this.#hash(key);
    let s = this.#lookup(key, h);
    if (s < 0 && this.#debug) {
      // check() calls hash, user code that may have added the key: look again after it.
      this.check();
      s = this.#lookup(key, h);
    }
    if (s >= 0) {
      this.#values[this.#index[s]!] = value;
      return;
    }
    if ((this.#fill + 1) * 3 >= (this.#mask + 1) * 2) this.#rebuild();
    this.#place(h, this.#append(key, value, h));
  }

  /** Adds `delta` to the number stored for `key` (absent counts as 0): Counter's hot path. */
  adjust(key: K, delta: number): void {
    const native = this.#native;
    if (this.#mode === NATIVE && isPrimitive(key)) {
      native!.set(key, (((native!.get(key) as number | undefined) ?? 0) + delta) as V);
      return;
    }
    const e = this.#mode === NATIVE ? -1 : this.#find(key);
    if (e >= 0) this.#values[e] = ((this.#values[e] as number) + delta) as V;
    else this.set(key, (0 + delta) as V); // 0 + -0 is +0, as for a key already present
  }

  delete(key: K): boolean {
    const mode = this.#mode;
    if (mode === NATIVE) return this.#native!.delete(key);
    let e: number;
    if (mode === MIXED && isPrimitive(key)) {
      const prim = this.#prim!;
      const found = prim.get(key);
      if (found === undefined) return false;
      prim.delete(key);
      e = found;
    } else {
      const s = this.#lookup(key, this.#hash(key));
      if (s < 0) {
        if (this.#debug) this.check();
        return false;
      }
      e = this.#index[s]!;
      this.#index[s] = DUMMY;
    }
    this.#keys[e] = HOLE;
    this.#values[e] = undefined;
    this.#size--;
    this.#holes++;
    this.#version++;
    if (this.#holes > 32 && this.#holes > this.#size) this.#rebuild();
    return true;
  }

  clear(): void {
    if (this.#mode === NATIVE) {
      this.#native!.clear();
      return;
    }
    this.#prim?.clear();
    this.#version++;
    this.#keys = [];
    this.#values = [];
    this.#hashes = [];
    this.#size = 0;
    this.#holes = 0;
    this.#resize(8);
    // Iterators continue with whatever is added after the clear, as a native Map's do.
    this.#forEachLive((it) => it.moveTo(0));
  }

  /** The hash the table uses for `key` (its instance's, or `hash`; for `dunder.hash` of collections). */
  hashOf(key: K): number {
    return this.#hash(key);
  }

  /** Debug mode: throws KeyMutatedError when a stored key no longer has its stored hash. */
  check(): void {
    const keys = this.#keys;
    const hashes = this.#hashes;
    const prim = this.#prim;
    for (let e = 0; e < keys.length; e++) {
      const k = keys[e]!;
      if (k === HOLE || (prim !== undefined && isPrimitive(k))) continue;
      const now = this.#hash(k as K);
      if (now !== hashes[e]) throw new KeyMutatedError(this.#owner, k, hashes[e]!, now);
    }
  }

  #append(key: K, value: V, h: number): number {
    this.#version++;
    const e = this.#keys.length;
    this.#keys.push(key);
    this.#values.push(value);
    this.#hashes.push(h);
    this.#size++;
    return e;
  }

  /** Puts entry `e` (hash `h`) in the first free index slot of its probe sequence. */
  #place(h: number, e: number): void {
    const s = ~this.#probe(HOLE as K, h, false);
    if (this.#index[s] === EMPTY) this.#fill++;
    this.#index[s] = e;
  }

  #resize(capacity: number): void {
    this.#version++;
    this.#index = new Int32Array(capacity).fill(EMPTY);
    this.#mask = capacity - 1;
    this.#fill = 0;
  }

  /** Drops holes (renumbering entries and live iterators) and resizes the index for the live entries. */
  #rebuild(): void {
    if (this.#holes > 0) this.#compact();
    let capacity = 8;
    while (capacity * 2 <= (this.#size + 1) * 3) capacity *= 2;
    this.#resize(capacity * 2);
    const keys = this.#keys;
    const hashes = this.#hashes;
    const prim = this.#prim;
    for (let e = 0; e < keys.length; e++) {
      if (prim !== undefined && isPrimitive(keys[e])) continue;
      this.#place(hashes[e]!, e);
    }
  }

  #compact(): void {
    const keys = this.#keys;
    const values = this.#values;
    const hashes = this.#hashes;
    const prim = this.#prim;
    const n = keys.length;
    const renumber = new Int32Array(n + 1);
    const nk: (K | typeof HOLE)[] = [];
    const nv: (V | undefined)[] = [];
    const nh: number[] = [];
    for (let e = 0; e < n; e++) {
      renumber[e] = nk.length;
      const k = keys[e]!;
      if (k === HOLE) continue;
      if (prim !== undefined && isPrimitive(k)) prim.set(k as K, nk.length);
      nk.push(k);
      nv.push(values[e]);
      nh.push(hashes[e]!);
    }
    renumber[n] = nk.length;
    this.#keys = nk;
    this.#values = nv;
    this.#hashes = nh;
    this.#holes = 0;
    this.#forEachLive((it) => it.renumber(renumber));
  }

  /** NATIVE → MIXED: the first key that is not a primitive arrived. */
  #promote(): void {
    const native = this.#native!;
    this.#native = undefined;
    this.#mode = MIXED;
    // The native map becomes the primitive index in place (same object, same order), so
    // iterators taken before the promotion read their next entry number from it.
    const prim = native as unknown as Map<K, number>;
    for (const [k, v] of native) prim.set(k, this.#append(k, v, 0));
    this.#prim = prim;
    this.#rebuild();
    this.#forEachLive((it) => it.leaveNative(this.#keys.length));
  }

  // --- iteration ---------------------------------------------------------------------------

  iterator<T>(kind: number): TableIterator<K, V, T> {
    const native = this.#mode === NATIVE ? this.#native!.entries() : undefined;
    return new TableIterator<K, V, T>(this, kind, native);
  }

  /** Registers a live iterator (see the module comment); returns what releases it. */
  track(it: TableIterator<K, V, unknown>): () => void {
    this.#live ??= new Set();
    const live = this.#live;
    if (live.size >= this.#pruneAt) {
      // Iterators abandoned before their end are never released: drop the collected ones.
      for (const ref of live) if (ref.deref() === undefined) live.delete(ref);
      this.#pruneAt = Math.max(64, live.size * 2);
    }
    const ref = new WeakRef(it);
    live.add(ref);
    return () => live.delete(ref);
  }

  /** The first live entry number at or after `pos`, or -1 when there is none. */
  nextLive(pos: number): number {
    const keys = this.#keys;
    while (pos < keys.length && keys[pos] === HOLE) pos++;
    return pos < keys.length ? pos : -1;
  }

  keyAt(e: number): K {
    return this.#keys[e] as K;
  }

  valueAt(e: number): V {
    return this.#values[e] as V;
  }

  #forEachLive(f: (it: TableIterator<K, V, unknown>) => void): void {
    const live = this.#live;
    if (live === undefined) return;
    for (const ref of live) {
      const it = ref.deref();
      if (it === undefined) live.delete(ref);
      else f(it);
    }
  }
}

/** Iterates an OrderedTable like a native Map iterator (see the module comment). */
export class TableIterator<K, V, T> implements MapIterator<T> {
  readonly #table: OrderedTable<K, V>;
  readonly #kind: number;
  #native: Iterator<[K, unknown]> | undefined;
  /** The next entry number to look at; -1 once finished (a finished iterator stays finished). */
  #pos = 0;
  #release: (() => void) | undefined;

  constructor(table: OrderedTable<K, V>, kind: number, native: Iterator<[K, unknown]> | undefined) {
    this.#table = table;
    this.#kind = kind;
    this.#native = native;
    this.#release = table.track(this as TableIterator<K, V, unknown>);
  }

  /** The table left native mode: continue at the entry the native iterator would give next. */
  leaveNative(end: number): void {
    const native = this.#native;
    if (native === undefined || this.#pos < 0) return;
    this.#native = undefined;
    const r = native.next();
    this.#pos = r.done ? end : (r.value[1] as number);
  }

  renumber(renumber: Int32Array): void {
    if (this.#native === undefined && this.#pos >= 0) this.#pos = renumber[this.#pos]!;
  }

  moveTo(pos: number): void {
    if (this.#native === undefined && this.#pos >= 0) this.#pos = pos;
  }

  next(): IteratorResult<T, undefined> {
    const native = this.#native;
    if (native !== undefined) {
      const r = native.next();
      if (r.done) return this.#finish();
      return { done: false, value: this.#project(r.value[0], r.value[1] as V, r.value) };
    }
    if (this.#pos < 0) return { done: true, value: undefined };
    const table = this.#table;
    const e = table.nextLive(this.#pos);
    if (e < 0) return this.#finish();
    this.#pos = e + 1;
    return { done: false, value: this.#project(table.keyAt(e), table.valueAt(e), undefined) };
  }

  #project(k: K, v: V, pair: [K, unknown] | undefined): T {
    switch (this.#kind) {
      case KEYS:
        return k as unknown as T;
      case VALUES:
        return v as unknown as T;
      case PAIRS:
        return [k, k] as T;
      default:
        return (pair ?? [k, v]) as T;
    }
  }

  return(): IteratorResult<T, undefined> {
    return this.#finish();
  }

  #finish(): IteratorResult<T, undefined> {
    this.#native = undefined;
    this.#pos = -1;
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
    return `${this.#table.owner} Iterator`;
  }
}

/** Wraps an explicit hash so that its results are checked and truncated to 32 bits. */
export function checkedHash<K>(hash: (key: K) => number, self: unknown): (key: K) => number {
  return (k) => {
    const h = hash.call(self, k) as unknown;
    if (typeof h !== 'number')
      throw new ProtocolResultError('hash', k, h, 'a number (a 32-bit integer)');
    return h | 0;
  };
}
