/**
 * `polyfold <command>`: picks the command, and turns every failure into one line on stderr
 * and an exit status (full stacks with POLYFOLD_DEBUG=1).
 */
import { CliError, EXIT_FAILURE, firstLine, usageError } from './errors.js';
import { MAIN_HELP, RUN_HELP, version, WORKER_HELP } from './help.js';
import type { Io } from './io.js';
import { runCommand } from './run-command.js';
import { workerCommand } from './worker-command.js';

const COMMANDS = ['run', 'worker', 'help'] as const;

/**
 * Runs the CLI with `argv` (the words after `polyfold`); resolves to the exit status.
 *
 * @example
 * ```ts
 * process.exitCode = await main(['run', 'job.ts', '--input', 'a.txt'], processIo());
 * ```
 */
export async function main(argv: readonly string[], io: Io, env = process.env): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
        io.stdout.write(MAIN_HELP);
        return 0;
      case '--version':
      case '-v':
      case 'version':
        io.stdout.write(`${version()}\n`);
        return 0;
      case 'help': {
        const topic = rest[0];
        if (topic === undefined) io.stdout.write(MAIN_HELP);
        else if (topic === 'run') io.stdout.write(RUN_HELP);
        else if (topic === 'worker') io.stdout.write(WORKER_HELP);
        else throw usageError('help', `no help on ${JSON.stringify(topic)}: try run or worker`);
        return 0;
      }
      case 'run':
        return await runCommand(rest, io);
      case 'worker':
        return await workerCommand(rest, io);
      default:
        throw new CliError(
          'ERR_CLI_USAGE',
          `unknown command ${JSON.stringify(command)}: use ${COMMANDS.join(', ')} (see polyfold --help)`,
          command,
        );
    }
  } catch (error) {
    const where = command === 'run' || command === 'worker' ? `polyfold ${command}` : 'polyfold';
    if (error instanceof CliError) {
      io.stderr.write(`${where}: ${error.message}\n`);
      if (env.POLYFOLD_DEBUG && error.cause !== undefined)
        io.stderr.write(`${stack(error.cause)}\n`);
      return error.exitCode;
    }
    // Failures of the job itself (a task that throws, a worker that dies, Redis down).
    const name = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
    io.stderr.write(`${where}: ${name}${firstLine(error)}\n`);
    if (env.POLYFOLD_DEBUG) io.stderr.write(`${stack(error)}\n`);
    return EXIT_FAILURE;
  }
}

function stack(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause === undefined ? '' : `\ncaused by: ${stack(error.cause)}`;
  return `${error.stack ?? error.message}${cause}`;
}
