/**
 * Every export of `polyfold/dispatch`, `/protocols`, `/functional` and `/laws`, driven with
 * hostile values (test/hostile/values.ts): each call — and each use of what it returned —
 * returns, or throws a coded polyfold error, or lets the hostile value's own HostileError
 * through. It never hangs (promises must settle within seconds; everything else is bounded by
 * the test timeout), never crashes the process, never leaks a bare engine error, and leaves the
 * protocols answering as before.
 *
 * The table below is checked against the barrels: an export without a fuzz case (or a case for
 * an export that is gone) fails the first test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as dispatch from '../../src/dispatch/index.js';
import * as functional from '../../src/functional/index.js';
import * as laws from '../../src/laws/index.js';
import * as protocols from '../../src/protocols/index.js';
import {
  BARRELS,
  ERROR_CLASSES,
  exercise,
  expectAcceptable,
  expectProtocolsIntact,
  FUZZ_RUNS,
  outcome,
} from './harness.js';
import { anyValue, build, HOSTILE, hostileValue, type Recipe } from './values.js';

type Barrel = keyof typeof BARRELS;
type Fn = (...args: unknown[]) => unknown;
type Ctor = new (...args: unknown[]) => unknown;

/** How one export is fuzzed: `run` gets the export and hostile values, and must not fail. */
interface Case {
  readonly run: (value: unknown, args: readonly unknown[], extra: unknown) => Promise<void>;
}

const args = fc.array(anyValue, { maxLength: 3 });

/** Called with 0–3 hostile arguments; whatever comes back is used (see `exercise`). */
const call: Case = {
  run: async (f, xs, extra) => {
    const r = outcome(`call`, () => (f as Fn)(...xs));
    if (r.ok) await exercise(r.value, extra, 'result');
  },
};

/** A generic function: called, and asked `dispatch`/`explain` (never `register`: it is global). */
const generic: Case = {
  run: async (f, xs, extra) => {
    await call.run(f, xs, extra);
    const gf = f as dispatch.GenericFunction<Fn>;
    outcome('dispatch', () => gf.dispatch(xs[0] as never));
    outcome('explain', () => gf.explain(xs[0]));
  },
};

/** An abstract type: `matches` answers a boolean or throws a coded error. */
const abstract: Case = {
  run: async (t, xs) => {
    const r = outcome('matches', () => (t as dispatch.AbstractType).matches(xs[0]));
    if (r.ok) expect(typeof r.value).toBe('boolean');
  },
};

/** Not a function: nothing to call. The check says what it is. */
const constant = (check: (v: unknown) => boolean): Case => ({
  run: async (v) => {
    expect(check(v)).toBe(true);
  },
});

/** Every method of an object (an fp-ts instance), called with hostile arguments. */
const methods: Case = {
  run: async (o, xs, extra) => {
    for (const [name, m] of Object.entries(o as object)) {
      if (typeof m !== 'function') continue;
      const r = outcome(name, () => (m as Fn).apply(o, xs as unknown[]));
      if (r.ok) await exercise(r.value, extra, name);
    }
  },
};

/** Constructed with hostile arguments; every method of an instance, then called the same way. */
const collection: Case = {
  run: async (C, xs, extra) => {
    const made = outcome('new', () => new (C as Ctor)(...xs));
    const instance = made.ok ? made.value : new (C as Ctor)();
    const names = new Set<string>();
    for (let p = (C as Ctor).prototype; p && p !== Map.prototype && p !== Object.prototype; ) {
      for (const n of Object.getOwnPropertyNames(p)) if (n !== 'constructor') names.add(n);
      p = Object.getPrototypeOf(p);
    }
    for (const name of names) {
      const m = (instance as Record<string, unknown>)[name];
      if (typeof m !== 'function') continue;
      const r = outcome(name, () => (m as Fn).apply(instance, [extra, ...xs]));
      if (r.ok && r.value !== instance) await exercise(r.value, extra, name);
      const size = (instance as { size: number }).size;
      expect([...(instance as Iterable<unknown>)].length).toBe(size);
    }
  },
};

/** Error classes: built the way polyfold builds them, with hostile values where a value goes. */
const error = (build: (h: unknown, k: unknown) => unknown[]): Case => ({
  run: async (E, xs) => {
    const [h, k] = xs;
    const e = new (E as Ctor)(...build(h, k)) as Error & { code: string };
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toMatch(/^ERR_/);
    expect(typeof e.message).toBe('string');
  },
});

const custom = (run: (xs: readonly unknown[], extra: unknown) => Promise<void> | void): Case => ({
  run: async (_v, xs, extra) => {
    await run(xs, extra);
  },
});

