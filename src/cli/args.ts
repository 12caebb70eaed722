/**
 * Command-line parsing with `node:util` `parseArgs` (no dependency), and validation that
 * turns every bad value into a one-line usage error naming the flag and the value.
 *
 * Paths may follow `--input` (or `--tasks`) as separate words, so a shell glob works:
 * `polyfold run job.ts --input docs/*.md`. `parseArgs` takes one value per flag, so the
 * words after the module (or after `worker`) that are not flags are taken as more paths.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { closestName } from '../dispatch/internal.js';
import { usageError } from './errors.js';

/** Where `polyfold run` runs the job. */
export type ExecutorKind = 'local' | 'threads' | 'cluster';

const EXECUTORS: readonly ExecutorKind[] = ['local', 'threads', 'cluster'];

/** Used when `--redis` is not given (a Redis on this machine, default port). */
export const DEFAULT_REDIS = 'redis://127.0.0.1:6379';
/** Used when `--queue` is not given. */
export const DEFAULT_QUEUE = 'polyfold';
/** Entries shown by the readable output when `--top` is not given. */
export const DEFAULT_TOP = 20;

/** `polyfold run` after validation. */
export interface RunArgs {
  readonly module: string;
  /** Input files; empty means stdin. */
  readonly inputs: readonly string[];
  readonly executor: ExecutorKind;
  readonly workers?: number;
  readonly redis: string;
  readonly queue: string;
  /** BullMQ key prefix for `--executor cluster`; undefined means the library's default. */
  readonly prefix?: string;
  /** `--worker-timeout`: ms to wait with no worker on the queue (0: forever); undefined: default. */
  readonly workerTimeout?: number;
  /** `--redis-timeout`: ms Redis may take to answer before the run fails; undefined: default. */
  readonly redisTimeout?: number;
  readonly job?: string;
  readonly json: boolean;
  /** Entries to print; undefined means the default (all of them with `--json`). */
  readonly top?: number;
  readonly help: boolean;
}

/** `polyfold worker` after validation. */
export interface WorkerArgs {
  readonly redis: string;
  readonly queue: string;
  readonly tasks: readonly string[];
  readonly concurrency?: number;
  readonly lockDuration?: number;
  readonly stalledInterval?: number;
  /** Absolute paths of the `--data-root` directories; undefined means no confinement. */
  readonly dataRoots?: readonly string[];
  /** BullMQ key prefix; undefined means the library's default. */
  readonly prefix?: string;
  /** `--redis-timeout`: ms to wait for Redis at start; undefined: default. */
  readonly redisTimeout?: number;
  readonly help: boolean;
}

type ParseConfig = NonNullable<Parameters<typeof parseArgs>[0]>;

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function parse(
  command: string,
  args: readonly string[],
  options: ParseConfig['options'],
): { values: Values; positionals: string[] } {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's first sentence names the option ("Unknown option '--wrkers'"); the rest is
    // advice about '--' that does not help here. A typo gets the closest flag, found the
    // way the library finds the closest option key.
    const text = error instanceof Error ? error.message : String(error);
    const first = text.split(/\.(?:\s|$)/, 1)[0]!;
    const flag = /'--([^'=]+)'/.exec(first)?.[1];
    const code = (error as { code?: unknown }).code;
    const near =
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag !== undefined
        ? closestName(flag, Object.keys(options ?? {}))
        : undefined;
    throw usageError(
      command,
      near === undefined ? first : `${first}: did you mean \`--${near}\`?`,
      flag === undefined ? undefined : `--${flag}`,
    );
  }
}

/**
 * A whole number in [min, max] from a flag's text. Rejects `1.5`, `1e3`, `0x10`, `''` and
 * signs, which `Number()` would accept or turn into surprises.
 *
 * @example
 * ```ts
 * parseCount('run', '--workers', '4', 1, 1024); // 4
 * parseCount('run', '--workers', '0', 1, 1024); // throws: --workers must be a whole number from 1 to 1024, got "0"
 * ```
 */
export function parseCount(
  command: string,
  flag: string,
  raw: string | undefined,
  min = 1,
  max = 1_000_000_000,
): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw usageError(
      command,
      `${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`,
      raw,
    );
  }
  return n;
}

/**
 * Checks a Redis URL without ever echoing it: it may carry a password
 * (`redis://:secret@host`), and error messages end up in logs.
 *
 * @example
 * ```ts
 * checkRedisUrl('worker', 'rediss://:secret@cache:6380'); // returned as given
 * checkRedisUrl('worker', 'http://cache'); // throws: --redis must use redis:// or rediss:// (TLS), got "http:"
 * ```
 */
