/**
 * `singledispatch`: Python's `functools.singledispatch` for TypeScript.
 *
 * The algorithm (resolve.ts) walks the value's chain; this file adds registration, the
 * decorator forms and the cache that makes a call cost about what a virtual method call does.
 *
 * The cache. A decision depends only on the value's prototype (never the instance), except
 * for plain objects and primitives when abstract types are registered (their tests may look
 * at the value itself). Decisions are stored:
 * - on user prototypes, under a private non-enumerable symbol per generic function, so the
 *   hot path is one property load (`value[key]`) that V8's inline caches handle like a method
 *   lookup. An entry found through inheritance is only trusted when no registered type lies
 *   between the value's prototype and the entry's (`inheritable`); otherwise the prototype
 *   is compared.
 * - in a `WeakMap` for every other prototype: the engine's own of any realm
 *   (`Array.prototype`, iterator prototypes, another realm's `Map.prototype`…), prototypes
 *   made with `Object.create`, and non-extensible ones. Intrinsics are never written to.
 * - in closure slots for primitives (by `typeof`) and null-prototype objects.
 * Every entry records the process-wide epoch it was computed in; any registration anywhere
 * (including an abstract type's virtual subclass, from any copy of polyfold) bumps the epoch,
 * so stale entries are ignored and recomputed. Entries hold no strong reference to anything
 * but the prototype they sit on, so classes stay collectable.
 */

import type { AbstractType } from './abstract-type.js';
import { isAbstractType } from './abstract-type.js';
import { chainOf, isOwnedByUserClass, prototypeOf, prototypesFrom } from './chain.js';
import {
  InvalidRegistrationError,
  NoImplementationError,
  refuseClass,
  refuseRevoked,
} from './errors.js';
import { nameOfType } from './names.js';
import { checkOptionKeys, optionKeys } from './options.js';
import type { Impl, Registry, Resolution } from './resolve.js';
import { mroItemName, resolveChain } from './resolve.js';
import { invalidateAllCaches, state } from './state.js';
import type {
  AnyFunction,
  Explanation,
  GenericFunction,
  RegisterDecorator,
  Registrable,
} from './types.js';

interface Entry {
  readonly impl: Impl;
  readonly epoch: number;
  readonly prototype: object | null;
  readonly inheritable: boolean;
}

const { defineProperty } = Object;

/** Each generic function's resolver, for singledispatchmethod. */
const lookups = new WeakMap<Function, (value: unknown) => Impl>();

/**
 * The resolver behind a generic function made by this module: value → implementation.
 * @internal
 */
export function lookupOf(gf: Function): (value: unknown) => Impl {
  return lookups.get(gf)!;
}

/** Options for a generic function made without a default implementation. */
export interface SingledispatchOptions {
  /** The name used in errors and `explain`. */
  readonly name: string;
}

/** Every key of {@link SingledispatchOptions}; any other key is refused (a typo). */
export const SINGLEDISPATCH_OPTIONS = optionKeys<SingledispatchOptions>()('name');

/**
 * Makes a generic function: one function whose implementation is chosen by the type of its
 * first argument, open for extension with `register`.
 *
 * When to use: an operation over types you do not all own (built-ins, other libraries'
 * classes), or one that should stay open to extension without editing a `switch`.
 *
 * Details: resolution follows the value's prototype chain (most derived first, ending at
 * `Object`), with abstract types placed as Python places ABCs; `Number`, `String`, `Boolean`,
 * `BigInt` and `Symbol` stand for primitives and their boxed objects; `null` and `undefined`
 * resolve only to their own registrations, then the default. Every argument and `this` are
 * passed through unchanged.
 *
 * Gotchas: results are cached per prototype; an abstract type's test must not depend on
 * state that changes after the first call (register a virtual subclass instead).
 *
 * @example
 * ```ts
 * import { singledispatch } from 'polyfold/dispatch';
 * class Circle { constructor(readonly r: number) {} }
 * class Rect { constructor(readonly w: number, readonly h: number) {} }
 * const area = singledispatch((shape: unknown): number => {
 *   throw new TypeError(`no area for ${String(shape)}`);
 * })
 *   .register(Circle, (c) => Math.PI * c.r ** 2)
 *   .register(Rect, (r) => r.w * r.h);
 * area(new Rect(2, 3)); // 6
 *
 * const show = singledispatch<(x: unknown) => string>({ name: 'show' }); // no default
 * show.register(Number, (n) => n.toFixed(1));
 * show(2); // '2.0'
 * ```
 */
