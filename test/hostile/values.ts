/**
 * Hostile values, shared by the hostile fuzz suites: everything a caller can hand polyfold that
 * breaks an assumption — Proxies (revoked, with throwing traps, with an endless prototype chain,
 * of built-ins), cycles, throwing getters, broken iterators (sync and async), 20 000-deep
 * nesting, Symbols, BigInts, frozen objects and classes, null-prototype objects, dunder methods
 * that throw or return nonsense, detached buffers, invalid Dates.
 *
 * Every value is made fresh by its factory (a fuzz run may mutate what it was given), except the
 * deep nests, which are built once (they take a while) and never mutated by polyfold.
 *
 * The code inside a hostile value (a trap, a getter, a dunder method, a function argument)
 * throws {@link HostileError}: an error of the *caller's* making. polyfold passes such errors
 * through unchanged, as documented ("errors thrown by your functions are never wrapped"), so the
 * suites accept exactly this class besides polyfold's own coded errors.
 */
import fc from 'fast-check';
import * as dispatch from '../../src/dispatch/index.js';
import * as functional from '../../src/functional/index.js';
import * as laws from '../../src/laws/index.js';
import * as protocols from '../../src/protocols/index.js';

const { dunder } = protocols;

/** Thrown by code inside hostile values; polyfold must let it through unchanged. */
export class HostileError extends Error {
  constructor(where: string) {
    super(`hostile value: ${where}`);
    this.name = 'HostileError';
  }
}

const thrower = (where: string) => (): never => {
  throw new HostileError(where);
};

function revoked<T extends object>(target: T): T {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

const TRAPS = [
  'get',
  'set',
  'has',
  'ownKeys',
  'getPrototypeOf',
  'setPrototypeOf',
  'getOwnPropertyDescriptor',
  'defineProperty',
  'deleteProperty',
  'isExtensible',
  'preventExtensions',
  'apply',
  'construct',
] as const;

/** A Proxy every one of whose traps throws. */
function allTrapsThrow<T extends object>(target: T): T {
  const handler: ProxyHandler<T> = {};
  for (const trap of TRAPS) (handler as Record<string, unknown>)[trap] = thrower(`${trap} trap`);
  return new Proxy(target, handler);
}

/** A Proxy whose `getPrototypeOf` returns the proxy itself: an endless prototype chain. */
function selfPrototype(): object {
  const p: object = new Proxy({}, { getPrototypeOf: () => p });
  return p;
}

/** A Proxy whose `getPrototypeOf` returns a fresh proxy every time. */
function freshPrototypes(): object {
  const make = (): object => new Proxy({}, { getPrototypeOf: () => make() });
  return make();
}

/** A Proxy without the target's internal slots, whose methods run on the target. */
function boundProxy<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, key) {
      const v = Reflect.get(t, key, t) as unknown;
      return typeof v === 'function' ? (v as Function).bind(t) : v;
    },
  });
}

function nest(depth: number, wrap: (x: unknown) => unknown): unknown {
  let x: unknown = 0;
  for (let i = 0; i < depth; i++) x = wrap(x);
  return x;
}

/** How deep the deep nests go: far past any engine's stack for a recursive walk. */
export const DEEP = 20_000;
let deepCache: Record<string, unknown> | undefined;
function deep(kind: 'array' | 'object' | 'map'): unknown {
  deepCache ??= {
    array: nest(DEEP, (x) => [x]),
    object: nest(DEEP, (x) => ({ a: x })),
    map: nest(DEEP, (x) => new Map([[1, x]])),
  };
  return deepCache[kind];
}

function cyclicArray(): unknown[] {
  const a: unknown[] = [1];
  a.push(a);
  return a;
}

function cyclicObject(): Record<string, unknown> {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  return o;
}

function cyclicMap(): Map<unknown, unknown> {
  const m = new Map<unknown, unknown>();
  m.set(m, m);
  return m;
}

function mutualCycle(): unknown[] {
  const a: unknown[] = [];
  const b: unknown[] = [a];
  a.push(b);
  return a;
}

const iterable = (next: () => unknown, extra: object = {}) => ({
  [Symbol.iterator]: () => ({ next, ...extra }),
});

function detachedBuffer(): ArrayBuffer {
  const buffer = new ArrayBuffer(8);
  structuredClone(buffer, { transfer: [buffer] });
  return buffer;
}

