// The BUILT package keeps its classes' names (tsup `keepNames`): without it esbuild renames
// `Counter` to `_Counter`, which then shows in `explain(…).chain`, `repr` and error messages.
// ESM here; names.cjs runs the same checks through `require`.
import { readFileSync } from 'node:fs';
import { classNameProblems } from './names-check.cjs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const modules = {};
for (const key of Object.keys(pkg.exports)) {
  if (key === './package.json') continue;
  const spec = key === '.' ? 'polyfold' : `polyfold/${key.slice(2)}`;
  modules[spec] = await import(spec);
}
const problems = classNameProblems(modules);
for (const p of problems) console.error(`esm FAIL ${p}`);
if (problems.length === 0) console.log('esm ok  class names kept in dist');
process.exit(problems.length ? 1 : 0);
