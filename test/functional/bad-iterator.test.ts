/**
 * An iterator whose next() returns a non-object breaks the protocol. Native `for…of` throws a
 * TypeError at once; every combinator, fold, pipeline and runner must throw ERR_BAD_ITERATOR
 * too, not read an endless stream of `undefined`.
 */
import { describe, expect, it } from 'vitest';
import * as _ from '../../src/functional/index.js';

// Each broken iterator gives up after this many calls, so a regression fails fast instead of
// hanging the test process or exhausting its heap.
const LIMIT = 10_000;
const runaway = () => new Error('RUNAWAY: next() was called again and again');

function broken(result: unknown = 0): Iterable<number> {
  return {
    [Symbol.iterator]: () => {
      let calls = 0;
      return {
        next: () => {
          if (++calls > LIMIT) throw runaway();
          return result;
        },
      } as Iterator<number>;
    },
  };
}

function brokenAsync(result: unknown = 0): AsyncIterable<number> {
  return {
    [Symbol.asyncIterator]: () => {
      let calls = 0;
      return {
        next: async () => {
          if (++calls > LIMIT) throw runaway();
          return result;
        },
      } as AsyncIterator<number>;
    },
  };
}

const bad = expect.objectContaining({ code: 'ERR_BAD_ITERATOR' });
const id = (x: unknown) => x;
const job = _.pipeline(_.map((x: number) => x + 1)).fold(_.folds.count());

async function drain(xs: unknown): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const x of xs as AsyncIterable<unknown>) out.push(x);
  return out;
}

describe('an iterator whose next() returns a non-object', () => {
  for (const result of [0, 'x', true, undefined, null]) {
    it(`sync combinators throw ERR_BAD_ITERATOR for next() → ${String(result)}`, () => {
      expect(() => [..._.map(id)(broken(result))]).toThrow(bad);
      expect(() => [..._.take(2)(_.dedupe()(broken(result)))]).toThrow(bad);
      expect(() => [..._.take(2)(_.filter(() => true)(broken(result)))]).toThrow(bad);
      expect(() => [..._.zip(broken(result), [1, 2])]).toThrow(bad);
      expect(() => [..._.zipLongest([1], broken(result))]).toThrow(bad);
      expect(() => [..._.take(3)(_.interleave(broken(result), [1]))]).toThrow(bad);
      expect(() => [..._.take(3)(_.mergeSorted(broken(result), [1]))]).toThrow(bad);
      expect(() => [..._.take(3)(_.flatMap(() => broken(result))([1]))]).toThrow(bad);
    });
  }

  it('runners throw ERR_BAD_ITERATOR for sync and async sources', async () => {
    await expect(_.run(job, broken())).rejects.toEqual(bad);
    await expect(_.run(job, brokenAsync())).rejects.toEqual(bad);
    await expect(_.run(job, broken(), { executor: _.local() })).rejects.toEqual(bad);
    await expect(_.run(job, _.chunked(broken() as never))).rejects.toEqual(bad);
    await expect(_.run(job, _.chunked(brokenAsync() as never))).rejects.toEqual(bad);
  });

  it('async combinators throw ERR_BAD_ITERATOR', async () => {
    await expect(drain(_.take(2)(_.map(id)(brokenAsync() as never)))).rejects.toEqual(bad);
    await expect(drain(_.take(2)(_.dedupe()(brokenAsync())))).rejects.toEqual(bad);
    await expect(drain(_.take(2)(_.zip(brokenAsync(), brokenAsync())))).rejects.toEqual(bad);
    await expect(drain(_.zipLongest(brokenAsync(), [1]))).rejects.toEqual(bad);
    await expect(drain(_.take(3)(_.interleave(brokenAsync(), [1])))).rejects.toEqual(bad);
    await expect(drain(_.take(3)(_.mergeSorted(brokenAsync(), [1])))).rejects.toEqual(bad);
  });

  it('a well-behaved iterator that returns objects is unaffected', () => {
    const it = [1, 2][Symbol.iterator]();
    expect(_.checkIteratorResult(it.next())).toEqual({ value: 1, done: false });
    expect([..._.map((x: number) => x * 2)(new Set([1, 2]))]).toEqual([2, 4]);
  });

  it('the error carries the bad result and says how to fix the iterator', () => {
    let error: unknown;
    try {
      [..._.map(id)(broken(42))];
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(_.BadIteratorError);
    expect((error as InstanceType<typeof _.BadIteratorError>).value).toBe(42);
    expect((error as Error).message).toMatch(/next\(\) returned the number 42.*generator function/);
  });
});

describe('executors called directly', () => {
  it('local().run(job, 5) rejects with ERR_NOT_ITERABLE, not "source is not async iterable"', async () => {
    const job = _.pipeline().fold(_.folds.count());
    await expect(_.local().run(job, 5 as never, {})).rejects.toEqual(
      expect.objectContaining({ code: 'ERR_NOT_ITERABLE' }),
    );
    await expect(_.local({ chunkSize: 2 }).run(job, 5 as never, {})).rejects.toEqual(
      expect.objectContaining({ code: 'ERR_NOT_ITERABLE' }),
    );
  });
});
