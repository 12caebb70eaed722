/**
 * What `polyfold/parallel` buys on this machine (issue 5, "Speed"), every figure next to the
 * core count (`os.availableParallelism()`) and to how busy the rest of the machine was.
 *
 * Cases (each in a fresh process, pool warmed up first, repetitions interleaved, medians):
 * 1. cpu: CPU-bound map (~20 µs of arithmetic per item, 100 000 items, summed):
 *    `threads({ workers: 2 })` vs `local()` on the same job, next to the hand-written limit
 *    (two plain worker threads, one slice and one message each).
 *    cpu-sweep: the same job on one 2-worker pool with hand-picked chunk sizes.
 * 2. tiny: 200 000 items of ~1 µs each, `pool.map` and `pool.fold` on one 2-worker pool,
 *    `chunkSize: 'auto'` vs 100 … 30 000; then one task per item on 20 000 of the items:
 *    `piscina.run` directly (its own worker file, bench/parallel-worker.mjs) and
 *    `pool.map` with `chunkSize: 1`.
 * 3. copy: `x + 1` (and ~0.1 µs of arithmetic) over 1 000 000 numbers: `threads()` with its
 *    automatic fallback vs `local()`, what shipping it anyway costs; `pool.map` vs `xs.map`.
 * 4. stream-*: 3 000 000 small records from an async generator through `threads()`, one
 *    process per variant; RSS sampled every 20 ms by a sampler thread (peak, and the baseline
 *    before the run) and the kernel's high-water mark (`ru_maxrss`). From the TypeScript
 *    sources under tsx, and (stream-dist-*, when dist/ exists) from the built package in plain
 *    node (bench/parallel-dist.mjs).
 * 5. python: bench/parallel_mp.py (multiprocessing.Pool) on the same arithmetic.
 *
 * Noise (the machine is shared): every run records how many cores the rest of the machine
 * kept busy (/proc/stat minus this process's `process.cpuUsage()`); tables give medians of
 * all runs and of the quiet runs (others ≤ 0.25 cores), and the CPU cases keep repeating (up
 * to a limit) until every variant has a few quiet runs. CPU accounting — this process's CPU
 * per run, the main thread's alone (/proc/self/task) — is barely disturbed by other load and
 * gives the speedup a variant's CPU cost allows on free cores.
 *
 * Run: `npx tsx bench/parallel.bench.ts [case …] [--quick]` (or `npm run bench parallel`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Job } from '../src/functional/index.js';
import { local, run } from '../src/functional/index.js';
import type { ChunkPlan, ParallelProgress, Pool } from '../src/parallel/index.js';
import { createPool, threads } from '../src/parallel/index.js';
import {
  CPU_ROUNDS,
  cpuJob,
  hashLoop,
  inc,
  incJob,
  recordHeavyJob,
  recordJob,
  tenthJob,
  tiny,
  tinyJob,
} from './parallel-tasks.js';

const CORES = availableParallelism();
const CASE_ENV = 'POLYFOLD_PARALLEL_BENCH_CASE';
const QUICK = process.argv.includes('--quick') || process.env.POLYFOLD_BENCH_QUICK === '1';
const RESULT = 'RESULT ';
const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Measuring

interface Snap {
  readonly t: number;
  readonly cpu: NodeJS.CpuUsage;
  readonly busy: number;
  readonly steal: number;
  /** CPU ticks of the main thread alone (utime + stime of /proc/self/task/<pid>). */
  readonly main: number;
}

