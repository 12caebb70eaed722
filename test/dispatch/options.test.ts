// Unknown option keys: the one helper every public options object goes through, and the
// closest-name suggestion the CLI shares.
import { describe, expect, it } from 'vitest';
import {
  abstractType,
  singledispatch,
  singledispatchmethod,
  UnknownOptionError,
} from '../../src/dispatch/index.js';
import * as _ from '../../src/dispatch/internal.js';

describe('closestName', () => {
  it.each([
    ['inptu', ['input', 'executor'], 'input'],
    ['worker', ['workers', 'chunkSize', 'retries'], 'workers'],
    ['chunksize', ['workers', 'chunkSize'], 'chunkSize'],
    ['maxInFligth', ['maxInFlight', 'pool'], 'maxInFlight'],
    ['pol', ['pool', 'workers'], 'pool'],
  ])('%s → %s', (word, known, expected) => {
    expect(_.closestName(word, known)).toBe(expected);
  });

  it('suggests nothing when every candidate is far', () => {
    expect(_.closestName('xyz', ['input', 'executor'])).toBeUndefined();
    expect(_.closestName('banana', ['workers', 'retries'])).toBeUndefined();
    expect(_.closestName('a', [])).toBeUndefined();
  });
});

describe('checkOptionKeys', () => {
  it('refuses an unknown key with its code, the key, its value and the suggestion', () => {
    let error: unknown;
    try {
      _.checkOptionKeys('threads', { worker: 2 }, ['workers', 'chunkSize']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownOptionError);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({
      code: 'ERR_UNKNOWN_OPTION',
      functionName: 'threads',
      key: 'worker',
      value: 2,
      suggestion: 'workers',
      known: ['workers', 'chunkSize'],
    });
    expect((error as Error).message).toBe(
      'threads: unknown option "worker". Did you mean "workers"? threads accepts: workers, chunkSize.',
    );
  });

  it('accepts known keys, keys set to undefined, and non-objects (checked elsewhere)', () => {
    expect(() => _.checkOptionKeys('f', { a: 1, b: undefined }, ['a', 'b'])).not.toThrow();
    expect(() => _.checkOptionKeys('f', undefined, ['a'])).not.toThrow();
    expect(() => _.checkOptionKeys('f', () => 1, ['a'])).not.toThrow();
  });

  it('instanceof holds for a copy of the class (another entry of the built package)', () => {
    const copy = Object.assign(new TypeError('x'), { code: 'ERR_UNKNOWN_OPTION' });
    expect(copy).toBeInstanceOf(UnknownOptionError);
    expect(new TypeError('x')).not.toBeInstanceOf(UnknownOptionError);
  });
});

describe('the dispatch layer refuses unknown options', () => {
  it('singledispatch, singledispatchmethod and abstractType', () => {
    expect(() => singledispatch({ name: 'show', nmae: 'x' } as never)).toThrow(
      /singledispatch: unknown option "nmae". Did you mean "name"\?/,
    );
    expect(() => singledispatchmethod({ name: 'neg', nam: 1 } as never)).toThrow(
      UnknownOptionError,
    );
    expect(() => abstractType('T', () => true, { inheritOnly: true } as never)).toThrow(
      /Did you mean "inheritedOnly"\?/,
    );
  });
});
