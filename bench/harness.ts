/**
 * A tiny benchmark harness that keeps the comparisons honest on a noisy, shared 2-core machine.
 *
 * - Every case runs in a fresh process, so JIT feedback from one case cannot help or hurt
 *   another, and a figure that only holds in a warm shared process does not count.
 * - The whole set of cases is run `rounds` times (default 5, `POLYFOLD_BENCH_ROUNDS`), the
 *   order alternating between rounds (forward, then backward), so a case and its peer are
 *   always measured close together in time and neither is systematically first.
 * - A ratio is taken inside each round (case ÷ peer, both measured in that round), and the
 *   row reports the median of those ratios and their spread (min–max): a burst of load from
 *   another process moves one round's pair, not the median.
 * - In a child, a case is calibrated, warmed up and sampled; its median sample is its figure.
 * - The 1-minute load average before and after each suite is printed: with other processes on
 *   the machine ("others busy"), spreads widen and figures should be read with that in mind.
 *
 * `POLYFOLD_BENCH_ONLY=text` runs only the suites whose name contains `text`.
 *
 * Set-up code runs at module top level (every child imports the file). Usage:
 *
 *   await suite('dispatch, 16 classes', { baseline: 'virtual call', goals: { polyfold: 1.2 } }, {
 *     'virtual call': () => { ... return one operation's worth of work ... },
 *     polyfold: () => { ... },
 *   });
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';

export type Case = () => unknown;
export type AsyncCase = () => Promise<unknown>;

export interface SuiteOptions {
  /** The case every ratio is relative to (the hand-written limit, "the peer"). */
  baseline: string;
  /** How many operations one call of a case performs (for ns/op). */
  opsPerCall?: number;
  /** Samples taken after warm-up in each child; the median is that child's figure. */
  samples?: number;
  /** Minimum time per sample, in milliseconds. */
  sampleMs?: number;
  /** Fresh-process rounds per case (default 5, or `POLYFOLD_BENCH_ROUNDS`). */
  rounds?: number;
  /** Goals as a maximum ratio to the baseline, by case name; the row says whether it is met. */
  goals?: Readonly<Record<string, number>>;
}

const CASE_ENV = 'POLYFOLD_BENCH_CASE';
const SUITE_ENV = 'POLYFOLD_BENCH_SUITE';

/**
 * The clock: wall time (`performance.now()`) by default; `POLYFOLD_BENCH_CLOCK=cpu` uses this
 * process's CPU time (`process.cpuUsage()`, all threads), which does not count the time the
 * scheduler gave to other processes — steadier when others keep the cores busy, but it also
 * counts GC helper threads, so it is not the same figure. The table says which was used.
 */
const CPU = process.env.POLYFOLD_BENCH_CLOCK === 'cpu';
const now: () => number = CPU
  ? () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    }
  : () => performance.now();

// Keeps results observable so the optimiser cannot delete the work being measured.
let sink: unknown;
export function blackhole(value: unknown): void {
  sink = value;
}

/** True in a harness child (one that measures a single case of a single suite). */
export const inChild = process.env[CASE_ENV] !== undefined;

function measure(fn: Case, opsPerCall: number, samples: number, sampleMs: number): number {
  // Calibrate how many calls fill one sample.
  let calls = 1;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < calls; i++) sink = fn();
    const dt = now() - t0;
    if (dt >= sampleMs / 4) {
      calls = Math.max(1, Math.ceil((calls * sampleMs) / Math.max(dt, 0.001)));
      break;
    }
    calls *= 2;
  }
  for (let w = 0; w < 3; w++) for (let i = 0; i < calls; i++) sink = fn();
  const results: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = now();
    for (let i = 0; i < calls; i++) sink = fn();
    results.push(((now() - t0) * 1e6) / (calls * opsPerCall));
  }
  return median(results);
}

async function measureAsync(fn: AsyncCase, opsPerCall: number, samples: number): Promise<number> {
  for (let i = 0; i < 3; i++) sink = await fn();
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = now();
    sink = await fn();
    times.push(((now() - t0) * 1e6) / opsPerCall);
  }
  return median(times);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Runs a suite: in the parent, spawns one child per case per round and prints a table; in a
 * child, measures the one case it was asked for and prints its median as JSON.
 */
