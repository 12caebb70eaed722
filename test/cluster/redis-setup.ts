// Vitest global setup of the cluster tests: starts a private redis-server on a free loopback
// port (nothing saved to disk, no eviction), gives its URL to the tests through `provide`,
// and stops it after. Without redis-server on PATH it provides the reason instead, and the
// cluster tests report themselves as skipped with it.
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
    project.provide('redisUrl', '');
    project.provide(
      'redisMissing',
      'redis-server is not installed (apt-get install redis-server); the cluster tests need a real Redis',
    );
    return async () => {};
  }
  const redis = await startRedis(binary);
  project.provide('redisUrl', redis.url);
  project.provide('redisMissing', '');
  return () => redis.stop();
}
