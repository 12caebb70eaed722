/**
 * Argument checks. Combinators validate eagerly, when they are called, so a bad argument is
 * reported where it was written (`take(-1)`), not later inside a loop as a bare TypeError.
 */
import { isClassConstructor, isRevokedProxy } from '../../dispatch/internal.js';
import { InvalidArgumentError } from '../errors.js';
import type { StageDescriptor, StageKind } from './stage.js';

export function checkFunction(name: string, argument: string, value: unknown): void {
  if (typeof value !== 'function') {
    throw new InvalidArgumentError(name, argument, 'a function', value);
  }
  if (isRevokedProxy(value)) {
    throw new InvalidArgumentError(name, argument, 'a function, not a revoked Proxy', value);
  }
  if (isClassConstructor(value)) {
    throw new InvalidArgumentError(
      name,
      argument,
      'a function, not a class (classes need new)',
      value,
    );
  }
}

export function checkOptionalFunction(name: string, argument: string, value: unknown): void {
  if (value !== undefined) checkFunction(name, argument, value);
}

/** A non-negative integer, or `Infinity` when `infinite` is allowed. */
export function checkCount(name: string, argument: string, value: unknown, infinite = true): void {
  const ok =
    typeof value === 'number' &&
    ((Number.isInteger(value) && value >= 0) || (infinite && value === Number.POSITIVE_INFINITY));
  if (!ok) {
    const expected = infinite ? 'a non-negative integer or Infinity' : 'a non-negative integer';
    throw new InvalidArgumentError(name, argument, expected, value);
  }
}

/** A positive integer (a chunk or window size, a step). */
export function checkSize(name: string, argument: string, value: unknown): void {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1)) {
    throw new InvalidArgumentError(name, argument, 'a positive integer', value);
  }
}

/** Builds a frozen stage descriptor. */
export function descriptor(
  kind: StageKind,
  fn: ((...args: never[]) => unknown) | undefined,
  args: readonly unknown[],
  splittable: boolean,
  shortCircuits = false,
): StageDescriptor {
  const d: StageDescriptor =
    fn === undefined
      ? { kind, args: Object.freeze([...args]), splittable, shortCircuits }
      : { kind, fn, args: Object.freeze([...args]), splittable, shortCircuits };
  return Object.freeze(d);
}
