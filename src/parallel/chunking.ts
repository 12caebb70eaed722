/**
 * Automatic chunk sizes. A pool task costs a round trip (~20–65 µs here) plus copying its
 * data, so a chunk should carry ≥ 1 ms of work; and there should be several chunks per
 * worker so a slow one does not leave the others idle at the end. When copying an item
 * costs more than processing it, no parallel plan can win and the work runs locally.
 */
import { serialize } from 'node:v8';

/** How `chunkSize: 'auto'` decided to cut an input (reported through `onPlan`). */
export interface ChunkPlan {
  /** Items per chunk. */
  readonly chunkSize: number;
  /** True when shipping the data would cost more than the work: run on the calling thread. */
  readonly local: boolean;
  /** Measured cost of the work per item, in microseconds. */
  readonly workMicros: number;
  /** Measured cost of copying one item to a worker, in microseconds. */
  readonly copyMicros: number;
  /** Why this plan was chosen, for progress reports. */
  readonly reason: string;
}

export interface PlanInput {
  /** A sample of the input (the first items). */
  readonly sample: readonly unknown[];
  /** Runs the work on the sample on this thread, returning nothing; timed. */
  readonly work: (sample: readonly unknown[]) => void;
  /** Total number of items, when known. */
  readonly total?: number | undefined;
  readonly workers: number;
  /** Target work per chunk, in milliseconds (1 for threads, 25 for the cluster). */
  readonly targetMs: number;
  /** Milliseconds now (default `performance.now`); tests pass a clock the work advances. */
  readonly clock?: () => number;
}

type Clock = () => number;
const performanceNow: Clock = () => performance.now();

/** Work per chunk above which a known input is cut finer than ~8 chunks per worker, in ms. */
const MAX_CHUNK_MS = 100;

/** Main-thread time the planner may spend re-running a cheap sample, in milliseconds. */
const BUDGET_MS = 2;

/** A timing over the budget but under this (ms) is taken twice: it may hold a GC pause. */
const RECHECK_MS = 100;

/** Share of a known input's (estimated) work the planner may spend re-timing it. */
const BUDGET_SHARE = 0.05;

interface Repeat {
  /** A run already made, in ms. */
  readonly first?: number;
  /** Stop once this much time is spent (after 2 runs at least), or after `maxRuns`. */
  readonly budgetMs: number;
  readonly maxRuns: number;
}

/**
 * The fastest of repeated runs of `f`, in milliseconds. One run is not a measurement: the
 * first pays for compiling the job's loop and runs unoptimised code (10× the steady cost for
 * `x => x * 2`), and any run can absorb a GC pause — a 1 ms pause over a 256-item sample
 * reads as 4 µs per item, which once turned copy-bound work "parallel" on a loaded CI
 * machine. So cheap work is re-run until the budget is spent (enough runs for V8 to optimise
 * it) and the fastest run counts.
 */
function fastest(now: Clock, f: () => void, repeat: Repeat): number {
  let best = repeat.first ?? Number.POSITIVE_INFINITY;
  let spent = 0;
  for (let run = 0; run < repeat.maxRuns && (run < 2 || spent < repeat.budgetMs); run++) {
    const ms = once(now, f);
    best = Math.min(best, ms);
    spent += ms;
  }
  return best;
}

/** Times one run of `f`, in milliseconds. */
function once(now: Clock, f: () => void): number {
  const t0 = now();
  f();
  return now() - t0;
}

/**
 * Picks a chunk size by timing the work and the copy on a sample. The work runs on this
 * thread and its result is thrown away (stages and folds are pure): on a prefix of the sample
 * that grows until it costs a couple of milliseconds, so costly items are timed on a few.
 * A first, cold timing can only overestimate the work, so a verdict of "run locally" drawn
 * from it stands; a verdict of "ship it" is checked by re-timing — within a budget that is a
 * small share of the input's work, so planning never costs more than the work it plans.
 */
