// The registry files every type under the link of a chain it stands for, null and undefined
// under sentinel links: these tests pin the behaviour that used to need four special cases.
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/dispatch/index.js';

class Base {}
class Derived extends Base {}
class Unregistered extends Base {}

describe('null and undefined resolve through their own links only', () => {
  it('Object does not catch them; their registrations do; the default comes last', () => {
    const gf = _.singledispatch((_x: unknown) => 'default')
      .register(Object, () => 'object')
      .register(null, () => 'null');
    expect(gf(null)).toBe('null');
    expect(gf(undefined)).toBe('default');
    expect(gf({})).toBe('object');
    expect(gf.dispatch(null)).toBe(gf.registry.get(null));
    expect(gf.dispatch(undefined)('x')).toBe('default');
    expect(gf.explain(undefined).winner).toBe('default');
  });

  it('an abstract type that accepts everything is never tested against them', () => {
    const tested: unknown[] = [];
    const Anything = _.abstractType('Anything', (link) => {
      tested.push(link);
      return true;
    });
    const gf = _.singledispatch<(x: unknown) => string>({ name: 'gf' }).register(
      Anything,
      () => 'any',
    );
    expect(gf(1)).toBe('any');
    tested.length = 0;
    expect(() => gf(null)).toThrow(_.NoImplementationError);
    expect(() => gf(undefined)).toThrow(_.NoImplementationError);
    expect(tested).toEqual([]);
  });

  it('the error and explain name the link walked, as for any other value', () => {
    const gf = _.singledispatch<(x: unknown) => string>({ name: 'show' }).register(Number, String);
    let error: unknown;
    try {
      gf(null);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(_.NoImplementationError);
    expect((error as _.NoImplementationError).chain).toEqual(['null']);
    expect((error as _.NoImplementationError).registered).toEqual(['Number']);
    const dispatched = (() => {
      try {
        gf.dispatch(undefined);
      } catch (e) {
        return e as _.NoImplementationError;
      }
    })();
    expect(dispatched?.code).toBe('ERR_NO_IMPLEMENTATION');
    expect(dispatched?.chain).toEqual(['undefined']);
    expect(gf.explain(null)).toMatchObject({
      chain: ['null'],
      candidates: [],
      winner: undefined,
      implementation: undefined,
    });
    gf.register(null, () => 'nothing');
    expect(gf.explain(null)).toMatchObject({
      chain: ['null'],
      candidates: ['null'],
      winner: 'null',
    });
    expect([...gf.registry.keys()]).toEqual([Number, null]);
  });
});

describe('the cache never changes a result', () => {
  it('an inherited decision is not trusted below a registered subclass', () => {
    const gf = _.singledispatch((_x: unknown) => 'default')
      .register(Base, () => 'base')
      .register(Derived, () => 'derived');
    // Base.prototype's decision may not be inherited: Derived lies below it.
    expect(gf(new Base())).toBe('base');
    expect(gf(new Unregistered())).toBe('base');
    expect(gf(new Derived())).toBe('derived');
    expect(gf(new (class extends Derived {})())).toBe('derived');
  });

  it('a registration made after a decision was cached on a prototype is seen at once', () => {
    const gf = _.singledispatch((_x: unknown) => 'default').register(Base, () => 'base');
    const u = new Unregistered();
    expect(gf(u)).toBe('base');
    expect(gf(u)).toBe('base');
    gf.register(Unregistered, () => 'unregistered no more');
    expect(gf(u)).toBe('unregistered no more');
    expect(gf(new Derived())).toBe('base');
  });

  it('a registration on another generic function or an abstract type leaves results alone', () => {
    const gf = _.singledispatch((_x: unknown) => 'default').register(Base, () => 'base');
    expect(gf(new Derived())).toBe('base');
    _.singledispatch((_x: unknown) => 0).register(Derived, () => 1);
    const T = _.abstractType('T', () => false);
    T.register(Derived);
    expect(gf(new Derived())).toBe('base');
  });
});
