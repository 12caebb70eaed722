// How a cluster test file finds its Redis: the URL the global setup (redis-setup.ts) started,
// or the reason there is none, which becomes part of the suite's name so the skip says why.
import { inject } from 'vitest';

export interface ClusterSuite {
  readonly url: string;
  /** Non-empty when the suite must be skipped; says why. */
  readonly skip: string;
  /** The suite's title, with the reason when skipped. */
  title(name: string): string;
}

export function clusterSuite(): ClusterSuite {
  const url = inject('redisUrl') ?? '';
  const skip =
    url !== ''
      ? ''
      : inject('redisMissing') ||
        'no Redis was provided: run the cluster project (vitest --project cluster), whose globalSetup starts one';
  return { url, skip, title: (name) => (skip ? `${name} — SKIPPED: ${skip}` : name) };
}
