import { inspect } from 'node:util';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

describe('repr: built-in format', () => {
  it.each([
    ['a string', 'it\'s\n"ok"', `'it\\'s\\n"ok"'`],
    ['a lone surrogate', '\ud800', `'\\ud800'`],
    ['-0', -0, '-0'],
    ['NaN', Number.NaN, 'NaN'],
    ['a bigint', 12n, '12n'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a registered symbol', Symbol.for('k'), "Symbol.for('k')"],
    ['a symbol', Symbol('k'), 'Symbol(k)'],
    ['an array', [1, '1', 1n, [true]], "[1, '1', 1n, [true]]"],
    ['a sparse array', Object.assign(new Array(4), { 0: 1, 3: 2 }), '[1, <2 empty items>, 2]'],
    ['a plain object', { a: 1, 'b-c': [2] }, "{ a: 1, 'b-c': [2] }"],
    ['an empty object', {}, '{}'],
    [
      'a null-prototype object',
      Object.assign(Object.create(null), { a: 1 }),
      '[Object: null prototype] { a: 1 }',
    ],
    [
      'a Map',
      new Map<unknown, unknown>([
        ['k', 1],
        [[1], { a: 2 }],
      ]),
      "Map(2) { 'k' => 1, [1] => { a: 2 } }",
    ],
    ['a Set', new Set([1, 'a']), "Set(2) { 1, 'a' }"],
    ['a Date', new Date(0), 'Date(1970-01-01T00:00:00.000Z)'],
    ['an invalid Date', new Date(Number.NaN), 'Date(Invalid Date)'],
    ['a RegExp', /a+/gi, '/a+/gi'],
    ['a typed array', new Uint8Array([1, 2]), 'Uint8Array(2) [1, 2]'],
    ['an ArrayBuffer', new Uint8Array([1, 255]).buffer, 'ArrayBuffer(2) <01 ff>'],
    ['a boxed number', new Number(3), '[Number: 3]'],
    ['a boxed string', new String('x'), "[String: 'x']"],
    ['an error', new TypeError('bad'), "TypeError('bad')"],
    ['a function', function named() {}, '[Function: named]'],
    ['a class', class Thing {}, '[class Thing]'],
    ['a class instance', Object.assign(new (class Point {})(), { x: 1 }), 'Point { x: 1 }'],
  ])('%s', (_title, value, expected) => {
    expect(_.repr(value)).toBe(expected);
  });

  it('is unambiguous between look-alike values', () => {
    const values = [
      1,
      '1',
      1n,
      [1],
      ['1'],
      { 1: 1 },
      new Number(1),
      0,
      -0,
      'null',
      null,
      'undefined',
      undefined,
    ];
    expect(new Set(values.map((v) => _.repr(v))).size).toBe(values.length);
  });

  it('marks cycles instead of looping', () => {
    const a: unknown[] = [1];
    a.push(a);
    expect(_.repr(a)).toBe('[1, [Circular]]');
    const m = new _.HashMap<string, unknown>();
    m.set('self', m);
    expect(_.repr(m)).toBe("HashMap(1) { 'self' => [Circular] }");
  });
});

describe('repr: resolution, util.inspect and console.log', () => {
  class Point {
    constructor(
      readonly x: number,
      readonly y: number,
    ) {}
    [_.dunder.repr]() {
      return `Point(${this.x}, ${this.y})`;
    }
  }

  it('uses the dunder method, also for nested values, and checks its result', () => {
    expect(_.repr([new Point(1, 2)])).toBe('[Point(1, 2)]');
    expect(() => _.repr({ [_.dunder.repr]: () => 5 })).toThrow(_.ProtocolResultError);
  });

  it('honours util.inspect.custom', () => {
    const custom = { [inspect.custom]: () => 'CUSTOM' };
    expect(_.repr([custom])).toBe('[CUSTOM]');
  });

  it('inspectable makes util.inspect (console.log) show the repr, as a call or a decorator', () => {
    expect(inspect(new Point(1, 2))).not.toBe('Point(1, 2)');
    _.inspectable(Point);
    expect(inspect(new Point(1, 2))).toBe('Point(1, 2)');
    expect(inspect([new Point(1, 2)])).toBe('[ Point(1, 2) ]');

    // Both decorator modes, compiled by TypeScript itself (esbuild and vitest do not lower them).
    for (const experimentalDecorators of [false, true]) {
      const { outputText } = ts.transpileModule(
        `const { dunder, inspectable } = require('polyfold/protocols');
         @inspectable
         class Money {
           constructor(cents) { this.cents = cents; }
           [dunder.repr]() { return 'Money(' + this.cents + ')'; }
         }
         module.exports = Money;`,
        {
          compilerOptions: {
            target: ts.ScriptTarget.ES2022,
            module: ts.ModuleKind.CommonJS,
            experimentalDecorators,
          },
        },
      );
      const module = { exports: {} as unknown };
      new Function('require', 'module', outputText)(() => _, module);
      const Money = module.exports as new (cents: number) => object;
      expect(inspect(new Money(5))).toBe('Money(5)');
    }
    // A class made inspectable without its own repr still gets the built-in format, no loop.
    const Bare = _.inspectable(class Bare {});
    expect(_.repr(new Bare())).toBe('Bare {}');
    expect(inspect(new Bare())).toBe('Bare {}');
    expect(() => _.inspectable(42 as never)).toThrow(TypeError);
  });

  it('HashMap, HashSet and Counter show their repr in util.inspect', () => {
    expect(inspect(new _.HashMap([[[1], 'a']]))).toBe("HashMap(1) { [1] => 'a' }");
    expect(inspect(new _.HashSet([[1]]))).toBe('HashSet(1) { [1] }');
    expect(inspect(new _.Counter('aab'))).toBe("Counter(2) { 'a' => 2, 'b' => 1 }");
  });

  it('lets a registration win', () => {
    class Secret {
      constructor(readonly value: string) {}
    }
    _.repr.register(Secret, () => 'Secret(***)');
    expect(_.repr({ s: new Secret('pw') })).toBe('{ s: Secret(***) }');
  });
});
