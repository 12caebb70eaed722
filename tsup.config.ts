import { dirname, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

/**
 * One entry per public subpath; each layer (src/<layer>/index.ts) is built exactly once per
 * format. Without care, bundling would copy dispatch into every entry that imports it, and
 * `polyfold` + `polyfold/dispatch` in one program would hold two `NoImplementationError`
 * classes (instanceof across entries would fail). The `layers` plugin keeps an import of
 * another layer's index external and points it at that layer's built file instead.
 * `splitting: false` keeps files resolved from `import.meta.url` next to their entry.
 */
const entry = {
  index: 'src/index.ts',
  // The error base classes and codes every layer shares (public through polyfold/dispatch).
  'errors/index': 'src/errors/index.ts',
  'dispatch/index': 'src/dispatch/index.ts',
  // Shared with the layers above (the options check); not in package.json exports.
  'dispatch/internal': 'src/dispatch/internal.ts',
  'protocols/index': 'src/protocols/index.ts',
  // The checked-iteration helpers, shared with functional; not in package.json exports.
  'protocols/internal': 'src/protocols/internal.ts',
  'functional/index': 'src/functional/index.ts',
  // The wire and partition-file codec, shared with parallel and cluster; not in exports.
  'functional/internal': 'src/functional/internal.ts',
  'parallel/index': 'src/parallel/index.ts',
  // The worker entry is its own file, next to parallel/index (see src/parallel/worker-file.ts).
  'parallel/worker': 'src/parallel/worker.ts',
  // Shared with the cluster layer; not in package.json exports.
  'parallel/internal': 'src/parallel/internal.ts',
  'laws/index': 'src/laws/index.ts',
  'cluster/index': 'src/cluster/index.ts',
};

const srcDir = resolve('src');

function layerOf(file: string): string {
  const rel = relative(srcDir, file);
  return rel.includes(sep) ? rel.split(sep)[0]! : '';
}

function layers(extension: '.js' | '.cjs'): Plugin {
  return {
    name: 'polyfold-layers',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (!args.importer.startsWith(srcDir)) return undefined;
        const target = resolve(dirname(args.importer), args.path).replace(/\.js$/, '.ts');
        const from = layerOf(args.importer);
        const to = layerOf(target);
        if (to === '' || to === from) return undefined; // same layer: bundle it
        const allowed = ['index.ts', 'internal.ts'].map((f) => resolve(srcDir, to, f));
        if (!allowed.includes(target)) {
          return {
            errors: [
              {
                text: `${relative(srcDir, args.importer)} imports ${args.path}: import another layer only through its index.js (or internal.js)`,
              },
            ],
          };
        }
        const fromOut = from === '' ? '.' : '..';
        const file = target.endsWith('internal.ts') ? 'internal' : 'index';
        return { path: `${fromOut}/${to}/${file}${extension}`, external: true };
      });
    },
  };
}

const common: Options = {
  entry,
  dts: true,
  clean: false,
  splitting: false,
  // Maps point into src/ (which is not shipped) without embedding it: sourcesContent made
  // 61 % of the unpacked package. Stack traces still get file:line of the TypeScript source.
  sourcemap: true,
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
  // Without it esbuild renames classes it must rename (`_Counter`), and the names show in
  // `explain(…).chain`, `repr` and error messages.
  keepNames: true,
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  // CJS builds resolve the worker file from import.meta.url.
  shims: true,
  // Loaded only for TypeScript task modules, from the user's own install.
  external: ['tsx', 'tsx/esm/api'],
};

export default defineConfig([
  { ...common, format: 'esm', esbuildPlugins: [layers('.js')] },
  { ...common, format: 'cjs', esbuildPlugins: [layers('.cjs')] },
  // The `polyfold` command: ESM only, no types, with its shebang.
  {
    ...common,
    entry: { 'cli/index': 'src/cli/index.ts' },
    format: 'esm',
    dts: false,
    banner: { js: '#!/usr/bin/env node' },
    esbuildPlugins: [layers('.js')],
  },
]);
