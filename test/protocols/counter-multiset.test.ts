// Counter's multiset methods: the errors they throw and the cases the properties do not reach.
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

describe('Counter multiset methods: arguments', () => {
  const c = new _.Counter('aab');
  const methods = [
    'difference',
    'union',
    'intersection',
    'isSubsetOf',
    'isSupersetOf',
    'isProperSubsetOf',
    'isProperSupersetOf',
  ] as const;

  for (const m of methods) {
    it(`${m} refuses a non-Counter with ERR_INVALID_ARGUMENT naming the method and the fix`, () => {
      for (const other of ['ab', ['a'], new Map([['a', 1]]), new _.HashMap(), null, undefined, 5]) {
        let caught: unknown;
        try {
          (c[m] as (o: unknown) => unknown)(other);
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(_.ProtocolArgumentError);
        expect((caught as _.ProtocolArgumentError).code).toBe('ERR_INVALID_ARGUMENT');
        expect((caught as Error).message).toContain(`Counter.${m}`);
        expect((caught as Error).message).toContain('new Counter(');
      }
    });
  }

  it('a count that overflows to Infinity is an InvalidCountError naming the operation', () => {
    const big = new _.Counter<string>().set('a', Number.MAX_VALUE);
    const neg = new _.Counter<string>().set('a', -Number.MAX_VALUE);
    expect(() => big.difference(neg)).toThrow(_.InvalidCountError);
    expect(() => big.difference(neg)).toThrow(/Counter\.difference/);
  });

  it('keys compared by an explicit instance stay so in the results', () => {
    const ci = {
      equals: (a: string, b: string) => a.toLowerCase() === b.toLowerCase(),
      hash: (k: string) => _.hash(k.toLowerCase()),
    };
    const a = new _.Counter(['A', 'a', 'b'], ci);
    const b = new _.Counter(['a'], ci);
    const d = a.difference(b);
    expect(d.get('A')).toBe(1);
    expect(d.copy().get('a')).toBe(1);
    expect(a.positive().get('B')).toBe(1);
  });

  it('copy() of a subclass is an instance of the subclass', () => {
    class Tally<K> extends _.Counter<K> {}
    const t = new Tally('slartibartfast');
    const d = t.copy();
    expect(d).toBeInstanceOf(Tally);
    expect(_.equals(d, t)).toBe(true);
  });
});
