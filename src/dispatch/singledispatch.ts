/**
 * `singledispatch`: Python's `functools.singledispatch` for TypeScript.
 *
 * Split as CPython's functools splits it: registry.ts holds what was registered (CPython's
 * `registry` dict), resolve.ts is the algorithm (`_compose_mro`, `_find_impl`), explain.ts
 * formats a resolution. This file is the generic function itself, and reads in the order a
 * call runs: `createGeneric` makes it, `generic` is what a call enters, `lookup` is the cache,
 * `resolve` is what a miss costs (resolution, the default, or the error).
 *
 * The cache. A decision depends only on the value's prototype (never the instance), except
 * for plain objects and primitives when abstract types are registered (their tests may look
 * at the value itself). Decisions are stored:
 * - on user prototypes, under a private non-enumerable symbol per generic function, so the
 *   hot path is one property load (`value[key]`) that V8's inline caches handle like a method
 *   lookup, and one comparison of epochs. An entry found through inheritance is trusted
 *   there only when no registered type lies between the value's prototype and the entry's
 *   and no abstract type is registered (its `hot` epoch is set); otherwise the miss path
 *   compares the prototype.
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
import type { Chain } from './chain.js';
import { chainOf, chainOfType, isOwnedByUserClass, prototypeOf } from './chain.js';
import { makeRegisterDecorator } from './decorator.js';
import { InvalidRegistrationError, refuseClass, refuseRevoked } from './errors.js';
import { explain } from './explain.js';
import { nameOfType } from './names.js';
import { checkOptionKeys, optionKeys } from './options.js';
import type { Impl } from './registry.js';
import { checkImpl, checkType, checkTypes, Registry } from './registry.js';
import type { Resolution } from './resolve.js';
import { findImpl, noImplementation, resolveChain } from './resolve.js';
import { invalidateAllCaches, state } from './state.js';
import type { AnyFunction, GenericFunction, Registrable } from './types.js';

export { makeRegisterDecorator } from './decorator.js';

interface Entry {
  readonly impl: Impl;
  /** The epoch the decision was made in. */
  readonly epoch: number;
  /** `epoch` when the decision holds for every value that inherits the entry, else -1. */
  readonly hot: number;
  readonly prototype: object | null;
}