export function checkRedisUrl(command: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(
      command,
      '--redis must be a URL such as redis://127.0.0.1:6379 (the value given is not a URL)',
    );
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw usageError(
      command,
      `--redis must use redis:// or rediss:// (TLS), got ${JSON.stringify(url.protocol)}`,
    );
  }
  return raw;
}

function checkQueue(command: string, raw: string): string {
  // BullMQ uses ':' to build its Redis keys; an empty name or one with ':' breaks them.
  if (raw === '' || raw.includes(':')) {
    throw usageError(
      command,
      `--queue must be a non-empty name without ':', got ${JSON.stringify(raw)}`,
      raw,
    );
  }
  return raw;
}

function checkPrefix(command: string, raw: string | undefined): string | undefined {
  // The library refuses only an empty prefix (BullMQ itself accepts ':' and '{…}' hash tags).
  if (raw === undefined) return undefined;
  if (raw === '') {
    throw usageError(command, '--prefix must be a non-empty name, got ""', raw);
  }
  return raw;
}

/**
 * A `--data-root` directory as an absolute path (relative paths are taken from `cwd`).
 * Checked at start, so a typo fails at once instead of every `textFile` chunk later.
 *
 * @example
 * ```ts
 * checkDataRoot('worker', 'data', '/srv'); // '/srv/data', when it is a directory
 * checkDataRoot('worker', 'nope', '/srv'); // throws: --data-root must be an existing directory, got "nope" (/srv/nope does not exist)
 * ```
 */
