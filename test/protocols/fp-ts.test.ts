import * as A from 'fp-ts/lib/Array.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as M from 'fp-ts/lib/Monoid.js';
import * as N from 'fp-ts/lib/number.js';
import * as S from 'fp-ts/lib/Semigroup.js';
import * as Str from 'fp-ts/lib/string.js';
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/protocols/index.js';

describe('fp-ts bridges', () => {
  it('ProtocolEq is an fp-ts Eq by equals', () => {
    expect(pipe([[1], [1], [2]], A.uniq(_.ProtocolEq))).toEqual([[1], [2]]);
    expect(A.elem(_.ProtocolEq)({ a: 1 })([{ a: 1 }])).toBe(true);
  });

  it('ProtocolOrd is an fp-ts Ord by compare', () => {
    expect(
      pipe(
        [
          [2, 'a'],
          [1, 'b'],
          [1, 'a'],
        ],
        A.sort(_.ProtocolOrd),
      ),
    ).toEqual([
      [1, 'a'],
      [1, 'b'],
      [2, 'a'],
    ]);
    expect(_.ProtocolOrd.equals(0, -0)).toBe(true);
  });

  it('ProtocolShow shows by repr', () => {
    expect(_.ProtocolShow.show(new Map([[1, 'a']]))).toBe("Map(1) { 1 => 'a' }");
  });

  it('getProtocolSemigroup and getProtocolMonoid combine by add', () => {
    expect(S.concatAll(_.getProtocolSemigroup<number[]>())([])([[1], [2, 3]])).toEqual([1, 2, 3]);
    expect(M.concatAll(_.getProtocolMonoid(''))(['poly', 'fold'])).toBe('polyfold');
    const counts = M.concatAll(_.getProtocolMonoid(new _.Counter<string>()))([
      new _.Counter('ab'),
      new _.Counter('b'),
    ]);
    expect(counts.get('b')).toBe(2);
  });

  it('Hash instances: ProtocolHash and contramapHash', () => {
    expect(_.ProtocolHash.hash([1, 2])).toBe(_.hash([1, 2]));
    const caseInsensitive = _.contramapHash((s: string) => s.toLowerCase())(_.ProtocolHash);
    expect(caseInsensitive.equals('Ab', 'aB')).toBe(true);
    expect(caseInsensitive.hash('Ab')).toBe(caseInsensitive.hash('aB'));
    expect(new _.HashSet(['A', 'a', 'b'], caseInsensitive).size).toBe(2);
  });

  it('fp-ts instances are accepted wherever an explicit instance is', () => {
    const byString = new _.HashMap<string, number>([['ab', 1]], Str.Eq);
    expect(byString.get('ab')).toBe(1);
    const strings = new _.HashSet(['a', 'a', 'b'], Str.Eq);
    expect(strings.size).toBe(2);
    expect([3, 1, 2].sort(_.comparator(N.Ord))).toEqual([1, 2, 3]);
    expect([[2], [1, 5], [1]].sort(_.comparator())).toEqual([[1], [1, 5], [2]]);
    expect(['b', 'a'].sort(_.comparator(Str.Ord))).toEqual(['a', 'b']);
  });
});
