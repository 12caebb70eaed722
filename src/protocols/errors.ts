/**
 * Errors raised by the protocols. Each carries a stable `code` (for programs), the offending
 * value(s) (for debugging) and a message that says how to fix the problem (for people).
 * `TypeError` subclasses are raised where Python raises `TypeError`.
 */
import {
  describeValue,
  PolyfoldError,
  PolyfoldRangeError,
  PolyfoldTypeError,
} from '../errors/index.js';
import { typeName } from './kinds.js';

/**
 * `compare(a, b)` was asked to order two values that have no order between them
 * (`compare(1, 'a')`, `compare({}, {})`), like Python's `1 < 'a'`.
 *
 * @example
 * ```ts
 * import { compare, IncomparableError } from 'polyfold/protocols';
 * try { compare(1, 'a'); } catch (e) {
 *   e instanceof IncomparableError; // true
 *   (e as IncomparableError).code; // 'ERR_INCOMPARABLE'
 * }
 * ```
 */
export class IncomparableError extends PolyfoldTypeError<'ERR_INCOMPARABLE'> {
  /** The left operand. */
  readonly left: unknown;
  /** The right operand. */
  readonly right: unknown;

  constructor(left: unknown, right: unknown) {
    super(
      'ERR_INCOMPARABLE',
      `compare: cannot order ${describeValue(left)} and ${describeValue(right)}. Built-in orders exist ` +
        'between numbers and bigints, between strings, between booleans, between Dates and between ' +
        'arrays of comparable values. Give the class a [dunder.compare](that) method, register one ' +
        'with compare.register(Type, (a, b) => -1 | 0 | 1), or pass an explicit comparator.',
    );
    this.name = 'IncomparableError';
    this.left = left;
    this.right = right;
  }
}

/**
 * A protocol function was called with a type that does not support it: `len(5)`,
 * `add({}, {})`, `contains(42, 1)` — Python's `TypeError: object of type 'int' has no len()`.
 *
 * @example
 * ```ts
 * import { len, UnsupportedTypeError } from 'polyfold/protocols';
 * try { len(5); } catch (e) {
 *   (e as UnsupportedTypeError).code; // 'ERR_UNSUPPORTED_TYPE'
 *   (e as UnsupportedTypeError).typeName; // 'number'
 * }
 * ```
 */
export class UnsupportedTypeError extends PolyfoldTypeError<'ERR_UNSUPPORTED_TYPE'> {
  /** The protocol function that refused the value (`'len'`, `'add'`…). */
  readonly protocol: string;
  /** The value whose type is not supported. */
  readonly value: unknown;
  /** The second operand, for binary protocols (`add`). */
  readonly other: unknown;
  /** The name of the unsupported type (`'number'`, `'Object'`, `'Point'`…). */
  readonly typeName: string;

  /**
   * @param details.supported - what the protocol does accept, for the message.
   * @param details.operands - for binary protocols, both operands; the first is `value`.
   * @param details.fix - how to fix it, when the usual advice (a dunder method or a
   *   registration) does not apply.
   */
  constructor(
    protocol: string,
    value: unknown,
    details: {
      readonly supported: string;
      readonly operands?: readonly [unknown, unknown];
      readonly fix?: string;
    },
  ) {
    const { supported, operands, fix } = details;
    // The type names say what is unsupported; the described values say what was given.
    const shown = operands
      ? `operand types ${typeName(operands[0])} and ${typeName(operands[1])} ` +
        `(${describeValue(operands[0])} and ${describeValue(operands[1])})`
      : `type ${typeName(value)} (${describeValue(value)})`;
    super(
      'ERR_UNSUPPORTED_TYPE',
      `${protocol}: unsupported ${shown}. ${protocol} works on ${supported}. ` +
        (fix ??
          `Give the class a [dunder.${DUNDER_OF[protocol] ?? protocol}] method, or register an ` +
            `implementation with ${protocol}.register(Type, impl).`),
    );
    this.name = 'UnsupportedTypeError';
    this.protocol = protocol;
    this.value = value;
    this.other = operands?.[1];
    this.typeName = typeName(value);
  }
}

const DUNDER_OF: Record<string, string> = { truthy: 'bool', equals: 'eq' };

/**
 * A `dunder` method (or a registered implementation) returned a value the protocol cannot
 * use: a hash that is not a number, a negative length, a comparison that is not a number,
 * a `dunder.bool` that is not a boolean.
 *
 * @example
 * ```ts
 * import { dunder, len, ProtocolResultError } from 'polyfold/protocols';
 * const bad = { [dunder.len]: () => -1 };
 * try { len(bad); } catch (e) { (e as ProtocolResultError).code; } // 'ERR_PROTOCOL_RESULT'
 * ```
 */
export class ProtocolResultError extends PolyfoldTypeError<'ERR_PROTOCOL_RESULT'> {
  /** The protocol whose result was wrong (`'hash'`, `'len'`…). */
  readonly protocol: string;
  /** The value whose method returned the result. */
  readonly value: unknown;
  /** The result that was returned. */
  readonly result: unknown;

