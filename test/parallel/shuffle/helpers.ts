/** Helpers of the shuffle tests: temporary output directories and a bit-exact comparison. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { readOutput } from '../../../src/parallel/index.js';
import { collectionKind, equals, HashMap } from '../../../src/protocols/index.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A fresh directory for one test's outputs, removed after the file's tests. */
export function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'polyfold-shuffle-'));
  roots.push(root);
  return root;
}

let n = 0;
/** A path for one output directory inside `root` (not created). */
export const outDir = (root: string): string => join(root, `out-${n++}`);

/** Everything `readOutput(dir)` yields, as a HashMap (keys by equals). */
export async function readAll(dir: string): Promise<HashMap<unknown, unknown>> {
  const out = new HashMap<unknown, unknown>();
  for await (const [k, v] of readOutput(dir)) {
    if (out.has(k)) throw new Error(`key ${String(k)} read twice`);
    out.set(k, v);
  }
  return out;
}

/**
 * Bit-exact equality: numbers by `Object.is` (so `-0` ≠ `0`, and float sums must match to the
 * last bit), containers element by element in their iteration order, other data by `equals`.
 */
export function exact(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => exact(x, b[i]))
    );
  }
  const ka = collectionKind(a) ?? (a instanceof Map ? 'Map' : a instanceof Set ? 'Set' : undefined);
  if (ka !== undefined) {
    const kb =
      collectionKind(b) ?? (b instanceof Map ? 'Map' : b instanceof Set ? 'Set' : undefined);
    if (ka !== kb) return false;
    const xs = [...(a as Iterable<unknown>)];
    const ys = [...(b as Iterable<unknown>)];
    return xs.length === ys.length && xs.every((x, i) => exact(x, ys[i]));
  }
  return equals(a, b);
}

/** `got` and `want` hold the same keys with bit-exact values; a message naming a difference. */
export function sameTable(
  got: HashMap<unknown, unknown>,
  want: Map<unknown, unknown> | HashMap<unknown, unknown>,
): string | undefined {
  if (got.size !== want.size) return `${got.size} keys, want ${want.size}`;
  for (const [k, v] of want) {
    if (!got.has(k)) return `key ${String(k)} missing`;
    if (!exact(got.get(k), v)) return `key ${String(k)}: ${String(got.get(k))}, want ${String(v)}`;
  }
  return undefined;
}
