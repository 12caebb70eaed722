/**
 * Word count on every core, with `threads()`: the same job as local.ts. Each worker thread
 * imports tasks.ts by its URL, reads its own byte ranges of the files, folds them, and sends
 * back a partial Counter; partial results are combined in range order, so the result equals
 * local()'s exactly.
 *
 *   npx tsx examples/word-count/threads.ts [FILE…]   (default: README.md and docs/*.md)
 *
 * POLYFOLD_WORKERS sets the number of threads (default: one per core).
 */
import { availableParallelism } from 'node:os';
import { run } from '../../src/functional/index.js';
import { textFiles, threads } from '../../src/parallel/index.js';
import { inputFiles, printTop } from './corpus.js';
import { wordCount } from './job.js';

const workers = Number(process.env.POLYFOLD_WORKERS ?? availableParallelism());
const executor = threads({ workers });
const files = inputFiles(process.argv.slice(2));
try {
  const counts = await run(wordCount, textFiles(files), { executor });
  console.log(
    `threads({ workers: ${workers} }): ${counts.total()} words (${counts.size} distinct) in ${files.length} files`,
  );
  printTop(counts);
} finally {
  await executor.close();
}
