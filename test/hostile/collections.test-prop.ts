/**
 * HashMap, HashSet and Counter against a model, under operation sequences that mix ordinary
 * keys with hostile ones (test/hostile/values.ts) and hostile counts. Every operation returns or
 * throws an acceptable error (see harness.ts); an operation that throws leaves the collection
 * exactly as it was (same keys, same values, same order); one that returns changes it the way
 * the model says. The model compares keys with `equals` (an equality that throws counts as
 * "different": the collection only compares keys whose hashes match, and a comparison that
 * throws there makes the operation throw, which the model never sees).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';
import { expectProtocolsIntact, outcome } from './harness.js';
import { build, hostileValue, type Recipe } from './values.js';

const benignKey = fc.oneof(
  fc.integer({ min: 0, max: 4 }),
  fc.constantFrom('a', 'b'),
  fc.integer({ min: 0, max: 2 }).map((n) => [n]),
);
const keyRecipe: fc.Arbitrary<Recipe> = fc.oneof(
  { weight: 2, arbitrary: benignKey.map((benign) => ({ benign })) },
  { weight: 1, arbitrary: hostileValue },
);
const hostileCount: fc.Arbitrary<Recipe> = fc.oneof(
  fc
    .constantFrom<unknown>(1, 2, -1, 0, '5', Number.NaN, Number.POSITIVE_INFINITY, 1n, null)
    .map((benign) => ({ benign })),
  hostileValue,
);

type Op =
  | { readonly op: 'set' | 'delete' | 'get' | 'has'; readonly key: Recipe; readonly value: number }
  | { readonly op: 'increment'; readonly key: Recipe; readonly count: Recipe }
  | { readonly op: 'update'; readonly keys: readonly Recipe[] }
  | { readonly op: 'clear' };

const ops = (kinds: readonly ('set' | 'delete' | 'get' | 'has')[], counter = false) =>
  fc.array(
    fc.oneof(
      {
        weight: 8,
        arbitrary: fc.record({ op: fc.constantFrom(...kinds), key: keyRecipe, value: fc.nat(9) }),
      },
      { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
      ...(counter
        ? [
            {
              weight: 4,
              arbitrary: fc.record({
                op: fc.constant('increment' as const),
                key: keyRecipe,
                count: hostileCount,
              }),
            },
            {
              weight: 2,
              arbitrary: fc.record({
                op: fc.constant('update' as const),
                keys: fc.array(keyRecipe, { maxLength: 3 }),
              }),
            },
          ]
        : []),
    ) as fc.Arbitrary<Op>,
    { maxLength: 25 },
  );

const safeEquals = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  try {
    return _.equals(a, b);
  } catch {
    return false;
  }
};

/** Insertion-ordered entries compared by `safeEquals`. */
class Model {
  entries: [unknown, unknown][] = [];
  index(k: unknown): number {
    return this.entries.findIndex(([key]) => safeEquals(key, k));
  }
  set(k: unknown, v: unknown): void {
    const i = this.index(k);
    if (i >= 0) this.entries[i]![1] = v;
    else this.entries.push([k, v]);
  }
  delete(k: unknown): void {
    const i = this.index(k);
    if (i >= 0) this.entries.splice(i, 1);
  }
}

// Keys are kept as given, except that -0 is stored as 0 (as native Map does).
const sameValueZero = (a: unknown, b: unknown): boolean =>
  a === b || (Number.isNaN(a) && Number.isNaN(b));

/** Same keys (by identity), same values, same order; `size` agrees. */
function expectSame(
  actual: Iterable<readonly [unknown, unknown]>,
  size: number,
  expected: [unknown, unknown][],
): void {
  const got = [...actual];
  expect(got.length).toBe(expected.length);
  expect(size).toBe(expected.length);
  got.forEach(([k, v], i) => {
    expect(sameValueZero(k, expected[i]![0])).toBe(true);
    expect(sameValueZero(v, expected[i]![1])).toBe(true);
  });
}

/** One operation on a collection and the model; a throw must leave the collection unchanged. */
function step(
  what: string,
  entries: () => [unknown, unknown][],
  size: () => number,
  model: Model,
  act: () => unknown,
  apply: (result: unknown) => void,
): void {
  const before = entries();
  const r = outcome(what, act);
  if (r.ok) apply(r.value);
  else expectSame(entries(), size(), before);
  expectSame(entries(), size(), model.entries);
}

const params = { numRuns: 150 };

