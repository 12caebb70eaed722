/**
 * Issue 13's figures: a word count with millions of distinct keys on `threads({ workers: 2 })`,
 * combined in memory at the caller (the ceiling this issue removes) against written as P = 4
 * partitions (map → shuffle → reduce in the workers). Every run is a fresh process; the two
 * variants alternate; each prints its wall time and the caller's peak RSS (sampled every
 * 20 ms, and the kernel's high-water mark); the table gives medians and the spread
 * (min–max), next to how busy the rest of the machine was.
 *
 * The input: a text file of N words with N / 2 distinct ones (`w0 … w<N/2-1>`, each twice,
 * ten to a line), written once to the OS temp directory.
 *
 * Run: `npm run bench -- shuffle` (or `npx tsx bench/shuffle.bench.ts [--quick] [--words N]`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flatMap, folds, map, pipeline } from '../src/functional/index.js';
import { readOutput, run, textFile, threads } from '../src/parallel/index.js';
import { lower, tokenize } from '../test/parallel/fixtures/jobs.js';

const QUICK = process.argv.includes('--quick');
const arg = process.argv.indexOf('--words');
const WORDS = arg > 0 ? Number(process.argv[arg + 1]) : QUICK ? 1_000_000 : 6_000_000;
const ROUNDS = QUICK ? 1 : 3;
const RESULT = 'RESULT ';
const MiB = 1024 * 1024;
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

/** Busy ticks of the whole machine (USER_HZ = 100), from /proc/stat. */
function machineTicks(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] = f.map(Number);
  return user + nice + system + irq + softirq;
}

async function child(which: 'in-memory' | 'partitioned'): Promise<void> {
  // RSS is the whole process (worker threads included); the main thread's own heap is what
  // the caller holds.
  let peak = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  let heapPeak = heap0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  }, 20);
  const before = process.memoryUsage().rss;
  const executor = threads({ workers: 2 });
  const out = join(tmpdir(), `polyfold-shuffle-bench-out-${process.pid}`);
  const ticks0 = machineTicks();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let keys: number;
  if (which === 'in-memory') {
    const counts = await run(wordCount, textFile(input), { executor });
    keys = counts.size;
  } else {
    const manifest = await run(wordCount, textFile(input), {
      executor,
      output: { dir: out, partitions: 4, overwrite: true },
    });
    keys = manifest.keys;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const wall = ms;
  const others = Math.max(
    0,
    ((machineTicks() - ticks0) * 10 - (cpu.user + cpu.system) / 1000) / wall,
  );
  clearInterval(sampler);
  await executor.close();
  if (which === 'partitioned') {
    // Read back once, to check the output (not timed).
    let n = 0;
    for await (const _ of readOutput(out)) n++;
    if (n !== keys) throw new Error(`read ${n} keys back, the manifest says ${keys}`);
    rmSync(out, { recursive: true, force: true });
  }
  const highWater = process.resourceUsage().maxRSS * 1024;
  console.log(
    RESULT +
      JSON.stringify({
        which,
        ms,
        keys,
        peakMiB: (Math.max(peak, highWater) - 0) / MiB,
        growthMiB: (peak - before) / MiB,
        heapMiB: (heapPeak - heap0) / MiB,
        others,
      }),
  );
}

interface Row {
  which: string;
  ms: number;
  keys: number;
  peakMiB: number;
  growthMiB: number;
  heapMiB: number;
  others: number;
}

function parent(): void {
  writeInput();
  const here = fileURLToPath(import.meta.url);
  const rows: Row[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const which of ['in-memory', 'partitioned']) {
      const res = spawnSync(
        process.execPath,
        ['--import', 'tsx', here, '--child', which, '--words', String(WORDS)],
        { encoding: 'utf8', maxBuffer: 1 << 26 },
      );
      const line = res.stdout.split('\n').find((l) => l.startsWith(RESULT));
      if (res.status !== 0 || line === undefined) {
        console.log(`(${which} failed with status ${res.status}: ${res.stderr.slice(-2000)})`);
        continue;
      }
      rows.push(JSON.parse(line.slice(RESULT.length)) as Row);
    }
  }
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0 ? Number.NaN : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
  };
  const fmt = (xs: number[], d = 0): string =>
    `${median(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})`;
  const mb = (statSync(input).size / 1e6).toFixed(1);
  console.log(
    `\n### shuffle: word count, ${WORDS.toLocaleString('en-US')} words (${(WORDS / 2).toLocaleString('en-US')} distinct, ${mb} MB), threads({ workers: 2 }), ${ROUNDS} fresh processes per variant, alternating`,
  );
  console.log(
    '| variant | ms, median (min–max) | caller peak RSS MiB | caller RSS growth MiB | others busy (cores) |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const which of ['in-memory', 'partitioned']) {
    const rs = rows.filter((r) => r.which === which);
    if (rs.length === 0) continue;
    console.log(
      `| ${which === 'in-memory' ? 'combined in memory at the caller' : 'output: { partitions: 4 }'} | ${fmt(rs.map((r) => r.ms))} | ${fmt(rs.map((r) => r.peakMiB))} | ${fmt(rs.map((r) => r.growthMiB))} | ${fmt(
        rs.map((r) => r.others),
        2,
      )} |`,
    );
  }
  const a = rows.filter((r) => r.which === 'in-memory').map((r) => r.ms);
  const b = rows.filter((r) => r.which === 'partitioned').map((r) => r.ms);
  if (a.length > 0 && b.length > 0) {
    console.log(
      `\npartitioned vs in-memory: ${(median(a) / median(b)).toFixed(2)}× (spread ${(Math.min(...a) / Math.max(...b)).toFixed(2)}–${(Math.max(...a) / Math.min(...b)).toFixed(2)}×); target ≥ 2×, caller RSS growth < 150 MiB (RSS here counts the worker threads too)`,
    );
  }
}

const c = process.argv.indexOf('--child');
if (c > 0) await child(process.argv[c + 1] as 'in-memory' | 'partitioned');
else parent();
