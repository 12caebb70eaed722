/**
 * Every options object of the public API refuses a key it does not know (a typo would
 * otherwise run with the default): for each options-taking function, a random unknown key is
 * refused with ERR_UNKNOWN_OPTION naming that key, and the function's own keys are accepted.
 */
import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect } from 'vitest';
import * as cl from '../../src/cluster/index.js';
import * as d from '../../src/dispatch/index.js';
import * as f from '../../src/functional/index.js';
import * as laws from '../../src/laws/index.js';
import * as par from '../../src/parallel/index.js';
import * as pr from '../../src/protocols/index.js';

const pool = par.createPool({ workers: 1 });
afterAll(() => pool.close());

const job = f.pipeline(f.map((x: number) => x)).fold(f.folds.sum());
const { ident } = par.defineTasks(import.meta.url, { ident: (x: number) => x });

type Call = (options: Record<string, unknown>) => unknown;

/** Each public function that takes options, called with `base` plus the options under test. */
const calls: Record<string, [Call, Record<string, unknown>, readonly string[]]> = {
  singledispatch: [(o) => d.singledispatch(o as never), { name: 'f' }, ['name']],
  singledispatchmethod: [(o) => d.singledispatchmethod(o as never), { name: 'm' }, ['name']],
  abstractType: [(o) => d.abstractType('T', () => true, o), {}, ['inheritedOnly']],
  HashMap: [(o) => new pr.HashMap(null, o), {}, ['equals', 'hash', 'debug', 'compare']],
  HashSet: [(o) => new pr.HashSet(null, o), {}, ['equals', 'hash', 'debug']],
  Counter: [(o) => new pr.Counter(null, o), {}, ['equals', 'hash', 'debug']],
  run: [(o) => f.run(job, [1, 2], o), {}, ['executor', 'signal', 'onProgress']],
  local: [(o) => f.local(o), {}, ['chunkSize', 'transfer']],
  sorted: [(o) => f.sorted(o), {}, ['key', 'reverse']],
  memoize: [(o) => f.memoize((x: number) => x, o), {}, ['key']],
  threads: [(o) => par.threads(o), {}, ['workers', 'chunkSize', 'retries', 'maxInFlight']],
  createPool: [(o) => par.createPool(o), {}, ['workers', 'retries', 'idleTimeout']],
  textFile: [(o) => par.textFile('big.txt', o), {}, ['rangeBytes']],
  textFiles: [(o) => par.textFiles(['a.txt'], o), {}, ['rangeBytes']],
  'pool.map': [(o) => pool.map(ident, [1, 2], o), {}, ['chunkSize', 'context']],
  'pool.fold': [(o) => pool.fold(job, [1, 2], o), {}, ['chunkSize', 'retries', 'maxInFlight']],
  cluster: [
    (o) => cl.cluster(o as never),
    { connection: 'redis://127.0.0.1:1', queue: 'q' },
    ['chunkSize', 'retries', 'workers', 'prefix'],
  ],
  startWorker: [
    (o) => cl.startWorker(o as never),
    { connection: 'redis://127.0.0.1:1', queue: 'q', tasks: [] },
    ['concurrency', 'prefix', 'dataRoots'],
  ],
  eqLaws: [
    (o) => laws.eqLaws(o as never),
    { arbitrary: fc.integer(), equalTo: fc.constant },
    ['equals'],
  ],
  hashLaws: [(o) => laws.hashLaws(o as never), { arbitrary: fc.integer() }, ['sampleSize']],
  sequenceHashLaws: [
    (o) => laws.sequenceHashLaws(o as never),
    { elements: fc.integer(), build: (xs: number[]) => xs },
    ['equals'],
  ],
  ordLaws: [(o) => laws.ordLaws(o as never), { arbitrary: fc.integer() }, ['compare']],
  semigroupLaws: [(o) => laws.semigroupLaws(o as never), { arbitrary: fc.integer() }, ['concat']],
  monoidLaws: [
    (o) => laws.monoidLaws(o as never),
    { arbitrary: fc.integer(), empty: 0 },
    ['concat', 'equals'],
  ],
  foldLaws: [
    (o) => laws.foldLaws(o as never),
    { fold: f.folds.sum(), elements: fc.integer() },
    ['maxLength'],
  ],
};

async function refusal(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

// Keys no options object has: any string but the known ones (and `__proto__`, which an
// object literal would not make an own key).
const unknownKey = fc
  .string({ minLength: 1, maxLength: 12 })
  .filter((k) => k !== '__proto__' && !/^(name|key|workers?)$/.test(k));

describe('unknown option keys', () => {
  for (const [name, [call, base, sampleKnown]] of Object.entries(calls)) {
    test.prop([unknownKey, fc.anything()], { numRuns: 25 })(
      `${name} refuses an unknown key with ERR_UNKNOWN_OPTION naming it`,
      async (key, value) => {
        fc.pre(!sampleKnown.includes(key) && !(key in base));
        const error = await refusal(() => call({ ...base, [key]: value }));
        expect(error).toBeInstanceOf(d.UnknownOptionError);
        expect(error).toMatchObject({ code: 'ERR_UNKNOWN_OPTION', key, functionName: name });
        expect((error as d.UnknownOptionError).known).toEqual(
          expect.arrayContaining([...sampleKnown]),
        );
      },
    );
  }
});
