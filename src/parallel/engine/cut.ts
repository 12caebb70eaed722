/**
 * Cutting a source into numbered chunks, lazily, each as large as the sizer says at the
 * moment it is cut — so chunks follow what the workers have measured so far. One cutter per
 * kind of source: arrays (slices, the size of the rest known), iterables and async iterables
 * (read ahead only as far as the chunk being cut), and text files (byte ranges; small files
 * packed together, as Hadoop's CombineFileInputFormat does; no line is read here).
 */
import { CHUNKS, type ChunkedAsyncIterable, checkIteratorResult } from '../../functional/index.js';
import type { ByteRange } from '../text-file.js';
import type { EngineChunk } from './input.js';
import type { Chunk } from './schedule.js';

/** The size of the next chunk; `remaining` is given when the rest of the input is known. */
export type SizeOf = (remaining?: number) => number;

/**
 * Numbered chunks of an array: slices, sized knowing how much is left. `from` skips a prefix
 * already folded elsewhere (numbering still starts at 0).
 */
export function* cutArray(
  items: readonly unknown[],
  size: SizeOf,
  from = 0,
): Generator<EngineChunk> {
  let index = 0;
  for (let i = from; i < items.length; ) {
    const n = Math.max(1, size(items.length - i));
    const part = items.slice(i, i + n);
    i += part.length;
    yield { index: index++, input: { kind: 'items', items: part }, units: part.length };
  }
}

/** Numbered chunks of a synchronous iterable, read only as far as each chunk. */
export function* cutIterable(items: Iterable<unknown>, size: SizeOf): Generator<EngineChunk> {
  const it = items[Symbol.iterator]();
  let index = 0;
  let done = false;
  try {
    while (!done) {
      const n = Math.max(1, size());
      const part: unknown[] = [];
      while (part.length < n) {
        const r = checkIteratorResult(it.next());
        if (r.done) {
          done = true;
          break;
        }
        part.push(r.value);
      }
      if (part.length > 0) {
        yield { index: index++, input: { kind: 'items', items: part }, units: part.length };
      }
    }
  } finally {
    if (!done) it.return?.();
  }
}

/**
 * Numbered chunks of an async iterable. A source that offers arrays (`CHUNKS`: text files
 * read locally, `chunked(…)`) is read an array per await and re-cut; any other one an item
 * per await.
 */
export async function* cutAsync(
  items: AsyncIterable<unknown>,
  size: SizeOf,
): AsyncGenerator<EngineChunk> {
  const batches = CHUNKS in items;
  const it: AsyncIterator<unknown> = batches
    ? (items as ChunkedAsyncIterable<unknown>)[CHUNKS]()
    : items[Symbol.asyncIterator]();
  let index = 0;
  let done = false;
  let carry: readonly unknown[] = [];
  let at = 0;
  try {
    while (!done || at < carry.length) {
      const n = Math.max(1, size());
      const part: unknown[] = [];
      while (part.length < n) {
        if (at < carry.length) {
          const take = Math.min(n - part.length, carry.length - at);
          for (let k = 0; k < take; k++) part.push(carry[at + k]);
          at += take;
          continue;
        }
        if (done) break;
        const r = checkIteratorResult(await it.next());
        if (r.done) {
          done = true;
          break;
        }
        if (batches) {
          carry = r.value as readonly unknown[];
          at = 0;
        } else part.push(r.value);
      }
      if (part.length > 0) {
        yield { index: index++, input: { kind: 'items', items: part }, units: part.length };
      }
    }
  } finally {
    if (!done) await it.return?.();
  }
}

/**
 * Numbered chunks of text files as byte ranges of about `size()` bytes each, from `whole`:
 * one stamped range per file (`files.ranges(Number.MAX_SAFE_INTEGER)`, taken when the run
 * starts, so a file changed later fails the run with InputChangedError in the reader). A
 * large file is cut into ranges (readers align them to lines); a file smaller than the chunk
 * joins the next ones in the same chunk.
 */
export function* cutFiles(whole: readonly ByteRange[], size: SizeOf): Generator<EngineChunk> {
  let remaining = 0;
  for (const r of whole) remaining += r.end - r.start;
  let index = 0;
  let file = 0;
  let at = 0;
  while (file < whole.length) {
    const want = Math.max(1, size(remaining));
    const ranges: ByteRange[] = [];
    let bytes = 0;
    while (file < whole.length && bytes < want) {
      const f = whole[file]!;
      const end = Math.min(f.end, f.start + at + (want - bytes));
      // A sliver left at the end of a file goes with this range rather than alone.
      const to = f.end - end < want / 8 ? f.end : end;
      ranges.push({ ...f, start: f.start + at, end: to });
      bytes += to - (f.start + at);
      if (to === f.end) {
        file++;
        at = 0;
      } else at = to - f.start;
    }
    remaining -= bytes;
    yield { index: index++, input: { kind: 'ranges', ranges }, units: bytes };
  }
}

/** A cutter's chunks as the scheduler takes them (closing the cutter when the run ends). */
export async function* numbered(
  chunks: Iterator<EngineChunk> | AsyncIterator<EngineChunk>,
): AsyncGenerator<Chunk<EngineChunk>> {
  try {
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      yield { index: next.value.index, items: next.value };
    }
  } finally {
    await closeQuietly(chunks);
  }
}

/** Closes a cutter left early; best effort: the run's own outcome is what the caller needs. */
export async function closeQuietly(it: Iterator<unknown> | AsyncIterator<unknown>): Promise<void> {
  try {
    await it.return?.();
  } catch {
    // Ignored: see above.
  }
}
