/**
 * Bad arguments get a coded polyfold error naming the function, the argument and the fix —
 * before, `new HashMap(5)` leaked "entries is not iterable", `comparator(5)` "Cannot read
 * properties of undefined (reading 'call')" and `contramapHash(5)` "f is not a function".
 */
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

const argumentError = (functionName: string, argument: string) =>
  expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', functionName, argument });

describe('argument errors of the protocols layer', () => {
  it('HashMap, HashSet and Counter constructors', () => {
    for (const bad of [5, true, Symbol('s'), 1n, {}]) {
      expect(() => new _.HashMap(bad as never)).toThrow(argumentError('new HashMap', 'entries'));
      expect(() => new _.HashSet(bad as never)).toThrow(argumentError('new HashSet', 'values'));
    }
    expect(() => new _.HashMap('ab' as never)).toThrow(
      argumentError('new HashMap', 'each element of entries'),
    );
    expect(() => new _.HashMap([1] as never)).toThrow(
      argumentError('new HashMap', 'each element of entries'),
    );
    expect(() => new _.Counter(5 as never)).toThrow(
      expect.objectContaining({ code: 'ERR_UNSUPPORTED_TYPE' }),
    );
    expect(() => new _.HashMap(null, 5 as never)).toThrow(argumentError('new HashMap', 'options'));
    expect(() => new _.HashMap(null, { equals: 5 } as never)).toThrow(
      argumentError('new HashMap', 'options.equals'),
    );
    expect(() => new _.HashSet(null, { hash: 'h' } as never)).toThrow(
      argumentError('new HashSet', 'options.hash'),
    );
    expect(() => new _.Counter(null, { hash: 'h' } as never)).toThrow(
      argumentError('new Counter', 'options.hash'),
    );
  });

  it('the message names the value and the fix', () => {
    expect(() => new _.HashMap(5 as never)).toThrow(
      /new HashMap: entries must be an iterable of \[key, value\] pairs.*got the number 5/,
    );
  });

  it('forEach with a non-function', () => {
    expect(() => new _.HashMap().forEach(5 as never)).toThrow(
      argumentError('HashMap.forEach', 'callback'),
    );
    expect(() => new _.HashSet().forEach(5 as never)).toThrow(
      argumentError('HashSet.forEach', 'callback'),
    );
    expect(() => new _.Counter().forEach(5 as never)).toThrow(
      argumentError('Counter.forEach', 'callback'),
    );
  });

  it('comparator and contramapHash with bad instances', () => {
    for (const bad of [5, null, {}, { compare: 1 }]) {
      expect(() => _.comparator(bad as never)).toThrow(argumentError('comparator', 'ord'));
    }
    expect(() => _.contramapHash(5 as never)).toThrow(argumentError('contramapHash', 'f'));
    expect(() => _.contramapHash((x: number) => x)(5 as never)).toThrow(
      argumentError('contramapHash(f)', 'H'),
    );
    // Good arguments still work.
    expect([3, 1, 2].sort(_.comparator())).toEqual([1, 2, 3]);
    const byLength = _.contramapHash((s: string) => s.length)({ equals: _.equals, hash: _.hash });
    expect(byLength.equals('ab', 'cd')).toBe(true);
  });
});
