/**
 * A tiny benchmark harness that keeps the comparisons honest on a noisy 2-core machine:
 * every case runs in a fresh process (so JIT feedback from one case cannot help or hurt
 * another), is warmed up, sampled many times, and reported as a median. The parent process
 * prints ns/op and the ratio of every case to the named baseline (the hand-written limit).
 *
 * Set-up code runs at module top level (every child imports the file). Usage:
 *
 *   await suite('dispatch, 16 classes', { baseline: 'virtual call' }, {
 *     'virtual call': () => { ... return one operation's worth of work ... },
 *     polyfold: () => { ... },
 *   }, { opsPerCall: 1024 });
 */
import { spawnSync } from 'node:child_process';

export type Case = () => unknown;

export interface SuiteOptions {
  /** The case every ratio is relative to (the hand-written limit). */
  baseline: string;
  /** How many operations one call of a case performs (for ns/op). */
  opsPerCall?: number;
  /** Samples taken after warm-up; the median is reported. */
  samples?: number;
  /** Minimum time per sample, in milliseconds. */
  sampleMs?: number;
}

const CASE_ENV = 'POLYFOLD_BENCH_CASE';
const SUITE_ENV = 'POLYFOLD_BENCH_SUITE';

// Keeps results observable so the optimiser cannot delete the work being measured.
let sink: unknown;
export function blackhole(value: unknown): void {
  sink = value;
}

function measure(fn: Case, opsPerCall: number, samples: number, sampleMs: number): number {
  // Calibrate how many calls fill one sample.
  let calls = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) sink = fn();
    const dt = performance.now() - t0;
    if (dt >= sampleMs / 4) {
      calls = Math.max(1, Math.ceil((calls * sampleMs) / Math.max(dt, 0.001)));
      break;
    }
    calls *= 2;
  }
  for (let w = 0; w < 3; w++) for (let i = 0; i < calls; i++) sink = fn();
  const results: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) sink = fn();
    results.push(((performance.now() - t0) * 1e6) / (calls * opsPerCall));
  }
  results.sort((a, b) => a - b);
  return results[results.length >> 1]!;
}

/**
 * Runs a suite: in the parent, spawns one child per case and prints a table; in a child,
 * measures the one case it was asked for and prints its median as JSON.
 */
export async function suite(
  name: string,
  options: SuiteOptions,
  cases: Record<string, Case>,
): Promise<void> {
  const opsPerCall = options.opsPerCall ?? 1;
  const samples = options.samples ?? 15;
  const sampleMs = options.sampleMs ?? 40;
  const only = process.env[CASE_ENV];
  if (only !== undefined) {
    if (process.env[SUITE_ENV] !== name) return;
    const fn = cases[only];
    if (!fn) throw new Error(`unknown case ${only}`);
    const ns = measure(fn, opsPerCall, samples, sampleMs);
    process.stdout.write(`${JSON.stringify({ case: only, ns, sink: typeof sink })}\n`);
    return;
  }
  const script = process.argv[1]!;
  const rows: { case: string; ns: number }[] = [];
  for (const c of Object.keys(cases)) {
    const child = spawnSync(process.execPath, [...process.execArgv, script], {
      env: { ...process.env, [CASE_ENV]: c, [SUITE_ENV]: name },
      encoding: 'utf8',
    });
    const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
    if (child.status !== 0 || !line) {
      process.stderr.write(`case ${c} failed:\n${child.stderr}\n`);
      continue;
    }
    rows.push(JSON.parse(line));
  }
  const base = rows.find((r) => r.case === options.baseline)?.ns;
  console.log(`\n## ${name}`);
  console.log(`| case | ns/op | × ${options.baseline} |\n| --- | ---: | ---: |`);
  for (const r of rows) {
    const ratio = base ? (r.ns / base).toFixed(2) : '–';
    console.log(`| ${r.case} | ${r.ns.toFixed(2)} | ${ratio} |`);
  }
}
