/**
 * Errors raised by `polyfold/functional`. Each carries a stable `code` (for programs), the
 * offending value (for debugging) and a message that says how to fix the problem (for people).
 *
 * Errors thrown by *your* functions (a mapper, a key, a predicate) are never wrapped: they reach
 * you unchanged, so `instanceof` and stack traces keep working.
 */
import { describeValue, PolyfoldError, PolyfoldTypeError } from '../errors/index.js';

/**
 * An argument given to a combinator, a fold or a runner is of the wrong kind or out of range:
 * `take(-1)`, `chunk(0)`, `map(42)`, `range(0, 10, 0)`.
 *
 * @example
 * ```ts
 * import { take, InvalidArgumentError } from 'polyfold/functional';
 * try { take(-1); } catch (e) {
 *   (e as InvalidArgumentError).code; // 'ERR_INVALID_ARGUMENT'
 *   (e as InvalidArgumentError).value; // -1
 * }
 * ```
 */
export class InvalidArgumentError extends PolyfoldTypeError<'ERR_INVALID_ARGUMENT'> {
  /** The function that refused the argument (`'take'`, `'folds.topK'`…). */
  readonly functionName: string;
  /** The parameter's name (`'n'`, `'f'`…). */
  readonly argument: string;
  /** The value that was given. */
  readonly value: unknown;

  /**
   * @param fix Real code the user can paste to fix the call (`threads({ workers: 2 })`); when
   *   omitted, one is derived from `argument` and `expected` where that is certain, else the
   *   message suggests none.
   */
  constructor(
    functionName: string,
    argument: string,
    expected: string,
    value: unknown,
    fix: string | undefined = example(functionName, argument, expected),
  ) {
    super(
      'ERR_INVALID_ARGUMENT',
      `${functionName}: ${argument} must be ${expected}, got ${describeValue(value)}.` +
        (fix === undefined ? '' : ` For example: ${fix}`),
    );
    this.name = 'InvalidArgumentError';
    this.functionName = functionName;
    this.argument = argument;
    this.value = value;
  }
}

// Combinators whose only argument is a count or a size, so `f(3)` is a complete, valid call.
const SIZED = new Set(['take', 'drop', 'takeNth', 'nth', 'chunk', 'window', 'topK', 'folds.topK']);

/**
 * A fix only when it is code that runs as pasted: a sample value for the argument, written
 * where it goes (`{ workers: 2 }` for `options.workers`), or a complete call for the
 * one-argument combinators. Anything less certain gets no example: a wrong one costs more
 * than none.
 */
function example(functionName: string, argument: string, expected: string): string | undefined {
  const sample = sampleOf(argument, expected);
  if (sample === undefined) return undefined;
  const option = /^options\.([A-Za-z_$][\w$]*)$/.exec(argument);
  if (option) return `{ ${option[1]}: ${sample === '3' ? '2' : sample} }`;
  if ((argument === 'n' || argument === 'size') && SIZED.has(functionName)) {
    return `${functionName}(${sample})`;
  }
  return undefined;
}

function sampleOf(argument: string, expected: string): string | undefined {
  if (/^a (positive|non-negative) integer\b/.test(expected)) return '3';
  if (expected === 'a function') {
    return argument === 'options.onProgress' ? '(p) => console.log(p)' : '(x) => x';
  }
  if (expected === 'an AbortSignal') return 'AbortSignal.timeout(60_000)';
  return undefined;
}

/**
 * A source or an argument that must be iterable is not: `count(42)`, `zip([1], 2)`, or a
 * `flatMap` function that returned a non-iterable.
 *
 * @example
 * ```ts
 * import { count, NotIterableError } from 'polyfold/functional';
 * try { count(42 as never); } catch (e) {
 *   (e as NotIterableError).code; // 'ERR_NOT_ITERABLE'
 * }
 * ```
 */
export class NotIterableError extends PolyfoldTypeError<'ERR_NOT_ITERABLE'> {
  /** The function that needed an iterable. */
  readonly functionName: string;
  /** The value that is not iterable. */
  readonly value: unknown;

  constructor(functionName: string, value: unknown, asyncAllowed: boolean) {
    const wanted = asyncAllowed
      ? 'an iterable (array, string, Set, Map, generator…) or an async iterable'
      : 'a synchronous iterable (array, string, Set, Map, generator…)';
    super(
      'ERR_NOT_ITERABLE',
      `${functionName}: expected ${wanted}, got ${describeValue(value)}. ` +
        'Wrap a single value in an array ([x]); iterate an object with Object.entries(obj).',
    );
    this.name = 'NotIterableError';
    this.functionName = functionName;
    this.value = value;
  }
}

