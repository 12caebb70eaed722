// The program bundled for the browser: every pure subpath of the BUILT package, imported by
// name (the package's own exports, browser conditions). It writes what it computed into the
// page as JSON; test/browser/run.mjs compares it with the same program run by Node.
import { abstractType, singledispatch } from 'polyfold/dispatch';
import { filter, folds, map, pipeline, range, run } from 'polyfold/functional';
import { Counter, equals, HashMap, hash, repr } from 'polyfold/protocols';

class Shape {}
class Circle extends Shape {
  constructor(r) {
    super();
    this.r = r;
  }
}
const Round = abstractType('Round', (p) => Object.hasOwn(p, 'roundness'));
class Wheel {}
Wheel.prototype.roundness = 1;

const kind = singledispatch((_x) => 'unknown')
  .register(Circle, (c) => `circle r=${c.r}`)
  .register(Round, () => 'round')
  .register(Number, (n) => `number ${n + 1}`);

const key = [1, { a: 'x' }];
const table = new HashMap([[key, 'found']]);
const counts = new Counter('abracadabra');
const sumOfSquares = pipeline(
  map((n) => n * n),
  filter((n) => n % 2 === 1),
).fold(folds.sum());

export async function main() {
  return {
    dispatch: [kind(new Circle(2)), kind(new Wheel()), kind(41), kind('s')],
    chain: kind.explain(new Circle(1)).chain,
    equals: equals([1, { a: 'x' }], [1, { a: 'x' }]),
    hashStable: hash(key) === hash([1, { a: 'x' }]),
    lookup: table.get([1, { a: 'x' }]),
    mostCommon: counts.mostCommon(2),
    counterName: Counter.name,
    repr: repr({ m: new Map([[1, [2n, -0]]]), s: new Set(['x']), d: new Date(0) }),
    fold: sumOfSquares.apply([1, 2, 3, 4, 5]),
    run: await run(sumOfSquares, range(0, 100)),
  };
}
