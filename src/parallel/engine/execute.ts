/**
 * The execution engine: one run of a job over a source, on any transport. This is the data
 * path of `threads()` and `cluster()`, top to bottom:
 *
 * 1. **Split or not.** A splittable job is cut into chunks, each folded from a fresh start in
 *    some worker. A job that is not (`take`, `takeWhile`) runs as one sequence: one worker
 *    folds the whole input in order, fed chunk by chunk, and says when it has enough.
 * 2. **Placement.** Stage functions and fold steps run in workers, never here; only the
 *    fold's `combine` and `done` of partial accumulators run on this thread. Running here is
 *    an explicit choice (`placement: 'auto'`): the first chunks are then folded here and
 *    timed, and the rest stays here when shipping would cost more than the work.
 * 3. **Sizing.** Chunk sizes are learned from the workers' timings (see sizing.ts).
 * 4. **Scheduling.** A bounded number of chunks in flight, a lost worker's chunk retried,
 *    abort (schedule.ts).
 * 5. **Combine** in chunk order, which the Fold laws make equal to one sequential fold, bit
 *    for bit; progress after every chunk.
 *
 * Every item is folded exactly once, unless its chunk is retried after a worker was lost.
 */
import {
  InvalidArgumentError,
  type Job,
  type JobRun,
  type OutputManifest,
  type OutputOptions,
  type OutputPartition,
  type Progress,
} from '../../functional/index.js';
import { AbortedError, TaskFailedError } from '../errors.js';
import type { MapTaskReply } from '../protocol.js';
import { keyedOps } from '../shuffle/keyed.js';
import { commitOutput, prepareOutput } from '../shuffle/output.js';
import type { Source } from '../source.js';
import { isAsyncIterable, isIterable, jobLabel } from '../source.js';
import { isTextFiles } from '../text-file.js';
import {
  closeQuietly,
  cutArray,
  cutAsync,
  cutFiles,
  cutIterable,
  numbered,
  type SizeOf,
} from './cut.js';
import { bytesOf, type EngineChunk, itemsOf } from './input.js';
import { RemoteTaskError, schedule } from './schedule.js';
import { ChunkSizer, type SizingOptions, shippingAdvice } from './sizing.js';
import type { ChunkResult, Transport } from './transport.js';

/** Where user code may run: only in workers (default), or here too when that is faster. */
export type Placement = 'workers' | 'auto';

/** Progress of an engine run (what `threads()` and `cluster()` report, less their extras). */
export interface EngineProgress extends Progress {
  /** Chunks combined so far (same as `chunks`). */
  readonly done: number;
  readonly elapsedMs: number;
  /** Where the chunks run: in workers, or on this thread (`placement: 'auto'` chose it). */
  readonly mode: 'workers' | 'local';
  /** Why the run is shaped as it is (not splittable, running here…). */
  readonly reason?: string;
  /**
   * Set once the workers' timings show that shipping costs more than the work: what would
   * be faster. Advice only: the run stays where the executor put it.
   */
  readonly advice?: string;
}

/** How the engine runs one job (the executor's options, checked). */
export interface EngineSpec<A, R> {
  /** Names the executor in errors. */
  readonly executor: string;
  readonly placement: Placement;
  /** Items per chunk, or 'auto' (learned). Ignored for text files (byte ranges are learned). */
  readonly chunkSize: 'auto' | number;
  /**
   * The job as a worker runs it (its tasks given the run's context), for `placement: 'auto'`
   * only: nothing else runs the job on this thread.
   */
  readonly here?: () => Promise<Job<A, R>>;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((p: EngineProgress) => void) | undefined;
  /** Milliseconds now (tests pass their own). */
  readonly clock?: () => number;
  /**
   * What earlier runs of this job on this executor learnt, kept by the executor and updated
   * by the run: work per item and per byte of text, in µs (see `SizingOptions.prior`).
   */
  readonly learned?: Learned | undefined;
  /**
   * Write the keyed fold's result as partitions (map → shuffle → reduce) and resolve to the
   * manifest instead of the result: see docs/parallel.md, "When the result is too big".
   */
  readonly output?: OutputOptions | undefined;
}