/** singledispatch: a fresh generic function, registered on, called and explained with hostile values. */
const singledispatchCase = custom(async ([a, b, c], extra) => {
  await call.run(dispatch.singledispatch, [a, b], extra);
  const gf = dispatch.singledispatch((_x: unknown) => 'default');
  outcome('register', () => gf.register(a as never, b as never));
  outcome('register decorator', () => gf.register(a as never)(b as never));
  outcome('call', () => gf(c));
  outcome('dispatch', () => gf.dispatch(a as never));
  outcome('prefer', () => gf.prefer(a as never, b as never));
  outcome('explain', () => gf.explain(c));
  const named = dispatch.singledispatch<(x: unknown) => unknown>({ name: 'named' });
  outcome('call without default', () => named(c));
});

const singledispatchmethodCase = custom(async ([a, b, c], extra) => {
  await call.run(dispatch.singledispatchmethod, [a], extra);
  const m = dispatch.singledispatchmethod({ name: 'm' });
  outcome('install', () => m.install(a as never));
  outcome('install with a key', () => m.install(class {}, b as never, c as never));
  outcome('registerOn', () => m.registerOn(a as never, b as never, c as never));
  outcome('register', () => m.register(a as never));
  outcome('genericFor', () => m.genericFor(a as never));
  class K {
    m(_x: unknown) {
      return 'k';
    }
  }
  m.install(K);
  outcome('method call', () => (new K() as { m(x: unknown): unknown }).m(a));
  outcome('detached method call', () => K.prototype.m.call(a, b));
});

const abstractTypeCase = custom(async ([a, b, c], extra) => {
  await call.run(dispatch.abstractType, [a, b, c], extra);
  const T = dispatch.abstractType('T', (x) => x === c);
  outcome('register', () => T.register(a as never));
  const r = outcome('matches', () => T.matches(b));
  if (r.ok) expect(typeof r.value).toBe('boolean');
});

/** setDebugMode changes global state: call it, then put it back. */
const setDebugModeCase = custom((xs) => {
  const before = protocols.isDebugMode();
  try {
    outcome('setDebugMode', () => protocols.setDebugMode(xs[0] as never));
  } finally {
    protocols.setDebugMode(before);
  }
});

/** A law kit, given option objects whose fields are hostile (or valid), and its laws checked. */
const lawKit = (kit: (o: never) => laws.Laws, valid: Record<string, unknown>): Case =>
  custom(async (xs, extra) => {
    await call.run(kit, xs, extra);
    const keys = Object.keys(valid);
    const options: Record<string, unknown> = { ...valid };
    keys.forEach((k, i) => {
      if (i < xs.length) options[k] = xs[i];
    });
    const r = outcome('kit', () => kit(options as never));
    if (r.ok) outcome('checkLaws', () => laws.checkLaws(r.value, { numRuns: 3 }));
  });

/** A function fp-ts can call (a class cannot be called; fp-ts would throw the engine's error). */
const isCallable = (x: unknown): x is Fn => {
  if (typeof x !== 'function') return false;
  try {
    Array.isArray(x); // throws for a revoked Proxy, which fp-ts cannot call either
    return !/^class\b/.test(Function.prototype.toString.call(x));
  } catch {
    return false;
  }
};

/** Hostile values kept out of an export's fuzz case, by export (none now: run.ts and local.ts
 * were fixed; the two tests below pin those fixes). */
const PENDING: Readonly<Record<string, ReadonlySet<string>>> = {};

const nameOf = (r: Recipe): string | undefined =>
  'hostile' in r
    ? r.hostile
    : 'inObject' in r
      ? r.inObject
      : 'returnedBy' in r
        ? r.returnedBy
        : 'pair' in r
          ? r.pair[1]
          : undefined;

const job = functional.pipeline(functional.map((x: number) => x)).fold(functional.folds.sum());

const isSymbolRecord = (v: unknown) =>
  typeof v === 'object' && v !== null && Object.values(v).every((s) => typeof s === 'symbol');

