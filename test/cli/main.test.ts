// The CLI in-process through `main(argv, io)`: the many command-line mistakes, cheaply (the
// spawned tests in run.test.ts cover the same code as a user runs it).
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { makeCorpus, ROOT, writeLengthsModule } from './support.js';

const JOB = 'examples/word-count/job.ts';
const corpus = makeCorpus(3, 1, 50);
const file = corpus.files[0]!;
afterAll(() => rmSync(corpus.dir, { recursive: true, force: true }));

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/** Runs `polyfold ARGS` in this process, with captured output and no signal handlers. */
async function cli(args: string[], stdin = '') {
  const out = sink();
  const err = sink();
  const io: Io = {
    stdout: out.stream,
    stderr: err.stream,
    stdin: Readable.from([stdin]),
    cwd: ROOT,
    onSignal: () => () => {},
  };
  const code = await main(args, io, {});
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('main: command-line mistakes name the value and the fix (exit 2)', () => {
  const cases: [string[], RegExp][] = [
    [
      ['run', JOB, '-e', 'threads', '--workers', '1.5', file],
      /--workers must be a whole number from 1 to 1024, got "1\.5"/,
    ],
    [
      ['run', JOB, '-e', 'threads', '--workers', 'many', file],
      /--workers must be a whole number from 1 to 1024, got "many"/,
    ],
    [['run', JOB, '-e', 'threads', '--workers', '2000', file], /got "2000"/],
    [
      ['run', JOB, '--workers', '2', file],
      /--workers sets the thread count of --executor threads \(the local executor has none\)/,
    ],
    [
      ['run', JOB, '--redis', 'redis://h:1', file],
      /--redis, --queue, --prefix, --worker-timeout and --redis-timeout go with --executor cluster/,
    ],
    [
      ['run', JOB, '--prefix', 'pf', file],
      /--redis, --queue, --prefix, --worker-timeout and --redis-timeout go with --executor cluster/,
    ],
    [['run', JOB, '-e', 'cluster', '--prefix', '', file], /--prefix must be a non-empty name/],
    [
      ['run', JOB, '-e', 'cluster', '--queue', 'a:b', file],
      /--queue must be a non-empty name without ':', got "a:b"/,
    ],
    [
      ['run', JOB, '-e', 'cluster', '--redis', 'not a url :pw', file],
      /--redis must be a URL such as redis:\/\/127\.0\.0\.1:6379 \(the value given is not a URL\)/,
    ],
    [['run', JOB, '--top', '0', file], /--top must be a whole number from 1/],
    [['run'], /^polyfold run: missing JOB_MODULE/],
    [
      ['run', JOB, '--wrkers', '2'],
      /^polyfold run: Unknown option '--wrkers': did you mean `--workers`\? \(see polyfold run --help\)$/m,
    ],
    [['run', JOB, '--json=yes'], /^polyfold run: Option '--json' does not take an argument/],
    [['launch'], /^polyfold: unknown command "launch": use run, worker, help/],
    [['help', 'me'], /^polyfold: no help on "me": try run or worker/],
    [
      ['worker'],
      /^polyfold worker: missing --tasks MODULE…: a worker runs only the task modules it is started with/,
    ],
    [
      ['worker', '--tasks', 't.js', '--concurrency', '0'],
      /--concurrency must be a whole number from 1 to 1024, got "0"/,
    ],
    [
      ['worker', '--tasks', 't.js', '--lock-duration', '5'],
      /--lock-duration must be a whole number from 100 to/,
    ],
    [
      ['worker', '--tasks', 't.js', '--stalled-interval', 'soon'],
      /--stalled-interval must be a whole number from 100 to .*got "soon"/,
    ],
    [
      ['worker', '--tasks', 't.js', '--data-root', 'no/such/dir'],
      /^polyfold worker: --data-root must be an existing directory, got "no\/such\/dir" \(.*no\/such\/dir does not exist\) \(see polyfold worker --help\)$/m,
    ],
    [
      ['worker', '--tasks', 't.js', '--data-root', 'README.md'],
      /^polyfold worker: --data-root must be a directory, got "README\.md" \(.*README\.md is a file; give the directory that holds the data\)/,
    ],
    [['worker', '--tasks', 't.js', '--prefix', ''], /--prefix must be a non-empty name, got ""/],
    [
      ['worker', '--tasks', 't.js', '--redis', 'http://u:hunter2@h'],
      /--redis must use redis:\/\/ or rediss:\/\/ \(TLS\), got "http:"/,
    ],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), async () => {
      const r = await cli(args);
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/hunter2|:pw/);
    });
  }
});