function viewOfDetached(view: (b: ArrayBuffer) => object): object {
  const buffer = new ArrayBuffer(8);
  const v = view(buffer);
  structuredClone(buffer, { transfer: [buffer] });
  return v;
}

function frozenClass(): Function {
  class Frozen {
    m() {
      return 1;
    }
  }
  Object.freeze(Frozen.prototype);
  return Object.freeze(Frozen);
}

const withDunder = (key: symbol, value: unknown): object => ({ [key]: value });
const nullProto = (entries: Record<PropertyKey, unknown> = {}): object =>
  Object.assign(Object.create(null) as object, entries);

/** A value whose every dunder method throws, with a hash that collides with `hash(1)`. */
function collidingThrower(): object {
  return {
    [dunder.hash]: () => protocols.hash(1),
    [dunder.eq]: thrower('dunder.eq'),
    [dunder.compare]: thrower('dunder.compare'),
  };
}

/**
 * The named hostile values. Each factory makes a fresh one; the name shows in fast-check's
 * counterexamples.
 */
export const HOSTILE: Readonly<Record<string, () => unknown>> = {
  // Proxies
  'revoked object proxy': () => revoked({}),
  'revoked array proxy': () => revoked([1, 2]),
  'revoked function proxy': () => revoked(() => 1),
  'revoked class proxy': () => revoked(class {}),
  'proxy whose traps all throw': () => allTrapsThrow({}),
  'array proxy whose traps all throw': () => allTrapsThrow([1]),
  'function proxy whose traps all throw': () => allTrapsThrow(() => 1),
  'proxy with a self prototype': selfPrototype,
  'proxy with endless fresh prototypes': freshPrototypes,
  // Methods bound to the target, so the proxy iterates (a transparent one fails in Map's own
  // methods, as native for…of does: that error is the value's, not polyfold's).
  'proxy of a Map': () => boundProxy(new Map<unknown, unknown>([[1, 2]])),
  'proxy of a Set': () => boundProxy(new Set([1])),
  'proxy of an array': () => new Proxy([1, 2], {}),
  'proxy of a Date': () => new Proxy(new Date(0), {}),
  // Cycles
  'cyclic array': cyclicArray,
  'cyclic object': cyclicObject,
  'cyclic Map': cyclicMap,
  'mutually cyclic arrays': mutualCycle,
  // Throwing getters
  'object with a throwing getter': () => ({
    get a(): never {
      throw new HostileError('getter');
    },
  }),
  'array with a throwing index getter': () => {
    const a = [1, 2];
    Object.defineProperty(a, 0, { get: thrower('index getter'), enumerable: true });
    return a;
  },
  'object with a throwing Symbol.iterator getter': () =>
    Object.defineProperty({}, Symbol.iterator, { get: thrower('Symbol.iterator getter') }),
  'object with a throwing dunder getter': () =>
    Object.defineProperty({}, dunder.eq, { get: thrower('dunder getter') }),
  'object with a throwing then getter': () =>
    Object.defineProperty({}, 'then', { get: thrower('then getter') }),
  // Broken iterators
  'iterator whose next returns a number': () => iterable(() => 5),
  'iterator whose next returns undefined': () => iterable(() => undefined),
  'iterator whose next returns null': () => iterable(() => null),
  'iterator whose next throws': () => iterable(thrower('next')),
  'iterable whose iterator is a number': () => ({ [Symbol.iterator]: () => 5 }),
  'iterable whose iterator has no next': () => ({ [Symbol.iterator]: () => ({}) }),
  'iterable whose Symbol.iterator throws': () => ({
    [Symbol.iterator]: thrower('Symbol.iterator'),
  }),
  'iterator whose return is a number': () => {
    let i = 0;
    return iterable(() => ({ value: i++, done: i > 3 }), { return: 5 });
  },
  'iterator whose return throws': () => {
    let i = 0;
    return iterable(() => ({ value: i++, done: i > 3 }), { return: thrower('return') });
  },
  'iterator whose return returns a number': () => {
    let i = 0;
    return iterable(() => ({ value: i++, done: i > 3 }), { return: () => 5 });
  },
  'iterator whose done getter throws': () =>
    iterable(() =>
      Object.defineProperty({}, 'done', { get: thrower('done getter'), enumerable: true }),
    ),
  'async iterator whose next resolves to a number': () => ({
    [Symbol.asyncIterator]: () => ({ next: async () => 5 }),
  }),
  'async iterator whose next rejects': () => ({
    [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new HostileError('async next')) }),
  }),
  'async iterable whose iterator is a number': () => ({ [Symbol.asyncIterator]: () => 5 }),
  'chunked source whose chunks are numbers': () => ({
    [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }),
    [functional.CHUNKS]: () => ({ next: async () => ({ done: false, value: 5 }) }),
  }),
  // Deep nesting
  'array nested 20 000 deep': () => deep('array'),
  'object nested 20 000 deep': () => deep('object'),
  'Map nested 20 000 deep': () => deep('map'),
  // Primitives that are easy to forget
  'a symbol': () => Symbol('hostile'),
  'a registered symbol': () => Symbol.for('hostile'),
  'Symbol.iterator': () => Symbol.iterator,
  'a huge bigint': () => 2n ** 200n,
  'a negative bigint': () => -(2n ** 70n),
  NaN: () => Number.NaN,
  '-0': () => -0,
  Infinity: () => Number.POSITIVE_INFINITY,
  'a lone surrogate': () => '\uD800',
  'a boxed symbol': () => Object(Symbol('boxed')),
  'a boxed bigint': () => Object(1n),
  // Frozen and prototype-less
  'a frozen object': () => Object.freeze({ a: 1 }),
  'a frozen array': () => Object.freeze([1, 2]),
  'a class with a frozen prototype': frozenClass,
  'a null-prototype object': () => nullProto({ a: 1 }),
  'an empty null-prototype object': () => nullProto(),
  'a null-prototype object with a Symbol.iterator': () =>
    nullProto({ [Symbol.iterator]: () => [1][Symbol.iterator]() }),
  // Dunder methods that misbehave
  'dunder.eq that throws': () => withDunder(dunder.eq, thrower('dunder.eq')),
  'dunder.hash that throws': () => withDunder(dunder.hash, thrower('dunder.hash')),
  'dunder.hash that returns a string': () => withDunder(dunder.hash, () => 'x'),
  'dunder.hash that returns a bigint': () => withDunder(dunder.hash, () => 1n),
  'dunder.compare that returns NaN': () => withDunder(dunder.compare, () => Number.NaN),
  'dunder.compare that throws': () => withDunder(dunder.compare, thrower('dunder.compare')),
  'dunder.len that returns -1': () => withDunder(dunder.len, () => -1),
  'dunder.len that returns a bigint': () => withDunder(dunder.len, () => 1n),
  'dunder.bool that returns a string': () => withDunder(dunder.bool, () => 'yes'),
  'dunder.repr that returns a number': () => withDunder(dunder.repr, () => 5),
  'dunder.repr that throws': () => withDunder(dunder.repr, thrower('dunder.repr')),
  'dunder.contains that throws': () => withDunder(dunder.contains, thrower('dunder.contains')),
  'dunder.add that throws': () => withDunder(dunder.add, thrower('dunder.add')),
  'dunder methods that are numbers': () => ({
    [dunder.eq]: 1,
    [dunder.hash]: 2,
    [dunder.compare]: 3,
    [dunder.len]: 4,
    [dunder.repr]: 5,
  }),
  'a key colliding with 1 whose dunder.eq throws': collidingThrower,
  // Odd built-ins
  'a detached ArrayBuffer': detachedBuffer,
  'a typed array of a detached buffer': () => viewOfDetached((b) => new Uint8Array(b)),
  'a DataView of a detached buffer': () => viewOfDetached((b) => new DataView(b)),
  'an invalid Date': () => new Date(Number.NaN),
  // biome-ignore lint/suspicious/noSparseArray: a hole is the point
  'a sparse array': () => [1, , 3],
  'an array with extra properties': () => Object.assign([1], { extra: 2 }),
  'a Map with object keys': () => new Map([[{ a: 1 }, [1]]]),
  'a promise that never settles': () => new Promise(() => undefined),
  'a rejected promise': () => {
    const p = Promise.reject(new HostileError('rejected promise'));
    p.catch(() => undefined);
    return p;
  },
  'an Error': () => new TypeError('not a polyfold error'),
  'a WeakMap': () => new WeakMap(),
  // Functions
  'a function that throws': () => thrower('function'),
  'a function with a throwing length getter': () =>
    Object.defineProperty(() => 1, 'length', { get: thrower('length getter') }),
  'a function with a throwing name getter': () =>
    Object.defineProperty(() => 1, 'name', { get: thrower('name getter') }),
  'a function whose prototype is a number': () =>
    Object.defineProperty(function f() {}, 'prototype', { value: 5 }),
  'a function returning a revoked proxy': () => () => revoked({}),
  'a function returning a broken iterator': () => () => iterable(() => 5),
  // Its promise is already handled: sync code that gets it (a predicate, a key function) only
  // sees an object; nobody awaits it, and an unhandled rejection would be the fuzz's own.
  'a function returning a rejected promise': () => () => {
    const p = Promise.reject(new HostileError('async function'));
    p.catch(() => {});
    return p;
  },
  'a generator function': () =>
    function* g() {
      yield 1;
    },
  // Polyfold's own values, misused
  'the Iterable abstract type': () => dispatch.Iterable,
  'a fold': () => functional.folds.sum(),
  'a fold with throwing methods': () => ({
    init: thrower('fold.init'),
    step: thrower('fold.step'),
    combine: thrower('fold.combine'),
    done: thrower('fold.done'),
  }),
  'a fold-like object with number methods': () => ({ init: 1, step: 2, combine: 3, done: 4 }),
  'a job': () => functional.pipeline(functional.map((x: number) => x)).fold(functional.folds.sum()),
  'a HashMap': () => new protocols.HashMap([[[1], 2]]),
  'a Counter': () => new protocols.Counter(['a']),
  'an fc arbitrary': () => fc.integer(),
  'law properties': () => laws.monoidLaws({ arbitrary: fc.integer(), empty: 0 }),
  'an options object with an unknown key': () => ({ nmae: 1 }),
};

