/**
 * The process as the commands see it: streams, working directory and signals. Commands take
 * an `Io` instead of reaching for `process`, so each one's effects are visible in its
 * signature.
 */
import type { Readable } from 'node:stream';

/** A stream a command writes to; `isTTY` decides whether a progress bar is drawn. */
export type Output = NodeJS.WritableStream & { readonly isTTY?: boolean };

/** What a command may touch. */
export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly stdin: Readable;
  readonly cwd: string;
  /**
   * Calls `handler` on the first of `signals`; a second signal exits at once with
   * `128 + signal number`, for when a graceful stop hangs. Returns a function that removes
   * the handlers.
   */
  onSignal(
    signals: readonly NodeJS.Signals[],
    handler: (signal: NodeJS.Signals) => void,
  ): () => void;
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15 };

/**
 * The real process.
 *
 * @example
 * ```ts
 * const status = await main(process.argv.slice(2), processIo());
 * ```
 */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    cwd: process.cwd(),
    onSignal(signals, handler) {
      let seen = false;
      const listener = (signal: NodeJS.Signals) => {
        if (seen) process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 0));
        seen = true;
        handler(signal);
      };
      for (const s of signals) process.on(s, listener);
      return () => {
        for (const s of signals) process.off(s, listener);
      };
    },
  };
}
