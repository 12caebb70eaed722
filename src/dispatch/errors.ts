/**
 * Errors raised by generic functions. Each carries a stable `code` (for programs) and a
 * message that says what went wrong and how to fix it (for people).
 */
import { describeValue, PolyfoldTypeError } from '../errors/index.js';
import { isClassConstructor } from './names.js';

/**
 * No implementation is registered for the value's type and the generic function has no
 * default.
 *
 * @example
 * ```ts
 * import { singledispatch, NoImplementationError } from 'polyfold/dispatch';
 * const show = singledispatch<(x: unknown) => string>({ name: 'show' });
 * try { show(42); } catch (e) { (e as NoImplementationError).code; } // 'ERR_NO_IMPLEMENTATION'
 * ```
 */
export class NoImplementationError extends PolyfoldTypeError<'ERR_NO_IMPLEMENTATION'> {
  /** The name of the generic function. */
  readonly functionName: string;
  /** The value that was dispatched on. */
  readonly value: unknown;
  /** Names of the types walked, most specific first. */
  readonly chain: readonly string[];
  /** Names of the types that do have implementations. */
  readonly registered: readonly string[];

  constructor(functionName: string, value: unknown, chain: string[], registered: string[]) {
    const walked = chain.length ? chain.join(' → ') : '(nothing)';
    const known = registered.length ? registered.join(', ') : 'none';
    super(
      'ERR_NO_IMPLEMENTATION',
      `${functionName}: no implementation for ${describeValue(value)}. ` +
        `Looked along ${walked}; implementations exist for: ${known}. ` +
        `Register one with ${functionName}.register(Type, impl) or give ${functionName} a default implementation.`,
    );
    this.name = 'NoImplementationError';
    this.functionName = functionName;
    this.value = value;
    this.chain = chain;
    this.registered = registered;
  }
}

/**
 * Two unrelated abstract types match a value equally well, and neither is preferred.
 *
 * @example
 * ```ts
 * import { singledispatch, abstractType, AmbiguousDispatchError } from 'polyfold/dispatch';
 * const Named = abstractType('Named', (o) => typeof (o as { name?: unknown }).name === 'string');
 * const Aged = abstractType('Aged', (o) => typeof (o as { age?: unknown }).age === 'number');
 * const f = singledispatch((_: unknown) => 'other').register(Named, () => 'named').register(Aged, () => 'aged');
 * try { f({ name: 'a', age: 1 }); } catch (e) { (e as AmbiguousDispatchError).code; } // 'ERR_AMBIGUOUS_DISPATCH'
 * f.prefer(Named, Aged);
 * f({ name: 'a', age: 1 }); // 'named'
 * ```
 */
export class AmbiguousDispatchError extends PolyfoldTypeError<'ERR_AMBIGUOUS_DISPATCH'> {
  readonly functionName: string;
  readonly value: unknown;
  /** Names of the competing types. */
  readonly candidates: readonly string[];

  constructor(functionName: string, value: unknown, candidates: string[]) {
    const [a = '?', b = '?'] = candidates;
    super(
      'ERR_AMBIGUOUS_DISPATCH',
      `${functionName}: ambiguous dispatch for ${describeValue(value)}: ${candidates.join(' and ')} ` +
        `match equally well. Call ${functionName}.prefer(${a}, ${b}) to make ${a} win ` +
        `(or the reverse), or register an implementation for the value's own type.`,
    );
    this.name = 'AmbiguousDispatchError';
    this.functionName = functionName;
    this.value = value;
    this.candidates = candidates;
  }
}

/**
 * A bad argument to `register`, `dispatch`, `prefer` or a decorator: a value that is not a
 * type, or an implementation that is not a function.
 *
 * @example
 * ```ts
 * import { singledispatch, InvalidRegistrationError } from 'polyfold/dispatch';
 * const f = singledispatch((_: unknown) => 0);
 * try { f.register(3 as never, () => 1); } catch (e) { (e as InvalidRegistrationError).code; } // 'ERR_INVALID_REGISTRATION'
 * ```
 */
export class InvalidRegistrationError extends PolyfoldTypeError<'ERR_INVALID_REGISTRATION'> {
  /** Which argument was wrong (`type`, `impl`, …). */
  readonly argument: string;
  readonly value: unknown;

  constructor(functionName: string, argument: string, value: unknown, expected: string) {
    super(
      'ERR_INVALID_REGISTRATION',
      `${functionName}: invalid ${argument} argument ${describeValue(value)}: expected ${expected}.`,
    );
    this.name = 'InvalidRegistrationError';
    this.argument = argument;
    this.value = value;
  }
}

