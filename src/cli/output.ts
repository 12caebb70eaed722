/**
 * Printing a job's result: a readable table for people, or JSON for programs (`--json`).
 *
 * JSON shape (stable, documented in `polyfold run --help` and docs/index.md):
 * - `Counter` → `[[key, count], …]`, most common first (ties in first-seen order);
 * - `HashMap` and `Map` → `[[key, value], …]` in insertion order;
 * - `HashSet` and `Set` → `[value, …]` in insertion order;
 * - `bigint` → a decimal string; `undefined` → `null`; `Date` → an ISO string;
 * - arrays, plain objects and other objects → JSON arrays and objects, converted deeply.
 * Pairs rather than objects because keys need not be strings (`[1, 2]` is a valid key).
 */
import { type Counter, collectionKind, repr } from '../protocols/index.js';

type Kind = 'Counter' | 'HashMap' | 'HashSet' | 'Map' | 'Set' | undefined;

/**
 * Which collection `x` is. polyfold's own by their brand (`collectionKind`): a job module may
 * import polyfold from elsewhere than this CLI does, and its Counter must print the same.
 */
function kindOf(x: object): Kind {
  return collectionKind(x) ?? (x instanceof Map ? 'Map' : x instanceof Set ? 'Set' : undefined);
}

/**
 * A JSON-safe copy of a result, following the shape above. A value met again inside itself
 * becomes the string `"[Circular]"`.
 *
 * @example
 * ```ts
 * toJSONValue(new Counter(['a', 'b', 'a'])); // [['a', 2], ['b', 1]]
 * ```
 */
export function toJSONValue(value: unknown, top?: number): unknown {
  const seen = new Set<object>();
  const limit = <T>(xs: T[]): T[] => (top === undefined ? xs : xs.slice(0, top));
  const convert = (x: unknown): unknown => {
    if (x === undefined) return null;
    if (typeof x === 'bigint') return x.toString();
    if (typeof x === 'function' || typeof x === 'symbol') return String(x);
    if (typeof x !== 'object' || x === null) return x;
    if (seen.has(x)) return '[Circular]';
    seen.add(x);
    try {
      const kind = kindOf(x);
      if (kind === 'Counter') {
        return limit((x as Counter<unknown>).mostCommon()).map(([k, n]) => [convert(k), n]);
      }
      if (kind === 'HashMap' || kind === 'Map') {
        return limit([...(x as Map<unknown, unknown>)]).map(([k, v]) => [convert(k), convert(v)]);
      }
      if (kind === 'HashSet' || kind === 'Set') {
        return limit([...(x as Set<unknown>)]).map(convert);
      }
      if (Array.isArray(x)) return x.map(convert);
      if (x instanceof Date) return Number.isNaN(x.getTime()) ? null : x.toISOString();
      const toJSON = (x as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return convert(toJSON.call(x));
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x)) out[k] = convert(v);
      return out;
    } finally {
      seen.delete(x);
    }
  };
  return convert(value);
}

/**
 * The result as JSON text (one document, newline-terminated).
 *
 * @example
 * ```ts
 * formatJSON(new Counter(['a'])); // '[["a",1]]\n'
 * ```
 */
export function formatJSON(value: unknown, top?: number): string {
  return `${JSON.stringify(toJSONValue(value, top))}\n`;
}

// No spaces or control characters, and no leading quote that would read like a repr.
const SIMPLE = /^[^\s\p{Cc}'"][^\s\p{Cc}]*$/u;

/** A key as a table cell: bare when it reads unambiguously (`don't`), else its `repr`. */
function cell(key: unknown): string {
  return typeof key === 'string' && SIMPLE.test(key) ? key : repr(key);
}

const number = (n: number): string => n.toLocaleString('en-US');

/**
 * The result for people: a Counter as a table of its most common keys, a map as a table of
 * its top entries (by value when every value is a number, else its first ones), anything
 * else as `repr`.
 *
 * @example
 * ```ts
 * formatReadable(new Counter(['a', 'b', 'a']), 10);
 * // Counter: 2 distinct keys, 3 in total; all, most common first:
 * //   count  key
 * //       2  a
 * //       1  b
 * ```
 */
export function formatReadable(value: unknown, top: number): string {
  const kind = typeof value === 'object' && value !== null ? kindOf(value) : undefined;
  if (kind === 'Counter') {
    const counter = value as Counter<unknown>;
    if (counter.size === 0) return 'Counter: empty (the input had nothing to count)\n';
    const rows = counter.mostCommon(top);
    const which =
      rows.length < counter.size ? `the ${rows.length} most common` : 'all, most common first';
    const head = `Counter: ${number(counter.size)} distinct keys, ${number(counter.total())} in total; ${which}:`;
    return `${[
      head,
      ...table(
        ['count', 'key'],
        rows.map(([k, n]) => [number(n), cell(k)]),
      ),
    ].join('\n')}\n`;
  }
  if (kind === 'HashMap' || kind === 'Map') {
    const entries = [...(value as Map<unknown, unknown>)];
    const numeric = entries.length > 0 && entries.every(([, v]) => typeof v === 'number');
    const rows = numeric
      ? // A stable sort keeps insertion order among equal values.
        [...entries].sort((a, b) => (b[1] as number) - (a[1] as number)).slice(0, top)
      : entries.slice(0, top);
    const which =
      rows.length === entries.length
        ? `all ${rows.length}`
        : numeric
          ? `the top ${rows.length} by value`
          : `the first ${rows.length}`;
    const head = `${kind}: ${number(entries.length)} entries; ${which}:`;
    const cells = rows.map(([k, v]) => [cell(k), typeof v === 'number' ? number(v) : repr(v)]);
    return `${[head, ...table(['key', 'value'], cells, numeric ? [false, true] : [false, false])].join('\n')}\n`;
  }
  return `${repr(value)}\n`;
}

/** Rows under a header, columns padded; the first column right-aligned unless told. */
function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  rightAlign: readonly boolean[] = [true, false],
): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => {
        const last = i === r.length - 1;
        if (rightAlign[i]) return c.padStart(widths[i]!);
        return last ? c : c.padEnd(widths[i]!);
      })
      .join('  ')
      .replace(/^/, '  ');
  return [line(header), ...rows.map(line)];
}
