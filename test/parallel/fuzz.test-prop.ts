/**
 * Fuzz: the public functions of polyfold/parallel, called with arbitrary values, return or
 * throw a documented polyfold error (with a code). Nothing hangs; no internal TypeError leaks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UnknownOptionError } from '../../src/dispatch/index.js';
import {
  folds,
  InvalidArgumentError,
  map,
  NotIterableError,
  pipeline,
  run,
} from '../../src/functional/index.js';
import * as _ from '../../src/parallel/index.js';
import { ident } from './fixtures/jobs.js';

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withTypedArray: true,
});

const documented = [
  InvalidArgumentError,
  NotIterableError,
  _.UnshippableError,
  _.TaskFailedError,
  _.AbortedError,
  _.InputNotFoundError,
  _.InputChangedError,
  _.UncloneableValueError,
  _.WorkerOutOfMemoryError,
  UnknownOptionError,
];

function expectDocumented(error: unknown): void {
  if (!documented.some((E) => error instanceof E)) throw error;
  expect(typeof (error as { code?: unknown }).code).toBe('string');
}

async function settle(call: () => unknown): Promise<void> {
  try {
    await call();
  } catch (error) {
    expectDocumented(error);
  }
}

const pool = _.createPool({ workers: 1 });
const dir = mkdtempSync(join(tmpdir(), 'polyfold-fuzz-'));
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('fuzz', () => {
  it('constructors and helpers', async () => {
    await fc.assert(
      fc.asyncProperty(anything, anything, async (a, b) => {
        await settle(() => _.defineTasks(a as never, b as never));
        expect(_.addressOf(a)).toBeUndefined();
        await settle(() => _.createPool(a as never).close());
        await settle(() => _.threads(a as never));
        await settle(() => _.textFile(a as never, b as never));
        await settle(() => _.textFiles(a as never, b as never));
        await settle(() => _.taskFold(a as never));
        // Planning stats the files: a missing one (or a bad path) is a coded error too.
        if (typeof a === 'string') await settle(() => _.textFile(`${dir}/${a}`).ranges());
        await settle(() => _.textFiles([a, b] as never).ranges());
        expect(_.isTextFiles(a)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('pool.map and threads runs with arbitrary tasks, sources and options', async () => {
    // A total task and fold, so every error is the library's, not the task's.
    const job = pipeline(map(ident)).fold(folds.count());
    await fc.assert(
      fc.asyncProperty(anything, anything, anything, async (a, b, c) => {
        await settle(() => pool.map(a as never, b as never, c as never));
        await settle(() => pool.map(ident, b as never, c as never));
        await settle(() => run(job, a as never, { executor: _.threads({ pool, chunkSize: 2 }) }));
      }),
      { numRuns: 150 },
    );
  });
});
