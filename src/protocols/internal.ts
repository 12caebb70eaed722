/**
 * Shared with the layers above (functional iterates sources with the same checks); not in
 * package.json exports. The checked-iteration helpers exist once: `for…of`'s protocol checks,
 * turned into BadIteratorError.
 *
 * @internal
 * @packageDocumentation
 */
export { checked, checkIteratorResult, closeIterator, iteratorOf } from './iterate.js';
