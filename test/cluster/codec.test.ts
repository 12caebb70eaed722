import { describe, expect, it } from 'vitest';
import { MalformedMessageError, UnsendableValueError } from '../../src/cluster/index.js';
import { decodeData, encodeData } from '../../src/functional/codec.js';

const roundTrip = (x: unknown): unknown =>
  decodeData(JSON.parse(JSON.stringify(encodeData(x, 'the value'))));

describe('wire codec', () => {
  it('keeps what plain JSON loses', () => {
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
    expect(roundTrip([Number.NaN, Number.NEGATIVE_INFINITY, undefined])).toStrictEqual([
      Number.NaN,
      Number.NEGATIVE_INFINITY,
      undefined,
    ]);
    expect(roundTrip(12345678901234567890n)).toBe(12345678901234567890n);
    expect(roundTrip(new Map([[{ a: 1 }, new Set([1n])]]))).toStrictEqual(
      new Map([[{ a: 1 }, new Set([1n])]]),
    );
    expect(roundTrip(/a+b/giu)).toStrictEqual(/a+b/giu);
    expect(roundTrip(new Date(Number.NaN))).toStrictEqual(new Date(Number.NaN));
  });

  it('plain objects that look like tags stay plain objects', () => {
    const tricky = { $: 'n', v: '-0' };
    expect(roundTrip(tricky)).toStrictEqual(tricky);
    expect(roundTrip({ $task: { module: 'file:///x.js', name: 'f' } })).toStrictEqual({
      $task: { module: 'file:///x.js', name: 'f' },
    });
  });

  it('a "__proto__" key is data, never a prototype', () => {
    const x = JSON.parse('{"__proto__": {"polluted": true}}');
    const back = roundTrip(x) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(back, '__proto__')).toBe(true);
  });

  it('class instances travel as their own properties, as structured clone sends them', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    expect(roundTrip(new Point(1, 2))).toStrictEqual({ x: 1, y: 2 });
  });

  it('refuses functions, symbols and cycles, naming where they sit', () => {
    expect(() => encodeData([1, { f: () => 1 }], 'chunk 3: items')).toThrow(
      /chunk 3: items\[1\]\.f: the function f cannot be sent through Redis/,
    );
    expect(() => encodeData({ s: Symbol('k') }, 'the context')).toThrow(UnsendableValueError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodeData(cyclic, 'the context')).toThrow(
      /the context\.self: a cyclic reference/,
    );
    const error = (() => {
      try {
        encodeData(() => 1, 'x');
      } catch (e) {
        return e as UnsendableValueError;
      }
    })();
    expect(error?.code).toBe('ERR_UNSENDABLE_VALUE');
    // Shared (acyclic) references are fine.
    const shared = { a: 1 };
    expect(roundTrip([shared, shared])).toStrictEqual([{ a: 1 }, { a: 1 }]);
  });

  it('an unknown tag from Redis is a MalformedMessageError, not a silent misread', () => {
    expect(() => decodeData({ $: 'zz', v: 1 })).toThrow(MalformedMessageError);
    expect(() => decodeData({ $: 'b', v: '12a' })).toThrow(/tagged "b"/);
    expect(() => decodeData({ $: 't', c: 'Function', v: '' })).toThrow(MalformedMessageError);
    // Values a well-formed tag cannot hold: an invalid pattern, bytes that are no whole array.
    expect(() => decodeData({ $: 'r', v: ['(', 'g'] })).toThrow(
      /tagged "r".*\/\(\/g is not a valid regular expression/,
    );
    expect(() => decodeData({ $: 'r', v: ['a', 'zz'] })).toThrow(MalformedMessageError);
    expect(() => decodeData({ $: 't', c: 'Float64Array', v: 'AAA=' })).toThrow(
      /2 bytes do not make a whole Float64Array/,
    );
  });
});

describe('wire codec: typed arrays as base64 (no Buffer: the codec bundles for the browser)', () => {
  it('writes the padded standard base64 that Buffer writes, for every tail length', () => {
    for (let n = 0; n < 12; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      const encoded = encodeData(bytes, 'x') as { v: string };
      expect(encoded.v).toBe(Buffer.from(bytes).toString('base64'));
      expect(roundTrip(bytes)).toStrictEqual(bytes);
    }
  });

  it('a view into a larger buffer encodes only its own bytes', () => {
    const whole = new Float64Array([1, 2, 3, 4]);
    expect(roundTrip(whole.subarray(1, 3))).toStrictEqual(new Float64Array([2, 3]));
  });

  it('text that is not padded standard base64 is a MalformedMessageError', () => {
    for (const v of ['A', 'AA=A', '====', 'AA*=', 'ÿÿÿÿ']) {
      expect(() => decodeData({ $: 't', c: 'Uint8Array', v })).toThrow(/not base64/);
    }
  });

  it('the same errors are exported by polyfold/cluster and the codec', async () => {
    const codec = await import('../../src/functional/codec.js');
    expect(codec.UnsendableValueError).toBe(UnsendableValueError);
    expect(codec.MalformedMessageError).toBe(MalformedMessageError);
  });

  it('for partition files, the refusal says so', () => {
    expect(() => encodeData({ f: () => 1 }, 'partition 2 key', 'file')).toThrow(
      /partition 2 key\.f: the function f cannot be written to a partition file/,
    );
  });
});
