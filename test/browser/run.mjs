// The pure subpaths in a real browser: bundles test/browser/page.mjs (which imports
// polyfold/dispatch, /protocols and /functional from the BUILT package) with esbuild for the
// browser, loads it in headless Chromium, and compares what the page computed with what the
// same program computes in Node. Run after `npm run build` (`npm run test:browser`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..', '..');
const BROWSER = 'chromium-headless-shell';

let dir;
function fail(message) {
  console.error(`browser FAIL ${message}`);
  if (dir) rmSync(dir, { recursive: true, force: true });
  process.exit(1);
}

if (!existsSync(join(root, 'dist', 'protocols', 'index.js'))) {
  fail('dist/ is missing: run `npm run build` first');
}
const found = spawnSync('sh', ['-c', `command -v ${BROWSER}`], { encoding: 'utf8' });
if (found.status !== 0) {
  const how = `${BROWSER} is not installed (apt-get install -y ${BROWSER})`;
  // A green CI must mean the browser ran; a developer without it is told, not failed.
  if (process.env.CI === 'true') fail(how);
  console.warn(`browser NOT RUN: ${how}`);
  process.exit(0);
}

dir = mkdtempSync(join(tmpdir(), 'polyfold-browser-'));
try {
  // Bundled from inside the repository, so `polyfold/…` resolves to this package's exports
  // (self-reference) with the browser conditions, exactly as an app's bundler would.
  let bundle;
  try {
    bundle = await build({
      entryPoints: [join(here, 'page.mjs')],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      absWorkingDir: root,
    });
  } catch (err) {
    const errors = (err.errors ?? []).map((e) => `  ${e.location?.file ?? ''}: ${e.text}`);
    fail(
      `esbuild could not bundle the pure subpaths for the browser:\n${errors.join('\n') || err}`,
    );
  }
  writeFileSync(join(dir, 'bundle.js'), bundle.outputFiles[0].contents);
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><body><pre id="out" data-status="pending"></pre>' +
      '<script src="bundle.js"></script></body></html>\n',
  );

  const chrome = spawnSync(
    BROWSER,
    [
      '--no-sandbox',
      '--disable-gpu',
      '--allow-file-access-from-files',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${join(dir, 'profile')}`,
      '--dump-dom',
      `file://${join(dir, 'index.html')}`,
    ],
    { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (chrome.error || chrome.status !== 0) {
    fail(`${BROWSER} exited with ${chrome.error ?? chrome.status}:\n${chrome.stderr.slice(-2000)}`);
  }
  const m = /<pre id="out" data-status="(\w+)">([\s\S]*?)<\/pre>/.exec(chrome.stdout);
  if (!m) fail(`no result element in the dumped DOM:\n${chrome.stdout.slice(0, 2000)}`);
  const text = m[2]
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
  if (m[1] !== 'ok') fail(`the page's script failed (status ${m[1]}):\n${text}`);

  const inBrowser = JSON.parse(text);
  const { main } = await import('./app.mjs');
  const inNode = JSON.parse(JSON.stringify(await main()));
  if (!isDeepStrictEqual(inBrowser, inNode)) {
    fail(
      `the browser computed something else than Node:\n  browser ${text}\n  node    ${JSON.stringify(inNode)}`,
    );
  }
  // And Node's answer is the right one (so two equally broken runs cannot agree).
  const expect = {
    dispatch: ['circle r=2', 'round', 'number 42', 'unknown'],
    chain: ['Circle', 'Shape', 'Object'],
    equals: true,
    hashStable: true,
    lookup: 'found',
    mostCommon: [
      ['a', 5],
      ['b', 2],
    ],
    counterName: 'Counter',
    repr: "{ m: Map(1) { 1 => [2n, -0] }, s: Set(1) { 'x' }, d: Date(1970-01-01T00:00:00.000Z) }",
    fold: 1 + 9 + 25,
    run: Array.from({ length: 100 }, (_, i) => i * i)
      .filter((n) => n % 2 === 1)
      .reduce((a, b) => a + b, 0),
  };
  for (const [k, v] of Object.entries(expect)) {
    if (!isDeepStrictEqual(inNode[k], v)) {
      fail(`${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(inNode[k])}`);
    }
  }
  const kb = (bundle.outputFiles[0].contents.length / 1024).toFixed(0);
  console.log(`browser ok  dispatch, protocols, functional in ${BROWSER} (bundle ${kb} KiB)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