const TABLE: Readonly<Record<Barrel, Readonly<Record<string, Case>>>> = {
  'polyfold/dispatch': {
    singledispatch: singledispatchCase,
    singledispatchmethod: singledispatchmethodCase,
    abstractType: abstractTypeCase,
    Iterable: abstract,
    AsyncIterable: abstract,
    PromiseLike: abstract,
    NoImplementationError: error((h) => ['f', h, ['Object'], ['Number']]),
    AmbiguousDispatchError: error((h) => ['f', h, ['A', 'B']]),
    InvalidRegistrationError: error((h) => ['f', 'type', h, 'a class']),
    InvalidReceiverError: error((h) => ['m', h]),
    PrototypeChainError: error((h, k) => [h, 'unreadable', k]),
    UnknownOptionError: error((h) => ['f', 'nmae', h, ['name']]),
    // The base classes: a code, a message, and hostile details (read only when asked for).
    PolyfoldError: error((h) => ['ERR_INVALID_ARGUMENT', 'a message', h]),
    PolyfoldTypeError: error((h) => ['ERR_INVALID_ARGUMENT', 'a message', h]),
    PolyfoldRangeError: error((h) => ['ERR_NESTING_TOO_DEEP', 'a message', h]),
    isPolyfoldError: call,
    ERROR_CODES: constant(
      (v) =>
        Array.isArray(v) && v.length > 0 && v.every((c) => /^ERR_[A-Z_]+$|^ABORT_ERR$/.test(c)), // ABORT_ERR: Node's, on AbortError
    ),
  },
  'polyfold/protocols': {
    equals: generic,
    hash: generic,
    compare: generic,
    repr: generic,
    len: generic,
    contains: generic,
    add: generic,
    truthy: generic,
    hashValues: call,
    collectionKind: call,
    comparator: call,
    contramapHash: call,
    getProtocolMonoid: call,
    getProtocolSemigroup: call,
    inspectable: call,
    isDebugMode: call,
    setDebugMode: setDebugModeCase,
    HashMap: collection,
    HashSet: collection,
    Counter: collection,
    ProtocolEq: methods,
    ProtocolHash: methods,
    ProtocolOrd: methods,
    ProtocolShow: methods,
    Addable: abstract,
    Comparable: abstract,
    Container: abstract,
    Equatable: abstract,
    Hashable: abstract,
    Representable: abstract,
    Sized: abstract,
    Truthy: abstract,
    dunder: constant(isSymbolRecord),
    IncomparableError: error((h, k) => [h, k]),
    UnsupportedTypeError: error((h, k) => ['add', h, { supported: 'numbers', operands: [h, k] }]),
    ProtocolResultError: error((h, k) => ['hash', h, k, 'a number']),
    KeyMutatedError: error((h) => ['HashMap', h, 1, 2]),
    ReentrantMutationError: error((h) => ['HashMap', h]),
    InvalidCountError: error((h, k) => ['increment', h, k]),
    ProtocolArgumentError: error((h) => ['f', 'x', 'a function', h]),
    NestingTooDeepError: error((h, k) => ['hash', h, k]),
    BadIteratorError: error((h) => [h]),
    stableHash: call,
    stableKey: call,
    partitionOf: call,
    STRING_SEED: constant((v) => v === 0),
    KEY_SEED: constant((v) => v === 1),
    UnstableKeyError: error((h, k) => [h, 'key', k]),
  },
  'polyfold/functional': {
    ...Object.fromEntries(
      Object.entries(functional)
        .filter(([name, v]) => typeof v === 'function' && !/Error$/.test(name))
        .map(([name]) => [name, call]),
    ),
    // fp-ts's own `pipe` and `flow`, re-exported unchanged: they apply the functions they are
    // given, so they are driven with functions (hostile ones included) and a hostile value.
    pipe: custom(async (xs, extra) => {
      const fns = xs.filter(isCallable);
      const r = outcome('pipe', () => (functional.pipe as Fn)(extra, ...fns));
      if (r.ok) await exercise(r.value, extra, 'pipe');
    }),
    flow: custom(async (xs, extra) => {
      const fns = xs.filter(isCallable);
      if (fns.length === 0) return;
      const r = outcome('flow', () => (functional.flow as Fn)(...fns));
      if (r.ok) await exercise(r.value, extra, 'flow');
    }),
    folds: custom(async (xs, extra) => {
      for (const f of Object.values(functional.folds)) await call.run(f, xs, extra);
    }),
    CHUNKS: constant((v) => typeof v === 'symbol'),
    run: custom(async ([source, options], extra) => {
      await call.run(functional.run, [job, source, options], extra);
      await call.run(functional.run, [source, [1, 2], options], extra);
    }),
    local: custom(async ([options, source], extra) => {
      const r = outcome('local', () => functional.local(options as never));
      if (r.ok) await call.run(r.value.run, [job, source], extra);
    }),
    pipeline: custom(async (xs, extra) => {
      const r = outcome('pipeline', () => functional.pipeline(...xs));
      if (!r.ok) return;
      const folded = outcome('fold', () => r.value.fold(extra as never));
      if (folded.ok) {
        outcome('apply', () => folded.value.apply(xs[0] as never));
        await exercise(functional.run(folded.value, xs[1] as never), extra, 'run');
      }
      outcome('apply a good job', () => job.apply(extra as never));
    }),
    InvalidArgumentError: error((h) => ['take', 'n', 'a positive integer', h]),
    NotIterableError: error((h) => ['count', h, true]),
    AsyncSourceError: error((h) => ['cycle', h]),
    UnsplittableJobError: error(() => ['threads', [{ kind: 'take', splittable: false }]]),
    UnknownKindError: error((h) => ['stage', h, ['map']]),
    InvalidElementError: error((h) => ['folds.sum', 'a number', h]),
    BadIteratorError: error((h) => [h]),
  },
  'polyfold/laws': {
    checkLaws: custom(async (xs, extra) => {
      await call.run(laws.checkLaws, xs, extra);
      await call.run(laws.checkLaws, [{ law: xs[0] }, xs[1]], extra);
    }),
    eqLaws: lawKit(laws.eqLaws, { arbitrary: fc.integer(), equalTo: fc.constant }),
    hashLaws: lawKit(laws.hashLaws, { arbitrary: fc.integer() }),
    sequenceHashLaws: lawKit(laws.sequenceHashLaws, {
      elements: fc.integer(),
      build: (xs: number[]) => xs,
    }),
    ordLaws: lawKit(laws.ordLaws, { arbitrary: fc.integer() }),
    semigroupLaws: lawKit(laws.semigroupLaws, { arbitrary: fc.integer() }),
    monoidLaws: lawKit(laws.monoidLaws, { arbitrary: fc.integer(), empty: 0 }),
    foldLaws: lawKit(laws.foldLaws, {
      fold: functional.folds.sum(),
      elements: fc.integer(),
    }),
    LawViolationError: error((h) => [[{ law: String(typeof h), report: 'r' }]]),
  },
};