/**
 * A synchronous entry point (`job.apply`, a sync-only source such as `cycle`) was given an
 * async iterable. Use the async form instead: `await run(job, source)`, or a combinator, which
 * accepts async iterables and returns one.
 *
 * @example
 * ```ts
 * import { pipeline, map, folds, AsyncSourceError } from 'polyfold/functional';
 * const job = pipeline(map((x: number) => x + 1)).fold(folds.sum());
 * async function* xs() { yield 1; }
 * try { job.apply(xs() as never); } catch (e) {
 *   (e as AsyncSourceError).code; // 'ERR_ASYNC_SOURCE'
 * }
 * ```
 */
export class AsyncSourceError extends PolyfoldTypeError<'ERR_ASYNC_SOURCE'> {
  readonly functionName: string;
  /** The async iterable that was given. */
  readonly value: unknown;

  constructor(functionName: string, value: unknown) {
    super(
      'ERR_ASYNC_SOURCE',
      `${functionName} is synchronous and was given an async iterable (${describeValue(value)}). ` +
        'Use `await run(job, source)` for jobs, or pass the async iterable to a combinator ' +
        '(they return async iterables for async inputs).',
    );
    this.name = 'AsyncSourceError';
    this.functionName = functionName;
    this.value = value;
  }
}

/**
 * An executor that splits its input into chunks was given a job whose stages depend on the
 * position of elements or stop early (`take`, `enumerate`, `chunk`…): folding chunks
 * separately would change the result. Move those stages out of the job (apply them to the
 * source first) or run the job with `local()`.
 *
 * @example
 * ```ts
 * import { pipeline, take, folds, UnsplittableJobError } from 'polyfold/functional';
 * const job = pipeline(take(10)).fold(folds.sum());
 * const err = new UnsplittableJobError('threads', job.stages);
 * err.code; // 'ERR_JOB_NOT_SPLITTABLE'
 * err.stages; // ['take']
 * ```
 */
export class UnsplittableJobError extends PolyfoldError<'ERR_JOB_NOT_SPLITTABLE'> {
  /** The executor that refused the job. */
  readonly executor: string;
  /** The kinds of the stages that cannot be split. */
  readonly stages: readonly string[];

  constructor(executor: string, stages: readonly { kind: string; splittable: boolean }[]) {
    const bad = stages.filter((s) => !s.splittable).map((s) => s.kind);
    super(
      'ERR_JOB_NOT_SPLITTABLE',
      `${executor}: this job cannot be split into chunks because of its ${bad.join(', ')} ` +
        'stage(s), whose result depends on element positions or stops early. Apply those ' +
        'stages to the source before running the job, or run it with local().',
    );
    this.name = 'UnsplittableJobError';
    this.executor = executor;
    this.stages = bad;
  }
}

/**
 * A stage descriptor or a fold spec names a kind this version of polyfold does not know
 * (usually a job built by a newer version, or a hand-written descriptor with a typo).
 *
 * @example
 * ```ts
 * import { reviveStage, UnknownKindError } from 'polyfold/functional';
 * try { reviveStage({ kind: 'mapp', args: [] } as never); } catch (e) {
 *   (e as UnknownKindError).code; // 'ERR_UNKNOWN_KIND'
 * }
 * ```
 */
export class UnknownKindError extends PolyfoldTypeError<'ERR_UNKNOWN_KIND'> {
  /** `'stage'` or `'fold'`. */
  readonly what: 'stage' | 'fold';
  /** The unknown name. */
  readonly value: unknown;

  constructor(what: 'stage' | 'fold', value: unknown, known: readonly string[]) {
    super(
      'ERR_UNKNOWN_KIND',
      `unknown ${what} ${describeValue(value)}; known ${what}s are: ${known.join(', ')}. ` +
        'Build the descriptor with the same polyfold version on both ends.',
    );
    this.name = 'UnknownKindError';
    this.what = what;
    this.value = value;
  }
}

/**
 * A fold or combinator met an element it cannot handle: `folds.sum()` over a string,
 * `folds.stats()` over `null`. Map the elements first (`map(Number)`), or filter them out.
 *
 * @example
 * ```ts
 * import { fold, folds, InvalidElementError } from 'polyfold/functional';
 * try { fold(folds.sum())(['1'] as never); } catch (e) {
 *   (e as InvalidElementError).code; // 'ERR_INVALID_ELEMENT'
 *   (e as InvalidElementError).value; // '1'
 * }
 * ```
 */
export class InvalidElementError extends PolyfoldTypeError<'ERR_INVALID_ELEMENT'> {
  /** The fold or combinator that refused the element. */
  readonly functionName: string;
  /** The element. */
  readonly value: unknown;

  constructor(functionName: string, expected: string, value: unknown) {
    super(
      'ERR_INVALID_ELEMENT',
      `${functionName}: every element must be ${expected}, got ${describeValue(value)}. ` +
        'Convert elements first (e.g. map(Number)) or filter out the others.',
    );
    this.name = 'InvalidElementError';
    this.functionName = functionName;
    this.value = value;
  }
}

// Thrown by the protocols layer too (HashMap/HashSet/Counter constructors, `contains`), so the
// class lives there and is re-exported here: one class, one `instanceof`, for every layer.
export { BadIteratorError } from '../protocols/index.js';
