import { describe, expectTypeOf, it } from 'vitest';
import * as _ from '../../src/dispatch/index.js';

class Shape {
  kind = 'shape' as const;
}
class Circle extends Shape {
  r = 1;
}
class Label {
  text = '';
}

describe('register infers the implementation parameter from the type', () => {
  it('primitives and null/undefined', () => {
    _.singledispatch((_x: unknown) => 0)
      .register(Number, (n) => expectTypeOf(n).toEqualTypeOf<number>())
      .register(String, (s) => expectTypeOf(s).toEqualTypeOf<string>())
      .register(Boolean, (b) => expectTypeOf(b).toEqualTypeOf<boolean>())
      .register(BigInt, (b) => expectTypeOf(b).toEqualTypeOf<bigint>())
      .register(Symbol, (s) => expectTypeOf(s).toEqualTypeOf<symbol>())
      .register(null, (v) => expectTypeOf(v).toEqualTypeOf<null>())
      .register(undefined, (v) => expectTypeOf(v).toEqualTypeOf<undefined>());
  });

  it('classes, built-ins, abstract types and lists of types', () => {
    _.singledispatch((_x: unknown) => 0)
      .register(Circle, (c) => expectTypeOf(c).toEqualTypeOf<Circle>())
      .register(Date, (d) => expectTypeOf(d).toEqualTypeOf<Date>())
      .register(_.Iterable, (xs) => expectTypeOf(xs).toEqualTypeOf<Iterable<unknown>>())
      .register([Circle, Label], (x) => expectTypeOf(x).toEqualTypeOf<Circle | Label>());
  });

  it('extra parameters follow the default implementation', () => {
    _.singledispatch((_x: unknown, indent: number, sep?: string) => `${indent}${sep}`).register(
      Number,
      (n, indent, sep) => {
        expectTypeOf(indent).toEqualTypeOf<number>();
        expectTypeOf(sep).toEqualTypeOf<string | undefined>();
        return String(n);
      },
    );
  });
});

describe('each register refines the call signature', () => {
  const describeIt = _.singledispatch((_x: unknown): string => 'thing')
    .register(Date, (d) => d.getTime())
    .register(Shape, (s) => [s.kind] as const)
    .register(Circle, (c) => ({ radius: c.r }));

  it('the result type follows the registered implementation', () => {
    expectTypeOf(describeIt(new Date())).toEqualTypeOf<number>();
    expectTypeOf(describeIt('x')).toEqualTypeOf<string>();
  });

  it('a subclass registered after its base gets its own result type', () => {
    expectTypeOf(describeIt(new Circle())).toEqualTypeOf<{ radius: number }>();
    expectTypeOf(describeIt(new Shape())).toEqualTypeOf<readonly ['shape']>();
  });

  it('the generic function keeps its API', () => {
    expectTypeOf(describeIt.name).toEqualTypeOf<string>();
    expectTypeOf(describeIt.explain(1).chain).toEqualTypeOf<readonly string[]>();
    expectTypeOf(describeIt.registry).toMatchTypeOf<ReadonlyMap<_.Registrable, _.AnyFunction>>();
  });

  it('a generic function without default takes its signature from the type argument', () => {
    const show = _.singledispatch<(x: unknown) => string>({ name: 'show' });
    expectTypeOf(show).parameters.toEqualTypeOf<[x: unknown]>();
    expectTypeOf(show(1)).toEqualTypeOf<string>();
  });

  it('rejects implementations whose parameter does not fit the type', () => {
    // @ts-expect-error a Date implementation cannot take a string
    _.singledispatch((_x: unknown) => 0).register(Date, (d: string) => d.length);
  });
});

describe('abstract types carry their static type', () => {
  it('matches narrows', () => {
    interface Named {
      name: string;
    }
    const Named = _.abstractType<Named>('Named', (x) => typeof (x as Named).name === 'string');
    const v: unknown = { name: 'a' };
    if (Named.matches(v)) expectTypeOf(v).toEqualTypeOf<Named>();
  });
});
