import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';
import { sampleKeys } from './stable-keys.js';

// The version contract: key, its canonical text (null for strings, hashed as themselves) and
// its stable hash. The hashes were computed by the C reference MurmurHash3_x86_32 (smhasher)
// over the UTF-8 bytes of the string or of the text given here — independently of this code.
// Changing any row is a breaking change of every partitioned output ever written.
const GOLDEN: ReadonlyArray<readonly [unknown, string | null, number]> = [
  ['', null, 0x00000000],
  ['hello', null, 0x248bfa47],
  ['The quick brown fox jumps over the lazy dog', null, 0x2e4ff723],
  ['é', null, 0x10110787],
  ['日本語', null, 0xa5a47297],
  ['😀', null, 0xbeb42efa],
  ['\ud800', null, 0xb69ca6c1], // a lone surrogate hashes as U+FFFD (EF BF BD)
  ['abcd', null, 0x43ed676a],
  [0, '0', 0xb25d47eb],
  [-0, '0', 0xb25d47eb],
  [1, '1', 0xa26abcbe],
  [1.5, '1.5', 0x55883a2a],
  [Number.NaN, 'NaN', 0x011b895f],
  [Number.NEGATIVE_INFINITY, '-Infinity', 0x0f7355f4],
  [1e21, '1e+21', 0xd84c9d7c],
  [12n, '12n', 0x614dbfc0],
  [true, 'true', 0xeb5230ed],
  [null, 'null', 0x30f4d8dc],
  [undefined, 'undefined', 0x49c41dfe],
  [new Date(0), 'Date(0)', 0x8ddcf0ae],
  [[1, 'a'], '[1,"a"]', 0x0944e9c8],
  [{ b: 1, a: [2, -0] }, '{"a":[2,0],"b":1}', 0x65537769],
  [new Map([['x', 1]]), 'Map{"x"=>1}', 0x1a607e1f],
  [new Set(['y', 'x']), 'Set{"x","y"}', 0xcc1385c2],
  [/a+/g, 'RegExp("a+","g")', 0x54ec78fd],
  [new Float64Array([1, -0]), 'Float64Array[1,0]', 0x334bd41b],
];

describe('stableHash: the golden table (the version contract)', () => {
  it.each(GOLDEN.map(([key, text, h]) => [_.stableKey(key), key, text, h] as const))(
    '%s',
    (_label, key, text, h) => {
      expect(_.stableHash(key)).toBe(h);
      if (text !== null) expect(_.stableKey(key)).toBe(text);
      else expect(_.stableKey(key)).toBe(JSON.stringify(key));
    },
  );

  it('partitionOf is the hash modulo P', () => {
    expect(_.partitionOf('hello', 4)).toBe(0x248bfa47 % 4);
    expect(_.partitionOf([1, 'a'], 1)).toBe(0);
  });
});

describe('stableHash: keys it refuses', () => {
  class Point {
    constructor(
      readonly x: number,
      readonly y: number,
    ) {}
    [_.dunder.eq](that: unknown) {
      return that instanceof Point && that.x === this.x && that.y === this.y;
    }
    [_.dunder.hash]() {
      return _.hash([this.x, this.y]);
    }
  }

  it('a class instance, even with [dunder.hash], names the class and the fix', () => {
    const e = (() => {
      try {
        _.stableHash([1, { p: new Point(1, 2) }]);
      } catch (e) {
        return e as _.UnstableKeyError;
      }
    })();
    expect(e).toBeInstanceOf(_.UnstableKeyError);
    expect(e?.code).toBe('ERR_UNSTABLE_KEY');
    expect(e?.typeName).toBe('Point');
    expect(e?.where).toBe('the key[1].p');
    expect(e?.message).toMatch(/the key\[1\]\.p is a Point/);
    expect(e?.message).toMatch(/folds\.groupBy\(\(p\) => \[p\.x, p\.y\]\)/);
  });

  it('functions, symbols, boxed primitives, buffers and cycles', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    for (const bad of [
      () => 1,
      Symbol('s'),
      new Number(1),
      new ArrayBuffer(2),
      new DataView(new ArrayBuffer(2)),
      cyclic,
    ]) {
      expect(() => _.stableHash(bad)).toThrow(_.UnstableKeyError);
    }
    expect(() => _.stableKey(cyclic)).toThrow(/the key\[0\] is a cyclic reference/);
  });

  it('partitionOf refuses a partition count that is not a positive integer', () => {
    for (const p of [0, -1, 1.5, Number.NaN, 2 ** 32]) {
      expect(() => _.partitionOf('a', p)).toThrow(_.ProtocolArgumentError);
    }
  });
});

describe('stableHash across processes', () => {
  const run = promisify(execFile);
  const here = import.meta.url;
  const entry = fileURLToPath(new URL('../../src/protocols/index.ts', here));
  const keys = fileURLToPath(new URL('./stable-keys.ts', here));
  const script = `
    import { hash, partitionOf, stableHash } from ${JSON.stringify(entry)};
    import { sampleKeys } from ${JSON.stringify(keys)};
    const ks = sampleKeys(10000, 2026);
    console.log(JSON.stringify({
      seeded: hash('polyfold'),
      partitions: ks.map((k) => partitionOf(k, 7)),
      hashes: ks.map((k) => stableHash(k)),
    }));`;
  const inChild = async (seed: string) => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { env: { ...process.env, POLYFOLD_HASHSEED: seed }, maxBuffer: 64 * 2 ** 20 },
    );
    return JSON.parse(stdout) as { seeded: number; partitions: number[]; hashes: number[] };
  };

  it('two processes with different hash seeds partition 10 000 random keys identically', async () => {
    const [a, b] = await Promise.all([inChild('1'), inChild('2')]);
    // The seeds really differ: the per-process hash disagrees...
    expect(a.seeded).not.toBe(b.seeded);
    // ...and the stable hash does not, nor does it differ from this process.
    expect(a.partitions).toHaveLength(10_000);
    expect(a.partitions).toEqual(b.partitions);
    expect(a.hashes).toEqual(b.hashes);
    expect(a.hashes).toEqual(sampleKeys(10_000, 2026).map((k) => _.stableHash(k)));
  }, 60_000);
});