describe('collections stay consistent with their model under hostile keys', () => {
  it('HashMap: set/delete/get/has/clear', () => {
    fc.assert(
      fc.property(ops(['set', 'delete', 'get', 'has']), (sequence) => {
        const m = new _.HashMap<unknown, unknown>();
        const model = new Model();
        const entries = () => [...m];
        for (const o of sequence) {
          if (o.op === 'clear') {
            m.clear();
            model.entries = [];
            continue;
          }
          if (o.op === 'increment' || o.op === 'update') continue;
          const k = build(o.key);
          const i = model.index(k);
          step(
            o.op,
            entries,
            () => m.size,
            model,
            () =>
              (m as unknown as Record<string, (k: unknown, v?: unknown) => unknown>)[o.op]!(
                k,
                o.value,
              ),
            (res) => {
              if (o.op === 'set') model.set(k, o.value);
              else if (o.op === 'delete') {
                expect(res).toBe(i >= 0);
                model.delete(k);
              } else if (o.op === 'has') expect(res).toBe(i >= 0);
              else expect(res).toBe(i >= 0 ? model.entries[i]![1] : undefined);
            },
          );
        }
        expectProtocolsIntact();
      }),
      params,
    );
  });

  it('HashSet: add/delete/has/clear', () => {
    fc.assert(
      fc.property(ops(['set', 'delete', 'has']), (sequence) => {
        const s = new _.HashSet<unknown>();
        const model = new Model();
        const entries = () => [...s].map((x) => [x, x] as [unknown, unknown]);
        for (const o of sequence) {
          if (o.op === 'clear') {
            s.clear();
            model.entries = [];
            continue;
          }
          if (o.op !== 'set' && o.op !== 'delete' && o.op !== 'has') continue;
          const k = build(o.key);
          const i = model.index(k);
          const act =
            o.op === 'set'
              ? () => s.add(k)
              : o.op === 'delete'
                ? () => s.delete(k)
                : () => s.has(k);
          step(
            o.op,
            entries,
            () => s.size,
            model,
            act,
            (res) => {
              if (o.op === 'set') {
                if (i < 0) model.entries.push([k, k]);
              } else {
                expect(res).toBe(i >= 0);
                if (o.op === 'delete') model.delete(k);
              }
            },
          );
        }
        expectProtocolsIntact();
      }),
      params,
    );
  });

  it('Counter: increment (with hostile counts), update, get, delete', () => {
    fc.assert(
      fc.property(ops(['get', 'delete'], true), (sequence) => {
        const c = new _.Counter<unknown>();
        const model = new Model();
        const entries = () => [...c] as [unknown, unknown][];
        const add = (k: unknown, n: number) => {
          const i = model.index(k);
          model.set(k, (i >= 0 ? (model.entries[i]![1] as number) : 0) + n);
        };
        for (const o of sequence) {
          if (o.op === 'clear') {
            c.clear();
            model.entries = [];
          } else if (o.op === 'increment') {
            const k = build(o.key);
            const n = build(o.count);
            step(
              'increment',
              entries,
              () => c.size,
              model,
              () => c.increment(k, n as number),
              () => add(k, n as number),
            );
          } else if (o.op === 'update') {
            // Like Python's Counter.update, not atomic: a key that fails stops the update, and
            // the keys before it stay counted. So a failed update equals the model after some
            // prefix of the keys.
            const keys = o.keys.map(build);
            const r = outcome('update', () => c.update(keys));
            const start = model.entries.map((e) => [...e] as [unknown, unknown]);
            const prefixes: [unknown, unknown][][] = [
              start.map((e) => [...e] as [unknown, unknown]),
            ];
            for (const k of keys) {
              add(k, 1);
              prefixes.push(model.entries.map((e) => [...e] as [unknown, unknown]));
            }
            if (!r.ok) {
              const got = entries();
              const match = prefixes.find(
                (p) =>
                  p.length === got.length &&
                  p.every(([k, v], i) => sameValueZero(k, got[i]![0]) && v === got[i]![1]),
              );
              expect(match, 'a failed update counted some prefix of its keys').toBeDefined();
              model.entries = match!;
            }
            expectSame(entries(), c.size, model.entries);
          } else if (o.op === 'get' || o.op === 'delete') {
            const k = build(o.key);
            const i = model.index(k);
            step(
              o.op,
              entries,
              () => c.size,
              model,
              () => (o.op === 'get' ? c.get(k) : c.delete(k)),
              (res) => {
                if (o.op === 'get') expect(res).toBe(i >= 0 ? model.entries[i]![1] : 0);
                else model.delete(k);
              },
            );
          }
        }
        expectProtocolsIntact();
      }),
      params,
    );
  });
});
