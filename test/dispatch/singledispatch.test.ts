import { describe, expect, it } from 'vitest';
import * as _ from '../../src/dispatch/index.js';

class Shape {
  kind = 'shape';
}
class Circle extends Shape {
  constructor(readonly r: number) {
    super();
  }
}
class Square extends Shape {
  constructor(readonly w: number) {
    super();
  }
}
class Rect extends Shape {
  constructor(
    readonly w: number,
    readonly h: number,
  ) {
    super();
  }
}

describe('singledispatch: the contract example', () => {
  const area = _.singledispatch((shape: unknown): number => {
    throw new TypeError(`no area for ${String(shape)}`);
  });
  const chained = area.register(Circle, (c) => Math.PI * c.r ** 2);
  area.register([Square, Rect], (s) => s.w * ('h' in s ? s.h : s.w));

  it('register returns the generic function itself (chainable)', () => {
    expect(chained).toBe(area);
  });
  it('dispatches on the first argument', () => {
    expect(area(new Circle(1))).toBe(Math.PI);
    expect(area(new Square(3))).toBe(9);
    expect(area(new Rect(2, 5))).toBe(10);
  });
  it('falls back to the default', () => {
    expect(() => area(new Shape())).toThrow('no area for [object Object]');
  });
  it('dispatch(type) returns the implementation used for instances', () => {
    expect(area.dispatch(Circle)(new Circle(2))).toBe(4 * Math.PI);
    expect(area.dispatch(Shape)).toBe(area.dispatch(Object));
  });
  it('registry is a read-only view in registration order', () => {
    expect([...area.registry.keys()]).toEqual([Circle, Square, Rect]);
    expect(area.registry.get(Square)).toBe(area.registry.get(Rect));
    expect(area.registry.size).toBe(3);
    expect('set' in area.registry).toBe(false);
  });
  it('name is the default implementation name or the option', () => {
    expect(_.singledispatch(function describeThing(_x: unknown) {}).name).toBe('describeThing');
    expect(_.singledispatch({ name: 'show' }).name).toBe('show');
  });
});

