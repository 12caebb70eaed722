/**
 * The cutters every executor's input goes through: whatever the source (array, iterable,
 * async iterable, one that offers arrays) and whatever sizes the sizer asks for — changing at
 * every chunk, as learned sizes do — the chunks are numbered 0, 1, 2 …, hold exactly the
 * input in order, and each is as long as the size asked for when it was cut (the last one
 * may be shorter). Text files: the byte ranges cover every byte of every file exactly once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNKS } from '../../src/functional/index.js';
import { cutArray, cutAsync, cutFiles, cutIterable } from '../../src/parallel/engine/cut.js';
import { type EngineChunk, itemsOf } from '../../src/parallel/engine/input.js';
import { textFiles } from '../../src/parallel/index.js';

type Kind = 'array' | 'iterable' | 'async' | 'batches';

async function cut(xs: number[], kind: Kind, size: (remaining?: number) => number) {
  const out: EngineChunk[] = [];
  if (kind === 'array') for (const c of cutArray(xs, size)) out.push(c);
  else if (kind === 'iterable')
    for (const c of cutIterable(xs[Symbol.iterator](), size)) out.push(c);
  else if (kind === 'async') {
    const source = (async function* () {
      yield* xs;
    })();
    for await (const c of cutAsync(source, size)) out.push(c);
  } else {
    // A source offering arrays of 7 (as text files and chunked() do), re-cut to any size.
    const source = {
      async *[Symbol.asyncIterator]() {
        yield* xs;
      },
      async *[CHUNKS]() {
        for (let i = 0; i < xs.length; i += 7) yield xs.slice(i, i + 7);
      },
    };
    for await (const c of cutAsync(source, size)) out.push(c);
  }
  return out;
}

describe('cutting items', () => {
  it('numbers the chunks and keeps every item once, in order, at the sizes asked for', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer(), { maxLength: 300 }),
        fc.constantFrom<Kind>('array', 'iterable', 'async', 'batches'),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }),
        async (xs, kind, sizes) => {
          const asked: number[] = [];
          let k = 0;
          const size = () => {
            const n = sizes[k++ % sizes.length]!;
            asked.push(n);
            return n;
          };
          const chunks = await cut(xs, kind, size);
          expect(chunks.map((c) => c.index)).toEqual(chunks.map((_c, i) => i));
          expect(chunks.flatMap((c) => itemsOf(c.input) as number[])).toEqual(xs);
          for (const [i, c] of chunks.entries()) {
            expect(c.units).toBe(itemsOf(c.input).length);
            if (i < chunks.length - 1) expect(c.units).toBe(asked[i]);
            else expect(c.units).toBeLessThanOrEqual(asked[i]!);
            expect(c.units).toBeGreaterThan(0);
          }
        },
      ),
    );
  });

  it('an array cut is told how much is left', () => {
    const seen: (number | undefined)[] = [];
    const xs = Array.from({ length: 10 }, (_v, i) => i);
    [
      ...cutArray(xs, (remaining) => {
        seen.push(remaining);
        return 3;
      }),
    ];
    expect(seen).toEqual([10, 7, 4, 1]);
  });

  it('a source left early is closed', async () => {
    let closed = false;
    const source = {
      [Symbol.iterator]() {
        let i = 0;
        return {
          next: () => ({ done: false, value: i++ }),
          return: () => {
            closed = true;
            return { done: true as const, value: undefined };
          },
        };
      },
    };
    const it = cutIterable(source, () => 2);
    it.next();
    it.return(undefined);
    expect(closed).toBe(true);
  });
});

describe('cutting text files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'polyfold-cut-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;

  it('byte ranges cover every byte of every file once, in order, near the sizes asked for', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 3000 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 2048 }), { minLength: 1, maxLength: 10 }),
        (sizes, asks) => {
          const paths = sizes.map((bytes) => {
            const path = join(dir, `f${n++}.txt`);
            writeFileSync(path, 'x'.repeat(bytes));
            return path;
          });
          const whole = textFiles(paths).ranges(Number.MAX_SAFE_INTEGER);
          let k = 0;
          const chunks = [...cutFiles(whole, () => asks[k++ % asks.length]!)];
          // Per file, the ranges tile [0, size) without gap or overlap, in order.
          const covered = new Map<string, number>();
          for (const [i, c] of chunks.entries()) {
            expect(c.index).toBe(i);
            if (c.input.kind !== 'ranges') throw new Error('not ranges');
            let bytes = 0;
            for (const r of c.input.ranges) {
              expect(r.start).toBe(covered.get(r.path) ?? 0);
              expect(r.end).toBeGreaterThan(r.start);
              expect(r.stamp).toBeDefined();
              covered.set(r.path, r.end);
              bytes += r.end - r.start;
            }
            expect(c.units).toBe(bytes);
          }
          paths.forEach((p, i) => {
            expect(covered.get(p) ?? 0).toBe(sizes[i]);
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
