// The CommonJS twin of threads.mjs: worker.cjs next to dist/parallel/index.cjs.
const assert = require('node:assert/strict');
const { flatMap, folds, map, pipeline, run } = require('polyfold/functional');
const { threads } = require('polyfold/parallel');
const { lower, tokenize } = require('./tasks.cjs');

(async () => {
  const job = pipeline(flatMap(tokenize), map(lower)).fold(folds.frequencies());
  const lines = Array.from({ length: 500 }, (_, i) => `The cat ${i % 3} and THE dog`);
  const executor = threads({ workers: 2, chunkSize: 50 });
  const got = await run(job, lines, { executor });
  assert.equal(got.get('the'), 1000);
  assert.deepEqual([...got.entries()], [...(await run(job, lines)).entries()]);
  await executor.close();
  console.log('cjs ok  threads executor from dist');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
