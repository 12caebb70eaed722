// Tasks that misbehave: results a worker cannot send back, thrown non-Errors, a heap that
// grows without bound, input files that vanish or change during a run.
import { afterAll, describe, expect, it } from 'vitest';
import { folds, map, pipeline, run } from '../../src/functional/index.js';
import * as _ from '../../src/parallel/index.js';
import { returnsFunction, returnsSymbol, throwsPlain } from './fixtures/hostile.js';
import { ident } from './fixtures/jobs.js';

const pool = _.createPool({ workers: 2 });
afterAll(() => pool.close());

describe('a result that cannot be sent back is the task error, not a dead worker', () => {
  it('pool.map: names the task, the item and where the function sits; not retried', async () => {
    const error = await pool.map(returnsFunction, [1, 2, 3], { chunkSize: 3 }).catch((e) => e);
    expect(error).toBeInstanceOf(_.TaskFailedError);
    expect(error.message).toContain('returnsFunction failed on chunk 0:');
    expect(error.message).not.toContain('attempts');
    expect(error.message).toContain('the result of returnsFunction for item [1] of the chunk');
    expect(error.message).toContain('the function (anonymous) at .nested[1]');
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause.code).toBe('ERR_UNCLONEABLE_VALUE');
    expect(error.cause.name).toBe('UncloneableValueError');
  });

  it('threads: a symbol in a partial result fails the run with the job and chunk', async () => {
    const job = pipeline(map(returnsSymbol)).fold(folds.toArray());
    const error = await run(job, [0, 1, 2, 3], {
      executor: _.threads({ pool, chunkSize: 2 }),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(_.TaskFailedError);
    expect(error.chunk).toBe(0);
    expect(error.message).toContain('map(returnsSymbol) → toArray failed on chunk 0:');
    expect(error.message).not.toContain('attempts');
    expect(error.message).toContain('the symbol Symbol(secret)');
    expect(error.cause.code).toBe('ERR_UNCLONEABLE_VALUE');
    // The pool is still healthy: no worker died.
    expect(await pool.map(returnsSymbol, [0, 2], { chunkSize: 1 })).toEqual([0, 2]);
  });

  it('items or a context that cannot be sent fail at once, naming where; not retried', async () => {
    const error = await pool.map(ident, [1, () => 2, 3], { chunkSize: 3 }).catch((e) => e);
    expect(error).toBeInstanceOf(_.TaskFailedError);
    expect(error.message).not.toContain('attempts');
    expect(error.message).toContain("the chunk's items holds the function (anonymous) at [1]");
    expect(error.message).toContain('cannot be copied to a worker thread');
    expect(error.cause.code).toBe('ERR_UNCLONEABLE_VALUE');
    const job = pipeline(map(ident)).fold(folds.count());
    const viaContext = await run(job, [1, 2, 3], {
      executor: _.threads({ pool, chunkSize: 2, context: { f: Symbol('ctx') } }),
    }).catch((e) => e);
    expect(viaContext).toBeInstanceOf(_.TaskFailedError);
    expect(viaContext.message).not.toContain('attempts');
    expect(viaContext.message).toContain('the context holds the symbol Symbol(ctx) at .f');
  });

  it('a thrown non-Error keeps its message and code', async () => {
    const error = await pool.map(throwsPlain, [0, 1, 2], { chunkSize: 3 }).catch((e) => e);
    expect(error).toBeInstanceOf(_.TaskFailedError);
    expect(error.message).toContain('throwsPlain failed on chunk 0: plain object thrown');
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause.message).toBe('plain object thrown');
    expect(error.cause.code).toBe('E_PLAIN');
    const job = pipeline(map(throwsPlain)).fold(folds.sum());
    const viaThreads = await run(job, [0, 1], {
      executor: _.threads({ pool, chunkSize: 2 }),
    }).catch((e) => e);
    expect(viaThreads.cause).toMatchObject({ message: 'plain object thrown', code: 'E_PLAIN' });
  });
});
