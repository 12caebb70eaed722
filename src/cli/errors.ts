/**
 * The CLI's one error class. Every failure a user can cause (a bad flag, a missing module, an
 * unreadable file) becomes a `CliError` whose message fits on one line, names the bad value
 * and says how to fix it; `main` prints it and exits with `exitCode`.
 */

import { type ErrorCode, PolyfoldError } from '../errors/index.js';

/** Stable codes, so tests and wrapping scripts need not parse messages: the CLI's part of `ErrorCode`. */
export type CliErrorCode = Extract<ErrorCode, `ERR_CLI_${string}`>;

/** Exit status for command-line mistakes (as in BSD's `EX_USAGE` convention: 2). */
export const EXIT_USAGE = 2;
/** Exit status for everything else that fails. */
export const EXIT_FAILURE = 1;
/** Exit status after Ctrl-C: 128 + SIGINT (2), what shells report for an interrupted command. */
export const EXIT_INTERRUPTED = 130;

/**
 * A failure the user can fix, with a stable `code`, the offending `value` and the exit status.
 *
 * @example
 * ```ts
 * const e = new CliError('ERR_CLI_USAGE', '--workers must be a positive integer, got "x"', 'x');
 * e.exitCode; // 2
 * ```
 */
export class CliError extends PolyfoldError<CliErrorCode> {
  readonly value: unknown;
  readonly exitCode: number;

  constructor(code: CliErrorCode, message: string, value?: unknown, options?: ErrorOptions) {
    super(code, message, undefined, options);
    this.name = 'CliError';
    this.value = value;
    this.exitCode = code === 'ERR_CLI_USAGE' ? EXIT_USAGE : EXIT_FAILURE;
  }
}

/**
 * A usage error (exit status 2) that points at the command's help.
 *
 * @example
 * ```ts
 * usageError('run', 'missing JOB_MODULE').message; // 'missing JOB_MODULE (see polyfold run --help)'
 * ```
 */
export function usageError(command: string, message: string, value?: unknown): CliError {
  return new CliError('ERR_CLI_USAGE', `${message} (see polyfold ${command} --help)`, value);
}

/**
 * The first line of an error's message: what a one-line report shows.
 *
 * @example
 * ```ts
 * firstLine(new Error('boom\n    at …')); // 'boom'
 * ```
 */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n', 1)[0] ?? '';
  return line.trim() || (error instanceof Error ? error.name : 'unknown error');
}
