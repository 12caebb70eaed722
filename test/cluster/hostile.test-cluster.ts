/**
 * Task mistakes on the cluster take the threads' path (a cluster worker folds in a worker
 * thread): a result that cannot be sent back and a thrown non-Error are task errors with a
 * real Error as cause, not dead workers retried.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as _ from '../../src/cluster/index.js';
import { folds, map, pipeline, run } from '../../src/functional/index.js';
import { TaskFailedError } from '../../src/parallel/index.js';
import { returnsSymbol, throwsPlain } from '../parallel/fixtures/hostile.js';
import { dropQueue, freshQueue, startWorkerProcesses, type WorkerProcess } from './helpers.js';
import { clusterSuite } from './suite.js';

const suite = clusterSuite();
const HOSTILE = fileURLToPath(new URL('../parallel/fixtures/hostile.ts', import.meta.url));

describe.skipIf(suite.skip !== '')(suite.title('cluster task mistakes'), () => {
  const { url } = suite;
  const queue = freshQueue('hostile');
  let workers: WorkerProcess[] = [];
  const executor = () =>
    _.cluster({ connection: url, queue, redisTimeout: 3_000, chunkSize: 2, retries: 2 });

  beforeAll(async () => {
    workers = await startWorkerProcesses(url, queue, [{ concurrency: 1, tasks: [HOSTILE] }]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await dropQueue(url, queue);
  });

  it('a symbol in a partial result fails the run with ERR_UNCLONEABLE_VALUE, once', async () => {
    const job = pipeline(map(returnsSymbol)).fold(folds.toArray());
    const error = await run(job, [0, 1, 2, 3], { executor: executor() }).catch((e) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.chunk).toBe(0);
    expect(error.message).not.toContain('attempts');
    expect(error.message).toContain('the symbol Symbol(secret)');
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause.code).toBe('ERR_UNCLONEABLE_VALUE');
    expect(workers[0]!.stderr()).not.toMatch(/DataCloneError/);
  });

  it('a thrown non-Error keeps its message and code', async () => {
    const job = pipeline(map(throwsPlain)).fold(folds.sum());
    const error = await run(job, [0, 1, 2, 3], { executor: executor() }).catch((e) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause).toMatchObject({ message: 'plain object thrown', code: 'E_PLAIN' });
  });
});
