import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/dispatch/index.js';

const fixture = fileURLToPath(new URL('./fixtures/prototype-loop.ts', import.meta.url));

describe('prototype chains that never end', () => {
  it('a self-prototype or endless Proxy chain fails with ERR_PROTOTYPE_CHAIN, in a process that survives', () => {
    // A child process: without the bound, the walk kills its process instead of throwing.
    const out = execFileSync(process.execPath, ['--import', 'tsx', fixture], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const outcomes = JSON.parse(out) as Record<string, string>;
    expect(Object.keys(outcomes)).toHaveLength(12);
    for (const [call, outcome] of Object.entries(outcomes)) {
      expect(`${call}: ${outcome}`).toBe(`${call}: ERR_PROTOTYPE_CHAIN`);
    }
  });

  it('the error names the value and the fix', () => {
    const loop: object = new Proxy({}, { getPrototypeOf: () => loop });
    const f = _.singledispatch((_x: unknown) => 0);
    const error = (() => {
      try {
        f(loop);
      } catch (e) {
        return e as InstanceType<typeof _.PrototypeChainError>;
      }
    })();
    expect(error).toBeInstanceOf(_.PrototypeChainError);
    expect(error?.reason).toBe('too-long');
    expect(error?.value).toBe(loop);
    expect(error?.message).toMatch(/cyclic or longer than 10000 links.*finite prototype chain/);
  });

  it('a revoked Proxy fails with ERR_PROTOTYPE_CHAIN (reason unreadable), not a bare TypeError', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const f = _.singledispatch((_x: unknown) => 0);
    expect(() => f(proxy)).toThrow(
      expect.objectContaining({ code: 'ERR_PROTOTYPE_CHAIN', reason: 'unreadable' }),
    );
    expect(() => f.explain(proxy)).toThrow(
      expect.objectContaining({ code: 'ERR_PROTOTYPE_CHAIN' }),
    );
  });

  it('a registered type whose prototype chain loops is refused by dispatch(Type)', () => {
    const loop: object = new Proxy({}, { getPrototypeOf: () => loop });
    function Looped() {}
    Looped.prototype = loop;
    const f = _.singledispatch((_x: unknown) => 0);
    expect(() => f.dispatch(Looped as never)).toThrow(
      expect.objectContaining({ code: 'ERR_PROTOTYPE_CHAIN' }),
    );
  });

  it('ordinary deep class hierarchies still dispatch', () => {
    let C: new () => object = class {};
    for (let i = 0; i < 200; i++) C = class extends C {};
    const f = _.singledispatch((_x: unknown) => 'default');
    expect(f(new C())).toBe('default');
  });
});
