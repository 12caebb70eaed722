/**
 * Keys whose `[dunder.eq]` changes the very HashMap/HashSet that is comparing them. Before, an
 * update was lost and every later insertion read back `undefined` (values misaligned with
 * keys); now the lookup restarts, as Python's dict does, and the table stays consistent.
 */
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

function meddlingKey(onEq: () => void) {
  let armed = false;
  class K {
    constructor(readonly id: number) {}
    [_.dunder.hash]() {
      return 7;
    }
    [_.dunder.eq](o: unknown) {
      if (armed) {
        armed = false;
        onEq();
      }
      return o instanceof K && o.id === this.id;
    }
  }
  return { K, arm: () => (armed = true) };
}

describe('re-entrant keys', () => {
  it('an eq that deletes many keys during set: the update lands and later keys read back', () => {
    const m = new _.HashMap<unknown, unknown>();
    const { K, arm } = meddlingKey(() => {
      for (let i = 0; i < 40; i++) m.delete([i]);
    });
    for (let i = 0; i < 40; i++) m.set([i], i);
    m.set(new K(1), 'a');
    arm();
    m.set(new K(1), 'b');
    expect([...m]).toEqual([[new K(1), 'b']]);
    m.set('later', 1);
    m.set([99], 99);
    expect(m.get(new K(1))).toBe('b');
    expect(m.get('later')).toBe(1);
    expect(m.get([99])).toBe(99);
    expect(m.size).toBe(3);
  });

  it('an eq that adds keys during delete and has (HashSet)', () => {
    const s = new _.HashSet<unknown>();
    const { K, arm } = meddlingKey(() => {
      for (let i = 0; i < 30; i++) s.add([i]);
    });
    s.add(new K(1));
    arm();
    expect(s.delete(new K(1))).toBe(true);
    expect(s.size).toBe(30);
    arm();
    expect(s.has(new K(1))).toBe(false);
    for (let i = 0; i < 30; i++) expect(s.has([i])).toBe(true);
  });

  it('an eq that changes the map on every call fails with ERR_REENTRANT_MUTATION, leaving it usable', () => {
    const m = new _.HashMap<unknown, number>();
    class Meddler {
      [_.dunder.hash]() {
        return 1;
      }
      [_.dunder.eq]() {
        m.set([m.size], 0);
        return false;
      }
    }
    m.set(new Meddler(), 1);
    expect(() => m.get(new Meddler())).toThrow(
      expect.objectContaining({ code: 'ERR_REENTRANT_MUTATION' }),
    );
    const size = m.size;
    expect(size).toBeGreaterThan(100);
    for (let i = 0; i < size - 1; i++) expect(m.get([i + 1])).toBe(0);
    m.set('fresh', 5);
    expect(m.get('fresh')).toBe(5);
  });

  it('an eq or hash that throws leaves the map unchanged', () => {
    const m = new _.HashMap<unknown, number>([[[1], 1]]);
    const bad = {
      [_.dunder.hash]: () => {
        throw new Error('no hash');
      },
    };
    expect(() => m.set(bad, 2)).toThrow('no hash');
    expect([...m]).toEqual([[[1], 1]]);
  });
});
