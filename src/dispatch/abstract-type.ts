/**
 * Abstract types: Python's ABCs for TypeScript. An abstract type is a named predicate over
 * the objects on a value's prototype chain (and over the value itself when it is a plain
 * object or a primitive), plus a set of "virtual subclasses" declared with `register`.
 *
 * Abstract types are recognised by a `Symbol.for` brand rather than `instanceof`, so an
 * abstract type made by one copy of polyfold works with generic functions of another copy.
 */
import { chainOf, isRevokedProxy } from './chain.js';
import { InvalidRegistrationError, refuseRevoked } from './errors.js';
import { checkOptionKeys, optionKeys } from './options.js';
import { invalidateAllCaches, state } from './state.js';

const BRAND = Symbol.for('polyfold.abstractType');

/**
 * A named structural type usable wherever a class is accepted by `register`.
 * `T` is the static type that values matching it have (used to type implementations).
 */
export interface AbstractType<T = unknown> {
  readonly [BRAND]: true;
  /** The name used in `explain`, errors and `repr`. */
  readonly typeName: string;
  /**
   * The test looks only at properties a value inherits (methods), never at a particular
   * primitive's value — so dispatch may decide once per primitive type (`number`,
   * `string`…). Set with the `inheritedOnly` option.
   */
  readonly inheritedOnly: boolean;
  /**
   * Declares `cls` a virtual subclass: its instances (and its subclasses' instances) match,
   * whatever the predicate says. Invalidates every dispatch cache in the process.
   * Returns `cls`, so it can be used as a plain call or after a class declaration.
   */
  register<C extends Function>(cls: C): C;
  /** True when `value` is an instance of this abstract type (like Python's `isinstance`). */
  matches(value: unknown): value is T;
  /**
   * True when one link of a value's chain satisfies the type: the predicate holds, or the
   * link is (or inherits from) the prototype of a virtual subclass.
   * @internal used by dispatch; not part of the public contract.
   */
  satisfiedBy(link: unknown): boolean;
  /** Phantom field carrying `T` for inference; never present at run time. */
  readonly __instance?: T;
}

/** Options of `abstractType`. */
export interface AbstractTypeOptions {
  /**
   * Promise that `test` gives the same answer for every primitive of one type (it looks at
   * methods, like `typeof x[Symbol.iterator] === 'function'`, not at values, like `x > 0`).
   * Dispatch then caches decisions for primitives per type instead of testing every call.
   */
  readonly inheritedOnly?: boolean;
}

/** Every key of {@link AbstractTypeOptions}; any other key is refused (a typo). */
export const ABSTRACT_TYPE_OPTIONS = optionKeys<AbstractTypeOptions>()('inheritedOnly');

/** True for abstract types made by any copy of polyfold. */
export function isAbstractType(x: unknown): x is AbstractType<unknown> {
  if (typeof x !== 'object' || x === null) return false;
  try {
    return (x as { [BRAND]?: unknown })[BRAND] === true;
  } catch (e) {
    // A revoked Proxy is no abstract type; a live Proxy's trap error is the caller's own.
    if (isRevokedProxy(x)) return false;
    throw e;
  }
}

/**
 * Makes an abstract type (Python's ABC with `__subclasshook__`).
 *
 * `test` is called with each object on a value's prototype chain (most derived first) and,
 * when the value is a plain object or a primitive, with the value itself. It must return a
 * boolean and should not throw. Dispatch caches the answer per prototype, so a test should
 * depend only on what the prototype (or the plain value) looks like, not on mutable state.
 *
 * @example
 * ```ts
 * import { abstractType, singledispatch } from 'polyfold/dispatch';
 * interface Shape { area(): number }
 * const Shape = abstractType<Shape>('Shape', (o) => typeof (o as Shape).area === 'function');
 * const describe = singledispatch((_: unknown) => 'not a shape')
 *   .register(Shape, (s) => `a shape of area ${s.area()}`);
 * describe({ area: () => 2 }); // 'a shape of area 2'
 * Shape.matches({ area: () => 2 }); // true
 * ```
 */
