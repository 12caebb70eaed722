/**
 * Pipelines and jobs: `pipeline(...stages).fold(f)` fuses the stages in front of the fold
 * and returns a {@link Job} — plain data plus the code to run it.
 *
 * A job is what every executor receives. `local()` (and `job.apply`) fold the whole input in
 * one run. Executors that split the input (threads, a cluster) use the job as data:
 *
 * 1. `job.splittable` must be true (every stage treats elements independently); otherwise
 *    they refuse with `UnsplittableJobError` or run the job locally.
 * 2. `job.describe()` gives `{ stages: StageDescriptor[], fold: FoldSpec }`: user functions
 *    appear only as `stages[i].fn` and inside `fold.args`; they ship as tasks (module URL and
 *    export name), everything else is structured-cloneable. `reviveJob(spec)` rebuilds the job
 *    on the other side.
 * 3. Each chunk is folded with `job.foldChunk(chunk)` (or `job.start()` to stream a chunk in),
 *    giving a partial accumulator; `job.fold.encode`/`decode`, when present, carry it across.
 * 4. Partial accumulators are combined **in chunk order** with `job.fold.combine`, starting
 *    from `job.fold.init()`; `job.fold.done` gives the result. The Fold laws make this equal
 *    to `job.apply(wholeInput)`.
 */
import { isRevokedProxy } from '../dispatch/internal.js';
import { foldSync, PushRun } from './core/engine.js';
import { checkSyncIterable } from './core/iterables.js';
import { compileLoops, inlinablePrefix, type Loops } from './core/kernel.js';
import { Lazy } from './core/lazy.js';
import type { StageDescriptor, StageImpl } from './core/stage.js';
import { InvalidArgumentError } from './errors.js';
import { type AnyFold, checkFold, type FoldSpec } from './fold.js';
import { reviveFold } from './folds/revive.js';
import { reviveStage, toStageImpl } from './revive.js';
import type { StageTypes } from './types.js';

/** A job as plain data (see the module comment): what an executor ships. */
export interface JobSpec {
  readonly stages: readonly StageDescriptor[];
  /** The fold's spec; undefined for a user-written fold (ship it by module and export name). */
  readonly fold: FoldSpec | undefined;
}

/** One run of a job over one chunk (or one whole input), fed incrementally. */
export interface JobRun {
  /** Pushes one element (ignored once halted). */
  push(x: unknown): void;
  /** Pushes every element (stops early once halted). */
  pushAll(xs: Iterable<unknown>): void;
  /** Pushes `xs[from]` … `xs[to - 1]` of an array, in place (no copy; stops early once halted). */
  pushRange(xs: ArrayLike<unknown>, from: number, to: number): void;
  /** True once no further input can change the result (`take` is satisfied, `every` failed). */
  readonly halted: boolean;
  /** Flushes buffered stages and returns the accumulator (pass it to `fold.combine`/`done`). */
  finish(): unknown;
}

/**
 * Stages fused with a fold, ready to run on any executor. Made by `pipeline(...).fold(f)`.
 *
 * @example
 * ```ts
 * import { pipeline, flatMap, map, folds } from 'polyfold/functional';
 * const wordCount = pipeline(
 *   flatMap((line: string) => line.split(/\s+/)),
 *   map((w) => w.toLowerCase()),
 * ).fold(folds.frequencies());
 * wordCount.apply(['A b', 'a']).get('a'); // 2
 * wordCount.splittable; // true
 * ```
 */
export interface Job<A, R> {
  /** The stages, as plain descriptors. */
  readonly stages: readonly StageDescriptor[];
  /** The fold that ends the job; executors combine partial accumulators with it. */
  readonly fold: AnyFold<any, R>;
  /** Every stage is splittable: chunks may be folded separately and combined in order. */
  readonly splittable: boolean;
  /** Some stage may stop pulling early (`take`, `takeWhile`). */
  readonly shortCircuits: boolean;
  /** Folds a synchronous iterable (an array, a Set, a generator) and returns the result. */
  apply(xs: Iterable<A>): R;
  /** Starts a run: fresh stage state, the accumulator at `fold.init()`. */
  start(): JobRun;
  /** Folds one chunk from a fresh start; returns its accumulator (not yet `done`). */
  foldChunk(chunk: Iterable<A>): unknown;
  /** The job as plain data (see {@link JobSpec}). */
  describe(): JobSpec;
  /** @internal Phantom: carries the input and result types for inference; never present. */
  readonly '~job'?: { readonly in: (a: A) => void; readonly out: R };
}

/** Runs at least this long compile the job's loop at once. */
export const COMPILE_AT = 1000;

function sizeOf(xs: unknown): number {
  return Array.isArray(xs) ? xs.length : 0;
}

/**
 * Marks jobs. A brand under `Symbol.for`, not `instanceof`: a program that loads both the ESM
 * and the CJS copy of polyfold (or two bundles of it) must be able to run a job made by one
 * copy with the other's `run`. Versioned: the brand promises this class's internal layout.
 */
