/**
 * Validation as data: a {@link Rule} is what a value must be (`expected`, the words that go
 * after "must be" in a message) and how to tell (`test`). The library turns a broken rule into
 * an `InvalidArgumentError` naming the option (`checkArgument` in polyfold/functional), the
 * CLI into a usage error naming the flag — from the same rule, so `cluster({ queue })` and
 * `polyfold run --queue` accept the same values and say the same thing when they do not.
 */

/**
 * What a value must be, and the test.
 *
 * @example
 * ```ts
 * import { rule } from './errors/index.js'; // internal: every layer validates with these
 * const evenNumber = rule('an even integer', (x): x is number => Number.isInteger(x) && (x as number) % 2 === 0);
 * evenNumber.test(4); // true
 * evenNumber.expected; // 'an even integer'
 * ```
 */
export interface Rule<T = unknown> {
  /** Goes after "must be" in a message: `'a positive integer'`. */
  readonly expected: string;
  /** True when the value is acceptable. Never throws. */
  readonly test: (value: unknown) => value is T;
}

/**
 * A rule from its description and its test.
 *
 * @example
 * ```ts
 * import { rule } from './errors/index.js'; // internal: every layer validates with these
 * rule('a string', (x): x is string => typeof x === 'string').test('a'); // true
 * ```
 */
export function rule<T>(expected: string, test: (value: unknown) => value is T): Rule<T> {
  return Object.freeze({ expected, test });
}

/**
 * An integer from `min` to `max` (a safe integer when `max` is omitted). Its words are the
 * usual ones: `a non-negative integer` (min 0), `a positive integer` (min 1), `an integer ≥ n`,
 * or `a whole number from min to max`.
 *
 * @example
 * ```ts
 * import { integer } from './errors/index.js'; // internal: every layer validates with these
 * integer(1).expected; // 'a positive integer'
 * integer(1, 1024).test(2048); // false
 * ```
 */
export function integer(min: number, max?: number, expected?: string): Rule<number> {
  const words =
    expected ??
    (max !== undefined
      ? `a whole number from ${min} to ${max}`
      : min === 0
        ? 'a non-negative integer'
        : min === 1
          ? 'a positive integer'
          : `an integer ≥ ${min}`);
  return rule(
    words,
    (x): x is number =>
      typeof x === 'number' &&
      Number.isSafeInteger(x) &&
      x >= min &&
      (max === undefined || x <= max),
  );
}

/**
 * One of the given values (compared with `===`).
 *
 * @example
 * ```ts
 * import { oneOf } from './errors/index.js'; // internal: every layer validates with these
 * oneOf('workers', 'auto').expected; // "'workers' or 'auto'"
 * ```
 */
export function oneOf<const T extends readonly (string | number | boolean)[]>(
  ...values: T
): Rule<T[number]> {
  const shown = values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
  const expected =
    shown.length <= 2 ? shown.join(' or ') : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
  return rule(expected, (x): x is T[number] => values.includes(x as T[number]));
}

/**
 * Either rule (`expected` joined with "or" unless given).
 *
 * @example
 * ```ts
 * import { either, integer, oneOf } from './errors/index.js'; // internal: every layer validates with these
 * either(oneOf('auto'), integer(1)).expected; // "'auto' or a positive integer"
 * ```
 */
export function either<A, B>(a: Rule<A>, b: Rule<B>, expected?: string): Rule<A | B> {
  return rule(
    expected ?? `${a.expected} or ${b.expected}`,
    (x): x is A | B => a.test(x) || b.test(x),
  );
}

/** A non-empty string. */
export const nonEmptyString: Rule<string> = rule(
  'a non-empty string',
  (x): x is string => typeof x === 'string' && x !== '',
);

/**
 * Throws `fail(rule.expected)` unless `value` satisfies `rule`; the one place a rule is
 * applied, for the library's `checkArgument` and the CLI's flag checks alike.
 *
 * @example
 * ```ts
 * import { integer, validate } from './errors/index.js'; // internal: every layer validates with these
 * validate(3, integer(1), (expected) => new RangeError(`n must be ${expected}`)); // fine
 * ```
 */
export function validate<T>(
  value: unknown,
  rule: Rule<T>,
  fail: (expected: string) => Error,
): asserts value is T {
  if (!rule.test(value)) throw fail(rule.expected);
}
