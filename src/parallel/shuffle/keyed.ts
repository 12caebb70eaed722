/**
 * How the shuffle sees a keyed fold: a table from key to partial, split into entries on the
 * map side, and combined again key by key on the reduce side.
 *
 * A fold is keyed when its accumulator is a Map-like table (a `HashMap`, a `Counter`, a
 * native `Map`) whose `combine` is pointwise — equal keys' partials combined, other keys
 * kept — and whose `done` is pointwise too. `folds.groupBy`, `folds.reduceBy` and
 * `folds.frequencies` are. Nothing here knows their inner folds: one key's partial is handled
 * as a one-entry table, through the fold's own `decode`, `combine`, `encode` and `done`, so
 * any fold with that shape works, nested at any depth, and the arithmetic is exactly the
 * fold's (`combine(combine(t0, t1), t2)` restricted to one key).
 */
import { type AnyFold, type FoldSpec, reviveFold } from '../../functional/index.js';
import { collectionKind } from '../../protocols/index.js';
import { NotKeyedFoldError } from '../errors.js';

/** A fold's accumulator, as the shuffle handles it: opaque, Map-like. */
export type Table = unknown;

/** The operations the shuffle needs from a keyed fold. Internal. */
export interface KeyedOps {
  /** The fold's name for messages (`'frequencies'`, or `'a custom fold'`). */
  readonly name: string;
  /** How many keys a table holds. */
  size(table: Table): number;
  /** The fold's `combine`: `left` holds the earlier input. May mutate and return `left`. */
  combineTables(left: Table, right: Table): Table;
  /**
   * A table's entries as `[key, partial]`, the partial as plain data (the fold's `encode`
   * gives it), in the table's order.
   */
  entries(table: Table): Iterable<readonly [unknown, unknown]>;
  /** One key's merge state, from its first partial (as `entries` gave it). */
  start(key: unknown, partial: unknown): unknown;
  /** The state with the key's next partial combined in (on the right). */
  add(state: unknown, key: unknown, partial: unknown): unknown;
  /** The state's partial as plain data, as `entries` gives it. */
  partialOf(state: unknown): unknown;
  /** The key's result (`done`). */
  resultOf(state: unknown): unknown;
}

// A HashSet is a collection but not a table from key to value (`folds.toSet` is not keyed).
const isTable = (x: unknown): boolean => {
  const kind = collectionKind(x);
  return kind === 'HashMap' || kind === 'Counter' || (kind === undefined && x instanceof Map);
};

/** The fold's name for messages. */
export function foldName(fold: AnyFold<any, any>): string {
  return fold.spec?.name ?? 'a custom fold';
}

/**
 * The shuffle's view of `fold`, or NotKeyedFoldError when its accumulator is not a table.
 * Called before any work starts (it calls `fold.init()` once).
 *
 * @example
 * ```ts
 * keyedOps(folds.frequencies()).name; // 'frequencies'
 * keyedOps(folds.sum()); // throws NotKeyedFoldError (ERR_NOT_KEYED_FOLD)
 * ```
 */
export function keyedOps(fold: AnyFold<any, any>): KeyedOps {
  const name = foldName(fold);
  if (!isTable(fold.init())) throw new NotKeyedFoldError(name);
  const { encode } = fold;
  const entries = encode
    ? (t: Table) => encode(t) as Iterable<readonly [unknown, unknown]>
    : (t: Table) => t as Iterable<readonly [unknown, unknown]>;
  const base = {
    name,
    size: (t: Table) => (t as { size: number }).size,
    combineTables: (l: Table, r: Table) => fold.combine(l, r),
    entries,
  };
  return fastOps(fold, base) ?? { ...base, ...singleTableOps(fold, entries, name) };
}

/**
 * The general case: one key's state is a one-key table of the fold itself, so the fold's own
 * `decode`, `combine`, `encode` and `done` do the work (any nesting, any user fold).
 */
function singleTableOps(
  fold: AnyFold<any, any>,
  entries: (t: Table) => Iterable<readonly [unknown, unknown]>,
  name: string,
): Pick<KeyedOps, 'start' | 'add' | 'partialOf' | 'resultOf'> {
  const { decode } = fold;
  const single = decode
    ? (k: unknown, p: unknown) => decode([[k, p]])
    : (k: unknown, p: unknown) => {
        const t = fold.init() as Map<unknown, unknown>;
        t.set(k, p);
        return t;
      };
  const firstValue = (t: unknown, what: string): unknown => {
    for (const [, v] of t as Iterable<readonly [unknown, unknown]>) return v;
    throw new NotKeyedFoldError(`${name} (its ${what} of a one-key table is empty)`);
  };
  return {
    start: single,
    add: (s, k, p) => fold.combine(s, single(k, p)),
    partialOf: (s) => firstValue(entries(s), 'encoding'),
    resultOf: (s) => firstValue(fold.done(s), 'result'),
  };
}

/**
 * The built-in keyed folds, without a table per key: `frequencies` adds counts as
 * `Counter#increment` does (`old + n`); `groupBy`/`reduceBy` use their inner fold, rebuilt
 * from the spec, exactly as their own `combine`/`encode`/`decode`/`done` call it.
 */
function fastOps(
  fold: AnyFold<any, any>,
  base: Omit<KeyedOps, 'start' | 'add' | 'partialOf' | 'resultOf'>,
): KeyedOps | undefined {
  const spec = fold.spec;
  if (spec?.name === 'frequencies') {
    const id = (s: unknown) => s;
    return {
      ...base,
      start: (_k, p) => p,
      add: (s, _k, p) => (s as number) + (p as number),
      partialOf: id,
      resultOf: id,
    };
  }
  if ((spec?.name === 'groupBy' || spec?.name === 'reduceBy') && spec.args[1] !== undefined) {
    let inner: AnyFold<any, any>;
    try {
      inner = reviveFold(spec.args[1] as FoldSpec);
    } catch {
      return undefined;
    }
    const dec = inner.decode ?? ((p: unknown) => p);
    const enc = inner.encode ?? ((s: unknown) => s);
    return {
      ...base,
      start: (_k, p) => dec(p),
      add: (s, _k, p) => inner.combine(s, dec(p)),
      partialOf: (s) => enc(s),
      resultOf: (s) => inner.done(s),
    };
  }
  return undefined;
}
