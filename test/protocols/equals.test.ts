import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  [_.dunder.eq](that: unknown) {
    return that instanceof Point && that.x === this.x && that.y === this.y;
  }
  [_.dunder.hash]() {
    return _.hashValues(this.x, this.y);
  }
}

describe('equals: built-in behaviour', () => {
  it.each([
    ['NaN equals NaN (SameValueZero, as native Map keys)', Number.NaN, Number.NaN, true],
    ['0 equals -0', 0, -0, true],
    ['1 and 1n differ', 1, 1n, false],
    ['1 and "1" differ', 1, '1', false],
    ['null and undefined differ', null, undefined, false],
    ['arrays by elements', [1, [2, 3]], [1, [2, 3]], true],
    ['arrays in order', [1, 2], [2, 1], false],
    ['array lengths', [1], [1, undefined], false],
    ['holes read as undefined', Object.assign(new Array(2), { 1: 1 }), [undefined, 1], true],
    ['plain objects in any key order', { a: 1, b: { c: [1] } }, { b: { c: [1] }, a: 1 }, true],
    ['missing vs undefined key', { a: undefined }, {}, false],
    [
      'null-prototype object vs literal',
      Object.assign(Object.create(null), { a: 1 }),
      { a: 1 },
      true,
    ],
    [
      'Maps by entries, any order',
      new Map([
        [1, 'a'],
        [2, 'b'],
      ]),
      new Map([
        [2, 'b'],
        [1, 'a'],
      ]),
      true,
    ],
    ['Map object keys by value', new Map([[[1], 'a']]), new Map([[[1], 'a']]), true],
    ['Map values by value', new Map([[1, [1]]]), new Map([[1, [2]]]), false],
    ['Sets by elements, any order', new Set([1, [2]]), new Set([[2], 1]), true],
    ['Sets of different elements', new Set([[1]]), new Set([[2]]), false],
    ['Dates by time', new Date(5), new Date(5), true],
    ['invalid Dates equal each other', new Date(Number.NaN), new Date(Number.NaN), true],
    ['RegExps by source and flags', /a+/g, /a+/g, true],
    ['RegExp flags matter', /a/g, /a/i, false],
    ['typed arrays by type and elements', new Uint8Array([1, 2]), new Uint8Array([1, 2]), true],
    ['typed array types matter', new Uint8Array([1]), new Int8Array([1]), false],
    [
      'Float64Array NaN elements',
      new Float64Array([Number.NaN]),
      new Float64Array([Number.NaN]),
      true,
    ],
    ['ArrayBuffers by bytes', new Uint8Array([1, 2]).buffer, new Uint8Array([1, 2]).buffer, true],
    [
      'DataViews by bytes',
      new DataView(new Uint8Array([0, 1, 2]).buffer, 1),
      new DataView(new Uint8Array([1, 2]).buffer),
      true,
    ],
    ['boxed numbers', new Number(1), new Number(1), true],
    ['boxed vs primitive', new Number(1), 1, false],
    ['boxed types matter', new Number(1), new String('1'), false],
    ['class instances by identity', new (class A {})(), new (class A {})(), false],
    ['functions by identity', () => 1, () => 1, false],
    ['array vs plain object', [1], { 0: 1 }, false],
  ])('%s', (_title, a, b, expected) => {
    expect(_.equals(a, b)).toBe(expected);
    expect(_.equals(b, a)).toBe(expected);
  });

  it('same instance is equal to itself', () => {
    const o = new (class A {})();
    expect(_.equals(o, o)).toBe(true);
  });

  it('terminates on cyclic structures and compares them co-inductively', () => {
    const a: unknown[] = [1];
    a.push(a);
    const b: unknown[] = [1];
    b.push(b);
    const c: unknown[] = [1, [1]];
    (c[1] as unknown[]).push(c);
    expect(_.equals(a, b)).toBe(true);
    expect(_.equals(a, c)).toBe(true);
    const d: unknown[] = [2];
    d.push(d);
    expect(_.equals(a, d)).toBe(false);
    const o: Record<string, unknown> = { k: 1 };
    o.self = o;
    const p: Record<string, unknown> = { k: 1 };
    p.self = p;
    expect(_.equals(o, p)).toBe(true);
  });

  it('recognises built-ins from another realm (vm context)', () => {
    const foreign = runInNewContext(
      '({ arr: [1, 2], map: new Map([[1, [2]]]), obj: { a: new Set([1]) }, date: new Date(3) })',
    );
    expect(_.equals(foreign.arr, [1, 2])).toBe(true);
    expect(_.equals(foreign.map, new Map([[1, [2]]]))).toBe(true);
    expect(_.equals(foreign.obj, { a: new Set([1]) })).toBe(true);
    expect(_.equals(foreign.date, new Date(3))).toBe(true);
  });

  it('pairs Map entries with duplicate-by-value keys one to one', () => {
    const k1 = [1];
    const k2 = [1];
    const a = new Map<unknown, string>([
      [k1, 'x'],
      [k2, 'x'],
    ]);
    const b = new Map<unknown, string>([
      [[1], 'x'],
      [[1], 'y'],
    ]);
    expect(_.equals(a, b)).toBe(false);
    expect(
      _.equals(
        a,
        new Map([
          [[1], 'x'],
          [[1], 'x'],
        ]),
      ),
    ).toBe(true);
  });
});

