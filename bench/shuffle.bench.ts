/**
 * Issue 13's figures: a word count with millions of distinct keys, combined in memory at the
 * caller (the ceiling this issue removes) against written as P = 4 partitions (map → shuffle →
 * reduce in the workers). Three sections, each run in fresh processes:
 *
 * 1. `threads({ workers: 2 })`: the two variants alternate, ROUNDS times each. Per run: wall
 *    time, CPU time of the whole process (every thread), the **main thread's** heap growth
 *    (`v8.getHeapStatistics()` sampled on the main thread: what the caller holds) and the
 *    process RSS growth (which counts the worker threads' heaps too: same process).
 * 2. `cluster()` over 3 `polyfold worker` processes (Redis on a free port), one SIGKILLed once
 *    10 map tasks are written: the output read back is checked key by key; the caller's RSS
 *    is clean here (the workers are other processes), and each worker's peak RSS is read from
 *    /proc. Beside it, the same job combined in memory at the caller on the same cluster.
 * 3. Spilling: the partitioned word count on threads whose heap is capped at SPILL_HEAP_MB;
 *    a probe process with that heap limit first measures how many keys one table holds.
 *
 * The input: a text file of N words with N / 2 distinct ones (`w0 … w<N/2-1>`, each twice,
 * far apart, ten to a line), written once to the OS temp directory. The exact answer is
 * known: every word counted 2. Each figure is printed with the load average of the machine.
 *
 * Run: `npm run bench -- shuffle` (or `node --import tsx bench/shuffle.bench.ts [--quick]
 * [--words N] [--only threads|cluster|spill]`).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { cluster } from '../src/cluster/index.js';
import { flatMap, folds, map, pipeline } from '../src/functional/index.js';
import { readOutput, run, textFile, threads } from '../src/parallel/index.js';
import { lower, tokenize } from '../test/parallel/fixtures/jobs.js';

const argv = process.argv;
const QUICK = argv.includes('--quick');
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i > 0 ? argv[i + 1] : undefined;
};
const WORDS = Number(flag('--words') ?? (QUICK ? 1_000_000 : 6_000_000));
const ONLY = flag('--only');
const ROUNDS = QUICK ? 1 : 3;
const PARTITIONS = 4;
const SPILL_HEAP_MB = 32;
const KILL_AFTER_MAP_TASKS = 10;
const RESULT = 'RESULT ';
const MiB = 1024 * 1024;
const SELF = fileURLToPath(import.meta.url);
const ROOT = join(dirname(SELF), '..');
const input = join(tmpdir(), `polyfold-shuffle-bench-${WORDS}.txt`);

const wordCount = pipeline(flatMap(tokenize), map(lower)).fold(folds.frequencies());

function writeInput(): void {
  if (existsSync(input)) return;
  const distinct = WORDS / 2;
  const lines: string[] = [];
  let line: string[] = [];
  for (let i = 0; i < WORDS; i++) {
    // Each distinct word twice, far apart: no chunk can combine both occurrences alone.
    line.push(`w${(i * 7919) % distinct}`);
    if (line.length === 10) {
      lines.push(line.join(' '));
      line = [];
    }
  }
  if (line.length > 0) lines.push(line.join(' '));
  writeFileSync(input, `${lines.join('\n')}\n`);
}

const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

// ---------------------------------------------------------------- measuring one run

interface Sample {
  which: string;
  ms: number;
  cpuMs: number;
  keys: number;
  exact: boolean;
  heapMiB: number;
  rssMiB: number;
  rssPeakMiB: number;
  workersPeakMiB?: number[];
  killed?: boolean;
  loadBefore: string;
  loadAfter: string;
}

/** Samples the main thread's heap and the process RSS every 20 ms while `body` runs. */
async function measured<T>(
  body: () => Promise<T>,
): Promise<{ value: T; ms: number; cpuMs: number; heapMiB: number; rssMiB: number }> {
  const heap0 = getHeapStatistics().used_heap_size;
  const rss0 = process.memoryUsage().rss;
  let heapPeak = heap0;
  let rssPeak = rss0;
  const sampler = setInterval(() => {
    heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 20);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await body();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  return {
    value,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    heapMiB: (heapPeak - heap0) / MiB,
    rssMiB: (rssPeak - rss0) / MiB,
  };
}

/** True when the output under `dir` is the exact word count: WORDS / 2 keys, each once, 2. */
async function exactOutput(dir: string, keys: number): Promise<boolean> {
  const seen = new Set<string>();
  for await (const [w, n] of readOutput<string, number>(dir)) {
    if (n !== 2 || seen.has(w)) return false;
    seen.add(w);
  }
  return seen.size === WORDS / 2 && keys === WORDS / 2;
}

const exactTable = (t: { size: number; get(k: string): number | undefined }): boolean => {
  if (t.size !== WORDS / 2) return false;
  for (let i = 0; i < WORDS / 2; i++) if (t.get(`w${i}`) !== 2) return false;
  return true;
};

/** Section 1 and 3, in a child: one run on threads. */
async function threadsChild(which: 'in-memory' | 'partitioned' | 'spill'): Promise<void> {
  const loadBefore = load();
  const executor = threads({
    workers: 2,
    ...(which === 'spill' ? { resourceLimits: { maxOldGenerationSizeMb: SPILL_HEAP_MB } } : {}),
  });
  const out = join(tmpdir(), `polyfold-shuffle-bench-out-${process.pid}`);
  const r = await measured(async () =>
    which === 'in-memory'
      ? run(wordCount, textFile(input), { executor })
      : run(wordCount, textFile(input), {
          executor,
          output: { dir: out, partitions: PARTITIONS, overwrite: true },
        }),
  );
  await executor.close();
  const loadAfter = load();
  let exact: boolean;
  let keys: number;
  if (which === 'in-memory') {
    const counts = r.value as unknown as Map<string, number>;
    keys = counts.size;
    exact = exactTable(counts);
  } else {
    keys = (r.value as { keys: number }).keys;
    exact = await exactOutput(out, keys);
    rmSync(out, { recursive: true, force: true });
  }
  report({
    which,
    ms: r.ms,
    cpuMs: r.cpuMs,
    keys,
    exact,
    heapMiB: r.heapMiB,
    rssMiB: r.rssMiB,
    rssPeakMiB: (process.resourceUsage().maxRSS * 1024) / MiB,
    loadBefore,
    loadAfter,
  });
}

const report = (s: Sample): void => console.log(RESULT + JSON.stringify(s));

// ---------------------------------------------------------------- Redis and worker processes

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function redisServer(): string | undefined {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    if (d && existsSync(join(d, 'redis-server'))) return join(d, 'redis-server');
  }
  return undefined;
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

interface Proc {
  readonly child: ChildProcess;
  /** Peak RSS in MiB (VmHWM), read while the process lives. */
  peakMiB(): number;
  stop(hard?: boolean): Promise<void>;
}

function proc(child: ChildProcess): Proc {
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let last = 0;
  return {
    child,
    peakMiB() {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) last = Number(m[1]) / 1024;
      } catch {
        // Gone (killed): its last reading stands.
      }
      return last;
    },
    async stop(hard = false) {
      if (child.exitCode === null && child.signalCode === null)
        child.kill(hard ? 'SIGKILL' : 'SIGTERM');
      await exited;
    },
  };
}

