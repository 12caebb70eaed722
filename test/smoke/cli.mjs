// The built `polyfold` command, run as npm would link it: plain node, no tsx loader.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const bin = new URL(`../../${pkg.bin.polyfold}`, import.meta.url);
assert.match(readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
const version = spawnSync(process.execPath, [bin.pathname, '--version'], { encoding: 'utf8' });
assert.equal(version.status, 0, version.stderr);
assert.equal(version.stdout.trim(), pkg.version);
const bad = spawnSync(process.execPath, [bin.pathname, 'run', 'no-such-module.js'], {
  encoding: 'utf8',
});
assert.notEqual(bad.status, 0);
assert.match(bad.stderr, /no-such-module/);
console.log('cli ok  dist/cli/index.js --version and a clear error for a missing module');
