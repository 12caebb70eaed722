/**
 * Shared with the layers above (`parallel` writes partition files, `cluster` talks to Redis,
 * in one encoding); not in package.json exports. A separate entry, so the codec and its two
 * error classes exist once in the built package whichever layer imports them.
 */
export type { CodecMedium } from './codec.js';
export { decodeData, encodeData, MalformedMessageError, UnsendableValueError } from './codec.js';