export async function suite(
  name: string,
  options: SuiteOptions,
  cases: Record<string, Case>,
): Promise<void> {
  const only = process.env[CASE_ENV];
  if (only !== undefined) {
    if (process.env[SUITE_ENV] !== name) return;
    const fn = cases[only];
    if (!fn) throw new Error(`unknown case ${only}`);
    const ns = measure(fn, options.opsPerCall ?? 1, options.samples ?? 15, options.sampleMs ?? 40);
    process.stdout.write(`${JSON.stringify({ case: only, ns, sink: typeof sink })}\n`);
    return;
  }
  report(name, options, Object.keys(cases));
}

/**
 * `suite` for async cases: the same protocol (fresh processes, alternating rounds, ratios per
 * round), each call awaited; no calibration (one call is already long).
 */
export async function asyncSuite(
  name: string,
  options: SuiteOptions,
  cases: Record<string, AsyncCase>,
): Promise<void> {
  const only = process.env[CASE_ENV];
  if (only !== undefined) {
    if (process.env[SUITE_ENV] !== name) return;
    const fn = cases[only];
    if (!fn) throw new Error(`unknown case ${only}`);
    const ns = await measureAsync(fn, options.opsPerCall ?? 1, options.samples ?? 9);
    process.stdout.write(`${JSON.stringify({ case: only, ns, sink: typeof sink })}\n`);
    return;
  }
  report(name, options, Object.keys(cases));
}

function runChild(name: string, c: string): number | undefined {
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], {
    env: { ...process.env, [CASE_ENV]: c, [SUITE_ENV]: name },
    encoding: 'utf8',
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('{"case"'));
  if (child.status !== 0 || !line) {
    process.stderr.write(`case ${c} failed:\n${child.stderr}\n`);
    return undefined;
  }
  return (JSON.parse(line) as { ns: number }).ns;
}

function report(name: string, options: SuiteOptions, names: readonly string[]): void {
  // `POLYFOLD_BENCH_ONLY=substring` runs only the suites whose name contains it.
  const wanted = process.env.POLYFOLD_BENCH_ONLY;
  if (wanted && !name.includes(wanted)) return;
  const rounds = options.rounds ?? (Number(process.env.POLYFOLD_BENCH_ROUNDS) || 5);
  const base = options.baseline;
  if (!names.includes(base)) throw new Error(`suite ${name}: no baseline case ${base}`);
  const before = loadavg()[0]!;
  const ns = new Map<string, number[]>(names.map((c) => [c, []]));
  const ratios = new Map<string, number[]>(names.map((c) => [c, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    const got = new Map<string, number>();
    for (const c of order) {
      const v = runChild(name, c);
      if (v !== undefined) {
        got.set(c, v);
        ns.get(c)!.push(v);
      }
    }
    const b = got.get(base);
    if (b === undefined) continue;
    for (const [c, v] of got) ratios.get(c)!.push(v / b);
  }
  const after = loadavg()[0]!;
  console.log(`\n## ${name}`);
  console.log(
    `${rounds} rounds, a fresh process per case per round, order alternating, ${CPU ? 'CPU' : 'wall'} clock; ` +
      `loadavg(1 min) ${before.toFixed(2)} → ${after.toFixed(2)} on ${availableParallelism()} cores` +
      `${before > 1 || after > 2 ? ' (others busy)' : ''}`,
  );
  console.log(
    '| case | ns/op (median) | peer | × peer (median) | spread (min–max) | goal |\n' +
      '| --- | ---: | --- | ---: | ---: | --- |',
  );
  for (const c of names) {
    const rs = ratios.get(c)!;
    const times = ns.get(c)!;
    if (times.length === 0) {
      console.log(`| ${c} | failed | ${base} | – | – | – |`);
      continue;
    }
    const ratio = rs.length ? median(rs) : Number.NaN;
    const spread = rs.length ? `${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)}` : '–';
    const goal = options.goals?.[c];
    const verdict =
      goal === undefined ? '' : `≤ ${goal.toFixed(2)}× ${ratio <= goal ? 'met' : 'NOT met'}`;
    const peer = c === base ? '(peer)' : base;
    console.log(
      `| ${c} | ${median(times).toFixed(2)} | ${peer} | ${ratio.toFixed(2)} | ${spread} | ${verdict} |`,
    );
  }
}
