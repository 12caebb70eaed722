/**
 * Helpers for the end-to-end tests: the CLI spawned as a user runs it, a corpus whose word
 * counts are known by construction, and a private Redis for the cluster cases.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../..');

/** What a finished process left. */
export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link spawnNode}. */
export interface SpawnOptions {
  /** Written to stdin, which is then closed; `'keep-open'` leaves stdin open and empty. */
  readonly input?: string | 'keep-open';
  readonly cwd?: string;
  readonly env?: Record<string, string | undefined>;
}

// Children still running when a test file ends (a test that timed out, an assertion that
// threw before the kill): killed, so a stray worker or run can never keep CI waiting.
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

/** `node ARGS…` from the repository root, with a handle on the child. */
export function spawnNode(args: readonly string[], options: SpawnOptions = {}) {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  if (options.input !== 'keep-open') child.stdin!.end(options.input ?? '');
  running.add(child);
  const done = new Promise<Finished>((resolveDone) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      resolveDone({ code, signal, stdout, stderr });
    });
  });
  return { child, done, output: () => ({ stdout, stderr }) };
}

/** The CLI from its TypeScript sources, as `node --import tsx src/cli/index.ts …`. */
export const CLI = ['--import', 'tsx', join(ROOT, 'src/cli/index.ts')];

/** Runs `polyfold ARGS…` to the end. */
export function polyfold(args: readonly string[], options: SpawnOptions = {}): Promise<Finished> {
  return spawnNode([...CLI, ...args], options).done;
}

/** A small deterministic generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Content words (kept by the word-count job), and words it must drop: stop words and
// single letters. Mixed case, accents and inner apostrophes test the tokenizer.
const CONTENT = [
  'Fold',
  'monoid',
  'Worker',
  'thread',
  'cluster',
  'pipeline',
  'Counter',
  'café',
  'naïve',
  "don't",
  "Wolohan's",
  'map',
  'reduce',
  'Python',
  'dispatch',
  'protocol',
  'hash',
  'équipe',
];
const DROPPED = ['the', 'and', 'of', 'a', 'I', 'x', 'The', 'AND'];
const SEPARATORS = [' ', ', ', '. ', ' - ', '\t', '; ', '! ', ' (', ') ', ' 42 ', ' "'];

/** A corpus on disk and its word counts, known because every word was placed on purpose. */
export interface Corpus {
  readonly dir: string;
  readonly files: string[];
  /** Lower-cased content word → occurrences. */
  readonly counts: Map<string, number>;
  readonly text: string;
}

/**
 * Writes `fileCount` files of `linesPerFile` lines in a temp dir. The reference counts are
 * tallied while the words are placed, not by tokenizing the text again.
 */
export function makeCorpus(
  seed = 1,
  fileCount = 3,
  linesPerFile = 400,
  extension = '.txt',
): Corpus {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const dir = mkdtempSync(join(tmpdir(), 'polyfold-cli-'));
  const counts = new Map<string, number>();
  const files: string[] = [];
  const texts: string[] = [];
  for (let f = 0; f < fileCount; f++) {
    const lines: string[] = [];
    for (let l = 0; l < linesPerFile; l++) {
      let line = '';
      const words = Math.floor(next() * 9);
      for (let w = 0; w < words; w++) {
        if (next() < 0.3) line += pick(DROPPED);
        else {
          const word = pick(CONTENT);
          line += next() < 0.2 ? word.toUpperCase() : word;
          const key = word.toLowerCase();
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        line += pick(SEPARATORS);
      }
      lines.push(line);
    }
    // One file with Windows line ends: the same words.
    const text = lines.join(f === 1 ? '\r\n' : '\n');
    const file = join(dir, `part-${f}${extension}`);
    writeFileSync(file, text);
    files.push(file);
    texts.push(text);
  }
  return { dir, files, counts, text: texts.join('\n') };
}

/** The reference as `[word, count]` pairs, most common first (ties in any order). */
export function byCount(counts: Map<string, number>): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A private Redis for a test file, or the reason there is none. */
export type RedisHandle =
  | { readonly url: string; readonly reason?: undefined; stop(): Promise<void> }
  | { readonly url: undefined; readonly reason: string; readonly stop?: undefined };

/**
 * Uses POLYFOLD_TEST_REDIS when set; else starts `redis-server` on a free loopback port
 * (no persistence); else returns why the Redis tests cannot run — except under CI=true, where
 * it throws: a green CI must mean the cluster cases ran.
 */
export async function startRedis(): Promise<RedisHandle> {
  const given = process.env.POLYFOLD_TEST_REDIS;
  if (given) return { url: given, stop: async () => {} };
  if (spawnSync('redis-server', ['--version']).error) {
    const reason =
      'no Redis: redis-server is not installed (apt-get install redis-server) and POLYFOLD_TEST_REDIS is not set';
    if (process.env.CI === 'true')
      throw new Error(`${reason}; CI=true, so this fails instead of skipping`);
    return { url: undefined, reason };
  }
  const port = await freePort();
  const server = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((ready, fail) => {
    let log = '';
    const timer = setTimeout(() => fail(new Error(`redis-server did not start:\n${log}`)), 10_000);
    server.stdout!.on('data', (d: Buffer) => {
      log += d;
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        ready();
      }
    });
    server.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`redis-server exited (${code}):\n${log}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((stopped) => {
        server.once('exit', () => stopped());
        server.kill('SIGTERM');
      }),
  };
}

/**
 * Writes `<dir>/jobs/lengths.mjs`, a plain JavaScript job module importing polyfold's sources
 * (the way the CLI loads them, through tsx): two jobs over line lengths, `byParity` (a
 * HashMap of counts) and `longest` (a number), plus `extra` exports. Returns its path.
 */
export function writeLengthsModule(dir: string, extra = ''): string {
  const jobs = join(dir, 'jobs');
  mkdirSync(jobs, { recursive: true });
  const module = join(jobs, 'lengths.mjs');
  writeFileSync(
    module,
    `import { folds, map, pipeline } from ${JSON.stringify(join(ROOT, 'src/functional/index.ts'))};
     import { defineTasks } from ${JSON.stringify(join(ROOT, 'src/parallel/index.ts'))};
     export const { len, parity } = defineTasks(import.meta.url, {
       len: (line) => line.length,
       parity: (n) => (n % 2 === 0 ? 'even' : 'odd'),
     });
     export const byParity = pipeline(map(len)).fold(folds.reduceBy(parity, folds.count()));
     export const longest = pipeline(map(len)).fold(folds.max());
     ${extra}
    `,
  );
  return module;
}