describe('resolution order', () => {
  it('walks the prototype chain, most derived first', () => {
    const f = _.singledispatch((_x: unknown) => 'default')
      .register(Shape, () => 'shape')
      .register(Object, () => 'object');
    expect(f(new Circle(1))).toBe('shape');
    f.register(Circle, () => 'circle');
    expect(f(new Circle(1))).toBe('circle');
    expect(f(new Square(1))).toBe('shape');
    expect(f({})).toBe('object');
    expect(f([])).toBe('object');
  });

  it('primitives resolve through Number, String, Boolean, BigInt and Symbol, boxed ones too', () => {
    const f = _.singledispatch((_x: unknown) => 'default')
      .register(Number, (n) => `number ${n}`)
      .register(String, (s) => `string ${s}`)
      .register(Boolean, (b) => `boolean ${b}`)
      .register(BigInt, (b) => `bigint ${b}`)
      .register(Symbol, (s) => `symbol ${s.description}`);
    expect(f(1)).toBe('number 1');
    expect(f(Number.NaN)).toBe('number NaN');
    expect(f('a')).toBe('string a');
    expect(f(true)).toBe('boolean true');
    expect(f(2n)).toBe('bigint 2');
    expect(f(Symbol('s'))).toBe('symbol s');
    expect(f(new Number(3) as never)).toBe('number 3');
    expect(f(new String('b') as never)).toBe('string b');
    expect(f(Object(Symbol('t')) as never)).toBe('symbol t');
  });

  it('Object catches primitives and objects but not null and undefined', () => {
    const f = _.singledispatch((_x: unknown) => 'default').register(Object, () => 'object');
    expect(f(1)).toBe('object');
    expect(f('x')).toBe('object');
    expect(f(null)).toBe('default');
    expect(f(undefined)).toBe('default');
    f.register(null, () => 'null').register(undefined, () => 'undefined');
    expect(f(null)).toBe('null');
    expect(f(undefined)).toBe('undefined');
  });

  it('an Object.create(null) object resolves as Object', () => {
    const f = _.singledispatch((_x: unknown) => 'default');
    const bare = Object.create(null);
    expect(f(bare)).toBe('default');
    f.register(Object, () => 'object');
    expect(f(bare)).toBe('object');
  });

  it('functions and classes resolve as Function', () => {
    const f = _.singledispatch((_x: unknown) => 'default').register(Function, () => 'function');
    class A {}
    class B extends A {}
    expect(f(() => 1)).toBe('function');
    expect(f(A)).toBe('function');
    expect(f(B)).toBe('function');
    expect(f(async () => {})).toBe('function');
    expect(f(function* () {})).toBe('function');
  });

  it('built-ins and subclasses of built-ins', () => {
    class MyMap extends Map {}
    class MyError extends TypeError {}
    const f = _.singledispatch((_x: unknown) => 'default')
      .register(Map, () => 'map')
      .register(Error, () => 'error')
      .register(Array, () => 'array')
      .register(Uint8Array, () => 'u8')
      .register(Promise, () => 'promise')
      .register(Date, () => 'date')
      .register(RegExp, () => 'regexp')
      .register(ArrayBuffer, () => 'buffer')
      .register(Set, () => 'set');
    expect(f(new Map())).toBe('map');
    expect(f(new MyMap())).toBe('map');
    expect(f(new MyError())).toBe('error');
    expect(f(new RangeError())).toBe('error');
    expect(f([1])).toBe('array');
    expect(f(Buffer.from('x'))).toBe('u8');
    expect(f(new Int8Array())).toBe('default');
    expect(f(Promise.resolve())).toBe('promise');
    expect(f(new Date())).toBe('date');
    expect(f(/x/)).toBe('regexp');
    expect(f(new ArrayBuffer(1))).toBe('buffer');
    expect(f(new Set())).toBe('set');
  });

  it('passes every argument and this through unchanged', () => {
    const seen: unknown[] = [];
    const f = _.singledispatch(function (this: unknown, ...args: unknown[]) {
      seen.push(this, args.length);
      return args;
    });
    f.register(Number, function (this: unknown, ...args: unknown[]) {
      seen.push(this, args.length);
      return args;
    });
    const receiver = { f };
    expect(receiver.f(1, 'two', undefined)).toEqual([1, 'two', undefined]);
    expect(f.call('ctx' as never, 'a')).toEqual(['a']);
    expect(f(new Circle(1), 2)).toEqual([new Circle(1), 2]);
    expect(seen).toEqual([receiver, 3, 'ctx', 1, undefined, 2]);
  });

  it('a later registration replaces an earlier one for the same type', () => {
    const f = _.singledispatch((_x: unknown) => 0).register(Circle, () => 1);
    expect(f(new Circle(1))).toBe(1);
    f.register(Circle, () => 2);
    expect(f(new Circle(1))).toBe(2);
  });

  it('a subclass registered after its base is found after both have been called', () => {
    const f = _.singledispatch((_x: unknown) => 'default').register(Shape, () => 'shape');
    expect(f(new Circle(1))).toBe('shape'); // caches on Circle.prototype? no: inherited entry
    expect(f(new Shape())).toBe('shape');
    f.register(Circle, () => 'circle');
    expect(f(new Shape())).toBe('shape');
    expect(f(new Circle(1))).toBe('circle');
  });

  it('an object whose prototype is not a class prototype still resolves by its chain', () => {
    const f = _.singledispatch((_x: unknown) => 'default').register(Circle, () => 'circle');
    const mid = Object.create(Circle.prototype);
    const obj = Object.create(mid);
    expect(f(obj)).toBe('circle');
    expect(f(Object.create(Shape.prototype))).toBe('default');
  });

  it('frozen prototypes still cache correctly (WeakMap fallback)', () => {
    class Frozen {}
    Object.freeze(Frozen.prototype);
    class Child extends Frozen {}
    const f = _.singledispatch((_x: unknown) => 'default').register(Frozen, () => 'frozen');
    expect(f(new Frozen())).toBe('frozen');
    expect(f(new Frozen())).toBe('frozen');
    expect(f(new Child())).toBe('frozen');
    f.register(Child, () => 'child');
    expect(f(new Child())).toBe('child');
    expect(f(new Frozen())).toBe('frozen');
  });

  it('never writes to built-in prototypes (iterators and generators included)', () => {
    function* gen() {}
    const values: object[] = [
      [],
      {},
      new Map().entries(),
      [][Symbol.iterator](),
      gen(),
      'x'.matchAll(/x/g),
      new Uint8Array(1),
    ];
    const protos = values.map((v) => Object.getPrototypeOf(v) as object);
    const before = protos.map((p) => Object.getOwnPropertySymbols(p).length);
    const f = _.singledispatch((_x: unknown) => 'default').register(Array, () => 'array');
    for (const v of values) f(v);
    expect(protos.map((p) => Object.getOwnPropertySymbols(p).length)).toEqual(before);
    expect(f([])).toBe('array');
    expect(f(new Map().entries())).toBe('default');
  });

  it('leaves user prototypes without enumerable or string-keyed traces', () => {
    class Traced {}
    const f = _.singledispatch((_x: unknown) => 'default').register(Traced, () => 'traced');
    f(new Traced());
    expect(Object.keys(Traced.prototype)).toEqual([]);
    expect(Object.getOwnPropertyNames(Traced.prototype)).toEqual(['constructor']);
    for (const k in new Traced()) throw new Error(`unexpected enumerable key ${k}`);
  });

  it('clearCache keeps results identical', () => {
    const f = _.singledispatch((_x: unknown) => 'default').register(Circle, () => 'circle');
    expect(f(new Circle(1))).toBe('circle');
    f.clearCache();
    expect(f(new Circle(1))).toBe('circle');
    expect(f(1)).toBe('default');
  });
});

describe('explain', () => {
  it('lists the chain walked, the candidates and the winner', () => {
    const f = _.singledispatch(function describeIt(_x: unknown) {
      return 'default';
    })
      .register(Shape, () => 'shape')
      .register(_.Iterable, () => 'iterable');
    const e = f.explain(new Circle(1));
    expect(e.function).toBe('describeIt');
    expect(e.chain).toEqual(['Circle', 'Shape', 'Object']);
    expect(e.candidates).toEqual(['Shape']);
    expect(e.winner).toBe('Shape');
    expect(e.implementation).toBe(f.registry.get(Shape));
    expect(f.explain([1]).chain).toEqual(['Array', 'Iterable', 'Object']);
    expect(f.explain(42).winner).toBe('default');
    expect(f.explain(null)).toMatchObject({ chain: ['null'], winner: 'default' });
  });

  it('reports the error a call would throw, without throwing', () => {
    const f = _.singledispatch<(x: unknown) => string>({ name: 'show' });
    const e = f.explain(1);
    expect(e.winner).toBeUndefined();
    expect(e.error).toBeInstanceOf(_.NoImplementationError);
  });
});
