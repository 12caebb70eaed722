// Model-based tests: random operation sequences on HashMap/HashSet, checked against a
// reference — a native Map keyed by a canonical string of each key, which has exactly the
// semantics a HashMap promises (insertion order, iteration under mutation) with `equals` as
// key equality. Keys mix kinds: NaN, -0, strings, bigints, arrays, objects, Dates, instances.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';
import { rebuild } from './arbitraries.js';

class Opaque {
  constructor(readonly id: number) {}
}
const opaque = [new Opaque(1), new Opaque(2)];

const key: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -2, max: 2 }),
  fc.constantFrom(Number.NaN, -0, 0, 'a', 'b', '', true, null, undefined, 1n, 0n),
  fc.array(fc.oneof(fc.integer({ min: 0, max: 1 }), fc.constantFrom(Number.NaN, -0, 'a')), {
    maxLength: 2,
  }),
  fc.record(
    { x: fc.integer({ min: 0, max: 1 }), y: fc.constantFrom('p', 'q') },
    { requiredKeys: ['x'] },
  ),
  fc.integer({ min: 0, max: 2 }).map((t) => new Date(t)),
  fc.constantFrom(...opaque),
);

/**
 * A re-entrant key: while a Meddle command runs, the first call of its `[dunder.hash]` or
 * `[dunder.eq]` (on any Meddler, the probe or a stored one) changes the map under test with
 * `effects` and may then throw. Equal by `id`.
 */
class Meddler {
  constructor(readonly id: number) {}
  [_.dunder.hash](): number {
    meddle();
    return this.id;
  }
  [_.dunder.eq](that: unknown): boolean {
    meddle();
    return that instanceof Meddler && that.id === this.id;
  }
}
class MeddlerError extends Error {
  readonly code = 'TEST_MEDDLER';
}
let meddling:
  | { target: _.HashMap<unknown, number>; effects: readonly Op[]; throws: boolean; fired: boolean }
  | undefined;
function meddle(): void {
  const m = meddling;
  if (m === undefined || m.fired) return;
  m.fired = true; // before the effects: they may compare Meddlers again
  for (const o of m.effects) applyToReal(m.target, o);
  if (m.throws) throw new MeddlerError('a re-entrant key threw');
}

