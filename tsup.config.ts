import { defineConfig } from 'tsup';

/**
 * One entry per public subpath. `splitting: false` keeps every entry self-contained, so
 * files resolved relative to `import.meta.url` (the worker entry, later) sit where expected.
 * Module-level registries live on `globalThis` under `Symbol.for` keys, so the copies that
 * no-splitting creates agree with each other (see src/dispatch/registry-state.ts).
 */
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'dispatch/index': 'src/dispatch/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  splitting: false,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
});
