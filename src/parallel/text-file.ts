/**
 * Text files larger than memory as sources. A file is split into byte ranges; each range is
 * read by the worker that processes it (the main thread sends only `{ path, start, end }`),
 * as Hadoop's input splits are. A line belongs to the range in which it starts, so ranges
 * need not fall on line boundaries and no line is lost or read twice. Ranges cut at any
 * byte are safe for UTF-8: a newline byte never occurs inside a multi-byte character.
 */
import { closeSync, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { optionKeys } from '../dispatch/internal.js';
import type { ChunkedAsyncIterable } from '../functional/index.js';
import { CHUNKS, InvalidArgumentError } from '../functional/index.js';
import { checkOptions } from './check.js';
import { InputChangedError, InputNotFoundError } from './errors.js';

/** One split of one file: lines starting at byte offsets in [start, end). */
export interface ByteRange {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  /**
   * The file as it was when the run planned its ranges; the reader fails with
   * `InputChangedError` if the file it opens differs (absent from ranges made by hand).
   */
  readonly stamp?: FileStamp;
}

/** What identifies one version of a file: recorded at planning, checked by every reader. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

const TEXT_FILES = Symbol.for('polyfold.textFiles');

/**
 * Lines of one or more text files, usable as a run's source. Locally it is an async
 * iterable of lines (streamed, never held whole); executors split it into byte ranges.
 */
export interface TextFiles extends ChunkedAsyncIterable<string> {
  readonly [TEXT_FILES]: true;
  readonly paths: readonly string[];
  /** Bytes per range (default 4 MiB). */
  readonly rangeBytes: number;
  /** The ranges, in file order. */
  ranges(rangeBytes?: number): ByteRange[];
  /**
   * The ranges grouped into the inputs of one task each, in file order: a file of
   * `rangeBytes` or more is split into ranges of its own, and consecutive smaller files are
   * packed together up to `rangeBytes` (Hadoop's CombineFileInputFormat), so a thousand small
   * files cost a few tasks, not a thousand. Empty files are left out.
   */
  splits(rangeBytes?: number): ByteRange[][];
}

/** Options of `textFile` and `textFiles`. */
export interface TextFileOptions {
  /** Bytes per range handed to one worker task (default 4 MiB). */
  readonly rangeBytes?: number;
}

/** Every key of {@link TextFileOptions}; any other key is refused (a typo). */
export const TEXT_FILE_OPTIONS = optionKeys<TextFileOptions>()('rangeBytes');

/** True for sources made by `textFile`/`textFiles` (any copy of polyfold). */
export function isTextFiles(x: unknown): x is TextFiles {
  return (
    typeof x === 'object' && x !== null && (x as { [TEXT_FILES]?: unknown })[TEXT_FILES] === true
  );
}

function toPath(p: string | URL): string {
  if (p instanceof URL) return fileURLToPath(p);
  if (typeof p !== 'string' || p === '' || p.includes('\0')) {
    throw new InvalidArgumentError('textFiles', 'path', 'a file path or a file: URL', p);
  }
  return resolve(p.startsWith('file:') ? fileURLToPath(p) : p);
}

/**
 * The lines of several text files, in order, as one source.
 *
 * @example
 * ```ts
 * import { textFiles, threads } from 'polyfold/parallel';
 * import { run } from 'polyfold/functional';
 * await run(wordCount, textFiles(['a.txt', 'b.txt']), { executor: threads() });
 * ```
 */
export function textFiles(
  paths: ReadonlyArray<string | URL>,
  options: TextFileOptions = {},
): TextFiles {
  if (!Array.isArray(paths)) {
    throw new InvalidArgumentError('textFiles', 'paths', 'an array of file paths', paths);
  }
  return filesSource(paths, options, (i) => `textFiles(paths[${i}])`);
}

function filesSource(
  paths: ReadonlyArray<string | URL>,
  options: TextFileOptions,
  argument: (index: number) => string,
): TextFiles {
  checkOptions('textFiles', options, TEXT_FILE_OPTIONS);
  const resolved = paths.map(toPath);
  const rangeBytes = options.rangeBytes ?? 4 * 1024 * 1024;
  if (!Number.isInteger(rangeBytes) || rangeBytes < 1) {
    throw new InvalidArgumentError(
      'textFiles',
      'options.rangeBytes',
      'a positive integer',
      rangeBytes,
    );
  }
  return {
    [TEXT_FILES]: true,
    paths: resolved,
    rangeBytes,
    ranges(bytes = rangeBytes) {
      const out: ByteRange[] = [];
      resolved.forEach((path, i) => {
        const stamp = plannedStamp(path, argument(i), paths[i]);
        const { size } = stamp;
        for (let start = 0; start < size; start += bytes) {
          out.push({ path, start, end: Math.min(size, start + bytes), stamp });
        }
      });
      return out;
    },
    splits(bytes = rangeBytes) {
      return packRanges(this.ranges(bytes), bytes);
    },
    async *[Symbol.asyncIterator]() {
      // The same range reader the workers use, so every executor sees the same lines.
      for (const range of this.ranges()) {
        yield* readRange(range);
        await new Promise<void>((r) => setImmediate(r)); // let the event loop breathe
      }
    },
    // One array of lines per range, so local runs read a range per await, not a line.
    async *[CHUNKS]() {
      for (const range of this.ranges()) {
        yield readRange(range);
        await new Promise<void>((r) => setImmediate(r));
      }
    },
  };
}

/**
 * The lines of one text file as a source (see `textFiles`).
 *
 * @example
 * ```ts
 * import { textFile } from 'polyfold/parallel';
 * for await (const line of textFile('notes.txt')) console.log(line);
 * ```
 */
export function textFile(path: string | URL, options: TextFileOptions = {}): TextFiles {
  checkOptions('textFile', options, TEXT_FILE_OPTIONS);
  return filesSource([path], options, () => 'textFile(path)');
}

const stampOf = (s: Stats): FileStamp => ({ size: s.size, mtimeMs: s.mtimeMs, ino: s.ino });

const isMissing = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

/** The file's stamp when the run plans its ranges; a missing file or a directory is refused. */
function plannedStamp(path: string, argument: string, given: unknown): FileStamp {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if (isMissing(error)) throw new InputNotFoundError(path, argument, given);
    throw error;
  }
  if (!stats.isFile()) {
    const fn = argument.slice(0, argument.indexOf('('));
    const name = argument.slice(argument.indexOf('(') + 1, -1);
    throw new InvalidArgumentError(
      fn,
      name,
      'a regular file (this is a directory or a device)',
      path,
    );
  }
  return stampOf(stats);
}