export function planChunks(input: PlanInput): ChunkPlan {
  const { sample, workers, targetMs, total } = input;
  if (sample.length === 0) {
    return { chunkSize: 1, local: true, workMicros: 0, copyMicros: 0, reason: 'empty input' };
  }
  if (workers <= 1) {
    return {
      chunkSize: total ?? sample.length,
      local: true,
      workMicros: 0,
      copyMicros: 0,
      reason: 'one worker cannot beat this thread: running locally',
    };
  }
  const now = input.clock ?? performanceNow;
  let timed = sample.slice(0, 1);
  let cold = once(now, () => input.work(timed));
  for (;;) {
    // A run that crossed the budget on a short prefix may have caught a GC pause: a 4 ms pause
    // read as 4 ms an item once cut a 2 s job into 4 000 chunks. Taken again before it counts
    // (not when it is long enough that a pause cannot matter).
    if (cold >= BUDGET_MS && cold < RECHECK_MS)
      cold = Math.min(
        cold,
        once(now, () => input.work(timed)),
      );
    if (cold >= BUDGET_MS || timed.length >= sample.length) break;
    timed = sample.slice(0, Math.min(timed.length * 4, sample.length));
    cold = once(now, () => input.work(timed));
  }
  const perItem = (ms: number, n: number): number => Math.max((ms * 1000) / n, 0.001);
  const coldMicros = perItem(cold, timed.length);

  // The whole input under one chunk of work: no worker can pay back its round trip.
  const small = (micros: number): ChunkPlan | undefined =>
    total !== undefined && (micros * total) / 1000 < targetMs
      ? {
          chunkSize: Math.max(1, total),
          local: true,
          workMicros: micros,
          copyMicros: 0,
          reason: `the whole input is under ${targetMs} ms of work (${total} items at ${micros.toFixed(3)} µs): running locally`,
        }
      : undefined;
  const smallCold = small(coldMicros);
  if (smallCold) return smallCold;

  let copyMicros: number;
  try {
    // Re-run too: a pause must not make data look dear to ship.
    const copyMs = fastest(now, () => serialize(sample), { budgetMs: BUDGET_MS / 4, maxRuns: 3 });
    copyMicros = perItem(copyMs, sample.length);
  } catch (error) {
    // Functions, symbols…: this input cannot reach a worker at all, but can be processed here.
    return {
      chunkSize: sample.length,
      local: true,
      workMicros: coldMicros,
      copyMicros: Number.POSITIVE_INFINITY,
      reason: `the input cannot be copied to a worker (${error instanceof Error ? error.message : String(error)}): running locally`,
    };
  }
  // Copying each item twice (there and back, roughly) must cost less than the work saved.
  const copyBound = (micros: number): ChunkPlan | undefined =>
    copyMicros * 2 >= micros * (1 - 1 / workers)
      ? {
          chunkSize: total ?? sample.length,
          local: true,
          workMicros: micros,
          copyMicros,
          reason: `work ${micros.toFixed(3)} µs/item vs copy ${copyMicros.toFixed(3)} µs/item: shipping costs more than the work, running locally`,
        }
      : undefined;
  const boundCold = copyBound(coldMicros);
  if (boundCold) return boundCold;

  // Slow work is measured well enough by one run: noise only ever makes work look dearer.
  let workMicros = coldMicros;
  if (cold < BUDGET_MS) {
    const budgetMs =
      total === undefined
        ? BUDGET_MS
        : Math.min(BUDGET_MS, ((coldMicros * total) / 1000) * BUDGET_SHARE);
    const ms = fastest(now, () => input.work(timed), {
      first: cold,
      budgetMs,
      maxRuns: 500,
    });
    workMicros = perItem(ms, timed.length);
    const verdict = small(workMicros) ?? copyBound(workMicros);
    if (verdict) return verdict;
  }

  const perChunk = Math.ceil((targetMs * 1000) / workMicros);
  let chunkSize = Math.max(1, perChunk);
  if (total !== undefined) {
    // A known input is cut into ~8 chunks per worker (load balance) but never below the
    // target: the main thread spends ~0.1 ms per chunk, so thousands of 1 ms chunks keep it
    // busy enough to slow the workers down on a machine with few cores (measured: 1.57x
    // with 2 000 chunks of 1 ms against 1.93x for one slice per worker). Nor above
    // ~100 ms of work: a chunk is the unit of progress reports, of aborts and of retries
    // (a worker that dies loses its chunk), and larger ones buy nothing measurable.
    const cap = Math.ceil((Math.max(MAX_CHUNK_MS, targetMs * 4) * 1000) / workMicros);
    chunkSize = Math.max(chunkSize, Math.min(Math.ceil(total / (workers * 8)), cap));
    // A whole number of rounds: 21 chunks on 2 workers leave one worker a chunk alone at
    // the end; 22 slightly smaller ones do not (bench/parallel.bench.ts cpu, 2 cores:
    // 1.91× with 21 chunks, 1.92× with 22 — within noise, but never worse).
    // More, smaller chunks when they still carry the target; else fewer, larger ones.
    const chunks = Math.ceil(total / chunkSize);
    if (chunks > workers && chunks % workers !== 0) {
      const more = Math.ceil(total / (Math.ceil(chunks / workers) * workers));
      const fewer = Math.ceil(total / (Math.floor(chunks / workers) * workers));
      chunkSize = more >= perChunk ? more : fewer;
    }
  }
  return {
    chunkSize,
    local: false,
    workMicros,
    copyMicros,
    reason: `work ${workMicros.toFixed(3)} µs/item: ${chunkSize} items per chunk`,
  };
}

/** A stream's chunk size, corrected by the workers' timings. */
export interface Sizer {
  /** The size for the next chunk. */
  readonly size: () => number;
  /** A chunk of `items` took a worker `micros` µs to fold. */
  observe(items: number, micros: number | undefined): void;
}

/**
 * Items per chunk a stream's chunks never grow past: a stream is read into memory a bounded
 * number of chunks ahead, so this bounds memory too (65 536 records of 100 bytes: ~6.5 MB a
 * chunk) whatever the work costs.
 */
export const MAX_STREAM_CHUNK = 65_536;

/**
 * Chunk sizes that move towards `targetMs` of work per chunk as workers report their
 * timings: at most ×4 up or ÷2 down per chunk, so a single odd chunk cannot swing it, yet a
 * bad start (chunks of 31 items where 30 000 were right) is fixed within a few chunks. Never
 * above MAX_STREAM_CHUNK items.
 */
export function sizer(initial: number, targetMs: number): Sizer {
  let current = Math.min(initial, MAX_STREAM_CHUNK);
  return {
    size: () => current,
    observe(items, micros) {
      if (micros === undefined || items === 0) return;
      const ideal = Math.ceil((targetMs * 1000 * items) / Math.max(micros, 1));
      const next = Math.min(current * 4, Math.max(Math.ceil(current / 2), ideal));
      current = Math.max(1, Math.min(next, MAX_STREAM_CHUNK));
    },
  };
}
