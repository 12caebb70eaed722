// The baselines of bench/parallel.bench.ts that do not go through polyfold:
// - as a piscina worker file (no workerData): one piscina task per item, `tiny(x)`, and a
//   bare round trip, `noop(x)`;
// - as a plain worker thread (workerData.raw): the hand-written limit of the CPU-bound case,
//   summing `hashLoop` over a whole slice sent in one message.
// Plain .mjs so Node 20 loads it in a worker; the tasks themselves come from the TypeScript
// task module through tsx's tsImport (loader hooks do not reach worker threads before 22.2).
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const tasks = await tsImport('./parallel-tasks.ts', import.meta.url);

if (workerData?.raw === true) {
  parentPort.on('message', ({ items, rounds }) => {
    let sum = 0;
    for (let i = 0; i < items.length; i++) sum += tasks.hashLoop(items[i], rounds);
    parentPort.postMessage(sum);
  });
}

export default function tinyTask(x) {
  return tasks.tiny(x);
}

/** A bare round trip (the `three` case's peer): `piscina.run(x, { name: 'noop' })`. */
export function noop(x) {
  return x;
}
