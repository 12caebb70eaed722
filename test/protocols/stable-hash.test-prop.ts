/**
 * Laws of the stable hash: consistency with equals (equal keys built differently hash alike),
 * injectivity of the canonical text, strings hashed over their TextEncoder bytes, and a sane
 * spread over P partitions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';
import { rebuild } from './arbitraries.js';
import { stableKeyArb } from './stable-keys.js';

/** MurmurHash3_x86_32 over a byte array, straight from the reference's block/tail structure. */
function murmurBytes(bytes: Uint8Array, seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed;
  const blocks = bytes.length >> 2;
  for (let i = 0; i < blocks; i++) {
    const j = i * 4;
    let k = bytes[j]! | (bytes[j + 1]! << 8) | (bytes[j + 2]! << 16) | (bytes[j + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, c2);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const t = blocks * 4;
  const rest = bytes.length & 3;
  if (rest > 0) {
    // The reference's fall-through switch over the 1–3 tail bytes.
    let k = 0;
    for (let i = rest - 1; i >= 0; i--) k ^= bytes[t + i]! << (8 * i);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, c2);
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('stableHash laws', () => {
  it('law: equals(a, b) ⇒ same stableKey and stableHash (keys rebuilt in another order, -0 for 0)', () => {
    fc.assert(
      fc.property(stableKeyArb, fc.integer(), (k, seed) => {
        const copy = rebuild(k, seed);
        expect(_.equals(k, copy)).toBe(true);
        expect(_.stableKey(copy)).toBe(_.stableKey(k));
        expect(_.stableHash(copy)).toBe(_.stableHash(k));
      }),
      { numRuns: 500 },
    );
  });

  it('law: stableKey(a) === stableKey(b) ⇒ equals(a, b) (the text can stand in for the key)', () => {
    fc.assert(
      fc.property(stableKeyArb, stableKeyArb, (a, b) => {
        expect(_.stableKey(a) === _.stableKey(b)).toBe(_.equals(a, b));
      }),
      { numRuns: 1000 },
    );
  });

  it('law: a string hashes its TextEncoder bytes with seed 0, any other key its stableKey with seed 1', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })),
        (s) => {
          expect(_.stableHash(s)).toBe(murmurBytes(utf8(s), _.STRING_SEED));
        },
      ),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(stableKeyArb, (k) => {
        const expected =
          typeof k === 'string'
            ? murmurBytes(utf8(k), _.STRING_SEED)
            : murmurBytes(utf8(_.stableKey(k)), _.KEY_SEED);
        expect(_.stableHash(k)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('law: the hash is an unsigned 32-bit integer and partitionOf is in [0, P)', () => {
    fc.assert(
      fc.property(stableKeyArb, fc.integer({ min: 1, max: 1000 }), (k, p) => {
        const h = _.stableHash(k);
        expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
        expect(_.partitionOf(k, p)).toBe(h % p);
      }),
    );
  });

  it('spread: distinct words and integers fill P buckets evenly (chi-square, no timing)', () => {
    for (const p of [2, 3, 7, 8, 16]) {
      for (const keys of [
        Array.from({ length: 20_000 }, (_k, i) => `word${i}`),
        Array.from({ length: 20_000 }, (_k, i) => i),
        Array.from({ length: 20_000 }, (_k, i) => [i % 100, Math.floor(i / 100)]),
      ]) {
        const counts = new Array<number>(p).fill(0);
        for (const k of keys) counts[_.partitionOf(k, p)]!++;
        const expected = keys.length / p;
        const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
        // p - 1 degrees of freedom; 5 * dof + 30 is far beyond the 99.99th percentile for
        // these sizes, and far below what any real skew (one bucket 10% heavy) produces.
        expect(chi2).toBeLessThan(5 * (p - 1) + 30);
      }
    }
  });
});