function mainThreadTicks(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  // Fields after the command name (which is in parentheses): utime and stime are 14 and 15.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

/** Wall clock, this process's CPU (all threads) and the machine's busy ticks (USER_HZ = 100). */
function snap(): Snap {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
  return {
    t: performance.now(),
    cpu: process.cpuUsage(),
    busy: user + nice + system + irq + softirq,
    steal,
    main: mainThreadTicks(),
  };
}

/** Time spent, and CPU used by this process and by everything else, over a set of runs. */
class Load {
  wallMs = 0;
  ownMs = 0;
  machineMs = 0;
  stealMs = 0;
  mainMs = 0;
  add(a: Snap, b: Snap): void {
    this.wallMs += b.t - a.t;
    this.ownMs += (b.cpu.user - a.cpu.user + b.cpu.system - a.cpu.system) / 1000;
    this.machineMs += (b.busy - a.busy) * 10;
    this.stealMs += (b.steal - a.steal) * 10;
    this.mainMs += (b.main - a.main) * 10;
  }
  /** Cores this process kept busy, on average. */
  get own(): number {
    return this.ownMs / this.wallMs;
  }
  /** Cores everything else kept busy, on average (never below 0: the tick counter is coarse). */
  get others(): number {
    return Math.max(0, (this.machineMs - this.ownMs) / this.wallMs);
  }
}

/** A run counts as quiet when the rest of the machine kept at most this many cores busy. */
const QUIET = 0.25;

/** A named variant, its timings and the CPU accounting of its runs. */
class Series {
  readonly runs: { ms: number; others: number; own: number }[] = [];
  readonly load = new Load();
  constructor(
    readonly name: string,
    readonly items: number,
    readonly run: () => Promise<unknown>,
  ) {}
  async once(): Promise<unknown> {
    const a = snap();
    const value = await this.run();
    const b = snap();
    this.load.add(a, b);
    const one = new Load();
    one.add(a, b);
    this.runs.push({ ms: b.t - a.t, others: one.others, own: one.own });
    return value;
  }
  get ms(): number[] {
    return this.runs.map((r) => r.ms);
  }
  /** Forgets the runs so far (warm-up). */
  reset(): void {
    this.runs.length = 0;
    Object.assign(this.load, new Load());
  }
  /** Timings of the runs during which the rest of the machine was (nearly) idle. */
  get quietMs(): number[] {
    return this.runs.filter((r) => r.others <= QUIET).map((r) => r.ms);
  }
  get median(): number {
    return median(this.ms);
  }
  /** The median of the quiet runs when there are at least `n`, else undefined. */
  quietMedian(n = 3): number | undefined {
    const q = this.quietMs;
    return q.length >= n ? median(q) : undefined;
  }
  /** (max − min) / median, in percent. */
  get spread(): number {
    return ((Math.max(...this.ms) - Math.min(...this.ms)) / this.median) * 100;
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Runs every series `reps` times, rotating the order each round so that no variant always
 * runs first (or right after the same neighbour) while the machine's load drifts. With
 * `untilQuiet`, keeps going (up to `maxReps`) until every series has that many quiet runs.
 */
async function interleave(
  series: readonly Series[],
  reps: number,
  untilQuiet = 0,
  maxReps = reps,
): Promise<void> {
  for (let r = 0; r < maxReps; r++) {
    if (r >= reps && series.every((s) => s.quietMs.length >= untilQuiet)) break;
    for (let k = 0; k < series.length; k++) await series[(k + r) % series.length]!.once();
  }
}

/** Waits (up to `maxMs`) for a second during which other processes use ≤ QUIET cores. */
async function waitForQuiet(maxMs: number): Promise<{ waitedMs: number; others: number }> {
  const t0 = performance.now();
  let others = Number.POSITIVE_INFINITY;
  while (performance.now() - t0 < maxMs) {
    const a = snap();
    await new Promise((r) => setTimeout(r, 1000));
    const load = new Load();
    load.add(a, snap());
    others = load.others;
    if (others <= QUIET) break;
  }
  return { waitedMs: performance.now() - t0, others };
}

function check(name: string, got: unknown, want: unknown): void {
  if (got !== want) throw new Error(`${name}: result ${String(got)}, expected ${String(want)}`);
}

// ---------------------------------------------------------------------------------------------
// Printing

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const rate = (items: number, millis: number): string => {
  const perSec = items / (millis / 1000);
  return perSec >= 1e6 ? `${(perSec / 1e6).toFixed(2)} M/s` : `${(perSec / 1e3).toFixed(1)} k/s`;
};
const x2 = (r: number): string => `${r.toFixed(2)}×`;
const x3 = (r: number): string => `${r.toFixed(3)}×`;

/**
 * Rows of a table: all runs, and the quiet runs alone (when the rest of the machine kept
 * ≤ QUIET cores busy), each relative to the first row. Throughput is per item run.
 */
function seriesRows(series: readonly Series[], base: Series, quiet = true): string[][] {
  const bq = base.quietMedian();
  return series.map((s) => {
    const q = s.quietMedian();
    const row = [
      s.name,
      ms(s.median),
      `${ms(Math.min(...s.ms))}–${ms(Math.max(...s.ms))}`,
      rate(s.items, s.median),
      x2(base.median / base.items / (s.median / s.items)),
    ];
    if (quiet) {
      row.push(
        `${s.quietMs.length}/${s.runs.length}`,
        q === undefined ? '–' : ms(q),
        q === undefined || bq === undefined ? '–' : x2(bq / base.items / (q / s.items)),
      );
    }
    row.push(s.load.own.toFixed(2), s.load.others.toFixed(2));
    return row;
  });
}
function seriesHead(quiet = true): string[] {
  return [
    'variant',
    'median ms',
    'min–max ms',
    'throughput',
    '× first row',
    ...(quiet ? ['quiet runs', 'quiet median ms', '× first (quiet)'] : []),
    'own cores',
    'others',
  ];
}
const SERIES_HEAD = seriesHead();
const SHORT_HEAD = seriesHead(false);

/**
 * CPU accounting, which other processes disturb far less than wall time: CPU per run of the
 * whole process and of the main thread, and the speedup those figures allow on free cores —
 * the first row's CPU over this row's CPU spread across every core (a bound, not a timing).
 */
function cpuRows(series: readonly Series[]): { rows: string[][]; bounds: number[] } {
  const per = (s: Series, x: number) => x / s.runs.length;
  const base = per(series[0]!, series[0]!.load.ownMs) / series[0]!.items;
  const bounds = series.map((s) => base / (per(s, s.load.ownMs) / s.items / CORES));
  const rows = series.map((s, i) => [
    s.name,
    ms(per(s, s.load.ownMs)),
    ms(per(s, s.load.mainMs)),
    x2(Math.min(bounds[i]!, CORES)),
  ]);
  return { rows, bounds };
}
const CPU_HEAD = [
  'variant',
  'CPU ms/run (all threads)',
  'main thread CPU ms/run',
  'bound on free cores',
];

function noiseLine(series: readonly Series[]): string {
  const all = new Load();
  for (const s of series) {
    all.wallMs += s.load.wallMs;
    all.ownMs += s.load.ownMs;
    all.machineMs += s.load.machineMs;
    all.stealMs += s.load.stealMs;
  }
  const spread = median(series.map((s) => s.spread));
  return `noise: other processes kept ${all.others.toFixed(2)} of ${CORES} cores busy during the timed runs (steal ${(all.stealMs / all.wallMs).toFixed(2)}); median (max−min)/median of a variant: ${spread.toFixed(0)}%`;
}

function emit(result: Record<string, unknown>): void {
  process.stdout.write(`${RESULT}${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------------------------------------
// Helpers for the cases

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const here = (file: string): URL => new URL(file, import.meta.url);

/** The hand-written limit: plain worker threads, one slice each, one message there and back. */
async function rawWorkers(n: number): Promise<{
  sum(items: readonly number[], rounds: number): Promise<number>;
  close(): Promise<void>;
}> {
  const workers = range(n).map(
    () => new Worker(here('./parallel-worker.mjs'), { workerData: { raw: true } }),
  );
  const ask = (w: Worker, items: readonly number[], rounds: number) =>
    new Promise<number>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
      w.postMessage({ items, rounds });
    }).finally(() => w.removeAllListeners('error'));
  return {
    async sum(items, rounds) {
      const per = Math.ceil(items.length / n);
      const parts = await Promise.all(
        workers.map((w, i) => ask(w, items.slice(i * per, (i + 1) * per), rounds)),
      );
      return parts.reduce((a, b) => a + b, 0);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Runs a job once with onProgress and says how the executor ran it. */
async function describeRun<A, R>(
  job: Job<A, R>,
  source: Iterable<A> | AsyncIterable<A>,
  executor: ReturnType<typeof threads>,
): Promise<{
  value: R;
  mode: string;
  chunks: number;
  items: number;
  mainBusy: number;
  reason?: string;
}> {
  let last: ParallelProgress | undefined;
  const elu = performance.eventLoopUtilization();
  let reason: string | undefined;
  let mode: string | undefined;
  const value = await run(job, source, {
    executor,
    onProgress: (p) => {
      last = p as ParallelProgress;
      // A fallback reports { mode: 'local', reason } first, then local()'s own progress.
      mode ??= last.mode;
      reason ??= last.reason;
    },
  });
  return {
    value,
    mode: mode ?? '?',
    chunks: last?.chunks ?? 0,
    items: last?.items ?? 0,
    mainBusy: performance.eventLoopUtilization(elu).utilization,
    ...(reason === undefined ? {} : { reason }),
  };
}

// ---------------------------------------------------------------------------------------------
// Case 1: CPU-bound map

/** The quiet medians' ratio when both series have enough quiet runs, else the all-runs one. */
function ratioOf(a: Series, b: Series): { ratio: number; all: number; quiet?: number } {
  const all = a.median / a.items / (b.median / b.items);
  const qa = a.quietMedian();
  const qb = b.quietMedian();
  if (qa === undefined || qb === undefined) return { ratio: all, all };
  const quiet = qa / a.items / (qb / b.items);
  return { ratio: quiet, all, quiet };
}

const describeRatio = (r: { all: number; quiet?: number }): string =>
  r.quiet === undefined
    ? `${x2(r.all)} (all runs; too few quiet runs)`
    : `${x2(r.quiet)} on quiet runs, ${x2(r.all)} on all runs`;

async function caseCpu(): Promise<void> {
  const N = 100_000;
  const xs = range(N);
  // threads({ workers: 2 }) on a pool of its own whose idle timeout outlasts the other
  // variants' runs: with the default 5 s, a loaded machine stretches local() + hand-written
  // past it, the workers exit, and the next run pays their start-up (~1 s from TS sources).
  const pool = createPool({ workers: 2, idleTimeout: 120_000 });
  const executor = threads({ pool });
  const raw = await rawWorkers(2);

  // Warm-up: workers started, task modules loaded through tsx, every path compiled.
  const small = xs.slice(0, 5_000);
  const want = await run(cpuJob, xs);
  check('warm local', await run(cpuJob, small, { executor }), await run(cpuJob, small));
  await raw.sum(small, CPU_ROUNDS);
  const info = await describeRun(cpuJob, xs, executor);
  check('threads', info.value, want);
  check('hand-written', await raw.sum(xs, CPU_ROUNDS), want);

  const series = [
    new Series('local()', N, () => run(cpuJob, xs, { executor: local() })),
    new Series("threads, 2 workers, chunkSize 'auto'", N, () => run(cpuJob, xs, { executor })),
    new Series('hand-written: 2 worker threads, 1 slice each', N, () => raw.sum(xs, CPU_ROUNDS)),
  ];
  const waited = await waitForQuiet(QUICK ? 5_000 : 60_000);
  await interleave(series, QUICK ? 3 : 7, QUICK ? 0 : 3, QUICK ? 3 : 30);
  await executor.close();
  await pool.close();
  await raw.close();

  const [loc, thr, hand] = series as [Series, Series, Series];
  const speedup = ratioOf(loc, thr);
  const limit = ratioOf(loc, hand);
  const perItem = (loc.median * 1000) / N;
  const chunkItems = N / info.chunks;
  console.log(
    `\n## 1. CPU-bound map: ${N.toLocaleString('en')} items × ~${perItem.toFixed(1)} µs (hash loop, summed) — ${CORES} cores`,
  );
  console.log(
    `(waited ${(waited.waitedMs / 1000).toFixed(0)} s for a quiet machine: others at ${waited.others.toFixed(2)} cores when it started)`,
  );
  console.log(table(SERIES_HEAD, seriesRows(series, loc)));
  console.log(
    `auto plan: ${info.chunks} chunks of ~${Math.round(chunkItems)} items (~${((chunkItems * perItem) / 1000).toFixed(2)} ms of work each); main thread busy ${(info.mainBusy * 100).toFixed(1)}% of the run`,
  );
  console.log(
    `speedup threads/local: ${describeRatio(speedup)} (target ≥ 1.90×, limit 2.00×); hand-written: ${describeRatio(limit)}`,
  );
  console.log(noiseLine(series));
  const cpu = cpuRows(series);
  console.log(`\nCPU accounting (main-thread ticks from /proc/self/task, 10 ms resolution):`);
  console.log(table(CPU_HEAD, cpu.rows));
  const mainPerRun = thr.load.mainMs / thr.runs.length;
  const mainPerChunk = (mainPerRun / info.chunks) * 1000;
  console.log(
    `main thread: ${ms(mainPerRun)} ms of CPU per threads run, ${info.chunks} chunks (≤ ${mainPerChunk.toFixed(0)} µs per chunk, fixed costs included: sampling, planning)`,
  );
  emit({
    case: 'cpu',
    speedup: speedup.ratio,
    speedupAll: speedup.all,
    quiet: speedup.quiet !== undefined,
    limit: limit.ratio,
    perItemMicros: perItem,
    chunks: info.chunks,
    mainBusy: info.mainBusy,
    mainPerChunk,
    bound: cpu.bounds[1],
    boundHand: cpu.bounds[2],
    others: noiseOf(series),
  });
}

function noiseOf(series: readonly Series[]): number {
  const all = new Load();
  for (const s of series) {
    all.wallMs += s.load.wallMs;
    all.ownMs += s.load.ownMs;
    all.machineMs += s.load.machineMs;
  }
  return all.others;
}

// Case 1b: chunk sizes for the CPU-bound job, on one shared pool.
async function caseCpuSweep(): Promise<void> {
  const N = 100_000;
  const reps = QUICK ? 2 : 3;
  const xs = range(N);
  const pool = createPool({ workers: 2, idleTimeout: 120_000 });
  const want = await run(cpuJob, xs.slice(0, 5_000));
  const sizes = [50, 200, 1_000, 5_000, 12_500];
  const series = [
    new Series('local()', N, () => run(cpuJob, xs, { executor: local() })),
    new Series("threads({ pool }), 'auto'", N, () => pool.fold(cpuJob, xs)),
    ...sizes.map(
      (n) =>
        new Series(`threads({ pool }), chunkSize ${n}`, N, () =>
          pool.fold(cpuJob, xs, { chunkSize: n }),
        ),
    ),
  ];
  check('warm', await pool.fold(cpuJob, xs.slice(0, 5_000)), want);
  const waited = await waitForQuiet(QUICK ? 5_000 : 60_000);
  await interleave(series, reps, QUICK ? 0 : 2, QUICK ? reps : 10);
  await pool.close();
  console.log(
    `\n## 1b. CPU-bound map, chunk sizes on one 2-worker pool (${N.toLocaleString('en')} items, ~20 µs each) — ${CORES} cores`,
  );
  console.log(
    `(waited ${(waited.waitedMs / 1000).toFixed(0)} s for a quiet machine: others at ${waited.others.toFixed(2)} cores when it started)`,
  );
  console.log(table(SERIES_HEAD, seriesRows(series, series[0]!)));
  console.log(noiseLine(series));
  console.log(table(CPU_HEAD, cpuRows(series).rows));
  emit({
    case: 'cpu-sweep',
    local: series[0]!.median,
    rows: series.map((s) => ({ name: s.name, ms: s.median })),
    others: noiseOf(series),
  });
}

// ---------------------------------------------------------------------------------------------
// Case 2: tiny items, automatic chunking vs hand-picked sizes vs one task per item

async function caseTiny(): Promise<void> {
  const N = 200_000;
  const PER_ITEM_N = 20_000;
  const reps = QUICK ? 3 : 7;
  const xs = range(N);
  const pool: Pool = createPool({ workers: 2, idleTimeout: 120_000 });
  const sizes = [100, 300, 1_000, 3_000, 10_000, 30_000];

  const wantMap = xs.map((x) => tiny(x));
  const wantSum = await run(tinyJob, xs);
  let plan: ChunkPlan | undefined;
  const mapped = await pool.map(tiny, xs, { onPlan: (p) => (plan = p) });
  check('pool.map', JSON.stringify(mapped), JSON.stringify(wantMap));
  let foldChunks = 0;
  const folded = await pool.fold(tinyJob, xs, { onProgress: (p) => (foldChunks = p.chunks) });
  check('pool.fold', folded, wantSum);
  for (const n of sizes) await pool.map(tiny, xs.slice(0, 20_000), { chunkSize: n }); // warm

  const mapSeries = [
    new Series('xs.map(tiny) on this thread', N, async () => xs.map((x) => tiny(x))),
    new Series("pool.map, chunkSize 'auto'", N, () => pool.map(tiny, xs)),
    ...sizes.map(
      (n) => new Series(`pool.map, chunkSize ${n}`, N, () => pool.map(tiny, xs, { chunkSize: n })),
    ),
  ];
  const foldSeries = [
    new Series('local()', N, () => run(tinyJob, xs, { executor: local() })),
    new Series("pool.fold (threads), 'auto'", N, () => pool.fold(tinyJob, xs)),
    ...sizes.map(
      (n) =>
        new Series(`pool.fold (threads), chunkSize ${n}`, N, () =>
          pool.fold(tinyJob, xs, { chunkSize: n }),
        ),
    ),
  ];
  const waited = await waitForQuiet(QUICK ? 5_000 : 60_000);
  await interleave(mapSeries, reps, QUICK ? 0 : 3, QUICK ? reps : 25);
  await interleave(foldSeries, reps, QUICK ? 0 : 3, QUICK ? reps : 25);

  // One task per item: piscina directly (its own 2 threads, our tiny worker file), and
  // pool.map with chunkSize 1 (the same through polyfold's scheduler), on the first 20 000.
  const piscina = new Piscina({
    filename: here('./parallel-worker.mjs').href,
    minThreads: 2,
    maxThreads: 2,
  });
  const few = xs.slice(0, PER_ITEM_N);
  await Promise.all(few.slice(0, 2_000).map((x) => piscina.run(x)));
  const perItem = [
    new Series('piscina.run(x) per item, all queued at once', PER_ITEM_N, () =>
      Promise.all(few.map((x) => piscina.run(x) as Promise<number>)),
    ),
    new Series('pool.map, chunkSize 1', PER_ITEM_N, () => pool.map(tiny, few, { chunkSize: 1 })),
    new Series("pool.map, chunkSize 'auto' (all 200 000)", N, () => pool.map(tiny, xs)),
  ];
  check(
    'piscina',
    JSON.stringify(await perItem[0]!.run()),
    JSON.stringify(wantMap.slice(0, PER_ITEM_N)),
  );
  await interleave(perItem, QUICK ? 2 : 3);
  await piscina.close();
  await pool.close();

  const perItemMicros = (mapSeries[0]!.median * 1000) / N;
  console.log(
    `\n## 2. ${N.toLocaleString('en')} tiny items (~${perItemMicros.toFixed(2)} µs each), one 2-worker pool — ${CORES} cores`,
  );
  console.log(
    `(waited ${(waited.waitedMs / 1000).toFixed(0)} s for a quiet machine: others at ${waited.others.toFixed(2)} cores when it started)`,
  );
  console.log(
    `auto plan (pool.fold): ${foldChunks} chunks of ~${Math.round(N / foldChunks)} items; auto plan (pool.map): ${plan?.chunkSize} items per chunk (measured work ${plan?.workMicros.toFixed(3)} µs/item, copy ${plan?.copyMicros.toFixed(3)} µs/item; advice: ${plan?.advice ?? 'none'})`,
  );
  const sweep = (title: string, series: Series[]) => {
    console.log(`\n${title}`);
    console.log(table(SERIES_HEAD, seriesRows(series, series[0]!)));
    // Quiet medians when every threaded variant has enough quiet runs, else all runs.
    const quiet = series.slice(1).every((x) => x.quietMedian() !== undefined);
    const t = (x: Series): number => (quiet ? x.quietMedian()! : x.median);
    const auto = series[1]!;
    const best = series.slice(2).reduce((a, b) => (t(b) < t(a) ? b : a), series[2]!) as Series;
    const within = (t(auto) / t(best) - 1) * 100;
    console.log(
      `auto ${ms(t(auto))} ms vs best hand-picked (${best.name.replace(/.*chunkSize /, '')}) ${ms(t(best))} ms (${quiet ? 'quiet runs' : 'all runs'}): auto is ${within >= 0 ? `${within.toFixed(1)}% slower` : `${(-within).toFixed(1)}% faster`} (target ≤ 10%)`,
    );
    console.log(noiseLine(series));
    return { within, best: best.name, auto: t(auto), bestMs: t(best), quiet };
  };
  const m = sweep('pool.map (results copied back):', mapSeries);
  const f = sweep('pool.fold / threads (partial sums copied back):', foldSeries);
  console.log('\nOne task per item (throughput over the items each variant ran):');
  const [pisc, one, auto] = perItem as [Series, Series, Series];
  console.log(table(SERIES_HEAD, seriesRows(perItem, pisc)));
  const rPisc = ratioOf(pisc, auto).ratio;
  const rOne = ratioOf(one, auto).ratio;
  console.log(
    `auto pool.map throughput = ${rPisc.toFixed(0)}× one piscina task per item (target ≥ 50×), ${rOne.toFixed(0)}× pool.map with chunkSize 1`,
  );
  console.log(noiseLine(perItem));
  emit({
    case: 'tiny',
    mapWithin: m.within,
    foldWithin: f.within,
    mapBest: m.best,
    foldBest: f.best,
    chunkSize: plan?.chunkSize,
    vsPiscina: rPisc,
    vsChunk1: rOne,
    quiet: m.quiet && f.quiet,
    others: noiseOf([...mapSeries, ...foldSeries, ...perItem]),
  });
}

// ---------------------------------------------------------------------------------------------
// Case 3: copy-bound work

async function caseCopy(): Promise<void> {
  const N = 1_000_000;
  const reps = QUICK ? 9 : 31;
  const xs = range(N);
  const executor = threads({ workers: 2 });
  const forced = threads({ workers: 2, chunkSize: 50_000 });
  const pool = createPool({ workers: 2 });

  const workloads = [
    { title: 'x + 1', job: incJob },
    { title: '~0.1 µs of arithmetic (hashLoop, 60 rounds)', job: tenthJob },
  ];
  const results: Row[] = [];
  for (const { title, job } of workloads) {
    const want = await run(job, xs);
    const info = await describeRun(job, xs, executor);
    check('threads', info.value, want);
    check('forced', await run(job, xs, { executor: forced }), want);
    const series = [
      new Series('local()', N, () => run(job, xs, { executor: local() })),
      new Series("threads({ workers: 2 }), 'auto'", N, () => run(job, xs, { executor })),
      new Series('threads, chunkSize 50 000 (ships regardless)', N, () =>
        run(job, xs, { executor: forced }),
      ),
    ];
    for (const x of series) await x.once(); // warm, then forget
    for (const x of series) x.reset();
    // local() and 'auto' alternate on their own: the shipping variant leaves garbage behind,
    // and whichever run allocates next (the planner does, local() does not) would pay for it.
    await interleave(series.slice(0, 2), reps);
    await interleave(series.slice(2), QUICK ? 3 : 5);
    const [loc, thr] = series as [Series, Series];
    const ratio = loc.median / thr.median;
    console.log(
      `\n## 3. Copy-bound: ${title} over ${N.toLocaleString('en')} numbers, summed — ${CORES} cores`,
    );
    console.log(`threads 'auto' ran ${info.mode}: ${info.reason ?? `${info.chunks} chunks`}`);
    console.log(table(SHORT_HEAD, seriesRows(series, loc, false)));
    console.log(
      `threads 'auto' runs at ${x2(ratio)} of local (target ≥ 0.95×); local: ${((loc.median * 1e6) / N).toFixed(1)} ns per item`,
    );
    console.log(noiseLine(series));
    results.push({
      title,
      ratio,
      mode: info.mode,
      nsPerItem: (loc.median * 1e6) / N,
      others: noiseOf(series),
    });
  }

  let plan: ChunkPlan | undefined;
  await pool.map(inc, xs, { onPlan: (p) => (plan = p) });
  const mapSeries = [
    new Series('xs.map(inc)', N, async () => xs.map((x) => inc(x))),
    new Series("pool.map(inc, xs), 'auto' (falls back)", N, () => pool.map(inc, xs)),
  ];
  for (const x of mapSeries) await x.once();
  for (const x of mapSeries) x.reset();
  await interleave(mapSeries, QUICK ? 5 : 11);
  await executor.close();
  await forced.close();
  await pool.close();
  console.log(
    `\n### pool.map on the same data (plan: work ${plan?.workMicros.toFixed(3)} µs/item, copy ${plan?.copyMicros.toFixed(3)} µs/item; advice: ${plan?.advice ?? 'none'})`,
  );
  console.log(table(SHORT_HEAD, seriesRows(mapSeries, mapSeries[0]!, false)));
  console.log(noiseLine(mapSeries));
  emit({
    case: 'copy',
    workloads: results,
    mapRatio: mapSeries[0]!.median / mapSeries[1]!.median,
  });
}

// ---------------------------------------------------------------------------------------------
// Case 4: streaming from an async source, memory

interface Rec {
  id: number;
  v: number;
  tag: string;
}
async function* records(n: number): AsyncGenerator<Rec> {
  for (let i = 0; i < n; i++) yield { id: i, v: i % 1000, tag: 'rec' };
}

/** Samples `process.memoryUsage.rss()` every 20 ms from its own thread (the main one may be busy). */
function rssSampler(): { reset(): void; peak(): number; samples(): number; stop(): Promise<void> } {
  const shared = new Float64Array(new SharedArrayBuffer(16));
  const code = `
    const { workerData } = require('node:worker_threads');
    const f = new Float64Array(workerData);
    setInterval(() => {
      const r = process.memoryUsage.rss();
      if (r > f[0]) f[0] = r;
      f[1]++;
    }, 20);`;
  const w = new Worker(code, { eval: true, workerData: shared.buffer, execArgv: [] });
  w.unref();
  return {
    reset() {
      shared[0] = process.memoryUsage.rss();
      shared[1] = 0;
    },
    peak: () => Math.max(shared[0]!, process.memoryUsage.rss()),
    samples: () => shared[1]!,
    stop: async () => {
      await w.terminate();
    },
  };
}

interface StreamSpec {
  readonly n: number;
  readonly job: Job<Rec, number>;
  readonly jobLabel: string;
  /** undefined: local(); 'auto' or a number: threads({ workers: 2, chunkSize }). */
  readonly chunkSize?: 'auto' | number;
}
const WORK = 'map(recordWork) ~1 µs/record';
const HEAVY = 'map(recordHeavy) ~5 µs/record';
const STREAMS: Record<string, StreamSpec> = {
  'stream-heavy-auto': { n: 3_000_000, job: recordHeavyJob, jobLabel: HEAVY, chunkSize: 'auto' },
  'stream-auto': { n: 3_000_000, job: recordJob, jobLabel: WORK, chunkSize: 'auto' },
  'stream-1000': { n: 3_000_000, job: recordJob, jobLabel: WORK, chunkSize: 1_000 },
  'stream-10000': { n: 3_000_000, job: recordJob, jobLabel: WORK, chunkSize: 10_000 },
  'stream-10000-300k': { n: 300_000, job: recordJob, jobLabel: WORK, chunkSize: 10_000 },
  'stream-local': { n: 3_000_000, job: recordJob, jobLabel: WORK },
};
/** The same, from the built package in plain node (bench/parallel-dist.mjs), when dist/ exists. */
const DIST_STREAMS: Record<string, { n: number; chunkSize: 'auto' | number }> = {
  'stream-dist-1000': { n: 3_000_000, chunkSize: 1_000 },
  'stream-dist-10000': { n: 3_000_000, chunkSize: 10_000 },
};

const executorLabel = (chunkSize: 'auto' | number | undefined): string =>
  chunkSize === undefined
    ? 'local()'
    : chunkSize === 'auto'
      ? "threads, 2 workers, 'auto'"
      : `threads, 2 workers, chunkSize ${chunkSize.toLocaleString('en')}`;

async function caseStream(name: string): Promise<void> {
  const spec = STREAMS[name]!;
  // The executor's pool, given explicitly so the warm-up can start both workers even when
  // 'auto' would run the small warm-up input on this thread: the baseline includes them.
  const pool = spec.chunkSize === undefined ? undefined : createPool({ workers: 2 });
  const executor =
    pool === undefined ? undefined : threads({ pool, chunkSize: spec.chunkSize ?? 'auto' });
  const sampler = rssSampler();
  const describe = async (n: number) =>
    executor
      ? describeRun(spec.job, records(n), executor)
      : { value: await run(spec.job, records(n)), mode: 'local()', chunks: 0, items: n };
  // Warm: workers up, modules loaded, code compiled.
  if (pool) await pool.fold(spec.job, records(20_000), { chunkSize: 1_000 });
  await describe(20_000);
  await new Promise((r) => setTimeout(r, 200));
  const baseline = process.memoryUsage.rss();
  sampler.reset();
  const a = snap();
  const result = await describe(spec.n);
  const b = snap();
  const peak = sampler.peak();
  const samples = sampler.samples();
  await executor?.close();
  await pool?.close();
  await sampler.stop();
  const load = new Load();
  load.add(a, b);
  emit({
    case: name,
    source: 'TS sources (tsx)',
    n: spec.n,
    job: spec.jobLabel,
    executor: executorLabel(spec.chunkSize),
    mode: result.mode,
    chunks: result.chunks,
    reason: (result as { reason?: string }).reason,
    value: result.value,
    ms: b.t - a.t,
    baselineMiB: baseline / MiB,
    peakMiB: peak / MiB,
    maxRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB,
    samples,
    others: load.others,
  });
}

// ---------------------------------------------------------------------------------------------
// Parent: one process per case, then the summary

type Row = Record<string, any>;

function runChild(name: string): Row[] {
  const script = fileURLToPath(import.meta.url);
  const before = loadavg()[0]!;
  const dist = DIST_STREAMS[name];
  const args = dist
    ? [fileURLToPath(here('./parallel-dist.mjs')), String(dist.n), String(dist.chunkSize)]
    : [...process.execArgv, script, ...process.argv.slice(2)];
  const child = spawnSync(process.execPath, args, {
    env: { ...process.env, [CASE_ENV]: name },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * MiB,
  });
  const results: Row[] = [];
  for (const line of child.stdout.split('\n')) {
    if (line.startsWith(RESULT)) results.push(JSON.parse(line.slice(RESULT.length)));
    else if (line.length) console.log(line);
  }
  if (child.status !== 0) console.log(`(case ${name} failed with status ${child.status})`);
  console.log(
    `load average (1 min) before/after: ${before.toFixed(2)} / ${loadavg()[0]!.toFixed(2)}`,
  );
  return results;
}

function runPython(): Row | undefined {
  const script = fileURLToPath(here('./parallel_mp.py'));
  const child = spawnSync('python3', [script, '--json', ...(QUICK ? ['--quick'] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
  if (child.status !== 0 || !line) {
    console.log(`(python3 bench/parallel_mp.py failed with status ${child.status})`);
    return undefined;
  }
  return JSON.parse(line);
}

const HAS_DIST = existsSync(fileURLToPath(here('../dist/parallel/index.js')));
const CASES = [
  'cpu',
  'cpu-sweep',
  'tiny',
  'copy',
  ...Object.keys(STREAMS),
  ...(HAS_DIST ? Object.keys(DIST_STREAMS) : []),
  'python',
];

async function parent(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const cases = CASES.filter((c) => wanted.length === 0 || wanted.some((w) => c.startsWith(w)));
  console.log(
    `# polyfold/parallel on ${CORES} cores (os.availableParallelism()), Node ${process.version}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}${QUICK ? ' — QUICK mode: fewer repetitions' : ''}`,
  );
  const results: Row[] = [];
  for (const c of cases) {
    if (c === 'python') continue;
    results.push(...runChild(c));
  }
  const streams = results.filter((r) => r.case.startsWith('stream'));
  if (streams.length) {
    console.log(
      `\n## 4. Streaming records { id, v, tag } from an async generator — ${CORES} cores (one process per row)`,
    );
    console.log(
      table(
        [
          'run from',
          'executor',
          'job',
          'records',
          'ran as',
          'chunks',
          'ms',
          'baseline MiB',
          'peak RSS MiB',
          'ru_maxrss MiB',
          'samples',
          'others',
        ],
        streams.map((r) => [
          r.source,
          r.executor,
          r.job,
          r.n.toLocaleString('en'),
          r.mode,
          String(r.chunks),
          ms(r.ms),
          r.baselineMiB.toFixed(1),
          r.peakMiB.toFixed(1),
          r.maxRssMiB.toFixed(1),
          String(r.samples),
          r.others === null ? '–' : r.others.toFixed(2),
        ]),
      ),
    );
    for (const r of streams) if (r.reason) console.log(`${r.case}: ${r.reason}`);
    const byJob = new Map<string, unknown>();
    for (const r of streams) {
      if (r.n !== 3_000_000) continue;
      const prev = byJob.get(r.job);
      if (prev !== undefined && prev !== r.value)
        console.log(`RESULT MISMATCH for ${r.job}: ${prev} vs ${r.value}`);
      byJob.set(r.job, r.value);
    }
  }
  let py: Row | undefined;
  if (cases.includes('python')) {
    py = runPython();
    if (py) printPython(py);
  }
  summary(results, py);
}

function printPython(py: Row): void {
  console.log(
    `\n## 5. Python ${py.python} multiprocessing.Pool (${py.start_method}), ${py.cores} cores (os.cpu_count()), same hash loop`,
  );
  console.log(
    table(
      ['workload', 'variant', 'items', 'median ms', 'min–max ms', 'µs/item', '× sequential'],
      (py.rows as Row[]).map((r) => [
        r.workload,
        r.variant,
        r.items.toLocaleString('en'),
        ms(r.median_ms),
        `${ms(r.min_ms)}–${ms(r.max_ms)}`,
        ((r.median_ms * 1000) / r.items).toFixed(3),
        x2(r.speedup),
      ]),
    ),
  );
  console.log(
    `pool start-up (Pool(2) + first map): ${ms(py.startup_ms)} ms; ${py.rounds_20us} rounds ≈ 20 µs in Python vs ${CPU_ROUNDS} rounds in V8`,
  );
  // The same arithmetic gives the same numbers: a check that the workloads are the same.
  let ts = 0;
  for (let i = 0; i < py.check_items; i++) ts += hashLoop(i, CPU_ROUNDS);
  console.log(
    `same-arithmetic check: Σ hashLoop(i, ${CPU_ROUNDS}) for i < ${py.check_items}: Python ${py.check_sum}, TypeScript ${ts} (${ts === py.check_sum ? 'equal' : 'DIFFERENT'})`,
  );
}

function summary(results: Row[], py: Row | undefined): void {
  const get = (c: string) => results.find((r) => r.case === c);
  const lines: string[][] = [];
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const cpu = get('cpu');
  if (cpu)
    lines.push([
      '1. CPU-bound speedup, 2 workers',
      '≥ 1.90×',
      `${x3(cpu.speedup)} ${cpu.quiet ? 'quiet runs' : 'all runs'} (hand-written ${x3(cpu.limit)}; CPU bound ${x2(cpu.bound)})`,
      verdict(cpu.speedup >= 1.9),
      cpu.others.toFixed(2),
    ]);
  const tinyR = get('tiny');
  if (tinyR) {
    lines.push([
      "2a. 'auto' vs best hand-picked (pool.map)",
      '≤ 10% slower',
      `${tinyR.mapWithin.toFixed(1)}% (best ${tinyR.mapBest.replace(/.*chunkSize /, '')}; ${tinyR.quiet ? 'quiet runs' : 'all runs'})`,
      verdict(tinyR.mapWithin <= 10),
      tinyR.others.toFixed(2),
    ]);
    lines.push([
      "2b. 'auto' vs best hand-picked (threads fold)",
      '≤ 10% slower',
      `${tinyR.foldWithin.toFixed(1)}% (best ${tinyR.foldBest.replace(/.*chunkSize /, '')}; ${tinyR.quiet ? 'quiet runs' : 'all runs'})`,
      verdict(tinyR.foldWithin <= 10),
      tinyR.others.toFixed(2),
    ]);
    lines.push([
      "2c. 'auto' vs one piscina task per item",
      '≥ 50×',
      `${tinyR.vsPiscina.toFixed(1)}×`,
      verdict(tinyR.vsPiscina >= 50),
      tinyR.others.toFixed(2),
    ]);
  }
  const copy = get('copy');
  if (copy)
    for (const w of copy.workloads as Row[])
      lines.push([
        `3. copy-bound (${w.title.replace(/ \(.*/, '')}): threads / local`,
        '≥ 0.95×',
        `${x3(w.ratio)} (ran ${w.mode})`,
        verdict(w.ratio >= 0.95),
        w.others.toFixed(2),
      ]);
  for (const r of results.filter((x) => x.case.startsWith('stream') && x.n === 3_000_000)) {
    if (r.case === 'stream-local') continue;
    lines.push([
      `4. stream 3M records: ${r.executor}, ${r.job.replace(/ .*/, '')}, ${r.source}`,
      '< 250 MiB',
      `peak ${r.peakMiB.toFixed(0)} MiB (baseline ${r.baselineMiB.toFixed(0)}, ran ${r.mode})`,
      verdict(r.peakMiB < 250),
      r.others === null ? '–' : r.others.toFixed(2),
    ]);
  }
  if (py && cpu) {
    const g = (py.rows as Row[]).find((r) => r.workload === 'cpu ~20 µs/item' && r.best_pool);
    if (g)
      lines.push([
        '5. Python Pool(2) speedup, same granularity',
        '(comparison)',
        `${x2(g.speedup)} vs polyfold ${x2(cpu.speedup)}`,
        '–',
        '',
      ]);
  }
  console.log(`\n## Summary — ${CORES} cores (os.availableParallelism())`);
  console.log(table(['target', 'goal', 'measured', 'verdict', 'others (cores)'], lines));
}

// ---------------------------------------------------------------------------------------------

const which = process.env[CASE_ENV];
if (which === undefined) await parent();
else if (which === 'cpu') await caseCpu();
else if (which === 'cpu-sweep') await caseCpuSweep();
else if (which === 'tiny') await caseTiny();
else if (which === 'copy') await caseCopy();
else if (which in STREAMS) await caseStream(which);
else throw new Error(`unknown case ${which}`);
