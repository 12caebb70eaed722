/** Errors of the parallel layer; each has a stable `code` and says how to fix the problem. */
import {
  describeValue,
  PolyfoldError,
  PolyfoldRangeError,
  PolyfoldTypeError,
} from '../errors/index.js';

/**
 * A function cannot be sent to a worker: it was not declared with `defineTasks`, so a worker
 * has no way to find it (functions never travel as source text, and closures would lose
 * their variables). Raised before anything is sent.
 *
 * @example
 * ```ts
 * import { UnshippableError } from 'polyfold/parallel';
 * const e = new UnshippableError((x: number) => x + 1, 'map stage 1');
 * e.code; // 'ERR_UNSHIPPABLE'
 * ```
 */
export class UnshippableError extends PolyfoldTypeError<'ERR_UNSHIPPABLE'> {
  readonly value: unknown;
  /** Where in the job the function sits (`"map stage 2"`, `"fold"`…). */
  readonly where: string;

  constructor(value: unknown, where: string, reason?: string) {
    super(
      'ERR_UNSHIPPABLE',
      `${where}: ${describeValue(value)} cannot run in a worker${reason ? ` (${reason})` : ''}. ` +
        'Workers find functions by module URL and export name: move it to module level and declare it with ' +
        '`export const { fn } = defineTasks(import.meta.url, { fn: (x) => … })`; pass run-time values through ' +
        "the run's `context` option instead of capturing them. The same job still runs as it is with local().",
    );
    this.name = 'UnshippableError';
    this.value = value;
    this.where = where;
  }
}

/**
 * A task failed in a worker. `cause` carries the worker's error with its stack.
 *
 * @example
 * ```ts
 * import { TaskFailedError } from 'polyfold/parallel';
 * const e = new TaskFailedError('tokenize', 3, new Error('boom'));
 * e.code; // 'ERR_TASK_FAILED'
 * ```
 */
export class TaskFailedError extends PolyfoldError<'ERR_TASK_FAILED'> {
  readonly task: string;
  readonly chunk: number;

  constructor(task: string, chunk: number, cause: unknown, attempts = 1) {
    // The worker's message is usually a sentence already ("… exited with code 1."): end it once.
    const reason = (cause instanceof Error ? cause.message : String(cause)).trim() || 'no message';
    const end = /[.!?]$/.test(reason) ? ' ' : '. ';
    super(
      'ERR_TASK_FAILED',
      `${task} failed on chunk ${chunk}${attempts > 1 ? ` after ${attempts} attempts` : ''}: ${reason}${end}` +
        'The worker stack is in `cause`.',
      undefined,
      { cause },
    );
    this.name = 'TaskFailedError';
    this.task = task;
    this.chunk = chunk;
  }
}

/**
 * A worker could not load a task module or find a task in it.
 *
 * @example
 * ```ts
 * import { TaskNotFoundError } from 'polyfold/parallel';
 * new TaskNotFoundError('file:///app/tasks.js', 'tokenize', 'no such export').code; // 'ERR_TASK_NOT_FOUND'
 * ```
 */
export class TaskNotFoundError extends PolyfoldError<'ERR_TASK_NOT_FOUND'> {
  readonly module: string;
  readonly task: string;

  constructor(module: string, task: string, reason: string) {
    super(
      'ERR_TASK_NOT_FOUND',
      `cannot load task ${task} from ${module}: ${reason}. ` +
        'Tasks must be exported by the module that declares them with defineTasks(import.meta.url, …).',
    );
    this.name = 'TaskNotFoundError';
    this.module = module;
    this.task = task;
  }
}

/**
 * A run was cancelled through its `AbortSignal`.
 *
 * @example
 * ```ts
 * import { AbortedError } from 'polyfold/parallel';
 * new AbortedError().code; // 'ABORT_ERR'
 * ```
 */
export class AbortedError extends PolyfoldError<'ABORT_ERR'> {
  constructor(reason?: unknown) {
    super('ABORT_ERR', 'the run was aborted', undefined, { cause: reason });
    this.name = 'AbortError';
  }
}

// ---------------------------------------------------------------------------------------------
// Hardening (issue 12): results that cannot be sent back, workers out of memory, input files
// that are missing or change during a run.
// ---------------------------------------------------------------------------------------------