describe('main: failures the user can fix (exit 1)', () => {
  it('a directory as input', async () => {
    const r = await cli(['run', JOB, '--input', corpus.dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^polyfold run: cannot read input file .*: it is a directory \(pass the files inside it/,
    );
  });

  it.skipIf(process.getuid?.() === 0)(
    'an input file without read permission (skipped as root: root reads any file)',
    async () => {
      const secret = join(corpus.dir, 'secret.txt');
      writeFileSync(secret, 'x');
      chmodSync(secret, 0o000);
      const r = await cli(['run', JOB, '--input', secret]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cannot read input file .*secret\.txt: permission denied/);
    },
  );

  it('a module that fails to load, a module that is a directory', async () => {
    const broken = join(corpus.dir, 'broken.mjs');
    writeFileSync(broken, 'throw new Error("boom at load");\n');
    const r = await cli(['run', broken, file]);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd()).toMatch(
      /^polyfold run: failed to load job module .*broken\.mjs: boom at load$/,
    );
    const dir = await cli(['run', 'examples', file]);
    expect(dir.stderr).toMatch(
      /job module examples is a directory; give the path of the module file itself/,
    );
  });

  it('--job naming an export that is not a job, or no export', async () => {
    const dir = join(corpus.dir, 'jobs');
    mkdirSync(dir, { recursive: true });
    const module = join(dir, 'two.mjs');
    writeFileSync(
      module,
      `import { folds, pipeline } from ${JSON.stringify(join(ROOT, 'src/functional/index.ts'))};
       export const count = pipeline().fold(folds.count());
       export const notAJob = 42;
      `,
    );
    const notJob = await cli(['run', module, '--job', 'notAJob', file]);
    expect(notJob.code).toBe(1);
    expect(notJob.stderr).toMatch(
      /export notAJob is not a job \(make it with pipeline\(\.\.\.\)\.fold\(f\)\); jobs exported: count$/m,
    );
    const missing = await cli(['run', module, '--job', 'nope', file]);
    expect(missing.stderr).toMatch(/has no export named nope; jobs exported: count$/m);
    // One job: chosen without --job, and a number prints as itself.
    const one = await cli(['run', module], 'a\nb\nc\n');
    expect(one).toMatchObject({ code: 0, stdout: '3\n', stderr: '' });
  });

  it('the cluster worker needs a task module that exists', async () => {
    const r = await cli(['worker', '--tasks', 'no/such/tasks.ts']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^polyfold worker: task module not found: no\/such\/tasks\.ts \(looked for .*\); give the path of a module that declares tasks with defineTasks/,
    );
  });
});

describe('main: jobs, output and help', () => {
  it('--job picks a job; a number prints as itself, a HashMap of numbers as a table', async () => {
    const module = writeLengthsModule(corpus.dir);
    const lines = 'ab\nabc\nabcd\n\nx\n';
    expect(await cli(['run', module, '--job', 'longest'], lines)).toEqual({
      code: 0,
      stdout: '4\n',
      stderr: '',
    });
    expect(await cli(['run', module, '--job', 'byParity'], lines)).toEqual({
      code: 0,
      stdout: [
        'HashMap: 2 entries; all 2:',
        '  key   value',
        '  even      3',
        '  odd       2',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('help run, run --help and help worker', async () => {
    const run = await cli(['help', 'run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--executor NAME');
    expect(run.stdout).toContain('[[key, count], …]');
    expect((await cli(['run', '--help'])).stdout).toBe(run.stdout);
    const worker = (await cli(['worker', '--help'])).stdout;
    expect(worker).toContain('--stalled-interval MS');
    expect(worker).toContain('--data-root DIR');
    expect(worker).toContain('--prefix NAME');
    expect(run.stdout).toContain('--prefix NAME');
    expect((await cli(['help', 'worker'])).stdout).toContain('--tasks MODULE…');
    expect((await cli([])).stdout).toContain('Usage:');
  });
});
