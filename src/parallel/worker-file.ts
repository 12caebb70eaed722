/**
 * Where the worker entry is. Built: dist/parallel/worker.js next to dist/parallel/index.js
 * (ESM) or worker.cjs next to index.cjs (CJS; tsup shims import.meta.url). From TypeScript
 * sources on Node 20: a bootstrap that loads worker.ts through tsx. Inside an app's bundle
 * (this code copied into the app's own file): `polyfold-worker.{mjs,js,cjs}` next to that
 * file, which the bundle emits as an entry of its own (docs/bundling.md). An explicit file
 * (`createPool({ workerFile })` or `POLYFOLD_WORKER_FILE`) wins over all of these.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WorkerFileNotFoundError } from './errors.js';

/** The environment variable that names the worker entry (a path or a file: URL). */
export const WORKER_FILE_ENV = 'POLYFOLD_WORKER_FILE';

/** The name a bundle gives polyfold's worker entry, next to the bundled app (docs/bundling.md). */
export const BUNDLED_WORKER = 'polyfold-worker';

/**
 * The URL of the file this code runs from: polyfold's own dist file, or the app's bundle
 * when a bundler copied polyfold into it. Undefined in a CommonJS bundle made from the ESM
 * build, where esbuild empties `import.meta`. (No `__filename` fallback: tsup would shim it
 * into the ESM build as a top-level `var`, which clashes with the `__filename` that ESM
 * bundles' banners declare.)
 */
export function ownUrl(): string | undefined {
  const url = (import.meta as { url?: string }).url;
  return typeof url === 'string' && url !== '' ? url : undefined;
}

// Only these files of polyfold's dist hold this code; any other name means a bundle.
const DIST_FILE = /\/parallel\/(?:index|internal)\.c?js$/;

function asUrl(file: string): string {
  return /^file:/i.test(file) ? file : pathToFileURL(file).href;
}

function exists(url: string): boolean {
  try {
    return existsSync(fileURLToPath(url));
  } catch {
    return false;
  }
}

/**
 * The worker entry's URL, checked to exist, or a WorkerFileNotFoundError that says where it
 * looked and how to fix it. `explicit` is the `workerFile` option.
 */
export function workerFile(explicit?: string | URL): string {
  const given = explicit ?? process.env[WORKER_FILE_ENV];
  if (given !== undefined && given !== '') {
    const url = asUrl(String(given));
    if (!exists(url)) {
      const from = explicit === undefined ? WORKER_FILE_ENV : 'options.workerFile';
      throw new WorkerFileNotFoundError(url, `${from} names a file that does not exist`);
    }
    return url;
  }
  const here = ownUrl();
  if (here === undefined) {
    throw new WorkerFileNotFoundError(
      BUNDLED_WORKER,
      'this looks like a CommonJS bundle, where import.meta.url is empty: bundle as ESM (format: "esm")',
    );
  }
  if (/\.[cm]?ts$/.test(here)) return new URL('./worker-bootstrap.mjs', here).href;
  if (DIST_FILE.test(new URL(here).pathname)) {
    const url = new URL(here.endsWith('.cjs') ? './worker.cjs' : './worker.js', here).href;
    if (!exists(url)) throw new WorkerFileNotFoundError(url, 'the installed package is incomplete');
    return url;
  }
  // A bundle: the worker entry the bundle emitted beside itself, same extension first.
  const ext = /\.[cm]?js$/.exec(here)?.[0] ?? '.js';
  const candidates = [ext, '.mjs', '.js', '.cjs'].map(
    (e) => new URL(`./${BUNDLED_WORKER}${e}`, here).href,
  );
  const found = candidates.find(exists);
  if (found === undefined) {
    throw new WorkerFileNotFoundError(
      candidates[0] as string,
      `polyfold runs from ${fileURLToPath(here)}, which looks like a bundled app, and no ${BUNDLED_WORKER}${ext} was emitted next to it`,
    );
  }
  return found;
}
