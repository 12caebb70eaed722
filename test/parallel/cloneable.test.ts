import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { findUncloneable as _ } from '../../src/parallel/cloneable.js';

describe('findUncloneable', () => {
  it('passes what structured clone copies', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    class Point {
      constructor(readonly x: number) {}
    }
    for (const v of [
      1,
      'a',
      null,
      undefined,
      10n,
      [1, [2, { b: new Date(0) }]],
      new Map([[{ k: 1 }, new Set([1, 2])]]),
      new Uint8Array(4),
      new ArrayBuffer(8),
      /re/g,
      cyclic,
      new Point(1),
      new Error('e'),
      Object.create(null),
    ]) {
      expect(_(v)).toBeUndefined();
      expect(() => structuredClone(v)).not.toThrow();
    }
  });

  it('names the first refused part and where it sits', () => {
    expect(_(() => 1)).toEqual({ path: '', value: 'the function (anonymous)' });
    expect(_(Symbol('s'))).toEqual({ path: '', value: 'the symbol Symbol(s)' });
    function named() {}
    expect(_({ nested: [1, named] })).toEqual({ path: '.nested[1]', value: 'the function named' });
    expect(_({ 'a key': [Promise.resolve()] })).toEqual({
      path: '["a key"][0]',
      value: 'a Promise',
    });
    expect(_(new Map([[1, new WeakMap()]]))).toEqual({ path: '.values()[0]', value: 'a WeakMap' });
    expect(_(new Set([1, Symbol.iterator]))).toMatchObject({ path: '.values()[1]' });
    expect(_([new Proxy({}, {})])).toEqual({ path: '[0]', value: 'a Proxy' });
    expect(_([Object(Symbol('b'))])).toEqual({ path: '[0]', value: 'the boxed symbol Symbol(b)' });
    expect(_({ a: Object.assign([1, 2], { extra: Symbol.iterator }) })?.path).toBe('.a.extra');
    const { port1, port2 } = new MessageChannel();
    expect(_({ port: port1 })?.value).toMatch(/^a MessagePort \(/);
    port1.close();
    port2.close();
  });

  it('walks deep data without overflowing the stack', () => {
    let deep: unknown = () => 0;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(_(deep)?.value).toBe('the function deep');
  });
});
