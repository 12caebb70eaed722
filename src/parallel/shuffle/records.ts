/**
 * Records of the shuffle and their order. A map task's files hold one record per line,
 * `[hash, key, partial]` (key and partial encoded with the wire codec), sorted by
 * {@link compareRecords}: by `stableHash(key)`, then by `stableKey(key)` — an order that is
 * the same in every process and in which equal keys are adjacent, so a reduce task merges
 * sorted files without a table. Final partition files hold `[key, value]` in the same order.
 */
import { decodeData, encodeData } from '../../functional/internal.js';
import { stableHash, stableKey } from '../../protocols/index.js';
import { CorruptOutputError } from '../errors.js';
import type { LineReader } from './lines.js';

/** One key's partial with its sort key. */
export interface ShuffleRecord {
  /** `stableHash(key)`. */
  readonly h: number;
  /** `stableKey(key)`: equal exactly when the keys are equal. */
  readonly sk: string;
  readonly key: unknown;
  readonly partial: unknown;
}

/** The record of `[key, partial]`; throws UnstableKeyError for a key that has no stable hash. */
export function recordOf(key: unknown, partial: unknown): ShuffleRecord {
  // A string's key text is its JSON; other keys' text is computed twice (once inside
  // stableHash), a cost only for tuple and record keys.
  const sk = typeof key === 'string' ? JSON.stringify(key) : stableKey(key);
  return { h: stableHash(key), sk, key, partial };
}

/** The shuffle's order: hash, then key text. 0 exactly for equal keys. */
export function compareRecords(a: ShuffleRecord, b: ShuffleRecord): number {
  return a.h - b.h || (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0);
}

/**
 * A value's JSON text as `JSON.stringify(encodeData(v))` gives it. Strings and plain numbers
 * (what word counts are made of) skip the codec's walk: the codec returns them unchanged, and
 * `String(n)` is `JSON.stringify(n)` for a finite number other than -0. Same bytes either way.
 */
function jsonOf(v: unknown, where: () => string): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0)) return String(v);
  return JSON.stringify(encodeData(v, where(), 'file'));
}

/** The line of a map-side record. */
export function recordLine(r: ShuffleRecord, where: string): string {
  // `sk` of a string key is its JSON text already (see recordOf).
  if (typeof r.key !== 'string') return hashedLine(r.h, r.key, r.partial, where);
  return `[${r.h},${r.sk},${jsonOf(r.partial, () => `${where} value`)}]`;
}

/** The line `[h, key, partial]` of a map-side record (the text of {@link recordLine}). */
export function hashedLine(h: number, key: unknown, partial: unknown, where: string): string {
  return `[${h},${jsonOf(key, () => `${where} key`)},${jsonOf(partial, () => `${where} value`)}]`;
}

/** The line of a final `[key, value]`. */
export function outputLine(key: unknown, value: unknown, where: string): string {
  // Element by element, as the codec encodes an array (a cycle through the pair is impossible).
  return `[${jsonOf(key, () => `${where}[0]`)},${jsonOf(value, () => `${where}[1]`)}]`;
}

/** Parses a line; CorruptOutputError naming the file and line for anything else. */
export function parseLine(line: string, file: string, n: number, width: 2 | 3): unknown[] {
  let data: unknown;
  try {
    data = decodeData(JSON.parse(line));
  } catch (e) {
    throw new CorruptOutputError(file, n, e instanceof Error ? e.message : String(e), e);
  }
  if (
    !Array.isArray(data) ||
    data.length !== width ||
    (width === 3 && typeof data[0] !== 'number')
  ) {
    throw new CorruptOutputError(
      file,
      n,
      `expected ${width === 2 ? '[key, value]' : '[hash, key, value]'}`,
    );
  }
  return data;
}

/** A sorted stream of records: `head` is the current one, undefined at the end. */
export interface RecordSource {
  readonly head: ShuffleRecord | undefined;
  /** Moves to the next record; a promise only when the file had to be read. */
  advance(): void | Promise<void>;
}

/**
 * Parses a batch of lines with one `JSON.parse` (far cheaper than one per line); on a bad
 * batch, line by line, so the error names the line. `first` is the batch's first line number.
 */
export function parseLines(
  lines: readonly string[],
  file: string,
  first: number,
  width: 2 | 3,
): unknown[][] {
  let rows: unknown;
  try {
    const text = `[${lines.join(',')}]`;
    // Without a "{" the JSON holds no object, so no codec tag: decoding would change nothing.
    rows = text.includes('{') ? decodeData(JSON.parse(text)) : JSON.parse(text);
  } catch {
    rows = undefined;
  }
  if (!Array.isArray(rows) || rows.length !== lines.length || !rows.every((r) => isRow(r, width))) {
    return lines.map((l, i) => parseLine(l, file, first + i, width));
  }
  return rows as unknown[][];
}

const isRow = (r: unknown, width: 2 | 3): boolean =>
  Array.isArray(r) && r.length === width && (width === 2 || typeof r[0] === 'number');

/** The records of a map-side file, read a buffer of lines at a time. */
export async function fileSource(reader: LineReader): Promise<RecordSource> {
  let rows: unknown[][] = [];
  let first = 0; // the line number of rows[0]
  let i = 0;
  let head: ShuffleRecord | undefined;
  const take = (): void => {
    const row = rows[i]!;
    const r = recordOf(row[1], row[2]);
    if (r.h !== row[0]) {
      const n = first + i;
      throw new CorruptOutputError(
        reader.path,
        n,
        `the hash of the key is ${r.h}, not ${String(row[0])}`,
      );
    }
    head = r;
    i++;
  };
  const refill = async (): Promise<void> => {
    const lines = await reader.nextLines();
    if (lines === undefined) {
      head = undefined;
      return;
    }
    first = reader.line - lines.length + 1;
    rows = parseLines(lines, reader.path, first, 3);
    i = 0;
    take();
  };
  const advance = (): void | Promise<void> => {
    if (i < rows.length) take();
    else return refill();
  };
  await refill();
  return {
    get head() {
      return head;
    },
    advance,
  };
}