/** Why the open file is not the planned one, or `undefined` when it is. */
function changeOf(planned: FileStamp, now: FileStamp): string | undefined {
  if (now.ino !== planned.ino) return `it was replaced: inode ${planned.ino} is now ${now.ino}`;
  if (now.size !== planned.size) {
    return `its size went from ${planned.size} to ${now.size} bytes`;
  }
  if (now.mtimeMs !== planned.mtimeMs) {
    return `it was modified at ${new Date(now.mtimeMs).toISOString()}, after the run planned it at size ${planned.size}`;
  }
  return undefined;
}

function checkStamp(fd: number, range: ByteRange): void {
  if (range.stamp === undefined) return;
  const change = changeOf(range.stamp, stampOf(fstatSync(fd)));
  if (change !== undefined) throw new InputChangedError(range.path, change);
}

/**
 * Groups ranges (in order) into splits of at most `bytes`: a range of a whole small file joins
 * the split before it while the total stays within `bytes`; any other range (a part of a large
 * file) stands alone. Empty ranges are dropped.
 */
export function packRanges(ranges: readonly ByteRange[], bytes: number): ByteRange[][] {
  const out: ByteRange[][] = [];
  let pack: ByteRange[] = [];
  let packed = 0;
  const flush = (): void => {
    if (pack.length > 0) out.push(pack);
    pack = [];
    packed = 0;
  };
  for (const r of ranges) {
    const size = r.end - r.start;
    if (size === 0) continue;
    // A whole file smaller than a range: it starts at 0 and is shorter than `bytes`.
    const small = r.start === 0 && size < bytes;
    if (!small) {
      flush();
      out.push([r]);
      continue;
    }
    if (packed + size > bytes) flush();
    pack.push(r);
    packed += size;
  }
  flush();
  return out;
}

/** A source's task inputs (a source from an older copy of polyfold has ranges only). */
export function splitsOf(files: TextFiles): ByteRange[][] {
  return typeof files.splits === 'function' ? files.splits() : files.ranges().map((r) => [r]);
}

/** A split as a task's input: one range as `{ range }`, several as `{ ranges }`. */
export function splitInput(
  split: readonly ByteRange[],
): { readonly range: ByteRange } | { readonly ranges: readonly ByteRange[] } {
  return split.length === 1 ? { range: split[0]! } : { ranges: split };
}

/** The lines of a task's input split: its ranges' lines, in order. */
export function readSplit(split: readonly ByteRange[]): string[] {
  if (split.length === 1) return readRange(split[0]!);
  const lines: string[] = [];
  for (const r of split) for (const line of readRange(r)) lines.push(line);
  return lines;
}

const READ = 64 * 1024;

/**
 * Reads the lines that start in [start, end) of a file (in workers, and locally). Lines end
 * at `\n`; a `\r` before it is dropped, so CRLF files give the same lines.
 */
export function readRange(range: ByteRange): string[] {
  const { path, start, end } = range;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (isMissing(error)) throw new InputNotFoundError(path, undefined, undefined, true);
    throw error;
  }
  try {
    // Checked before and after reading: a file changed while we read is caught too.
    checkStamp(fd, range);
    const lines = readLines(fd, start, end);
    checkStamp(fd, range);
    return lines;
  } finally {
    closeSync(fd);
  }
}

function readLines(fd: number, start: number, end: number): string[] {
  // A line starts at `start` only if the byte before it is a newline.
  let from = start;
  if (start > 0) {
    const probe = Buffer.alloc(1);
    readSync(fd, probe, 0, 1, start - 1);
    if (probe[0] !== 0x0a) {
      from = nextLineStart(fd, start);
      if (from < 0 || from >= end) return [];
    }
  }
  // Read through `end`, then on to the end of the line that straddles it.
  const chunks: Buffer[] = [];
  let pos = from;
  for (;;) {
    const buf = Buffer.allocUnsafe(READ);
    const n = readSync(fd, buf, 0, READ, pos);
    if (n === 0) break;
    const part = buf.subarray(0, n);
    pos += n;
    if (pos >= end) {
      const nl = part.indexOf(0x0a, Math.max(0, end - (pos - n) - 1));
      if (nl >= 0) {
        chunks.push(part.subarray(0, nl + 1));
        break;
      }
    }
    chunks.push(part);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/** The offset just after the first newline at or after `pos`, or -1 at end of file. */
function nextLineStart(fd: number, pos: number): number {
  const buf = Buffer.allocUnsafe(READ);
  for (;;) {
    const n = readSync(fd, buf, 0, READ, pos);
    if (n === 0) return -1;
    const nl = buf.subarray(0, n).indexOf(0x0a);
    if (nl >= 0) return pos + nl + 1;
    pos += n;
  }
}
