// The CommonJS twin of smoke.mjs: every subpath through `require`, as a CJS consumer would.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const expected = JSON.parse(readFileSync(join(__dirname, 'expected.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
let failures = 0;
for (const key of Object.keys(pkg.exports)) {
  if (key === './package.json') continue;
  const spec = key === '.' ? 'polyfold' : `polyfold/${key.slice(2)}`;
  try {
    const mod = require(spec);
    if (!expected[spec]) throw new Error(`no expected names listed for ${spec} in expected.json`);
    const missing = expected[spec].filter((n) => !(n in mod));
    if (missing.length) throw new Error(`missing exports: ${missing.join(', ')}`);
    console.log(`cjs ok  ${spec} (${Object.keys(mod).length} exports)`);
  } catch (err) {
    failures++;
    console.error(`cjs FAIL ${spec}: ${err instanceof Error ? err.message : err}`);
  }
}
const { singledispatch } = require('polyfold/dispatch');
const describe = singledispatch((_x) => 'thing').register(Number, (n) => `number ${n}`);
if (describe(1) !== 'number 1' || describe('a') !== 'thing') {
  failures++;
  console.error('cjs FAIL singledispatch does not dispatch');
}
process.exit(failures ? 1 : 0);
