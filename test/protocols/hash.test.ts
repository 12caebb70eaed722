import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

const isInt32 = (h: number) => (h | 0) === h;

describe('hash: built-in behaviour', () => {
  it('returns 32-bit integers for every kind of value', () => {
    for (const x of [
      0,
      1.5,
      -1e300,
      Number.NaN,
      'a',
      2n ** 100n,
      -(2n ** 40n),
      true,
      null,
      undefined,
      Symbol('s'),
      [1],
      { a: 1 },
      new Map(),
      new Set([1]),
      new Date(0),
      /a/g,
      new Uint8Array([1]),
      new Number(1),
      () => 1,
      new (class {})(),
    ]) {
      expect(isInt32(_.hash(x))).toBe(true);
    }
  });

  it('agrees with equals on the tricky cases', () => {
    expect(_.hash(0)).toBe(_.hash(-0));
    expect(_.hash(Number.NaN)).toBe(_.hash(0 / 0));
    expect(_.hash({ a: 1, b: [2] })).toBe(_.hash({ b: [2], a: 1 }));
    expect(_.hash(new Set([1, 2]))).toBe(_.hash(new Set([2, 1])));
    expect(
      _.hash(
        new Map([
          [1, 'a'],
          [2, 'b'],
        ]),
      ),
    ).toBe(
      _.hash(
        new Map([
          [2, 'b'],
          [1, 'a'],
        ]),
      ),
    );
    expect(_.hash(new Map([[[1], 'a']]))).toBe(_.hash(new Map([[[1], 'a']])));
    expect(_.hash(new Date(7))).toBe(_.hash(new Date(7)));
    expect(_.hash(new Float64Array([-0]))).toBe(_.hash(new Float64Array([0])));
    expect(_.hash(Object.assign(new Array(2), { 1: 1 }))).toBe(_.hash([undefined, 1]));
  });

  it('is order-sensitive for sequences and does not cancel pairs', () => {
    expect(_.hash([1, 2])).not.toBe(_.hash([2, 1]));
    expect(_.hash([])).not.toBe(_.hash([1, 1]));
    expect(_.hash([1])).not.toBe(_.hash([1, 1]));
    expect(_.hash({ a: 1, b: 1 })).not.toBe(_.hash({}));
    expect(_.hash({ a: 'b' })).not.toBe(_.hash({ b: 'a' }));
  });

  it('hashes other objects by a stable identity', () => {
    const o = new (class A {})();
    expect(_.hash(o)).toBe(_.hash(o));
    expect(_.hash(o)).not.toBe(_.hash(new (class A {})()));
  });

  it('terminates on cycles, consistently with equals', () => {
    const a: unknown[] = [];
    a.push(a);
    const b: unknown[] = [[]];
    (b[0] as unknown[]).push(b);
    expect(_.equals(a, b)).toBe(true);
    expect(_.hash(a)).toBe(_.hash(b));
    class Node {
      next: Node | undefined;
      [_.dunder.eq](that: unknown) {
        return that instanceof Node && _.equals(this.next, that.next);
      }
      [_.dunder.hash]() {
        return _.hash([this.next]);
      }
    }
    const n = new Node();
    n.next = n;
    expect(isInt32(_.hash(n))).toBe(true);
    expect(isInt32(_.hash({ list: [n] }))).toBe(true);
  });

  it('hashValues is the hash of the array of its arguments', () => {
    expect(_.hashValues(1, 'a', [2])).toBe(_.hash([1, 'a', [2]]));
  });
});

describe('hash: resolution and results', () => {
  it('uses the dunder method, truncated to 32 bits, and rejects non-numbers', () => {
    expect(_.hash({ [_.dunder.hash]: () => 2 ** 32 + 5 })).toBe(5);
    const bad = { [_.dunder.hash]: () => 'x' };
    expect(() => _.hash(bad)).toThrow(_.ProtocolResultError);
    expect(() => _.hash(bad)).toThrow(/hash needs a number/);
  });

  it('lets a registration win, for nested values too', () => {
    class Meters {
      constructor(readonly m: number) {}
      [_.dunder.hash]() {
        return 1;
      }
    }
    _.hash.register(Meters, (x) => x.m);
    expect(_.hash(new Meters(42))).toBe(42);
    expect(_.hash([new Meters(1)])).not.toBe(_.hash([new Meters(2)]));
  });
});

describe('hash: the per-process seed', () => {
  const entry = fileURLToPath(new URL('../../src/protocols/index.ts', import.meta.url));
  const hashIn = (env: Record<string, string | undefined>) =>
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { hash } from ${JSON.stringify(entry)}; console.log(hash('polyfold'), hash([1, 2]))`,
      ],
      { env: { ...process.env, ...env }, encoding: 'utf8' },
    ).trim();

  it('differs between processes unless POLYFOLD_HASHSEED fixes it', () => {
    const a = hashIn({ POLYFOLD_HASHSEED: undefined });
    const b = hashIn({ POLYFOLD_HASHSEED: undefined });
    expect(a).not.toBe(b);
    expect(hashIn({ POLYFOLD_HASHSEED: '42' })).toBe(hashIn({ POLYFOLD_HASHSEED: '42' }));
  }, 30_000);
});
