// One redactUrl: the library's (password and secret-looking query parameters masked) is the
// one `polyfold worker` prints with. Runs the worker command in-process on a private Redis.
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { workerCommand } from '../../src/cli/worker-command.js';
import { redactUrl } from '../../src/cluster/index.js';
import { ROOT, startRedis } from '../cli/support.js';

const redis = await startRedis();
afterAll(async () => {
  await redis.stop?.();
});

describe('redactUrl', () => {
  it('masks the password and secret-looking query parameters, keeps the rest', () => {
    expect(redactUrl('redis://app:hunter2@db:6379/0?token=abc&family=4')).toBe(
      'redis://app:***@db:6379/0?token=***&family=4',
    );
  });
});

describe.skipIf(!redis.url)(
  `polyfold worker prints the URL redacted${redis.url ? '' : ` (skipped: ${redis.reason})`}`,
  () => {
    it('a secret query parameter in --redis is masked in the "serving" line', async () => {
      const url = `${redis.url}/0?token=hunter2&family=4`;
      let stderr = '';
      let stop: ((signal: NodeJS.Signals) => void) | undefined;
      const status = workerCommand(
        ['--redis', url, '--queue', 'redact-test', '--tasks', 'examples/word-count/tasks.ts'],
        {
          stdout: { write: () => true },
          stderr: {
            write: (s: string) => {
              stderr += s;
              return true;
            },
          },
          stdin: Readable.from([]),
          cwd: ROOT,
          onSignal: (
            _signals: readonly NodeJS.Signals[],
            handler: (signal: NodeJS.Signals) => void,
          ) => {
            stop = handler;
            return () => {};
          },
        } as never,
      );
      const deadline = Date.now() + 20_000;
      while (stop === undefined && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      stop?.('SIGTERM');
      expect(await status).toBe(0);
      expect(stderr).toContain(`serving queue redact-test on ${redis.url}/0?token=***&family=4`);
      expect(stderr).not.toContain('hunter2');
    });
  },
);
