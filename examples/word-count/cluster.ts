/**
 * Word count on a cluster: the same job as local.ts and threads.ts, on BullMQ workers that
 * share a Redis (≥ 6.2). Start Redis, then run:
 *
 *   redis-server --port 6379 --save '' --appendonly no    (or: docker run --rm -p 6379:6379 redis:7)
 *   npx tsx examples/word-count/cluster.ts [FILE…]        (default: README.md and docs/*.md)
 *
 * One command is enough on one machine: this script starts a worker in its own process
 * (`startWorker`). To add machines, run on each one, from the same checkout at the same
 * path (workers import tasks.ts and read the input files themselves):
 *
 *   node --import tsx src/cli/index.ts worker --redis redis://HOST:6379 --queue word-count \
 *     --tasks examples/word-count/tasks.ts                 (installed: npx polyfold worker …)
 *
 * POLYFOLD_REDIS sets Redis (default redis://127.0.0.1:6379); POLYFOLD_EXTERNAL_WORKERS=1
 * starts no worker here and relies on the others.
 */
import { cluster, startWorker } from '../../src/cluster/index.js';
import { run } from '../../src/functional/index.js';
import { textFiles } from '../../src/parallel/index.js';
import { inputFiles, printTop } from './corpus.js';
import { wordCount } from './job.js';

const connection = process.env.POLYFOLD_REDIS ?? 'redis://127.0.0.1:6379';
const queue = 'word-count';

const worker =
  process.env.POLYFOLD_EXTERNAL_WORKERS === '1'
    ? undefined
    : await startWorker({
        connection,
        queue,
        // The allow-list: a job naming any other module is refused.
        tasks: [new URL('./tasks.ts', import.meta.url).href],
        concurrency: 2,
      });
const executor = cluster({ connection, queue });
const files = inputFiles(process.argv.slice(2));
try {
  const counts = await run(wordCount, textFiles(files), { executor });
  console.log(
    `cluster({ queue: '${queue}' }): ${counts.total()} words (${counts.size} distinct) in ${files.length} files`,
  );
  printTop(counts);
} finally {
  await executor.close();
  await worker?.close();
}