export const HOSTILE_NAMES = Object.keys(HOSTILE);

/** Every object the fuzz made (a promise among them is not polyfold's to settle). */
export const made = new WeakSet<object>();

function make(name: string): unknown {
  const v = HOSTILE[name]!();
  if ((typeof v === 'object' && v !== null) || typeof v === 'function') made.add(v);
  return v;
}

/**
 * fast-check cannot hold hostile values itself (it probes each generated value, and a revoked
 * Proxy throws at the probe), so the arbitraries generate *recipes* — plain data naming the
 * value — and the property builds the values with {@link build}. Counterexamples then show the
 * names.
 */
export type Recipe =
  | { readonly hostile: string }
  | { readonly benign: unknown }
  | { readonly pair: readonly [unknown, string] }
  | { readonly inObject: string }
  | { readonly returnedBy: string };

/** The value a recipe names, made fresh. */
export function build(r: Recipe): unknown {
  if ('hostile' in r) return make(r.hostile);
  if ('benign' in r) return r.benign;
  if ('pair' in r) return [r.pair[0], make(r.pair[1])];
  if ('inObject' in r) return { key: make(r.inObject) };
  const v = make(r.returnedBy);
  const thunk = () => v;
  made.add(thunk);
  return thunk;
}

const name = fc.constantFrom(...HOSTILE_NAMES);

