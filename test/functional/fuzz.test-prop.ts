/**
 * Fuzz: every public function of `polyfold/functional` (and every fold constructor), called
 * with arbitrary values — then its result called, iterated (a bounded number of steps) or
 * awaited, again with arbitrary values — either returns or throws a documented polyfold error
 * (one with a known `code`). It never hangs and never leaks an internal TypeError.
 *
 * `pipe` and `flow` are fp-ts's own functions, re-exported unchanged, so they are not fuzzed
 * here.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import * as _ from '../../src/functional/index.js';

const DOCUMENTED = new Set([
  // polyfold/functional
  'ERR_INVALID_ARGUMENT',
  'ERR_NOT_ITERABLE',
  'ERR_ASYNC_SOURCE',
  'ERR_INVALID_ELEMENT',
  'ERR_UNKNOWN_KIND',
  'ERR_JOB_NOT_SPLITTABLE',
  // polyfold/dispatch: an options object with a key the function does not know
  'ERR_UNKNOWN_OPTION',
  'ERR_BAD_ITERATOR',
  // polyfold/protocols (compare, hash, equals on values the fuzzer makes up)
  'ERR_INCOMPARABLE',
  'ERR_UNSUPPORTED_TYPE',
  'ERR_PROTOCOL_RESULT',
]);

const MAX_STEPS = 30;

function isDocumented(err: unknown): boolean {
  return err instanceof Error && DOCUMENTED.has((err as { code?: string }).code ?? '');
}

/** Calls, iterates or awaits whatever came back, with one more arbitrary argument. */
async function exercise(x: unknown, extra: unknown, depth: number): Promise<void> {
  if (x instanceof Promise) {
    await x;
    return;
  }
  if (depth > 2) return;
  if (_.isFold(x)) {
    await exercise(_.fold(x)(extra as never), extra, depth + 1);
    return;
  }
  if (typeof x === 'function') {
    await exercise((x as (a: unknown) => unknown)(extra), extra, depth + 1);
    return;
  }
  if (typeof x === 'string' || x === null || typeof x !== 'object') return;
  if (typeof (x as Iterable<unknown>)[Symbol.iterator] === 'function') {
    const it = (x as Iterable<unknown>)[Symbol.iterator]();
    for (let i = 0; i < MAX_STEPS; i++) if (it.next().done) return;
    it.return?.();
    return;
  }
  if (typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const it = (x as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    for (let i = 0; i < MAX_STEPS; i++) if ((await it.next()).done) return;
    await it.return?.();
  }
}

const value = fc.oneof(
  { weight: 4, arbitrary: fc.anything() },
  { weight: 1, arbitrary: fc.func(fc.anything()) },
  { weight: 1, arbitrary: fc.array(fc.integer(), { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.integer({ min: -3, max: 5 }) },
);

type Callable = (...args: unknown[]) => unknown;
const skip = new Set(['pipe', 'flow']);
const targets: [string, Callable][] = [
  ...Object.entries(_)
    .filter(([name, v]) => typeof v === 'function' && !skip.has(name) && !/Error$/.test(name))
    .map(([name, v]) => [name, v as Callable] as [string, Callable]),
  ...Object.entries(_.folds).map(
    ([name, v]) => [`folds.${name}`, v as Callable] as [string, Callable],
  ),
];

describe.each(targets)('%s', (_name, f) => {
  test.prop([fc.array(value, { maxLength: 3 }), value], { numRuns: 40 })(
    'returns or throws a documented polyfold error',
    async (args, extra) => {
      try {
        await exercise(f(...args), extra, 0);
      } catch (err) {
        if (!isDocumented(err)) throw err;
        expect((err as Error).message.length).toBeGreaterThan(20);
      }
    },
  );
});
