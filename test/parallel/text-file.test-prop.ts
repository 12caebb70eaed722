import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNKS } from '../../src/functional/index.js';
import { readRange, textFile, textFiles } from '../../src/parallel/text-file.js';

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
