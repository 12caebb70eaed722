/**
 * The one error design: every error polyfold raises is a {@link PolyfoldError} — a stable
 * `code` from {@link ErrorCode}, a message that names the offending value and says how to
 * fix the problem, and the same facts as data in `details` (zod's issues, the CLI's
 * `CliError`). Programs branch on `code`; people read `message`.
 *
 * Python raises `TypeError` for a wrong type and `RangeError`-like errors for exhaustion, and
 * polyfold's classes have always been `instanceof TypeError` / `RangeError` where Python's
 * would be, so three bases share one brand: {@link PolyfoldError} (extends `Error`),
 * {@link PolyfoldTypeError} and {@link PolyfoldRangeError}. `instanceof PolyfoldError` is
 * true for all three — and for an error from another copy of polyfold (ESM and CJS loaded
 * side by side, two versions): it checks a `Symbol.for` brand, not the prototype chain.
 *
 * This file is the bottom of the layering (dispatch imports it) and imports nothing.
 */
import type { ErrorCode } from './codes.js';

/** Structured facts about a failure: the offending value, the argument's name, limits… */
export type ErrorDetails = Readonly<Record<string, unknown>>;

// Versioned like the other registry keys: a later, incompatible error shape takes a new key.
const BRAND: unique symbol = Symbol.for('polyfold.error/v1') as never;

/**
 * True for any polyfold error, from any copy of the package; narrows to {@link PolyfoldError}.
 * Never throws (a revoked Proxy is simply not an error).
 *
 * @example
 * ```ts
 * import { isPolyfoldError, take } from 'polyfold';
 * try { take(-1); } catch (e) { if (isPolyfoldError(e)) e.code; } // 'ERR_INVALID_ARGUMENT'
 * ```
 */
export function isPolyfoldError(value: unknown): value is PolyfoldError {
  try {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as { [BRAND]?: unknown })[BRAND] === true
    );
  } catch {
    return false;
  }
}

function brand(prototype: object): void {
  Object.defineProperty(prototype, BRAND, { value: true });
}

/** The brand for the base itself, the ordinary prototype check for its subclasses. */
function hasInstance(base: Function, self: Function, value: unknown): boolean {
  return self === base
    ? isPolyfoldError(value)
    : Function.prototype[Symbol.hasInstance].call(self, value);
}

/**
 * A subclass's facts are its own fields (`functionName`, `value`, `chain`…): `details` shows
 * them as one object, so code that handles any polyfold error reads them without knowing the
 * class.
 */
function ownDetails(error: Error): ErrorDetails {
  const details: Record<string, unknown> = {};
  for (const key of Object.keys(error)) {
    if (key !== 'name' && key !== 'code') details[key] = (error as never)[key];
  }
  return Object.freeze(details);
}

/**
 * The base of every polyfold error: a stable `code`, a message that says how to fix the
 * problem, and `details` (the same facts as data). Subclasses exist where users catch by type
 * (see docs/errors.md); every other failure is a `PolyfoldError` with its own code.
 *
 * @example
 * ```ts
 * import { PolyfoldError } from 'polyfold';
 * const e = new PolyfoldError('ERR_POOL_CLOSED', 'the pool is closed: create a new one', {});
 * e instanceof Error; // true
 * e.code; // 'ERR_POOL_CLOSED'
 * ```
 */
export class PolyfoldError<C extends ErrorCode = ErrorCode> extends Error {
  /** The stable code (docs/errors.md). */
  readonly code: C;

  readonly #details: ErrorDetails | undefined;

  constructor(code: C, message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PolyfoldError';
    this.code = code;
    this.#details = details;
  }

  /** The failure as data: given to the constructor, or else the subclass's own fields. */
  get details(): ErrorDetails {
    return this.#details ?? ownDetails(this);
  }

  /** Brand check, so errors of another polyfold copy (and the Type/Range variants) match. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class right of `instanceof`
    return hasInstance(PolyfoldError, this, value);
  }
}
brand(PolyfoldError.prototype);

/**
 * A {@link PolyfoldError} that is also a `TypeError`: the value given is of the wrong kind
 * (where Python raises `TypeError`).
 *
 * @example
 * ```ts
 * import { PolyfoldError, take } from 'polyfold';
 * try { take(-1); } catch (e) { e instanceof TypeError && e instanceof PolyfoldError; } // true
 * ```
 */
export class PolyfoldTypeError<C extends ErrorCode = ErrorCode> extends TypeError {
  readonly code: C;

  readonly #details: ErrorDetails | undefined;

  constructor(code: C, message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PolyfoldTypeError';
    this.code = code;
    this.#details = details;
  }

  /** The failure as data: given to the constructor, or else the subclass's own fields. */
  get details(): ErrorDetails {
    return this.#details ?? ownDetails(this);
  }

  /** Brand check, so errors of another polyfold copy match; the value is a `TypeError` too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class right of `instanceof`
    return hasInstance(PolyfoldTypeError, this, value) && value instanceof TypeError;
  }
}
brand(PolyfoldTypeError.prototype);

/**
 * A {@link PolyfoldError} that is also a `RangeError`: a resource ran out (the stack, a
 * worker's heap).
 *
 * @example
 * ```ts
 * import { hash, PolyfoldError } from 'polyfold';
 * let deep: unknown = 0;
 * for (let i = 0; i < 100_000; i++) deep = [deep];
 * try { hash(deep); } catch (e) { e instanceof RangeError && e instanceof PolyfoldError; } // true
 * ```
 */
export class PolyfoldRangeError<C extends ErrorCode = ErrorCode> extends RangeError {
  readonly code: C;

  readonly #details: ErrorDetails | undefined;

  constructor(code: C, message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PolyfoldRangeError';
    this.code = code;
    this.#details = details;
  }

  /** The failure as data: given to the constructor, or else the subclass's own fields. */
  get details(): ErrorDetails {
    return this.#details ?? ownDetails(this);
  }

  /** Brand check, so errors of another polyfold copy match; the value is a `RangeError` too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class right of `instanceof`
    return hasInstance(PolyfoldRangeError, this, value) && value instanceof RangeError;
  }
}
brand(PolyfoldRangeError.prototype);
