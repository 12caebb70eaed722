/**
 * Finding text to count, without a globbing dependency: a recursive directory walk with
 * `fs`, and the `README.md` + `docs/*.md` default the small examples use.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Counter } from '../../src/protocols/index.js';

/** The repository root (this file is in examples/word-count/). */
export const ROOT = resolve(import.meta.dirname, '../..');

/** Files under a folder. */
export interface Corpus {
  readonly files: string[];
  readonly bytes: number;
}

/**
 * Every file under `root` whose name ends with one of `suffixes`, in sorted path order, up to
 * `maxBytes` in total. Symbolic links are not followed (node_modules/.bin is full of them,
 * and a link cycle would never end).
 *
 * @example
 * ```ts
 * const { files, bytes } = listFiles('node_modules', ['.md', '.d.ts'], 5e6); // at most 5 MB
 * ```
 */
export function listFiles(
  root: string,
  suffixes: readonly string[],
  maxBytes = Number.POSITIVE_INFINITY,
): Corpus {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && suffixes.some((s) => entry.name.endsWith(s))) found.push(path);
    }
  };
  walk(root);
  found.sort();
  const files: string[] = [];
  let bytes = 0;
  for (const file of found) {
    const size = statSync(file).size;
    if (bytes + size > maxBytes && files.length > 0) break;
    files.push(file);
    bytes += size;
  }
  return { files, bytes };
}

/**
 * The files named on the command line, or the repository's README.md and docs/*.md.
 *
 * @example
 * ```ts
 * const files = inputFiles(process.argv.slice(2));
 * ```
 */
export function inputFiles(argv: readonly string[]): string[] {
  if (argv.length > 0) return argv.map((f) => resolve(f));
  return [join(ROOT, 'README.md'), ...listFiles(join(ROOT, 'docs'), ['.md']).files];
}

/**
 * Prints the `n` most common words as a small table (`count  word` rows).
 *
 * @example
 * ```ts
 * printTop(new Counter(['fold', 'fold', 'map']), 2);
 * ```
 */
export function printTop(counts: Counter<string>, n = 10): void {
  const rows = counts.mostCommon(n);
  const width = Math.max(5, ...rows.map(([, c]) => c.toLocaleString('en-US').length));
  console.log(`${'count'.padStart(width)}  word`);
  for (const [word, c] of rows)
    console.log(`${c.toLocaleString('en-US').padStart(width)}  ${word}`);
}