/** Work per unit that runs of one job on one executor measured, in µs (items, text bytes). */
export interface Learned {
  items?: number;
  bytes?: number;
}

/** Work per chunk sizes never aim above, in ms. */
const MAX_CHUNK_MS = 100;
/** The first byte range of a text file: small, so its timing comes back soon. */
const FIRST_BYTES = 64 * 1024;
/** Items folded between two looks at the signal when a run stays on this thread. */
const SLICE_ITEMS = 65_536;
/** While a run stays on this thread, it lets the event loop turn this often, in ms. */
const TURN_MS = 8;
/** Time `placement: 'auto'` may spend folding and timing the first chunks here, in ms. */
const MEASURE_MS = 2;
/** Share of a known input's estimated work that `placement: 'auto'` may spend timing it. */
const MEASURE_SHARE = 0.05;
/** Items copying is priced on, at most. */
const PRICE_SAMPLE = 1024;
/** Chunks the advice is drawn from, at most (the copy is priced on the first only). */
const MAX_PRICINGS = 8;
/** Items in a chunk whose timing prices the work for the advice. */
const PRICE_AT = 256;

const now = (): number => performance.now();
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Checks that `source` is something the engine can cut (before anything is opened). */
export function checkSource(executor: string, source: unknown): void {
  if (isTextFiles(source) || isIterable(source) || isAsyncIterable(source)) return;
  throw new InvalidArgumentError(
    executor,
    'source',
    'an iterable, an async iterable or textFile(…)',
    source,
  );
}

