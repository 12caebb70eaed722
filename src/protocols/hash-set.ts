/**
 * `HashSet<T>`: a `Set` whose elements are compared by value — Python's `set`.
 *
 * Laws (checked by the model-based tests against a reference set):
 * - Membership by equality: after `s.add(x)`, `s.has(y)` for every `y` with `equals(x, y)`, and
 *   `s.size` counts elements up to `equals`.
 * - Set semantics: insertion order is kept; adding an element equal to a present one changes
 *   nothing (the first element object stays); iteration behaves as a native `Set`'s.
 * - Protocols: `equals(s1, s2)` when both hold equal elements (order ignored); `hash` agrees;
 *   `len(s) === s.size`; `contains(s, x) === s.has(x)`.
 */

import { isRevokedProxy } from '../dispatch/internal.js';
import { ProtocolArgumentError } from './errors.js';
import { hashElements } from './hash.js';
import {
  COLLECTION_KIND,
  checkIterable,
  type HashMapOptions,
  sameKind,
  tableFor,
} from './hash-map.js';
import { checked } from './iterate.js';
import { KEYS, type OrderedTable, PAIRS } from './ordered-table.js';
import { inspectable, reprOf } from './repr.js';
import { dunder } from './symbols.js';

/**
 * Python's `set` for JavaScript: a `Set` whose elements are compared by value.
 *
 * When to use: de-duplicating tuples, records or your own classes (`[1, 2]` twice is one
 * element here, two in a native `Set`).
 *
 * Details: implements the native `Set` interface (insertion order, `size`, iteration,
 * `forEach`, `Symbol.toStringTag`); elements compared by `equals`/`hash` or an explicit
 * `{ equals, hash }` instance (an fp-ts `Eq`/`Hash` works); primitives take a native fast path.
 * Implements the protocols itself (`equals`, `hash`, `repr`, `len`, `contains`).
 *
 * Gotchas: do not mutate an element while it is in the set (see {@link setDebugMode}).
 *
 * @example
 * ```ts
 * import { HashSet } from 'polyfold/protocols';
 * const s = new HashSet([[1, 2], [1, 2], [2, 1]]);
 * s.size; // 2
 * s.has([2, 1]); // true
 * ```
 */
export class HashSet<T> implements Set<T> {
  // Elements are the keys of a table whose values are unused (see ordered-table.ts).
  readonly #table: OrderedTable<T, true>;

  constructor(values?: Iterable<T> | null, options?: HashMapOptions<T>) {
    this.#table = tableFor<T, true>(options, 'HashSet');
    if (values !== undefined && values !== null) {
      checkIterable(
        'HashSet',
        'values',
        'an iterable of values (an array, a Set…), null or undefined',
        values,
      );
      for (const v of checked(values)) this.add(v);
    }
  }

  /**
   * The number of elements.
   * @example
   * ```ts
   * new HashSet([{ a: 1 }, { a: 1 }]).size; // 1
   * ```
   */
  get size(): number {
    return this.#table.count();
  }

  /**
   * Adds `value` unless an equal element is present. Returns the set.
   * @example
   * ```ts
   * new HashSet<number[]>().add([1]).add([1]).size; // 1
   * ```
   */
  add(value: T): this {
    // Setting an equal element again keeps the first element object (values are unused).
    this.#table.set(value, true);
    return this;
  }

  /**
   * Whether an element equal to `value` is present.
   * @example
   * ```ts
   * new HashSet([new Date(0)]).has(new Date(0)); // true
   * ```
   */
  has(value: T): boolean {
    return this.#table.has(value);
  }

  /**
   * Removes the element equal to `value`; `true` when there was one.
   * @example
   * ```ts
   * new HashSet([[1]]).delete([1]); // true
   * ```
   */
  delete(value: T): boolean {
    return this.#table.delete(value);
  }

  /**
   * Removes every element.
   * @example
   * ```ts
   * const s = new HashSet([1]);
   * s.clear();
   * s.size; // 0
   * ```
   */
  clear(): void {
    this.#table.clear();
  }

  /**
   * Calls `callback(value, value, set)` for each element in insertion order.
   * @example
   * ```ts
   * new HashSet([[1]]).forEach((v) => console.log(v)); // [ 1 ]
   * ```
   */
  forEach(callback: (value: T, value2: T, set: Set<T>) => void, thisArg?: unknown): void {
    if (typeof callback !== 'function' || isRevokedProxy(callback)) {
      throw new ProtocolArgumentError(
        'HashSet.forEach',
        'callback',
        'a function (value, value2, set) => void',
        callback,
      );
    }
    const it = this.#table.iterator<T>(KEYS);
    for (let r = it.next(); !r.done; r = it.next()) callback.call(thisArg, r.value, r.value, this);
  }

  /**
   * Elements in insertion order.
   * @example
   * ```ts
   * [...new HashSet([[1], [2]]).values()]; // [[1], [2]]
   * ```
   */
  values(): SetIterator<T> {
    return this.#table.iterator(KEYS);
  }

  /**
   * The same as `values()` (as for a native `Set`).
   * @example
   * ```ts
   * [...new HashSet([1]).keys()]; // [1]
   * ```
   */
  keys(): SetIterator<T> {
    return this.#table.iterator(KEYS);
  }

  /**
   * `[value, value]` pairs (as for a native `Set`).
   * @example
   * ```ts
   * [...new HashSet([1]).entries()]; // [[1, 1]]
   * ```
   */
  entries(): SetIterator<[T, T]> {
    return this.#table.iterator(PAIRS);
  }

  /**
   * The same as `values()`: `for (const x of set)`.
   * @example
   * ```ts
   * for (const x of new HashSet([[1]])) console.log(x); // [ 1 ]
   * ```
   */
  [Symbol.iterator](): SetIterator<T> {
    return this.#table.iterator(KEYS);
  }

  /** `'HashSet'`. */
  get [Symbol.toStringTag](): string {
    return 'HashSet';
  }

  /** @internal The process-wide brand. */
  get [COLLECTION_KIND](): string {
    return 'HashSet';
  }

  /** `equals`: another HashSet with equal elements. */
  [dunder.eq](that: unknown): boolean {
    if (!sameKind(this, that)) return false;
    const other = that as HashSet<T>;
    if (other.size !== this.size) return false;
    for (const x of this) if (!other.has(x)) return false;
    return true;
  }

  /** `hash`: order-insensitive over the elements. */
  [dunder.hash](): number {
    const hashes: number[] = [];
    for (const x of this) hashes.push(this.#table.hashOf(x));
    return hashElements(0x534554, hashes);
  }

  /** `repr`: `HashSet(2) { [1, 2], 'a' }`. */
  [dunder.repr](): string {
    const parts: string[] = [];
    for (const x of this) parts.push(reprOf(x));
    return `HashSet(${this.size}) ${parts.length ? `{ ${parts.join(', ')} }` : '{}'}`;
  }

  /** `len`: the size. */
  [dunder.len](): number {
    return this.size;
  }

  /** `contains`: whether an equal element is present. */
  [dunder.contains](x: unknown): boolean {
    return this.has(x as T);
  }
}
inspectable(HashSet);
