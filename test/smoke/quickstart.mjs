// The README's quick start, as a new user meets it: a fresh `npm init -y` project (with the
// `"type": "commonjs"` npm 11 writes), the packed package installed into it, the README's
// files pasted verbatim, run with plain `node`, printing what the README says they print.
//
// The files come from README.md: every fenced block right after a `<!-- quickstart: NAME -->`
// comment is written to NAME; the block marked `output` is what each `count.*` must print.
// Run after `npm run build`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

const files = new Map();
for (const m of readme.matchAll(/<!-- quickstart: (\S+) -->\n```[a-z]*\n([\s\S]*?)\n```/g)) {
  files.set(m[1], `${m[2]}\n`);
}
const expected = files.get('output');
files.delete('output');
assert.ok(expected, 'README.md has no `<!-- quickstart: output -->` block');
for (const name of ['tasks.mjs', 'count.mjs', 'tasks.cjs', 'count.cjs']) {
  assert.ok(files.has(name), `README.md has no \`<!-- quickstart: ${name} -->\` block`);
}

const dir = mkdtempSync(join(tmpdir(), 'polyfold-quickstart-'));
const run = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    ...opts,
  });
try {
  const tgz = run('npm', ['pack', root, '--silent', '--pack-destination', dir])
    .trim()
    .split('\n')
    .at(-1);
  run('npm', ['init', '-y']);
  // What npm 11 writes; set explicitly so the check does not depend on the npm version.
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...pkg, type: 'commonjs' }, null, 2));
  // The dependencies are in the npm cache from the repository's own install; the registry is
  // used only for what is missing.
  run('npm', ['install', join(dir, tgz), '--prefer-offline', '--no-audit', '--no-fund']);
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  for (const program of ['count.mjs', 'count.cjs']) {
    const out = run(process.execPath, [program], { timeout: 60_000 });
    assert.equal(out, expected, `${program} printed something else than the README says`);
  }
  console.log('quickstart ok  README examples (ESM and CJS) in a fresh npm project');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
