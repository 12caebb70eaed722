// `polyfold worker` when its Redis goes away: one line when the connection is lost and one
// when it is back (not one per reconnection attempt), and SIGTERM while Redis is down still
// stops the worker promptly.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, freePort, polyfold, spawnNode } from './support.js';

const hasRedis = !spawnSync('redis-server', ['--version']).error;

/** A redis-server of this test's own on `port` (it is killed and restarted on purpose). */
async function redisOn(port: number): Promise<ChildProcess> {
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const { Redis } = await import('ioredis');
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      probe.disconnect();
    }
  }
  return server;
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const servers: ChildProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map(stopped));
});

describe.skipIf(!hasRedis)('polyfold worker and a Redis that dies', () => {
  it('logs the loss once and the return once, and exits on SIGTERM while Redis is down', async () => {
    const port = await freePort();
    servers.push(await redisOn(port));
    const worker = spawnNode(
      [
        ...CLI,
        'worker',
        '--redis',
        `redis://127.0.0.1:${port}`,
        '--queue',
        'lost',
        '--tasks',
        'examples/word-count/tasks.ts',
      ],
      { input: 'keep-open' },
    );
    const stderr = () => worker.output().stderr;
    const until = async (check: () => boolean, ms: number): Promise<boolean> => {
      const deadline = Date.now() + ms;
      while (!check()) {
        if (Date.now() > deadline || worker.child.exitCode !== null) return false;
        await new Promise((r) => setTimeout(r, 50));
      }
      return true;
    };
    expect(await until(() => stderr().includes('serving queue'), 20_000)).toBe(true);
    const linesAfter = (from: number) => stderr().slice(from).split('\n').filter(Boolean);

    const start = stderr().length;
    await stopped(servers[0]!);
    // Several seconds down: ioredis would try (and BullMQ log) twice a second without backoff.
    await new Promise((r) => setTimeout(r, 6_000));
    const down = linesAfter(start);
    expect(down.filter((l) => /lost the connection to Redis/.test(l))).toHaveLength(1);
    expect(down.length).toBeLessThanOrEqual(3);

    const back = stderr().length;
    servers.push(await redisOn(port));
    expect(await until(() => /reconnected to Redis/.test(stderr().slice(back)), 15_000)).toBe(true);
    expect(linesAfter(back).length).toBeLessThanOrEqual(2);

    await stopped(servers[1]!);
    expect(await until(() => /lost the connection/.test(stderr().slice(back)), 10_000)).toBe(true);
    worker.child.kill('SIGTERM');
    const finished = await Promise.race([
      worker.done,
      new Promise<'hung'>((r) => setTimeout(() => r('hung'), 8_000)),
    ]);
    if (finished === 'hung') worker.child.kill('SIGKILL');
    expect(finished).not.toBe('hung');
  }, 60_000);
});

describe('polyfold run --executor cluster against a closed port', () => {
  it('fails at once with the refused connection named, whatever --redis-timeout says', async () => {
    const port = await freePort();
    const r = await polyfold([
      'run',
      'examples/word-count/job.ts',
      '--executor',
      'cluster',
      '--redis',
      `redis://127.0.0.1:${port}`,
      '--redis-timeout',
      '60000',
      'README.md',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/connection was refused/);
    expect(r.stderr).toMatch(/ECONNREFUSED/);
  }, 30_000);
});
