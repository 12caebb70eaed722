/**
 * What the cluster costs, on this machine. Starts its own redis-server on a free loopback port
 * and its own worker processes (this file, run with `--worker`), and prints three tables:
 *
 * 1. Per-job overhead: chunks of one trivial item, so a run is nothing but chunk jobs — beside
 *    plain BullMQ (a no-op processor, the same parent/child flow) on the same Redis.
 * 2. Throughput on a CPU-bound job (automatic chunks, ≥ 25 ms each) with 1, 2 and 4 worker
 *    processes, beside `threads()` with as many threads and `local()`.
 * 3. Recovery after SIGKILL: how long a chunk whose worker died takes to finish elsewhere,
 *    against `lockDuration + stalledInterval`.
 *
 *   node --import tsx bench/cluster.bench.ts        (or: npm run bench -- cluster)
 *
 * The machine has two cores shared by Redis, the coordinator and the workers: the figures
 * say what a run costs here, not how a real cluster scales.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { cluster, startWorker } from '../src/cluster/index.js';
import { folds, local, map, pipeline, run } from '../src/functional/index.js';
import { defineTasks, threads } from '../src/parallel/index.js';

const SELF = fileURLToPath(import.meta.url);

/** Busy-waits `us` microseconds: CPU-bound work, as real chunks are. */
function burn(us: number): number {
  const end = performance.now() + us / 1000;
  let n = 0;
  while (performance.now() < end) n++;
  return n;
}

export const { noop, work, stallAt } = defineTasks(import.meta.url, {
  noop: (x: number) => x,
  work: (x: number, ctx: { us: number }) => (burn(ctx.us) >= 0 ? x : 0),
  /** The first worker to reach `ctx.at` records its pid and spins until killed. */
  stallAt: (x: number, ctx: { at: number; marker: string }) => {
    if (x === ctx.at && !existsSync(ctx.marker)) {
      writeFileSync(ctx.marker, String(process.pid));
      for (;;) burn(100_000);
    }
    return x;
  },
});

// ---------------------------------------------------------------- processes and Redis

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function redisServer(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'redis-server'))) return join(dir, 'redis-server');
  }
  throw new Error('redis-server is not on PATH (apt-get install redis-server)');
}

async function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    const end = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.once('error', () => end(false));
    s.once('data', (d) => end(String(d).startsWith('+PONG')));
    s.connect(port, '127.0.0.1', () => s.write('PING\r\n'));
  });
}

async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    redisServer(),
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  while (!(await pings(port))) await new Promise((r) => setTimeout(r, 50));
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Proc {
  readonly pid: number;
  readonly child: ChildProcess;
  stop(hard?: boolean): Promise<void>;
}

async function spawnWorker(
  mode: 'worker' | 'raw',
  url: string,
  queue: string,
  lock = 30_000,
  stalled = 30_000,
): Promise<Proc> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, SELF, `--${mode}`, url, queue, String(lock), String(stalled)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    pid: child.pid!,
    child,
    async stop(hard = false) {
      if (child.exitCode === null && child.signalCode === null)
        child.kill(hard ? 'SIGKILL' : 'SIGTERM');
      await exited;
    },
  };
}

/** A plain BullMQ worker with a no-op processor: the floor under polyfold's per-job cost. */
async function rawWorker(url: string, queue: string): Promise<void> {
  const { Worker } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const worker = new Worker(queue, async (job) => job.data.x, { connection, concurrency: 1 });
  await worker.waitUntilReady();
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
}

