/** Argument checks shared by the parallel layer's public functions. */
import { checkOptionKeys } from '../dispatch/internal.js';
import { InvalidArgumentError } from '../functional/index.js';

/** An integer ≥ `min` (worker counts, chunk sizes, retries). */
export function isCount(x: unknown, min: number): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= min;
}

/**
 * Options must be an object (or omitted) with only the keys in `known`: anything else is a
 * clear error (`ERR_INVALID_ARGUMENT`, or `ERR_UNKNOWN_OPTION` naming the closest key), not a
 * TypeError deep inside or a typo silently ignored.
 */
export function checkOptions(fn: string, options: unknown, known: readonly string[]): void {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new InvalidArgumentError(fn, 'options', 'an options object', options);
  }
  checkOptionKeys(fn, options, known);
}
