// Worker entry used when polyfold runs from its TypeScript sources (vitest, tsx) on Node 20,
// where a worker thread cannot import .ts by itself: tsx's tsImport loads worker.ts.
import { tsImport } from 'tsx/esm/api';

const loaded = tsImport('./worker.ts', import.meta.url);

export default async function handle(request) {
  const mod = await loaded;
  return mod.default(request);
}