  constructor(protocol: string, value: unknown, result: unknown, expected: string) {
    super(
      'ERR_PROTOCOL_RESULT',
      `${protocol}: the implementation for ${describeValue(value)} returned ${describeValue(result)}, ` +
        `but ${protocol} needs ${expected}. Fix the [dunder.${DUNDER_OF[protocol] ?? protocol}] ` +
        `method or the implementation registered with ${protocol}.register.`,
    );
    this.name = 'ProtocolResultError';
    this.protocol = protocol;
    this.value = value;
    this.result = result;
  }
}

/**
 * In debug mode (see `setDebugMode`), a HashMap/HashSet found a key whose hash changed after
 * it was inserted: the key was mutated, so lookups can no longer find it (Python forbids
 * mutable keys for the same reason).
 *
 * @example
 * ```ts
 * import { HashMap, KeyMutatedError } from 'polyfold/protocols';
 * const key = [1];
 * const m = new HashMap([[key, 'a']], { debug: true });
 * key.push(2);
 * try { m.has([1]); } catch (e) { (e as KeyMutatedError).code; } // 'ERR_KEY_MUTATED'
 * ```
 */
export class KeyMutatedError extends PolyfoldError<'ERR_KEY_MUTATED'> {
  /** The mutated key, as it is now. */
  readonly key: unknown;
  /** Its hash when it was inserted. */
  readonly insertedHash: number;
  /** Its hash now. */
  readonly currentHash: number;

  constructor(container: string, key: unknown, insertedHash: number, currentHash: number) {
    super(
      'ERR_KEY_MUTATED',
      `${container}: a key (${describeValue(key)}) was mutated after insertion: its hash was ` +
        `${insertedHash} and is now ${currentHash}, so lookups can no longer find it. Do not mutate ` +
        'keys while they are in a HashMap/HashSet: insert a copy (or a frozen value), or delete the ' +
        'key, change it, and insert it again.',
    );
    this.name = 'KeyMutatedError';
    this.key = key;
    this.insertedHash = insertedHash;
    this.currentHash = currentHash;
  }
}

/**
 * A key's `[dunder.eq]` (or an explicit `equals`/`hash`) kept changing a HashMap, HashSet or
 * Counter while that same table was looking the key up. Each change restarts the lookup, as
 * Python's dict does, so a change now and then gives the right answer; a key that changes the
 * table on every comparison would restart forever, so polyfold stops after
 * {@link ReentrantMutationError.limit} restarts. The table is left consistent either way.
 *
 * @example
 * ```ts
 * import { dunder, HashMap, ReentrantMutationError } from 'polyfold/protocols';
 * const m = new HashMap<unknown, number>();
 * class Meddler {
 *   [dunder.hash]() { return 1; }
 *   [dunder.eq]() { m.set([m.size], 0); return false; }
 * }
 * m.set(new Meddler(), 1);
 * try { m.get(new Meddler()); } catch (e) { (e as ReentrantMutationError).code; } // 'ERR_REENTRANT_MUTATION'
 * ```
 */
export class ReentrantMutationError extends PolyfoldError<'ERR_REENTRANT_MUTATION'> {
  /** The key being looked up. */
  readonly key: unknown;
  /** Lookups restarted this many times before giving up. */
  static readonly limit = 100;

  constructor(container: string, key: unknown) {
    super(
      'ERR_REENTRANT_MUTATION',
      `${container}: looking up ${describeValue(key)} changed the ${container} every time a key was ` +
        `compared (${ReentrantMutationError.limit} restarts), so the lookup could not finish. ` +
        '[dunder.eq], [dunder.hash] and explicit equals/hash functions must not add or delete keys ' +
        'of the collection that calls them: collect the changes and apply them afterwards.',
    );
    this.name = 'ReentrantMutationError';
    this.key = key;
  }
}

/**
 * A Counter was given a count that is not a finite number: `new Counter({ a: '5' })`,
 * `counter.increment('a', 'x')`, `{ a: 1n }`, `NaN` or `Infinity`. Counts are JavaScript
 * numbers; convert first (`Number(x)`).
 *
 * @example
 * ```ts
 * import { Counter, InvalidCountError } from 'polyfold/protocols';
 * try { new Counter({ a: '5' } as never); } catch (e) {
 *   (e as InvalidCountError).code; // 'ERR_INVALID_COUNT'
 *   (e as InvalidCountError).count; // '5'
 * }
 * ```
 */
export class InvalidCountError extends PolyfoldTypeError<'ERR_INVALID_COUNT'> {
  /** The key the count was for. */
  readonly key: unknown;
  /** The count that was refused. */
  readonly count: unknown;