/** A string that is the same for two keys exactly when they are `equals`. */
function canon(k: unknown): string {
  if (k instanceof Meddler) return `m${k.id}`;
  if (typeof k === 'number') return `n${k}`; // String(-0) is '0', String(NaN) is 'NaN'
  if (typeof k === 'string') return `s${JSON.stringify(k)}`;
  if (typeof k === 'bigint') return `b${k}`;
  if (k === null || k === undefined || typeof k === 'boolean') return String(k);
  if (Array.isArray(k)) return `[${k.map(canon).join(',')}]`;
  if (k instanceof Date) return `d${k.getTime()}`;
  if (k instanceof Opaque) return `o${k.id}`;
  const o = k as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((p) => `${JSON.stringify(p)}:${canon(o[p])}`)
    .join(',')}}`;
}

interface MapModel {
  map: Map<string, [unknown, number]>;
  /** The default instance stores a -0 key as +0, as a native Map does; explicit instances keep it. */
  normaliseZero: boolean;
}
type Op = readonly ['set', unknown, number] | readonly ['delete', unknown] | readonly ['clear'];

function applyToModel(m: MapModel, op: Op): void {
  if (op[0] === 'clear') m.map.clear();
  else if (op[0] === 'delete') m.map.delete(canon(op[1]));
  else {
    const c = canon(op[1]);
    const k = m.normaliseZero && Object.is(op[1], -0) ? 0 : op[1];
    m.map.set(c, [m.map.has(c) ? m.map.get(c)![0] : k, op[2]]);
  }
}
function applyToReal(r: _.HashMap<unknown, number>, op: Op): void {
  if (op[0] === 'clear') r.clear();
  else if (op[0] === 'delete') r.delete(op[1]);
  else r.set(op[1], op[2]);
}

function expectSame(m: MapModel, r: _.HashMap<unknown, number>): void {
  expect(r.size).toBe(m.map.size);
  const real = [...r];
  const model = [...m.map.values()];
  expect(real.length).toBe(model.length);
  real.forEach(([k, v], i) => {
    expect(k).toBe(model[i]![0]); // the first key object is kept, and order is insertion order
    expect(v).toBe(model[i]![1]);
  });
}

// A probe: the same key, or an equal copy built differently.
const probe = fc
  .tuple(key, fc.integer(), fc.boolean())
  .map(([k, seed, copy]) => (copy ? rebuild(k, seed) : k));
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.tuple(fc.constant('set' as const), probe, fc.integer({ min: 0, max: 99 })),
  },
  { weight: 2, arbitrary: fc.tuple(fc.constant('delete' as const), probe) },
  { weight: 1, arbitrary: fc.constant(['clear'] as const) },
);

class Apply implements fc.Command<MapModel, _.HashMap<unknown, number>> {
  constructor(readonly op: Op) {}
  check = () => true;
  run(m: MapModel, r: _.HashMap<unknown, number>): void {
    if (this.op[0] === 'set') expect(r.set(this.op[1], this.op[2])).toBe(r);
    else if (this.op[0] === 'delete')
      expect(r.delete(this.op[1])).toBe(m.map.has(canon(this.op[1])));
    else r.clear();
    applyToModel(m, this.op);
    expectSame(m, r);
  }
  toString = () =>
    `${this.op[0]}(${this.op
      .slice(1)
      .map((x) => _.repr(x))
      .join(', ')})`;
}

class Lookup implements fc.Command<MapModel, _.HashMap<unknown, number>> {
  constructor(readonly key: unknown) {}
  check = () => true;
  run(m: MapModel, r: _.HashMap<unknown, number>): void {
    const expected = m.map.get(canon(this.key));
    expect(r.get(this.key)).toBe(expected?.[1]);
    expect(r.has(this.key)).toBe(expected !== undefined);
    expect(_.contains(r, this.key)).toBe(expected !== undefined);
  }
  toString = () => `get(${_.repr(this.key)})`;
}

/** Iterates part-way, mutates, then finishes: the iterator must behave as a native Map's. */
class IterateWhileMutating implements fc.Command<MapModel, _.HashMap<unknown, number>> {
  constructor(
    readonly steps: number,
    readonly ops: readonly Op[],
    readonly kind: 'entries' | 'keys' | 'values',
  ) {}
  check = () => true;
  run(m: MapModel, r: _.HashMap<unknown, number>): void {
    const project = (e: [unknown, number]) =>
      this.kind === 'entries' ? e : this.kind === 'keys' ? e[0] : e[1];
    const real = r[this.kind]() as Iterator<unknown>;
    const model = m.map.values();
    const next = () => {
      const a = real.next();
      const b = model.next();
      expect(a.done).toBe(b.done);
      if (!b.done) expect(a.value).toEqual(project(b.value));
      return b.done;
    };
    for (let i = 0; i < this.steps; i++) next();
    for (const o of this.ops) {
      applyToReal(r, o);
      applyToModel(m, o);
    }
    while (!next()) {
      // drain both, comparing every item
    }
    expect(real.next().done).toBe(true); // a finished iterator stays finished
    expectSame(m, r);
  }
  toString = () => `iterate ${this.kind} ${this.steps} then ${this.ops.map((o) => o[0]).join(',')}`;
}

/**
 * set/delete/get with a re-entrant key whose hash or eq changes the map (or throws) during the
 * operation. Python's dict semantics: the changes happen first, then the operation, on a
 * consistent table; a throw aborts the operation after the changes.
 */
class Meddle implements fc.Command<MapModel, _.HashMap<unknown, number>> {
  constructor(
    readonly kind: 'set' | 'delete' | 'get',
    readonly id: number,
    readonly value: number,
    readonly effects: readonly Op[],
    readonly throws: boolean,
  ) {}
  check = () => true;
  run(m: MapModel, r: _.HashMap<unknown, number>): void {
    const key = new Meddler(this.id);
    const state = { target: r, effects: this.effects, throws: this.throws, fired: false };
    meddling = state;
    let result: unknown;
    let threw: unknown;
    try {
      if (this.kind === 'set') result = r.set(key, this.value);
      else if (this.kind === 'delete') result = r.delete(key);
      else result = r.get(key);
    } catch (e) {
      threw = e;
    } finally {
      meddling = undefined;
    }
    if (state.fired) for (const o of this.effects) applyToModel(m, o);
    if (state.fired && this.throws) {
      expect(threw).toBeInstanceOf(MeddlerError);
    } else {
      if (threw !== undefined) throw threw;
      const c = canon(key);
      if (this.kind === 'set') {
        expect(result).toBe(r);
        applyToModel(m, ['set', key, this.value]);
      } else if (this.kind === 'delete') {
        expect(result).toBe(m.map.has(c));
        m.map.delete(c);
      } else {
        expect(result).toBe(m.map.get(c)?.[1]);
      }
    }
    expectSame(m, r);
    // The table is still sound: every key is found again, and fresh keys can be added.
    for (const [k, v] of m.map.values()) expect(r.get(k)).toBe(v);
  }
  toString = () =>
    `meddle ${this.kind}(m${this.id}) with ${this.effects.map((o) => o[0]).join(',')}${this.throws ? ' then throw' : ''}`;
}

// Many keys, so a meddling change can trigger compaction and growth, as in the bug report.
const bulk: fc.Arbitrary<Op[]> = fc.oneof(
  fc.array(op, { maxLength: 4 }),
  fc
    .tuple(fc.integer({ min: 20, max: 60 }), fc.boolean())
    .map(([n, del]) =>
      Array.from({ length: n }, (_x, i): Op => (del ? ['delete', [i % 3]] : ['set', [i], i])),
    ),
);

const commands = fc.commands(
  [
    op.map((o) => new Apply(o)),
    fc
      .tuple(
        fc.constantFrom('set', 'delete', 'get') as fc.Arbitrary<'set' | 'delete' | 'get'>,
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 99 }),
        bulk,
        fc.boolean(),
      )
      .map(([kind, id, v, effects, throws]) => new Meddle(kind, id, v, effects, throws)),
    fc.integer({ min: 0, max: 2 }).map((id) => new Apply(['set', new Meddler(id), id])),
    probe.map((k) => new Lookup(k)),
    fc
      .tuple(
        fc.nat({ max: 4 }),
        fc.array(op, { maxLength: 4 }),
        fc.constantFrom('entries', 'keys', 'values') as fc.Arbitrary<'entries' | 'keys' | 'values'>,
      )
      .map(([s, ops, kind]) => new IterateWhileMutating(s, ops, kind)),
  ],
  { maxCommands: 40 },
);

describe('HashMap behaves like the reference model (random operation sequences)', () => {
  const configs: [string, () => _.HashMap<unknown, number>][] = [
    ['default instance (native fast path for primitive keys)', () => new _.HashMap()],
    [
      'explicit instance { equals, hash }',
      () => new _.HashMap(null, { equals: _.equals, hash: _.hash }),
    ],
    [
      'forced collisions: every key hashes to 0',
      () => new _.HashMap(null, { equals: _.equals, hash: () => 0 }),
    ],
    ['an fp-ts Eq without hash (linear, still correct)', () => new _.HashMap(null, _.ProtocolEq)],
    [
      'debug mode on (no key is mutated, so nothing is reported)',
      () => new _.HashMap(null, { debug: true }),
    ],
  ];
  for (const [name, make] of configs) {
    const normaliseZero = name.startsWith('default') || name.startsWith('debug');
    it(name, () => {
      fc.assert(
        fc.property(commands, (cmds) => {
          fc.modelRun(() => ({ model: { map: new Map(), normaliseZero }, real: make() }), cmds);
        }),
        { numRuns: 120 },
      );
    });
  }

  it('keeps iterators correct across compaction (many deletions) and growth (many insertions)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 40, max: 120 }),
        fc.nat(60),
        fc.array(fc.tuple(fc.boolean(), fc.nat(200)), { minLength: 50, maxLength: 150 }),
        (n, steps, ops) => {
          // Object and primitive keys, so both the index and the primitive path are exercised.
          const made = Array.from({ length: 201 }, (_, i): unknown => (i % 3 === 0 ? i : [i]));
          const keyOf = (i: number) => made[i];
          const real = new _.HashMap<unknown, number>();
          const model = new Map<string, [unknown, number]>();
          for (let i = 0; i < n; i++) {
            real.set(keyOf(i), i);
            model.set(canon(keyOf(i)), [keyOf(i), i]);
          }
          const ri = real.entries();
          const mi = model.values();
          const step = () => {
            const a = ri.next();
            const b = mi.next();
            expect(a.done).toBe(b.done);
            if (!b.done) expect(a.value).toEqual(b.value);
            return b.done;
          };
          for (let i = 0; i < steps; i++) step();
          for (const [insert, i] of ops) {
            const k = keyOf(i);
            if (insert) {
              real.set(k, -i);
              const c = canon(k);
              model.set(c, [model.get(c)?.[0] ?? k, -i]);
            } else {
              real.delete(k);
              model.delete(canon(k));
            }
          }
          while (!step()) {
            // compare the rest
          }
          expectSame({ map: model, normaliseZero: true }, real);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps iterators correct when object keys arrive and keys are deleted mid-iteration', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 8 }),
        fc.nat(8),
        fc.nat(8),
        (xs, at, del) => {
          const r = new _.HashMap<unknown, number>(xs.map((x) => [x, x]));
          const m = new Map<string, [unknown, number]>(xs.map((x) => [canon(x), [x, x]]));
          const ri = r.keys();
          const mi = m.values();
          for (let i = 0; i < at; i++) expect(ri.next().value).toBe(mi.next().value?.[0]);
          const victim = xs[del % xs.length]!;
          r.delete(victim);
          m.delete(canon(victim));
          r.set([at], at);
          m.set(canon([at]), [[at], at]);
          r.delete(victim);
          for (;;) {
            const a = ri.next();
            const b = mi.next();
            expect(a.done).toBe(b.done);
            if (b.done) break;
            expect(a.value).toEqual(b.value[0]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

interface SetModel {
  set: Map<string, unknown>;
  normaliseZero: boolean;
}
class SetOp implements fc.Command<SetModel, _.HashSet<unknown>> {
  constructor(
    readonly kind: 'add' | 'delete' | 'has',
    readonly key: unknown,
  ) {}
  check = () => true;
  run(m: SetModel, r: _.HashSet<unknown>): void {
    const c = canon(this.key);
    if (this.kind === 'add') {
      expect(r.add(this.key)).toBe(r);
      if (!m.set.has(c)) m.set.set(c, m.normaliseZero && Object.is(this.key, -0) ? 0 : this.key);
    } else if (this.kind === 'delete') {
      expect(r.delete(this.key)).toBe(m.set.delete(c));
    } else {
      expect(r.has(this.key)).toBe(m.set.has(c));
    }
    expect(r.size).toBe(m.set.size);
    const real = [...r];
    const model = [...m.set.values()];
    real.forEach((x, i) => {
      expect(x).toBe(model[i]);
    });
    expect([...r.entries()].every(([a, b]) => Object.is(a, b))).toBe(true);
  }
  toString = () => `${this.kind}(${_.repr(this.key)})`;
}

describe('HashSet behaves like the reference model (random operation sequences)', () => {
  for (const [name, make] of [
    ['default instance', () => new _.HashSet<unknown>()],
    ['forced collisions', () => new _.HashSet<unknown>(null, { hash: () => 0 })],
  ] as const) {
    it(name, () => {
      const cmds = fc.commands(
        [
          fc
            .tuple(
              fc.constantFrom('add', 'delete', 'has') as fc.Arbitrary<'add' | 'delete' | 'has'>,
              probe,
            )
            .map(([k, x]) => new SetOp(k, x)),
        ],
        { maxCommands: 40 },
      );
      fc.assert(
        fc.property(cmds, (c) =>
          fc.modelRun(
            () => ({
              model: { set: new Map(), normaliseZero: name === 'default instance' },
              real: make(),
            }),
            c,
          ),
        ),
        { numRuns: 120 },
      );
    });
  }
});
