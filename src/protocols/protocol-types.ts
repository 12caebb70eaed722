/**
 * One type per protocol, under one name for two uses — like Python's `collections.abc`:
 * - as an **interface**, for `class Point implements Hashable` (the compiler checks the method);
 * - as an **abstract type**, for dispatch: `describe.register(Sized, (x) => …)` matches every
 *   value whose class has the `dunder` method, and the built-in types the protocol supports
 *   natively (declared as virtual subclasses, as Python registers `list` with `Sized`).
 *
 * `Equatable`, `Hashable`, `Representable` and `Truthy` match only classes that define the
 * method themselves: every value has the built-in behaviour, so an abstract type matching
 * everything would be useless for dispatch.
 *
 * The abstract types are created once per process (see state.ts), so two copies of polyfold
 * share them and their virtual subclasses.
 */
import { type AbstractType, abstractType } from '../dispatch/index.js';
import { shared } from './state.js';
import { dunder } from './symbols.js';

/**
 * A class with `[dunder.eq]` (Python's `__eq__`). Laws: reflexive, symmetric, transitive.
 *
 * @example
 * ```ts
 * import { dunder, Equatable } from 'polyfold/protocols';
 * class Id implements Equatable {
 *   constructor(readonly value: string) {}
 *   [dunder.eq](that: unknown) { return that instanceof Id && that.value === this.value; }
 * }
 * Equatable.matches(new Id('a')); // true
 * ```
 */
export interface Equatable {
  /** Whether `that` equals this value (return `false`, do not throw, for other types). */
  [dunder.eq](that: unknown): boolean;
}

/**
 * A class with `[dunder.hash]` and `[dunder.eq]` (Python's `__hash__`). Law: equal values have
 * equal hashes; the hash is a 32-bit integer.
 *
 * @example
 * ```ts
 * import { dunder, hash, Hashable } from 'polyfold/protocols';
 * class Id implements Hashable {
 *   constructor(readonly value: string) {}
 *   [dunder.eq](that: unknown) { return that instanceof Id && that.value === this.value; }
 *   [dunder.hash]() { return hash(this.value); }
 * }
 * Hashable.matches(new Id('a')); // true
 * ```
 */
export interface Hashable extends Equatable {
  /** A 32-bit integer; equal values must return equal hashes (hash the fields `eq` compares). */
  [dunder.hash](): number;
}

/**
 * A class with `[dunder.compare]` (Python's `__lt__`, `__eq__`, `__gt__` in one method
 * returning a negative number, zero or a positive number). Laws: a total order consistent
 * with `equals`. Numbers, bigints, strings, booleans, Dates and arrays are virtual subclasses.
 *
 * @example
 * ```ts
 * import { compare, Comparable, dunder } from 'polyfold/protocols';
 * class Version implements Comparable {
 *   constructor(readonly major: number, readonly minor: number) {}
 *   [dunder.compare](that: unknown) {
 *     if (!(that instanceof Version)) throw new TypeError('not a Version');
 *     return compare([this.major, this.minor], [that.major, that.minor]);
 *   }
 * }
 * Comparable.matches(new Version(1, 2)); // true
 * Comparable.matches('text'); // true
 * ```
 */
export interface Comparable {
  /** Negative, zero or positive as this value sorts before, with or after `that`. */
  [dunder.compare](that: unknown): number;
}

/**
 * A class with `[dunder.repr]` (Python's `__repr__`).
 *
 * @example
 * ```ts
 * import { dunder, repr, Representable } from 'polyfold/protocols';
 * class Point implements Representable {
 *   constructor(readonly x: number) {}
 *   [dunder.repr]() { return `Point(${this.x})`; }
 * }
 * repr([new Point(1)]); // '[Point(1)]'
 * Representable.matches(new Point(1)); // true
 * ```
 */
export interface Representable {
  /** An unambiguous one-line description for people (Python's `__repr__`). */
  [dunder.repr](): string;
}

/**
 * A class with `[dunder.len]` (Python's `__len__`). Strings, arrays, typed arrays, Map, Set,
 * ArrayBuffer and DataView are virtual subclasses (plain objects are not: they are records).
 *
 * @example
 * ```ts
 * import { Sized } from 'polyfold/protocols';
 * import { singledispatch } from 'polyfold/dispatch';
 * const describe = singledispatch((_: unknown) => 'a thing').register(Sized, () => 'a collection');
 * describe([1, 2]); // 'a collection'
 * describe(42); // 'a thing'
 * ```
 */
export interface Sized {
  /** The number of items: a non-negative integer. */
  [dunder.len](): number;
}

/**
 * A class with `[dunder.contains]` (Python's `__contains__`). Strings, arrays, typed arrays,
 * Map and Set are virtual subclasses.
 *
 * @example
 * ```ts
 * import { Container, dunder } from 'polyfold/protocols';
 * const evens = { [dunder.contains]: (x: unknown) => typeof x === 'number' && x % 2 === 0 };
 * Container.matches(evens); // true
 * Container.matches(new Set()); // true
 * ```
 */
export interface Container {
  /** Whether `x` is in this container. */
  [dunder.contains](x: unknown): boolean;
}

/**
 * A class with `[dunder.add]` (Python's `__add__`). Law: associative. Numbers, bigints,
 * strings and arrays are virtual subclasses.
 *
 * @example
 * ```ts
 * import { add, Addable, dunder } from 'polyfold/protocols';
 * class Money implements Addable<Money> {
 *   constructor(readonly cents: number) {}
 *   [dunder.add](that: Money) { return new Money(this.cents + that.cents); }
 * }
 * add(new Money(1), new Money(2)).cents; // 3
 * ```
 */
