/**
 * The worker entry: its own emitted file (dist/parallel/worker.js and .cjs), loaded by
 * piscina in every worker thread (and used by cluster workers). It receives plain-data
 * requests, loads the task modules they name, and answers with plain data. A task's own
 * error comes back as data (`{ ok: false }`), so a rejected piscina promise always means the
 * worker itself failed (died, was terminated) and the chunk may be retried.
 */
import type { Job } from '../functional/index.js';
import { findUncloneable } from './cloneable.js';
import { UncloneableValueError } from './errors.js';
import { loadTask } from './loader.js';
import type { FoldReply, FoldRequest, WorkerReply, WorkerRequest } from './protocol.js';
import { failureOf } from './protocol.js';
import { decodeJob } from './ship.js';
import { readRange, readSplit } from './text-file.js';

// Jobs revived for recent runs; a run's chunks mostly land on the same few workers.
const jobs = new Map<string, Promise<Job<unknown, unknown>>>();
const KEEP = 8;

function jobFor(request: FoldRequest): Promise<Job<unknown, unknown>> {
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
  const { input } = request;
  const items =
    'range' in input
      ? readRange(input.range)
      : 'ranges' in input
        ? readSplit(input.ranges)
        : input.items;
  const t0 = performance.now();
  const acc = job.foldChunk(items);
  const micros = (performance.now() - t0) * 1000;
  const encoded = job.fold.encode ? job.fold.encode(acc) : acc;
  const bad = findUncloneable(encoded);
  if (bad !== undefined) {
    throw new UncloneableValueError("the chunk's partial result", bad.path, bad.value);
  }
  return { acc: encoded, items: items.length, micros };
}

async function run(request: WorkerRequest): Promise<unknown> {
  switch (request.kind) {
    case 'map': {
      const fn = await loadTask(request.task);
      const { items, context } = request;
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
      return out;
    }
    case 'fold':
      return foldChunk(request);
    default:
      throw new TypeError(
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