/** A recipe for a hostile value (see {@link HOSTILE}). */
export const hostileValue: fc.Arbitrary<Recipe> = name.map((hostile) => ({ hostile }));

/** Ordinary values, so calls get past their first argument check and reach deeper code. */
const benignValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -3, max: 5 }),
  fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 4 }),
  fc.string({ maxLength: 3 }),
  fc.constantFrom<unknown>(
    (x: unknown) => x,
    (a: unknown, b: unknown) => [a, b],
    () => true,
    { name: 'n' },
    undefined,
    null,
  ),
  fc.anything({
    maxDepth: 2,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withTypedArray: true,
    withSparseArray: true,
  }),
);

/** A recipe for an ordinary value. */
export const benign: fc.Arbitrary<Recipe> = benignValue.map((v) => ({ benign: v }));

/** Mostly hostile, sometimes ordinary, sometimes an ordinary container holding a hostile value. */
export const anyValue: fc.Arbitrary<Recipe> = fc.oneof(
  { weight: 4, arbitrary: hostileValue },
  { weight: 2, arbitrary: benign },
  { weight: 1, arbitrary: fc.tuple(benignValue, name).map((pair) => ({ pair })) },
  { weight: 1, arbitrary: name.map((inObject) => ({ inObject })) },
  { weight: 1, arbitrary: name.map((returnedBy) => ({ returnedBy })) },
);
