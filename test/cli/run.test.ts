// `polyfold run` end to end: spawned as a user runs it, on a corpus whose counts are known.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  byCount,
  type Finished,
  makeCorpus,
  polyfold,
  ROOT,
  writeLengthsModule,
} from './support.js';

const JOB = 'examples/word-count/job.ts';
const corpus = makeCorpus(7);
const reference = byCount(corpus.counts);
afterAll(() => rmSync(corpus.dir, { recursive: true, force: true }));

/** Fails with the process's own words when it did not exit as expected. */
function expectExit(r: Finished, code: number): void {
  expect({ code: r.code, signal: r.signal, stderr: r.stderr }).toMatchObject({
    code,
    signal: null,
  });
}

function parsePairs(r: Finished): [string, number][] {
  expectExit(r, 0);
  return JSON.parse(r.stdout) as [string, number][];
}

/** Checks `[word, count]` pairs against the reference: same counts, most common first. */
function expectReference(pairs: [string, number][]): void {
  expect(new Map(pairs)).toEqual(corpus.counts);
  expect(pairs.map(([, n]) => n)).toEqual(reference.map(([, n]) => n));
}

describe('polyfold run: results', () => {
  it('prints the most common words as a table that matches the reference count', async () => {
    const r = await polyfold(['run', JOB, '--input', ...corpus.files]);
    expectExit(r, 0);
    const total = reference.reduce((s, [, n]) => s + n, 0);
    const [head, columns, ...rows] = r.stdout.trimEnd().split('\n');
    expect(head).toBe(
      `Counter: ${corpus.counts.size} distinct keys, ${total.toLocaleString('en-US')} in total; all, most common first:`,
    );
    expect(columns?.trim()).toMatch(/^count\s+key$/);
    const table = rows.map((row) => {
      const [n, word] = row.trim().split(/\s+/);
      return [word!, Number(n!.replace(/,/g, ''))] as [string, number];
    });
    expectReference(table);
    // Not a terminal: no progress bar, nothing at all on stderr.
    expect(r.stderr).toBe('');
  });

  // One local run, shared: its JSON is the reference the threads run must equal byte for byte.
  let localJson: Promise<Finished> | undefined;
  const localRun = () => {
    localJson ??= polyfold(['run', JOB, '--json', '--input', ...corpus.files]);
    return localJson;
  };

  it('--json prints [word, count] pairs, most common first, and --top limits them', async () => {
    expectReference(parsePairs(await localRun()));
    const top = parsePairs(await polyfold(['run', JOB, '--json', '--top', '3', corpus.files[0]!]));
    expect(top).toHaveLength(3);
  });

  it('--executor threads gives the same result as local, in the same order', async () => {
    const threads = await polyfold([
      'run',
      JOB,
      '--json',
      '--executor',
      'threads',
      '--workers',
      '2',
      '--input',
      ...corpus.files,
    ]);
    expectExit(threads, 0);
    expect(threads.stdout).toBe((await localRun()).stdout);
    expectReference(JSON.parse(threads.stdout));
  });

  it('reads stdin lines when no --input is given', async () => {
    expectReference(parsePairs(await polyfold(['run', JOB, '--json'], { input: corpus.text })));
    const threads = await polyfold(['run', JOB, '--json', '-e', 'threads', '-w', '2'], {
      input: corpus.text,
    });
    expectReference(parsePairs(threads));
  });

  it('a JavaScript job module: several jobs need --job; a HashMap result as JSON from threads', async () => {
    // Plain JavaScript, importing polyfold's sources the way the CLI loads them (through tsx).
    const module = writeLengthsModule(corpus.dir, 'export const notAJob = 42;');
    const dir = join(corpus.dir, 'jobs');
    const input = join(dir, 'lines.txt');
    writeFileSync(input, 'ab\nabc\nabcd\n\nx\n');
    const several = await polyfold(['run', module, input]);
    expectExit(several, 1);
    expect(several.stderr).toMatch(
      /exports several jobs \(byParity, longest\): choose one with --job NAME/,
    );

    const json = await polyfold([
      'run',
      module,
      '-j',
      'byParity',
      '--json',
      input,
      '-e',
      'threads',
    ]);
    expect(parsePairs(json)).toEqual([
      ['even', 3],
      ['odd', 2],
    ]);
  });
});

describe('polyfold run: bad input gives one clear line and a non-zero status', () => {
  const cases: [string, string[], number, RegExp][] = [
    [
      'a missing module',
      ['run', 'no/such/job.ts', '--input', corpus.files[0]!],
      1,
      /^polyfold run: job module not found: no\/such\/job\.ts \(looked for .*no\/such\/job\.ts\)/,
    ],
    [
      'a module that exports no job',
      ['run', 'examples/word-count/tasks.ts', '--input', corpus.files[0]!],
      1,
      /^polyfold run: examples\/word-count\/tasks\.ts exports no job \(exports: isContentWord, words\); export one made with pipeline/,
    ],
    [
      'an input file that does not exist',
      ['run', JOB, '--input', join(corpus.dir, 'missing.txt')],
      1,
      /^polyfold run: cannot read input file .*missing\.txt: no such file$/,
    ],
    [
      'an unknown executor',
      ['run', JOB, '--executor', 'gpu', corpus.files[0]!],
      2,
      /^polyfold run: unknown executor "gpu": use --executor local, threads or cluster/,
    ],
    [
      'zero workers',
      ['run', JOB, '-e', 'threads', '--workers', '0', corpus.files[0]!],
      2,
      /^polyfold run: --workers must be a whole number from 1 to 1024, got "0"/,
    ],
    [
      'a Redis URL that is not redis:// (and its password is not echoed)',
      ['run', JOB, '-e', 'cluster', '--redis', 'http://user:hunter2@host', corpus.files[0]!],
      2,
      /^polyfold run: --redis must use redis:\/\/ or rediss:\/\/ \(TLS\), got "http:"/,
    ],
  ];
  for (const [what, args, code, message] of cases) {
    it(what, async () => {
      const r = await polyfold(args);
      expectExit(r, code);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(message);
      expect(r.stderr).not.toContain('hunter2');
    });
  }

  it('a job whose task throws fails with the task error on one line', async () => {
    const file = join(corpus.dir, 'throws.mjs');
    writeFileSync(
      file,
      `import { folds, map, pipeline } from ${JSON.stringify(join(ROOT, 'src/functional/index.ts'))};
       import { defineTasks } from ${JSON.stringify(join(ROOT, 'src/parallel/index.ts'))};
       export const { explode } = defineTasks(import.meta.url, {
         explode: (line) => { if (line.includes('naïve')) throw new RangeError('no naïve lines'); return 1; },
       });
       export const job = pipeline(map(explode)).fold(folds.sum());
      `,
    );
    for (const executor of ['local', 'threads']) {
      const r = await polyfold(['run', file, '-e', executor, ...corpus.files]);
      expectExit(r, 1);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('no naïve lines');
    }
  });
});

describe('polyfold help and version', () => {
  it('--help and --version', async () => {
    const help = await polyfold(['--help']);
    expectExit(help, 0);
    expect(help.stdout).toContain('polyfold run JOB_MODULE');
    expect(help.stdout).toContain('polyfold worker --tasks MODULE…');
    const version = await polyfold(['--version']);
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
    expect(version.stdout).toBe(`${pkg.version}\n`);
  });
});
