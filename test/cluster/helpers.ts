// Real Redis and real worker processes for the cluster tests: a private redis-server on a free
// loopback port, worker processes spawned from fixtures/worker.ts, and cleanup of every key
// a test's queue created.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const TASKS = fileURLToPath(new URL('./fixtures/tasks.ts', import.meta.url));
/** The threads tests' task module, whose tasks the cluster tests share. */
export const JOBS = fileURLToPath(new URL('../parallel/fixtures/jobs.ts', import.meta.url));
export const FORBIDDEN_TASKS = fileURLToPath(
  new URL('./fixtures/forbidden-tasks.ts', import.meta.url),
);
/** The placement tasks (they log where they run), shared with the threads tests. */
export const PLACEMENT = fileURLToPath(
  new URL('../parallel/fixtures/placement.ts', import.meta.url),
);
const WORKER = fileURLToPath(new URL('./fixtures/worker.ts', import.meta.url));

/** The redis-server binary on PATH, if any. */
export function findRedisServer(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'redis-server');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** True once something on `port` answers PING with PONG. */
async function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (d) => done(String(d).startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Stops the server (SIGKILL with `hard`) and waits for it to exit. */
  stop(hard?: boolean): Promise<void>;
}

/** Starts a private redis-server on a free loopback port, with nothing saved to disk. */
export async function startRedis(binary = findRedisServer()): Promise<RedisServer> {
  if (binary === undefined) throw new Error('redis-server is not on PATH');
  const port = await freePort();
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    process: child,
    async stop(hard = false) {
      if (child.exitCode === null && child.signalCode === null)
        child.kill(hard ? 'SIGKILL' : 'SIGTERM');
      await exited;
    },
  };
}

export interface WorkerProcess {
  readonly pid: number;
  readonly process: ChildProcess;
  /** What the worker printed on stderr (errors it recovered from). */
  readonly stderr: () => string;
  /** SIGTERM (graceful close), or SIGKILL with `hard`; waits for the exit. */
  stop(hard?: boolean): Promise<void>;
}

export interface WorkerSpec {
  readonly concurrency?: number;
  readonly lockDuration?: number;
  readonly stalledInterval?: number;
  readonly tasks?: readonly string[];
  readonly env?: Record<string, string>;
}

/** Spawns a worker process (`node --import tsx fixtures/worker.ts …`); resolves once it listens. */
export async function startWorkerProcess(
  url: string,
  queue: string,
  spec: WorkerSpec = {},
): Promise<WorkerProcess> {
  const args = [
    '--import',
    'tsx',
    WORKER,
    url,
    queue,
    String(spec.concurrency ?? 1),
    String(spec.lockDuration ?? 2_000),
    String(spec.stalledInterval ?? 1_000),
    ...(spec.tasks ?? [TASKS, JOBS]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`worker did not start within 20 s: ${stderr}`));
    }, 20_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before it was ready: ${stderr}`));
    });
  });
  return {
    pid: child.pid!,
    process: child,
    stderr: () => stderr,
    async stop(hard = false) {
      if (child.exitCode === null && child.signalCode === null)
        child.kill(hard ? 'SIGKILL' : 'SIGTERM');
      await exited;
    },
  };
}

/** Starts several worker processes; if any fails to start, stops the others and rethrows. */
export async function startWorkerProcesses(
  url: string,
  queue: string,
  specs: readonly WorkerSpec[],
): Promise<WorkerProcess[]> {
  const started = await Promise.allSettled(specs.map((s) => startWorkerProcess(url, queue, s)));
  const failed = started.find((r) => r.status === 'rejected');
  const ok = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (failed) {
    await Promise.all(ok.map((w) => w.stop(true)));
    throw (failed as PromiseRejectedResult).reason;
  }
  return ok;
}

/** Every Redis key of `queue` and of its runs queue (`<queue>.runs`). */
export async function queueKeys(url: string, queue: string): Promise<string[]> {
  const redis = new Redis(url);
  try {
    const keys: string[] = [];
    for (const pattern of [`bull:${queue}:*`, `bull:${queue}.runs:*`]) {
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        keys.push(...batch);
        cursor = next;
      } while (cursor !== '0');
    }
    return keys.sort();
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key of `queue` (tests leave Redis as they found it). */
export async function dropQueue(url: string, queue: string): Promise<void> {
  const keys = await queueKeys(url, queue);
  if (keys.length === 0) return;
  const redis = new Redis(url);
  try {
    await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** Keys that hold jobs (as opposed to a queue's own bookkeeping: id, meta, events…). */
export function jobKeys(keys: readonly string[]): string[] {
  const bookkeeping =
    /:(id|meta|events|marker|stalled-check|stalled|wait|active|completed|failed|waiting-children|prioritized|delayed|paused|pc|limiter|metrics.*)$/;
  return keys.filter((k) => !bookkeeping.test(k));
}

let queues = 0;
/** A queue name of its own for each test. */
export function freshQueue(label: string): string {
  return `pf-${label}-${process.pid}-${++queues}`;
}

/** Polls `check` until it returns true or `ms` pass. */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  ms = 5_000,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
