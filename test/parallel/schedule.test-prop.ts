import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schedule } from '../../src/parallel/engine/schedule.js';

describe('schedule', () => {
  it('law: every chunk is delivered exactly once, in order when ordered, for any timing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        async (delays, maxInFlight, ordered) => {
          const chunks = delays.map((delay, index) => ({ index, items: delay }));
          let inFlight = 0;
          let peak = 0;
          const seen: number[] = [];
          for await (const o of schedule(
            chunks,
            async (c) => {
              inFlight++;
              peak = Math.max(peak, inFlight);
              await new Promise((r) => setTimeout(r, c.items));
              inFlight--;
              return c.index * 10;
            },
            { maxInFlight, retries: 0, ordered, label: 't' },
          )) {
            expect(o.value).toBe(o.index * 10);
            seen.push(o.index);
          }
          expect([...seen].sort((a, b) => a - b)).toEqual(delays.map((_d, i) => i));
          if (ordered) expect(seen).toEqual(delays.map((_d, i) => i));
          expect(peak).toBeLessThanOrEqual(maxInFlight);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('retries infrastructure failures by chunk index, never a chunk twice once delivered', async () => {
    const attempts = new Map<number, number>();
    const seen: number[] = [];
    for await (const o of schedule(
      [0, 1, 2, 3].map((index) => ({ index, items: index })),
      async (c) => {
        const n = (attempts.get(c.index) ?? 0) + 1;
        attempts.set(c.index, n);
        if (c.index % 2 === 1 && n < 3) throw new Error('worker died');
        return c.index;
      },
      { maxInFlight: 2, retries: 2, ordered: true, label: 't' },
    )) {
      seen.push(o.value);
    }
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(attempts.get(1)).toBe(3);
    expect(attempts.get(0)).toBe(1);
  });
});
