// The CLI as it ships: bundled to one JavaScript file and run by plain `node` (no tsx
// loader). A `.ts` job module then fails to import natively and is loaded through tsx's
// `tsImport`; the job it exports comes from polyfold's sources, another copy than the
// bundle's, and is rebuilt from its description. Without tsx, the message says what to do.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byCount, makeCorpus, ROOT, spawnNode } from './support.js';

// esbuild comes with tsup (and tsx); a checkout without it cannot build the bundle.
const esbuildPath = (() => {
  try {
    return createRequire(import.meta.url).resolve('esbuild');
  } catch {
    return undefined;
  }
})();

const corpus = makeCorpus(11, 2, 200);
// Inside the repository, so that `tsx` resolves from the bundle; outside, so that it does not.
const inside = join(ROOT, 'node_modules/.cache/polyfold-cli-test');
const outside = mkdtempSync(join(tmpdir(), 'polyfold-cli-bundle-'));

beforeAll(async () => {
  if (!esbuildPath) return;
  const esbuild = (await import(esbuildPath)) as typeof import('esbuild');
  mkdirSync(inside, { recursive: true });
  for (const dir of [inside, outside]) {
    await esbuild.build({
      entryPoints: [join(ROOT, 'src/cli/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: join(dir, 'cli.mjs'),
      // As the package build leaves it: tsx is loaded from the user's install, if at all.
      external: ['tsx', 'tsx/esm/api'],
      // cli-progress is CommonJS; its require() calls need a require in an ES module.
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      logLevel: 'silent',
    });
  }
}, 60_000);
afterAll(() => {
  rmSync(corpus.dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
  rmSync(inside, { recursive: true, force: true });
});

describe.skipIf(!esbuildPath)(
  'the bundled CLI under plain node (skipped: esbuild not installed)',
  () => {
    it('loads a .ts job module through tsImport and runs it correctly', async () => {
      const r = await spawnNode([
        join(inside, 'cli.mjs'),
        'run',
        'examples/word-count/job.ts',
        '--json',
        ...corpus.files,
      ]).done;
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      const pairs = JSON.parse(r.stdout) as [string, number][];
      expect(new Map(pairs)).toEqual(corpus.counts);
      expect(pairs.map(([, n]) => n)).toEqual(byCount(corpus.counts).map(([, n]) => n));
    });

    it('says how to get tsx when it is not installed', async () => {
      const r = await spawnNode([
        join(outside, 'cli.mjs'),
        'run',
        join(ROOT, 'examples/word-count/job.ts'),
        ...corpus.files,
      ]).done;
      expect(r.code).toBe(1);
      expect(r.stderr.trimEnd()).toMatch(
        /^polyfold run: .*examples\/word-count\/job\.ts is TypeScript, which Node v\d+\.\d+\.\d+ cannot import by itself, and tsx is not installed \(polyfold lists it only as a devDependency\): run npm i -D tsx, or build the module to JavaScript$/,
      );
    });
  },
);
