/**
 * What a worker agrees to do. Anyone who can write to Redis can put a job in the queue, so a
 * worker decides from its own configuration, never from the job: it imports only the task
 * modules it was started with (compared as real file URLs, the form `import.meta.url` takes
 * on the coordinator), and, when given data roots, reads byte ranges only from files under
 * them.
 *
 * A module URL is accepted only when it is exactly one of the allowed URLs: the thread
 * imports the URL the job names, and Node keys its module cache by the whole URL, so
 * `tasks.js?n=1` (or `%74asks.js`) would evaluate a fresh, never-freed copy of an allowed
 * module. The allowed URLs are put in canonical form once, at start.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InvalidArgumentError } from '../functional/index.js';
import type { ShippedJob } from '../parallel/internal.js';
import { normaliseModuleUrl, shippedModules } from '../parallel/internal.js';

/**
 * The file URL a task module has on this machine: `spec` is a path (relative to `cwd`) or a
 * `file:` URL. Symbolic links are resolved, as Node resolves them for `import.meta.url`.
 * Throws InvalidArgumentError when the file does not exist.
 */
export function taskModuleUrl(
  fn: string,
  argument: string,
  spec: unknown,
  cwd = process.cwd(),
): string {
  if (typeof spec !== 'string' || spec === '') {
    throw new InvalidArgumentError(fn, argument, 'a task module path or file: URL', spec);
  }
  let path: string;
  if (/^file:/i.test(spec)) path = fileURLToPath(spec);
  else if (/^[a-z][a-z0-9+.-]+:/i.test(spec)) {
    throw new InvalidArgumentError(
      fn,
      argument,
      'a path or file: URL of a task module on this machine (workers import only local files)',
      spec,
    );
  } else path = resolve(cwd, spec);
  try {
    path = realpathSync(path);
  } catch {
    throw new InvalidArgumentError(
      fn,
      argument,
      `an existing task module (${path} does not exist on this machine: deploy the same task modules on every worker)`,
      spec,
    );
  }
  return normaliseModuleUrl(pathToFileURL(path).href);
}

/**
 * The first module a shipped job names that is not exactly in `allowed`, if any. No
 * normalisation happens here: a URL with a query, a fragment, another spelling of the same
 * path or anything else that differs from an allowed URL by one character is refused.
 */
export function firstRefused(job: ShippedJob, allowed: ReadonlySet<string>): string | undefined {
  for (const module of shippedModules(job)) {
    if (typeof module !== 'string') return `(not a module URL: a value of type ${typeof module})`;
    if (!allowed.has(module)) return module;
  }
  return undefined;
}

/** Normalised directories a worker may read byte ranges from. */
export function dataRootsOf(fn: string, roots: readonly unknown[], cwd = process.cwd()): string[] {
  return roots.map((root, i) => {
    if (typeof root !== 'string' || root === '') {
      throw new InvalidArgumentError(fn, `options.dataRoots[${i}]`, 'a directory path', root);
    }
    try {
      return realpathSync(resolve(cwd, root));
    } catch {
      throw new InvalidArgumentError(
        fn,
        `options.dataRoots[${i}]`,
        'an existing directory on this machine',
        root,
      );
    }
  });
}

/** True when `path` (resolved, symbolic links followed) lies under one of `roots`. */
export function isUnder(path: string, roots: readonly string[]): boolean {
  let real: string;
  try {
    real = realpathSync(resolve(path));
  } catch {
    return false;
  }
  return roots.some((root) => {
    const rel = relative(root, real);
    // By segment: `..notes.txt` is a file in the root, `..` and `../x` are outside it.
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
  });
}
