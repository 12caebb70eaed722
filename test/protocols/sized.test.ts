// len, contains, add and truthy: built-in behaviour, dunder methods, registrations.
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

describe('len', () => {
  it.each([
    ['a string (code units)', 'a😀', 3],
    ['an array', [1, 2], 2],
    ['a typed array', new Float32Array(3), 3],
    ['a Map', new Map([[1, 1]]), 1],
    ['a Set', new Set([1, 2, 3]), 3],
    ['a plain object (keys)', { a: 1, b: 2 }, 2],
    ['an ArrayBuffer (bytes)', new ArrayBuffer(5), 5],
    ['a DataView (bytes)', new DataView(new ArrayBuffer(4), 1), 3],
    ['a boxed string', new String('abc'), 3],
    ['a HashMap', new _.HashMap([[[1], 1]]), 1],
    ['a dunder method', { [_.dunder.len]: (): number => 7 }, 7],
  ])('%s', (_title, value, expected) => {
    expect(_.len(value)).toBe(expected);
  });

  it('refuses values without a size, naming the type', () => {
    for (const v of [
      5,
      null,
      undefined,
      true,
      new Date(),
      () => 1,
      new (class Widget {})(),
      Symbol('s'),
      new Number(1),
    ]) {
      expect(() => _.len(v)).toThrow(_.UnsupportedTypeError);
    }
    expect(() => _.len(new (class Widget {})())).toThrow(/unsupported type Widget/);
  });

  it('checks what a dunder method returns', () => {
    for (const bad of [-1, 1.5, '3', Number.NaN]) {
      expect(() => _.len({ [_.dunder.len]: () => bad })).toThrow(_.ProtocolResultError);
    }
  });

  it('lets a registration win', () => {
    class Bag {
      items = [1, 2];
    }
    _.len.register(Bag, (b) => b.items.length);
    expect(_.len(new Bag())).toBe(2);
  });
});

describe('contains', () => {
  it.each([
    ['an array, by equals', [[1, 2], [3]], [1, 2], true],
    ['an array, NaN', [Number.NaN], Number.NaN, true],
    ['an array, missing', [1, 2], 3, false],
    ['a string, substring', 'polyfold', 'fold', true],
    ['a string, non-string needle', '123', 1, false],
    ['a boxed string', new String('abc'), 'bc', true],
    ['a native Set, by its own has (identity for objects)', new Set([[1]]), [1], false],
    ['a native Set, primitives', new Set([1]), 1, true],
    ['a native Map, keys', new Map([[1, 'a']]), 1, true],
    ['a plain object, own keys', { a: 1 }, 'a', true],
    ['a plain object, inherited keys are not contained', { a: 1 }, 'toString', false],
    ['a plain object, numeric key', { 1: 'x' }, 1, true],
    ['a typed array, by equals', new Uint8Array([1, 2]), 2, true],
    [
      'a generator, by equals',
      (function* () {
        yield [1];
      })(),
      [1],
      true,
    ],
    ['a HashSet, by equals', new _.HashSet([{ id: 1 }]), { id: 1 }, true],
    ['a HashMap, keys by equals', new _.HashMap([[[1], 'v']]), [1], true],
    ['a dunder method', { [_.dunder.contains]: (x: unknown) => x === 'yes' }, 'yes', true],
  ])('%s', (_title, container, x, expected) => {
    expect(_.contains(container, x)).toBe(expected);
  });

  it('refuses values that are not containers, naming the type', () => {
    for (const v of [42, null, undefined, true, new Date(), Symbol('s'), () => 1]) {
      expect(() => _.contains(v, 1)).toThrow(_.UnsupportedTypeError);
    }
    expect(() => _.contains(42, 1)).toThrow(/contains: unsupported type number \(the number 42\)/);
  });
});

describe('add', () => {
  it('adds numbers and bigints, concatenates strings and arrays, merges Counters', () => {
    expect(_.add(1, 2)).toBe(3);
    expect(_.add(2n, 3n)).toBe(5n);
    expect(_.add('poly', 'fold')).toBe('polyfold');
    const a = [1];
    const b = [2, 3];
    const sum = _.add(a, b);
    expect(sum).toEqual([1, 2, 3]);
    expect(a).toEqual([1]);
    expect(_.add(new _.Counter('ab'), new _.Counter('b')).get('b')).toBe(2);
  });

  it('refuses mixed or unsupported operands, naming both types', () => {
    for (const [x, y] of [
      [{}, {}],
      [1, 1n],
      ['a', 1],
      [[1], 'a'],
      [null, null],
      [new Date(), 1],
    ] as const) {
      expect(() => _.add(x, y)).toThrow(_.UnsupportedTypeError);
    }
    try {
      _.add({}, {});
    } catch (e) {
      const err = e as _.UnsupportedTypeError;
      expect(err.code).toBe('ERR_UNSUPPORTED_TYPE');
      expect(err.protocol).toBe('add');
      expect(err.typeName).toBe('Object');
      expect(err.message).toMatch(/unsupported operand types Object and Object/);
    }
  });

  it('uses the dunder method, and registrations win', () => {
    class Money {
      constructor(readonly cents: number) {}
      [_.dunder.add](that: Money) {
        return new Money(this.cents + that.cents);
      }
    }
    expect(_.add(new Money(1), new Money(2)).cents).toBe(3);
    class Vec {
      constructor(readonly xs: number[]) {}
    }
    _.add.register(Vec, (a, b) => new Vec(a.xs.map((x, i) => x + ((b as Vec).xs[i] ?? 0))));
    expect((_.add(new Vec([1, 2]), new Vec([3, 4])) as Vec).xs).toEqual([4, 6]);
  });
});

describe('truthy', () => {
  it.each([
    [[], false],
    [[0], true],
    [{}, false],
    [{ a: 0 }, true],
    [new Map(), false],
    [new Set([1]), true],
    [new Uint8Array(0), false],
    ['', false],
    ['a', true],
    [0, false],
    [Number.NaN, false],
    [0n, false],
    [null, false],
    [undefined, false],
    [new Number(0), false],
    [new Boolean(false), false],
    [new String(''), false],
    [new Date(0), true],
    [() => 0, true],
    [new _.HashMap(), false],
    [new _.Counter('a'), true],
    [{ [_.dunder.len]: (): number => 0 }, false],
    [{ [_.dunder.bool]: (): boolean => false, [_.dunder.len]: (): number => 3 }, false],
  ])('truthy(%o) === %s', (value, expected) => {
    expect(_.truthy(value)).toBe(expected);
  });

  it('checks that dunder.bool returns a boolean', () => {
    expect(() => _.truthy({ [_.dunder.bool]: () => 1 })).toThrow(_.ProtocolResultError);
  });
});