/** Runs `job` over `source` through `transport`; resolves to the fold's result. */
export async function execute<A, R>(
  job: Job<A, R>,
  source: Source<A>,
  transport: Transport,
  spec: EngineSpec<A, R>,
): Promise<R> {
  checkSource(spec.executor, source);
  const clock = spec.clock ?? now;
  const started = clock();
  const label = jobLabel(job as unknown as Job<unknown, unknown>);
  const fold = job.fold;
  const decode = (r: ChunkResult): unknown => (fold.decode ? fold.decode(r.acc) : r.acc);
  const total = Array.isArray(source) ? source.length : undefined;

  let items = 0;
  let done = 0;
  let advice: string | undefined;
  const report = (mode: EngineProgress['mode'], reason?: string): void =>
    spec.onProgress?.({
      items,
      chunks: done,
      done,
      elapsedMs: clock() - started,
      mode,
      ...(total === undefined ? {} : { total }),
      ...(reason === undefined ? {} : { reason }),
      ...(advice === undefined ? {} : { advice }),
    });
  if (spec.signal?.aborted) throw new AbortedError(spec.signal.reason);

  // The cutter for this source, sized by `size` at each cut.
  const files = isTextFiles(source) ? source : undefined;
  // Units of a slice folded here (`placement: 'auto'`), and of the first one timed here.
  const slice = files ? files.rangeBytes : SLICE_ITEMS;
  const firstHere = files ? Math.min(FIRST_BYTES, files.rangeBytes) : 1;
  const whole = files?.ranges(Number.MAX_SAFE_INTEGER);
  const sizing = (slots: number): SizingOptions => ({
    slots,
    targetMs: transport.targetMs,
    maxMs: MAX_CHUNK_MS,
    first: firstHere,
    max: files
      ? files.rangeBytes
      : Array.isArray(source)
        ? Number.POSITIVE_INFINITY
        : transport.maxItems,
    total: whole ? bytesOf(whole) : total,
    fixed: files || spec.chunkSize === 'auto' ? undefined : spec.chunkSize,
    prior: files ? spec.learned?.bytes : spec.learned?.items,
  });
  // What the run measured, for the next run of this job on this executor.
  const learn = (sizer: ChunkSizer): void => {
    const cost = sizer.costMicros;
    if (spec.learned === undefined || cost === undefined) return;
    if (files) spec.learned.bytes = cost;
    else spec.learned.items = cost;
  };
  // `from`: items of an array already folded here (while `placement: 'auto'` timed them).
  const cut = (size: SizeOf, from = 0): Iterator<EngineChunk> | AsyncIterator<EngineChunk> =>
    whole
      ? cutFiles(whole, size)
      : Array.isArray(source)
        ? cutArray(source, size, from)
        : isIterable(source)
          ? cutIterable(source, size)
          : cutAsync(source as AsyncIterable<unknown>, size);

  // Few chunks out while probing (sizes cut before any timing came back are guesses) and
  // while sizes still grow (chunks cut ahead of the replies would all be small).
  const inFlight = (sizer: ChunkSizer) => (): number =>
    Math.min(
      transport.maxInFlight,
      sizer.probing
        ? transport.slots
        : sizer.settled
          ? Number.POSITIVE_INFINITY
          : 2 * transport.slots,
    );

  // While `placement: 'auto'` measures (or runs) here, chunk sizes are its own.
  let measuring: number | undefined;

  if (spec.output !== undefined) return (await partitioned(spec.output)) as R;

  if (!job.splittable) {
    const which = job.stages.filter((s) => !s.splittable).map((s) => s.kind);
    const why = `the job is not splittable (${which.join(', ')})`;
    if (spec.placement === 'auto' && spec.here) {
      const reason = `${why}: placement 'auto' runs it on this thread`;
      report('local', reason);
      return stayHere(
        await spec.here(),
        cut(() => slice),
        fold.init(),
        0,
      );
    }
    return sequence(`${why}: one worker folds it in order`);
  }

  // ---- Splittable: chunks folded anywhere, combined here in order.
  const sizer = new ChunkSizer(sizing(transport.slots));
  let acc = fold.init();
  if (fold.isDone?.(acc)) return fold.done(acc);
  let firstIndex = 0;
  // Items of an array already folded here while `placement: 'auto'` timed them.
  let from = 0;
  let chunks: Iterator<EngineChunk> | AsyncIterator<EngineChunk> | undefined;

  if (spec.placement === 'auto' && spec.here) {
    const here = await spec.here();
    // An array is timed in place, in one run that goes on here if the rest stays here: no
    // slice is copied and no partial combined, so timing it costs no more than folding it.
    const run = Array.isArray(source) ? here.start() : undefined;
    if (!run) chunks = cut((remaining) => measuring ?? sizer.next(remaining));
    const measured = run
      ? measureArray(run, source as readonly unknown[], total!)
      : await measureHere(here, chunks!, firstHere, total, (n) => (measuring = n));
    measuring = undefined;
    items += measured.items;
    const finishMeasured = (): void => {
      const partials = run ? [run.finish()] : measured.partials;
      for (const partial of partials) acc = fold.combine(acc, partial);
      done += partials.length;
      // The chunks cut from a source go on numbering after the slices timed here; an array's
      // rest is cut afresh (from where the timing stopped), numbered from 0.
      firstIndex = run ? 0 : partials.length;
    };
    if (measured.exhausted) {
      finishMeasured();
      report(
        'local',
        "placement 'auto': the whole input was folded on this thread while timing it",
      );
      return fold.done(acc);
    }
    const copy = measured.sample === undefined ? undefined : transport.copyMicros(measured.sample);
    const perItem = measured.micros / Math.max(measured.units, 1);
    const stay =
      (copy !== undefined && shippingAdvice(perItem, copy, transport.slots, 'to a worker')) ||
      (total !== undefined &&
        (perItem * (total - measured.items)) / 1000 < transport.targetMs &&
        `the rest is under ${transport.targetMs} ms of work`);
    if (stay) {
      const reason = `placement 'auto': ${stay}; running on this thread`;
      // An array's run goes on as it is; a source's slices were folded apart, so combine them.
      if (!run) finishMeasured();
      report('local', reason);
      return stayHere(here, chunks, acc, done, reason, run);
    }
    finishMeasured();
    from = run ? measured.items : 0;
    // The timings taken here seed the sizes shipped chunks start from.
    sizer.observe(measured.units, measured.micros);
  }
  chunks ??= cut((remaining) => sizer.next(remaining), from);

  // What the advice is drawn from: chunks priced so far, the copy per item, the work per item.
  let pricings = 0;
  let copyPrice: number | undefined;
  let work = Number.POSITIVE_INFINITY;
  const outcomes = schedule<EngineChunk, ChunkResult>(
    numbered(chunks!),
    (chunk, signal) => transport.fold(chunk.items, signal),
    {
      maxInFlight: inFlight(sizer),
      retries: transport.retries,
      ordered: true,
      signal: spec.signal,
      label,
      firstIndex,
      isFatal: (error) => transport.isFatal(error),
      onFinished: (chunk, result) => {
        const c = chunk.items as EngineChunk;
        sizer.observe(c.units, result.micros);
        // Priced on chunks large enough that fixed costs do not blur the timing (a probe of
        // one item measures the call, not the work), or of a settled size: the copy once, on
        // a bounded prefix; the work as the fastest of the first few (a cold chunk is slow).
        if (
          pricings < MAX_PRICINGS &&
          result.micros !== undefined &&
          c.input.kind === 'items' &&
          (c.units >= PRICE_AT || sizer.settled)
        ) {
          pricings++;
          copyPrice ??= transport.copyMicros(c.input.items.slice(0, PRICE_SAMPLE));
          work = Math.min(work, result.micros / Math.max(result.items, 1));
          advice =
            copyPrice === undefined
              ? undefined
              : shippingAdvice(work, copyPrice, transport.slots, 'to a worker');
        }
      },
    },
  );
  for await (const outcome of outcomes) {
    acc = fold.combine(acc, decode(outcome.value));
    items += outcome.value.items;
    done++;
    report('workers');
    // Leaving the loop cancels the chunks still running (the rest cannot change the result).
    if (fold.isDone?.(acc)) break;
  }
  learn(sizer);
  return fold.done(acc);

  // ---- A keyed result written as partitions: map tasks, then reduce tasks, then _SUCCESS.
  async function partitioned(output: OutputOptions): Promise<OutputManifest> {
    // Refused before any work: a fold that is not keyed, an output that cannot be written.
    keyedOps(fold);
    const { mapTask, reduceTask } = transport;
    if (mapTask === undefined || reduceTask === undefined) {
      throw new InvalidArgumentError(
        spec.executor,
        'options.output',
        `absent: ${spec.executor}() does not write partitioned output yet; local() and threads() of polyfold/parallel do`,
        output,
      );
    }
    if (!job.splittable) {
      const which = job.stages.filter((s) => !s.splittable).map((s) => s.kind);
      throw new InvalidArgumentError(
        spec.executor,
        'options.output',
        `absent for a job that is not splittable (${which.join(', ')}): a partitioned output is written by map tasks over chunks; run it without output`,
        output,
      );
    }
    const prepared = await prepareOutput(output, spec.executor);
    const { dir, run, partitions, spillEntries } = prepared;
    const sizer = new ChunkSizer(sizing(transport.slots));
    const chunks = cut((remaining) => sizer.next(remaining));
    const tasks: number[] = [];
    for await (const outcome of schedule<EngineChunk, MapTaskReply>(
      numbered(chunks),
      (chunk, signal) =>
        mapTask(
          chunk.items,
          { dir, run, partitions, ...(spillEntries === undefined ? {} : { spillEntries }) },
          signal,
        ),
      {
        maxInFlight: inFlight(sizer),
        retries: transport.retries,
        ordered: true,
        signal: spec.signal,
        label,
        isFatal: (error) => transport.isFatal(error),
        onFinished: (chunk, reply) =>
          sizer.observe((chunk.items as EngineChunk).units, reply.micros),
      },
    )) {
      tasks.push(outcome.index);
      items += outcome.value.items;
      done++;
      report('workers', `map task ${outcome.index} written`);
    }
    const parts: OutputPartition[] = [];
    const reduces = Array.from({ length: partitions }, (_v, p) => ({ index: p, items: p }));
    for await (const outcome of schedule<number, OutputPartition>(
      reduces,
      (chunk, signal) => reduceTask({ dir, run, partition: chunk.items, tasks }, signal),
      {
        maxInFlight: transport.maxInFlight,
        retries: transport.retries,
        ordered: true,
        signal: spec.signal,
        label: `${label} (reduce)`,
        isFatal: (error) => transport.isFatal(error),
      },
    )) {
      parts.push(outcome.value);
      report('workers', `partition ${outcome.index} of ${partitions} written`);
    }
    return commitOutput(dir, parts);
  }

  // ---- A job that cannot be split: one worker, fed in order.
  async function sequence(reason: string): Promise<R> {
    // An input that can be read again is replayed on a new worker if one is lost.
    const replayable = whole !== undefined || Array.isArray(source);
    for (let attempt = 0; ; attempt++) {
      const sizer = new ChunkSizer(sizing(1));
      const chunks = cut((remaining) => sizer.next(remaining));
      items = 0;
      done = 0;
      report('workers', reason);
      let seq: Awaited<ReturnType<Transport['sequence']>> | undefined;
      let index = 0;
      try {
        seq = await transport.sequence(abortSignalOf(spec.signal));
        for (;;) {
          if (spec.signal?.aborted) throw new AbortedError(spec.signal.reason);
          const next = await chunks.next();
          if (next.done) break;
          index = next.value.index;
          const step = await seq.push(next.value.input);
          sizer.observe(next.value.units, step.micros);
          items += step.items;
          done++;
          report('workers', reason);
          if (step.halted) break;
        }
        const result = await seq.finish();
        return fold.done(decode(result));
      } catch (error) {
        await seq?.cancel();
        if (error instanceof AbortedError || spec.signal?.aborted) {
          throw error instanceof AbortedError ? error : new AbortedError(spec.signal?.reason);
        }
        if (transport.isFatal(error)) throw error;
        if (error instanceof RemoteTaskError) {
          throw new TaskFailedError(label, index, error.remote, attempt + 1);
        }
        if (!replayable || attempt >= transport.retries) {
          const why = replayable
            ? error
            : new Error(
                `${messageOf(error)} (a job that is not splittable is folded by one worker from the start; ` +
                  'a stream cannot be read again, so it is not retried: pass an array or textFile(…) to have it retried)',
                { cause: error },
              );
          throw new TaskFailedError(label, index, why, attempt + 1);
        }
      } finally {
        await closeQuietly(chunks);
      }
    }
  }

  // ---- `placement: 'auto'` chose this thread: the rest is folded here, in slices, with a
  // turn of the event loop every few milliseconds (an abort is seen there).
  async function stayHere(
    here: Job<A, R>,
    rest: Iterator<EngineChunk> | AsyncIterator<EngineChunk> | undefined,
    before: unknown,
    chunksBefore: number,
    reason?: string,
    going?: JobRun,
  ): Promise<R> {
    measuring = slice;
    const run = going ?? here.start();
    done = chunksBefore;
    let turned = now();
    const turn = async (): Promise<void> => {
      if (now() - turned < TURN_MS) return;
      await yieldToLoop();
      turned = now();
    };
    if (Array.isArray(source)) {
      // The rest of an array is folded in place: slicing it would copy every item, which costs
      // more than cheap work itself (`x + 1`: 3× local()).
      if (rest) await closeQuietly(rest);
      for (let i = items; i < source.length && !run.halted; i += SLICE_ITEMS) {
        if (spec.signal?.aborted) throw new AbortedError(spec.signal.reason);
        const end = Math.min(source.length, i + SLICE_ITEMS);
        run.pushRange(source, i, end);
        items = end;
        done++;
        report('local', reason);
        if (end < source.length) await turn();
      }
      return fold.done(fold.combine(before, run.finish()));
    }
    try {
      for (;;) {
        if (spec.signal?.aborted) throw new AbortedError(spec.signal.reason);
        const next = await rest!.next();
        if (next.done) break;
        const part = itemsOf(next.value.input);
        run.pushAll(part as Iterable<unknown>);
        items += part.length;
        done++;
        report('local', reason);
        if (run.halted) break;
        await turn();
      }
    } finally {
      if (rest) await closeQuietly(rest);
    }
    return fold.done(fold.combine(before, run.finish()));
  }
}