export function singledispatch<F extends AnyFunction>(defaultImpl: F): GenericFunction<F>;
export function singledispatch<F extends AnyFunction>(
  options: SingledispatchOptions,
): GenericFunction<F>;
export function singledispatch<F extends AnyFunction>(
  arg: F | SingledispatchOptions,
): GenericFunction<F> {
  return createGeneric<F>(arg, []);
}

/**
 * The factory behind `singledispatch`. `initial` registrations are added before the function
 * can have been called, so they need not invalidate anyone's cache (singledispatchmethod
 * builds one generic function per class this way without flushing every other cache).
 * @internal
 */
export function createGeneric<F extends AnyFunction>(
  arg: F | SingledispatchOptions,
  initial: ReadonlyArray<readonly [readonly Registrable[], Impl]>,
): GenericFunction<F> {
  let defaultImpl: Impl | undefined;
  let name: string;
  checkOptionKeys('singledispatch', arg, SINGLEDISPATCH_OPTIONS);
  refuseRevoked('singledispatch', 'first', arg);
  refuseClass('singledispatch', 'first', arg);
  if (typeof arg === 'function') {
    defaultImpl = arg as Impl;
    name = arg.name || 'genericFunction';
  } else if (typeof arg === 'object' && arg !== null && typeof arg.name === 'string' && arg.name) {
    name = arg.name;
  } else {
    throw new InvalidRegistrationError(
      'singledispatch',
      'first',
      arg,
      'a default implementation (a function) or an options object { name: string }',
    );
  }

  const registry: Registry = { byPrototype: new Map(), abstracts: new Map(), preferences: [] };
  const registrations = new Map<Registrable, Impl>();
  let nullImpl: Impl | undefined;
  let undefinedImpl: Impl | undefined;
  // A private key per generic function: other code cannot name it, so it cannot collide.
  const key = Symbol(`polyfold.dispatch(${name})`);
  const fallback = new WeakMap<object, Entry>();
  const primitive: Record<string, Entry | undefined> = Object.create(null);
  let nullPrototype: Entry | undefined;

  // --- resolution ---------------------------------------------------------------------

  const missing = (value: unknown, walked: string[]): never => {
    throw new NoImplementationError(name, value, walked, [...registrations.keys()].map(nameOfType));
  };

  const resolveValue = (value: unknown): Resolution & { impl: Impl } => {
    const r = resolveChain(chainOf(value), registry, name, value);
    if (r.impl !== undefined) return r as Resolution & { impl: Impl };
    if (defaultImpl !== undefined) return { ...r, impl: defaultImpl };
    return missing(value, r.mro.map(mroItemName));
  };

  const primitivesCacheable = (): boolean => {
    for (const t of registry.abstracts.keys()) if (t.inheritedOnly !== true) return false;
    return true;
  };

  const hasRegisteredBelow = (proto: object): boolean => {
    for (const p of registry.byPrototype.keys()) {
      if (p !== proto && Object.prototype.isPrototypeOf.call(proto, p)) return true;
    }
    return false;
  };

  /** The cache miss path for objects and functions: resolve, store, return the entry. */
  const entryForObject = (value: object): Entry => {
    const proto = prototypeOf(value, value);
    const epoch = state.epoch;
    if (proto === null) {
      if (nullPrototype !== undefined && nullPrototype.epoch === epoch) return nullPrototype;
      const entry = makeEntry(resolveValue(value).impl, null, epoch, false);
      if (registry.abstracts.size === 0) nullPrototype = entry;
      return entry;
    }
    const known = fallback.get(proto);
    if (known !== undefined && known.epoch === epoch) return known;
    const { impl } = resolveValue(value);
    // Plain objects with abstract types registered: the decision may depend on the value.
    if (registry.abstracts.size > 0 && prototypeOf(proto, value) === null) {
      return makeEntry(impl, proto, epoch, false);
    }
    const inheritable = registry.abstracts.size === 0 && !hasRegisteredBelow(proto);
    const entry = makeEntry(impl, proto, epoch, inheritable);
    if (!isOwnedByUserClass(proto)) {
      fallback.set(proto, entry);
    } else {
      try {
        defineProperty(proto, key, { value: entry, writable: true, configurable: true });
      } catch {
        // A proxy or exotic prototype refused the write: remember it on the side instead.
        fallback.set(proto, entry);
      }
    }
    return entry;
  };

  const entryForPrimitive = (value: unknown): Entry => {
    const slot = value === null ? 'null' : typeof value;
    const cached = primitive[slot];
    if (cached !== undefined && cached.epoch === state.epoch) return cached;
    let impl: Impl;
    if (value === null || value === undefined) {
      // null and undefined resolve only to their own registrations: Object does not catch them.
      impl = (value === null ? nullImpl : undefinedImpl) ?? defaultImpl ?? missing(value, [slot]);
    } else {
      impl = resolveValue(value).impl;
    }
    const entry = makeEntry(impl, null, state.epoch, false);
    // A value-level abstract test (say `x > 0`) decides per value, not per type: no cache.
    if (value === null || value === undefined || primitivesCacheable()) primitive[slot] = entry;
    return entry;
  };

  // --- the generic function itself ----------------------------------------------------

  // A named function expression (not an arrow) so `this` passes through; `arguments` is
  // used instead of rest parameters because V8 handles it without allocating on this path.
  // The hot path: one property load for objects (see the module comment). Kept separate from
  // `generic` so singledispatchmethod can reuse it; V8 inlines it into both callers.
  const lookup = (value: unknown): Impl => {
    let e: Entry;
    if (typeof value === 'object' ? value !== null : typeof value === 'function') {
      try {
        e = (value as Record<symbol, Entry | undefined>)[key]!;
      } catch {
        // A Proxy whose get trap throws (a revoked one): resolve without the cache, so a
        // revoked Proxy fails with PrototypeChainError instead of the engine's bare TypeError.
        e = undefined!;
      }
      if (
        e === undefined ||
        e.epoch !== state.epoch ||
        (!e.inheritable && e.prototype !== prototypeOf(value as object, value))
      ) {
        e = entryForObject(value as object);
      }
    } else {
      e = entryForPrimitive(value);
    }
    return e.impl;
  };

  // A function expression (not an arrow) so `this` passes through; `arguments` rather than
  // rest parameters because V8 forwards it without allocating an array.
  const generic = function (this: unknown, value: unknown): unknown {
    const impl = lookup(value);
    return this === undefined && arguments.length === 1
      ? impl(value)
      : impl.apply(this, arguments as never);
  };
  lookups.set(generic, lookup);

  // --- registration -------------------------------------------------------------------

  const checkType = (type: unknown, argument: string): Registrable => {
    if (type === null || type === undefined) return type as Registrable;
    refuseRevoked(`${name}.register`, argument, type);
    if (isAbstractType(type)) return type as Registrable;
    if (typeof type === 'function') {
      const proto = (type as { prototype?: unknown }).prototype;
      // Function.prototype is itself a function, hence the second test.
      if ((typeof proto === 'object' && proto !== null) || typeof proto === 'function') return type;
    }
    throw new InvalidRegistrationError(
      `${name}.register`,
      argument,
      type,
      'a class or constructor (Number, String, Boolean, BigInt and Symbol stand for primitives), null, undefined, an abstract type, or an array of these',
    );
  };

  const addOne = (type: Registrable, impl: Impl): void => {
    registrations.delete(type); // re-registering moves the type to the end, like a fresh entry
    registrations.set(type, impl);
    if (type === null) nullImpl = impl;
    else if (type === undefined) undefinedImpl = impl;
    else if (isAbstractType(type)) registry.abstracts.set(type, impl);
    else registry.byPrototype.set((type as { prototype: object }).prototype, impl);
  };

  const add = (types: readonly Registrable[], impl: unknown): void => {
    if (typeof impl !== 'function') {
      throw new InvalidRegistrationError(`${name}.register`, 'impl', impl, 'a function');
    }
    refuseRevoked(`${name}.register`, 'impl', impl);
    refuseClass(`${name}.register`, 'impl', impl);
    for (const t of types) addOne(t, impl as Impl);
    clearCaches();
  };

  const clearCaches = (): void => {
    nullPrototype = undefined;
    for (const k of Object.keys(primitive)) primitive[k] = undefined;
    invalidateAllCaches();
  };

  const normaliseTypes = (type: unknown): Registrable[] => {
    refuseRevoked(`${name}.register`, 'type', type);
    if (Array.isArray(type)) {
      if (type.length === 0) {
        throw new InvalidRegistrationError(`${name}.register`, 'type', type, 'at least one type');
      }
      return type.map((t, i) => checkType(t, `type[${i}]`));
    }
    return [checkType(type, 'type')];
  };

  function register(type: unknown, impl?: unknown): unknown {
    const types = normaliseTypes(type);
    if (arguments.length >= 2) {
      add(types, impl);
      return generic;
    }
    return makeRegisterDecorator(`${name}.register(${types.map(nameOfType).join(', ')})`, (fn) =>
      add(types, fn),
    );
  }

  const dispatch = (type: unknown): Impl => {
    const t = checkType(type, 'type');
    if (t === null || t === undefined) {
      return (t === null ? nullImpl : undefinedImpl) ?? defaultImpl ?? missing(t, [String(t)]);
    }
    if (isAbstractType(t)) {
      return registry.abstracts.get(t) ?? defaultImpl ?? missing(t, [t.typeName]);
    }
    const proto = (t as { prototype: object }).prototype;
    const chain = prototypesFrom(proto, t);
    if (chain[chain.length - 1] !== Object.prototype) chain.push(Object.prototype);
    const r = resolveChain(
      { self: undefined, hasSelf: false, prototypes: chain },
      registry,
      name,
      t,
    );
    return r.impl ?? defaultImpl ?? missing(t, r.mro.map(mroItemName));
  };

  const explain = (value: unknown): Explanation => {
    const base = { function: name };
    if (value === null || value === undefined) {
      const impl = value === null ? nullImpl : undefinedImpl;
      const label = String(value);
      return {
        ...base,
        chain: [label],
        candidates: impl ? [label] : [],
        winner: impl ? label : defaultImpl ? 'default' : undefined,
        implementation: (impl ?? defaultImpl) as AnyFunction | undefined,
        ...(impl || defaultImpl
          ? {}
          : {
              error: new NoImplementationError(
                name,
                value,
                [label],
                [...registrations.keys()].map(nameOfType),
              ),
            }),
      };
    }
    const chain = chainOf(value);
    let r: Resolution;
    try {
      r = resolveChain(chain, registry, name, value);
    } catch (error) {
      const mro = resolveChain(chain, { ...registry, abstracts: new Map() }, name, value).mro;
      return {
        ...base,
        chain: mro.map(mroItemName),
        candidates: [],
        winner: undefined,
        implementation: undefined,
        error: error as Error,
      };
    }
    const candidates = r.mro
      .filter((m) =>
        m.kind === 'prototype'
          ? registry.byPrototype.has(m.prototype)
          : registry.abstracts.has(m.type),
      )
      .map(mroItemName);
    const winner = r.winner ? mroItemName(r.winner) : defaultImpl ? 'default' : undefined;
    const implementation = (r.impl ?? defaultImpl) as AnyFunction | undefined;
    return {
      ...base,
      chain: r.mro.map(mroItemName),
      candidates,
      winner,
      implementation,
      ...(implementation
        ? {}
        : {
            error: new NoImplementationError(
              name,
              value,
              r.mro.map(mroItemName),
              [...registrations.keys()].map(nameOfType),
            ),
          }),
    };
  };

  const prefer = (winner: unknown, loser: unknown): unknown => {
    for (const [arg, v] of [
      ['winner', winner],
      ['loser', loser],
    ] as const) {
      if (!isAbstractType(v)) {
        throw new InvalidRegistrationError(
          `${name}.prefer`,
          arg,
          v,
          'an abstract type (see abstractType)',
        );
      }
    }
    if (winner === loser) {
      throw new InvalidRegistrationError(
        `${name}.prefer`,
        'loser',
        loser,
        'a different abstract type than winner',
      );
    }
    const w = winner as AbstractType<unknown>;
    const l = loser as AbstractType<unknown>;
    const pairs = registry.preferences;
    for (let i = pairs.length - 1; i >= 0; i--) {
      const [a, b] = pairs[i]!;
      if (a === l && b === w) pairs.splice(i, 1); // the latest word wins
    }
    if (!pairs.some(([a, b]) => a === w && b === l)) pairs.push([w, l]);
    clearCaches();
    return generic;
  };

  const readonlyRegistry: ReadonlyMap<Registrable, AnyFunction> = {
    get size() {
      return registrations.size;
    },
    get: (k) => registrations.get(k) as AnyFunction | undefined,
    has: (k) => registrations.has(k),
    forEach: (cb, thisArg) => {
      for (const [k, v] of registrations) cb.call(thisArg, v as AnyFunction, k, readonlyRegistry);
    },
    entries: () => registrations.entries() as MapIterator<[Registrable, AnyFunction]>,
    keys: () => registrations.keys(),
    values: () => registrations.values() as MapIterator<AnyFunction>,
    [Symbol.iterator]: () => registrations.entries() as MapIterator<[Registrable, AnyFunction]>,
  };

  for (const [types, impl] of initial) for (const t of normaliseTypes(types)) addOne(t, impl);

  defineProperty(generic, 'name', { value: name });
  Object.defineProperties(generic, {
    register: { value: register },
    dispatch: { value: dispatch },
    registry: { value: readonlyRegistry },
    clearCache: { value: clearCaches },
    prefer: { value: prefer },
    explain: { value: explain },
  });
  return generic as unknown as GenericFunction<F>;
}

