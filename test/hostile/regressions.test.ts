/**
 * Regression tests for the defects the hostile fuzz found (issue 12, item 11): each call used to
 * throw a bare engine error (or hang); each now throws a coded polyfold error and leaves every
 * structure usable.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as D from '../../src/dispatch/index.js';
import * as F from '../../src/functional/index.js';
import * as L from '../../src/laws/index.js';
import * as P from '../../src/protocols/index.js';
import { HOSTILE } from './values.js';

const revoked = (): object => HOSTILE['revoked object proxy']!() as object;
const revokedFn = (): Function => HOSTILE['revoked function proxy']!() as Function;
const deep = (): unknown => HOSTILE['array nested 20 000 deep']!();
const broken = (): Iterable<unknown> =>
  HOSTILE['iterator whose next returns a number']!() as Iterable<unknown>;

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return (e as { code?: string }).code ?? `uncoded ${(e as Error).name}: ${(e as Error).message}`;
  }
  return undefined;
}

describe('inspectable', () => {
  it('refuses a non-class, a revoked proxy and a frozen class with ERR_INVALID_ARGUMENT', () => {
    expect(codeOf(() => P.inspectable(5 as never))).toBe('ERR_INVALID_ARGUMENT');
    expect(codeOf(() => P.inspectable(revokedFn() as never))).toBe('ERR_INVALID_ARGUMENT');
    const frozen = HOSTILE['a class with a frozen prototype']!();
    expect(codeOf(() => P.inspectable(frozen as never))).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('revoked proxies', () => {
  it('as a second operand or nested value of equals, compare, contains: ERR_PROTOTYPE_CHAIN', () => {
    expect(codeOf(() => P.equals({}, revoked()))).toBe('ERR_PROTOTYPE_CHAIN');
    expect(codeOf(() => P.equals([revoked()], [{}]))).toBe('ERR_PROTOTYPE_CHAIN');
    expect(codeOf(() => P.compare([revoked()], [1]))).toBe('ERR_PROTOTYPE_CHAIN');
    expect(codeOf(() => P.contains([1], revoked()))).toBe('ERR_PROTOTYPE_CHAIN');
    expect(codeOf(() => P.add([1], revoked()))).toBe('ERR_PROTOTYPE_CHAIN');
  });

  it('as HashMap/HashSet keys: ERR_PROTOTYPE_CHAIN, and the collection is unchanged', () => {
    const m = new P.HashMap<unknown, number>([[[1], 1]]);
    expect(codeOf(() => m.set(revoked(), 2))).toBe('ERR_PROTOTYPE_CHAIN');
    expect(codeOf(() => m.set([revoked()], 2))).toBe('ERR_PROTOTYPE_CHAIN');
    expect([...m]).toEqual([[[1], 1]]);
    expect(m.get([1])).toBe(1);
    const s = new P.HashSet<unknown>([[1]]);
    expect(codeOf(() => s.add(revoked()))).toBe('ERR_PROTOTYPE_CHAIN');
    expect(codeOf(() => new P.HashMap(revoked() as never))).toBe('ERR_PROTOTYPE_CHAIN');
    expect(codeOf(() => new P.HashMap([revoked()] as never))).toBe('ERR_PROTOTYPE_CHAIN');
    expect([...s]).toEqual([[1]]);
  });

  it('registered or installed in dispatch: ERR_INVALID_REGISTRATION', () => {
    const m = D.singledispatchmethod({ name: 'm' });
    expect(codeOf(() => m.install(revokedFn() as never))).toBe('ERR_INVALID_REGISTRATION');
    expect(codeOf(() => m.register(revoked() as never))).toBe('ERR_INVALID_REGISTRATION');
    const g = D.singledispatch((_: unknown) => 1);
    expect(codeOf(() => g.register(revokedFn() as never, () => 2))).toBe(
      'ERR_INVALID_REGISTRATION',
    );
    expect(codeOf(() => g.register(Object, revokedFn() as never))).toBe('ERR_INVALID_REGISTRATION');
    expect(codeOf(() => g.prefer(revoked() as never, D.Iterable))).toBe('ERR_INVALID_REGISTRATION');
    expect(codeOf(() => D.singledispatch(revokedFn() as never))).toBe('ERR_INVALID_REGISTRATION');
    expect(g(1)).toBe(1);
  });

  it('install on a frozen class: ERR_INVALID_REGISTRATION', () => {
    const m = D.singledispatchmethod({ name: 'm' });
    const frozen = HOSTILE['a class with a frozen prototype']!();
    expect(codeOf(() => m.install(frozen as never))).toBe('ERR_INVALID_REGISTRATION');
  });

  it('in functional entry points and function arguments: coded', () => {
    const job = F.pipeline(F.map((x: number) => x)).fold(F.folds.sum());
    expect(codeOf(() => job.apply(revoked() as never))).toBe('ERR_PROTOTYPE_CHAIN');
    expect(codeOf(() => F.count(revoked() as never))).toBe('ERR_PROTOTYPE_CHAIN');
    expect(codeOf(() => F.curry(revokedFn() as never))).toBe('ERR_INVALID_ARGUMENT');
    expect(codeOf(() => F.memoize(revokedFn() as never))).toBe('ERR_INVALID_ARGUMENT');
    expect(codeOf(() => F.reviveFold(revoked() as never))).toBe('ERR_INVALID_ARGUMENT');
    expect(F.isFold(revoked())).toBe(false);
    expect(F.isJob(revoked())).toBe(false);
  });
});

describe('20 000-deep nesting', () => {
  it('hash, equals and compare throw ERR_NESTING_TOO_DEEP and keep working', () => {
    let other: unknown = 1;
    for (let i = 0; i < 20_000; i++) other = [other];
    const a = deep();
    for (const f of [() => P.hash(a), () => P.equals(a, other), () => P.compare(a, other)]) {
      expect(codeOf(f)).toBe('ERR_NESTING_TOO_DEEP');
      expect(P.equals([1, [2]], [1, [3]])).toBe(false);
      expect(P.equals([1, [2]], [1, [2]])).toBe(true);
      expect(P.compare([[1]], [[2]])).toBe(-1);
    }
  });

  it('a deep key leaves HashMap and HashSet as they were', () => {
    const m = new P.HashMap<unknown, number>([[[1], 1]]);
    expect(codeOf(() => m.set(deep(), 2))).toBe('ERR_NESTING_TOO_DEEP');
    expect(codeOf(() => m.get(deep()))).toBe('ERR_NESTING_TOO_DEEP');
    expect([...m]).toEqual([[[1], 1]]);
    m.set([2], 2);
    expect(m.get([2])).toBe(2);
    const s = new P.HashSet<unknown>([[1]]);
    expect(codeOf(() => s.has(deep()))).toBe('ERR_NESTING_TOO_DEEP');
    expect(s.has([1])).toBe(true);
    expect(s.has([2])).toBe(false);
  });

  it('a dunder method that recurses without end throws ERR_NESTING_TOO_DEEP', () => {
    const loop = { [P.dunder.eq]: (that: unknown): boolean => P.equals(loop, that) };
    expect(codeOf(() => P.equals(loop, 1))).toBe('ERR_NESTING_TOO_DEEP');
  });
});

describe('broken iterators', () => {
  it('in contains and the collection constructors: ERR_BAD_ITERATOR (the one shared class)', () => {
    expect(codeOf(() => P.contains(broken(), 1))).toBe('ERR_BAD_ITERATOR');
    expect(codeOf(() => new P.HashMap(broken() as never))).toBe('ERR_BAD_ITERATOR');
    expect(codeOf(() => new P.HashSet(broken()))).toBe('ERR_BAD_ITERATOR');
    expect(codeOf(() => new P.Counter(broken() as never))).toBe('ERR_BAD_ITERATOR');
    expect(codeOf(() => new P.Counter().update(broken() as never))).toBe('ERR_BAD_ITERATOR');
    expect(F.BadIteratorError).toBe(P.BadIteratorError);
  });

  it('in the sync functional entry points: ERR_BAD_ITERATOR', () => {
    const job = F.pipeline(F.map((x: number) => x)).fold(F.folds.sum());
    expect(codeOf(() => job.apply(broken() as never))).toBe('ERR_BAD_ITERATOR');
    expect(codeOf(() => F.fold(F.folds.sum())(broken() as never))).toBe('ERR_BAD_ITERATOR');
    expect(codeOf(() => F.count(broken()))).toBe('ERR_BAD_ITERATOR');
    expect(codeOf(() => F.sorted()(broken()))).toBe('ERR_BAD_ITERATOR');
    expect(codeOf(() => F.fsum(broken() as never))).toBe('ERR_BAD_ITERATOR');
    expect(codeOf(() => [...F.concat(broken())])).toBe('ERR_BAD_ITERATOR');
    const noNext = HOSTILE['iterable whose iterator has no next']!();
    expect(codeOf(() => job.apply(noNext as never))).toBe('ERR_BAD_ITERATOR');
    const badReturn = HOSTILE['iterator whose return is a number']!() as Iterable<number>;
    expect(codeOf(() => F.first(badReturn))).toBe('ERR_BAD_ITERATOR');
  });

  it('a [CHUNKS] source whose chunks are not arrays fails at once (it used to spin forever)', async () => {
    const job = F.pipeline().fold(F.folds.count());
    const source = HOSTILE['chunked source whose chunks are numbers']!();
    await expect(F.run(job, source as never)).rejects.toMatchObject({ code: 'ERR_NOT_ITERABLE' });
  });
});

describe('other hostile values', () => {
  it('detached buffers compare, hash and measure as empty', () => {
    const detached = HOSTILE['a detached ArrayBuffer']!();
    const view = HOSTILE['a DataView of a detached buffer']!();
    expect(P.equals(detached, new ArrayBuffer(0))).toBe(true);
    expect(P.hash(detached)).toBe(P.hash(new ArrayBuffer(0)));
    expect(P.len(view)).toBe(0);
    expect(P.equals(view, new DataView(new ArrayBuffer(0)))).toBe(true);
    expect([
      ...F.map((x) => x)(HOSTILE['a typed array of a detached buffer']!() as Uint8Array),
    ]).toEqual([]);
  });

  it('a class where a function is called is refused up front', () => {
    class K {}
    expect(codeOf(() => F.map(K as never))).toBe('ERR_INVALID_ARGUMENT');
    expect(codeOf(() => D.singledispatch((_: unknown) => 0).register(Object, K as never))).toBe(
      'ERR_INVALID_REGISTRATION',
    );
    expect([...F.map(Number)(['1'])]).toEqual([1]);
  });

  it('law kits and checkLaws validate their arguments: ERR_INVALID_ARGUMENT', () => {
    expect(codeOf(() => L.eqLaws(undefined as never))).toBe('ERR_INVALID_ARGUMENT');
    expect(codeOf(() => L.monoidLaws({ arbitrary: 5, empty: 0 } as never))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(codeOf(() => L.foldLaws({ fold: {}, elements: fc.integer() } as never))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(codeOf(() => L.checkLaws(5 as never))).toBe('ERR_INVALID_ARGUMENT');
    expect(codeOf(() => L.checkLaws({ law: 5 } as never))).toBe('ERR_INVALID_ARGUMENT');
    expect(codeOf(() => new P.Counter(['a']).mostCommon(Symbol() as never))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
  });
});
