/**
 * The input of `polyfold run`: text files (`--input`) or the lines of stdin, plus what the
 * progress bar needs to know about how far the run has got.
 *
 * Files: the parallel executors receive `textFiles(paths)` and have each worker read its own
 * byte ranges. `local()` gets the same ranges read here, one array of lines per range
 * (`chunked`), so it pays one `await` per range instead of one per line — the fair
 * baseline. Either way partial results are combined in range order, so the bytes behind the
 * first `k` combined chunks are known exactly.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Progress, Source } from '../functional/index.js';
import { chunked } from '../functional/index.js';
import type { ByteRange } from '../parallel/index.js';
import { textFiles } from '../parallel/index.js';
import { readRange } from '../parallel/internal.js';
import { CliError } from './errors.js';

/** What the run reads, and how to turn an executor's progress into bytes and lines. */
export interface Input {
  readonly source: Source<string>;
  /** Total bytes to read, when known (files). */
  readonly totalBytes: number | undefined;
  /** Bytes and lines behind a progress report. */
  measure(progress: Progress): { bytes: number; lines: number };
}

/**
 * Checks that every path is a readable file, with a message that names the path and what
 * is wrong, before any work starts (a worker would otherwise fail mid-run).
 *
 * @example
 * ```ts
 * checkReadable(['corpus/a.txt', 'corpus/b.txt']);
 * ```
 */
export function checkReadable(paths: readonly string[], cwd = process.cwd()): void {
  for (const path of paths) {
    const file = resolve(cwd, path);
    try {
      if (statSync(file).isDirectory()) {
        throw new CliError(
          'ERR_CLI_INPUT',
          `cannot read input file ${path}: it is a directory (pass the files inside it, e.g. --input ${path}/*.txt)`,
          path,
        );
      }
      accessSync(file, constants.R_OK);
    } catch (error) {
      if (error instanceof CliError) throw error;
      const code = (error as { code?: string }).code;
      const why =
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EACCES'
            ? 'permission denied'
            : (code ?? String(error));
      throw new CliError('ERR_CLI_INPUT', `cannot read input file ${path}: ${why}`, path, {
        cause: error,
      });
    }
  }
}

/**
 * Text files as input. `readsRanges` is true for executors that take a `textFiles` source and
 * read the byte ranges in their workers.
 *
 * @example
 * ```ts
 * const input = fileInput(['a.txt'], false);
 * await run(job, input.source);
 * ```
 */
export function fileInput(
  paths: readonly string[],
  readsRanges: boolean,
  cwd = process.cwd(),
): Input {
  checkReadable(paths, cwd);
  const files = textFiles(paths.map((p) => resolve(cwd, p)));
  const ranges = files.ranges();
  // bytesBefore[k]: bytes in the first k ranges.
  const bytesBefore = prefixSums(ranges.map((r) => r.end - r.start));
  const totalBytes = bytesBefore.at(-1)!;
  if (readsRanges) {
    // The executor's chunks are the splits (small files packed several to one).
    const splits = files.splits();
    const bytesBeforeSplit = prefixSums(
      splits.map((split) => split.reduce((n, r) => n + (r.end - r.start), 0)),
    );
    return {
      source: files,
      totalBytes,
      measure: (p) => ({
        bytes: bytesBeforeSplit[Math.min(p.chunks, splits.length)] ?? 0,
        lines: p.items,
      }),
    };
  }
  let bytes = 0;
  return {
    source: chunked(readRanges(ranges, (n) => (bytes = n), bytesBefore)),
    totalBytes,
    measure: (p) => ({ bytes, lines: p.items }),
  };
}

/** [0, a, a + b, …]: the sums of the first k sizes. */
function prefixSums(sizes: readonly number[]): number[] {
  const out = [0];
  for (const n of sizes) out.push(out.at(-1)! + n);
  return out;
}

async function* readRanges(
  ranges: readonly ByteRange[],
  setBytes: (n: number) => void,
  bytesBefore: readonly number[],
): AsyncGenerator<string[]> {
  for (const [i, range] of ranges.entries()) {
    const lines = readRange(range);
    // Set before yielding: the executor reports progress right after it folds this chunk.
    setBytes(bytesBefore[i + 1]!);
    yield lines;
    // Reading is synchronous: without a turn of the event loop between ranges, Ctrl-C (and
    // anything else) would wait for the whole input.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const BATCH = 4096;

/**
 * The lines of a stream (stdin) as input, in batches. Aborting `signal` stops reading and
 * makes the source throw `signal.reason`, so a run waiting for more input ends at once.
 *
 * @example
 * ```ts
 * const input = streamInput(process.stdin, AbortSignal.timeout(60_000));
 * ```
 */
export function streamInput(stream: Readable, signal: AbortSignal): Input {
  async function* batches(): AsyncGenerator<string[]> {
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    const stop = () => lines.close();
    signal.addEventListener('abort', stop, { once: true });
    try {
      let batch: string[] = [];
      for await (const line of lines) {
        batch.push(line);
        if (batch.length === BATCH) {
          yield batch;
          batch = [];
        }
      }
      // A closed interface ends the loop quietly: an abort must not look like end of input.
      signal.throwIfAborted();
      if (batch.length > 0) yield batch;
    } finally {
      signal.removeEventListener('abort', stop);
      lines.close();
    }
  }
  return {
    source: chunked(batches()),
    totalBytes: undefined,
    measure: (p) => ({ bytes: 0, lines: p.items }),
  };
}
