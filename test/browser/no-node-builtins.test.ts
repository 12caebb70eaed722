// The pure subpaths (polyfold/dispatch, /protocols, /functional) bundle for the browser only
// while no file in them imports a Node built-in. This guard names the file and the import.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const PURE = ['src/dispatch', 'src/protocols', 'src/functional'];
const builtins = new Set(builtinModules);

// Static imports and re-exports, side-effect imports, dynamic import() and require().
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*(?:\(\s*)?|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.[cm]?ts$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/** The Node built-ins a source text imports (`node:fs`, `util`, `fs/promises`…). */
function nodeImports(text: string): string[] {
  // Comments do not count: TSDoc examples may show Node code (`inspect` from node:util).
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const m of code.matchAll(SPECIFIER)) {
    const spec = m[2]!;
    if (spec.startsWith('node:') || builtins.has(spec) || builtins.has(spec.split('/')[0]!)) {
      found.push(spec);
    }
  }
  return found;
}

describe('the pure layers import no Node built-in (they run in a browser)', () => {
  it('the guard recognises every import form', () => {
    expect(
      nodeImports(`import { inspect } from 'node:util';
        import fs from "fs";
        export { x } from 'node:path';
        import 'node:crypto';
        const p = import('fs/promises');
        const r = require('os');
        import { pipe } from '../functional/index.js';
        import x from 'fp-ts/lib/function.js';
        /** @example import { inspect } from 'node:util'; */
        // import 'node:fs';`),
    ).toEqual(['node:util', 'fs', 'node:path', 'node:crypto', 'fs/promises', 'os']);
  });

  it.each(PURE)('%s', (dir) => {
    const offenders = sources(dir).flatMap((file) =>
      nodeImports(readFileSync(join(root, file), 'utf8')).map((spec) => `${file}: ${spec}`),
    );
    expect(offenders, 'import these from parallel/cluster/cli instead').toEqual([]);
  });
});