export function checkDataRoot(command: string, raw: string, cwd = process.cwd()): string {
  if (raw === '') {
    throw usageError(command, '--data-root must be a directory path, got ""', raw);
  }
  const dir = resolve(cwd, raw);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read: ${code ?? error}`;
    throw usageError(
      command,
      `--data-root must be an existing directory, got ${JSON.stringify(raw)} (${dir} ${why})`,
      raw,
    );
  }
  if (!isDirectory) {
    throw usageError(
      command,
      `--data-root must be a directory, got ${JSON.stringify(raw)} (${dir} is a file; give the directory that holds the data)`,
      raw,
    );
  }
  return dir;
}

/** `--redis-timeout MS`: how long Redis may take to answer, 100 ms to a day. */
function parseRedisTimeout(command: string, raw: unknown): number | undefined {
  return parseCount(command, '--redis-timeout', raw as string | undefined, 100, 86_400_000);
}

/** `--worker-timeout MS`: 0 (wait forever) or at least 100 ms, as `cluster()` takes it. */
function parseWorkerTimeout(raw: string | undefined): number | undefined {
  const ms = parseCount('run', '--worker-timeout', raw, 0, 86_400_000);
  if (ms !== undefined && ms > 0 && ms < 100) {
    throw usageError(
      'run',
      `--worker-timeout must be 0 (wait forever) or at least 100 ms, got ${JSON.stringify(raw)}`,
      raw,
    );
  }
  return ms;
}

/**
 * Parses `polyfold run` arguments (the words after `run`).
 *
 * @example
 * ```ts
 * parseRunArgs(['job.ts', '--input', 'a.txt', 'b.txt', '--executor', 'threads']);
 * // { module: 'job.ts', inputs: ['a.txt', 'b.txt'], executor: 'threads', … }
 * ```
 */
export function parseRunArgs(args: readonly string[]): RunArgs {
  const { values, positionals } = parse('run', args, {
    input: { type: 'string', short: 'i', multiple: true },
    executor: { type: 'string', short: 'e' },
    workers: { type: 'string', short: 'w' },
    redis: { type: 'string' },
    queue: { type: 'string' },
    prefix: { type: 'string' },
    'worker-timeout': { type: 'string' },
    'redis-timeout': { type: 'string' },
    job: { type: 'string', short: 'j' },
    json: { type: 'boolean' },
    top: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) return { ...emptyRun(), help: true };
  const [module, ...extra] = positionals;
  if (module === undefined) {
    throw usageError('run', 'missing JOB_MODULE: polyfold run JOB_MODULE [--input PATH…]');
  }
  const executor = String(values.executor ?? 'local');
  if (!EXECUTORS.includes(executor as ExecutorKind)) {
    throw usageError(
      'run',
      `unknown executor ${JSON.stringify(executor)}: use --executor local, threads or cluster`,
      executor,
    );
  }
  const workers = parseCount('run', '--workers', values.workers as string | undefined, 1, 1024);
  if (workers !== undefined && executor !== 'threads') {
    throw usageError(
      'run',
      `--workers sets the thread count of --executor threads (the ${executor} executor has none)`,
      workers,
    );
  }
  const usesRedis =
    values.redis !== undefined ||
    values.queue !== undefined ||
    values.prefix !== undefined ||
    values['worker-timeout'] !== undefined ||
    values['redis-timeout'] !== undefined;
  if (usesRedis && executor !== 'cluster') {
    throw usageError(
      'run',
      '--redis, --queue, --prefix, --worker-timeout and --redis-timeout go with --executor cluster',
    );
  }
  const workerTimeout = parseWorkerTimeout(values['worker-timeout'] as string | undefined);
  const redisTimeout = parseRedisTimeout('run', values['redis-timeout']);
  const prefix = checkPrefix('run', values.prefix as string | undefined);
  const job = values.job as string | undefined;
  const top = parseCount('run', '--top', values.top as string | undefined);
  return {
    module,
    inputs: [...((values.input as string[] | undefined) ?? []), ...extra],
    executor: executor as ExecutorKind,
    ...(workers === undefined ? {} : { workers }),
    redis: checkRedisUrl('run', String(values.redis ?? DEFAULT_REDIS)),
    queue: checkQueue('run', String(values.queue ?? DEFAULT_QUEUE)),
    ...(prefix === undefined ? {} : { prefix }),
    ...(workerTimeout === undefined ? {} : { workerTimeout }),
    ...(redisTimeout === undefined ? {} : { redisTimeout }),
    ...(job === undefined ? {} : { job }),
    json: values.json === true,
    ...(top === undefined ? {} : { top }),
    help: false,
  };
}

function emptyRun(): RunArgs {
  return {
    module: '',
    inputs: [],
    executor: 'local',
    redis: DEFAULT_REDIS,
    queue: DEFAULT_QUEUE,
    json: false,
    help: false,
  };
}

/**
 * Parses `polyfold worker` arguments (the words after `worker`); `--data-root` directories
 * are checked and made absolute from `cwd`.
 *
 * @example
 * ```ts
 * parseWorkerArgs(['--queue', 'wc', '--tasks', 'tasks.js', '--concurrency', '2']);
 * // { redis: 'redis://127.0.0.1:6379', queue: 'wc', tasks: ['tasks.js'], concurrency: 2, … }
 * parseWorkerArgs(['--tasks', 'tasks.js', '--data-root', 'data'], '/srv');
 * // { …, dataRoots: ['/srv/data'] }
 * ```
 */
export function parseWorkerArgs(args: readonly string[], cwd = process.cwd()): WorkerArgs {
  const { values, positionals } = parse('worker', args, {
    redis: { type: 'string' },
    queue: { type: 'string' },
    tasks: { type: 'string', short: 't', multiple: true },
    concurrency: { type: 'string', short: 'c' },
    'lock-duration': { type: 'string' },
    'stalled-interval': { type: 'string' },
    'data-root': { type: 'string', multiple: true },
    prefix: { type: 'string' },
    'redis-timeout': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    return { redis: DEFAULT_REDIS, queue: DEFAULT_QUEUE, tasks: [], help: true };
  }
  const tasks = [...((values.tasks as string[] | undefined) ?? []), ...positionals];
  if (tasks.length === 0) {
    throw usageError(
      'worker',
      'missing --tasks MODULE…: a worker runs only the task modules it is started with',
    );
  }
  const concurrency = parseCount(
    'worker',
    '--concurrency',
    values.concurrency as string | undefined,
    1,
    1024,
  );
  // BullMQ lock and stall timers below a few hundred ms make healthy jobs look stalled.
  const lockDuration = parseCount(
    'worker',
    '--lock-duration',
    values['lock-duration'] as string | undefined,
    100,
  );
  const stalledInterval = parseCount(
    'worker',
    '--stalled-interval',
    values['stalled-interval'] as string | undefined,
    100,
  );
  const roots = values['data-root'] as string[] | undefined;
  const dataRoots = roots?.map((root) => checkDataRoot('worker', root, cwd));
  const prefix = checkPrefix('worker', values.prefix as string | undefined);
  const redisTimeout = parseRedisTimeout('worker', values['redis-timeout']);
  return {
    redis: checkRedisUrl('worker', String(values.redis ?? DEFAULT_REDIS)),
    queue: checkQueue('worker', String(values.queue ?? DEFAULT_QUEUE)),
    tasks,
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(lockDuration === undefined ? {} : { lockDuration }),
    ...(stalledInterval === undefined ? {} : { stalledInterval }),
    ...(dataRoots === undefined ? {} : { dataRoots }),
    ...(prefix === undefined ? {} : { prefix }),
    ...(redisTimeout === undefined ? {} : { redisTimeout }),
    help: false,
  };
}
