import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/dispatch/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function collect(): Promise<void> {
  // WeakRefs are kept alive until the current job ends, so yield between collections.
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
  }
}

describe('the dispatch cache holds classes weakly', () => {
  it('10 000 throw-away classes dispatched through generic functions are collectable', async () => {
    const f = _.singledispatch((_x: unknown) => 'default').register(Object, () => 'object');
    const g = _.singledispatch((_x: unknown) => 'default').register(_.Iterable, () => 'iterable');
    const refs: WeakRef<object>[] = [];
    (() => {
      for (let i = 0; i < 10_000; i++) {
        const C = class {};
        if (i % 2) Object.freeze(C.prototype); // the WeakMap fallback path too
        expect(f(new C())).toBe('object');
        expect(g(new C())).toBe('default');
        refs.push(new WeakRef(C));
      }
    })();
    await collect();
    const alive = refs.filter((r) => r.deref() !== undefined).length;
    expect(alive).toBeLessThan(100);
    // The generic functions still work afterwards.
    expect(f(new (class {})())).toBe('object');
  });

  it('singledispatchmethod per-class state is collectable too', async () => {
    const m = _.singledispatchmethod({ name: 'm' });
    class Base {
      m(_x: unknown) {
        return 'default';
      }
    }
    m.install(Base);
    const refs: WeakRef<object>[] = [];
    (() => {
      for (let i = 0; i < 2_000; i++) {
        const C = class extends Base {};
        m.registerOn(C, Number, () => i);
        expect(new C().m(1)).toBe(i);
        refs.push(new WeakRef(C));
      }
    })();
    await collect();
    expect(refs.filter((r) => r.deref() !== undefined).length).toBeLessThan(50);
  });
});