const JOB_BRAND = Symbol.for('polyfold.functional.job/v1');

class JobImpl<A, R> implements Job<A, R> {
  /** The cross-copy brand (see JOB_BRAND). */
  declare readonly [JOB_BRAND]: true;
  readonly stages: readonly StageDescriptor[];
  readonly splittable: boolean;
  readonly shortCircuits: boolean;
  /** The job's own compiled loop, made once it runs on enough data (see `kernel.ts`). */
  private readonly compiled: { loops: Loops | null | undefined; runs: number } = {
    loops: undefined,
    runs: 0,
  };

  constructor(
    readonly impls: readonly StageImpl[],
    readonly fold: AnyFold<any, R>,
  ) {
    this.stages = Object.freeze(impls.map((s) => s.descriptor));
    this.splittable = this.stages.every((s) => s.splittable);
    this.shortCircuits = this.stages.some((s) => s.shortCircuits);
    Object.freeze(this);
  }

  /**
   * The compiled loop for a run of about `size` elements: compiled on the first large run (or
   * the fourth run), so small one-off jobs never pay for compilation.
   */
  loopsFor(size: number): Loops | null {
    const c = this.compiled;
    if (c.loops === undefined && (size >= COMPILE_AT || ++c.runs > 3)) {
      c.loops = compileLoops(this.impls, inlinablePrefix(this.impls), this.fold) ?? null;
    }
    return c.loops ?? null;
  }

  apply(xs: Iterable<A>): R {
    if (Lazy.is(xs)) {
      return this.fold.done(foldSync([...xs.stages, ...this.impls], this.fold, xs.source));
    }
    checkSyncIterable('job.apply', xs);
    return this.fold.done(
      foldSync(this.impls, this.fold, xs, undefined, this.loopsFor(sizeOf(xs))),
    );
  }

  start(): JobRun {
    const run = new PushRun(this.impls, this.fold, undefined, this.loopsFor(COMPILE_AT));
    return {
      push: (x) => run.push(x),
      pushAll: (xs) => {
        checkSyncIterable('jobRun.pushAll', xs);
        run.pushIterable(xs);
      },
      pushRange: (xs, from, to) => run.pushArray(xs, from, to),
      get halted() {
        return run.halted;
      },
      finish: () => run.finish(),
    };
  }

  foldChunk(chunk: Iterable<A>): unknown {
    checkSyncIterable('job.foldChunk', chunk);
    return foldSync(this.impls, this.fold, chunk, undefined, this.loopsFor(sizeOf(chunk)));
  }

  describe(): JobSpec {
    return { stages: this.stages, fold: this.fold.spec };
  }
}

Object.defineProperty(JobImpl.prototype, JOB_BRAND, { value: true });

/**
 * True when `x` is a job made by `pipeline(...).fold(f)` or `reviveJob` — by this copy of
 * polyfold or another one loaded in the same process (the ESM and the CJS build).
 *
 * @example
 * ```ts
 * import { isJob, pipeline, folds } from 'polyfold/functional';
 * isJob(pipeline().fold(folds.count())); // true
 * ```
 */
export function isJob(x: unknown): x is Job<unknown, unknown> {
  return (
    (typeof x === 'object' || typeof x === 'function') &&
    x !== null &&
    !isRevokedProxy(x) &&
    (x as { [JOB_BRAND]?: unknown })[JOB_BRAND] === true
  );
}

/** Internal: the stage implementations of a job. */
export function implsOf(job: Job<unknown, unknown>): readonly StageImpl[] {
  return (job as JobImpl<unknown, unknown>).impls;
}

/** Internal: a job's compiled loops for a run of about `size` elements. */
export function loopsOf(job: Job<unknown, unknown>, size: number): Loops | null {
  return (job as JobImpl<unknown, unknown>).loopsFor(size);
}

/** Stages waiting for their fold. */
export interface Pipeline<A, B> {
  /** The stages, as plain descriptors. */
  readonly stages: readonly StageDescriptor[];
  /** Ends the pipeline with a fold, giving a job. */
  fold<R>(f: AnyFold<B, R>): Job<A, R>;
}

/** A pipeline with no stages: the fold's input type is the job's. */
export interface EmptyPipeline {
  /** No stages. */
  readonly stages: readonly StageDescriptor[];
  /** A job that folds its input unchanged with `f`. */
  fold<A, R>(f: AnyFold<A, R>): Job<A, R>;
}

/** The first stage of a pipeline, whose annotation gives the job's input type. */
type First<A, B> = StageTypes<A, B> & ((xs: Iterable<A>) => Iterable<B>);
/** A later stage: contextually typed from the stage before. */
type Next<A, B> = (xs: Iterable<A>) => Iterable<B>;

