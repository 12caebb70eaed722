/**
 * `polyfold worker …`: serve a Redis queue with the cluster layer's `startWorker`, until
 * SIGTERM or Ctrl-C, then close the worker (it finishes or releases its current job).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
// The library's redaction (password and secret-looking query parameters), not a weaker copy.
import { redactUrl } from '../errors/index.js';
import { parseWorkerArgs } from './args.js';
import { CliError, firstLine } from './errors.js';
import { loadCluster } from './executors.js';
import { WORKER_HELP } from './help.js';
import type { Io } from './io.js';

/**
 * The allow-list as module URLs: tasks are addressed by their module's `import.meta.url`,
 * so a worker compares URLs, never the paths people type.
 *
 * @example
 * ```ts
 * taskModuleUrls(['tasks.ts'], '/srv/app'); // ['file:///srv/app/tasks.ts']
 * ```
 */
export function taskModuleUrls(modules: readonly string[], cwd: string): string[] {
  return modules.map((m) => {
    if (/^file:/.test(m)) return m;
    const file = resolve(cwd, m);
    if (!existsSync(file)) {
      throw new CliError(
        'ERR_CLI_MODULE_NOT_FOUND',
        `task module not found: ${m} (looked for ${file}); give the path of a module that declares tasks with defineTasks`,
        m,
      );
    }
    return pathToFileURL(file).href;
  });
}

/**
 * Runs `polyfold worker` with the words after `worker`; resolves to the exit status once
 * the worker has been stopped by a signal.
 *
 * @example
 * ```ts
 * await workerCommand(['--queue', 'wc', '--tasks', 'tasks.ts'], processIo());
 * ```
 */
export async function workerCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseWorkerArgs(argv, io.cwd);
  if (args.help) {
    io.stdout.write(WORKER_HELP);
    return 0;
  }
  const tasks = taskModuleUrls(args.tasks, io.cwd);
  const { startWorker } = await loadCluster('polyfold worker cannot run without it');
  const worker = await startWorker({
    connection: args.redis,
    queue: args.queue,
    tasks,
    ...(args.concurrency === undefined ? {} : { concurrency: args.concurrency }),
    ...(args.lockDuration === undefined ? {} : { lockDuration: args.lockDuration }),
    ...(args.stalledInterval === undefined ? {} : { stalledInterval: args.stalledInterval }),
    ...(args.dataRoots === undefined ? {} : { dataRoots: args.dataRoots }),
    ...(args.prefix === undefined ? {} : { prefix: args.prefix }),
    ...(args.redisTimeout === undefined ? {} : { connectTimeout: args.redisTimeout }),
    // Errors the worker recovers from (a refused job) are worth a line.
    onError: (error) => io.stderr.write(`polyfold worker: ${firstLine(error)}\n`),
    // A lost Redis is one line when lost and one when back, not one per reconnection attempt.
    onConnection: (_state, message) => io.stderr.write(`polyfold worker: ${message}\n`),
  });
  const prefix = args.prefix === undefined ? '' : ` (prefix ${args.prefix})`;
  const files =
    args.dataRoots === undefined ? '' : `, reading files only under ${args.dataRoots.join(', ')}`;
  io.stderr.write(
    `polyfold worker: serving queue ${args.queue}${prefix} on ${redactUrl(args.redis)} with ${tasks.length} task module(s)${files}; SIGTERM or Ctrl-C stops it\n`,
  );
  // The handlers stay on while closing: a second signal exits at once (see Io.onSignal).
  let detach = () => {};
  const signal = await new Promise<NodeJS.Signals>((done) => {
    detach = io.onSignal(['SIGINT', 'SIGTERM'], done);
  });
  io.stderr.write(`polyfold worker: ${signal}: finishing the current job and closing\n`);
  try {
    await worker.close();
  } finally {
    detach();
  }
  return 0;
}
