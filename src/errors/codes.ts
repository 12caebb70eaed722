/**
 * Every error code polyfold raises, in one union. Codes are stable: tests and programs match
 * on them (`e.code === 'ERR_TASK_FAILED'`) instead of parsing messages, so a code is never
 * renamed or reused for another failure. docs/errors.md says, for each one, what it means and
 * how to fix it (a test keeps the two in step, and checks that every error thrown in `src`
 * uses a code listed here).
 */

/**
 * A stable polyfold error code.
 *
 * @example
 * ```ts
 * import { isPolyfoldError, type ErrorCode } from 'polyfold';
 * const retryable: readonly ErrorCode[] = ['ERR_REDIS_UNAVAILABLE', 'ERR_NO_WORKERS'];
 * function shouldRetry(e: unknown) { return isPolyfoldError(e) && retryable.includes(e.code); }
 * ```
 */
export type ErrorCode =
  // dispatch
  | 'ERR_NO_IMPLEMENTATION'
  | 'ERR_AMBIGUOUS_DISPATCH'
  | 'ERR_INVALID_REGISTRATION'
  | 'ERR_INVALID_RECEIVER'
  | 'ERR_PROTOTYPE_CHAIN'
  | 'ERR_UNKNOWN_OPTION'
  // protocols
  | 'ERR_INCOMPARABLE'
  | 'ERR_UNSUPPORTED_TYPE'
  | 'ERR_PROTOCOL_RESULT'
  | 'ERR_KEY_MUTATED'
  | 'ERR_REENTRANT_MUTATION'
  | 'ERR_INVALID_COUNT'
  | 'ERR_NESTING_TOO_DEEP'
  | 'ERR_BAD_ITERATOR'
  | 'ERR_UNSTABLE_KEY'
  // functional (ERR_INVALID_ARGUMENT is also the protocols' ProtocolArgumentError)
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_NOT_ITERABLE'
  | 'ERR_ASYNC_SOURCE'
  | 'ERR_JOB_NOT_SPLITTABLE'
  | 'ERR_UNKNOWN_KIND'
  | 'ERR_INVALID_ELEMENT'
  | 'ERR_UNSENDABLE_VALUE'
  | 'ERR_MALFORMED_MESSAGE'
  // parallel
  | 'ERR_UNSHIPPABLE'
  | 'ERR_TASK_FAILED'
  | 'ERR_TASK_NOT_FOUND'
  | 'ABORT_ERR'
  | 'ERR_UNCLONEABLE_VALUE'
  | 'ERR_INPUT_NOT_FOUND'
  | 'ERR_INPUT_CHANGED'
  | 'ERR_WORKER_OUT_OF_MEMORY'
  | 'ERR_WORKER_START'
  | 'ERR_WORKER_FILE_NOT_FOUND'
  | 'ERR_WORKER_PROTOCOL'
  | 'ERR_NESTED_POOL'
  | 'ERR_NOT_KEYED_FOLD'
  | 'ERR_OUTPUT_EXISTS'
  | 'ERR_OUTPUT_NOT_WRITABLE'
  | 'ERR_OUTPUT_INCOMPLETE'
  | 'ERR_CORRUPT_OUTPUT'
  | 'ERR_TS_MODULE_IN_WORKER'
  | 'ERR_POOL_CLOSED'
  // cluster
  | 'ERR_REDIS_UNAVAILABLE'
  | 'ERR_HEARTBEAT_LOST'
  | 'ERR_TASK_MODULE_MISMATCH'
  | 'ERR_MISSING_DEPENDENCY'
  | 'ERR_MODULE_NOT_ALLOWED'
  | 'ERR_PATH_NOT_ALLOWED'
  | 'ERR_TASK_MODULE_LOAD'
  | 'ERR_NO_WORKERS'
  | 'ERR_SEQUENCE_LOST'
  // laws
  | 'ERR_LAW_VIOLATED'
  // cli
  | 'ERR_CLI_USAGE'
  | 'ERR_CLI_MODULE_NOT_FOUND'
  | 'ERR_CLI_MODULE_LOAD'
  | 'ERR_CLI_TSX_MISSING'
  | 'ERR_CLI_NO_JOB'
  | 'ERR_CLI_INPUT'
  | 'ERR_CLI_CLUSTER_UNAVAILABLE';

