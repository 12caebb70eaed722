// Inference of the toolz additions: the element types of join's pairs (with the outer-join
// fillers), diff's rows, peek's head, and excepts' result with and without a handler.
import { describe, expectTypeOf, it } from 'vitest';
import * as _ from '../../src/functional/index.js';

interface User {
  id: number;
  name: string;
}
interface Order {
  user: number;
  item: string;
}
declare const users: User[];
declare const orders: Order[];

describe('toolz additions: types', () => {
  it('join pairs carry both element types, widened by the fillers given', () => {
    expectTypeOf(_.join('id', users, 'user', orders)).toEqualTypeOf<Iterable<[User, Order]>>();
    expectTypeOf(
      _.join((u: User) => u.id, users, 'user', orders, { rightDefault: null }),
    ).toEqualTypeOf<Iterable<[User, Order | null]>>();
    expectTypeOf(
      _.join('id', users, 'user', orders, { leftDefault: undefined, rightDefault: 0 as const }),
    ).toEqualTypeOf<Iterable<[User | undefined, Order | 0]>>();
    // @ts-expect-error: 'nope' is not a property of User
    _.join('nope', users, 'user', orders);
  });

  it('diff rows are tuples of the element types, with the fill type when given', () => {
    expectTypeOf(_.diff([[1], ['a']] as [number[], string[]])).toEqualTypeOf<
      Iterable<[number, string]>
    >();
    expectTypeOf(_.diff([[1], [2]], { fill: null })).toEqualTypeOf<Iterable<(number | null)[]>>();
  });

  it('peek and peekN keep the element type', () => {
    expectTypeOf(_.peek(['a'])).toEqualTypeOf<[string | undefined, IterableIterator<string>]>();
    expectTypeOf(_.peekN(2)([1])).toEqualTypeOf<[number[], IterableIterator<number>]>();
  });

  it('excepts returns the result type, or the handler type, or undefined', () => {
    const parse = (s: string): number => Number.parseInt(s, 10);
    expectTypeOf(_.excepts(RangeError, parse)).toEqualTypeOf<(s: string) => number | undefined>();
    expectTypeOf(_.excepts([RangeError, TypeError], parse, () => 'bad' as const)).toEqualTypeOf<
      (s: string) => number | 'bad'
    >();
  });
});
