/**
 * Unknown option keys. An options object with a typo (`threads({ worker: 2 })`) would
 * otherwise run with the default and look fine; every public function that takes options
 * refuses keys it does not know, naming the key and the closest known one. The CLI uses the
 * same suggestion for its flags (`--inptu` → `--input`).
 *
 * This lives in the lowest layer because `singledispatch(options)` is the first public
 * function with options; the other layers reach it through `dispatch/internal.ts`.
 */

import { PolyfoldTypeError } from '../errors/index.js';
import { checkNotRevoked } from './chain.js';

/**
 * An options object has a key the function does not know (usually a typo).
 *
 * @example
 * ```ts
 * import { singledispatch, UnknownOptionError } from 'polyfold/dispatch';
 * try { singledispatch({ name: 'show', nmae: 'x' } as never); } catch (e) {
 *   (e as UnknownOptionError).code; // 'ERR_UNKNOWN_OPTION'
 *   (e as UnknownOptionError).key; // 'nmae'
 *   (e as UnknownOptionError).suggestion; // 'name'
 * }
 * ```
 */
export class UnknownOptionError extends PolyfoldTypeError<'ERR_UNKNOWN_OPTION'> {
  /** The function that refused the options (`'threads'`, `'pool.map'`…). */
  readonly functionName: string;
  /** The unknown key. */
  readonly key: string;
  /** The value given for it. */
  readonly value: unknown;
  /** The closest known key, when one is close enough to be a typo of it. */
  readonly suggestion: string | undefined;
  /** Every key the function accepts. */
  readonly known: readonly string[];

  constructor(functionName: string, key: string, value: unknown, known: readonly string[]) {
    const suggestion = closestName(key, known);
    super(
      'ERR_UNKNOWN_OPTION',
      `${functionName}: unknown option ${JSON.stringify(key)}.` +
        (suggestion === undefined ? '' : ` Did you mean ${JSON.stringify(suggestion)}?`) +
        ` ${functionName} accepts: ${known.length === 0 ? '(no options)' : known.join(', ')}.`,
    );
    this.name = 'UnknownOptionError';
    this.functionName = functionName;
    this.key = key;
    this.value = value;
    this.suggestion = suggestion;
    this.known = known;
  }

  /**
   * True for any `UnknownOptionError`, from any copy of polyfold. The built package holds
   * more than one copy of this class (dispatch/index and dispatch/internal are separate
   * entries, and ESM and CJS copies may both be loaded), so `instanceof` goes by the stable
   * code rather than by identity.
   */
  static override [Symbol.hasInstance](x: unknown): boolean {
    return x instanceof TypeError && (x as { code?: unknown }).code === 'ERR_UNKNOWN_OPTION';
  }
}

/**
 * Throws {@link UnknownOptionError} for the first own key of `options` not in `known`.
 * Anything that is not an object is left to the caller's own check.
 *
 * @example
 * ```ts
 * const THREADS_OPTIONS = ['workers', 'chunkSize'] as const;
 * checkOptionKeys('threads', { workers: 2 }, THREADS_OPTIONS); // fine
 * checkOptionKeys('threads', { worker: 2 }, THREADS_OPTIONS); // throws: did you mean "workers"?
 * ```
 */
export function checkOptionKeys(
  functionName: string,
  options: unknown,
  known: readonly string[],
): void {
  if (options === null || typeof options !== 'object') return;
  checkNotRevoked(options, `read the options of ${functionName} from`);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new UnknownOptionError(
        functionName,
        key,
        (options as Record<string, unknown>)[key],
        known,
      );
    }
  }
}

/**
 * The candidate closest to `word`, when it is close enough to be a typo of it: the same
 * word in another case, or an edit distance (insertions, deletions, substitutions and
 * swaps of neighbours) of at most a third of the word's length, at least 1 and at most 3.
 *
 * @example
 * ```ts
 * closestName('inptu', ['input', 'executor']); // 'input'
 * closestName('xyz', ['input', 'executor']); // undefined
 * ```
 */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const budget = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= budget ? best : undefined;
}

/** Optimal string alignment distance (Levenshtein plus swaps of neighbours). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const up = rows[i - 1]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * The list of an options interface's keys, checked both ways by the compiler: a name that is
 * not a key of `T` is an error, and so is a key of `T` missing from the list. Adding an
 * option is then one property in the interface plus its name here (tsc says so if forgotten).
 *
 * @example
 * ```ts
 * interface ThreadsOptions { readonly workers?: number; readonly chunkSize?: number }
 * const THREADS_OPTIONS = optionKeys<ThreadsOptions>()('workers', 'chunkSize');
 * ```
 */
export function optionKeys<T>() {
  return <const K extends readonly (keyof T & string)[]>(
    ...keys: K &
      ([Exclude<keyof T & string, K[number]>] extends [never]
        ? unknown
        : { readonly missingOptionKeys: Exclude<keyof T & string, K[number]> })
  ): K => keys;
}