/** What `placement: 'auto'` learnt by folding the first chunks here. */
interface Measured {
  readonly partials: unknown[];
  readonly items: number;
  /** Units and µs of the fastest (warmest) slice timed. */
  readonly units: number;
  readonly micros: number;
  /** The items of the last slice, to price copying them (undefined for byte ranges). */
  readonly sample: readonly unknown[] | undefined;
  readonly exhausted: boolean;
}

/**
 * Folds the first chunks on this thread, growing ×4 from `first` units (one item, or 64 KiB
 * of a text file), until ~2 ms were spent:
 * the fastest slice per item is the work's cost once V8 has optimised it (the first slices
 * are cold). Every slice's accumulator is kept: nothing is folded twice.
 */
async function measureHere<A, R>(
  here: Job<A, R>,
  chunks: Iterator<EngineChunk> | AsyncIterator<EngineChunk>,
  first: number,
  total: number | undefined,
  setSize: (n: number) => void,
): Promise<Measured> {
  const partials: unknown[] = [];
  let items = 0;
  let spent = 0;
  let best: { units: number; micros: number } | undefined;
  let sample: readonly unknown[] | undefined;
  let size = first;
  // Until ~2 ms were spent — or, for an input of known size, 5 % of its work as estimated so
  // far, so that timing never costs more than a sliver of the work it times. One slow slice
  // is enough (a second would only cost more), and work that slow is never copy-bound.
  let budget = MEASURE_MS;
  for (let slice = 0; spent < budget; slice++) {
    setSize(size);
    const next = await chunks.next();
    if (next.done)
      return {
        partials,
        items,
        units: best?.units ?? 1,
        micros: best?.micros ?? 0,
        sample,
        exhausted: true,
      };
    const part = itemsOf(next.value.input);
    const t0 = now();
    partials.push(here.foldChunk(part as Iterable<A>));
    const ms = now() - t0;
    spent += ms;
    items += part.length;
    const micros = ms * 1000;
    if (best === undefined || micros / next.value.units < best.micros / best.units) {
      best = { units: next.value.units, micros };
    }
    if (total !== undefined) {
      budget = Math.min(MEASURE_MS, ((best.micros / best.units) * total * MEASURE_SHARE) / 1000);
    }
    // Copying is priced on a bounded prefix: pricing it must not cost like copying it.
    sample =
      next.value.input.kind === 'items' ? next.value.input.items.slice(0, PRICE_SAMPLE) : undefined;
    size *= 4;
    if (slice > 12) break; // 4^12 items: work this cheap has been timed enough
  }
  return { partials, items, units: best!.units, micros: best!.micros, sample, exhausted: false };
}

