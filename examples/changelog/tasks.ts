/**
 * Tasks of the changelog example, in their own module: worker threads import this module by
 * URL, and it must not run the example's main code when they do.
 */
import { defineTasks } from '../../src/parallel/index.js';

/** One change to one key, as a Kafka-style log carries it; `value: null` deletes the key. */
export interface Change {
  readonly key: string;
  readonly value: { readonly plan: string; readonly seats: number } | null;
  /** The position in the log (Kafka's offset). */
  readonly offset: number;
}

export const { parseChange, keyOf } = defineTasks(import.meta.url, {
  /** A line of the JSON-lines log. */
  parseChange: (line: string): Change => JSON.parse(line) as Change,
  /** The row a change applies to. */
  keyOf: (change: Change): string => change.key,
});
