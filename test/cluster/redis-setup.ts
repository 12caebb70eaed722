// Vitest global setup of the cluster tests: starts a private redis-server on a free loopback
// port (nothing saved to disk, no eviction), gives its URL to the tests through `provide`,
// and stops it after. Without redis-server on PATH it provides the reason instead, and the
// cluster tests report themselves as skipped with it — except under CI=true, where the setup
// fails: a green CI must mean the cluster was tested.
import type { TestProject } from 'vitest/node';
import { findRedisServer, startRedis } from './helpers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The private Redis of this test run, or '' when there is none. */
    redisUrl: string;
    /** Why there is no Redis (shown as the skip reason). */
    redisMissing: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const binary = findRedisServer();
  if (binary === undefined) {
    const reason =
      'redis-server is not installed (apt-get install redis-server); the cluster tests need a real Redis';
    if (process.env.CI === 'true') {
      throw new Error(`${reason}. CI=true, so the cluster tests fail instead of skipping.`);
    }
    project.provide('redisUrl', '');
    project.provide('redisMissing', reason);
    return async () => {};
  }
  const redis = await startRedis(binary);
  project.provide('redisUrl', redis.url);
  project.provide('redisMissing', '');
  return () => redis.stop();
}
