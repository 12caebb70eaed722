import { describe, expect, it } from 'vitest';
import * as _ from '../../src/dispatch/index.js';

describe('singledispatchmethod, plain-function forms', () => {
  it('install + registerOn: dispatch on the argument after this, this bound', () => {
    const fmt = _.singledispatchmethod({ name: 'fmt' });
    class Formatter {
      constructor(readonly unit: string) {}
      fmt(x: unknown): string {
        return `? ${String(x)}`;
      }
    }
    expect(fmt.install(Formatter)).toBe(Formatter);
    fmt.registerOn(Formatter, Number, function (this: Formatter, n: number) {
      return `${n}${this.unit}`;
    });
    const f = new Formatter('kg');
    expect(f.fmt(3)).toBe('3kg');
    expect(f.fmt('a')).toBe('? a');
  });

  it('passes extra arguments through', () => {
    const m = _.singledispatchmethod(function join(this: unknown, _x: unknown, ...rest: unknown[]) {
      return ['default', ...rest];
    });
    class C {}
    m.install(C, 'join');
    m.registerOn(C, String, (s: string, ...rest: unknown[]) => [s, ...rest]);
    const c = new C() as C & { join(...args: unknown[]): unknown[] };
    expect(c.join('a', 1, 2)).toEqual(['a', 1, 2]);
    expect(c.join(0, 1)).toEqual(['default', 1]);
  });

  it('a subclass overrides without changing the base, whatever is called first', () => {
    const m = _.singledispatchmethod({ name: 'kind' });
    class Base {
      kind(_x: unknown) {
        return 'base default';
      }
    }
    class Derived extends Base {}
    m.install(Base);
    m.registerOn(Base, Number, () => 'base number');
    expect(new Derived().kind(1)).toBe('base number');
    m.registerOn(Derived, Number, () => 'derived number');
    m.registerOn(Derived, String, () => 'derived string');
    expect(new Derived().kind(1)).toBe('derived number');
    expect(new Base().kind(1)).toBe('base number');
    expect(new Derived().kind('s')).toBe('derived string');
    expect(new Base().kind('s')).toBe('base default');
  });

  it('refuses a call without an instance with a clear message', () => {
    const m = _.singledispatchmethod({ name: 'go' });
    class K {
      go(_x: unknown) {
        return 1;
      }
    }
    m.install(K);
    const detached = new K().go;
    expect(() => detached(1)).toThrow(_.InvalidReceiverError);
  });

  it('rejects bad arguments', () => {
    const m = _.singledispatchmethod({ name: 'm' });
    expect(() => m.install(3 as never)).toThrow(_.InvalidRegistrationError);
    expect(() => m.registerOn(class {}, 5 as never, () => 1)).toThrow(_.InvalidRegistrationError);
    expect(() => m.registerOn(class {}, Number, 5 as never)).toThrow(/impl/);
    expect(() => m.register(5 as never)).toThrow(_.InvalidRegistrationError);
    expect(() => _.singledispatchmethod(5 as never)).toThrow(_.InvalidRegistrationError);
  });

  it('genericFor shows the resolution a class uses', () => {
    const m = _.singledispatchmethod({ name: 'show' });
    class A {
      show(_x: unknown) {
        return 'default';
      }
    }
    m.install(A);
    m.registerOn(A, Map, () => 'map');
    const gf = m.genericFor(A);
    expect(gf.explain(new Map()).winner).toBe('Map');
    expect(gf(new Map())).toBe('map');
    expect(gf(1)).toBe('default');
  });
});
