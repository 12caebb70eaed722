// join, diff, peek, peekN, isDistinct, excepts: behaviour beyond the upstream ports
// (test/parity), laziness and closing (with probes), and hostile input — a broken iterator, a
// throwing key, a bad argument give a coded error or the user's own error.
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/functional/index.js';
import { probe } from './helpers.js';

const broken: Iterable<number> = {
  [Symbol.iterator]: () => ({ next: () => 5 }) as unknown as Iterator<number>,
};
async function* asyncOne() {
  yield 1;
}
const coded = (code: string) => expect.objectContaining({ code });
class Boom extends Error {}
const boom = () => {
  throw new Boom('mine');
};

describe('join', () => {
  it('is lazy: nothing is read until iteration, and it is re-iterable', () => {
    const left = probe([1, 2]);
    const right = probe([2, 3]);
    const j = _.join(
      (x: number) => x,
      left,
      (x: number) => x,
      right,
    );
    expect(left.pulled + right.pulled).toBe(0);
    expect([...j]).toEqual([[2, 2]]);
    expect([...j]).toEqual([[2, 2]]);
  });

  it('streams the right side: an infinite right input works with take, and is closed', () => {
    const right = probe(); // 0, 1, 2, …
    const j = _.join(
      (x: number) => x % 5,
      [0, 1],
      (x: number) => x % 5,
      right,
    );
    expect([..._.take(4)(j)]).toEqual([
      [0, 0],
      [1, 1],
      [0, 5],
      [1, 6],
    ]);
    expect(right.closed).toBe(true);
  });

  it('compares keys by value, and takes property names and indices as keys', () => {
    const users = [{ id: [1, 'a'], name: 'Ada' }];
    const orders = [{ user: [1, 'a'], item: 'tea' }];
    expect([..._.join('id', users, (o) => o.user, orders)]).toEqual([[users[0], orders[0]]]);
    expect([..._.join(0, [[1, 'x']] as const, 1, [['y', 1]] as const)]).toEqual([
      [
        [1, 'x'],
        ['y', 1],
      ],
    ]);
  });

  it('an undefined default still makes the join outer (presence, not value, decides)', () => {
    expect([
      ..._.join(
        (x: number) => x,
        [1],
        (x: number) => x,
        [2],
        { leftDefault: undefined },
      ),
    ]).toEqual([[undefined, 2]]);
  });

  it('unmatched left elements come last, in first-seen key order, each group in order', () => {
    const left = ['b1', 'a1', 'b2', 'c1'];
    const j = _.join(
      (s: string) => s[0],
      left,
      (s: string) => s,
      ['c'],
      { rightDefault: '-' },
    );
    expect([...j]).toEqual([
      ['c1', 'c'],
      ['b1', '-'],
      ['b2', '-'],
      ['a1', '-'],
    ]);
  });

  it('refuses bad arguments with coded errors, at call time', () => {
    expect(() => _.join({} as never, [], 'a', [])).toThrow(coded('ERR_INVALID_ARGUMENT'));
    expect(() => _.join('a', 5 as never, 'a', [])).toThrow(coded('ERR_NOT_ITERABLE'));
    expect(() => _.join('a', [], 'a', asyncOne() as never)).toThrow(coded('ERR_ASYNC_SOURCE'));
    expect(() => _.join('a', [], 'a', [], { leftDefualt: 1 } as never)).toThrow(
      coded('ERR_UNKNOWN_OPTION'),
    );
    expect(() => _.join('a', [], 'a', [], 5 as never)).toThrow(coded('ERR_INVALID_ARGUMENT'));
  });

  it('a broken iterator is ERR_BAD_ITERATOR; a throwing key is the user’s own error', () => {
    expect(() => [
      ..._.join(
        (x: number) => x,
        broken,
        (x: number) => x,
        [1],
      ),
    ]).toThrow(coded('ERR_BAD_ITERATOR'));
    expect(() => [
      ..._.join(
        (x: number) => x,
        [1],
        (x: number) => x,
        broken,
      ),
    ]).toThrow(coded('ERR_BAD_ITERATOR'));
    expect(() => [..._.join(boom, [1], (x: number) => x, [1])]).toThrow(Boom);
    const right = probe([1, 2]);
    expect(() => [..._.join((x: number) => x, [1], boom, right)]).toThrow(Boom);
    expect(right.closed).toBe(true);
  });

  it('a property key on null elements is a coded error naming the key', () => {
    expect(() => [..._.join('id', [null] as never, 'id', [])]).toThrow(
      coded('ERR_INVALID_ARGUMENT'),
    );
    expect(() => [..._.join('id', [null] as never, 'id', [])]).toThrow(/id property/);
  });
});

