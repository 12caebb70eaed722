// Every example runs with the one command in its header and prints what it should; the
// word counts are checked against a corpus whose counts are known by construction.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { byCount, type Finished, makeCorpus, ROOT, spawnNode, startRedis } from '../cli/support.js';

const TSX = ['--import', 'tsx'];
const corpus = makeCorpus(21, 3, 300);
const redis = await startRedis();
afterAll(async () => {
  rmSync(corpus.dir, { recursive: true, force: true });
  await redis.stop?.();
});

function example(path: string, args: string[] = [], env: Record<string, string> = {}) {
  return spawnNode([...TSX, `examples/${path}`, ...args], { env }).done;
}

function ok(r: Finished): string {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return r.stdout;
}

/** The rows of a `count  word` table (as printTop prints it). */
function topRows(stdout: string): [string, number][] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => /^\s*count\s+word$/.test(l));
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: [string, number][] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s*([\d,]+)\s+(\S+)$/.exec(line);
    if (!m) break;
    rows.push([m[2]!, Number(m[1]!.replace(/,/g, ''))]);
  }
  return rows;
}

/** The top rows agree with the reference: right counts, most common first. */
function expectTop(stdout: string, n = 10): void {
  const rows = topRows(stdout);
  expect(rows).toHaveLength(Math.min(n, corpus.counts.size));
  for (const [word, count] of rows) expect(count).toBe(corpus.counts.get(word));
  expect(rows.map(([, c]) => c)).toEqual(
    byCount(corpus.counts)
      .slice(0, n)
      .map(([, c]) => c),
  );
}

const total = [...corpus.counts.values()].reduce((a, b) => a + b, 0);
const summary = `${total} words (${corpus.counts.size} distinct) in ${corpus.files.length} files`;

describe('word count', () => {
  it('local.ts', async () => {
    const out = ok(await example('word-count/local.ts', corpus.files));
    expect(out.split('\n')[0]).toBe(`local(): ${summary}`);
    expectTop(out);
  });

  it('threads.ts: the same words and counts as local', async () => {
    const out = ok(await example('word-count/threads.ts', corpus.files, { POLYFOLD_WORKERS: '2' }));
    expect(out.split('\n')[0]).toBe(`threads({ workers: 2 }): ${summary}`);
    expectTop(out);
  });

  it('local.ts with no arguments counts the repository docs', async () => {
    const out = ok(await example('word-count/local.ts'));
    expect(out).toMatch(/^local\(\): \d+ words \(\d+ distinct\) in \d+ files\n/);
    expect(topRows(out)).toHaveLength(10);
  });

  it.skipIf(!redis.url)(`cluster.ts${redis.url ? '' : ` (skipped: ${redis.reason})`}`, async () => {
    const out = ok(
      await example('word-count/cluster.ts', corpus.files, { POLYFOLD_REDIS: redis.url! }),
    );
    expect(out.split('\n')[0]).toBe(`cluster({ queue: 'word-count' }): ${summary}`);
    expectTop(out);
  });
});

describe('npm run demo (examples/demo.ts)', () => {
  it('on a small corpus: top words, both times, the speedup, the same result', async () => {
    const md = makeCorpus(21, 3, 300, '.md'); // the same words as `corpus`, as Markdown
    try {
      const out = ok(await example('demo.ts', ['--root', md.dir, '--workers', '2']));
      expect(out).toContain(`word count over 3 .md and .d.ts files under ${md.dir}`);
      expect(out).toMatch(/machine: \d+ cores \(.*\), Node v20\./);
      expect(out).toContain(`top 10 words (900 lines, ${total.toLocaleString('en-US')} words`);
      expectTop(out);
      expect(out).toMatch(/^local\(\) {2,}\d+\.\d\d s$/m);
      expect(out).toMatch(
        /^threads\(\{ workers: 2 \}\) {2,}\d+\.\d\d s {3}\(\+ \d+\.\d\d s once, to start the workers\)$/m,
      );
      expect(out).toMatch(/^speedup: \d+\.\d\dx with 2 workers on \d+ cores$/m);
      expect(out).toContain('same result on both executors: yes');
    } finally {
      rmSync(md.dir, { recursive: true, force: true });
    }
  });

  it('on node_modules, capped with POLYFOLD_DEMO_MAX_MB', async () => {
    const out = ok(await example('demo.ts', ['--workers', '2'], { POLYFOLD_DEMO_MAX_MB: '0.3' }));
    const m = /word count over ([\d,]+) \.md and \.d\.ts files under (.*) \(([\d.]+) MB\)/.exec(
      out,
    );
    expect(m?.[2]).toBe(`${ROOT}/node_modules`);
    expect(Number(m?.[3])).toBeLessThanOrEqual(0.3);
    expect(Number(m?.[1]?.replace(/,/g, ''))).toBeGreaterThan(1);
    expect(topRows(out)).toHaveLength(10);
    expect(out).toContain('same result on both executors: yes');
  });

  it('refuses a bad option value with a message', async () => {
    const r = await example('demo.ts', ['--max-mb', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('demo: --max-mb must be a positive number, got "lots"\n');
  });
});