async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = redisServer();
  if (server === undefined) throw new Error('redis-server is not on PATH');
  const port = await freePort();
  const child = spawn(
    server,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  while (!(await pings(port))) await new Promise((r) => setTimeout(r, 50));
  const p = proc(child);
  return { url: `redis://127.0.0.1:${port}`, stop: () => p.stop() };
}

/** `polyfold worker` (the CLI, from source) serving `queue`; resolves once it listens. */
async function startPolyfoldWorker(url: string, queue: string): Promise<Proc> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src/cli/index.ts'),
      'worker',
      '--redis',
      url,
      '--queue',
      queue,
      '--lock-duration',
      '2000',
      '--stalled-interval',
      '1000',
      '--tasks',
      join(ROOT, 'test/parallel/fixtures/jobs.ts'),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: unknown) => {
      seen += String(d);
      if (/ready|listening|serving/i.test(seen)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`polyfold worker exited with ${code}: ${seen}`)));
  });
  return proc(child);
}

/** Section 2, in a child: one run on a cluster of 3 worker processes. */
async function clusterChild(which: 'in-memory' | 'partitioned'): Promise<void> {
  const redis = await startRedis();
  const queue = `shuffle-bench-${process.pid}`;
  const workers = await Promise.all([0, 1, 2].map(() => startPolyfoldWorker(redis.url, queue)));
  const peaks = setInterval(() => {
    for (const w of workers) w.peakMiB();
  }, 100);
  const executor = cluster({ connection: redis.url, queue, workers: 3 });
  const out = join(tmpdir(), `polyfold-shuffle-bench-cluster-${process.pid}`);
  let killed = false;
  const loadBefore = load();
  try {
    const r = await measured(async () =>
      which === 'in-memory'
        ? run(wordCount, textFile(input), { executor })
        : run(wordCount, textFile(input), {
            executor,
            output: { dir: out, partitions: PARTITIONS, overwrite: true },
            onProgress: (p: { done: number }) => {
              if (!killed && p.done >= KILL_AFTER_MAP_TASKS) {
                killed = true;
                workers[0]!.peakMiB();
                void workers[0]!.stop(true);
              }
            },
          }),
    );
    const loadAfter = load();
    clearInterval(peaks);
    const workersPeakMiB = workers.map((w) => w.peakMiB());
    let keys: number;
    let exact: boolean;
    if (which === 'in-memory') {
      const counts = r.value as unknown as Map<string, number>;
      keys = counts.size;
      exact = exactTable(counts);
    } else {
      keys = (r.value as { keys: number }).keys;
      exact = await exactOutput(out, keys);
      rmSync(out, { recursive: true, force: true });
    }
    report({
      which: `cluster ${which}`,
      ms: r.ms,
      cpuMs: r.cpuMs,
      keys,
      exact,
      heapMiB: r.heapMiB,
      rssMiB: r.rssMiB,
      rssPeakMiB: (process.resourceUsage().maxRSS * 1024) / MiB,
      workersPeakMiB,
      killed,
      loadBefore,
      loadAfter,
    });
  } finally {
    clearInterval(peaks);
    await executor.close?.();
    await Promise.all(workers.map((w) => w.stop(true)));
    await redis.stop();
  }
}

