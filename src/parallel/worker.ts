/**
 * The worker entry: its own emitted file (dist/parallel/worker.js and .cjs), loaded by
 * piscina in every worker thread. It receives plain-data requests, loads the task modules
 * they name, and answers with plain data. A task's own error comes back as data
 * (`{ ok: false }`), so a rejected piscina promise always means the worker itself failed
 * (died, was terminated) and the chunk may be retried.
 */
import { loadTask } from './loader.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';
import { failureOf } from './protocol.js';

async function run(request: WorkerRequest): Promise<unknown> {
  switch (request.kind) {
    case 'map': {
      const fn = await loadTask(request.task);
      const { items, context } = request;
      const out = new Array<unknown>(items.length);
      if (context === undefined) for (let i = 0; i < items.length; i++) out[i] = fn(items[i]);
      else for (let i = 0; i < items.length; i++) out[i] = fn(items[i], context);
      return out;
    }
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
