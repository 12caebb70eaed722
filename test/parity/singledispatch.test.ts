/**
 * Port of CPython's `TestSingleDispatch` (Lib/test/test_functools.py, the 3.13/3.14 text) to
 * polyfold's public `polyfold/dispatch` API. Python's `int`/`str`/`list`/`dict`/`set` are
 * `Number`/`String`/`Array`/`Map`/`Set`; `object` is `Object`; Python's ABCs are abstract
 * types made with `abstractType`, defined here structurally as `collections.abc` defines them
 * (`Sized`: a class with a `len` method, as `__len__`), so the tests do not change the
 * process-wide protocol types; `functools._compose_mro` is read through `gf.explain(x).chain`
 * (the composed chain, abstract types inserted), and `RuntimeError: Ambiguous dispatch` is
 * `AmbiguousDispatchError`. singledispatchmethod is ported with its plain-function forms
 * (`install`, `registerOn`); the decorator forms are proven in test/dispatch/decorators.test.ts.
 *
 * Left out, and why:
 * - Multiple inheritance (`class D(C, B)` in `test_mro`, the permutations in
 *   `test_compose_mro`, `test_c3_abc`): a JavaScript prototype chain is a single line, so C3
 *   linearisation has nothing to merge; the single-inheritance half is ported.
 * - ABC subclassing (`MutableMapping` being a subclass of `Mapping`, `Set` of `Sized` and
 *   `Container`, in `test_register_abc` and `test_mro_conflicts`): abstract types have no
 *   hierarchy among themselves; where Python picks the more derived ABC, polyfold asks for
 *   `gf.prefer(A, B)` (ported). Concrete classes beating abstract types is ported.
 * - Type annotations (`test_annotations`, `test_type_ann_register`, the `*_type_ann_*`,
 *   `test_union*` with `|` syntax, `test_register_genericalias*`, `test_forward_reference`,
 *   `test_unresolved_forward_reference`, `test_slotted_class`): TypeScript types are erased at
 *   run time, so the type is always an argument of `register`; unions are arrays
 *   (`register([String, null], f)`, ported from `test_union` and `test_union_None`).
 * - `test_cache_invalidation`: it traces CPython's private `WeakKeyDictionary`; what it
 *   guarantees — a registration or a virtual subclass changes the answer, `clearCache`
 *   never does — is ported. The cache's own laws are test/dispatch/cache.test-prop.ts.
 * - Descriptor and metadata tests (`test_staticmethod_register`, `test_classmethod_*`,
 *   `test_abstractmethod_register`, `test_method_wrapping_attributes`,
 *   `test_double_wrapped_methods`, `test_assignment_behavior`, `__doc__` in
 *   `test_wrapping_attributes`): Python descriptor protocol; static dispatching methods are
 *   decorator-only in polyfold (covered in test/dispatch/decorators.test.ts).
 * - `test_invalid_positional_argument`: a JavaScript function may be called with fewer
 *   arguments; `f()` dispatches on `undefined`, which is ported as such.
 * - `test_invalid_registrations` for a missing annotation: there are no annotations; a
 *   function given as the type is refused like `42` (ported).
 */
import { describe, expect, it } from 'vitest';
import {
  AmbiguousDispatchError,
  abstractType,
  InvalidRegistrationError,
  singledispatch,
  singledispatchmethod,
} from '../../src/dispatch/index.js';

/** An abstract type satisfied by a prototype (or plain object) that defines `method` itself. */
const defines = (name: string, method: PropertyKey) =>
  abstractType(name, (o) => typeof o === 'object' && o !== null && Object.hasOwn(o, method));

