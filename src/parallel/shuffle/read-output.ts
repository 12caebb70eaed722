/** `readOutput(dir)`: a finished partitioned output, streamed back as `[key, value]` pairs. */
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { CorruptOutputError, OutputIncompleteError } from '../errors.js';
import { PART_FILE, SUCCESS } from './layout.js';
import { LineReader } from './lines.js';
import type { OutputManifest } from './output.js';
import { parseLines } from './records.js';

/**
 * The manifest of the finished output in `dir` (its `_SUCCESS`), or OutputIncompleteError.
 *
 * @example
 * ```ts
 * import { readManifest } from 'polyfold/parallel';
 * const m = await readManifest('out/wordcount');
 * m.partitions.length; // the number of partitions
 * ```
 */
export async function readManifest(dir: string): Promise<OutputManifest> {
  const abs = resolve(dir);
  let text: string;
  try {
    text = await readFile(join(abs, SUCCESS), 'utf8');
  } catch (e) {
    throw new OutputIncompleteError(abs, e);
  }
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new CorruptOutputError(join(abs, SUCCESS), 0, 'not JSON', e);
  }
  const parts = (m as { partitions?: unknown })?.partitions;
  if (
    !Array.isArray(parts) ||
    !parts.every(
      (p: { index?: unknown; path?: unknown }, i) =>
        p?.index === i && typeof p.path === 'string' && PART_FILE.test(basename(p.path)),
    )
  ) {
    throw new CorruptOutputError(join(abs, SUCCESS), 0, 'not a manifest { dir, keys, partitions }');
  }
  return m as OutputManifest;
}

/**
 * Streams the `[key, value]` pairs of a finished partitioned output, partition by partition
 * and line by line (never a whole partition in memory). Within a partition, pairs come in
 * the shuffle's order (by `stableHash(key)`, then `stableKey(key)`), not in first-seen order.
 *
 * When to use: after `run(job, src, { output: { dir, partitions } })` resolved — on any
 * machine that reaches `dir`.
 *
 * Details: values are decoded with the cluster wire codec, so `-0`, `NaN`, bigints, Dates,
 * Maps, Sets, `HashMap`/`HashSet`/`Counter` come back as they were written. Files are found
 * next to `_SUCCESS` by name, so a moved or copied output directory still reads.
 *
 * Gotchas: refuses (OutputIncompleteError, on the first `next()`) a directory without
 * `_SUCCESS`: a run that failed or is still running. A line that is not what polyfold wrote
 * is a CorruptOutputError naming the file and line.
 *
 * @example
 * ```ts
 * import { readOutput } from 'polyfold/parallel';
 * const counts = new Map<string, number>();
 * for await (const [word, n] of readOutput<string, number>('out/wordcount')) counts.set(word, n);
 * ```
 */
export async function* readOutput<K = unknown, V = unknown>(
  dir: string,
): AsyncGenerator<[K, V], void, undefined> {
  const abs = resolve(dir);
  const manifest = await readManifest(abs);
  for (const part of manifest.partitions) {
    const file = join(abs, basename(part.path));
    let reader: LineReader;
    try {
      reader = await LineReader.open(file);
    } catch (e) {
      throw new CorruptOutputError(file, 0, 'the file is missing', e);
    }
    try {
      let n = 0;
      for (;;) {
        let lines: string[] | undefined;
        try {
          lines = await reader.nextLines();
        } catch (e) {
          throw new CorruptOutputError(file, reader.line + 1, 'not UTF-8 text', e);
        }
        if (lines === undefined) break;
        const rows = parseLines(lines, file, reader.line - lines.length + 1, 2);
        n += rows.length;
        for (const row of rows) yield row as [K, V];
      }
      if (n !== part.keys) {
        throw new CorruptOutputError(file, 0, `${n} keys, the manifest says ${part.keys}`);
      }
    } finally {
      await reader.close();
    }
  }
}
