/**
 * The cache must never change a result. Random class hierarchies, registrations, virtual
 * subclass declarations and calls are interleaved; every call is checked against a naive
 * resolver written from the contract, with no cache at all.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/dispatch/index.js';

type Op =
  | { op: 'register'; target: number | 'Object' | 'Abstract'; impl: number }
  | { op: 'virtual'; target: number }
  | { op: 'call'; target: number; bare: boolean }
  | { op: 'clear' };

const arbitraryWorld = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    // parents[i] < i, or -1 for a root class
    parents: fc.tuple(...Array.from({ length: n }, (_, i) => fc.integer({ min: -1, max: i - 1 }))),
    frozen: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    ops: fc.array(
      fc.oneof(
        fc.record({
          op: fc.constant('register' as const),
          target: fc.oneof(
            fc.integer({ min: 0, max: n - 1 }),
            fc.constantFrom('Object' as const, 'Abstract' as const),
          ),
          impl: fc.integer({ min: 0, max: 99 }),
        }),
        fc.record({
          op: fc.constant('virtual' as const),
          target: fc.integer({ min: 0, max: n - 1 }),
        }),
        fc.record({
          op: fc.constant('call' as const),
          target: fc.integer({ min: 0, max: n - 1 }),
          bare: fc.boolean(),
        }),
        fc.record({ op: fc.constant('clear' as const) }),
      ),
      { maxLength: 40 },
    ) as fc.Arbitrary<Op[]>,
  }),
);

describe('dispatch cache', () => {
  it('law: every cached result equals the naive uncached resolution', () => {
    fc.assert(
      fc.property(arbitraryWorld, ({ parents, frozen, ops }) => {
        const classes: Array<new () => object> = [];
        parents.forEach((p, i) => {
          const Parent = p < 0 ? Object : classes[p]!;
          const C = { [`C${i}`]: class extends (Parent as new () => object) {} }[`C${i}`]!;
          if (frozen[i]) Object.freeze(C.prototype);
          classes.push(C);
        });
        const Marked = _.abstractType('Marked');
        const f = _.singledispatch((_x: unknown) => -1);
        const registered = new Map<object, number>();
        let abstractImpl: number | undefined;
        const virtuals: object[] = [];

        const naive = (value: object): number => {
          const chain: object[] = [];
          for (let p = Object.getPrototypeOf(value); p !== null; p = Object.getPrototypeOf(p))
            chain.push(p);
          let slot = -1;
          if (abstractImpl !== undefined) {
            for (let i = chain.length - 1; i >= 0; i--) {
              if (
                virtuals.some(
                  (v) => v === chain[i] || Object.prototype.isPrototypeOf.call(v, chain[i]!),
                )
              ) {
                slot = i;
                break;
              }
            }
          }
          for (let i = 0; i < chain.length; i++) {
            const impl = registered.get(chain[i]!);
            if (impl !== undefined) return impl;
            if (i === slot) return abstractImpl!;
          }
          return -1;
        };

        for (const o of ops) {
          if (o.op === 'register') {
            const impl = () => o.impl;
            if (o.target === 'Abstract') {
              f.register(Marked, impl);
              abstractImpl = o.impl;
            } else {
              const T = o.target === 'Object' ? Object : classes[o.target]!;
              f.register(T, impl);
              registered.set(T.prototype, o.impl);
            }
          } else if (o.op === 'virtual') {
            Marked.register(classes[o.target]!);
            virtuals.push(classes[o.target]!.prototype);
          } else if (o.op === 'clear') {
            f.clearCache();
          } else {
            const C = classes[o.target]!;
            const value = o.bare ? Object.create(C.prototype) : new C();
            expect(f(value)).toBe(naive(value));
            expect(f(value)).toBe(naive(value));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
