/**
 * The worker entry: its own emitted file (dist/parallel/worker.js and .cjs), loaded by
 * piscina in every worker thread (and used by cluster workers). It receives plain-data
 * requests, loads the task modules they name, and answers with plain data. A task's own
 * error comes back as data (`{ ok: false }`), so a rejected piscina promise always means the
 * worker itself failed (died, was terminated) and the chunk may be retried.
 */

import { randomUUID } from 'node:crypto';
import { PolyfoldTypeError } from '../errors/index.js';
import type { Job } from '../functional/index.js';
import { findUncloneable } from './cloneable.js';
import { itemsOf } from './engine/input.js';
import type { SequenceStep } from './engine/transport.js';
import { AbortedError, UncloneableValueError } from './errors.js';
import { loadTask } from './loader.js';
import type {
  FoldReply,
  FoldRequest,
  MapReply,
  MapTaskReply,
  MapTaskRequest,
  ReduceTaskRequest,
  SequenceMessage,
  SequenceRequest,
  WorkerReply,
  WorkerRequest,
} from './protocol.js';
import { failureOf } from './protocol.js';
import { decodeJob } from './ship.js';
import { keyedOps } from './shuffle/keyed.js';
import { runMapTask } from './shuffle/map-task.js';
import { type OutputPartition, runReduceTask } from './shuffle/reduce-task.js';

// Jobs revived for recent runs; a run's chunks mostly land on the same few workers.
const jobs = new Map<string, Promise<Job<unknown, unknown>>>();
const KEEP = 8;

function jobFor(
  request: FoldRequest | SequenceRequest | MapTaskRequest | ReduceTaskRequest,
): Promise<Job<unknown, unknown>> {
  let job = jobs.get(request.jobId);
  if (job === undefined) {
    job = decodeJob(request.job, request.context);
    jobs.set(request.jobId, job);
    job.catch(() => jobs.delete(request.jobId));
    if (jobs.size > KEEP) jobs.delete(jobs.keys().next().value as string);
  }
  return job;
}

/** Folds one chunk of a job; exported for cluster workers, which run it in a process. */
export async function foldChunk(request: FoldRequest): Promise<FoldReply> {
  const job = await jobFor(request);
  // Reading a range is part of the chunk's work: text sizes are learned from it too.
  const t0 = performance.now();
  const items = itemsOf(request.input);
  const acc = job.foldChunk(items);
  const micros = (performance.now() - t0) * 1000;
  return { acc: encodeAcc(job, acc), items: items.length, micros };
}

/**
 * Folds one chunk and writes its table as one map task of a partitioned output (exported for
 * cluster workers). Each attempt writes under an id of its own; the first to commit wins.
 */
export async function mapTask(request: MapTaskRequest): Promise<MapTaskReply> {
  const job = await jobFor(request);
  const ops = keyedOps(job.fold);
  const t0 = performance.now();
  const items = itemsOf(request.input);
  const table = job.foldChunk(items);
  const { dir, run, partitions, spillEntries } = request.output;
  const result = await runMapTask(
    {
      dir,
      run,
      task: request.task,
      attempt: randomUUID(),
      partitions,
      ops,
      ...(spillEntries === undefined ? {} : { spillEntries }),
    },
    [table],
  );
  const micros = (performance.now() - t0) * 1000;
  return {
    items: items.length,
    micros,
    keys: result.keys,
    bytes: result.bytes,
    committed: result.committed,
  };
}

/** Merges one partition of a partitioned output (exported for cluster workers). */
export async function reduceTask(request: ReduceTaskRequest): Promise<OutputPartition> {
  const job = await jobFor(request);
  return runReduceTask({
    dir: request.dir,
    run: request.run,
    partition: request.partition,
    tasks: request.tasks,
    ops: keyedOps(job.fold),
    attempt: randomUUID(),
  });
}

function encodeAcc(job: Job<unknown, unknown>, acc: unknown): unknown {
  const encoded = job.fold.encode ? job.fold.encode(acc) : acc;
  const bad = findUncloneable(encoded);
  if (bad !== undefined) {
    throw new UncloneableValueError("the chunk's partial result", bad.path, bad.value);
  }
  return encoded;
}

/**
 * Folds a whole input in order, fed through the request's port (a job that cannot be
 * split): one run of the job, its stage state (`take`'s count) kept between chunks.
 */
async function sequence(request: SequenceRequest): Promise<FoldReply> {
  const { port } = request;
  try {
    const job = await jobFor(request);
    const run = job.start();
    let items = 0;
    let micros = 0;
    return await new Promise<FoldReply>((resolve, reject) => {
      port.on('close', () => reject(new AbortedError('the caller closed the sequence')));
      port.on('message', (message: SequenceMessage) => {
        try {
          if (message.type === 'end') {
            resolve({ acc: encodeAcc(job, run.finish()), items, micros });
            return;
          }
          const t0 = performance.now();
          const part = itemsOf(message.input);
          run.pushAll(part);
          const us = (performance.now() - t0) * 1000;
          items += part.length;
          micros += us;
          const step: SequenceStep = { halted: run.halted, items: part.length, micros: us };
          port.postMessage(step);
        } catch (error) {
          reject(error);
        }
      });
    });
  } finally {
    port.close();
  }
}

async function run(request: WorkerRequest): Promise<unknown> {
  switch (request.kind) {
    case 'map': {
      const fn = await loadTask(request.task);
      const { items, context } = request;
      const t0 = performance.now();
      const out = new Array<unknown>(items.length);
      if (context === undefined) for (let i = 0; i < items.length; i++) out[i] = fn(items[i]);
      else for (let i = 0; i < items.length; i++) out[i] = fn(items[i], context);
      for (let i = 0; i < out.length; i++) {
        const bad = findUncloneable(out[i]);
        if (bad !== undefined) {
          throw new UncloneableValueError(
            `the result of ${request.task.name} for item [${i}] of the chunk`,
            bad.path,
            bad.value,
          );
        }
      }
      const reply: MapReply = { values: out, micros: (performance.now() - t0) * 1000 };
      return reply;
    }
    case 'fold':
      return foldChunk(request);
    case 'sequence':
      return sequence(request);
    case 'map-task':
      return mapTask(request);
    case 'reduce-task':
      return reduceTask(request);
    default:
      throw new PolyfoldTypeError(
        'ERR_WORKER_PROTOCOL',
        `unknown worker request ${JSON.stringify((request as { kind?: unknown }).kind)}`,
      );
  }
}

/** Handles one request in a worker thread. */
export default async function handle(request: WorkerRequest): Promise<WorkerReply> {
  try {
    return { ok: true, value: await run(request) };
  } catch (error) {
    return { ok: false, failure: failureOf(error) };
  }
}
