/**
 * Loading the user's job module and finding the job in it.
 *
 * TypeScript modules: Node 20 cannot import `.ts` files. When a plain import fails with
 * `ERR_UNKNOWN_FILE_EXTENSION`, the module is loaded with `tsImport` from `tsx/esm/api` (as
 * the workers do, see src/parallel/loader.ts); tsx is a devDependency of polyfold, so a user
 * without it gets a message saying how to get it. Node ≥ 22.18 strips types itself and never
 * needs tsx.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Job } from '../functional/index.js';
import { isJob, reviveJob } from '../functional/index.js';
import { CliError, firstLine } from './errors.js';

const TS_EXTENSION = /\.(?:[cm]?ts|tsx)$/;

type Module = Record<string, unknown>;

/**
 * Imports the module at `path` (relative to `cwd`), TypeScript included.
 *
 * @example
 * ```ts
 * const mod = await importUserModule('examples/word-count/job.ts');
 * ```
 */
export async function importUserModule(path: string, cwd = process.cwd()): Promise<Module> {
  const file = resolve(cwd, path);
  if (!existsSync(file)) {
    throw new CliError(
      'ERR_CLI_MODULE_NOT_FOUND',
      `job module not found: ${path} (looked for ${file}); give the path of a .js or .ts file that exports a job`,
      path,
    );
  }
  if (!statSync(file).isFile()) {
    throw new CliError(
      'ERR_CLI_MODULE_NOT_FOUND',
      `job module ${path} is a directory; give the path of the module file itself`,
      path,
    );
  }
  const url = pathToFileURL(file).href;
  try {
    return (await import(url)) as Module;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_UNKNOWN_FILE_EXTENSION' && TS_EXTENSION.test(file)) {
      return importTypeScript(url, path);
    }
    throw loadFailed(path, error);
  }
}

async function importTypeScript(url: string, path: string): Promise<Module> {
  let tsx: { tsImport(specifier: string, parent: string): Promise<unknown> };
  try {
    tsx = (await import('tsx/esm/api')) as typeof tsx;
  } catch (error) {
    throw new CliError(
      'ERR_CLI_TSX_MISSING',
      `${path} is TypeScript, which Node ${process.version} cannot import by itself, and tsx is not installed (polyfold lists it only as a devDependency): run npm i -D tsx, or build the module to JavaScript`,
      path,
      { cause: error },
    );
  }
  try {
    return (await tsx.tsImport(url, import.meta.url)) as Module;
  } catch (error) {
    throw loadFailed(path, error);
  }
}

function loadFailed(path: string, error: unknown): CliError {
  return new CliError(
    'ERR_CLI_MODULE_LOAD',
    `failed to load job module ${path}: ${firstLine(error)}`,
    path,
    { cause: error },
  );
}

/** A job found in a module, and the export name it was found under. */
export interface FoundJob {
  readonly name: string;
  readonly job: Job<unknown, unknown>;
}

/**
 * A job made by a copy of polyfold with another internal layout (say, the module imports
 * another version): `isJob` is false for it, since its brand is versioned. Its description
 * is plain data plus task functions, so it is rebuilt with this copy.
 */
function looksLikeJob(x: unknown): x is Job<unknown, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const j = x as Partial<Record<keyof Job<unknown, unknown>, unknown>>;
  return (
    Array.isArray(j.stages) &&
    typeof j.fold === 'object' &&
    typeof j.describe === 'function' &&
    typeof j.foldChunk === 'function'
  );
}

function adopt(path: string, name: string, value: unknown): Job<unknown, unknown> | undefined {
  if (isJob(value)) return value;
  if (!looksLikeJob(value)) return undefined;
  try {
    const spec = value.describe();
    return reviveJob(spec, spec.fold === undefined ? value.fold : undefined);
  } catch (error) {
    throw new CliError(
      'ERR_CLI_NO_JOB',
      `${path}: export ${name} is a job from another copy of polyfold and could not be rebuilt (${firstLine(error)}); import polyfold from the same place as the CLI`,
      name,
      { cause: error },
    );
  }
}

/**
 * The job a module exports: the one named `jobName`, else the only one, else `default`.
 *
 * @example
 * ```ts
 * const { name, job } = findJob(await importUserModule('job.ts'), 'job.ts');
 * ```
 */
export function findJob(mod: Module, path: string, jobName?: string): FoundJob {
  // CommonJS modules whose exports Node cannot see statically show them under `default`.
  const exported: [string, unknown][] = Object.entries(mod);
  const def = mod.default;
  if (def !== null && typeof def === 'object' && !looksLikeJob(def)) {
    for (const [k, v] of Object.entries(def)) if (!(k in mod)) exported.push([k, v]);
  }
  const jobs = new Map<string, Job<unknown, unknown>>();
  for (const [name, value] of exported) {
    const job = adopt(path, name, value);
    if (job !== undefined) jobs.set(name, job);
  }
  const names = [...jobs.keys()];
  if (jobName !== undefined) {
    const job = jobs.get(jobName);
    if (job !== undefined) return { name: jobName, job };
    throw new CliError(
      'ERR_CLI_NO_JOB',
      exported.some(([k]) => k === jobName)
        ? `${path}: export ${jobName} is not a job (make it with pipeline(...).fold(f)); jobs exported: ${list(names)}`
        : `${path} has no export named ${jobName}; jobs exported: ${list(names)}`,
      jobName,
    );
  }
  const [only] = names;
  if (only !== undefined && names.length === 1) return { name: only, job: jobs.get(only)! };
  const dflt = jobs.get('default');
  if (dflt !== undefined) return { name: 'default', job: dflt };
  if (names.length > 1) {
    throw new CliError(
      'ERR_CLI_NO_JOB',
      `${path} exports several jobs (${names.join(', ')}): choose one with --job NAME`,
      names,
    );
  }
  throw new CliError(
    'ERR_CLI_NO_JOB',
    `${path} exports no job (exports: ${list(exported.map(([k]) => k))}); export one made with pipeline(...).fold(f), e.g. export const wordCount = pipeline(flatMap(tokenize)).fold(folds.frequencies())`,
    path,
  );
}

function list(names: readonly string[], max = 8): string {
  if (names.length === 0) return 'none';
  const more = names.length > max ? `, and ${names.length - max} more` : '';
  return names.slice(0, max).join(', ') + more;
}
