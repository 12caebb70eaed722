// The streaming-memory case of bench/parallel.bench.ts, run from the built package (dist/) in
// plain node, the way users run it: no tsx in the main thread nor in the workers, which from
// TypeScript sources load tsx and polyfold's .ts files (~40 MiB per thread here).
// This file is also the task module the workers import (JavaScript, so they need no loader).
//
// Run by the bench when dist/ exists; by hand: `npm run build && node bench/parallel-dist.mjs
// 3000000 1000`. Prints one RESULT line of JSON.
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { folds, map, pipeline, run } from '../dist/functional/index.js';
import { defineTasks, threads } from '../dist/parallel/index.js';

/** The same loop as hashLoop in parallel-tasks.ts. */
function hashLoop(x, rounds) {
  let h = x | 0;
  for (let i = 0; i < rounds; i++) h = (Math.imul(h ^ (h >>> 13), 0x5bd1e995) + i) | 0;
  return h & 0xff;
}

export const { recordWork } = defineTasks(import.meta.url, {
  recordWork: (r) => hashLoop(r.id ^ r.v, 600),
});
const recordJob = pipeline(map(recordWork)).fold(folds.sum());

async function* records(n) {
  for (let i = 0; i < n; i++) yield { id: i, v: i % 1000, tag: 'rec' };
}

async function main() {
  const n = Number(process.argv[2] ?? 3_000_000);
  const chunkSize = process.argv[3] === 'auto' ? 'auto' : Number(process.argv[3] ?? 1_000);
  const MiB = 1024 * 1024;
  // Peak RSS, sampled every 20 ms from a thread of its own (the main one may be busy).
  const shared = new Float64Array(new SharedArrayBuffer(16));
  const sampler = new Worker(
    `const { workerData } = require('node:worker_threads');
     const f = new Float64Array(workerData);
     setInterval(() => { const r = process.memoryUsage.rss(); if (r > f[0]) f[0] = r; f[1]++; }, 20);`,
    { eval: true, workerData: shared.buffer },
  );
  sampler.unref();
  const executor = threads({ workers: 2, chunkSize });
  await run(recordJob, records(20_000), { executor }); // warm
  await new Promise((r) => setTimeout(r, 200));
  const baseline = process.memoryUsage.rss();
  shared[0] = baseline;
  shared[1] = 0;
  let mode;
  let chunks = 0;
  const t0 = performance.now();
  const value = await run(recordJob, records(n), {
    executor,
    onProgress: (p) => {
      mode ??= p.mode;
      chunks = p.chunks;
    },
  });
  const ms = performance.now() - t0;
  const peak = Math.max(shared[0], process.memoryUsage.rss());
  await executor.close();
  await sampler.terminate();
  const result = {
    case: process.env.POLYFOLD_PARALLEL_BENCH_CASE ?? 'stream-dist',
    source: 'dist (plain node)',
    n,
    job: 'map(recordWork) ~1 µs/record',
    executor:
      chunkSize === 'auto'
        ? "threads, 2 workers, 'auto'"
        : `threads, 2 workers, chunkSize ${chunkSize.toLocaleString('en')}`,
    mode,
    chunks,
    value,
    ms,
    baselineMiB: baseline / MiB,
    peakMiB: peak / MiB,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    samples: shared[1],
    others: null,
    cores: availableParallelism(),
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
