/**
 * `polyfold run JOB_MODULE …`: load the job, check the input, open the executor, run with
 * progress, print the result. Ctrl-C aborts the run through an AbortSignal: the executor
 * stops reading and frees its workers, and the command exits with status 130.
 */
import { run } from '../functional/index.js';
import { DEFAULT_TOP, parseRunArgs } from './args.js';
import { EXIT_INTERRUPTED } from './errors.js';
import { openExecutor } from './executors.js';
import { RUN_HELP } from './help.js';
import { fileInput, streamInput } from './input.js';
import type { Io } from './io.js';
import { findJob, importUserModule } from './load.js';
import { formatJSON, formatReadable } from './output.js';
import { createProgress } from './progress.js';

/** The abort reason when the user presses Ctrl-C. */
class Interrupted extends Error {
  constructor() {
    super('interrupted (Ctrl-C)');
    this.name = 'Interrupted';
  }
}

/**
 * Runs `polyfold run` with the words after `run`; resolves to the exit status. Bad input
 * throws a `CliError` (printed by `main`).
 *
 * @example
 * ```ts
 * const status = await runCommand(['job.ts', '--input', 'a.txt'], processIo());
 * ```
 */
export async function runCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseRunArgs(argv);
  if (args.help) {
    io.stdout.write(RUN_HELP);
    return 0;
  }
  const controller = new AbortController();
  const { signal } = controller;
  // Installed first, so a Ctrl-C while the module loads also ends with status 130.
  const detach = io.onSignal(['SIGINT'], () => controller.abort(new Interrupted()));
  try {
    const mod = await importUserModule(args.module, io.cwd);
    const { name, job } = findJob(mod, args.module, args.job);
    // Inputs are checked before any worker starts or Redis is contacted.
    if (args.inputs.length === 0 && (io.stdin as { isTTY?: boolean }).isTTY === true) {
      // Otherwise a user who forgot --input sees a command that seems to hang.
      io.stderr.write('polyfold run: no --input: reading lines from the terminal (Ctrl-D ends)\n');
    }
    const input =
      args.inputs.length > 0
        ? fileInput(args.inputs, args.executor !== 'local', io.cwd)
        : streamInput(io.stdin, signal);
    const opened = await openExecutor({
      kind: args.executor,
      ...(args.workers === undefined ? {} : { workers: args.workers }),
      redis: args.redis,
      queue: args.queue,
      ...(args.prefix === undefined ? {} : { prefix: args.prefix }),
      ...(args.workerTimeout === undefined ? {} : { workerTimeout: args.workerTimeout }),
      ...(args.redisTimeout === undefined ? {} : { redisTimeout: args.redisTimeout }),
    });
    const bar = createProgress({
      stream: io.stderr,
      totalBytes: input.totalBytes,
      label: `${name} on ${opened.executor.name}`,
    });
    let result: unknown;
    // Said once, after the run: the workers' timings showing that shipping cost more than the
    // work (the run stayed on the workers, as asked).
    let advice: string | undefined;
    try {
      result = await run(job, input.source, {
        executor: opened.executor,
        signal,
        onProgress: (p) => {
          advice = (p as { advice?: string }).advice ?? advice;
          bar.update({ ...input.measure(p), waiting: (p as { waiting?: string }).waiting });
        },
      });
    } finally {
      bar.stop();
      await opened.close();
    }
    if (advice !== undefined) io.stderr.write(`polyfold run: note: ${advice}\n`);
    // A Ctrl-C after the last chunk still means "stop": the user did not ask for output.
    signal.throwIfAborted();
    io.stdout.write(
      args.json ? formatJSON(result, args.top) : formatReadable(result, args.top ?? DEFAULT_TOP),
    );
    return 0;
  } catch (error) {
    if (signal.aborted) {
      io.stderr.write('polyfold run: interrupted (Ctrl-C); the run was cancelled\n');
      return EXIT_INTERRUPTED;
    }
    throw error;
  } finally {
    detach();
  }
}