/**
 * A value cannot be copied between threads (structured clone): a function, a symbol, a
 * Promise, a WeakMap… in a task's result (copied back from its worker), or in a chunk's items
 * or the context (copied to it). It is the caller's or the task's mistake, not the worker's,
 * so the chunk is not retried.
 *
 * @example
 * ```ts
 * import { UncloneableValueError } from 'polyfold/parallel';
 * const e = new UncloneableValueError('the result of tokenize for item [2]', '.nested[1]', 'the function f');
 * e.code; // 'ERR_UNCLONEABLE_VALUE'
 * ```
 */
export class UncloneableValueError extends PolyfoldTypeError<'ERR_UNCLONEABLE_VALUE'> {
  /** What was being sent (`"the result of tokenize for item [2] of the chunk"`). */
  readonly what: string;
  /** Where in it the value sits (`".nested[1]"`, `""` for the value itself). */
  readonly path: string;
  /** The value, described (`"the function f"`, `"the symbol Symbol(secret)"`). */
  readonly value: string;

  constructor(what: string, path: string, value: string, toWorker = false) {
    const where = path === '' ? `${what} is ${value}` : `${what} holds ${value} at ${path}`;
    super(
      'ERR_UNCLONEABLE_VALUE',
      `${where}, which cannot be copied ${toWorker ? 'to' : 'back from'} a worker thread ` +
        '(structured clone takes plain data, Map, Set, Date, typed arrays; no functions, ' +
        'symbols, Promises or WeakMaps). ' +
        (toWorker
          ? 'Send data as items and context; functions run in workers only as tasks declared ' +
            'with defineTasks, named in the job.'
          : 'Return data from the task; to send back a function, return the name of a task ' +
            'declared with defineTasks instead.'),
    );
    this.name = 'UncloneableValueError';
    this.what = what;
    this.path = path;
    this.value = value;
  }
}

/**
 * An input file of `textFile`/`textFiles` does not exist: when the run planned its ranges,
 * or when a worker opened it (removed since, or not visible from that worker's machine).
 *
 * @example
 * ```ts
 * import { InputNotFoundError } from 'polyfold/parallel';
 * const e = new InputNotFoundError('/data/nope.txt', 'textFile(path)', 'nope.txt');
 * e.code; // 'ERR_INPUT_NOT_FOUND'
 * ```
 */
export class InputNotFoundError extends PolyfoldError<'ERR_INPUT_NOT_FOUND'> {
  /** The absolute path that was looked for. */
  readonly path: string;
  /** The argument that named it (`"textFile(path)"`, `"textFiles(paths[2])"`), if known. */
  readonly argument: string | undefined;
  /** The path as given, before it was resolved. */
  readonly given: unknown;

  constructor(path: string, argument?: string, given?: unknown, whileReading = false) {
    const named =
      argument === undefined
        ? `the input file ${path}`
        : `${argument}: the file ${path}` +
          (typeof given === 'string' && given !== path
            ? ` (${JSON.stringify(given)}, resolved against ${process.cwd()})`
            : '');
    super(
      'ERR_INPUT_NOT_FOUND',
      whileReading
        ? `${named} existed when the run planned its ranges, but a worker cannot open it: it ` +
            'was removed during the run, or that worker runs where the file is not visible. ' +
            'Keep input files in place until the run ends, on storage every worker can read.'
        : `${named} does not exist. Check the path (relative paths are resolved against the ` +
            'working directory when textFile is called), or create the file before running.',
    );
    this.name = 'InputNotFoundError';
    this.path = path;
    this.argument = argument;
    this.given = given;
  }
}

/**
 * An input file changed between the moment a run planned its byte ranges and the moment a
 * worker read one: its size, modification time or inode differs. The run fails rather than
 * count a truncated file or mix old and new lines; it is not retried.
 *
 * @example
 * ```ts
 * import { InputChangedError } from 'polyfold/parallel';
 * const e = new InputChangedError('/data/log.txt', 'its size went from 100 to 40 bytes');
 * e.code; // 'ERR_INPUT_CHANGED'
 * ```
 */