/**
 * {@link measureHere} for an array, in place: the slices are pushed into `run` (one
 * accumulator, nothing copied), timed one by one. `partials` is empty: the caller finishes
 * `run` itself, or goes on with it.
 */
function measureArray(run: JobRun, xs: readonly unknown[], total: number): Measured {
  let at = 0;
  let spent = 0;
  let best: { units: number; micros: number } | undefined;
  let sampleAt = 0;
  let size = 1;
  let budget = MEASURE_MS;
  for (let slice = 0; spent < budget && at < xs.length && !run.halted && slice <= 12; slice++) {
    const end = Math.min(xs.length, at + size);
    const t0 = now();
    run.pushRange(xs, at, end);
    const ms = now() - t0;
    spent += ms;
    const micros = ms * 1000;
    if (best === undefined || micros / (end - at) < best.micros / best.units) {
      best = { units: end - at, micros };
    }
    budget = Math.min(MEASURE_MS, ((best.micros / best.units) * total * MEASURE_SHARE) / 1000);
    sampleAt = at;
    at = end;
    size *= 4;
  }
  return {
    partials: [],
    items: at,
    units: best?.units ?? 1,
    micros: best?.micros ?? 0,
    // Priced on PRICE_SAMPLE items even when fewer were timed (copying runs no user code): a
    // message's fixed cost spread over a 16-item slice would price a number at µs.
    sample: xs.slice(sampleAt, sampleAt + PRICE_SAMPLE),
    exhausted: at >= xs.length || run.halted,
  };
}

function abortSignalOf(signal: AbortSignal | undefined): AbortSignal {
  return signal ?? new AbortController().signal;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
