// Ctrl-C: SIGINT aborts the run through its AbortSignal, the executor is closed, and the
// command exits with 130 and one line — while the run is waiting for more input.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, spawnNode } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'polyfold-sigint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A task that leaves a file behind the first time it runs: proof the run has started.
const module = join(dir, 'marked.mjs');
writeFileSync(
  module,
  `import { writeFileSync } from 'node:fs';
   import { folds, map, pipeline } from ${JSON.stringify(join(ROOT, 'src/functional/index.ts'))};
   import { defineTasks } from ${JSON.stringify(join(ROOT, 'src/parallel/index.ts'))};
   export const { mark } = defineTasks(import.meta.url, {
     mark: (line) => {
       if (!globalThis.marked) writeFileSync(process.env.MARKER, 'started');
       globalThis.marked = true;
       return line.length;
     },
   });
   export const job = pipeline(map(mark)).fold(folds.sum());
  `,
);

// The same, with a task slow enough (≈ 5 µs a line) that a run over files lasts seconds.
const slow = join(dir, 'slow.mjs');
writeFileSync(
  slow,
  `import { writeFileSync } from 'node:fs';
   import { folds, map, pipeline } from ${JSON.stringify(join(ROOT, 'src/functional/index.ts'))};
   import { defineTasks } from ${JSON.stringify(join(ROOT, 'src/parallel/index.ts'))};
   export const { crawl } = defineTasks(import.meta.url, {
     crawl: (line) => {
       if (!globalThis.marked) {
         writeFileSync(process.env.MARKER, 'started');
         // How many lines were folded before the process ended.
         process.on('exit', () => writeFileSync(process.env.MARKER, String(globalThis.lines)));
         globalThis.lines = 0;
       }
       globalThis.marked = true;
       globalThis.lines++;
       const until = performance.now() + 0.005;
       while (performance.now() < until);
       return line.length;
     },
   });
   export const job = pipeline(map(crawl)).fold(folds.sum());
  `,
);
// 12 MB: three byte ranges of 4 MiB, each about half a second of work.
const big = join(dir, 'big.txt');
writeFileSync(big, `${'x'.repeat(39)}\n`.repeat(300_000));

async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Ctrl-C', () => {
  for (const executor of ['local', 'threads']) {
    it(`aborts a ${executor} run waiting on stdin: exit 130, one line`, async () => {
      const marker = join(dir, `${executor}.started`);
      const { child, done, output } = spawnNode(
        [
          ...CLI,
          'run',
          module,
          '--executor',
          executor,
          ...(executor === 'threads' ? ['-w', '2'] : []),
        ],
        { input: 'keep-open', env: { MARKER: marker } },
      );
      // A full batch of lines (4096) reaches the job; stdin then stays open, never ending.
      child.stdin!.write(`${'some line\n'.repeat(5000)}`);
      await until(() => existsSync(marker) || child.exitCode !== null, 20_000).catch(() => {
        throw new Error(`the run did not start: ${JSON.stringify(output())}`);
      });
      const started = Date.now();
      child.kill('SIGINT');
      const r = await done;
      expect({ code: r.code, signal: r.signal, stdout: r.stdout }).toEqual({
        code: 130,
        signal: null,
        stdout: '',
      });
      expect(r.stderr).toBe('polyfold run: interrupted (Ctrl-C); the run was cancelled\n');
      expect(Date.now() - started).toBeLessThan(5000);
    });
  }

  it('aborts a local run over files between two byte ranges', async () => {
    const marker = join(dir, 'files.started');
    const { child, done, output } = spawnNode([...CLI, 'run', slow, '--input', big], {
      env: { MARKER: marker },
    });
    await until(() => existsSync(marker) || child.exitCode !== null, 20_000).catch(() => {
      throw new Error(`the run did not start: ${JSON.stringify(output())}`);
    });
    const started = Date.now();
    child.kill('SIGINT');
    const r = await done;
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 130,
      stdout: '',
      stderr: 'polyfold run: interrupted (Ctrl-C); the run was cancelled\n',
    });
    // The range in progress is finished, the rest is never read.
    const folded = Number(readFileSync(marker, 'utf8'));
    expect(folded).toBeGreaterThan(0);
    expect(folded).toBeLessThan(300_000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