/**
 * A method made by `singledispatchmethod` was called without an object as `this` (for
 * example after being detached from its instance).
 *
 * @example
 * ```ts
 * import { singledispatchmethod, InvalidReceiverError } from 'polyfold/dispatch';
 * const m = singledispatchmethod({ name: 'm' });
 * class K { m(_x: unknown) { return 1; } }
 * m.install(K);
 * const detached = new K().m;
 * try { detached(1); } catch (e) { (e as InvalidReceiverError).code; } // 'ERR_INVALID_RECEIVER'
 * ```
 */
export class InvalidReceiverError extends PolyfoldTypeError<'ERR_INVALID_RECEIVER'> {
  readonly value: unknown;

  constructor(methodName: string, receiver: unknown) {
    super(
      'ERR_INVALID_RECEIVER',
      `${methodName}: this method dispatches on the class of \`this\`, but it was called with this = ${describeValue(receiver)}. ` +
        `Call it on an instance (obj.${methodName}(x)) or bind it first (obj.${methodName}.bind(obj)).`,
    );
    this.name = 'InvalidReceiverError';
    this.value = receiver;
  }
}

/**
 * A value's prototype chain cannot be walked: it is cyclic or absurdly long (only a Proxy whose
 * `getPrototypeOf` trap returns itself, or a fresh proxy each time, can make one), or reading it
 * threw (a revoked Proxy). Native `instanceof` fails on such values too; dispatch fails with this
 * error instead of looping until the process dies.
 *
 * @example
 * ```ts
 * import { singledispatch, PrototypeChainError } from 'polyfold/dispatch';
 * const f = singledispatch((_: unknown) => 'any');
 * const loop: object = new Proxy({}, { getPrototypeOf: () => loop });
 * try { f(loop); } catch (e) { (e as PrototypeChainError).code; } // 'ERR_PROTOTYPE_CHAIN'
 * ```
 */
export class PrototypeChainError extends PolyfoldTypeError<'ERR_PROTOTYPE_CHAIN'> {
  /** `'too-long'`: cyclic or longer than {@link PrototypeChainError.limit}; `'unreadable'`: a trap threw. */
  readonly reason: 'too-long' | 'unreadable';
  readonly value: unknown;
  /** The most links dispatch walks. */
  static readonly limit = 10_000;

  /**
   * @param operation What could not be done with the value, for the message (`'dispatch on'`,
   *   `'compare'`, `'use as options'`…).
   */
  constructor(
    value: unknown,
    reason: 'too-long' | 'unreadable',
    cause?: unknown,
    operation = 'dispatch on',
  ) {
    super(
      'ERR_PROTOTYPE_CHAIN',
      reason === 'too-long'
        ? `cannot ${operation} ${describeValue(value)}: its prototype chain is cyclic or longer than ` +
            `${PrototypeChainError.limit} links (a Proxy whose getPrototypeOf trap returns itself or a ` +
            'new proxy each time?). Give the value a finite prototype chain that ends at null.'
        : `cannot ${operation} ${describeValue(value)}: reading its prototype chain threw ` +
            `(${errorText(cause)}). A revoked Proxy cannot be used as a value; pass a live object.`,
      undefined,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'PrototypeChainError';
    this.reason = reason;
    this.value = value;
  }
}

/**
 * Refuses a revoked Proxy given as an argument (a type, an implementation, a class, options):
 * every operation on one throws the engine's bare `TypeError`, so it is named here instead.
 * `Array.isArray` is the one operation that throws only for a revoked Proxy and runs no trap.
 * @internal
 */
export function refuseRevoked(functionName: string, argument: string, value: unknown): void {
  if (typeof value === 'object' ? value === null : typeof value !== 'function') return;
  try {
    Array.isArray(value);
  } catch {
    throw new InvalidRegistrationError(
      functionName,
      argument,
      value,
      'a live value, not a revoked Proxy (every operation on one throws)',
    );
  }
}

/** Refuses an implementation that can never be called: a `class` (it needs `new`). */
export function refuseClass(functionName: string, argument: string, impl: unknown): void {
  if (typeof impl === 'function' && isClassConstructor(impl)) {
    throw new InvalidRegistrationError(
      functionName,
      argument,
      impl,
      'a function; a class cannot be called without new (wrap it: (x) => new Cls(x))',
    );
  }
}

function errorText(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'an unprintable error';
  }
}
