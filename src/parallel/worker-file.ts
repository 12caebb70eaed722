/**
 * Where the worker entry is, relative to this module. Built: dist/parallel/worker.js next
 * to dist/parallel/index.js (ESM) or worker.cjs next to index.cjs (CJS; tsup shims
 * import.meta.url). From TypeScript sources on Node 20: a bootstrap that loads worker.ts
 * through tsx.
 */
export function workerFile(): string {
  const here = import.meta.url;
  if (/\.[cm]?ts$/.test(here)) return new URL('./worker-bootstrap.mjs', here).href;
  if (here.endsWith('.cjs')) return new URL('./worker.cjs', here).href;
  return new URL('./worker.js', here).href;
}
