/**
 * The engine's transport that runs every chunk on this thread: what `local()` of
 * `polyfold/parallel` uses for a partitioned output, so the reference executor writes its
 * partitions through the same map tasks, reduce tasks and commit as the workers do.
 */
import { randomUUID } from 'node:crypto';
import type { Job, OutputPartition } from '../../functional/index.js';
import type { MapTaskReply } from '../protocol.js';
import { keyedOps } from '../shuffle/keyed.js';
import { runMapTask } from '../shuffle/map-task.js';
import { runReduceTask } from '../shuffle/reduce-task.js';
import { itemsOf } from './input.js';
import type { ChunkResult, Transport } from './transport.js';

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A transport folding `job`'s chunks here, one at a time. */
export function inProcess(job: Job<unknown, unknown>): Transport {
  return {
    slots: 1,
    targetMs: 1,
    maxInFlight: 1,
    retries: 0,
    maxItems: 65_536,
    async fold(chunk): Promise<ChunkResult> {
      await yieldToLoop();
      const t0 = performance.now();
      const items = itemsOf(chunk.input);
      const acc = job.foldChunk(items as Iterable<unknown>);
      return { acc, items: items.length, micros: (performance.now() - t0) * 1000 };
    },
    async sequence() {
      throw new Error('inProcess: a sequence runs as local() runs any job');
    },
    copyMicros: () => undefined,
    isFatal: () => false,
    async mapTask(chunk, output): Promise<MapTaskReply> {
      await yieldToLoop();
      const t0 = performance.now();
      const items = itemsOf(chunk.input);
      const table = job.foldChunk(items as Iterable<unknown>);
      const result = await runMapTask(
        {
          dir: output.dir,
          run: output.run,
          task: chunk.index,
          attempt: randomUUID(),
          partitions: output.partitions,
          ops: keyedOps(job.fold),
          ...(output.spillEntries === undefined ? {} : { spillEntries: output.spillEntries }),
        },
        [table],
      );
      return {
        items: items.length,
        micros: (performance.now() - t0) * 1000,
        keys: result.keys,
        bytes: result.bytes,
        committed: result.committed,
      };
    },
    async reduceTask(task): Promise<OutputPartition> {
      return runReduceTask({ ...task, ops: keyedOps(job.fold), attempt: randomUUID() });
    },
  };
}
