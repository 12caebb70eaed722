/**
 * The word-count job (Wolohan's running example): lines → words → content words → counts.
 * One job, run unchanged by every executor:
 *
 *   npx tsx examples/word-count/local.ts README.md       # this thread
 *   npx tsx examples/word-count/threads.ts README.md     # every core
 *   npx tsx examples/word-count/cluster.ts README.md     # Redis + workers
 *   node --import tsx src/cli/index.ts run examples/word-count/job.ts --input README.md
 *
 * In your own project, import from 'polyfold/functional'.
 */
import { filter, flatMap, folds, pipeline } from '../../src/functional/index.js';
import { isContentWord, words } from './tasks.js';

/** Counts the content words of the lines it is given (a `Counter<string>`). */
export const wordCount = pipeline(flatMap(words), filter(isContentWord)).fold(folds.frequencies());