  constructor(operation: string, key: unknown, count: unknown) {
    super(
      'ERR_INVALID_COUNT',
      `Counter.${operation}: the count for ${describeValue(key)} must be a finite number, got ` +
        `${describeValue(count)}. Convert it first (Number(x)); bigint counts are not supported ` +
        '(they cannot be mixed with the number counts every other key has).',
    );
    this.name = 'InvalidCountError';
    this.key = key;
    this.count = count;
  }
}

/**
 * An argument to a protocols function or constructor is of the wrong kind:
 * `new HashMap(5)`, `new HashSet(5)`, `new Counter(5)`, `map.forEach(5)`, `comparator(5)`,
 * `contramapHash(5)`, `inspectable(5)`.
 *
 * @example
 * ```ts
 * import { HashMap, ProtocolArgumentError } from 'polyfold/protocols';
 * try { new HashMap(5 as never); } catch (e) {
 *   (e as ProtocolArgumentError).code; // 'ERR_INVALID_ARGUMENT'
 *   (e as ProtocolArgumentError).argument; // 'entries'
 * }
 * ```
 */
export class ProtocolArgumentError extends PolyfoldTypeError<'ERR_INVALID_ARGUMENT'> {
  /** The function that refused the argument (`'new HashMap'`, `'comparator'`…). */
  readonly functionName: string;
  /** The parameter's name. */
  readonly argument: string;
  /** The value that was given. */
  readonly value: unknown;

  constructor(functionName: string, argument: string, expected: string, value: unknown) {
    super(
      'ERR_INVALID_ARGUMENT',
      `${functionName}: ${argument} must be ${expected}, got ${describeValue(value)}. ` +
        `Pass ${expected} as ${argument}.`,
    );
    this.name = 'ProtocolArgumentError';
    this.functionName = functionName;
    this.argument = argument;
    this.value = value;
  }
}

/**
 * A recursive protocol (`equals`, `hash`, `compare`) ran out of stack: the value is nested too
 * deeply (20 000 arrays inside each other), or a `[dunder]` method recurses without end. The
 * engine's bare `RangeError` ("Maximum call stack size exceeded") is turned into this error at
 * the outermost protocol call, and the protocol's own bookkeeping (cycle tracking) is left
 * clean, so later calls and any HashMap/HashSet/Counter involved behave as before. `repr`
 * never throws it: it shows levels past 100 as `…`.
 *
 * @example
 * ```ts
 * import { hash, NestingTooDeepError } from 'polyfold/protocols';
 * let deep: unknown = 0;
 * for (let i = 0; i < 100_000; i++) deep = [deep];
 * try { hash(deep); } catch (e) {
 *   (e as NestingTooDeepError).code; // 'ERR_NESTING_TOO_DEEP'
 *   (e as NestingTooDeepError).protocol; // 'hash'
 * }
 * ```
 */
export class NestingTooDeepError extends PolyfoldRangeError<'ERR_NESTING_TOO_DEEP'> {
  /** The protocol that ran out of stack (`'equals'`, `'hash'`, `'compare'`). */
  readonly protocol: string;
  /** The outermost value it was working on. */
  readonly value: unknown;

  constructor(protocol: string, value: unknown, cause: unknown) {
    super(
      'ERR_NESTING_TOO_DEEP',
      `${protocol}: ran out of stack on ${describeValue(value)}: it is nested too deeply (thousands ` +
        'of levels), or a [dunder] method recurses without end. Flatten the value (or hash and ' +
        'compare a flat key derived from it), or fix the method that calls itself.',
      undefined,
      { cause },
    );
    this.name = 'NestingTooDeepError';
    this.protocol = protocol;
    this.value = value;
  }
}

let overflowShape: { readonly ctor: unknown; readonly message: string } | undefined;

/**
 * True for the engine's stack-overflow error. Engines differ (V8 and JavaScriptCore throw a
 * RangeError, Firefox an InternalError, with different messages), so the first time it is
 * asked this provokes one overflow and remembers its constructor and message.
 */
function isStackOverflow(e: unknown): boolean {
  if (!(e instanceof Error) || e instanceof NestingTooDeepError) return false;
  if (overflowShape === undefined) {
    const recurse = (n: number): number => recurse(n + 1) + 1;
    try {
      recurse(0);
    } catch (probe) {
      overflowShape = { ctor: (probe as Error).constructor, message: (probe as Error).message };
    }
  }
  return e.constructor === overflowShape?.ctor && e.message === overflowShape.message;
}

/**
 * What the outermost call of a recursive protocol throws for `e`: a NestingTooDeepError for a
 * stack overflow, `e` itself for anything else (errors from user code pass through unchanged).
 */
export function outermost(protocol: string, value: unknown, e: unknown): unknown {
  if (!isStackOverflow(e)) return e;
  try {
    return new NestingTooDeepError(protocol, value, e);
  } catch {
    // Too close to the stack's end to even describe the value: hand the overflow up, where
    // the next protocol call out (with more stack) turns it into the error.
    return e;
  }
}
