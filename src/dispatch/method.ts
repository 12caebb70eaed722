/**
 * `singledispatchmethod`: dispatch on the first argument after `this`, with implementations
 * declared by decorators inside the class body.
 *
 * Registrations belong to classes, not to the handle: a `@m.register(T)` method is found on
 * the class that declares it, and each class gets its own generic function built from its
 * chain (base first, so a subclass's registration for a type overrides its base's). A
 * subclass therefore adds or overrides implementations without changing its base class
 * (the behaviour CPython gh-80638 asks for). The handle only names the family of methods.
 */
import { isRevokedProxy, prototypeOf, prototypesFrom } from './chain.js';
import { InvalidReceiverError, InvalidRegistrationError, refuseRevoked } from './errors.js';
import { checkOptionKeys } from './options.js';
import type { Impl } from './registry.js';
import {
  createGeneric,
  lookupOf,
  makeRegisterDecorator,
  SINGLEDISPATCH_OPTIONS,
} from './singledispatch.js';
import type {
  AnyFunction,
  GenericFunction,
  InstanceOf,
  RegisterDecorator,
  Registrable,
  RestParameters,
} from './types.js';

const { getOwnPropertyDescriptor, defineProperty, isExtensible } = Object;

/**
 * A family of dispatching methods. Use it as a decorator on the dispatching method (its body
 * is the default implementation), and `register(Type)` on the implementations.
 */
export interface MethodDispatcher<F extends AnyFunction = AnyFunction> {
  /** Standard decorator on the dispatching method. */
  <M extends AnyFunction>(method: M, context: ClassMethodDecoratorContext): M;
  /** Legacy (`experimentalDecorators`) decorator on the dispatching method. */
  <M extends AnyFunction>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): TypedPropertyDescriptor<M>;
  readonly name: string;
  /** Decorator for an implementation method: registers it for `type` in its own class. */
  register(type: Registrable | readonly Registrable[]): RegisterDecorator;
  /**
   * Plain-function form of the dispatching-method decorator: defines `cls.prototype[key]`
   * (default key: the handle's name) as the dispatcher, with `defaultImpl` (or the method
   * already there) as the default implementation. Returns `cls`.
   */
  install<C extends Function>(cls: C, key?: string | symbol, defaultImpl?: F): C;
  /** Plain-function form of `@m.register(type)`: registers `impl` for `cls` and its subclasses. */
  registerOn<C extends Function, const T extends Registrable>(
    cls: C,
    type: T | readonly T[],
    impl: (this: any, value: InstanceOf<T>, ...rest: RestParameters<F>) => unknown,
  ): C;
  /**
   * A generic function equal to the one instances of `cls` use for the method `key`
   * (default: the handle's name), for `explain`, `dispatch` and `registry`.
   */
  genericFor(cls: Function, key?: string | symbol): GenericFunction<F>;
}

interface MethodEntry {
  readonly lookup: (value: unknown) => Impl;
  readonly owner: unknown;
  readonly version: number;
}

/**
 * Makes a family of methods that dispatch on their first argument after `this`, like Python's
 * `functools.singledispatchmethod`.
 *
 * When to use: the operation belongs to a class (it uses `this`), and subclasses should be
 * able to add cases. Implementations receive `this` (the instance) and all arguments.
 *
 * Gotchas: TypeScript does not let a class name itself in its own member decorators, so the
 * handle is made before the class. Decorators work in both TypeScript modes; `install` and
 * `registerOn` are the same thing without decorators (for Node's type stripping or esbuild).
 *
 * @example
 * ```ts
 * import { singledispatchmethod } from 'polyfold/dispatch';
 * const neg = singledispatchmethod({ name: 'neg' });
 * class Negator {
 *   @neg
 *   neg(arg: unknown): unknown { throw new TypeError(`cannot negate ${String(arg)}`); }
 *   @neg.register(Number)
 *   negNumber(n: number) { return -n; }
 *   @neg.register(Boolean)
 *   negBoolean(b: boolean) { return !b; }
 * }
 * new Negator().neg(3); // -3
 *
 * // The same without decorators:
 * class Plain { neg(_: unknown): unknown { return 'default'; } }
 * neg.install(Plain, 'neg');
 * neg.registerOn(Plain, String, (s: string) => s.split('').reverse().join(''));
 * (new Plain() as Plain).neg('abc'); // 'cba'
 * ```
 */