export function abstractType<T = unknown>(
  name: string,
  test: (candidate: unknown) => boolean = () => false,
  options: AbstractTypeOptions = {},
): AbstractType<T> {
  if (typeof name !== 'string' || name === '') {
    throw new InvalidRegistrationError('abstractType', 'name', name, 'a non-empty string');
  }
  if (typeof test !== 'function') {
    throw new InvalidRegistrationError(
      `abstractType(${JSON.stringify(name)})`,
      'test',
      test,
      'a function that returns a boolean',
    );
  }
  refuseRevoked(`abstractType(${JSON.stringify(name)})`, 'test', test);
  checkOptionKeys('abstractType', options, ABSTRACT_TYPE_OPTIONS);
  const virtualPrototypes: object[] = [];

  const satisfiedBy = (link: unknown): boolean => {
    if (test(link) === true) return true;
    if (typeof link !== 'object' && typeof link !== 'function') return false;
    if (link === null) return false;
    for (const p of virtualPrototypes) {
      if (p === link || Object.prototype.isPrototypeOf.call(p, link)) return true;
    }
    return false;
  };

  const type: AbstractType<T> = {
    [BRAND]: true,
    typeName: name,
    inheritedOnly: options?.inheritedOnly === true,
    register<C extends Function>(cls: C): C {
      refuseRevoked(`${name}.register`, 'cls', cls);
      const proto =
        typeof cls === 'function' ? (cls as { prototype?: unknown }).prototype : undefined;
      if (typeof proto !== 'object' || proto === null) {
        throw new InvalidRegistrationError(
          `${name}.register`,
          'cls',
          cls,
          'a class or constructor function with a prototype',
        );
      }
      if (!virtualPrototypes.includes(proto as object)) virtualPrototypes.push(proto as object);
      invalidateAllCaches();
      return cls;
    },
    matches(value: unknown): value is T {
      if (value === null || value === undefined) return false;
      const chain = chainOf(value);
      if (chain.hasSelf && satisfiedBy(chain.self)) return true;
      return chain.prototypes.some(satisfiedBy);
    },
    satisfiedBy,
    toString: () => name,
  } as AbstractType<T>;
  return Object.freeze(type);
}

function builtin<T>(name: string, test: (candidate: unknown) => boolean): AbstractType<T> {
  // One instance per process, shared by every loaded copy of polyfold.
  const existing = state.builtins[name];
  if (isAbstractType(existing)) return existing as AbstractType<T>;
  const made = abstractType<T>(name, test, { inheritedOnly: true });
  state.builtins[name] = made;
  return made;
}

const hasMethod = (candidate: unknown, key: PropertyKey): boolean =>
  candidate !== null &&
  candidate !== undefined &&
  typeof (candidate as Record<PropertyKey, unknown>)[key] === 'function';

/**
 * Values with a `[Symbol.iterator]` method: arrays, strings, Map, Set, generators, and any
 * object (or object literal) that implements the protocol.
 *
 * @example
 * ```ts
 * import { Iterable, singledispatch } from 'polyfold/dispatch';
 * const size = singledispatch((_: unknown) => 0).register(Iterable, (xs) => [...xs].length);
 * size(new Set([1, 2])); // 2
 * ```
 */
export const Iterable: AbstractType<globalThis.Iterable<unknown>> = builtin('Iterable', (c) =>
  hasMethod(c, Symbol.iterator),
);

/**
 * Values with a `[Symbol.asyncIterator]` method (async generators, streams…).
 *
 * @example
 * ```ts
 * import { AsyncIterable } from 'polyfold/dispatch';
 * AsyncIterable.matches((async function* () {})()); // true
 * ```
 */
export const AsyncIterable: AbstractType<globalThis.AsyncIterable<unknown>> = builtin(
  'AsyncIterable',
  (c) => hasMethod(c, Symbol.asyncIterator),
);

/**
 * Thenables: values with a `then` method (promises and promise-likes).
 *
 * @example
 * ```ts
 * import { PromiseLike } from 'polyfold/dispatch';
 * PromiseLike.matches({ then() {} }); // true
 * ```
 */
export const PromiseLike: AbstractType<globalThis.PromiseLike<unknown>> = builtin(
  'PromiseLike',
  (c) => hasMethod(c, 'then'),
);
