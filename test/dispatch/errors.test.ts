import { describe, expect, it } from 'vitest';
import * as _ from '../../src/dispatch/index.js';

class Point {}

describe('errors', () => {
  it('NoImplementationError names the function, the value type, the chain and the registrations', () => {
    const show = _.singledispatch<(x: unknown) => string>({ name: 'show' })
      .register(String, (s) => s)
      .register(Map, () => 'map');
    let error: unknown;
    try {
      show(new Point());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(_.NoImplementationError);
    expect(error).toBeInstanceOf(TypeError);
    const e = error as _.NoImplementationError;
    expect(e.code).toBe('ERR_NO_IMPLEMENTATION');
    expect(e.functionName).toBe('show');
    expect(e.chain).toEqual(['Point', 'Object']);
    expect(e.registered).toEqual(['String', 'Map']);
    expect(e.message).toContain('show: no implementation for a value of type Point');
    expect(e.message).toContain('Point → Object');
    expect(e.message).toContain('String, Map');
    expect(e.message).toContain('show.register(Type, impl)');
  });

  it('no default and nothing registered: null and undefined included', () => {
    const show = _.singledispatch<(x: unknown) => string>({ name: 'show' });
    for (const v of [42, 'x', null, undefined, {}, Symbol('s'), 1n]) {
      expect(() => show(v)).toThrow(_.NoImplementationError);
    }
  });

  it('bad register arguments are InvalidRegistrationErrors (TypeErrors) naming the argument', () => {
    const f = _.singledispatch((_x: unknown) => 0);
    const cases: Array<[() => unknown, string]> = [
      [() => f.register(3 as never, () => 1), 'invalid type argument the number 3'],
      [() => f.register(Number, 42 as never), 'invalid impl argument the number 42'],
      [() => f.register((() => 1) as never, () => 1), 'invalid type argument the function'],
      [
        () => f.register([Number, 'x'] as never, () => 1),
        'invalid type[1] argument the string "x"',
      ],
      [() => f.register([] as never, () => 1), 'expected at least one type'],
      [() => f.dispatch({} as never), 'invalid type argument'],
      [() => f.prefer(Number as never, _.Iterable), 'invalid winner argument'],
      [() => f.prefer(_.Iterable, _.Iterable), 'invalid loser argument'],
    ];
    for (const [call, message] of cases) {
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect(error, message).toBeInstanceOf(_.InvalidRegistrationError);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as _.InvalidRegistrationError).code).toBe('ERR_INVALID_REGISTRATION');
      expect((error as Error).message).toContain(message);
    }
  });

  it('singledispatch itself rejects a bad first argument', () => {
    expect(() => _.singledispatch(42 as never)).toThrow(_.InvalidRegistrationError);
    expect(() => _.singledispatch({ name: '' } as never)).toThrow(/options object/);
  });

  it('a failed registration changes nothing', () => {
    const f = _.singledispatch((_x: unknown) => 'default');
    expect(() => f.register([Number, 5] as never, () => 'n')).toThrow();
    expect(f.registry.size).toBe(0);
    expect(f(1)).toBe('default');
  });
});