// Read through a module-local constant: one load on the hot path, not an import binding's.
const shared = state;

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
  const { name, defaultImpl } = parseFirstArgument(arg);
  const registry = new Registry();
  for (const [types, impl] of initial) {
    for (const t of checkTypes(`${name}.register`, types)) registry.add(t, impl);
  }

  /** A miss: CPython's `_find_impl`, then the default, then the one NoImplementationError. */
  const orDefault = (r: Resolution, value: unknown): Impl => {
    const impl = r.impl ?? defaultImpl;
    if (impl === undefined) throw noImplementation(name, value, r.mro, registry);
    return impl;
  };
  const resolve = (chain: Chain, value: unknown): Impl =>
    orDefault(resolveChain(chain, registry, name, value), value);

  const { lookup, clear } = createCache(name, registry, resolve);

  // A function expression (not an arrow) so `this` passes through; `arguments` rather than
  // rest parameters because V8 forwards it without allocating an array.
  const generic = function (this: unknown, value: unknown): unknown {
    const impl = lookup(value);
    return this === undefined && arguments.length === 1
      ? impl(value)
      : impl.apply(this, arguments as never);
  };
  lookups.set(generic, lookup);

  // --- the API: registration changes the registry and makes every cached decision stale ----

  const add = (types: readonly Registrable[], impl: unknown): void => {
    const checked = checkImpl(`${name}.register`, impl);
    for (const t of types) registry.add(t, checked);
    clear();
  };

  function register(type: unknown, impl?: unknown): unknown {
    const types = checkTypes(`${name}.register`, type);
    if (arguments.length >= 2) {
      add(types, impl);
      return generic;
    }
    return makeRegisterDecorator(`${name}.register(${types.map(nameOfType).join(', ')})`, (fn) =>
      add(types, fn),
    );
  }

  /** The implementation for instances of `type`: the same resolution, on the type's chain. */
  const dispatch = (type: unknown): Impl => {
    const t = checkType(`${name}.register`, type, 'type');
    const r = isAbstractType(t)
      ? findImpl([{ kind: 'abstract', type: t, slot: 0 }], registry, name, t)
      : resolveChain(chainOfType(t as Function | null | undefined), registry, name, t);
    return orDefault(r, t);
  };

  const prefer = (winner: unknown, loser: unknown): unknown => {
    for (const [argument, v] of [
      ['winner', winner],
      ['loser', loser],
    ] as const) {
      if (!isAbstractType(v)) {
        throw new InvalidRegistrationError(
          `${name}.prefer`,
          argument,
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
    registry.prefer(winner as AbstractType<unknown>, loser as AbstractType<unknown>);
    clear();
    return generic;
  };

  defineProperty(generic, 'name', { value: name });
  Object.defineProperties(generic, {
    register: { value: register },
    dispatch: { value: dispatch },
    registry: { value: registry.view },
    clearCache: { value: clear },
    prefer: { value: prefer },
    explain: { value: (value: unknown) => explain(name, registry, defaultImpl, value) },
  });
  return generic as unknown as GenericFunction<F>;
}

function parseFirstArgument(arg: unknown): { name: string; defaultImpl: Impl | undefined } {
  checkOptionKeys('singledispatch', arg, SINGLEDISPATCH_OPTIONS);
  refuseRevoked('singledispatch', 'first', arg);
  refuseClass('singledispatch', 'first', arg);
  if (typeof arg === 'function') {
    return { name: arg.name || 'genericFunction', defaultImpl: arg as Impl };
  }
  const named = arg as { name?: unknown } | null;
  if (typeof named === 'object' && named !== null && typeof named.name === 'string' && named.name) {
    return { name: named.name, defaultImpl: undefined };
  }
  throw new InvalidRegistrationError(
    'singledispatch',
    'first',
    arg,
    'a default implementation (a function) or an options object { name: string }',
  );
}

// --- the cache ---------------------------------------------------------------------------------

/**
 * The cache tiers of one generic function, as one strategy (see the module comment): an
 * entry on the prototype (user classes), on the side in a WeakMap (every other prototype),
 * or in a slot by `typeof` (primitives, null, undefined) or for null-prototype objects. An
 * entry is used only while its epoch is current; a miss resolves, stores and returns.
 */
function createCache(
  name: string,
  registry: Registry,
  resolve: (chain: Chain, value: unknown) => Impl,
): { lookup: (value: unknown) => Impl; clear: () => void } {
  // A private key per generic function: other code cannot name it, so it cannot collide.
  const key = Symbol(`polyfold.dispatch(${name})`);
  const onSide = new WeakMap<object, Entry>();
  const byTypeof: Record<string, Entry | undefined> = Object.create(null);
  let nullPrototype: Entry | undefined;

  // The hot path: one property load for objects, which V8's inline caches handle like a
  // method lookup, and one comparison of epochs: `hot` is the epoch of an entry that holds
  // for every value that finds it, through inheritance too (-1 for entries that do not, which
  // the miss path checks against the value's own prototype).
  const lookup = (value: unknown): Impl => {
    let e: Entry | undefined;
    if (typeof value === 'object' ? value !== null : typeof value === 'function') {
      try {
        e = (value as Record<symbol, Entry | undefined>)[key];
      } catch {
        // A Proxy whose get trap throws (a revoked one): resolve without the cache, so a
        // revoked Proxy fails with PrototypeChainError instead of the engine's bare TypeError.
        e = undefined;
      }
      if (e === undefined || e.hot !== shared.epoch) e = missObject(value as object, e);
    } else {
      e = missPrimitive(value);
    }
    return e.impl;
  };

  const missObject = (value: object, found: Entry | undefined): Entry => {
    const proto = prototypeOf(value, value);
    const epoch = shared.epoch;
    // An entry trusted only for values whose own prototype it sits on.
    if (found !== undefined && found.epoch === epoch && found.prototype === proto) return found;
    if (proto === null) {
      if (nullPrototype !== undefined && nullPrototype.epoch === epoch) return nullPrototype;
      const entry = makeEntry(resolve(chainOf(value), value), null, epoch, false);
      if (registry.abstracts.size === 0) nullPrototype = entry;
      return entry;
    }
    const known = onSide.get(proto);
    if (known !== undefined && known.epoch === epoch) return known;
    const impl = resolve(chainOf(value), value);
    // Plain objects with abstract types registered: the decision may depend on the value.
    if (registry.abstracts.size > 0 && prototypeOf(proto, value) === null) {
      return makeEntry(impl, proto, epoch, false);
    }
    const inheritable = registry.abstracts.size === 0 && !registry.hasRegisteredBelow(proto);
    const entry = makeEntry(impl, proto, epoch, inheritable);
    if (!isOwnedByUserClass(proto)) {
      onSide.set(proto, entry);
    } else {
      try {
        defineProperty(proto, key, { value: entry, writable: true, configurable: true });
      } catch {
        // A proxy or exotic prototype refused the write: remember it on the side instead.
        onSide.set(proto, entry);
      }
    }
    return entry;
  };

  const missPrimitive = (value: unknown): Entry => {
    const slot = value === null ? 'null' : typeof value;
    const epoch = shared.epoch;
    const cached = byTypeof[slot];
    if (cached !== undefined && cached.epoch === epoch) return cached;
    const chain = chainOf(value);
    const entry = makeEntry(resolve(chain, value), null, epoch, false);
    // A value-level abstract test (say `x > 0`) decides per value, not per type: no cache.
    if (!chain.hasSelf || registry.decidesPrimitivesByType()) byTypeof[slot] = entry;
    return entry;
  };

  const clear = (): void => {
    nullPrototype = undefined;
    for (const k of Object.keys(byTypeof)) byTypeof[k] = undefined;
    invalidateAllCaches();
  };

  return { lookup, clear };
}

function makeEntry(
  impl: Impl,
  prototype: object | null,
  epoch: number,
  inheritable: boolean,
): Entry {
  return { impl, epoch, hot: inheritable ? epoch : -1, prototype };
}