/** Plain BullMQ: one parent, `n` no-op children, waited for through QueueEvents. */
async function rawFlow(url: string, queue: string, n: number): Promise<number> {
  const { FlowProducer, QueueEvents, Queue } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const flows = new FlowProducer({ connection });
  const events = new QueueEvents(queue, { connection });
  const runs = new Queue(`${queue}.runs`, { connection });
  await events.waitUntilReady();
  let done = 0;
  const finished = new Promise<void>((resolve) =>
    events.on('completed', () => {
      if (++done === n) resolve();
    }),
  );
  const t0 = performance.now();
  // Windows of 64, as the executor keeps at most 64 chunks in flight.
  const parent = { id: 'raw', queue: runs.qualifiedName };
  await flows.add({
    name: 'run',
    queueName: `${queue}.runs`,
    opts: { jobId: 'raw' },
    children: [],
  });
  for (let i = 0; i < n; i += 64) {
    const batch = Array.from({ length: Math.min(64, n - i) }, (_v, j) => ({
      name: 'chunk',
      queueName: queue,
      data: { x: i + j },
      opts: { removeOnComplete: true, parent },
    }));
    await flows.addBulk(batch);
    while (done < i) await new Promise((r) => setTimeout(r, 1));
  }
  await finished;
  const ms = performance.now() - t0;
  await runs.remove('raw');
  await Promise.all([flows.close(), events.close(), runs.close()]);
  connection.disconnect();
  return ms;
}

// ---------------------------------------------------------------- measurements

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const fmt = (x: number, digits = 0): string => x.toFixed(digits);

