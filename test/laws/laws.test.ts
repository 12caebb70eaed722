// The law kits must catch the mistakes they exist for — otherwise they prove nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/laws/index.js';
import { dunder, hash, hashValues } from '../../src/protocols/index.js';

const params = { numRuns: 100, seed: 42 };

function broken(laws: _.Laws): string[] {
  try {
    _.checkLaws(laws, params);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(_.LawViolationError);
    expect((e as _.LawViolationError).code).toBe('ERR_LAW_VIOLATED');
    return (e as _.LawViolationError).failures.map((f) => f.law);
  }
}

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  [dunder.eq](that: unknown) {
    return that instanceof Point && that.x === this.x && that.y === this.y;
  }
  [dunder.hash]() {
    return hashValues(this.x, this.y);
  }
}
const point = fc.tuple(fc.integer(), fc.integer()).map(([x, y]) => new Point(x, y));
const copy = (p: Point) => fc.constant(new Point(p.x, p.y));

describe('eqLaws', () => {
  it('passes a lawful class', () => {
    expect(broken(_.eqLaws({ arbitrary: point, equalTo: copy }))).toEqual([]);
  });

  it('catches an identity hash on a structural equality — only with equal pairs from equalTo', () => {
    // A stable number per object: deterministic, but different for equal copies.
    const ids = new WeakMap<Point, number>();
    const identityHash = (p: Point) => {
      if (!ids.has(p)) ids.set(p, Math.floor(Math.random() * 2 ** 31));
      return ids.get(p)!;
    };
    const consistency = 'hash consistency: equals(a, b) ⇒ hash(a) === hash(b)';
    expect(broken(_.eqLaws({ arbitrary: point, equalTo: copy, hash: identityHash }))).toContain(
      consistency,
    );
    // The naive check, on random pairs (never equal) or identical ones, cannot see it.
    const naive = fc.property(
      fc.tuple(point, point),
      ([a, b]) => !a[dunder.eq](b) || identityHash(a) === identityHash(b),
    );
    expect(fc.check(naive, params).failed).toBe(false);
  });

  it('catches asymmetric and non-transitive equalities, and a wrong equalTo generator', () => {
    const near = (a: number, b: number) => Math.abs(a - b) <= 1;
    const laws = _.eqLaws({
      arbitrary: fc.integer({ min: 0, max: 10 }),
      equalTo: (n) => fc.constant(n + 1),
      equals: near,
      hash: null,
    });
    expect(broken(laws)).toEqual(['transitivity: equals(a, b) && equals(b, c) ⇒ equals(a, c)']);
    const asym = _.eqLaws({
      arbitrary: fc.integer(),
      equalTo: fc.constant,
      equals: (a, b) => a <= b,
      hash: null,
    });
    expect(broken(asym)).toEqual(['symmetry: equals(a, b) === equals(b, a)']);
    const wrong = _.eqLaws({ arbitrary: fc.integer(), equalTo: (n) => fc.constant(n + 1) });
    expect(broken(wrong)).toContain('generator: every value from equalTo(a) equals a');
  });
});

describe('hashLaws and sequenceHashLaws', () => {
  it('pass polyfold hash on tuples', () => {
    expect(broken(_.hashLaws({ arbitrary: fc.tuple(fc.integer(), fc.string()) }))).toEqual([]);
    expect(broken(_.sequenceHashLaws({ elements: fc.integer(), build: (xs) => xs }))).toEqual([]);
  });

  it('catch a low-quality hash and a non-equivalence under forced collisions', () => {
    const weak = _.hashLaws({
      arbitrary: fc.integer({ min: 0, max: 10_000 }),
      hash: (n) => n % 16,
    });
    expect(broken(weak)[0]).toMatch(/^collision rate/);
    const near = _.hashLaws({
      arbitrary: fc.integer({ min: 0, max: 4 }),
      equals: (a, b) => Math.abs(a - b) <= 1,
      hash: () => 0,
    });
    expect(broken(near)).toContain(
      'forced collisions: with every hash equal, a HashMap still finds each key by equals',
    );
  });

  it('catch an XOR-combined sequence hash (order-blind, pairs cancel)', () => {
    const xor = (xs: number[]) => xs.reduce((h, x) => h ^ hash(x), 0);
    expect(
      broken(_.sequenceHashLaws({ elements: fc.integer(), build: (xs) => xs, hash: xor })),
    ).toEqual([
      'order sensitivity: the same elements in another order hash differently',
      'no cancellation: [x, x] and [] hash differently',
    ]);
  });
});

