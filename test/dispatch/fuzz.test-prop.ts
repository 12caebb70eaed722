/**
 * Fuzz: every public function of polyfold/dispatch, called with arbitrary values, returns or
 * throws one of the documented errors. It never hangs and never leaks an internal TypeError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/dispatch/index.js';

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});
const value = fc.oneof(
  anything,
  fc.constantFrom<unknown>(
    Number,
    String,
    Map,
    Object,
    Function,
    Array,
    null,
    undefined,
    _.Iterable,
    () => 1,
    class {},
  ),
);

const documented = [
  _.InvalidRegistrationError,
  _.NoImplementationError,
  _.AmbiguousDispatchError,
  _.InvalidReceiverError,
  _.UnknownOptionError,
];

function expectDocumented(call: () => unknown): void {
  try {
    call();
  } catch (error) {
    const ok = documented.some((E) => error instanceof E);
    if (!ok) throw error;
    expect(typeof (error as { code?: unknown }).code).toBe('string');
    expect((error as Error).message.length).toBeGreaterThan(20);
  }
}

describe('fuzz', () => {
  it('singledispatch and its methods accept anything or throw documented errors', () => {
    fc.assert(
      fc.property(value, value, value, (a, b, c) => {
        expectDocumented(() => _.singledispatch(a as never));
        const withDefault = _.singledispatch((_x: unknown) => 'd');
        const without = _.singledispatch<(x: unknown) => string>({ name: 'fuzzed' });
        // Arbitrary implementations go on a throw-away function: calling them is their business.
        const scratch = _.singledispatch((_x: unknown) => 'd');
        expectDocumented(() => scratch.register(a as never, b as never));
        expectDocumented(() => scratch.register(a as never)(b as never));
        expectDocumented(() => withDefault.register(a as never, () => 'r'));
        expectDocumented(() => without.register(b as never, () => 'r'));
        expect(typeof withDefault(c)).toBe('string');
        expectDocumented(() => without(c));
        expectDocumented(() => withDefault.dispatch(a as never));
        expectDocumented(() => withDefault.prefer(a as never, b as never));
        expect(withDefault.explain(c)).toHaveProperty('chain');
        expect(without.explain(c)).toHaveProperty('chain');
      }),
      { numRuns: 300 },
    );
  });

  it('abstract types and singledispatchmethod accept anything or throw documented errors', () => {
    fc.assert(
      fc.property(value, value, value, (a, b, c) => {
        expectDocumented(() => _.abstractType(a as never, b as never));
        const T = _.abstractType('T', (x) => x === c);
        expectDocumented(() => T.register(a as never));
        expect(typeof T.matches(a)).toBe('boolean');
        expect(typeof _.Iterable.matches(a)).toBe('boolean');
        expectDocumented(() => _.singledispatchmethod(a as never));
        const m = _.singledispatchmethod({ name: 'm' });
        expectDocumented(() => m.install(a as never));
        expectDocumented(() => m.registerOn(a as never, b as never, c as never));
        class K {
          m(_x: unknown) {
            return 'k';
          }
        }
        m.install(K);
        expect((new K() as { m(x: unknown): unknown }).m(a)).toBe('k');
        expectDocumented(() => K.prototype.m.call(a, b));
      }),
      { numRuns: 300 },
    );
  });
});
