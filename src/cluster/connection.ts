/**
 * Redis connections: what `connection` may be, how it is shown (always redacted: a password
 * never reaches a message or a log), and opening a client that answers within a deadline.
 *
 * polyfold opens its own ioredis clients and hands them to BullMQ: BullMQ's ESM build cannot
 * construct ioredis from options by itself, and owning the client lets a run give up on an
 * unreachable Redis after `redisTimeout` instead of reconnecting forever.
 */
import type { Redis, RedisOptions } from 'ioredis';
import { redactUrl } from '../errors/index.js';
import { InvalidArgumentError } from '../functional/index.js';
import { RedisUnavailableError } from './errors.js';
import type { Peers } from './peers.js';

/**
 * ioredis connection options (the common ones are typed; any other ioredis option is passed
 * through unchanged). Passwords and TLS settings go here, or in the URL.
 *
 * @example
 * ```ts
 * import type { RedisConnectionOptions } from 'polyfold/cluster';
 * const connection: RedisConnectionOptions = {
 *   host: 'redis.internal',
 *   port: 6380,
 *   username: 'polyfold',
 *   password: process.env.REDIS_PASSWORD,
 *   tls: { ca: process.env.REDIS_CA },
 * };
 * ```
 */
export interface RedisConnectionOptions {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  /** A Unix socket path, instead of host and port. */
  readonly path?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly db?: number | undefined;
  /** Node `tls.connect` options; `{}` turns TLS on with the defaults. */
  readonly tls?: Record<string, unknown> | undefined;
  readonly [option: string]: unknown;
}

/**
 * Where Redis is: a `redis://[user:password@]host[:port][/db]` URL (`rediss://` for TLS), or
 * ioredis options.
 *
 * @example
 * ```ts
 * import type { ClusterConnection } from 'polyfold/cluster';
 * const local: ClusterConnection = 'redis://localhost:6379';
 * const secure: ClusterConnection = `rediss://app:${process.env.REDIS_PASSWORD}@redis.internal:6380/0`;
 * ```
 */
export type ClusterConnection = string | RedisConnectionOptions;

export { redactUrl };

/** `connection` as it may appear in messages: no password, ever. */
export function describeConnection(connection: unknown): string {
  if (typeof connection === 'string') return redactUrl(connection);
  if (typeof connection !== 'object' || connection === null) return typeof connection;
  const o = connection as RedisConnectionOptions;
  const scheme = o.tls === undefined ? 'redis' : 'rediss';
  const user = o.username || o.password ? `${o.username ?? ''}${o.password ? ':***' : ''}@` : '';
  const where = typeof o.path === 'string' ? o.path : `${o.host ?? '127.0.0.1'}:${o.port ?? 6379}`;
  return `${scheme}://${user}${where}${typeof o.db === 'number' ? `/${o.db}` : ''}`;
}

/** Throws InvalidArgumentError (showing the redacted value) unless `connection` is usable. */
export function checkConnection(
  fn: string,
  connection: unknown,
): asserts connection is ClusterConnection {
  const ok =
    typeof connection === 'string'
      ? /^(rediss?:)?\/\//i.test(connection) || connection.startsWith('/')
      : typeof connection === 'object' && connection !== null && !Array.isArray(connection);
  if (!ok) {
    throw new InvalidArgumentError(
      fn,
      'options.connection',
      'a redis:// or rediss:// URL, or ioredis options such as { host, port, password, tls }',
      describeConnection(connection),
    );
  }
  if (typeof connection === 'object' && (connection as RedisConnectionOptions).keyPrefix) {
    throw new InvalidArgumentError(
      fn,
      'options.connection.keyPrefix',
      'unset (BullMQ does not support ioredis key prefixes; use the `prefix` option)',
      (connection as RedisConnectionOptions).keyPrefix,
    );
  }
}

/**
 * A new ioredis client for `connection`. `maxRetriesPerRequest: null` is what BullMQ's
 * blocking connections require (commands wait across reconnects); callers bound the wait
 * themselves (see `waitForRedis` and the run's watchdog).
 */
