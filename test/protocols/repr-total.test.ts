// `repr` is total: the values util.inspect prints and repr used to throw on (issue 12, item 11),
// the custom-inspect call it makes without node:util, and bookkeeping that survives a stack
// overflow (issue 12, item 6).
import { inspect } from 'node:util';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';
import { kindOf, OTHER } from '../../src/protocols/kinds.js';

const nested = (levels: number): unknown[] => {
  let v: unknown[] = [];
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};

describe('repr: total for exotic values', () => {
  it('a revoked proxy (object and function) shows as <revoked proxy>', () => {
    const o = Proxy.revocable({}, {});
    o.revoke();
    const f = Proxy.revocable(() => 1, {});
    f.revoke();
    expect(_.repr(o.proxy)).toBe('<revoked proxy>');
    expect(_.repr(f.proxy)).toBe('<revoked proxy>');
    expect(_.repr([o.proxy])).toBe('[<revoked proxy>]');
  });

  it('a detached ArrayBuffer (and a DataView of one) shows as detached', () => {
    const buffer = new ArrayBuffer(8);
    const view = new DataView(buffer);
    structuredClone(buffer, { transfer: [buffer] });
    expect(_.repr(buffer)).toBe('ArrayBuffer { detached }');
    expect(_.repr(view)).toBe('DataView { detached }');
    expect(_.repr(new Uint8Array(new ArrayBuffer(2)))).toBe('Uint8Array(2) [0, 0]');
  });

  it('a Proxy of a Map, Set or Date shows its type instead of throwing', () => {
    expect(_.repr(new Proxy(new Map([[1, 2]]), {}))).toBe('Map {}');
    expect(_.repr(new Proxy(new Set([1]), {}))).toBe('Set {}');
    expect(_.repr(new Proxy(new Date(0), {}))).toBe('Date {}');
    // A Proxy of plain data still shows the data (through the traps).
    expect(_.repr(new Proxy({ a: 1 }, {}))).toBe('{ a: 1 }');
    expect(_.repr(new Proxy([1, 2], {}))).toBe('[1, 2]');
  });

  it('20 000-deep nesting is cut at 100 levels with …', () => {
    const s = _.repr(nested(20_000));
    expect(s).toBe(`${'['.repeat(100)}…${']'.repeat(100)}`);
    expect(_.repr(nested(3))).toBe('[[[[]]]]');
    // Deep dunder chains are cut too (each dunder call is a level).
    type Link = { next?: Link };
    let list: Link = {};
    for (let i = 0; i < 20_000; i++) {
      const next = list;
      list = { next, [_.dunder.repr]: () => `(${_.repr(next)})` } as Link;
    }
    expect(_.repr(list)).toMatch(/^\(+…\)+$/);
  });

  it('a stack overflow inside repr leaves its bookkeeping intact', () => {
    const shared = { a: 1 };
    const value = [shared, nested(50)];
    // Recurse until the stack is exhausted somewhere inside repr, at every possible depth.
    let overflowed = 0;
    const dive = (n: number): void => {
      try {
        dive(n + 1);
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        try {
          _.repr(value);
        } catch (inner) {
          if (!(inner instanceof RangeError)) throw inner;
          overflowed++;
        }
      }
    };
    dive(0);
    expect(overflowed).toBeGreaterThan(0);
    // No stale entry: `shared` is not "being represented" any more, and depth is back at 0.
    expect(_.repr([shared, shared])).toBe('[{ a: 1 }, { a: 1 }]');
    expect(_.repr(nested(99))).not.toContain('…');
  });
});

describe('repr: util.inspect.custom without node:util', () => {
  it('calls the method with a depth, one-line options and an inspect stand-in', () => {
    let seen: { depth: unknown; options: Record<string, unknown>; inspect: unknown } | undefined;
    const custom = {
      [inspect.custom](depth: number, options: Record<string, unknown>, inspector: unknown) {
        seen = { depth, options, inspect: inspector };
        return `Custom<${(inspector as (v: unknown, o?: unknown) => string)([1, 'a'], options)}>`;
      },
    };
    expect(_.repr([custom])).toBe("[Custom<[1, 'a']>]");
    expect(seen!.depth).toBe(98);
    expect(seen!.options).toMatchObject({ depth: 98, colors: false, compact: 3 });
    expect((seen!.options.stylize as (s: string, t: string) => string)('x', 'special')).toBe('x');
    expect((seen!.inspect as { custom: symbol }).custom).toBe(inspect.custom);
  });

  it('represents a non-string result in its place; the value itself gets the built-in format', () => {
    expect(_.repr({ [inspect.custom]: () => ({ shown: 1 }) })).toBe('{ shown: 1 }');
    const self = {
      a: 1,
      [inspect.custom]() {
        return this;
      },
    };
    expect(_.repr(self)).toMatch(/^\{ a: 1/);
  });

  it("Node's own custom inspectors work with the options repr passes (Buffer, URL)", () => {
    expect(_.repr(Buffer.from([1, 2]))).toBe('<Buffer 01 02>');
    expect(_.repr(new URL('https://example.com/a'))).toContain("href: 'https://example.com/a'");
  });
});

describe('kinds: brand checks without node:util', () => {
  const ctx = vm.createContext({});
  const foreign = (code: string): unknown => vm.runInContext(code, ctx);

  it.each([
    ['new Map([[1, 2]])', 'Map(1) { 1 => 2 }'],
    ['new Set([1])', 'Set(1) { 1 }'],
    ['new Date(0)', 'Date(1970-01-01T00:00:00.000Z)'],
    ['/a/g', '/a/g'],
    ['new Number(1)', '[Number: 1]'],
    ['new Uint8Array([1]).buffer', 'ArrayBuffer(1) <01>'],
    ['new DataView(new ArrayBuffer(1))', 'DataView(1) <00>'],
    ['new RangeError("r")', "RangeError('r')"],
    ['new (class M extends Map {})([[1, 2]])', 'M(1) { 1 => 2 }'],
  ])('another realm: %s', (code, expected) => {
    expect(_.repr(foreign(code))).toBe(expected);
  });

  it('refuses look-alikes: prototypes without the internal slot, spoofed toStringTag', () => {
    expect(_.repr(Object.create(Map.prototype))).toBe('Map {}');
    expect(_.repr(Object.create(Date.prototype))).toBe('Date {}');
    expect(_.repr(RegExp.prototype)).not.toMatch(/^\//);
    expect(_.repr({ [Symbol.toStringTag]: 'Error', message: 'm' })).not.toContain("('m')");
    class Sub extends Map<number, number> {}
    expect(_.repr(new Sub([[1, 2]]))).toBe('Sub(1) { 1 => 2 }');
    expect(_.equals(new Sub([[1, 2]]), new Map([[1, 2]]))).toBe(true);
  });
});

describe('kinds: a Proxy with an endless or throwing prototype chain', () => {
  // kindOf walks the chain to find subclasses of built-ins; the walk must end.
  it('is classified without looping or leaking the trap error', () => {
    // Each level answers a fresh proxy: an endless chain that never reaches null.
    const endless = (): object =>
      new Proxy({}, { getPrototypeOf: () => endless() }) as unknown as object;
    const value = Object.create(endless()) as object;
    expect(kindOf(value)).toBe(OTHER);
    const throwing = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error('trap');
        },
      },
    );
    expect(kindOf(Object.create(Object.create(throwing)))).toBe(OTHER);
  });
});
