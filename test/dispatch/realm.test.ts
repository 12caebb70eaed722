import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/dispatch/index.js';

describe('built-ins from another realm dispatch like local ones', () => {
  const f = _.singledispatch((_x: unknown) => 'default')
    .register(Map, () => 'map')
    .register(Array, () => 'array')
    .register(Date, () => 'date')
    .register(Error, () => 'error')
    .register(Uint8Array, () => 'u8')
    .register(Function, () => 'function')
    .register(Number, () => 'number')
    .register(Object, () => 'object');
  const ctx = vm.createContext({});
  const make = (code: string): unknown => vm.runInContext(code, ctx);

  it.each([
    ['new Map()', 'map'],
    ['[1, 2]', 'array'],
    ['new Date(0)', 'date'],
    ['new TypeError("x")', 'error'],
    ['new Uint8Array(2)', 'u8'],
    ['(() => 1)', 'function'],
    ['new Number(1)', 'number'],
    ['({ a: 1 })', 'object'],
    ['Object.create(null)', 'object'],
    ['new (class Foreign {})()', 'object'],
    ['new (class M extends Map {})()', 'map'],
  ])('%s → %s', (code, expected) => {
    expect(f(make(code))).toBe(expected);
    expect(f(make(code))).toBe(expected); // and again, from the cache
  });

  it('abstract types match foreign iterables', () => {
    const g = _.singledispatch((_x: unknown) => 'default').register(_.Iterable, () => 'iterable');
    expect(g(make('new Set([1])'))).toBe('iterable');
    expect(_.Iterable.matches(make('[1]'))).toBe(true);
  });
});
