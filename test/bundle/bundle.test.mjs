// A bundled app on threads(), from the BUILT package (run by `npm run test:bundle`, after
// `npm run build`). The build script and the app are the code blocks of docs/bundling.md,
// copied out of the doc, so the recipe users read is the one tested. The bundle runs from a
// folder without node_modules and must print what local() computes; bundles that lack one
// of the files the recipe emits must fail at once with a coded error naming the fix.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'polyfold-bundle-'));
const app = join(work, 'app');
const input = join(work, 'input.txt');

/** The code block of docs/bundling.md whose first line is `// <name>`. */
function docBlock(name) {
  const doc = readFileSync(join(root, 'docs/bundling.md'), 'utf8');
  for (const m of doc.matchAll(/```(?:js|ts)(?: fragment)?\n([\s\S]*?)```/g)) {
    if (m[1].startsWith(`// ${name}`)) return m[1];
  }
  throw new Error(`docs/bundling.md has no code block starting with // ${name}`);
}

/** A folder holding only the given outputs (and a package.json): what a deployment ships. */
function deploy(name, from, skip = []) {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const f of readdirSync(from))
    if (!skip.includes(f)) copyFileSync(join(from, f), join(dir, f));
  return dir;
}

/** Runs the deployed app on the input; returns its output and how long it took. */
function runApp(dir) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(dir, 'main.js'), input], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { ...r, ms: performance.now() - t0 };
}

/** Asserts a prompt failure with `code`, and a message that points at bundling and the doc. */
function assertFailsAtOnce(r, code, ...also) {
  assert.notEqual(r.status, 0, `expected a failure, got exit ${r.status}: ${r.stdout}`);
  assert.equal(r.stdout, '', 'the app printed an answer');
  assert.match(r.stderr, new RegExp(`code: '${code}'`));
  assert.match(r.stderr, /bundled app/);
  assert.match(r.stderr, /docs\/bundling\.md/);
  for (const text of also) assert.match(r.stderr, text);
  assert.doesNotMatch(r.stderr, /attempts/, 'a startup failure was retried');
  // Loose on purpose (a shared machine): "at once" means seconds, not a timeout or a hang.
  assert.ok(r.ms < 10_000, `took ${Math.round(r.ms)} ms`);
}

before(() => {
  assert.ok(
    existsSync(join(root, 'dist/parallel/worker.js')),
    'dist/ is missing: run `npm run build` first',
  );
  mkdirSync(join(app, 'src'), { recursive: true });
  mkdirSync(join(app, 'node_modules'));
  // The app depends on this checkout as if installed; esbuild comes from the repository.
  symlinkSync(root, join(app, 'node_modules/polyfold'), 'dir');
  symlinkSync(join(root, 'node_modules/esbuild'), join(app, 'node_modules/esbuild'), 'dir');
  writeFileSync(
    join(app, 'package.json'),
    '{ "name": "app", "private": true, "type": "module" }\n',
  );
  writeFileSync(join(app, 'esbuild.config.mjs'), docBlock('esbuild.config.mjs'));
  writeFileSync(join(app, 'src/tasks.ts'), docBlock('src/tasks.ts'));
  writeFileSync(join(app, 'src/main.ts'), docBlock('src/main.ts'));
  const words = ['The cat', 'and THE dog', 'a Cat, a dog; the end', 'polyfold'];
  writeFileSync(
    input,
    Array.from({ length: 4000 }, (_, i) => `${words[i % 4]} w${i % 5}`).join('\n'),
  );
  const b = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: app, encoding: 'utf8' });
  assert.equal(b.status, 0, `the doc's build script failed:\n${b.stderr}`);
});

after(() => rmSync(work, { recursive: true, force: true }));

describe('an app bundled with the esbuild recipe of docs/bundling.md', () => {
  it('emits the app, its task module and both workers', () => {
    assert.deepEqual(readdirSync(join(app, 'dist')).sort(), [
      'main.js',
      'polyfold-worker.js',
      'tasks.js',
      'worker.js',
    ]);
  });

  it('runs on threads() without node_modules and prints what local() computes', async () => {
    const r = runApp(deploy('full', join(app, 'dist')));
    assert.equal(r.status, 0, r.stderr);
    const { flatMap, folds, map, pipeline, run } = await import(
      pathToFileURL(join(root, 'dist/functional/index.js')).href
    );
    const { lower, tokenize } = await import(pathToFileURL(join(app, 'dist/tasks.js')).href);
    const wordCount = pipeline(flatMap(tokenize), map(lower)).fold(folds.frequencies());
    const lines = readFileSync(input, 'utf8').split('\n');
    const expected = (await run(wordCount, lines)).mostCommon(3);
    assert.deepEqual(JSON.parse(r.stdout), expected);
    assert.equal(expected[0][0], 'the');
  });
});

describe('a bundle missing a file fails at once, naming the fix', () => {
  it('without polyfold-worker.js: ERR_WORKER_FILE_NOT_FOUND', () => {
    const r = runApp(deploy('no-polyfold-worker', join(app, 'dist'), ['polyfold-worker.js']));
    assertFailsAtOnce(r, 'ERR_WORKER_FILE_NOT_FOUND', /polyfold-worker/);
  });

  it("without piscina's worker.js: ERR_WORKER_START (was: a silent exit 0)", () => {
    const r = runApp(deploy('no-piscina-worker', join(app, 'dist'), ['worker.js']));
    assertFailsAtOnce(r, 'ERR_WORKER_START', /worker\.js/);
  });

  // Variants of the recipe, built here with the recipe's options minus one part.
  const tasksApart = {
    name: 'tasks-apart',
    setup(b) {
      b.onResolve({ filter: /^\.\/tasks\.js$/ }, () => ({ path: './tasks.js', external: true }));
    },
  };
  const variant = async (name, change) => {
    const out = join(work, `${name}-dist`);
    const piscina = join(dirname(fileURLToPath(import.meta.resolve('piscina'))), 'worker.js');
    await build({
      entryPoints: {
        main: join(app, 'src/main.ts'),
        tasks: join(app, 'src/tasks.ts'),
        'polyfold-worker': join(root, 'dist/parallel/worker.js'),
        worker: piscina,
      },
      outdir: out,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);",
      },
      external: ['tsx', 'tsx/esm/api', '@napi-rs/nice'],
      logLevel: 'silent',
      plugins: [tasksApart],
      ...change,
    });
    return deploy(name, out);
  };

  it('with the task module bundled into the app: ERR_TASK_NOT_FOUND, before anything is sent', async () => {
    const r = runApp(await variant('tasks-inlined', { plugins: [] }));
    assertFailsAtOnce(r, 'ERR_TASK_NOT_FOUND', /task modules were bundled into it/);
  });

  it("with packages: 'external' and the task module inlined: the worker's failure names the fix", async () => {
    // The dependencies stay in node_modules, so this bundle runs inside the app's folder.
    const out = join(app, 'external-dist');
    await build({
      entryPoints: { main: join(app, 'src/main.ts') },
      outdir: out,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    // Was: every worker ran the app again, which started workers of its own, without end.
    const r = runApp(out);
    assertFailsAtOnce(r, 'ERR_TASK_NOT_FOUND', /entry script/);
  });

  it('with the one-line createRequire banner (no __dirname): ERR_WORKER_START naming __dirname', async () => {
    const banner = {
      js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
    };
    const r = runApp(await variant('usual-banner', { banner }));
    assertFailsAtOnce(r, 'ERR_WORKER_START', /__dirname/);
  });
});
