import type { Eq } from 'fp-ts/lib/Eq.js';
import type { Ord } from 'fp-ts/lib/Ord.js';
import type { Semigroup } from 'fp-ts/lib/Semigroup.js';
import * as Str from 'fp-ts/lib/string.js';
import { describe, expectTypeOf, it } from 'vitest';
import { singledispatch } from '../../src/dispatch/index.js';
import * as _ from '../../src/protocols/index.js';

class Point implements _.Hashable, _.Comparable, _.Representable {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  [_.dunder.eq](that: unknown): boolean {
    return that instanceof Point && that.x === this.x;
  }
  [_.dunder.hash](): number {
    return _.hashValues(this.x, this.y);
  }
  [_.dunder.compare](that: unknown): number {
    return _.compare([this.x, this.y], [(that as Point).x, (that as Point).y]);
  }
  [_.dunder.repr](): string {
    return `Point(${this.x}, ${this.y})`;
  }
}

class Money implements _.Addable<Money> {
  constructor(readonly cents: number) {}
  [_.dunder.add](that: Money): Money {
    return new Money(this.cents + that.cents);
  }
}

@_.inspectable
class Decorated {
  [_.dunder.repr]() {
    return 'Decorated';
  }
}

describe('protocol types', () => {
  it('dunder keys are unique symbols usable in interfaces and classes', () => {
    expectTypeOf(_.dunder.eq).toEqualTypeOf<typeof _.dunder.eq>();
    expectTypeOf<Point>().toMatchTypeOf<_.Equatable>();
    expectTypeOf<{ x: number }>().not.toMatchTypeOf<_.Hashable>();
    expectTypeOf(new Decorated()).toEqualTypeOf<Decorated>();
  });

  it('protocol functions have precise signatures', () => {
    expectTypeOf(_.equals(1, 2)).toEqualTypeOf<boolean>();
    expectTypeOf(_.hash('a')).toEqualTypeOf<number>();
    expectTypeOf(_.compare(1, 2)).toEqualTypeOf<_.Ordering>();
    expectTypeOf(_.repr(1)).toEqualTypeOf<string>();
    expectTypeOf(_.len([])).toEqualTypeOf<number>();
    expectTypeOf(_.contains([], 1)).toEqualTypeOf<boolean>();
    expectTypeOf(_.truthy(0)).toEqualTypeOf<boolean>();
  });

  it('add infers the result from the operands', () => {
    expectTypeOf(_.add(1, 2)).toEqualTypeOf<number>();
    expectTypeOf(_.add(1n, 2n)).toEqualTypeOf<bigint>();
    expectTypeOf(_.add('a', 'b')).toEqualTypeOf<string>();
    expectTypeOf(_.add([1], ['a'])).toEqualTypeOf<(number | string)[]>();
    expectTypeOf(_.add(new Money(1), new Money(2))).toEqualTypeOf<Money>();
    expectTypeOf(_.add(new _.Counter<string>(), new _.Counter<string>())).toEqualTypeOf<
      _.Counter<string>
    >();
  });

  it('registrations type the implementation from the registered class', () => {
    _.equals.register(Point, (a, b) => {
      expectTypeOf(a).toEqualTypeOf<Point>();
      expectTypeOf(b).toEqualTypeOf<unknown>();
      return false;
    });
    _.hash.register(Point, (p) => {
      expectTypeOf(p).toEqualTypeOf<Point>();
      return 0;
    });
    const describe = singledispatch((_x: unknown) => 'thing').register(_.Sized, (s) => {
      expectTypeOf<
        string | readonly number[] | _.Sized | ReadonlyMap<string, number>
      >().toMatchTypeOf<typeof s>();
      return 'sized';
    });
    expectTypeOf(describe([1])).toEqualTypeOf<string>();
  });

  it('collections implement the native interfaces', () => {
    expectTypeOf(new _.HashMap<number[], string>()).toMatchTypeOf<Map<number[], string>>();
    expectTypeOf(new _.HashSet<number[]>()).toMatchTypeOf<Set<number[]>>();
    expectTypeOf(new _.HashMap<number[], string>().get([1])).toEqualTypeOf<string | undefined>();
    const c = new _.Counter('abc');
    expectTypeOf(c).toEqualTypeOf<_.Counter<string>>();
    expectTypeOf(c.get('a')).toEqualTypeOf<number>();
    expectTypeOf(c.mostCommon()).toEqualTypeOf<[string, number][]>();
    expectTypeOf(new _.Counter({ a: 1, b: 2 })).toEqualTypeOf<_.Counter<'a' | 'b'>>();
    expectTypeOf(new _.Counter<string>({ a: 1 })).toEqualTypeOf<_.Counter<string>>();
    expectTypeOf(new _.Counter(new Map([[[1], 2]]))).toEqualTypeOf<_.Counter<number[]>>();
  });

  it('fp-ts instances are accepted where an explicit instance is', () => {
    expectTypeOf(_.ProtocolEq).toMatchTypeOf<Eq<Point>>();
    expectTypeOf(_.ProtocolOrd).toMatchTypeOf<Ord<number[]>>();
    expectTypeOf(_.ProtocolHash).toMatchTypeOf<_.Hash<Point>>();
    expectTypeOf(_.getProtocolSemigroup<string>()).toEqualTypeOf<Semigroup<string>>();
    expectTypeOf(new _.HashSet(['a'], Str.Eq)).toEqualTypeOf<_.HashSet<string>>();
    expectTypeOf(_.comparator(Str.Ord)).toEqualTypeOf<(a: string, b: string) => number>();
    // @ts-expect-error an Eq of the wrong type is refused
    new _.HashSet<number>([1], Str.Eq);
  });
});
