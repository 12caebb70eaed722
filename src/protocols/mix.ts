/**
 * 32-bit mixing for hashes: MurmurHash3's block step and finaliser. `Math.imul` keeps every
 * product a 32-bit integer, so V8 stays on small-integer arithmetic.
 */

/** MurmurHash3's `fmix32`: a bijection on 32-bit integers with full avalanche. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** One MurmurHash3 block: folds `k` into the running hash `h`. Order-sensitive by design. */
export function step(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Ends a sequence hash: mixes in the length (so `[]` and `[x, x]` differ) and avalanches. */
export function finish(h: number, length: number): number {
  return fmix(h ^ length);
}

/**
 * An order-insensitive accumulator for sets, maps and object keys. Each element hash is
 * scrambled before it is summed, so equal elements never cancel (a plain XOR would make
 * `{a, a}`-like pairs vanish) and small differences do not line up; the XOR lane catches
 * what the sum alone would merge.
 */
export class Unordered {
  sum = 0;
  xor = 0;
  count = 0;
  add(h: number): void {
    this.sum = (this.sum + fmix(h ^ 0x5bd1e995)) | 0;
    this.xor ^= Math.imul(h, 0x27d4eb2d);
    this.count++;
  }
  done(seed: number): number {
    return finish(step(step(seed, this.sum), this.xor), this.count);
  }
}

/** The hash of a key/value pair, for maps and plain objects (then combined with `Unordered`). */
export function pair(seed: number, k: number, v: number): number {
  return finish(step(step(seed, k), v), 2);
}