/**
 * Fuses stages into one step function, to be ended with `.fold(f)`. The combinators are the
 * stages (`map(f)`, `filter(p)`, `take(n)`…, as Ramda's functions double as transducers);
 * annotate the first stage's parameter to type the job's input.
 *
 * Stages are fused: no intermediate arrays, no generator per stage; `take`/`takeWhile`
 * (and short-circuiting folds such as `folds.first()`) stop pulling from the source.
 *
 * @example
 * ```ts
 * import { pipeline, map, filter, folds } from 'polyfold/functional';
 * const job = pipeline(
 *   map((x: number) => x * 2),
 *   filter((x) => x % 3 === 0),
 * ).fold(folds.sum());
 * job.apply([1, 2, 3, 4, 5, 6]); // 6 + 12 = 18
 * ```
 */
export function pipeline(): EmptyPipeline;
export function pipeline<A, B>(s1: First<A, B>): Pipeline<A, B>;
export function pipeline<A, B, C>(s1: First<A, B>, s2: Next<B, C>): Pipeline<A, C>;
export function pipeline<A, B, C, D>(
  s1: First<A, B>,
  s2: Next<B, C>,
  s3: Next<C, D>,
): Pipeline<A, D>;
export function pipeline<A, B, C, D, E>(
  s1: First<A, B>,
  s2: Next<B, C>,
  s3: Next<C, D>,
  s4: Next<D, E>,
): Pipeline<A, E>;
export function pipeline<A, B, C, D, E, F>(
  s1: First<A, B>,
  s2: Next<B, C>,
  s3: Next<C, D>,
  s4: Next<D, E>,
  s5: Next<E, F>,
): Pipeline<A, F>;
export function pipeline<A, B, C, D, E, F, G>(
  s1: First<A, B>,
  s2: Next<B, C>,
  s3: Next<C, D>,
  s4: Next<D, E>,
  s5: Next<E, F>,
  s6: Next<F, G>,
): Pipeline<A, G>;
export function pipeline<A, B, C, D, E, F, G, H>(
  s1: First<A, B>,
  s2: Next<B, C>,
  s3: Next<C, D>,
  s4: Next<D, E>,
  s5: Next<E, F>,
  s6: Next<F, G>,
  s7: Next<G, H>,
): Pipeline<A, H>;
export function pipeline<A, B, C, D, E, F, G, H, I>(
  s1: First<A, B>,
  s2: Next<B, C>,
  s3: Next<C, D>,
  s4: Next<D, E>,
  s5: Next<E, F>,
  s6: Next<F, G>,
  s7: Next<G, H>,
  s8: Next<H, I>,
): Pipeline<A, I>;
export function pipeline<A, B, C, D, E, F, G, H, I, J>(
  s1: First<A, B>,
  s2: Next<B, C>,
  s3: Next<C, D>,
  s4: Next<D, E>,
  s5: Next<E, F>,
  s6: Next<F, G>,
  s7: Next<G, H>,
  s8: Next<H, I>,
  s9: Next<I, J>,
): Pipeline<A, J>;
export function pipeline(...stages: readonly unknown[]): Pipeline<unknown, unknown>;
export function pipeline(...stages: readonly unknown[]): Pipeline<unknown, unknown> {
  const impls = stages.map((s, i) => toStageImpl('pipeline', s, i));
  const p: Pipeline<unknown, unknown> = {
    stages: Object.freeze(impls.map((s) => s.descriptor)),
    fold: <R>(f: AnyFold<unknown, R>): Job<unknown, R> => {
      checkFold('pipeline(...).fold', 'f', f);
      return new JobImpl(impls, f);
    },
  };
  return Object.freeze(p);
}

/**
 * Rebuilds a job from {@link JobSpec} data (after `job.describe()` travelled elsewhere and its
 * functions were resolved again). A job whose fold has no spec needs the fold passed in.
 *
 * @example
 * ```ts
 * import { pipeline, map, folds, reviveJob } from 'polyfold/functional';
 * const double = (x: number) => x * 2;
 * const job = pipeline(map(double)).fold(folds.sum());
 * reviveJob(job.describe()).apply([1, 2]); // 6
 * ```
 */
export function reviveJob<A = unknown, R = unknown>(
  spec: JobSpec,
  fold?: AnyFold<any, R>,
): Job<A, R> {
  if (
    spec === null ||
    typeof spec !== 'object' ||
    isRevokedProxy(spec) ||
    isRevokedProxy(spec.stages) ||
    !Array.isArray(spec.stages)
  ) {
    throw new InvalidArgumentError('reviveJob', 'spec', 'a job spec ({ stages, fold })', spec);
  }
  const impls = spec.stages.map((d, i) => toStageImpl('reviveJob', reviveStage(d), i));
  let f: AnyFold<any, R>;
  if (fold !== undefined) {
    checkFold('reviveJob', 'fold', fold);
    f = fold;
  } else if (spec.fold !== undefined) {
    f = reviveFold(spec.fold) as AnyFold<any, R>;
  } else {
    throw new InvalidArgumentError(
      'reviveJob',
      'fold',
      'the fold (this spec has none: its fold is user-written)',
      fold,
    );
  }
  return new JobImpl<A, R>(impls, f);
}