export interface Addable<R = unknown> {
  /** This value combined with `that` (a new value; neither operand changes). */
  [dunder.add](that: never): R;
}

/**
 * A class with `[dunder.bool]` (Python's `__bool__`).
 *
 * @example
 * ```ts
 * import { dunder, truthy, Truthy } from 'polyfold/protocols';
 * class Maybe implements Truthy {
 *   constructor(readonly value?: number) {}
 *   [dunder.bool]() { return this.value !== undefined; }
 * }
 * truthy(new Maybe()); // false
 * ```
 */
export interface Truthy {
  /** Whether this value counts as true (Python's `__bool__`). */
  [dunder.bool](): boolean;
}

const hasMethod =
  (key: symbol) =>
  (candidate: unknown): boolean =>
    candidate !== null &&
    candidate !== undefined &&
    typeof (candidate as Record<symbol, unknown>)[key] === 'function';

function protocolType<T>(
  name: string,
  key: symbol,
  builtins: readonly Function[],
): AbstractType<T> {
  return shared(`abstractType:${name}`, () => {
    const type = abstractType<T>(name, hasMethod(key));
    for (const cls of builtins) type.register(cls);
    return type;
  });
}

const TypedArray = Object.getPrototypeOf(Uint8Array) as Function;

/**
 * Values with `[dunder.eq]` (for dispatch; see the interface of the same name).
 *
 * @example
 * ```ts
 * import { dunder, Equatable } from 'polyfold/protocols';
 * Equatable.matches({ [dunder.eq]: () => true }); // true
 * Equatable.matches([1]); // false: arrays use the built-in equality
 * ```
 */
export const Equatable: AbstractType<Equatable> = protocolType('Equatable', dunder.eq, []);
/**
 * Values with `[dunder.hash]` (for dispatch; see the interface of the same name).
 *
 * @example
 * ```ts
 * import { Hashable, HashSet } from 'polyfold/protocols';
 * Hashable.matches(new HashSet()); // true
 * Hashable.matches([1]); // false
 * ```
 */
export const Hashable: AbstractType<Hashable> = protocolType('Hashable', dunder.hash, []);
/**
 * Values with `[dunder.compare]`, and numbers, bigints, strings, booleans, Dates and arrays.
 *
 * @example
 * ```ts
 * import { Comparable } from 'polyfold/protocols';
 * Comparable.matches(1n); // true
 * Comparable.matches({}); // false
 * ```
 */
export const Comparable: AbstractType<
  Comparable | number | bigint | string | boolean | Date | readonly unknown[]
> = protocolType('Comparable', dunder.compare, [Number, BigInt, String, Boolean, Date, Array]);
/**
 * Values with `[dunder.repr]` (for dispatch; see the interface of the same name).
 *
 * @example
 * ```ts
 * import { Counter, Representable } from 'polyfold/protocols';
 * Representable.matches(new Counter()); // true
 * Representable.matches({}); // false
 * ```
 */
export const Representable: AbstractType<Representable> = protocolType(
  'Representable',
  dunder.repr,
  [],
);
/**
 * Values with `[dunder.len]`, and strings, arrays, typed arrays, Map, Set, ArrayBuffer, DataView.
 *
 * @example
 * ```ts
 * import { Sized } from 'polyfold/protocols';
 * Sized.matches('abc'); // true
 * Sized.matches({}); // false: plain objects are records, not collections
 * ```
 */
export const Sized: AbstractType<
  | Sized
  | string
  | readonly unknown[]
  | ArrayLike<unknown>
  | ReadonlyMap<unknown, unknown>
  | ReadonlySet<unknown>
  | ArrayBuffer
  | DataView
> = protocolType('Sized', dunder.len, [String, Array, TypedArray, Map, Set, ArrayBuffer, DataView]);
/**
 * Values with `[dunder.contains]`, and strings, arrays, typed arrays, Map and Set.
 *
 * @example
 * ```ts
 * import { Container } from 'polyfold/protocols';
 * Container.matches([1]); // true
 * Container.matches(42); // false
 * ```
 */
export const Container: AbstractType<
  | Container
  | string
  | readonly unknown[]
  | ArrayLike<unknown>
  | ReadonlyMap<unknown, unknown>
  | ReadonlySet<unknown>
> = protocolType('Container', dunder.contains, [String, Array, TypedArray, Map, Set]);
/**
 * Values with `[dunder.add]`, and numbers, bigints, strings and arrays.
 *
 * @example
 * ```ts
 * import { Addable } from 'polyfold/protocols';
 * Addable.matches('a'); // true
 * Addable.matches(new Set()); // false
 * ```
 */
export const Addable: AbstractType<Addable | number | bigint | string | readonly unknown[]> =
  protocolType('Addable', dunder.add, [Number, BigInt, String, Array]);
/**
 * Values with `[dunder.bool]` (for dispatch; see the interface of the same name).
 *
 * @example
 * ```ts
 * import { dunder, Truthy } from 'polyfold/protocols';
 * Truthy.matches({ [dunder.bool]: () => false }); // true
 * Truthy.matches(0); // false
 * ```
 */
export const Truthy: AbstractType<Truthy> = protocolType('Truthy', dunder.bool, []);
