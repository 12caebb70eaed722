import { describe, expect, it } from 'vitest';
import * as _ from '../../src/dispatch/index.js';

interface Sized {
  size(): number;
}
const Sized = _.abstractType<Sized>(
  'Sized',
  (x) => typeof (x as Sized | null)?.size === 'function',
);

class Base {}
class WithSize extends Base {
  size() {
    return 1;
  }
}
class SubWithSize extends WithSize {}

describe('abstract types', () => {
  it('match classes through their prototypes and object literals through themselves', () => {
    expect(Sized.matches(new WithSize())).toBe(true);
    expect(Sized.matches(new SubWithSize())).toBe(true);
    expect(Sized.matches(new Base())).toBe(false);
    expect(Sized.matches({ size: () => 3 })).toBe(true);
    expect(Sized.matches(null)).toBe(false);
    expect(Sized.matches(4)).toBe(false);
  });

  it('dispatch: a class registered itself beats an abstract type it satisfies', () => {
    const f = _.singledispatch((_x: unknown) => 'default')
      .register(Sized, () => 'sized')
      .register(WithSize, () => 'withSize');
    expect(f(new SubWithSize())).toBe('withSize');
    expect(f({ size: () => 1 })).toBe('sized');
  });

  it('is inserted right after the most basic link that satisfies it (like Python ABCs)', () => {
    // Base does not satisfy Sized; WithSize introduces it, so the MRO of SubWithSize is
    // SubWithSize, WithSize, Sized, Base, Object — Base loses to Sized.
    const f = _.singledispatch((_x: unknown) => 'default')
      .register(Base, () => 'base')
      .register(Sized, () => 'sized');
    expect(f(new SubWithSize())).toBe('sized');
    expect(f(new Base())).toBe('base');
    expect(f.explain(new SubWithSize()).chain).toEqual([
      'SubWithSize',
      'WithSize',
      'Sized',
      'Base',
      'Object',
    ]);
  });

  it('built-in Iterable, AsyncIterable and PromiseLike', () => {
    const f = _.singledispatch((_x: unknown) => 'default')
      .register(_.Iterable, () => 'iterable')
      .register(_.AsyncIterable, () => 'async')
      .register(_.PromiseLike, () => 'thenable');
    expect(f([1])).toBe('iterable');
    expect(f('abc')).toBe('iterable');
    expect(f(new Map())).toBe('iterable');
    expect(f((function* () {})())).toBe('iterable');
    expect(f({ [Symbol.iterator]: () => [][Symbol.iterator]() })).toBe('iterable');
    expect(f((async function* () {})())).toBe('async');
    expect(f(Promise.resolve(1))).toBe('thenable');
    // biome-ignore lint/suspicious/noThenProperty: a thenable is exactly what is tested
    expect(f({ then() {} })).toBe('thenable');
    expect(f({})).toBe('default');
    expect(f(1)).toBe('default');
  });

  it('object literals that look alike do not share a cached decision', () => {
    const f = _.singledispatch((_x: unknown) => 'default').register(_.Iterable, () => 'iterable');
    expect(f({ [Symbol.iterator]: () => [][Symbol.iterator]() })).toBe('iterable');
    expect(f({})).toBe('default');
    expect(f({ [Symbol.iterator]: () => [][Symbol.iterator]() })).toBe('iterable');
  });

  it('value-level tests on primitives are not cached per typeof', () => {
    const Positive = _.abstractType<number>('Positive', (x) => typeof x === 'number' && x > 0);
    const f = _.singledispatch((_x: unknown) => 'default')
      .register(Number, () => 'number')
      .register(Positive, () => 'positive');
    expect(f(5)).toBe('positive');
    expect(f(-5)).toBe('number');
    expect(f(6)).toBe('positive');
  });

  it('inheritedOnly abstract types let primitives be decided once per type', () => {
    let calls = 0;
    const Lengthy = _.abstractType(
      'Lengthy',
      (x) => {
        calls++;
        return typeof (x as { at?: unknown })?.at === 'function';
      },
      { inheritedOnly: true },
    );
    const f = _.singledispatch((_x: unknown) => 'default').register(Lengthy, () => 'lengthy');
    expect(f('abc')).toBe('lengthy');
    expect(f(1)).toBe('default');
    const after = calls;
    expect(f('xyz')).toBe('lengthy');
    expect(f(2)).toBe('default');
    expect(calls).toBe(after);
    expect(Lengthy.inheritedOnly).toBe(true);
    expect(_.Iterable.inheritedOnly).toBe(true);
  });

  it('register declares a virtual subclass and invalidates every cache', () => {
    const Drawable = _.abstractType('Drawable');
    class Sprite {}
    class BigSprite extends Sprite {}
    const f = _.singledispatch((_x: unknown) => 'default').register(Drawable, () => 'drawable');
    const g = _.singledispatch((_x: unknown) => 'g-default').register(Drawable, () => 'g-drawable');
    expect(f(new BigSprite())).toBe('default');
    expect(g(new Sprite())).toBe('g-default');
    expect(Drawable.register(Sprite)).toBe(Sprite);
    expect(f(new BigSprite())).toBe('drawable');
    expect(g(new Sprite())).toBe('g-drawable');
    expect(Drawable.matches(new BigSprite())).toBe(true);
  });

  it('two unrelated abstract types in the same place are ambiguous until preferred', () => {
    const Named = _.abstractType(
      'Named',
      (o) => typeof (o as { name?: unknown })?.name === 'string',
    );
    const Aged = _.abstractType('Aged', (o) => typeof (o as { age?: unknown })?.age === 'number');
    const f = _.singledispatch(function greet(_x: unknown) {
      return 'other';
    })
      .register(Named, () => 'named')
      .register(Aged, () => 'aged');
    expect(f({ name: 'a' })).toBe('named');
    let error: unknown;
    try {
      f({ name: 'a', age: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(_.AmbiguousDispatchError);
    const ambiguous = error as _.AmbiguousDispatchError;
    expect(ambiguous.code).toBe('ERR_AMBIGUOUS_DISPATCH');
    expect(ambiguous.candidates).toEqual(['Named', 'Aged']);
    expect(ambiguous.message).toContain('greet.prefer(Named, Aged)');
    expect(f.prefer(Aged, Named)).toBe(f);
    expect(f({ name: 'a', age: 1 })).toBe('aged');
    f.prefer(Named, Aged); // the latest word wins
    expect(f({ name: 'a', age: 1 })).toBe('named');
  });

  it('abstract types from a different place in the chain are not ambiguous', () => {
    const HasA = _.abstractType('HasA', (o) => Object.hasOwn(o as object, 'a'));
    class P {
      b() {}
    }
    const HasB = _.abstractType('HasB', (o) => typeof (o as { b?: unknown })?.b === 'function');
    class Q extends P {}
    Object.defineProperty(Q.prototype, 'a', { value: 1 });
    const f = _.singledispatch((_x: unknown) => 'default')
      .register(HasA, () => 'a')
      .register(HasB, () => 'b');
    // HasA is introduced by Q.prototype, HasB by P.prototype: HasA is more specific.
    expect(f(new Q())).toBe('a');
  });

  it('rejects bad arguments with clear errors', () => {
    expect(() => _.abstractType('' as string)).toThrow(_.InvalidRegistrationError);
    expect(() => _.abstractType('X', 3 as never)).toThrow(/invalid test argument/);
    expect(() => Sized.register((() => {}) as never)).toThrow(/a class or constructor function/);
  });
});
