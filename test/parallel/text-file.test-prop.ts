import {
  appendFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNKS } from '../../src/functional/index.js';
import { readRange, readSplit, textFile, textFiles } from '../../src/parallel/text-file.js';

const dir = mkdtempSync(join(tmpdir(), 'polyfold-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const write = (content: string): string => {
  const path = join(dir, `f${n++}.txt`);
  writeFileSync(path, content);
  return path;
};

const line = fc.string({ unit: fc.constantFrom('a', 'é', '😀', ' ', '\r', 'z'), maxLength: 12 });

describe('byte-range splitting', () => {
  it('law: the ranges of a file, read one by one, give exactly its lines, for any range size', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 30 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        (lines, trailingNewline, rangeBytes) => {
          const content = lines.join('\n') + (trailingNewline && lines.length ? '\n' : '');
          const path = write(content);
          // A newline ends the line before it; text after the last newline is a last line.
          const expected = content.split('\n');
          if (expected[expected.length - 1] === '') expected.pop();
          const want = expected.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
          const got = textFile(path, { rangeBytes })
            .ranges()
            .flatMap((r) => readRange(r));
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('iterating locally gives the same lines, across several files', async () => {
    const a = write('one\ntwo\r\nthree');
    const b = write('four\n\nsix\n');
    const got: string[] = [];
    for await (const l of textFiles([a, b], { rangeBytes: 3 })) got.push(l);
    expect(got).toEqual(['one', 'two', 'three', 'four', '', 'six']);
  });

  it('rejects bad arguments clearly', () => {
    expect(() => textFile('' as string)).toThrow(/file path/);
    expect(() => textFile('x', { rangeBytes: 0 })).toThrow(/rangeBytes/);
    expect(() => textFiles('x' as never)).toThrow(/array/);
  });
});

describe('textFile as a chunked source', () => {
  it('offers one array of lines per range to local runs', async () => {
    const path = write('a\nb\nc\nd\n');
    const it = textFile(path, { rangeBytes: 4 })[CHUNKS]();
    const got: string[][] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) got.push([...r.value]);
    expect(got).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
});

describe('splits: small files packed, large files split', () => {
  it('law: splits hold every range once, in order; only whole small files share a split, within rangeBytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(line, { maxLength: 8 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 60 }),
        (files, rangeBytes) => {
          const paths = files.map((lines) => write(lines.map((l) => `${l}\n`).join('')));
          const source = textFiles(paths, { rangeBytes });
          const ranges = source.ranges().filter((r) => r.end > r.start);
          const splits = source.splits();
          // Every non-empty range once, in order: the lines come out as they would locally.
          expect(splits.flat()).toEqual(ranges);
          for (const split of splits) {
            expect(split.length).toBeGreaterThan(0);
            if (split.length === 1) continue;
            const bytes = split.reduce((n, r) => n + (r.end - r.start), 0);
            expect(bytes).toBeLessThanOrEqual(rangeBytes);
            // Packed ranges are whole files, each smaller than a range.
            for (const r of split) {
              expect(r.start).toBe(0);
              expect(r.end).toBeLessThan(rangeBytes);
            }
          }
          // Reading the splits gives every file's lines, in order.
          const want = files.flat().map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
          expect(splits.flatMap((split) => readSplit(split))).toEqual(
            want.flatMap((l) => l.split('\n')),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a thousand small files make a handful of splits', () => {
    const paths = Array.from({ length: 1000 }, (_v, i) => write(`line ${i}\n`));
    const splits = textFiles(paths, { rangeBytes: 4096 }).splits();
    // ~10 bytes a file, 4 096 bytes a split.
    expect(splits.length).toBeLessThanOrEqual(4);
    expect(splits.flat()).toHaveLength(1000);
  });
});

describe('files that change after the plan', () => {
  it('law: any change of size, content or inode after planning fails every range read with ERR_INPUT_CHANGED', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('truncate', 'append', 'rewrite', 'replace'),
        fc.nat(),
        (lines, rangeBytes, change, at) => {
          const content = `${lines.join('\n')}\n`;
          const path = write(content);
          const past = new Date(Date.now() - 3_600_000);
          utimesSync(path, past, past);
          const ranges = textFile(path, { rangeBytes }).ranges();
          const size = Buffer.byteLength(content);
          if (change === 'truncate') truncateSync(path, at % size);
          else if (change === 'append') appendFileSync(path, 'more\n');
          else if (change === 'rewrite')
            writeFileSync(path, content); // same bytes, new mtime
          else {
            writeFileSync(`${path}.next`, content);
            renameSync(`${path}.next`, path); // same bytes and mtime window, new inode
            utimesSync(path, past, past);
          }
          for (const r of ranges) {
            expect(() => readRange(r)).toThrow(
              expect.objectContaining({ code: 'ERR_INPUT_CHANGED', path }),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
