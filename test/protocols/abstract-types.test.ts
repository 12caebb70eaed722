import { describe, expect, it } from 'vitest';
import { singledispatch } from '../../src/dispatch/index.js';
import * as _ from '../../src/protocols/index.js';

describe('one abstract type per protocol', () => {
  it('matches classes that define the dunder method, and the built-ins the protocol supports', () => {
    class Bag {
      [_.dunder.len]() {
        return 0;
      }
      [_.dunder.contains]() {
        return false;
      }
    }
    expect(_.Sized.matches(new Bag())).toBe(true);
    expect(_.Sized.matches('abc')).toBe(true);
    expect(_.Sized.matches([1])).toBe(true);
    expect(_.Sized.matches(new Uint8Array(1))).toBe(true);
    expect(_.Sized.matches(new Map())).toBe(true);
    expect(_.Sized.matches(new _.HashMap())).toBe(true);
    expect(_.Sized.matches(5)).toBe(false);
    expect(_.Sized.matches({})).toBe(false);
    expect(_.Container.matches(new Bag())).toBe(true);
    expect(_.Container.matches(new Set())).toBe(true);
    expect(_.Comparable.matches(1n)).toBe(true);
    expect(_.Comparable.matches(new Date())).toBe(true);
    expect(_.Comparable.matches({})).toBe(false);
    expect(_.Addable.matches('a')).toBe(true);
    expect(_.Addable.matches(new _.Counter())).toBe(true);
    expect(_.Addable.matches(new Set())).toBe(false);
    expect(_.Hashable.matches(new _.HashSet())).toBe(true);
    expect(_.Hashable.matches([1])).toBe(false);
    expect(_.Equatable.matches({ [_.dunder.eq]: () => true })).toBe(true);
    expect(_.Representable.matches(new _.Counter())).toBe(true);
    expect(_.Truthy.matches({ [_.dunder.bool]: () => true })).toBe(true);
    expect(_.Truthy.matches(0)).toBe(false);
  });

  it('work with singledispatch, Python-ABC style', () => {
    const describe = singledispatch((_x: unknown) => 'a thing')
      .register(_.Sized, (x) => `${_.len(x)} items`)
      .register(_.Comparable, () => 'orderable');
    describe.prefer(_.Sized, _.Comparable); // strings and arrays are both
    expect(describe([1, 2])).toBe('2 items');
    expect(describe('abc')).toBe('3 items');
    expect(describe(new _.HashSet([1]))).toBe('1 items');
    expect(describe(5)).toBe('orderable');
    expect(describe({})).toBe('a thing');
  });

  it('are one object per process (shared by every copy of polyfold)', () => {
    const shared = (globalThis as Record<symbol, { shared: Record<string, unknown> }>)[
      Symbol.for('polyfold.protocols.state/v1')
    ]!.shared;
    expect(shared['abstractType:Sized']).toBe(_.Sized);
    expect(shared.equals).toBe(_.equals);
  });
});
