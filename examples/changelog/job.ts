/**
 * The log-to-table job: a changelog (one JSON change per line, as a Kafka topic holds it)
 * folded into a table — for every key, the latest change and how many changes it had —
 * plus the number of changes in all. Kafka Streams calls this turning a stream into a table
 * (a KTable); here it is one Fold, so it runs on any executor.
 *
 * Why it splits: `folds.last()` keeps the right-hand one of two partial results, and the
 * executors combine partial results in log order, so the last change of each key wins on
 * threads exactly as it does in one pass.
 */
import { folds, map, pipeline } from '../../src/functional/index.js';
import { keyOf, parseChange } from './tasks.js';

/** Lines of the log → `{ rows: HashMap<key, { latest, changes }>, changes }`. */
export const logToTable = pipeline(map(parseChange)).fold(
  folds.struct({
    rows: folds.reduceBy(keyOf, folds.struct({ latest: folds.last(), changes: folds.count() })),
    changes: folds.count(),
  }),
);
