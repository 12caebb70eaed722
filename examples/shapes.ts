/**
 * Shapes with generic functions: `singledispatch` picks an implementation by the class of
 * the first argument, walking the prototype chain like Python's MRO; anyone can add
 * implementations later, for classes they do not own. `singledispatchmethod` does the same
 * for methods, and a subclass can override one case without touching its base class.
 *
 *   npx tsx examples/shapes.ts
 *
 * Decorators here are TypeScript standard decorators (tsx/esbuild compile them); every
 * decorator also has a plain-function form, shown for Triangle.
 */
import { abstractType, singledispatch, singledispatchmethod } from '../src/dispatch/index.js';

class Circle {
  constructor(readonly r: number) {}
}
class Rect {
  constructor(
    readonly w: number,
    readonly h: number,
  ) {}
}
class Square extends Rect {
  constructor(side: number) {
    super(side, side);
  }
}
class Triangle {
  constructor(
    readonly a: number,
    readonly b: number,
    readonly c: number,
  ) {}
}

/** The generic function; its default runs when no registered type matches. */
const area = singledispatch(function area(shape: unknown): number {
  throw new TypeError(`area: no implementation for ${String(shape)}`);
});

// Implementations registered by decorators, on static methods of a class that groups them.
// biome-ignore lint/complexity/noStaticOnlyClass: a class is where decorators can go
class Areas {
  @area.register(Circle)
  static circle(c: Circle): number {
    return Math.PI * c.r ** 2;
  }

  @area.register(Rect)
  static rect(r: Rect): number {
    return r.w * r.h;
  }
}

// The plain-function form: the same registration without a decorator.
area.register(Triangle, (t: Triangle) => {
  const s = (t.a + t.b + t.c) / 2; // Heron's formula
  return Math.sqrt(s * (s - t.a) * (s - t.b) * (s - t.c));
});

// An abstract type (Python's ABC): a class whose prototype has `circumference` is round,
// and a class can also be declared round (a virtual subclass, like ABC.register).
const Round = abstractType('Round', (proto) => Object.hasOwn(proto as object, 'circumference'));
class Wheel {
  constructor(readonly r: number) {}
  circumference(): number {
    return 2 * Math.PI * this.r;
  }
}
Round.register(Circle);
const describe = singledispatch(function describe(_shape: unknown): string {
  return 'some shape';
})
  .register(Round, () => 'round')
  .register(Rect, (r: Rect) => (r.w === r.h ? 'square' : 'oblong'));

/** A renderer whose `render` method dispatches on the shape it is given. */
const render = singledispatchmethod({ name: 'render' });

class SvgRenderer {
  stroke = 'black';

  @render
  render(shape: unknown): string {
    return `<!-- cannot draw ${String(shape)} -->`;
  }

  @render.register(Circle)
  circle(this: SvgRenderer, c: Circle): string {
    return `<circle r="${c.r}" stroke="${this.stroke}"/>`;
  }

  @render.register(Rect)
  rect(this: SvgRenderer, r: Rect): string {
    return `<rect width="${r.w}" height="${r.h}" stroke="${this.stroke}"/>`;
  }
}

/** Overrides the Circle case only; SvgRenderer itself is unchanged (CPython gh-80638). */
class DebugRenderer extends SvgRenderer {
  @render.register(Circle)
  debugCircle(c: Circle): string {
    return `<circle r="${c.r}" stroke="red"/><!-- debug -->`;
  }
}

const shapes = [new Circle(1), new Rect(2, 3), new Square(2), new Triangle(3, 4, 5)];
console.log('area (singledispatch, decorators):');
for (const s of shapes) {
  console.log(`  ${s.constructor.name.padEnd(8)} ${area(s).toFixed(4)}  (${describe(s)})`);
}
console.log(`  total    ${shapes.reduce((sum, s) => sum + area(s), 0).toFixed(4)}`);
console.log(
  `  a Wheel is ${describe(new Wheel(1))}; Areas.circle is still a method: ${Areas.circle(new Circle(2)).toFixed(4)}`,
);

const why = area.explain(new Square(2));
console.log(
  `\nSquare: chain ${why.chain.join(' → ')}; candidates ${why.candidates.join(', ')}; winner ${why.winner}`,
);

try {
  area('a circle');
} catch (error) {
  console.log(`area('a circle') → ${(error as Error).message}`);
}

console.log('\nrender (singledispatchmethod):');
const svg = new SvgRenderer();
const debug = new DebugRenderer();
for (const s of [new Circle(1), new Square(2), 'text']) {
  console.log(`  SvgRenderer   ${svg.render(s)}`);
  console.log(`  DebugRenderer ${debug.render(s)}`);
}