describe('equals: resolution order', () => {
  it('uses the dunder method, and the reflected one when only the right side has it', () => {
    expect(_.equals(new Point(1, 2), new Point(1, 2))).toBe(true);
    expect(_.equals(new Point(1, 2), new Point(2, 1))).toBe(false);
    class Celsius {
      constructor(readonly t: number) {}
      [_.dunder.eq](that: unknown) {
        return typeof that === 'number'
          ? that === this.t
          : that instanceof Celsius && that.t === this.t;
      }
    }
    expect(_.equals(new Celsius(3), 3)).toBe(true);
    expect(_.equals(3, new Celsius(3))).toBe(true);
    expect(_.equals([new Point(1, 2)], [new Point(1, 2)])).toBe(true);
  });

  it('lets a registration win over the dunder method, and a subclass dunder win over built-ins', () => {
    class Loose extends Point {}
    expect(_.equals(new Loose(1, 2), new Loose(1, 3))).toBe(false);
    _.equals.register(Loose, (a, b) => b instanceof Loose && a.x === b.x);
    expect(_.equals(new Loose(1, 2), new Loose(1, 3))).toBe(true);
    // nested values go through the registration too
    expect(_.equals([new Loose(1, 2)], [new Loose(1, 3)])).toBe(true);
    expect(_.equals(new Point(1, 2), new Point(1, 3))).toBe(false);
    class Tuple extends Array<number> {
      [_.dunder.eq](that: unknown) {
        return that instanceof Tuple && that.length === this.length;
      }
    }
    expect(_.equals(Tuple.from([1]), Tuple.from([2]))).toBe(true);
  });

  it('lets anyone extend a type they do not own', () => {
    class PlainDate {
      constructor(readonly iso: string) {}
    }
    expect(_.equals(new PlainDate('2024-01-01'), new PlainDate('2024-01-01'))).toBe(false);
    _.equals.register(PlainDate, (a, b) => b instanceof PlainDate && a.iso === b.iso);
    expect(_.equals(new PlainDate('2024-01-01'), new PlainDate('2024-01-01'))).toBe(true);
    expect(_.equals({ d: new PlainDate('2024-01-01') }, { d: new PlainDate('2024-01-01') })).toBe(
      true,
    );
  });

  it('coerces a dunder result to a boolean', () => {
    const odd = { [_.dunder.eq]: () => 1 };
    expect(_.equals(odd, {})).toBe(true);
  });
});