export class InputChangedError extends PolyfoldError<'ERR_INPUT_CHANGED'> {
  readonly path: string;
  /** What changed (`"its size went from 100 to 40 bytes"`). */
  readonly change: string;

  constructor(path: string, change: string) {
    super(
      'ERR_INPUT_CHANGED',
      `the input file ${path} changed during the run (${change}), so its lines would be ` +
        'partly old and partly new. Run on a file nobody writes to: copy or snapshot it ' +
        'first, or write the next version under a new name.',
    );
    this.name = 'InputChangedError';
    this.path = path;
    this.change = change;
  }
}

/**
 * A worker thread ran out of heap while it ran a chunk, and was stopped. Not retried: the
 * same chunk would need the same memory again. The fix is a higher limit or smaller chunks.
 *
 * @example
 * ```ts
 * import { WorkerOutOfMemoryError } from 'polyfold/parallel';
 * const e = new WorkerOutOfMemoryError(2048);
 * e.code; // 'ERR_WORKER_OUT_OF_MEMORY'
 * ```
 */
export class WorkerOutOfMemoryError extends PolyfoldRangeError<'ERR_WORKER_OUT_OF_MEMORY'> {
  /** The heap cap the worker ran with, in MiB (`undefined`: V8's default). */
  readonly limitMb: number | undefined;

  constructor(limitMb: number | undefined, cause?: unknown) {
    const limit =
      limitMb === undefined || limitMb === 0
        ? "V8's default heap limit"
        : `its heap limit of ${limitMb} MiB`;
    super(
      'ERR_WORKER_OUT_OF_MEMORY',
      `a worker thread ran out of memory (${limit}, resourceLimits.maxOldGenerationSizeMb) and ` +
        'was stopped. Give workers more heap with threads({ resourceLimits: ' +
        '{ maxOldGenerationSizeMb: 4096 } }) or createPool({ resourceLimits: … }), or make ' +
        "the chunks smaller (chunkSize, textFile's rangeBytes); a task that allocates without " +
        'bound needs a fix, not more memory.',
      undefined,
      { cause },
    );
    this.name = 'WorkerOutOfMemoryError';
    this.limitMb = limitMb;
  }
}

/** Where the bundling recipe is; named by every error a bundled app can meet first. */
const BUNDLING_DOC =
  'see docs/bundling.md (in the package: node_modules/polyfold/docs/bundling.md)';

/**
 * Worker threads could not start: the worker entry or the pool's own worker file failed to
 * load, so every attempt would fail the same way. Not retried: the run fails at once.
 * Most often the app is bundled and the bundle did not emit the worker files.
 *
 * @example
 * ```ts
 * import { WorkerStartError } from 'polyfold/parallel';
 * const e = new WorkerStartError(new ReferenceError('__dirname is not defined'));
 * e.code; // 'ERR_WORKER_START'
 * ```
 */
export class WorkerStartError extends PolyfoldError<
  'ERR_WORKER_START' | 'ERR_WORKER_FILE_NOT_FOUND'
> {
  constructor(
    cause: unknown,
    message?: string,
    code: 'ERR_WORKER_START' | 'ERR_WORKER_FILE_NOT_FOUND' = 'ERR_WORKER_START',
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      code,
      message ?? `worker threads could not start: ${reason}. ${startHint(reason)}`,
      undefined,
      { cause },
    );
    this.name = 'WorkerStartError';
  }
}

function startHint(reason: string): string {
  if (/__dirname/.test(reason)) {
    return (
      'This looks like a bundled app with piscina (the pool under threads()) bundled into it: piscina finds its ' +
      "own worker.js through __dirname, which an ESM bundle lacks. Define __dirname in the bundle's banner and " +
      `emit piscina's worker.js next to the bundle, as the recipe does — ${BUNDLING_DOC}.`
    );
  }
  return (
    'If this is a bundled app, the bundle must emit polyfold-worker.js (from polyfold/worker) and ' +
    `piscina's worker.js next to itself — ${BUNDLING_DOC}.`
  );
}

