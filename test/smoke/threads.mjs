// Runs a job on worker threads from the BUILT package (ESM): the worker entry must be found
// next to dist/parallel/index.js and load a plain JavaScript task module.
import assert from 'node:assert/strict';
import { flatMap, folds, map, pipeline, run } from 'polyfold/functional';
import { threads } from 'polyfold/parallel';
import { lower, tokenize } from './tasks.mjs';

const job = pipeline(flatMap(tokenize), map(lower)).fold(folds.frequencies());
const lines = Array.from({ length: 500 }, (_, i) => `The cat ${i % 3} and THE dog`);
const executor = threads({ workers: 2, chunkSize: 50 });
const got = await run(job, lines, { executor });
const expected = await run(job, lines);
assert.equal(got.get('the'), 1000);
assert.deepEqual([...got.entries()], [...expected.entries()]);
await executor.close();
console.log('esm ok  threads executor from dist');
