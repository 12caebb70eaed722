/**
 * The progress bar on stderr (cli-progress). Shown only when the stream is a terminal: piped
 * or redirected output (CI logs, `2> file`) stays free of control characters, and gets only
 * what the run waits for, one line each time that changes.
 */
import cliProgress from 'cli-progress';

/** What the bar shows: bytes read (when the total is known) and lines folded. */
export interface ProgressState {
  readonly bytes: number;
  readonly lines: number;
  /**
   * What the run waits for while nothing moves (`ClusterProgress.waiting`): shown in place
   * of the counts until a state without it comes.
   */
  readonly waiting?: string | undefined;
}

/** A progress display; a no-op when the stream is not a terminal. */
export interface ProgressDisplay {
  update(state: ProgressState): void;
  /** Leaves the last state on screen and moves to a new line. */
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Where to draw (stderr); drawn only when `stream.isTTY` is true. */
  readonly stream: NodeJS.WritableStream & { readonly isTTY?: boolean };
  /** Bytes in the whole input, when known; without it the bar only counts lines. */
  readonly totalBytes: number | undefined;
  /** Shown before the bar, e.g. `wordCount on threads`. */
  readonly label: string;
}

/** Not a terminal: no bar, only a line when what the run waits for changes. */
function plain(stream: ProgressOptions['stream']): ProgressDisplay {
  let said: string | undefined;
  let stopped = false;
  return {
    update({ waiting }) {
      if (stopped || waiting === undefined || waiting === said) return;
      said = waiting;
      stream.write(`polyfold run: waiting: ${waiting}\n`);
    },
    stop() {
      stopped = true;
    },
  };
}

/**
 * Bytes as people read them, in decimal units (like `ls -h --si`).
 *
 * @example
 * ```ts
 * formatBytes(32_700_000); // '33 MB'
 * formatBytes(1500); // '1.5 kB'
 * ```
 */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = -1;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/**
 * A progress bar for a run when `stream` is a terminal; otherwise a line on `stream` each time
 * what the run waits for changes, and nothing else.
 *
 * @example
 * ```ts
 * const bar = createProgress({ stream: process.stderr, totalBytes: 1e6, label: 'wordCount' });
 * bar.update({ bytes: 5e5, lines: 12_000 });
 * bar.update({ bytes: 5e5, lines: 12_000, waiting: "no worker connected to queue 'wc' yet: …" });
 * bar.stop();
 * ```
 */
export function createProgress(options: ProgressOptions): ProgressDisplay {
  const { stream, totalBytes, label } = options;
  if (stream.isTTY !== true) return plain(stream);
  const known = totalBytes !== undefined && totalBytes > 0;
  const counts = known
    ? `${label} [{bar}] {percentage}% | {done} of {size} | {lines} lines | {duration_formatted}`
    : `${label} | {lines} lines | {duration_formatted}`;
  // The reason replaces the counts, which are not moving: a terminal line has room for one.
  const waits = known
    ? `${label} [{bar}] {percentage}% | waiting: {waiting} | {duration_formatted}`
    : `${label} | {lines} lines | waiting: {waiting} | {duration_formatted}`;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: (options, params, payload: { waiting?: string }) =>
        cliProgress.Format.Formatter(
          { ...options, format: payload.waiting ? waits : counts },
          params,
          payload,
        ),
      hideCursor: true,
      // Redraw at most 10 times a second: drawing is cheap, but not free on a busy core.
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const size = known ? formatBytes(totalBytes) : '';
  bar.start(known ? totalBytes : 1, 0, { done: formatBytes(0), size, lines: 0, waiting: '' });
  let stopped = false;
  return {
    update({ bytes, lines, waiting }) {
      if (stopped) return;
      const payload = {
        done: formatBytes(bytes),
        size,
        lines: lines.toLocaleString('en-US'),
        waiting: waiting ?? '',
      };
      if (known) bar.update(bytes, payload);
      else bar.update(payload);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
