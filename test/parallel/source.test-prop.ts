/**
 * `chunked`, which cuts every executor's input: whatever the source (array, iterable, async
 * iterable, after a sample was peeked) and whatever sizes it is asked for — fixed, or changing
 * at every chunk as a stream's sizes do — the chunks are numbered 0, 1, 2 …, hold exactly the
 * input in order, and each is as long as the size asked for when it started (the last one
 * may be shorter).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunked, peek } from '../../src/parallel/source.js';

type Kind = 'array' | 'iterable' | 'async';

function sourceOf(xs: number[], kind: Kind): Iterable<number> | AsyncIterable<number> {
  if (kind === 'array') return xs;
  if (kind === 'iterable') return xs[Symbol.iterator]();
  return (async function* () {
    yield* xs;
  })();
}

describe('chunked', () => {
  it('numbers the chunks and keeps every item once, in order, at the sizes asked for', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer(), { maxLength: 300 }),
        fc.constantFrom<Kind>('array', 'iterable', 'async'),
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        async (xs, kind, sampleSize, sizes, varying) => {
          const { head, rest } = await peek(sourceOf(xs, kind), sampleSize);
          // Sizes handed out in turn: the size asked for each chunk, as it starts.
          const asked: number[] = [];
          let k = 0;
          const size = varying
            ? () => {
                const n = sizes[k++ % sizes.length]!;
                asked.push(n);
                return n;
              }
            : sizes[0]!;
          const chunks: { index: number; items: number[] }[] = [];
          for await (const c of chunked(head, rest, size)) chunks.push(c);

          expect(chunks.map((c) => c.index)).toEqual(chunks.map((_c, i) => i));
          expect(chunks.flatMap((c) => c.items)).toEqual(xs);
          for (const [i, c] of chunks.entries()) {
            const want = varying ? asked[i]! : (size as number);
            if (i < chunks.length - 1) expect(c.items.length).toBe(want);
            else expect(c.items.length).toBeLessThanOrEqual(want);
            expect(c.items.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});
