/** Argument checks shared by the parallel layer's public functions. */
import { InvalidArgumentError } from '../functional/index.js';

/** An integer ≥ `min` (worker counts, chunk sizes, retries). */
export function isCount(x: unknown, min: number): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= min;
}

/** Options must be an object (or omitted); anything else is a clear error, not a TypeError deep inside. */
export function checkOptions(fn: string, options: unknown): void {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new InvalidArgumentError(fn, 'options', 'an options object', options);
  }
}