export function openRedis(
  peers: Peers,
  connection: ClusterConnection,
  overrides: RedisOptions = {},
): Redis {
  const forced: RedisOptions = { maxRetriesPerRequest: null, lazyConnect: false, ...overrides };
  // ioredis retries every 50–2 000 ms forever by default; a Redis that is down for a while
  // gets tried less and less often instead (unless `connection` says otherwise).
  const client =
    typeof connection === 'string'
      ? new peers.Redis(connection, { retryStrategy: reconnectDelay, ...forced })
      : new peers.Redis({
          retryStrategy: reconnectDelay,
          ...(connection as RedisOptions),
          ...forced,
        });
  // Without a listener ioredis prints every failed reconnection attempt; failures reach
  // callers through deadlines instead. The last one is kept for their messages.
  client.on('error', (error: Error) => {
    lastErrors.set(client, redactSecrets(error.message, connection));
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') lastCodes.set(client, code);
  });
  return client;
}

/** Longest wait between two reconnection attempts, in milliseconds. */
export const MAX_RECONNECT_DELAY = 5_000;

/**
 * Milliseconds before reconnection attempt `times` (1, 2, …): 100, 200, 400 … doubling up to
 * `MAX_RECONNECT_DELAY`, so a Redis that stays down costs a few attempts a minute, not two a
 * second.
 *
 * @example
 * ```ts
 * reconnectDelay(1); // 100
 * reconnectDelay(20); // 5000
 * ```
 */
export function reconnectDelay(times: number): number {
  return Math.min(100 * 2 ** Math.min(Math.max(times, 1) - 1, 16), MAX_RECONNECT_DELAY);
}

const lastErrors = new WeakMap<Redis, string>();
const lastCodes = new WeakMap<Redis, string>();

/** True when `error` (from ioredis or BullMQ) says the connection to Redis is in trouble. */
export function isConnectionTrouble(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (
    typeof code === 'string' &&
    /^E(CONN|TIMEDOUT|PIPE|HOSTUNREACH|NETUNREACH|NOTFOUND|AI_AGAIN)/.test(code)
  ) {
    return true;
  }
  return /connection|closed|ECONN|ETIMEDOUT|EPIPE|EHOSTUNREACH/i.test(
    String((error as Error)?.message),
  );
}

/** The last connection error a client reported (redacted), if any. */
export function lastErrorOf(client: Redis): string | undefined {
  return lastErrors.get(client);
}

/** Error messages from the driver, with the password removed should one ever appear. */
export function redactSecrets(message: string, connection: ClusterConnection): string {
  let password: string | undefined;
  if (typeof connection === 'string') {
    try {
      password = decodeURIComponent(new URL(connection).password) || undefined;
    } catch {
      password = undefined;
    }
  } else if (typeof connection.password === 'string' && connection.password !== '') {
    password = connection.password;
  }
  return password === undefined ? message : message.split(password).join('***');
}

/**
 * Resolves once `client` answers a PING, or rejects with RedisUnavailableError after
 * `timeoutMs` (an unreachable host, a wrong password and a TLS mismatch all end here) — or at
 * once when Redis refuses the connection: nothing listens there, and waiting will not change
 * that (the error's `refused` is then true).
 */
export async function waitForRedis(
  client: Redis,
  connection: ClusterConnection,
  timeoutMs: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let lastError: string | undefined;
  let onRefused: ((error: Error) => void) | undefined;
  const deadline = new Promise<'timeout' | 'refused'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    onRefused = (error: Error) => {
      if ((error as { code?: unknown }).code === 'ECONNREFUSED') resolve('refused');
    };
    client.on('error', onRefused);
    if (lastCodes.get(client) === 'ECONNREFUSED') resolve('refused');
  });
  const ping = async (): Promise<'ok'> => {
    for (;;) {
      try {
        await client.ping();
        return 'ok';
      } catch (error) {
        // A rejected PING (NOAUTH, a closed connection) is retried until the deadline.
        lastError = redactSecrets((error as Error).message, connection);
        await new Promise((r) => setTimeout(r, Math.min(100, timeoutMs / 10)));
        if (timer === undefined) return 'ok';
      }
    }
  };
  try {
    const outcome = await Promise.race([ping(), deadline]);
    if (outcome !== 'ok') {
      throw new RedisUnavailableError(
        describeConnection(connection),
        timeoutMs,
        lastErrorOf(client) ?? lastError,
        undefined,
        outcome,
      );
    }
  } finally {
    clearTimeout(timer);
    timer = undefined;
    if (onRefused) client.off('error', onRefused);
  }
}