// ---------------------------------------------------------------- the parent

function inChild(args: string[], nodeArgs: string[] = []): Sample | undefined {
  const res = spawnSync(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', SELF, ...args, '--words', String(WORDS)],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const line = res.stdout.split('\n').find((l) => l.startsWith(RESULT));
  if (res.status !== 0 || line === undefined) {
    console.log(`(${args.join(' ')} failed with status ${res.status}: ${res.stderr.slice(-2000)})`);
    return undefined;
  }
  return JSON.parse(line.slice(RESULT.length)) as Sample;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};
const fmt = (xs: number[], d = 0): string =>
  xs.length === 1
    ? xs[0]!.toFixed(d)
    : `${median(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})`;

function table(rows: Sample[], names: Record<string, string>, extra = false): void {
  console.log(
    `| variant | runs | exact | ms | CPU s (all threads) | caller heap growth MiB | process RSS growth MiB | process peak RSS MiB |${extra ? ' workers’ peak RSS MiB |' : ''} loadavg before → after |`,
  );
  console.log(`| --- | --- | --- | --- | --- | --- | --- | --- |${extra ? ' --- |' : ''} --- |`);
  for (const [which, name] of Object.entries(names)) {
    const rs = rows.filter((r) => r.which === which);
    if (rs.length === 0) continue;
    const workers = extra
      ? ` ${rs.map((r) => (r.workersPeakMiB ?? []).map((m) => m.toFixed(0)).join(' / ') + (r.killed ? ' (first SIGKILLed)' : '')).join('; ')} |`
      : '';
    console.log(
      `| ${name} | ${rs.length} | ${rs.every((r) => r.exact) ? 'yes' : 'NO'} | ${fmt(rs.map((r) => r.ms))} | ${fmt(
        rs.map((r) => r.cpuMs / 1000),
        1,
      )} | ${fmt(rs.map((r) => r.heapMiB))} | ${fmt(rs.map((r) => r.rssMiB))} | ${fmt(rs.map((r) => r.rssPeakMiB))} |${workers} ${rs.map((r) => `${r.loadBefore.split(' ')[0]} → ${r.loadAfter.split(' ')[0]}`).join('; ')} |`,
    );
  }
}

function ratio(rows: Sample[], a: string, b: string): void {
  const x = rows.filter((r) => r.which === a).map((r) => r.ms);
  const y = rows.filter((r) => r.which === b).map((r) => r.ms);
  if (x.length > 0 && y.length > 0) {
    console.log(
      `\npartitioned vs in-memory: ${(median(x) / median(y)).toFixed(2)}× faster (spread ${(Math.min(...x) / Math.max(...y)).toFixed(2)}–${(Math.max(...x) / Math.min(...y)).toFixed(2)}×)`,
    );
  }
}

/** How many distinct `w<i>` keys one Counter holds under a heap of `mb` MiB. */
function capacity(mb: number): number {
  const res = spawnSync(
    process.execPath,
    [`--max-old-space-size=${mb}`, '--import', 'tsx', SELF, '--probe'],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const counts = res.stdout.split('\n').filter((l) => /^\d+$/.test(l));
  return Number(counts.at(-1) ?? 0);
}

function probe(): void {
  const f = folds.frequencies<string>();
  let t = f.init();
  for (let i = 0; ; i++) {
    t = f.step(t, `w${i}`);
    if (i % 20_000 === 0) writeFileSync(1, `${i}\n`);
  }
}

function parent(): void {
  writeInput();
  const mb = (statSync(input).size / 1e6).toFixed(1);
  const what = `${WORDS.toLocaleString('en-US')} words (${(WORDS / 2).toLocaleString('en-US')} distinct, ${mb} MB), P = ${PARTITIONS}`;
  console.log(`# shuffle bench: word count over ${what}; 2-core machine, loadavg now ${load()}`);

  if (ONLY === undefined || ONLY === 'threads') {
    const rows: Sample[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const which of ['in-memory', 'partitioned']) {
        const s = inChild(['--child', which]);
        if (s) rows.push(s);
      }
    }
    console.log(
      `\n### threads({ workers: 2 }), ${ROUNDS} fresh process(es) per variant, alternating`,
    );
    table(rows, {
      'in-memory': 'combined in memory at the caller',
      partitioned: `output: { partitions: ${PARTITIONS} }`,
    });
    ratio(rows, 'in-memory', 'partitioned');
    console.log(
      'caller heap = the main thread’s V8 heap (what the caller holds); process RSS counts the worker threads too.',
    );
  }

  if ((ONLY === undefined || ONLY === 'cluster') && redisServer() !== undefined) {
    const rows: Sample[] = [];
    for (const which of ['in-memory', 'partitioned']) {
      const s = inChild(['--cluster', which]);
      if (s) rows.push(s);
    }
    console.log(
      `\n### cluster(): 3 \`polyfold worker\` processes (partitioned: the first SIGKILLed after ${KILL_AFTER_MAP_TASKS} map tasks)`,
    );
    table(
      rows,
      {
        'cluster in-memory': 'combined in memory at the caller',
        'cluster partitioned': `output: { partitions: ${PARTITIONS} }`,
      },
      true,
    );
    ratio(rows, 'cluster in-memory', 'cluster partitioned');
    console.log('The caller is a process of its own here: its RSS is the caller’s alone.');
  }

  if (ONLY === undefined || ONLY === 'spill') {
    const fits = capacity(SPILL_HEAP_MB);
    const s = inChild(['--child', 'spill']);
    console.log(
      `\n### spilling: threads({ workers: 2, resourceLimits: { maxOldGenerationSizeMb: ${SPILL_HEAP_MB} } })`,
    );
    console.log(
      `A ${SPILL_HEAP_MB} MB heap holds ${fits.toLocaleString('en-US')} keys as one table (probe: a Counter filled until the heap is exhausted); this output has ${(WORDS / 2).toLocaleString('en-US')} keys, ${(WORDS / 2 / Math.max(fits, 1)).toFixed(1)}× that.`,
    );
    if (s)
      table([s], { spill: `output: { partitions: ${PARTITIONS} }, ${SPILL_HEAP_MB} MB heaps` });
  }
}

if (argv.includes('--probe')) probe();
else if (argv.includes('--child')) await threadsChild(flag('--child') as 'in-memory');
else if (argv.includes('--cluster')) await clusterChild(flag('--cluster') as 'in-memory');
else parent();