/**
 * The worker entry is not where polyfold looked (or where `workerFile` /
 * `POLYFOLD_WORKER_FILE` said). Raised when the pool is created, before any worker starts.
 *
 * @example
 * ```ts
 * import { WorkerFileNotFoundError } from 'polyfold/parallel';
 * const e = new WorkerFileNotFoundError('file:///app/dist/polyfold-worker.js', 'not emitted');
 * e.code; // 'ERR_WORKER_FILE_NOT_FOUND'
 * ```
 */
export class WorkerFileNotFoundError extends WorkerStartError {
  declare readonly code: 'ERR_WORKER_FILE_NOT_FOUND';
  /** Where the worker entry was looked for. */
  readonly file: string;

  constructor(file: string, reason: string) {
    super(
      reason,
      `cannot find the worker entry ${file}: ${reason}. If this is a bundled app, emit polyfold's worker entry ` +
        "as its own entry point named polyfold-worker next to the bundle (entryPoints: { 'polyfold-worker': " +
        "'polyfold/worker', … }), or name the file with createPool({ workerFile }) or the POLYFOLD_WORKER_FILE " +
        `environment variable — ${BUNDLING_DOC}.`,
      'ERR_WORKER_FILE_NOT_FOUND',
    );
    this.name = 'WorkerFileNotFoundError';
    this.file = file;
  }
}

/**
 * A pool was started inside a worker thread of a polyfold pool. Almost always a worker
 * imported a task module that is the app itself (a bundle whose task modules are not entry
 * points of their own), so the app ran again in the worker; refusing stops it from starting
 * pools inside pools without end.
 *
 * @example
 * ```ts
 * import { NestedPoolError } from 'polyfold/parallel';
 * new NestedPoolError().code; // 'ERR_NESTED_POOL'
 * ```
 */
export class NestedPoolError extends PolyfoldError<'ERR_NESTED_POOL'> {
  constructor() {
    super(
      'ERR_NESTED_POOL',
      'createPool()/threads() was called inside a worker thread of a polyfold pool. A worker imported a task ' +
        "module that runs the app when imported — in a bundled app, the app's bundle itself, because its " +
        'task modules were bundled into it. Make every module that calls defineTasks its own entry point of ' +
        `the bundle and keep it out of the app's bundle (${BUNDLING_DOC}); unbundled, move the tasks out of ` +
        "the app's entry script or guard its top level with worker_threads' isMainThread.",
    );
    this.name = 'NestedPoolError';
  }
}

// ---------------------------------------------------------------------------------------------
// Partitioned output (issue 13): `output: { dir, partitions }` and `readOutput(dir)`.
// ---------------------------------------------------------------------------------------------

/**
 * A run with `output: { dir, partitions }` was given a fold that is not keyed: only a fold
 * whose accumulator is a table from key to partial (`folds.groupBy`, `folds.reduceBy`,
 * `folds.frequencies`) can be split by key into partitions. Raised before any work starts.
 *
 * @example
 * ```ts
 * import { NotKeyedFoldError } from 'polyfold/parallel';
 * const e = new NotKeyedFoldError('sum');
 * e.code; // 'ERR_NOT_KEYED_FOLD'
 * e.fold; // 'sum'
 * ```
 */
export class NotKeyedFoldError extends PolyfoldTypeError<'ERR_NOT_KEYED_FOLD'> {
  /** The fold's name (`'sum'`, `'topK'`), or `'a custom fold'`. */
  readonly fold: string;

  constructor(fold: string) {
    const named = fold === 'a custom fold' ? fold : `folds.${fold}()`;
    super(
      'ERR_NOT_KEYED_FOLD',
      `${named} is not a keyed fold, so its result cannot be written as partitions: \`output\` ` +
        'splits a table from key to value by key. Use a keyed fold — folds.groupBy(key, fold), ' +
        'folds.reduceBy(key, fold) or folds.frequencies() — or run without `output` to get the ' +
        'result in memory.',
    );
    this.name = 'NotKeyedFoldError';
    this.fold = fold;
  }
}

/**
 * `output.dir` already holds a finished output (its `_SUCCESS` file). Refused before any work
 * starts, so a rerun never silently replaces a result.
 *
 * @example
 * ```ts
 * import { OutputExistsError } from 'polyfold/parallel';
 * new OutputExistsError('/data/out/wordcount').code; // 'ERR_OUTPUT_EXISTS'
 * ```
 */