describe('the fuzz table covers every export', () => {
  for (const [barrel, module] of Object.entries(BARRELS) as [Barrel, object][]) {
    it(`${barrel}: every export has a fuzz case, and every case an export`, () => {
      const exported = Object.keys(module).sort();
      const covered = Object.keys(TABLE[barrel]).sort();
      expect(covered).toEqual(exported);
    });
  }

  it('every error class is one of the accepted polyfold errors', () => {
    const errors = Object.values(BARRELS).flatMap((m) =>
      // Classes only: isPolyfoldError is a predicate.
      Object.entries(m).filter(([n]) => /^[A-Z]\w*Error$/.test(n)),
    );
    for (const [, E] of errors) expect(ERROR_CLASSES).toContain(E);
  });
});

for (const [barrel, module] of Object.entries(BARRELS) as [Barrel, Record<string, unknown>][]) {
  describe(`${barrel}: hostile values`, () => {
    for (const [name, c] of Object.entries(TABLE[barrel])) {
      it(`${name} returns or throws a coded polyfold error`, async () => {
        await fc.assert(
          fc.asyncProperty(args, anyValue, async (all, recipe) => {
            const pending = PENDING[name];
            const recipes = pending ? all.filter((r) => !pending.has(nameOf(r) ?? '')) : all;
            const xs = recipes.map(build);
            const extra = build(recipe);
            try {
              await c.run(module[name], xs, extra);
            } catch (e) {
              expectAcceptable(e, name);
            }
            expectProtocolsIntact();
          }),
          FUZZ_RUNS,
        );
      });
    }
  });
}

it('hostile values are all exercised: each one on its own through the protocols', () => {
  fc.assert(
    fc.property(hostileValue, hostileValue, (ra, rb) => {
      const a = build(ra);
      const b = build(rb);
      for (const f of [protocols.equals, protocols.compare, protocols.add, protocols.contains]) {
        outcome(f.name, () => f(a, b));
      }
      for (const f of [protocols.hash, protocols.len, protocols.truthy])
        outcome(f.name, () => f(a));
      // Total, except that a throwing [dunder.repr] is the value's own error.
      const shown = outcome('repr', () => protocols.repr(a));
      if (shown.ok) expect(typeof shown.value).toBe('string');
      expectProtocolsIntact();
    }),
    { numRuns: 300 },
  );
});

describe('pending in files outside this suite', () => {
  it('run(job, a detached typed array) is coded', async () => {
    const job = functional.pipeline().fold(functional.folds.count());
    const source = HOSTILE['a typed array of a detached buffer']!();
    await exercise(functional.run(job, source as never), undefined, 'run');
  });

  it('chunked(iterable without next) throws a coded error', async () => {
    const source = HOSTILE['iterable whose iterator has no next']!();
    const r = outcome('chunked', () => functional.chunked(source as never));
    if (r.ok) await exercise(r.value, undefined, 'chunked');
  });
});
