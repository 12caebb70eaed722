/**
 * Word count on this thread, with `local()`: the reference every other executor matches.
 *
 *   npx tsx examples/word-count/local.ts [FILE…]     (default: README.md and docs/*.md)
 *
 * The job (job.ts) is the same object threads.ts and cluster.ts run; only the executor
 * changes.
 */
import { local, run } from '../../src/functional/index.js';
import { textFiles } from '../../src/parallel/index.js';
import { inputFiles, printTop } from './corpus.js';
import { wordCount } from './job.js';

const files = inputFiles(process.argv.slice(2));
const counts = await run(wordCount, textFiles(files), { executor: local() });

console.log(`local(): ${counts.total()} words (${counts.size} distinct) in ${files.length} files`);
printTop(counts);
