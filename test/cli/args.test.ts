// The worker and run flags that reach startWorker and cluster() as dataRoots and prefix:
// what the parsers accept and return (the refusals go through main in main.test.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRunArgs, parseWorkerArgs } from '../../src/cli/args.js';
import { CliError } from '../../src/cli/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'polyfold-args-'));
mkdirSync(join(dir, 'a'));
mkdirSync(join(dir, 'b'));
writeFileSync(join(dir, 'file.txt'), 'x\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CliError a call throws (fails the test when it does not throw one). */
function refusal(call: () => unknown): CliError {
  try {
    call();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError, nothing was thrown');
}

describe('parseWorkerArgs: --data-root and --prefix', () => {
  it('are absent unless given: startWorker keeps its defaults', () => {
    const args = parseWorkerArgs(['--tasks', 't.js'], dir);
    expect(args).not.toHaveProperty('dataRoots');
    expect(args).not.toHaveProperty('prefix');
  });

  it('--data-root is repeatable; relative directories are taken from cwd', () => {
    const args = parseWorkerArgs(
      ['--tasks', 't.js', '--data-root', 'a', '--data-root', join(dir, 'b'), '--prefix', 'pf'],
      dir,
    );
    expect(args).toMatchObject({
      tasks: ['t.js'],
      dataRoots: [join(dir, 'a'), join(dir, 'b')],
      prefix: 'pf',
    });
  });

  it('a --data-root directory that does not exist is a usage error naming it', () => {
    const e = refusal(() => parseWorkerArgs(['--tasks', 't.js', '--data-root', 'nope'], dir));
    expect(e).toMatchObject({ code: 'ERR_CLI_USAGE', exitCode: 2, value: 'nope' });
    expect(e.message).toBe(
      `--data-root must be an existing directory, got "nope" (${join(dir, 'nope')} does not exist) (see polyfold worker --help)`,
    );
  });

  it('a file given as --data-root is refused: a root is a directory', () => {
    const e = refusal(() => parseWorkerArgs(['--tasks', 't.js', '--data-root', 'file.txt'], dir));
    expect(e).toMatchObject({ code: 'ERR_CLI_USAGE', value: 'file.txt' });
    expect(e.message).toMatch(/^--data-root must be a directory, got "file\.txt" \(.* is a file;/);
  });

  it('an empty --data-root or --prefix is refused', () => {
    expect(refusal(() => parseWorkerArgs(['-t', 't.js', '--data-root', ''], dir)).message).toMatch(
      /^--data-root must be a directory path, got ""/,
    );
    expect(refusal(() => parseWorkerArgs(['-t', 't.js', '--prefix', ''], dir)).message).toMatch(
      /^--prefix must be a non-empty name, got ""/,
    );
  });

  it('--help wins over everything else', () => {
    expect(parseWorkerArgs(['--data-root', 'nope', '--help'], dir).help).toBe(true);
  });
});

describe('parseRunArgs: --prefix', () => {
  it('goes with --executor cluster', () => {
    expect(parseRunArgs(['job.ts', '-e', 'cluster', '--prefix', '{pf}'])).toMatchObject({
      executor: 'cluster',
      prefix: '{pf}',
    });
    expect(parseRunArgs(['job.ts', '-e', 'cluster'])).not.toHaveProperty('prefix');
  });

  it('is refused with any other executor, and when empty', () => {
    for (const executor of ['local', 'threads']) {
      const e = refusal(() => parseRunArgs(['job.ts', '-e', executor, '--prefix', 'pf']));
      expect(e).toMatchObject({ code: 'ERR_CLI_USAGE', exitCode: 2 });
      expect(e.message).toMatch(
        /--redis, --queue, --prefix, --worker-timeout and --redis-timeout go with --executor cluster/,
      );
    }
    expect(
      refusal(() => parseRunArgs(['job.ts', '-e', 'cluster', '--prefix', ''])).message,
    ).toMatch(/^--prefix must be a non-empty name, got ""/);
  });
});

describe('--redis-timeout', () => {
  it('sets redisTimeout of polyfold run --executor cluster and of polyfold worker', () => {
    expect(parseRunArgs(['job.ts', '-e', 'cluster', '--redis-timeout', '1500'])).toMatchObject({
      redisTimeout: 1500,
    });
    expect(parseRunArgs(['job.ts', '-e', 'cluster'])).not.toHaveProperty('redisTimeout');
    expect(parseWorkerArgs(['--tasks', 't.js', '--redis-timeout', '2000'])).toMatchObject({
      redisTimeout: 2000,
    });
    expect(parseWorkerArgs(['--tasks', 't.js'])).not.toHaveProperty('redisTimeout');
  });

  it('refuses other executors, words and less than 100 ms', () => {
    const e = refusal(() => parseRunArgs(['job.ts', '--redis-timeout', '5000']));
    expect(e).toMatchObject({ code: 'ERR_CLI_USAGE', exitCode: 2 });
    expect(e.message).toMatch(/--redis-timeout go with --executor cluster/);
    for (const raw of ['50', 'soon', '1.5']) {
      expect(
        refusal(() => parseRunArgs(['job.ts', '-e', 'cluster', '--redis-timeout', raw])).message,
      ).toMatch(/^--redis-timeout must be a whole number from 100 to 86400000/);
      expect(
        refusal(() => parseWorkerArgs(['--tasks', 't.js', '--redis-timeout', raw])).message,
      ).toMatch(/^--redis-timeout must be a whole number from 100 to 86400000/);
    }
  });
});

describe('parseRunArgs: --worker-timeout', () => {
  it('goes with --executor cluster: 0 (forever) or ≥ 100 ms', () => {
    expect(parseRunArgs(['job.ts', '-e', 'cluster', '--worker-timeout', '5000'])).toMatchObject({
      workerTimeout: 5000,
    });
    expect(parseRunArgs(['job.ts', '-e', 'cluster', '--worker-timeout', '0'])).toMatchObject({
      workerTimeout: 0,
    });
    expect(parseRunArgs(['job.ts', '-e', 'cluster'])).not.toHaveProperty('workerTimeout');
  });

  it('refuses other executors, fractions, words and 1–99 ms', () => {
    const e = refusal(() => parseRunArgs(['job.ts', '--worker-timeout', '5000']));
    expect(e).toMatchObject({ code: 'ERR_CLI_USAGE', exitCode: 2 });
    expect(e.message).toMatch(/--worker-timeout and --redis-timeout go with --executor cluster/);
    for (const raw of ['1.5', 'soon', '']) {
      expect(
        refusal(() => parseRunArgs(['job.ts', '-e', 'cluster', '--worker-timeout', raw])).message,
      ).toMatch(/^--worker-timeout must be a whole number from 0 to 86400000/);
    }
    expect(
      refusal(() => parseRunArgs(['job.ts', '-e', 'cluster', '--worker-timeout', '50'])).message,
    ).toBe(
      '--worker-timeout must be 0 (wait forever) or at least 100 ms, got "50" (see polyfold run --help)',
    );
  });
});

describe('unknown flags: the closest known flag is suggested', () => {
  it('--inptu: did you mean `--input`?', () => {
    const e = refusal(() => parseRunArgs(['job.ts', '--inptu', 'a.txt']));
    expect(e.code).toBe('ERR_CLI_USAGE');
    expect(e.value).toBe('--inptu');
    expect(e.message).toBe(
      "Unknown option '--inptu': did you mean `--input`? (see polyfold run --help)",
    );
  });

  it('works for worker flags and the --flag=value form', () => {
    const e = refusal(() => parseWorkerArgs(['--tasks', 't.js', '--concurency=2']));
    expect(e.message).toMatch(/did you mean `--concurrency`\?/);
  });

  it('suggests nothing when no flag is close', () => {
    const e = refusal(() => parseRunArgs(['job.ts', '--zzzzzzzz']));
    expect(e.message).toBe("Unknown option '--zzzzzzzz' (see polyfold run --help)");
  });
});
