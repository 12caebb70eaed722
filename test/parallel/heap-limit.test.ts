// A worker that allocates without bound fails fast under its heap cap, with an error naming
// the limit and the option, and is not retried.
import { describe, expect, it } from 'vitest';
import { folds, map, pipeline, run } from '../../src/functional/index.js';
import * as _ from '../../src/parallel/index.js';
import { hog } from './fixtures/hostile.js';

const small = { maxOldGenerationSizeMb: 64 };

describe('worker heap limits', () => {
  it('pool.map: an out-of-memory chunk rejects with the limit and the option; not retried', async () => {
    await using pool = _.createPool({ workers: 1, resourceLimits: small });
    const error = await pool.map(hog, [1, 2], { chunkSize: 1 }).catch((e) => e);
    expect(error).toBeInstanceOf(_.TaskFailedError);
    expect(error.message).toContain('hog failed on chunk 0:');
    expect(error.message).not.toContain('attempts');
    expect(error.cause).toBeInstanceOf(_.WorkerOutOfMemoryError);
    expect(error.cause.code).toBe('ERR_WORKER_OUT_OF_MEMORY');
    expect(error.cause.limitMb).toBe(64);
    expect(error.message).toContain('its heap limit of 64 MiB');
    expect(error.message).toContain('resourceLimits');
    expect(error.message).toContain('maxOldGenerationSizeMb');
  });

  it('threads({ resourceLimits }): the same for a job', async () => {
    const executor = _.threads({ workers: 1, chunkSize: 1, resourceLimits: small });
    try {
      const job = pipeline(map(hog)).fold(folds.sum());
      const error = await run(job, [1, 2, 3], { executor }).catch((e) => e);
      expect(error).toBeInstanceOf(_.TaskFailedError);
      expect(error.message).toContain('map(hog) → sum failed on chunk 0:');
      expect(error.message).not.toContain('attempts');
      expect(error.cause.code).toBe('ERR_WORKER_OUT_OF_MEMORY');
    } finally {
      await executor.close();
    }
  });

  it('workers get a heap cap by default, and limits are validated', () => {
    const cap = _.defaultResourceLimits(2).maxOldGenerationSizeMb!;
    expect(cap).toBeGreaterThanOrEqual(512);
    expect(cap).toBeLessThanOrEqual(2048);
    expect(_.defaultResourceLimits(1000).maxOldGenerationSizeMb).toBe(512);
    const bad = [
      5,
      { maxOldGenerationSizeMb: -1 },
      { maxOldGenerationSizeMb: '64' },
      { maxOldGenerationSize: 64 },
    ];
    for (const resourceLimits of bad) {
      expect(() => _.createPool({ resourceLimits } as never)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
      );
      expect(() => _.threads({ resourceLimits } as never)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
      );
    }
    expect(() => _.createPool({ resourceLimits: { maxOldGenerationSize: 64 } } as never)).toThrow(
      /options\.resourceLimits\.maxOldGenerationSize/,
    );
    const pool = _.createPool({ workers: 1 });
    expect(() => _.threads({ pool, resourceLimits: small })).toThrow(/set them in createPool/);
    return pool.close();
  });
});
