// findUncloneable against its model: structured clone itself, on arbitrary values with
// uncloneable leaves mixed in at any depth.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUncloneable } from '../../src/parallel/cloneable.js';

const leaves = [
  fc.integer(),
  fc.string({ maxLength: 4 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.constant(() => 1),
  fc.constant(Symbol('s')),
  fc.constant(Promise.resolve(1)),
  fc.constant(new WeakMap()),
];

const value = fc.anything({
  values: leaves,
  withMap: true,
  withSet: true,
  withDate: true,
  withTypedArray: true,
  withBoxedValues: true,
  withNullPrototype: true,
  withSparseArray: true,
  maxDepth: 4,
});

const clones = (v: unknown): boolean => {
  try {
    structuredClone(v);
    return true;
  } catch {
    return false;
  }
};

describe('findUncloneable', () => {
  it('law: it finds nothing exactly when structured clone succeeds', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(findUncloneable(v) === undefined).toBe(clones(v));
      }),
      { numRuns: 2_000 },
    );
  });
});