describe('CPython TestSingleDispatch', () => {
  it('test_simple_overloads', () => {
    const g = singledispatch(function g(_obj: unknown) {
      return 'base';
    });
    const gInt = (_i: number) => 'integer';
    g.register(Number, gInt);
    expect(g('str')).toBe('base');
    expect(g(1)).toBe('integer');
    expect(g([1, 2, 3])).toBe('base');
  });

  it('test_mro (single inheritance)', () => {
    const g = singledispatch(function g(_obj: unknown): string {
      return 'base';
    });
    class A {}
    class C extends A {}
    class B extends A {}
    g.register(A, () => 'A');
    g.register(B, () => 'B');
    expect(g(new A())).toBe('A');
    expect(g(new B())).toBe('B');
    expect(g(new C())).toBe('A');
  });

  it('test_register_decorator (the decorator is register(Type) called on the function)', () => {
    const g = singledispatch(function g(_obj: unknown): string {
      return 'base';
    });
    const gInt = (i: number) => `int ${i}`;
    g.register(Number)(gInt);
    expect(g('')).toBe('base');
    expect(g(12)).toBe('int 12');
    expect(g.dispatch(Number)).toBe(gInt);
    expect(g.dispatch(Object)).toBe(g.dispatch(String));
  });

  it('test_wrapping_attributes', () => {
    const g = singledispatch(function g(_obj: unknown) {
      return 'Test';
    });
    expect(g.name).toBe('g');
  });

  it('test_c_classes (built-in classes: the Error hierarchy)', () => {
    const g = singledispatch(function g(_obj: unknown): unknown {
      return 'base';
    });
    g.register(Error, (e) => [e.message]);
    const subn = new RangeError('Exponent < Emin');
    const rnd = new TypeError('Number got rounded');
    expect(g(subn)).toEqual(['Exponent < Emin']);
    expect(g(rnd)).toEqual(['Number got rounded']);
    g.register(RangeError, () => 'Too small to care.');
    expect(g(subn)).toBe('Too small to care.');
    expect(g(rnd)).toEqual(['Number got rounded']);
  });

  it('test_compose_mro (the composed chain, read through explain)', () => {
    const Sized = defines('Sized', 'len');
    const Container = defines('Container', 'contains');
    const Callable = defines('Callable', 'call');
    class A {
      len() {
        return 0; // implies Sized
      }
    }
    class B extends A {
      contains() {
        return false; // implies Container
      }
    }
    class X extends B {
      call() {} // implies Callable
    }
    const g = singledispatch((_x: unknown) => 'base')
      .register(Sized, () => 'sized')
      .register(Container, () => 'container')
      .register(Callable, () => 'callable');
    // Each abstract type goes right after the most basic class that satisfies it.
    expect(g.explain(new X()).chain).toEqual([
      'X',
      'Callable',
      'B',
      'Container',
      'A',
      'Sized',
      'Object',
    ]);
    // Unrelated abstract types do not appear in the chain.
    const Mapping = defines('Mapping', 'keys');
    g.register(Mapping, () => 'mapping');
    expect(g.explain(new X()).chain).not.toContain('Mapping');
  });

  it('test_register_abc (concrete classes beat abstract types)', () => {
    // The test sees the prototypes on a value's chain, as collections.abc sees classes.
    const sizedPrototypes: unknown[] = [Map.prototype, Set.prototype, Array.prototype];
    const Sized = abstractType('Sized', (o) => sizedPrototypes.includes(o));
    const d = new Map([['a', 'b']]);
    const l = [1, 2, 3];
    const s = new Set([{}, null]);
    const g = singledispatch(function g(_obj: unknown): string {
      return 'base';
    });
    for (const x of [d, l, s]) expect(g(x)).toBe('base');
    g.register(Sized, () => 'sized');
    for (const x of [d, l, s]) expect(g(x)).toBe('sized');
    g.register(Map, () => 'dict');
    expect([g(d), g(l), g(s)]).toEqual(['dict', 'sized', 'sized']);
    g.register(Array, () => 'list');
    expect([g(d), g(l), g(s)]).toEqual(['dict', 'list', 'sized']);
    g.register(Set, () => 'concrete-set');
    expect([g(d), g(l), g(s)]).toEqual(['dict', 'list', 'concrete-set']);
  });

  it('test_false_meta (a static member is not an instance method)', () => {
    const Sized = defines('Sized', 'len');
    class A {
      readonly kind = 'A';
      static len() {
        return 0; // on the class, like a metaclass __len__: instances are not Sized
      }
    }
    class AA extends A {}
    const fun = singledispatch(function fun(_a: unknown) {
      return 'base A';
    })
      .register(Sized, () => 'sized')
      .register(A, () => 'fun A');
    expect(fun(new AA())).toBe('fun A');
  });

  it('test_mro_conflicts', () => {
    const Iterable = defines('Iterable', Symbol.iterator);
    const Container = defines('Container', 'contains');
    const Sized = defines('Sized', 'len');
    const g = singledispatch(function g(_arg: unknown): string {
      return 'base';
    })
      .register(Iterable, () => 'iterable')
      .register(Container, () => 'container')
      .register(Sized, () => 'sized');
    class O {
      len() {
        return 0;
      }
    }
    const o = new O();
    expect(g(o)).toBe('sized');
    class P {}
    const p = new P();
    expect(g(p)).toBe('base');
    Iterable.register(P);
    expect(g(p)).toBe('iterable');
    Container.register(P);
    expect(() => g(p)).toThrow(AmbiguousDispatchError);
    expect(() => g(p)).toThrow(/Iterable and Container|Container and Iterable/);

    const h = singledispatch(function h(_arg: unknown): string {
      return 'base';
    })
      .register(Sized, () => 'sized')
      .register(Container, () => 'container');
    class U {
      len() {
        return 0;
      }
    }
    const u = new U();
    expect(h(u)).toBe('sized'); // implicit Sized subclass inferred from the len() method
    Container.register(U);
    // There is no preference for registered versus inferred abstract types.
    expect(() => h(u)).toThrow(AmbiguousDispatchError);
    expect(() => h(u)).toThrow(/Sized and Container|Container and Sized/);
    h.prefer(Container, Sized); // polyfold's way to settle it
    expect(h(u)).toBe('container');

    class S {}
    class V extends S {
      len() {
        return 0;
      }
    }
    const j = singledispatch(function j(_arg: unknown): string {
      return 'base';
    })
      .register(S, () => 's')
      .register(Container, () => 'container');
    const v = new V();
    expect(j(v)).toBe('s');
    Container.register(V);
    expect(j(v)).toBe('container'); // because it ends up right after V in the chain
  });

  it('test_cache_invalidation (what the cache must never change)', () => {
    const Sized = defines('Sized', 'len');
    const g = singledispatch(function g(_arg: unknown): string {
      return 'base';
    });
    const d = new Map();
    const l: unknown[] = [];
    expect(g(d)).toBe('base');
    expect(g(l)).toBe('base');
    expect(g(l)).toBe('base');
    g.register(Array, () => 'list');
    expect(g(d)).toBe('base');
    expect(g(l)).toBe('list');
    class X {}
    Sized.register(X); // not used by g yet: answers unchanged
    expect(g(d)).toBe('base');
    expect(g(l)).toBe('list');
    g.register(Sized, () => 'sized');
    expect(g(new X())).toBe('sized');
    expect(g(d)).toBe('base');
    Sized.register(Map); // a virtual subclass invalidates the caches
    expect(g(d)).toBe('sized');
    expect(g(l)).toBe('list');
    g.register(Map, () => 'dict');
    expect(g(d)).toBe('dict');
    g.clearCache();
    expect(g(d)).toBe('dict');
    expect(g(l)).toBe('list');
  });

  it('test_method_register (install / registerOn)', () => {
    const t = singledispatchmethod({ name: 't' });
    class A {
      arg?: string;
      t(_arg: unknown): void {
        this.arg = 'base';
      }
    }
    t.install(A);
    t.registerOn(A, Number, function (this: A) {
      this.arg = 'int';
    });
    t.registerOn(A, String, function (this: A) {
      this.arg = 'str';
    });
    const a = new A();
    a.t(0);
    expect(a.arg).toBe('int');
    expect(new A().arg).toBeUndefined(); // another instance is untouched
    a.t('');
    expect(a.arg).toBe('str');
    a.t(0n); // Python's 0.0: a type with no registration
    expect(a.arg).toBe('base');
  });

  it('test_callable_register (registering after the class is defined)', () => {
    const t = singledispatchmethod({ name: 't' });
    class A {
      constructor(readonly arg: string) {}
      t(_arg: unknown): A {
        return new A('base');
      }
    }
    t.install(A);
    t.registerOn(A, Number, () => new A('int'));
    t.registerOn(A, String, () => new A('str'));
    const a = new A('');
    expect(a.t(0).arg).toBe('int');
    expect(a.t('').arg).toBe('str');
    expect(a.t(0n).arg).toBe('base');
  });

  it('test_invalid_registrations', () => {
    const i = singledispatch(function i(_arg: unknown) {
      return 'base';
    });
    expect(() => i.register(42 as never, () => 'I annotated with a non-type')).toThrow(
      InvalidRegistrationError,
    );
    expect(() => i.register(42 as never, () => '')).toThrow(/42/);
    expect(() => i.register(42 as never, () => '')).toThrow(TypeError);
    // A function that is not a constructor is not a type (Python: a missing annotation).
    expect(() => i.register((() => 'I forgot to annotate') as never, () => '')).toThrow(
      InvalidRegistrationError,
    );
  });

  it('test_invalid_positional_argument (f() dispatches on undefined)', () => {
    const f = singledispatch(function f(..._args: unknown[]) {
      return 'default';
    }).register(undefined, () => 'undefined');
    expect((f as () => string)()).toBe('undefined');
  });

  it('test_union (an array of types)', () => {
    const f = singledispatch(function f(_arg: unknown): string {
      return 'default';
    })
      .register([String, Uint8Array], () => 'union of String, Uint8Array')
      .register([Number, BigInt], () => 'union of Number, BigInt');
    expect(f([])).toBe('default');
    expect(f('')).toBe('union of String, Uint8Array');
    expect(f(new Uint8Array())).toBe('union of String, Uint8Array');
    expect(f(1)).toBe('union of Number, BigInt');
    expect(f(1n)).toBe('union of Number, BigInt');
  });

  it('test_union_conflict (the last registration wins)', () => {
    const f = singledispatch(function f(_arg: unknown): string {
      return 'default';
    })
      .register([String, Uint8Array], () => 'first')
      .register([Number, String], () => 'second');
    expect(f([])).toBe('default');
    expect(f('')).toBe('second');
    expect(f(new Uint8Array())).toBe('first');
    expect(f(1)).toBe('second');
  });

  it('test_union_None (null in a union)', () => {
    const typingUnion = singledispatch(function typingUnion(_arg: unknown): string {
      return 'default';
    }).register([String, null], () => 'union');
    expect(typingUnion(1)).toBe('default');
    expect(typingUnion('')).toBe('union');
    expect(typingUnion(null)).toBe('union');
    expect(typingUnion(undefined)).toBe('default'); // null and undefined are distinct types
  });
});
