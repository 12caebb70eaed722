/** Combinators on async iterables: same semantics, chunked consumption, closing. */
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/functional/index.js';
import { asyncProbe, collect, from } from './helpers.js';

const { folds } = _;

describe('stages on async iterables', () => {
  it('return async iterables with the sync semantics', async () => {
    const out = _.pipe(
      from([1, 2, 3, 4, 5]),
      _.map((x) => x * 2),
      _.filter((x) => x !== 4),
      _.chunk(2),
    );
    expect(Symbol.asyncIterator in out).toBe(true);
    expect(await collect(out)).toEqual([
      [2, 6],
      [8, 10],
    ]);
    expect(await collect(_.enumerate(from('ab')))).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
    expect(await collect(_.pipe(from([1, 1, 2]), _.dedupe(), _.interpose(0)))).toEqual([1, 0, 2]);
    expect(await collect(_.scan((a: number, x: number) => a + x, 0)(from([])))).toEqual([0]);
  });

  it('stay lazy through flatMap of infinite inner iterables', async () => {
    const it = _.flatMap((x: number) => _.repeat(x))(from([7]))[Symbol.asyncIterator]();
    expect((await it.next()).value).toBe(7);
    expect((await it.next()).value).toBe(7);
    await it.return!();
  });

  it('take stops pulling and closes the source', async () => {
    const src = asyncProbe();
    expect(
      await collect(
        _.pipe(
          src,
          _.map((x) => x + 1),
          _.take(3),
        ),
      ),
    ).toEqual([1, 2, 3]);
    expect(src.pulled).toBe(3);
    expect(src.closed).toBe(true);
  });

  it('breaking out of for-await closes the source', async () => {
    const src = asyncProbe();
    for await (const x of _.map((n: number) => n)(src)) if (x === 2) break;
    expect(src.closed).toBe(true);
  });

  it('errors reach the consumer and close the source', async () => {
    const src = asyncProbe();
    const boom = _.map((x: number) => {
      if (x === 3) throw new Error('boom');
      return x;
    })(src);
    await expect(collect(boom)).rejects.toThrow('boom');
    expect(src.closed).toBe(true);
  });

  it('serves concurrent next() calls in order', async () => {
    const it = _.map((x: number) => x * 10)(from([1, 2, 3]))[Symbol.asyncIterator]();
    const rs = await Promise.all([it.next(), it.next(), it.next(), it.next()]);
    expect(rs.map((r) => r.value)).toEqual([10, 20, 30, undefined]);
    expect(rs[3]!.done).toBe(true);
  });

  it('terminals return promises', async () => {
    expect(await _.count(from([1, 2, 3]))).toBe(3);
    expect(await _.first(from(['a', 'b']))).toBe('a');
    expect(await _.last(from(['a', 'b']))).toBe('b');
    expect(await _.nth(1)(from(['a', 'b']))).toBe('b');
    expect(await _.pipe(from([3, 1, 2]), _.sorted())).toEqual([1, 2, 3]);
    expect(await _.pipe(from([3, 1, 2]), _.topK(1))).toEqual([3]);
    expect((await _.frequencies(from('aab'))).get('a')).toBe(2);
    expect(
      await _.pipe(
        from([1, 2, 3]),
        _.partition((x) => x > 1),
      ),
    ).toEqual([[2, 3], [1]]);
    expect(
      await _.pipe(
        from([1, 2, 3]),
        _.map((x) => x / 10),
        _.fold(folds.sum()),
      ),
    ).toBe(0.6);
  });
});

describe('chunked async sources', () => {
  it('are consumed one array per await by folds, and element-wise when iterated', async () => {
    let awaits = 0;
    async function* batches() {
      for (let i = 0; i < 10; i++) {
        awaits++;
        yield Array.from({ length: 100 }, (_x, j) => i * 100 + j);
      }
    }
    const total = await _.pipe(
      _.chunked(batches()),
      _.map((x) => x * 2),
      _.fold(folds.sum()),
    );
    expect(total).toBe(2 * ((999 * 1000) / 2));
    expect(awaits).toBe(10);
    expect(await collect(_.chunked([[1, 2], [], [3]]))).toEqual([1, 2, 3]);
  });

  it('keep their chunks through lazy stages (the chunk protocol)', async () => {
    const staged = _.pipe(
      _.chunked(from([[1, 2, 3], [4]])),
      _.filter((x) => x !== 2),
    ) as unknown as {
      [_.CHUNKS](): AsyncIterator<number[]>;
    };
    const it = staged[_.CHUNKS]();
    expect((await it.next()).value).toEqual([1, 3]);
    expect((await it.next()).value).toEqual([4]);
    expect((await it.next()).done).toBe(true);
  });

  it('refuse chunks that are not arrays', async () => {
    await expect(collect(_.chunked(from([1 as never])))).rejects.toBeInstanceOf(_.NotIterableError);
  });
});
