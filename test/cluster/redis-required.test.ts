// Under CI=true a missing redis-server fails the cluster tests' setup instead of letting them
// report themselves skipped: a green CI must mean the cluster was tested.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestProject } from 'vitest/node';
import { startRedis } from '../cli/support.js';
import setup from './redis-setup.js';

const saved = {
  PATH: process.env.PATH,
  CI: process.env.CI,
  REDIS: process.env.POLYFOLD_TEST_REDIS,
};
const provided: Record<string, unknown> = {};
const project = {
  provide: (key: string, value: unknown) => {
    provided[key] = value;
  },
} as unknown as TestProject;

describe('no redis-server on PATH', () => {
  beforeEach(() => {
    process.env.PATH = '';
    delete process.env.POLYFOLD_TEST_REDIS;
  });
  afterEach(() => {
    process.env.PATH = saved.PATH;
    if (saved.CI === undefined) delete process.env.CI;
    else process.env.CI = saved.CI;
    if (saved.REDIS !== undefined) process.env.POLYFOLD_TEST_REDIS = saved.REDIS;
  });

  it('CI=true: the cluster global setup and the CLI helper fail, naming the fix', async () => {
    process.env.CI = 'true';
    await expect(setup(project)).rejects.toThrow(/apt-get install redis-server.*CI=true/);
    await expect(startRedis()).rejects.toThrow(/apt-get install redis-server.*CI=true/);
  });

  it('without CI: they give the reason, and the suites report themselves skipped', async () => {
    delete process.env.CI;
    await setup(project);
    expect(provided.redisUrl).toBe('');
    expect(provided.redisMissing).toMatch(/apt-get install redis-server/);
    expect((await startRedis()).reason).toMatch(/apt-get install redis-server/);
  });
});
