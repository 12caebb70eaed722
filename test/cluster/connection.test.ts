import { describe, expect, it } from 'vitest';
import {
  checkConnection,
  describeConnection,
  MAX_RECONNECT_DELAY,
  reconnectDelay,
  redactSecrets,
} from '../../src/cluster/connection.js';
import * as _ from '../../src/cluster/index.js';
import { InvalidArgumentError } from '../../src/functional/index.js';

describe('connections: shown redacted, checked early', () => {
  it('redactUrl hides passwords and secret-looking query parameters, keeps the rest', () => {
    expect(_.redactUrl('redis://app:hunter2@db.internal:6380/2')).toBe(
      'redis://app:***@db.internal:6380/2',
    );
    expect(_.redactUrl('rediss://:s3cr%40t@db:6379')).toBe('rediss://:***@db:6379');
    expect(_.redactUrl('redis://db:6379/0?password=hunter2&family=6')).toBe(
      'redis://db:6379/0?password=***&family=6',
    );
    expect(_.redactUrl('redis://db:6379')).toBe('redis://db:6379');
    expect(_.redactUrl('not a url hunter2')).not.toContain('hunter2');
  });

  it('options objects are described without their password', () => {
    expect(describeConnection({ host: 'db', port: 6380, password: 'hunter2', db: 3 })).toBe(
      'redis://:***@db:6380/3',
    );
    expect(describeConnection({ host: 'db', username: 'app', password: 'x', tls: {} })).toBe(
      'rediss://app:***@db:6379',
    );
    expect(describeConnection({ path: '/run/redis.sock' })).toBe('redis:///run/redis.sock');
  });

  it('driver messages lose any copy of the password', () => {
    expect(redactSecrets('WRONGPASS for hunter2', 'redis://u:hunter2@h')).toBe('WRONGPASS for ***');
    expect(redactSecrets('nothing secret', { password: 'p4ss' })).toBe('nothing secret');
  });

  it('a bad connection is refused when the executor is made, shown redacted', () => {
    expect(() => checkConnection('cluster', 42)).toThrow(InvalidArgumentError);
    expect(() => _.cluster({ connection: 'http://u:hunter2@h', queue: 'q' })).toThrow(
      /options\.connection must be a redis:\/\/ or rediss:\/\/ URL/,
    );
    try {
      _.cluster({ connection: 'http://u:hunter2@h', queue: 'q' });
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
    expect(() => _.cluster({ connection: { keyPrefix: 'x:' }, queue: 'q' })).toThrow(/prefix/);
  });

  it('queue names and numeric options are checked when the executor is made', () => {
    const connection = 'redis://localhost:6379';
    expect(() => _.cluster({ connection, queue: 'a:b' })).toThrow(/without ":"/);
    expect(() => _.cluster({ connection, queue: '' })).toThrow(InvalidArgumentError);
    expect(() => _.cluster({ connection, queue: 'q', chunkSize: 0 })).toThrow(/chunkSize/);
    expect(() => _.cluster({ connection, queue: 'q', retries: -1 })).toThrow(/retries/);
    expect(() => _.cluster({ connection, queue: 'q', maxInFlight: 1.5 })).toThrow(/maxInFlight/);
    expect(() => _.cluster({ connection, queue: 'q', redisTimeout: 5 })).toThrow(/redisTimeout/);
    expect(() => _.cluster({ connection, queue: 'q', workerTimeout: 50 })).toThrow(/workerTimeout/);
    expect(() => _.cluster({ connection, queue: 'q', workerTimeout: -1 })).toThrow(/0 to wait/);
    expect(() => _.cluster({ connection, queue: 'q', workerTimeout: 0 })).not.toThrow();
    // Undefined options mean "the default" (what a CLI passes for an absent flag).
    expect(_.cluster({ connection, queue: 'q', chunkSize: undefined }).name).toBe('cluster');
  });

  it('startWorker refuses a bad allow-list before connecting to anything', async () => {
    const connection = 'redis://127.0.0.1:1';
    await expect(_.startWorker({ connection, queue: 'q', tasks: [] })).rejects.toThrow(
      /non-empty array of task module paths/,
    );
    await expect(
      _.startWorker({ connection, queue: 'q', tasks: ['./no/such/tasks.js'] }),
    ).rejects.toThrow(/does not exist on this machine: deploy the same task modules/);
    await expect(
      _.startWorker({ connection, queue: 'q', tasks: ['https://example.com/tasks.js'] }),
    ).rejects.toThrow(/workers import only local files/);
    await expect(
      _.startWorker({ connection, queue: 'q', tasks: ['package.json'], concurrency: 0 }),
    ).rejects.toThrow(/concurrency/);
  });

  it('a refused connection fails startWorker at once too', async () => {
    const error = (await _.startWorker({
      connection: 'redis://127.0.0.1:1',
      queue: 'q',
      tasks: ['package.json'],
      connectTimeout: 60_000,
    }).catch((e: unknown) => e)) as _.RedisUnavailableError;
    expect(error).toBeInstanceOf(_.RedisUnavailableError);
    expect(error.refused).toBe(true);
  });

  it('reconnection attempts back off exponentially, capped', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 50, 10_000].map(reconnectDelay);
    expect(delays.slice(0, 4)).toEqual([100, 200, 400, 800]);
    for (let i = 1; i < delays.length; i++)
      expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(Math.max(...delays)).toBe(MAX_RECONNECT_DELAY);
  });

  it('startWorker gives up on an unreachable Redis in bounded time', async () => {
    const t0 = performance.now();
    const error = await _.startWorker({
      connection: 'redis://w:hunter2@127.0.0.1:1',
      queue: 'q',
      tasks: ['package.json'],
      connectTimeout: 300,
    }).catch((e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(_.RedisUnavailableError);
    expect((error as Error).message).toContain('redis://w:***@127.0.0.1:1');
    expect((error as Error).message).not.toContain('hunter2');
  });
});