export function singledispatchmethod<F extends AnyFunction = AnyFunction>(
  options: { readonly name: string } | F,
): MethodDispatcher<F> {
  checkOptionKeys('singledispatchmethod', options, SINGLEDISPATCH_OPTIONS);
  refuseRevoked('singledispatchmethod', 'first', options);
  const name =
    typeof options === 'function'
      ? options.name || 'method'
      : typeof options === 'object' &&
          options !== null &&
          typeof options.name === 'string' &&
          options.name
        ? options.name
        : undefined;
  if (name === undefined) {
    throw new InvalidRegistrationError(
      'singledispatchmethod',
      'first',
      options,
      'an options object { name: string } or a default implementation',
    );
  }
  const handleDefault = typeof options === 'function' ? (options as Impl) : undefined;
  // Implementation methods declared with @register: function → types. Held weakly; the
  // function objects themselves are never modified.
  const marked = new WeakMap<Function, Registrable[][]>();
  // Registrations made with registerOn: class prototype → [types, impl].
  const explicit = new WeakMap<object, Array<readonly [Registrable[], Impl]>>();
  // Bumped by registerOn so per-class generic functions are rebuilt.
  let version = 0;
  // Each dispatcher made by this handle → the default implementation it was declared with.
  const defaults = new WeakMap<Function, Impl | undefined>();

  const collect = (start: object): Array<readonly [Registrable[], Impl]> => {
    const links: object[] = [];
    for (const p of prototypesFrom(start, start)) {
      if (p === Object.prototype || p === Function.prototype) break;
      links.push(p);
    }
    const found: Array<readonly [Registrable[], Impl]> = [];
    for (const p of links.reverse()) {
      for (const k of Reflect.ownKeys(p)) {
        const d = getOwnPropertyDescriptor(p, k);
        const fn = d && 'value' in d ? d.value : undefined;
        if (typeof fn !== 'function') continue;
        for (const types of marked.get(fn) ?? []) found.push([types, fn as Impl]);
      }
      for (const r of explicit.get(p) ?? []) found.push(r);
    }
    return found;
  };

  const makeDispatcher = (defaultImpl: Impl | undefined, isStatic: boolean): Impl => {
    const key = Symbol(`polyfold.method(${name})`);
    const fallback = new WeakMap<object, MethodEntry>();

    const build = (self: object): MethodEntry => {
      // Instance methods dispatch per class prototype; static ones per constructor.
      const home = isStatic ? self : prototypeOf(self, self);
      if (home === null) {
        throw new InvalidReceiverError(name, self);
      }
      const cached = fallback.get(home);
      if (cached !== undefined && cached.version === version) return cached;
      const def = defaultImpl ?? handleDefault;
      const gf = createGeneric<AnyFunction>(def ?? { name }, collect(home));
      const owner = isStatic ? home : (self as { constructor?: unknown }).constructor;
      const entry: MethodEntry = { lookup: lookupOf(gf), owner, version };
      if (isExtensible(home) && getOwnPropertyDescriptor(home, 'constructor')?.value === owner) {
        defineProperty(home, key, { value: entry, writable: true, configurable: true });
      } else {
        fallback.set(home, entry);
      }
      return entry;
    };

    const dispatcher = function dispatcher(this: unknown, value: unknown): unknown {
      const self = this as Record<symbol, MethodEntry | undefined> | null | undefined;
      if (self === null || (typeof self !== 'object' && typeof self !== 'function')) {
        throw new InvalidReceiverError(name, self);
      }
      let e: MethodEntry | undefined;
      try {
        e = self[key];
      } catch (err) {
        // A revoked Proxy as `this` has no class to dispatch on; a live Proxy's trap error is its own.
        if (isRevokedProxy(self)) throw new InvalidReceiverError(name, self);
        throw err;
      }
      if (
        e === undefined ||
        e.version !== version ||
        e.owner !== (isStatic ? self : (self as { constructor?: unknown }).constructor)
      ) {
        e = build(self);
      }
      const impl = e.lookup(value);
      return arguments.length === 1 ? impl.call(self, value) : impl.apply(self, arguments as never);
    } as Impl;
    defaults.set(dispatcher, defaultImpl);
    return dispatcher;
  };

  const checkTypes = (type: unknown): Registrable[] => {
    refuseRevoked(`${name}.register`, 'type', type);
    // Reuse singledispatch's validation by registering on a throw-away generic function.
    createGeneric<AnyFunction>({ name }, [[Array.isArray(type) ? type : [type], () => undefined]]);
    return (Array.isArray(type) ? type : [type]) as Registrable[];
  };

  const handle = function methodDecorator(...args: unknown[]): unknown {
    const [first, second, third] = args;
    if (args.length === 2 && typeof second === 'object' && second !== null && 'kind' in second) {
      const ctx = second as ClassMethodDecoratorContext;
      if (ctx.kind !== 'method' || typeof first !== 'function') {
        throw new InvalidRegistrationError(`@${name}`, 'decorator target', first, 'a method');
      }
      return makeDispatcher(first as Impl, ctx.static);
    }
    const descriptor = third as PropertyDescriptor | undefined;
    if (args.length === 3 && descriptor && typeof descriptor.value === 'function') {
      const isStatic = typeof first === 'function';
      return { ...descriptor, value: makeDispatcher(descriptor.value as Impl, isStatic) };
    }
    throw new InvalidRegistrationError(`@${name}`, 'decorator target', first, 'a method');
  } as unknown as MethodDispatcher<F>;

  const register = (type: unknown): RegisterDecorator => {
    const types = checkTypes(type);
    return makeRegisterDecorator(`${name}.register`, (fn) => {
      const list = marked.get(fn) ?? [];
      list.push(types);
      marked.set(fn, list);
      version++;
    });
  };

  const install = (cls: unknown, key: string | symbol = name, defaultImpl?: unknown): unknown => {
    const proto = classPrototype(cls, `${name}.install`);
    checkKey(`${name}.install`, key);
    const existing =
      getOwnPropertyDescriptor(proto, key)?.value ??
      (proto as Record<string | symbol, unknown>)[key];
    const def = defaultImpl ?? existing;
    if (def !== undefined && typeof def !== 'function') {
      throw new InvalidRegistrationError(
        `${name}.install`,
        'defaultImpl',
        def,
        'a function or nothing',
      );
    }
    refuseRevoked(`${name}.install`, 'defaultImpl', def);
    const installed = Reflect.defineProperty(proto, key, {
      value: makeDispatcher(def as Impl | undefined, false),
      writable: true,
      configurable: true,
      enumerable: false,
    });
    // A frozen prototype (or a non-configurable method of that name) refuses the method.
    if (!installed) {
      throw new InvalidRegistrationError(
        `${name}.install`,
        'cls',
        cls,
        `a class whose prototype can take a method named ${String(key)} (this one is frozen or has a non-configurable ${String(key)})`,
      );
    }
    return cls;
  };

  const registerOn = (cls: unknown, type: unknown, impl: unknown): unknown => {
    const proto = classPrototype(cls, `${name}.registerOn`);
    const types = checkTypes(type);
    if (typeof impl !== 'function') {
      throw new InvalidRegistrationError(`${name}.registerOn`, 'impl', impl, 'a function');
    }
    refuseRevoked(`${name}.registerOn`, 'impl', impl);
    const list = explicit.get(proto) ?? [];
    list.push([types, impl as Impl]);
    explicit.set(proto, list);
    version++;
    return cls;
  };

  const genericFor = (cls: unknown, key: string | symbol = name): GenericFunction<AnyFunction> => {
    const proto = classPrototype(cls, `${name}.genericFor`);
    checkKey(`${name}.genericFor`, key);
    const method = (proto as Record<string | symbol, unknown>)[key];
    const def = typeof method === 'function' ? defaults.get(method) : undefined;
    return createGeneric<AnyFunction>(def ?? handleDefault ?? { name }, collect(proto));
  };

  defineProperty(handle, 'name', { value: name });
  Object.defineProperties(handle, {
    register: { value: register },
    install: { value: install },
    registerOn: { value: registerOn },
    genericFor: { value: genericFor },
  });
  return handle;
}

function checkKey(where: string, key: unknown): void {
  if (typeof key !== 'string' && typeof key !== 'symbol') {
    throw new InvalidRegistrationError(where, 'key', key, 'a method name (a string or a symbol)');
  }
}

function classPrototype(cls: unknown, where: string): object {
  refuseRevoked(where, 'cls', cls);
  const proto = typeof cls === 'function' ? (cls as { prototype?: unknown }).prototype : undefined;
  if ((typeof proto !== 'object' && typeof proto !== 'function') || proto === null) {
    throw new InvalidRegistrationError(where, 'cls', cls, 'a class');
  }
  return proto as object;
}
