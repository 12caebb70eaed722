/**
 * Versions of task modules, as digests of their source. A task travels as its module's URL
 * and export name; a worker deployed with another build of that file would run other code
 * under the same name and mix its results into the run. The coordinator sends the sha256 of
 * each module's bytes with every chunk, the worker compares it with the digest of the file
 * it loaded, and a mismatch fails the chunk (`TaskModuleMismatchError`).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The sha256 (hex) of a module file's bytes, or undefined when it is not a readable file. */
export async function moduleDigest(url: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(fileURLToPath(url));
  } catch {
    // Not a file: URL, or gone: the worker's allow-list is the authority on those.
    return undefined;
  }
  return createHash('sha256').update(bytes).digest('hex');
}

/** Digests of `modules`, keyed by URL (modules that cannot be read are left out). */
export async function moduleDigests(modules: Iterable<string>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const url of new Set(modules)) {
    const digest = await moduleDigest(url);
    if (digest !== undefined) out[url] = digest;
  }
  return out;
}

/**
 * The first module whose digest in `sent` (the coordinator's) differs from `local` (this
 * worker's), with both digests. A module the coordinator sent no digest for is not judged.
 */
export function firstMismatch(
  sent: Readonly<Record<string, string>>,
  local: ReadonlyMap<string, string>,
): { module: string; coordinator: string; worker: string } | undefined {
  for (const [module, coordinator] of Object.entries(sent)) {
    const worker = local.get(module);
    if (worker !== undefined && worker !== coordinator) return { module, coordinator, worker };
  }
  return undefined;
}
