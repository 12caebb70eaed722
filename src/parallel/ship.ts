/**
 * Shipping a job to a worker: `job.describe()` is plain data except for user functions,
 * which are replaced by their task addresses (`{ $task: { module, name } }`). The worker
 * loads them again and rebuilds the job with `reviveJob`. A function without an address is
 * refused here, before anything is sent, with the place in the job where it sits.
 */
import type { AnyFold, FoldSpec, Job, JobSpec, StageDescriptor } from '../functional/index.js';
import { InvalidArgumentError, isFold, reviveJob } from '../functional/index.js';
import { UnshippableError } from './errors.js';
import { loadTask } from './loader.js';
import type { TaskAddress } from './tasks.js';
import { requireAddress } from './tasks.js';

const TASK_REF = '$task';
/**
 * The fold spec name of a user fold made with `taskFold`: the kind `reviveFold` rebuilds by
 * calling the factory again (functional/folds/revive.ts), at any depth of a nested fold.
 */
const TASK_FOLD = '$taskFold';

interface TaskRef {
  readonly [TASK_REF]: TaskAddress;
}

/** A job as it travels: plain, structured-cloneable and JSON-safe data. */
export interface ShippedJob {
  readonly stages: ReadonlyArray<{
    readonly kind: string;
    readonly fn?: TaskRef;
    readonly args: readonly unknown[];
  }>;
  readonly fold: unknown;
}

function isTaskRef(x: unknown): x is TaskRef {
  return typeof x === 'object' && x !== null && Object.hasOwn(x, TASK_REF);
}

/** A nested fold's spec (`{ name, args }`), so errors can say which fold holds a function. */
function isFoldSpec(x: unknown): x is FoldSpec {
  if (typeof x !== 'object' || x === null || Object.getPrototypeOf(x) !== Object.prototype) {
    return false;
  }
  const keys = Object.keys(x);
  return (
    keys.length === 2 &&
    typeof (x as FoldSpec).name === 'string' &&
    Array.isArray((x as FoldSpec).args)
  );
}

function encodeValue(value: unknown, where: string): unknown {
  if (typeof value === 'function') return { [TASK_REF]: requireAddress(value, where) };
  if (isFoldSpec(value)) {
    const label = where === 'the fold' ? `the fold ${value.name}` : `${where} › ${value.name}`;
    return {
      name: value.name,
      args: value.args.map((v, i) => encodeValue(v, `${label} argument ${i + 1}`)),
    };
  }
  if (Array.isArray(value)) return value.map((v, i) => encodeValue(v, `${where}[${i}]`));
  if (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeValue(v, `${where}.${k}`);
    return out;
  }
  return value;
}

/**
 * Turns a job into shippable data, or throws UnshippableError naming the stage or fold
 * argument that holds an unshippable function.
 */
export function encodeJob(job: Job<unknown, unknown>): ShippedJob {
  const spec: JobSpec = job.describe();
  const stages = spec.stages.map((s: StageDescriptor, i: number) => ({
    kind: s.kind,
    ...(s.fn === undefined
      ? {}
      : { fn: encodeValue(s.fn, `${s.kind} stage (stage ${i + 1})`) as TaskRef }),
    args: encodeValue(s.args, `${s.kind} stage (stage ${i + 1}) argument`) as unknown[],
  }));
  if (spec.fold === undefined) {
    throw new UnshippableError(
      job.fold,
      'the fold',
      'a hand-written Fold, on its own or inside groupBy, reduceBy, struct, tuple or premap, has no spec a worker could rebuild it from; export a factory with defineTasks and use taskFold(factory, ...args) in its place',
    );
  }
  return { stages, fold: encodeValue(spec.fold, 'the fold') };
}

/** Every module a shipped job (or any shipped value) names: what a worker would import. */
export function shippedModules(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (isTaskRef(value)) into.add(value[TASK_REF].module);
  else if (Array.isArray(value)) for (const v of value) shippedModules(v, into);
  else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) shippedModules(v, into);
  }
  return into;
}

async function decodeValue(value: unknown, context: unknown): Promise<unknown> {
  if (isTaskRef(value)) {
    const fn = await loadTask(value[TASK_REF]);
    if (context === undefined) return fn;
    // The context goes last, after whatever the caller passes (one element for a stage).
    return (...args: unknown[]) => fn(...args, context);
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => decodeValue(v, context)));
  if (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await decodeValue(v, context);
    return out;
  }
  return value;
}

/** Rebuilds a shipped job in a worker; task functions receive `context` as their last argument. */
export async function decodeJob(
  shipped: ShippedJob,
  context: unknown,
): Promise<Job<unknown, unknown>> {
  const stages = (await decodeValue(shipped.stages, context)) as StageDescriptor[];
  const foldSpec = (await decodeValue(shipped.fold, context)) as FoldSpec;
  return reviveJob({ stages, fold: foldSpec });
}

/**
 * Makes a hand-written Fold shippable: `factory` is a task (declared with `defineTasks`)
 * returning the fold; workers call it with the same `args` (plain data).
 *
 * @example
 * ```ts
 * import { defineTasks, taskFold } from 'polyfold/parallel';
 * import type { Fold } from 'polyfold/functional';
 * export const { longest } = defineTasks(import.meta.url, {
 *   longest: (): Fold<string, string, string> => ({
 *     init: () => '',
 *     step: (a, s) => (s.length > a.length ? s : a),
 *     combine: (l, r) => (r.length > l.length ? r : l),
 *     done: (a) => a,
 *   }),
 * });
 * const fold = taskFold(longest); // usable with local() and threads() alike
 * ```
 */
export function taskFold<Args extends unknown[], F extends AnyFold<any, any>>(
  factory: (...args: Args) => F,
  ...args: Args
): F {
  if (typeof factory !== 'function') {
    throw new InvalidArgumentError(
      'taskFold',
      'factory',
      'a task returning a Fold (declared with defineTasks)',
      factory,
    );
  }
  const fold = factory(...args);
  if (!isFold(fold)) {
    throw new InvalidArgumentError(
      'taskFold',
      'factory()',
      'a Fold (init, step, combine, done)',
      fold,
    );
  }
  return Object.freeze({ ...fold, spec: { name: TASK_FOLD, args: [factory, ...args] } });
}
