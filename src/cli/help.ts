/** Help texts and the version, printed by `polyfold --help`, `polyfold help run`… */
import { readFileSync } from 'node:fs';

/**
 * The installed package's version. `package.json` is two folders up from both
 * `src/cli/` and `dist/cli/`.
 *
 * @example
 * ```ts
 * version(); // '0.1.0'
 * ```
 */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return String(pkg.version ?? 'unknown');
}

/** `polyfold --help`. */
export const MAIN_HELP = `polyfold: run a polyfold job on this thread, every core, or many machines.

Usage:
  polyfold run JOB_MODULE [--input PATH…] [--executor local|threads|cluster] [options]
  polyfold worker --tasks MODULE… [--redis URL] [--queue NAME] [options]
  polyfold help [run|worker]
  polyfold --version

Commands:
  run      Run the job a module exports over text files (or stdin lines) and print the result.
  worker   Serve jobs of a Redis queue for 'polyfold run --executor cluster'.

Run 'polyfold help run' or 'polyfold help worker' for their options.
Set POLYFOLD_DEBUG=1 to print full stack traces on errors.
`;

/** `polyfold run --help`. */
export const RUN_HELP = `Usage: polyfold run JOB_MODULE [--input PATH…] [options]

Loads JOB_MODULE (.js, .mjs, or .ts through tsx), finds the job it exports (a value made by
pipeline(...).fold(f)), runs it over the lines of the input files, or of stdin when no
--input is given, and prints the result. A progress bar is drawn on stderr when stderr is a
terminal. When a cluster run waits (no worker on the queue yet, a chunk whose worker stopped
responding, Redis reconnecting), the bar says so in place of its counts; when stderr is not
a terminal, a line 'polyfold run: waiting: …' says it each time it changes.

Options:
  -i, --input PATH…        Input text files; every word after the module that is not an
                           option is an input too (so shell globs work).
  -e, --executor NAME      local (default: this thread), threads (every core) or cluster
                           (BullMQ workers started with 'polyfold worker').
  -w, --workers N          Worker threads for --executor threads (default: one per core).
      --redis URL          Redis for --executor cluster (default redis://127.0.0.1:6379).
      --queue NAME         Queue for --executor cluster (default polyfold).
      --prefix NAME        BullMQ key prefix for --executor cluster (default bull); the
                           same as the workers'.
      --worker-timeout MS  Fail a cluster run whose chunks wait this long with no worker
                           on the queue (default 30000; 0 waits forever).
      --redis-timeout MS   How long Redis may take to answer before a cluster run fails
                           (default 10000); a refused connection fails at once.
  -j, --job NAME           The export to run when the module exports several jobs
                           (default: the only one, else 'default').
      --json               Print the result as JSON (see below).
      --top N              Entries to print: default 20 in tables, all with --json.
  -h, --help               This help.

Output:
  A Counter prints as a table of its most common keys; a HashMap or Map as a table of its
  top entries (by value when every value is a number); anything else as repr(result).
  With --json: a Counter is [[key, count], …] most common first; a HashMap or Map is
  [[key, value], …] in insertion order; a HashSet or Set is [value, …]; a bigint is a
  string; undefined is null; other values convert deeply to JSON arrays and objects.

Exit status: 0 done, 1 failed (bad module, input or job), 2 bad command line,
130 interrupted (Ctrl-C).

Example:
  polyfold run examples/word-count/job.ts --input README.md docs/*.md --executor threads
`;

/** `polyfold worker --help`. */
export const WORKER_HELP = `Usage: polyfold worker --tasks MODULE… [--redis URL] [--queue NAME] [options]

Serves the jobs of a Redis queue for 'polyfold run --executor cluster' (and cluster()).
The worker imports only the task modules it is started with: a job naming any other module
is refused, so whoever can write to Redis cannot make it run other code. Start the same
task modules on every machine. SIGTERM or Ctrl-C stops it gracefully.

Options:
  -t, --tasks MODULE…      Task modules this worker may run (required); every word that is
                           not an option is a module too.
      --redis URL          Redis (default redis://127.0.0.1:6379); rediss:// for TLS.
      --queue NAME         Queue (default polyfold); the same as the runs'.
  -c, --concurrency N      Jobs processed at once.
      --lock-duration MS   How long a job's lock lasts unrenewed (default 10000); renewed
                           while the job runs, so jobs may take longer.
      --stalled-interval MS  How long a dead worker's job may stay taken once its lock
                           lapsed (default 5000): a dead worker's jobs run again elsewhere
                           within lock duration + stalled interval.
      --data-root DIR      Read textFile byte ranges only from files under DIR (repeat
                           for several directories); a chunk naming any other file fails
                           its run. Without it, any file this user can read may be named.
      --prefix NAME        BullMQ key prefix (default bull); the same as the runs'.
      --redis-timeout MS   How long to wait for Redis at start (default 10000); a refused
                           connection fails at once.
  -h, --help               This help.

Example:
  polyfold worker --redis redis://127.0.0.1:6379 --queue wc --tasks examples/word-count/tasks.ts
`;