async function timeRun(fn: () => Promise<unknown>, repeats: number): Promise<number> {
  await fn(); // warm: connections, module loading, compiled loops
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function main(): Promise<void> {
  const redis = await startRedis();
  const procs: Proc[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'polyfold-bench-'));
  try {
    console.log(`Redis ${redis.url}; Node ${process.version}; run from TypeScript sources (tsx)`);

    // 1. Per-job overhead ----------------------------------------------------------------
    const JOBS = 1_000;
    const trivial = pipeline(map(noop)).fold(folds.sum());
    const items = Array.from({ length: JOBS }, (_v, i) => i);
    const overhead: string[] = [];
    const raw = await spawnWorker('raw', redis.url, 'raw');
    const rawMs = median([
      await rawFlow(redis.url, 'raw', JOBS),
      await rawFlow(redis.url, 'raw', JOBS),
      await rawFlow(redis.url, 'raw', JOBS),
    ]);
    await raw.stop();
    overhead.push(`| plain BullMQ, no-op processor | 1 | ${fmt((rawMs * 1000) / JOBS)} | 1.00 |`);
    const q = 'bench';
    for (const n of [1, 2, 4]) {
      while (procs.length < n) procs.push(await spawnWorker('worker', redis.url, q));
      const exec = cluster({ connection: redis.url, queue: q, chunkSize: 1 });
      const ms = await timeRun(() => run(trivial, items, { executor: exec }), 3);
      overhead.push(
        `| polyfold cluster, 1-item chunks | ${n} | ${fmt((ms * 1000) / JOBS)} | ${fmt(ms / rawMs, 2)} |`,
      );
    }
    console.log(`\n## Per-job overhead (${JOBS} jobs of one trivial item; median of 3 runs)`);
    console.log('| case | worker processes | µs per job | × plain BullMQ |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const row of overhead) console.log(row);

    // 2. Throughput ----------------------------------------------------------------------
    const US = 50;
    const N = 40_000; // 2 s of CPU in all
    const job = pipeline(map(work)).fold(folds.sum());
    const xs = Array.from({ length: N }, (_v, i) => i);
    const context = { us: US };
    const localMs = await timeRun(
      () =>
        run(pipeline(map((x: number) => work(x, context))).fold(folds.sum()), xs, {
          executor: local(),
        }),
      1,
    );
    const rows: string[] = [
      `| local() | 1 | ${fmt(localMs)} | ${fmt(N / (localMs / 1000))} | 1.00 |`,
    ];
    for (const n of [1, 2, 4]) {
      // An explicit chunk size: threads() times its sample without the context (see the notes).
      const t = threads({ workers: n, context, chunkSize: 100 });
      const ms = await timeRun(() => run(job, xs, { executor: t }), 2);
      await t.close();
      rows.push(
        `| threads() | ${n} threads | ${fmt(ms)} | ${fmt(N / (ms / 1000))} | ${fmt(localMs / ms, 2)} |`,
      );
    }
    for (const p of procs.splice(0)) await p.stop();
    for (const n of [1, 2, 4]) {
      while (procs.length < n) procs.push(await spawnWorker('worker', redis.url, q));
      let chunks = 0;
      // Default options, as a user would start: automatic chunks for the default 4 slots.
      const exec = cluster({ connection: redis.url, queue: q, context });
      const ms = await timeRun(
        () =>
          run(job, xs, {
            executor: exec,
            onProgress: (p) => {
              chunks = p.chunks;
            },
          }),
        2,
      );
      rows.push(
        `| cluster() | ${n} processes | ${fmt(ms)} | ${fmt(N / (ms / 1000))} | ${fmt(localMs / ms, 2)} (${chunks} chunks of ~${fmt(((N / chunks) * US) / 1000)} ms) |`,
      );
    }
    console.log(`\n## Throughput: ${N} items of ${US} µs CPU each (automatic chunks)`);
    console.log('| executor | workers | ms | items/s | speed-up vs local |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const row of rows) console.log(row);
    for (const p of procs.splice(0)) await p.stop();

    // 3. Recovery after SIGKILL ----------------------------------------------------------
    console.log('\n## Recovery after SIGKILL (the dead worker’s chunk is the last one)');
    console.log('| lockDuration | stalledInterval | recovery ms (median of 3) | lock + stalled |');
    console.log('| ---: | ---: | ---: | ---: |');
    for (const [lock, stalled] of [
      [2_000, 1_000],
      [4_000, 2_000],
    ] as const) {
      const queue = `recovery-${lock}`;
      const pair = [
        await spawnWorker('worker', redis.url, queue, lock, stalled),
        await spawnWorker('worker', redis.url, queue, lock, stalled),
      ];
      procs.push(...pair); // stopped in `finally` should anything below throw
      const samples: number[] = [];
      for (let s = 0; s < 3; s++) {
        const marker = join(dir, `marker-${lock}-${s}`);
        const ys = Array.from({ length: 40 }, (_v, i) => i);
        let killedAt = 0;
        const pending = run(pipeline(map(stallAt)).fold(folds.sum()), ys, {
          executor: cluster({
            connection: redis.url,
            queue,
            chunkSize: 4,
            context: { at: 39, marker },
          }),
        });
        while (!existsSync(marker)) await new Promise((r) => setTimeout(r, 5));
        const pid = Number(readFileSync(marker, 'utf8'));
        const victim = pair.find((p) => p.pid === pid)!;
        killedAt = performance.now();
        await victim.stop(true);
        await pending;
        samples.push(performance.now() - killedAt);
        const replacement = await spawnWorker('worker', redis.url, queue, lock, stalled);
        pair[pair.indexOf(victim)] = replacement;
        procs.push(replacement);
      }
      for (const p of procs.splice(0)) await p.stop();
      console.log(`| ${lock} | ${stalled} | ${fmt(median(samples))} | ${lock + stalled} |`);
    }
  } finally {
    for (const p of procs) await p.stop(true);
    rmSync(dir, { recursive: true, force: true });
    await redis.stop();
  }
}

// No top-level await: this file is also the task module the workers (and the coordinator,
// timing a sample) import, and importing a module that is still evaluating waits for it.
const mode = process.argv[2];
const fail = (error: unknown): void => {
  console.error(error);
  process.exit(1);
};
if (isMainThread && (mode === '--worker' || mode === '--raw')) {
  const [url, queue, lock, stalled] = process.argv.slice(3) as [string, string, string, string];
  if (mode === '--raw') rawWorker(url, queue).catch(fail);
  else {
    startWorker({
      connection: url,
      queue,
      tasks: [SELF],
      concurrency: 1,
      lockDuration: Number(lock),
      stalledInterval: Number(stalled),
    }).then((worker) => {
      process.stdout.write('ready\n');
      process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
    }, fail);
  }
} else if (isMainThread && process.argv[1] === SELF) {
  main().catch(fail);
}