describe('diff', () => {
  it('is lazy, stops with the shortest input and closes the others', () => {
    const long = probe([1, 2, 3, 4]);
    const d = _.diff([[1, 9], long]);
    expect(long.pulled).toBe(0);
    expect([...d]).toEqual([[9, 2]]);
    expect(long.closed).toBe(true);
  });

  it('with fill it runs to the longest input; key applies to fill too (as in toolz)', () => {
    expect([..._.diff([[1], [1, 2]], { fill: 0 })]).toEqual([[0, 2]]);
    expect([
      ..._.diff([['a'], ['A', 'b']], { fill: 'B', key: (s: string) => s.toLowerCase() }),
    ]).toEqual([]);
  });

  it('compares rows by equals: [1] and [1] are not a difference', () => {
    expect([..._.diff([[[1]], [[1]]])]).toEqual([]);
  });

  it('refuses bad arguments with coded errors', () => {
    expect(() => _.diff([[1]] as never)).toThrow(coded('ERR_INVALID_ARGUMENT'));
    expect(() => _.diff([] as never)).toThrow(coded('ERR_INVALID_ARGUMENT'));
    expect(() => _.diff([[1], 3] as never)).toThrow(coded('ERR_NOT_ITERABLE'));
    expect(() => _.diff(3 as never)).toThrow(coded('ERR_NOT_ITERABLE'));
    expect(() => _.diff([[1], [1]], { key: 3 } as never)).toThrow(coded('ERR_INVALID_ARGUMENT'));
    expect(() => _.diff([[1], [1]], { keey: 3 } as never)).toThrow(coded('ERR_UNKNOWN_OPTION'));
  });

  it('a broken iterator is ERR_BAD_ITERATOR; a throwing key is the user’s own error', () => {
    expect(() => [..._.diff([[1], broken])]).toThrow(coded('ERR_BAD_ITERATOR'));
    const other = probe([1, 2]);
    expect(() => [..._.diff([[1, 2], other], { key: boom })]).toThrow(Boom);
    expect(other.closed).toBe(true);
  });
});

describe('peek and peekN', () => {
  it('read only what they show until the rest is iterated', () => {
    const xs = probe([1, 2, 3]);
    const [head, all] = _.peekN(2)(xs);
    expect(head).toEqual([1, 2]);
    expect(xs.pulled).toBe(2);
    expect([...all]).toEqual([1, 2, 3]);
    const ys = probe([7]);
    const [h] = _.peek(ys);
    expect(h).toBe(7);
    expect(ys.pulled).toBe(1);
  });

  it('an empty input: peek gives undefined, peekN an empty array', () => {
    const [h, all] = _.peek([]);
    expect(h).toBeUndefined();
    expect([...all]).toEqual([]);
    expect(_.peekN(3)([])[0]).toEqual([]);
    expect(_.peekN(0)([1])[0]).toEqual([]);
  });

  it('leaving the rest early closes the source', () => {
    const xs = probe([1, 2, 3, 4]);
    const [, all] = _.peek(xs);
    for (const x of all) if (x === 2) break;
    expect(xs.closed).toBe(true);
  });

  it('coded errors: bad n, not iterable, async input, broken iterator', () => {
    expect(() => _.peekN(-1)).toThrow(coded('ERR_INVALID_ARGUMENT'));
    expect(() => _.peekN(1.5)).toThrow(coded('ERR_INVALID_ARGUMENT'));
    expect(() => _.peek(5 as never)).toThrow(coded('ERR_NOT_ITERABLE'));
    expect(() => _.peek(asyncOne() as never)).toThrow(coded('ERR_ASYNC_SOURCE'));
    expect(() => _.peek(broken)).toThrow(coded('ERR_BAD_ITERATOR'));
  });
});

describe('isDistinct', () => {
  it('stops at the first repeat and closes the input', () => {
    const xs = probe([1, 2, 1, 3, 4]);
    expect(_.isDistinct(xs)).toBe(false);
    expect(xs.pulled).toBe(3);
    expect(xs.closed).toBe(true);
  });

  it('coded errors: not iterable, async input, broken iterator', () => {
    expect(() => _.isDistinct(5 as never)).toThrow(coded('ERR_NOT_ITERABLE'));
    expect(() => _.isDistinct(asyncOne() as never)).toThrow(coded('ERR_ASYNC_SOURCE'));
    expect(() => _.isDistinct(broken)).toThrow(coded('ERR_BAD_ITERATOR'));
  });
});

describe('excepts', () => {
  it('passes this and every argument through; other errors propagate unchanged', () => {
    const f = _.excepts(RangeError, function (this: { k: number }, a: number, b: number) {
      if (a < 0) throw new RangeError('neg');
      if (a === 0) throw new Boom('zero');
      return this.k + a + b;
    });
    expect(f.call({ k: 1 }, 2, 3)).toBe(6);
    expect(f.call({ k: 1 }, -1, 3)).toBeUndefined();
    expect(() => f.call({ k: 1 }, 0, 3)).toThrow(Boom);
  });

  it('the handler gets the caught error; subclasses are caught', () => {
    const f = _.excepts(Error, boom, (e) => (e as Error).message);
    expect(f()).toBe('mine');
  });

  it('refuses what is not a class, before anything runs', () => {
    for (const bad of [[], 5, () => true, [RangeError, 'x'], null]) {
      expect(() => _.excepts(bad as never, () => 1)).toThrow(coded('ERR_INVALID_ARGUMENT'));
    }
    expect(() => _.excepts(RangeError, 5 as never)).toThrow(coded('ERR_INVALID_ARGUMENT'));
    expect(() => _.excepts(RangeError, () => 1, 5 as never)).toThrow(coded('ERR_INVALID_ARGUMENT'));
  });

  it('a class with its own Symbol.hasInstance decides what is caught', () => {
    class Two {
      readonly two = 2;
      static [Symbol.hasInstance](x: unknown) {
        return x === 2;
      }
    }
    const f = _.excepts(
      Two,
      (x: number) => {
        throw x;
      },
      () => 'caught',
    );
    expect(f(2)).toBe('caught');
    expect(() => f(3)).toThrow();
    // An arrow function has no prototype: only its own Symbol.hasInstance makes it usable.
    const arrow = Object.defineProperty(() => 0, Symbol.hasInstance, {
      value: (x: unknown) => x === 2,
    });
    const g = _.excepts(arrow as never, (x: number) => {
      throw x;
    });
    expect(g(2)).toBeUndefined();
    expect(() => g(3)).toThrow();
  });
});
