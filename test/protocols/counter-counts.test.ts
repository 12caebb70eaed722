/**
 * Counts are finite numbers. Before, `new Counter({ a: '5' }).get('a')` was `'05'`, `total()`
 * `'0051'`, `increment('a', 'x')` gave `'0x'` and `{ a: 1n }` threw a bare "Cannot mix BigInt".
 */
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

const invalid = (count: unknown) => expect.objectContaining({ code: 'ERR_INVALID_COUNT', count });
const BAD: unknown[] = [
  '5',
  'x',
  1n,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  null,
  undefined,
  {},
  [1],
  true,
];

describe('Counter counts are validated', () => {
  for (const bad of BAD) {
    const label = typeof bad === 'bigint' ? `${bad}n` : (JSON.stringify(bad) ?? String(bad));
    it(`refuses the count ${label} everywhere a count enters`, () => {
      expect(() => new _.Counter({ a: bad } as never)).toThrow(invalid(bad));
      expect(() => new _.Counter(new Map([['a', bad]]) as never)).toThrow(invalid(bad));
      const c = new _.Counter<string>(['a']);
      if (bad !== undefined) expect(() => c.increment('a', bad as never)).toThrow(invalid(bad));
      expect(() => c.update({ a: bad } as never)).toThrow(invalid(bad));
      expect(() => c.subtract(new Map([['a', bad]]) as never)).toThrow(invalid(bad));
      expect(() => c.set('a', bad as never)).toThrow(invalid(bad));
      // Nothing was stored: the counter still holds numbers only.
      expect(c.get('a')).toBe(1);
      expect(c.total()).toBe(1);
    });
  }

  it('names the key, the count and the fix', () => {
    try {
      new _.Counter({ a: '5' } as never);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(_.InvalidCountError);
      expect((e as InstanceType<typeof _.InvalidCountError>).key).toBe('a');
      expect((e as Error).message).toMatch(/"a".*finite number.*"5".*Number\(x\).*bigint/s);
    }
  });

  it('numbers still count, negative and fractional ones too', () => {
    const c = new _.Counter<string>({ a: 2, b: -1.5 });
    c.increment('a').increment('b', 0.5).update({ c: 3 }).subtract({ a: 1 });
    expect([...c]).toEqual([
      ['a', 2],
      ['b', -1],
      ['c', 3],
    ]);
    expect(c.total()).toBe(4);
    expect(c.increment('a', undefined).get('a')).toBe(3); // the default step
  });
});

describe('a count of -0', () => {
  // CI found this: a new object key incremented by -0 stored -0, while a key already present
  // (or a primitive key) gets 0 + -0 = +0, as Python's `c[k] += -0.0` does.
  it('is stored as +0 for a new key of every kind, as for a key already present', () => {
    for (const key of ['a', 1, [1, 2], { x: 1 }, new Date(0)]) {
      const c = new _.Counter<unknown>();
      c.increment(key, -0);
      expect(Object.is(c.get(key), 0), `key ${String(key)}`).toBe(true);
      c.increment(key, -0);
      expect(Object.is(c.get(key), 0), `key ${String(key)} twice`).toBe(true);
    }
  });
});
