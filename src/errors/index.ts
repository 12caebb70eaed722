/**
 * The error design every layer shares: the base classes, the code union, the one value
 * describer and `redactUrl`. The bottom of the layering (it imports nothing and no Node
 * built-in), so `src/dispatch` … `src/cli` all import it. The public part is re-exported by
 * `polyfold/dispatch` (and so by `polyfold`); the rest is internal.
 *
 * @internal
 * @packageDocumentation
 */
export {
  type ErrorDetails,
  isPolyfoldError,
  PolyfoldError,
  PolyfoldRangeError,
  PolyfoldTypeError,
} from './base.js';
export { ERROR_CODES, type ErrorCode } from './codes.js';
export { describeValue } from './describe.js';
export { redactUrl } from './redact.js';
