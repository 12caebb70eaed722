// The CommonJS twin of names.mjs.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { classNameProblems } = require('./names-check.cjs');

const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
const modules = {};
for (const key of Object.keys(pkg.exports)) {
  if (key === './package.json') continue;
  const spec = key === '.' ? 'polyfold' : `polyfold/${key.slice(2)}`;
  modules[spec] = require(spec);
}
const problems = classNameProblems(modules);
for (const p of problems) console.error(`cjs FAIL ${p}`);
if (problems.length === 0) console.log('cjs ok  class names kept in dist');
process.exit(problems.length ? 1 : 0);
