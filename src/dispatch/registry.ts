/**
 * What a generic function has registered — CPython's `registry` dict, plus what resolution
 * reads from it.
 *
 * Every type is filed under the link of a chain it stands for: a constructor under its
 * `prototype`, `null` and `undefined` under the sentinel links their chains consist of (see
 * chain.ts), an abstract type under itself. So resolution, `dispatch` and `explain` look
 * types up one way, and no one else has to know that null and undefined are special.
 */
import type { AbstractType } from './abstract-type.js';
import { isAbstractType } from './abstract-type.js';
import { linkOfType } from './chain.js';
import { InvalidRegistrationError, refuseClass, refuseRevoked } from './errors.js';
import { nameOfType } from './names.js';
import type { AnyFunction, Registrable } from './types.js';

export type Impl = (this: unknown, ...args: any[]) => unknown;

/** The registrations of one generic function. Owned by `createGeneric`; read by resolution. */
export class Registry {
  /** Implementations by chain link: a constructor's prototype, or null's/undefined's sentinel. */
  readonly byPrototype = new Map<object, Impl>();
  readonly abstracts = new Map<AbstractType<unknown>, Impl>();
  /** `[winner, loser]` pairs from `prefer`. */
  readonly preferences: Array<readonly [AbstractType<unknown>, AbstractType<unknown>]> = [];
  /** Every registered type in registration order, for `gf.registry` and error messages. */
  readonly #types = new Map<Registrable, Impl>();
  /** The read-only view handed out as `gf.registry`. */
  readonly view: ReadonlyMap<Registrable, AnyFunction>;

  constructor() {
    const types = this.#types as unknown as Map<Registrable, AnyFunction>;
    const view: ReadonlyMap<Registrable, AnyFunction> = {
      get size() {
        return types.size;
      },
      get: (k) => types.get(k),
      has: (k) => types.has(k),
      forEach: (cb, thisArg) => {
        for (const [k, v] of types) cb.call(thisArg, v, k, view);
      },
      entries: () => types.entries(),
      keys: () => types.keys(),
      values: () => types.values(),
      [Symbol.iterator]: () => types.entries(),
    };
    this.view = view;
  }

  /** Registers (or re-registers, moving it last like a fresh entry) one checked type. */
  add(type: Registrable, impl: Impl): void {
    this.#types.delete(type);
    this.#types.set(type, impl);
    if (isAbstractType(type)) this.abstracts.set(type, impl);
    else this.byPrototype.set(linkOfType(type as Function | null | undefined), impl);
  }

  /** Records that `winner` beats `loser` where both match equally well; the latest word wins. */
  prefer(winner: AbstractType<unknown>, loser: AbstractType<unknown>): void {
    const pairs = this.preferences;
    for (let i = pairs.length - 1; i >= 0; i--) {
      const [a, b] = pairs[i]!;
      if (a === loser && b === winner) pairs.splice(i, 1);
    }
    if (!pairs.some(([a, b]) => a === winner && b === loser)) pairs.push([winner, loser]);
  }

  /** Names of the registered types, in registration order (for NoImplementationError). */
  names(): string[] {
    return [...this.#types.keys()].map(nameOfType);
  }

  /**
   * True when no registered abstract type tests values themselves, so a decision for a
   * primitive depends only on its `typeof` and may be cached by it.
   */
  decidesPrimitivesByType(): boolean {
    for (const t of this.abstracts.keys()) if (t.inheritedOnly !== true) return false;
    return true;
  }

  /** True when a registered constructor's prototype inherits from `proto` (and is not it). */
  hasRegisteredBelow(proto: object): boolean {
    for (const p of this.byPrototype.keys()) {
      if (p !== proto && Object.prototype.isPrototypeOf.call(proto, p)) return true;
    }
    return false;
  }
}

// --- checking what callers pass --------------------------------------------------------------

const REGISTRABLE =
  'a class or constructor (Number, String, Boolean, BigInt and Symbol stand for primitives), null, undefined, an abstract type, or an array of these';

/** One type argument of `register`/`dispatch`, checked. */
export function checkType(functionName: string, type: unknown, argument: string): Registrable {
  if (type === null || type === undefined) return type as Registrable;
  refuseRevoked(functionName, argument, type);
  if (isAbstractType(type)) return type as Registrable;
  if (typeof type === 'function') {
    const proto = (type as { prototype?: unknown }).prototype;
    // Function.prototype is itself a function, hence the second test.
    if ((typeof proto === 'object' && proto !== null) || typeof proto === 'function') return type;
  }
  throw new InvalidRegistrationError(functionName, argument, type, REGISTRABLE);
}

/** `register`'s first argument (a type or a non-empty array of types), checked. */
export function checkTypes(functionName: string, type: unknown): Registrable[] {
  refuseRevoked(functionName, 'type', type);
  if (Array.isArray(type)) {
    if (type.length === 0) {
      throw new InvalidRegistrationError(functionName, 'type', type, 'at least one type');
    }
    return type.map((t, i) => checkType(functionName, t, `type[${i}]`));
  }
  return [checkType(functionName, type, 'type')];
}

/** An implementation argument, checked: a plain function (a class cannot be called). */
export function checkImpl(functionName: string, impl: unknown): Impl {
  if (typeof impl !== 'function') {
    throw new InvalidRegistrationError(functionName, 'impl', impl, 'a function');
  }
  refuseRevoked(functionName, 'impl', impl);
  refuseClass(functionName, 'impl', impl);
  return impl as Impl;
}