export class OutputExistsError extends PolyfoldError<'ERR_OUTPUT_EXISTS'> {
  /** The output directory. */
  readonly dir: string;

  constructor(dir: string) {
    super(
      'ERR_OUTPUT_EXISTS',
      `${dir} already holds a finished output (${dir}/_SUCCESS exists). Read it with ` +
        'readOutput(dir), write to another directory, or pass `output: { dir, partitions, ' +
        'overwrite: true }` to replace it.',
    );
    this.name = 'OutputExistsError';
    this.dir = dir;
  }
}

/**
 * `output.dir` cannot be created or written (a file is in the way, no permission, a read-only
 * or missing mount). Checked before any work starts; on a cluster every worker checks it too.
 *
 * @example
 * ```ts
 * import { OutputNotWritableError } from 'polyfold/parallel';
 * new OutputNotWritableError('/data/out', 'EACCES').code; // 'ERR_OUTPUT_NOT_WRITABLE'
 * ```
 */
export class OutputNotWritableError extends PolyfoldError<'ERR_OUTPUT_NOT_WRITABLE'> {
  /** The output directory. */
  readonly dir: string;
  /** The system error's code (`'EACCES'`, `'ENOTDIR'`, `'EROFS'`…), when there was one. */
  readonly reason: string;

  constructor(dir: string, reason: string, cause?: unknown) {
    super(
      'ERR_OUTPUT_NOT_WRITABLE',
      `cannot write the output to ${dir} (${reason}). Choose a directory this process can create ` +
        'and write (on a cluster: one that the caller and every worker reach at the same path, ' +
        'like HDFS for Hadoop), or fix its permissions.',
      undefined,
      { cause },
    );
    this.name = 'OutputNotWritableError';
    this.dir = dir;
    this.reason = reason;
  }
}

/**
 * `readOutput(dir)` was pointed at a directory without `_SUCCESS`: the run that writes it has
 * not finished, failed, or never ran there. Partial outputs are never read.
 *
 * @example
 * ```ts
 * import { OutputIncompleteError } from 'polyfold/parallel';
 * new OutputIncompleteError('/data/out/wordcount').code; // 'ERR_OUTPUT_INCOMPLETE'
 * ```
 */
export class OutputIncompleteError extends PolyfoldError<'ERR_OUTPUT_INCOMPLETE'> {
  /** The directory that was read. */
  readonly dir: string;

  constructor(dir: string, cause?: unknown) {
    super(
      'ERR_OUTPUT_INCOMPLETE',
      `${dir} holds no finished output (no ${dir}/_SUCCESS): the run writing it has not finished, ` +
        'failed, or wrote elsewhere. Wait for run() to resolve, or rerun the job with ' +
        '`output: { dir, partitions }` (add `overwrite: true` only to replace a finished output).',
      undefined,
      { cause },
    );
    this.name = 'OutputIncompleteError';
    this.dir = dir;
  }
}

/**
 * A partition file (or `_SUCCESS`) does not hold what a polyfold run wrote: a line that is not
 * an encoded `[key, value]`, a file shorter than its manifest says. Another program changed
 * the directory, or it was copied incompletely.
 *
 * @example
 * ```ts
 * import { CorruptOutputError } from 'polyfold/parallel';
 * new CorruptOutputError('/data/out/part-00003', 12, 'not JSON').code; // 'ERR_CORRUPT_OUTPUT'
 * ```
 */
export class CorruptOutputError extends PolyfoldError<'ERR_CORRUPT_OUTPUT'> {
  /** The file. */
  readonly file: string;
  /** The 1-based line number, or 0 for the file as a whole. */
  readonly line: number;

  constructor(file: string, line: number, problem: string, cause?: unknown) {
    super(
      'ERR_CORRUPT_OUTPUT',
      `${file}${line > 0 ? ` line ${line}` : ''} is not what polyfold wrote (${problem}). Rerun ` +
        'the job into a fresh directory (or with `overwrite: true`); copy an output directory ' +
        'whole, `_SUCCESS` last.',
      undefined,
      { cause },
    );
    this.name = 'CorruptOutputError';
    this.file = file;
    this.line = line;
  }
}
