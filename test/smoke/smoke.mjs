// Loads every subpath of the BUILT package through its own name (package self-reference), as a
// consumer's ESM code would, and checks the names each subpath promises. Run after `npm run build`.
import { readFileSync } from 'node:fs';

const expected = JSON.parse(readFileSync(new URL('./expected.json', import.meta.url), 'utf8'));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
let failures = 0;
for (const key of Object.keys(pkg.exports)) {
  if (key === './package.json') continue;
  const spec = key === '.' ? 'polyfold' : `polyfold/${key.slice(2)}`;
  try {
    const mod = await import(spec);
    const missing = (expected[spec] ?? []).filter((n) => !(n in mod));
    if (!expected[spec]) throw new Error(`no expected names listed for ${spec} in expected.json`);
    if (missing.length) throw new Error(`missing exports: ${missing.join(', ')}`);
    console.log(`esm ok  ${spec} (${Object.keys(mod).length} exports)`);
  } catch (err) {
    failures++;
    console.error(`esm FAIL ${spec}: ${err instanceof Error ? err.message : err}`);
  }
}
// A behavioural check, so "loads" also means "works".
const { singledispatch } = await import('polyfold/dispatch');
const describe = singledispatch((_x) => 'thing').register(Number, (n) => `number ${n}`);
if (describe(1) !== 'number 1' || describe('a') !== 'thing') {
  failures++;
  console.error('esm FAIL singledispatch does not dispatch');
}
// Unknown options are refused by every layer with the one error class: `instanceof` holds
// across the built entries (the check lives in dispatch/internal, the class in each entry).
const { UnknownOptionError } = await import('polyfold');
const { threads } = await import('polyfold/parallel');
try {
  threads({ worker: 2 });
  failures++;
  console.error('esm FAIL threads({ worker: 2 }) was accepted');
} catch (error) {
  if (!(error instanceof UnknownOptionError) || error.suggestion !== 'workers') {
    failures++;
    console.error(`esm FAIL threads({ worker: 2 }): ${error}`);
  }
}
process.exit(failures ? 1 : 0);