describe('ordLaws', () => {
  it('pass the built-in order on mixed numbers and bigints', () => {
    expect(broken(_.ordLaws({ arbitrary: fc.oneof(fc.integer(), fc.bigInt()) }))).toEqual([]);
  });

  it('catch a non-transitive order, a non-normalised result and an order inconsistent with equals', () => {
    const rps = (a: number, b: number) => (a === b ? 0 : (b - a + 3) % 3 === 1 ? -1 : 1);
    expect(
      broken(_.ordLaws({ arbitrary: fc.integer({ min: 0, max: 2 }), compare: rps })),
    ).toContain('transitivity: compare(a, b) <= 0 && compare(b, c) <= 0 ⇒ compare(a, c) <= 0');
    expect(broken(_.ordLaws({ arbitrary: fc.integer(), compare: (a, b) => a - b }))).toEqual([
      'totality: compare(a, b) is -1, 0 or 1 for every pair',
    ]);
    const byLength = (a: string, b: string) => Math.sign(a.length - b.length);
    expect(
      broken(_.ordLaws({ arbitrary: fc.string({ maxLength: 3 }), compare: byLength })),
    ).toEqual(['consistency with equals: compare(a, b) === 0 ⇔ equals(a, b)']);
  });
});

describe('semigroupLaws and monoidLaws', () => {
  it('pass add on strings and arrays', () => {
    expect(broken(_.monoidLaws({ arbitrary: fc.string(), empty: '' }))).toEqual([]);
    expect(broken(_.monoidLaws({ arbitrary: fc.array(fc.nat()), empty: [] as number[] }))).toEqual(
      [],
    );
  });

  it('catch subtraction, a wrong identity, and a concat that mutates its operand', () => {
    expect(
      broken(_.monoidLaws({ arbitrary: fc.integer(), empty: 0, concat: (a, b) => a - b })),
    ).toEqual([
      'associativity: concat(concat(a, b), c) equals concat(a, concat(b, c))',
      'left identity: concat(empty, a) equals a',
    ]);
    expect(broken(_.monoidLaws({ arbitrary: fc.integer(), empty: 1 }))).toEqual([
      'left identity: concat(empty, a) equals a',
      'right identity: concat(a, empty) equals a',
    ]);
    // Sorts its left operand in place (a mutation that cannot make values grow while shrinking).
    const sortingConcat = (a: number[], b: number[]) => {
      a.sort((x, y) => x - y);
      return [...a, ...b];
    };
    expect(
      broken(_.semigroupLaws({ arbitrary: fc.array(fc.nat()), concat: sortingConcat })),
    ).toContain('purity: concat(a, b) leaves a and b unchanged');
  });
});

describe('foldLaws', () => {
  const sum = {
    init: () => 0,
    step: (acc: number, x: number) => acc + x,
    combine: (a: number, b: number) => a + b,
    done: (acc: number) => acc,
  };

  it('pass an integer sum', () => {
    expect(
      broken(_.foldLaws({ fold: sum, elements: fc.integer({ min: -1000, max: 1000 }) })),
    ).toEqual([]);
  });

  it('catch a mean whose empty accumulator is not an exact identity', () => {
    // Averaging partial means: combining with the empty chunk's NaN-free "0 mean" drags results.
    const mean = {
      init: () => ({ mean: 0, n: 0 }),
      step: (a: { mean: number; n: number }, x: number) => ({
        mean: a.mean + (x - a.mean) / (a.n + 1),
        n: a.n + 1,
      }),
      combine: (a: { mean: number; n: number }, b: { mean: number; n: number }) => ({
        mean: (a.mean + b.mean) / 2,
        n: a.n + b.n,
      }),
      done: (a: { mean: number; n: number }) => a.mean,
    };
    const failures = broken(_.foldLaws({ fold: mean, elements: fc.integer({ min: 1, max: 100 }) }));
    expect(failures).toContain('left identity: combine(init(), x) gives x exactly');
    expect(failures).toContain(
      'chunking: combining the folds of any chunking in order equals folding the whole',
    );
  });

  it('catch a combine that drops the order of chunks', () => {
    const concat = {
      init: () => [] as number[],
      step: (acc: number[], x: number) => [...acc, x],
      combine: (a: number[], b: number[]) => [...b, ...a],
      done: (acc: number[]) => acc,
    };
    expect(broken(_.foldLaws({ fold: concat, elements: fc.nat(9) }))).toContain(
      'chunking: combining the folds of any chunking in order equals folding the whole',
    );
  });
});

describe('checkLaws', () => {
  it('names every broken law and how to replay it', () => {
    try {
      _.checkLaws(
        _.monoidLaws({ arbitrary: fc.integer(), empty: 0, concat: (a, b) => a - b }),
        params,
      );
      expect.unreachable();
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toMatch(/2 law\(s\) do not hold/);
      expect(message).toMatch(/✗ associativity/);
      expect(message).toMatch(/seed/);
    }
  });
});