/**
 * Every {@link ErrorCode}, for programs that list or check them (the compiler makes sure the
 * list and the union hold the same codes).
 *
 * @example
 * ```ts
 * import { ERROR_CODES } from 'polyfold';
 * ERROR_CODES.includes('ERR_TASK_FAILED'); // true
 * ```
 */
export const ERROR_CODES = codes(
  'ERR_NO_IMPLEMENTATION',
  'ERR_AMBIGUOUS_DISPATCH',
  'ERR_INVALID_REGISTRATION',
  'ERR_INVALID_RECEIVER',
  'ERR_PROTOTYPE_CHAIN',
  'ERR_UNKNOWN_OPTION',
  'ERR_INCOMPARABLE',
  'ERR_UNSUPPORTED_TYPE',
  'ERR_PROTOCOL_RESULT',
  'ERR_KEY_MUTATED',
  'ERR_REENTRANT_MUTATION',
  'ERR_INVALID_COUNT',
  'ERR_NESTING_TOO_DEEP',
  'ERR_BAD_ITERATOR',
  'ERR_UNSTABLE_KEY',
  'ERR_INVALID_ARGUMENT',
  'ERR_NOT_ITERABLE',
  'ERR_ASYNC_SOURCE',
  'ERR_JOB_NOT_SPLITTABLE',
  'ERR_UNKNOWN_KIND',
  'ERR_INVALID_ELEMENT',
  'ERR_UNSENDABLE_VALUE',
  'ERR_MALFORMED_MESSAGE',
  'ERR_UNSHIPPABLE',
  'ERR_TASK_FAILED',
  'ERR_TASK_NOT_FOUND',
  'ABORT_ERR',
  'ERR_UNCLONEABLE_VALUE',
  'ERR_INPUT_NOT_FOUND',
  'ERR_INPUT_CHANGED',
  'ERR_WORKER_OUT_OF_MEMORY',
  'ERR_WORKER_START',
  'ERR_WORKER_FILE_NOT_FOUND',
  'ERR_WORKER_PROTOCOL',
  'ERR_NESTED_POOL',
  'ERR_NOT_KEYED_FOLD',
  'ERR_OUTPUT_EXISTS',
  'ERR_OUTPUT_NOT_WRITABLE',
  'ERR_OUTPUT_INCOMPLETE',
  'ERR_CORRUPT_OUTPUT',
  'ERR_TS_MODULE_IN_WORKER',
  'ERR_POOL_CLOSED',
  'ERR_REDIS_UNAVAILABLE',
  'ERR_HEARTBEAT_LOST',
  'ERR_TASK_MODULE_MISMATCH',
  'ERR_MISSING_DEPENDENCY',
  'ERR_MODULE_NOT_ALLOWED',
  'ERR_PATH_NOT_ALLOWED',
  'ERR_TASK_MODULE_LOAD',
  'ERR_NO_WORKERS',
  'ERR_SEQUENCE_LOST',
  'ERR_LAW_VIOLATED',
  'ERR_CLI_USAGE',
  'ERR_CLI_MODULE_NOT_FOUND',
  'ERR_CLI_MODULE_LOAD',
  'ERR_CLI_TSX_MISSING',
  'ERR_CLI_NO_JOB',
  'ERR_CLI_INPUT',
  'ERR_CLI_CLUSTER_UNAVAILABLE',
);

/** The codes as given, refused by the compiler unless they are exactly the union's members. */
function codes<const K extends readonly ErrorCode[]>(
  ...list: K &
    ([Exclude<ErrorCode, K[number]>] extends [never]
      ? unknown
      : { readonly missingCodes: Exclude<ErrorCode, K[number]> })
): readonly ErrorCode[] {
  return Object.freeze([...list]);
}