function makeEntry(
  impl: Impl,
  prototype: object | null,
  epoch: number,
  inheritable: boolean,
): Entry {
  return { impl, epoch, prototype, inheritable };
}

/**
 * One function usable as a standard decorator, a legacy decorator and a plain registrar.
 * A standard decorator's second argument is a context object with `kind`; a legacy one gets
 * `(target, key, descriptor)`; a plain call gets just the function.
 */
export function makeRegisterDecorator(
  label: string,
  accept: (fn: AnyFunction) => void,
): RegisterDecorator {
  return function registerDecorator(this: unknown, ...args: unknown[]): unknown {
    const [first, second, third] = args;
    if (args.length === 1) {
      if (typeof first !== 'function')
        throw new InvalidRegistrationError(label, 'impl', first, 'a function');
      accept(first as AnyFunction);
      return first;
    }
    if (args.length === 2 && typeof second === 'object' && second !== null && 'kind' in second) {
      const kind = (second as { kind: unknown }).kind;
      if (kind !== 'method' || typeof first !== 'function') {
        throw new InvalidRegistrationError(
          label,
          'decorator target',
          first,
          `a method (got a ${String(kind)})`,
        );
      }
      accept(first as AnyFunction);
      return undefined;
    }
    const descriptor = third as PropertyDescriptor | undefined;
    if (args.length === 3 && descriptor && typeof descriptor.value === 'function') {
      accept(descriptor.value as AnyFunction);
      return descriptor;
    }
    throw new InvalidRegistrationError(label, 'decorator target', first, 'a method or a function');
  } as RegisterDecorator;
}
