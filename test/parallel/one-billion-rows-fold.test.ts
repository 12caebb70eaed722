/**
 * The One Billion Row Challenge as one line — `groupBy(station, premap(temperature, stats()))`
 * — on a small generated input, checked against min/mean/max computed by hand, locally and on
 * worker threads.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { local, run } from '../../src/functional/index.js';
import { createPool, threads } from '../../src/parallel/index.js';
import { oneBillionRows } from './fixtures/jobs.js';

const STATIONS = ['Hamburg', 'Bulawayo', 'Palembang', "St. John's", 'Cracow', 'Istanbul'];

/** `n` lines `station;temperature` (one decimal, −99.9…99.9) from a fixed-seed generator. */
function measurements(n: number): string[] {
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const tenths = (next() % 1999) - 999;
    lines.push(`${STATIONS[next() % STATIONS.length]};${(tenths / 10).toFixed(1)}`);
  }
  return lines;
}

/** What a person writes without polyfold: in tenths of a degree, so sums are exact. */
function byHand(lines: readonly string[]): Map<string, { min: number; mean: number; max: number }> {
  const acc = new Map<string, { min: number; max: number; sum: number; n: number }>();
  for (const line of lines) {
    const [name, value] = line.split(';') as [string, string];
    const t = Math.round(Number(value) * 10);
    const a = acc.get(name) ?? { min: Infinity, max: -Infinity, sum: 0, n: 0 };
    acc.set(name, { min: Math.min(a.min, t), max: Math.max(a.max, t), sum: a.sum + t, n: a.n + 1 });
  }
  return new Map(
    [...acc].map(([name, a]) => [
      name,
      { min: a.min / 10, mean: a.sum / a.n / 10, max: a.max / 10 },
    ]),
  );
}

const pool = createPool({ workers: 2 });
afterAll(() => pool.close());

describe('the One Billion Row Challenge in one line', () => {
  const lines = measurements(5000);
  const expected = byHand(lines);

  for (const [label, executor] of [
    ['local()', () => local()],
    ['threads()', () => threads({ pool, chunkSize: 300 })],
  ] as const) {
    it(`gives every station's min, mean and max, with ${label}`, async () => {
      const result = await run(oneBillionRows, lines, { executor: executor() });
      expect(result.size).toBe(STATIONS.length);
      for (const [name, want] of expected) {
        const got = result.get(name)!;
        expect(got.min, name).toBe(want.min);
        expect(got.max, name).toBe(want.max);
        expect(got.mean, name).toBeCloseTo(want.mean, 12);
        expect(got.count, name).toBe(lines.filter((l) => l.startsWith(`${name};`)).length);
      }
    });
  }
});
