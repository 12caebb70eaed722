/**
 * `stableHash(key)`, `stableKey(key)` and `partitionOf(key, P)`: a hash of a key that means
 * the same in every process, worker thread, machine and polyfold version, for choosing the
 * partition a key belongs to (Spark's `HashPartitioner`, Hadoop's `Partitioner`).
 *
 * `hash()` cannot do this: it mixes in a random per-process seed (rightly, for in-memory
 * tables), so two workers would send the same word to different partitions. PySpark refuses
 * string keys when `PYTHONHASHSEED` is random for this reason.
 *
 * Laws (checked by test/protocols/stable-hash*.test*):
 * - Consistency with equals: `equals(a, b)` ⇒ `stableKey(a) === stableKey(b)` and
 *   `stableHash(a) === stableHash(b)`, for every key this module accepts.
 * - Injectivity: `stableKey(a) === stableKey(b)` ⇒ `equals(a, b)` (the key text can stand in
 *   for the key when sorting and merging).
 * - Stability: the result depends on the key alone — never on a seed, the process, the
 *   platform, insertion order of object keys, Map entries or Set elements. The golden table
 *   in test/protocols/stable-hash.test.ts is the version contract: changing any value there
 *   is a breaking change of every partitioned output ever written.
 * - Range: `stableHash(key)` is an unsigned 32-bit integer (`0 ≤ h < 2 ** 32`), so
 *   `partitionOf(key, P) = stableHash(key) % P` is in `[0, P)`.
 *
 * ## The algorithm (the contract)
 *
 * `stableHash(key)` is **MurmurHash3_x86_32** (Austin Appleby's reference, smhasher) over the
 * **UTF-8 bytes** of a string, with a seed:
 * - a string key: its own UTF-8 bytes (a lone surrogate is encoded as U+FFFD, as
 *   `TextEncoder` does), seed `0` — so `stableHash('hello')` is the reference
 *   `MurmurHash3_x86_32("hello", 5, 0)` = `0x248bfa47`;
 * - any other key: the UTF-8 bytes of `stableKey(key)`, seed `1` (a different seed, so the
 *   string `'1'` and the number `1` do not systematically collide).
 *
 * `stableKey(key)` is a canonical text, defined recursively (`K(x)`):
 * - string: `JSON.stringify(x)`;
 * - number: `0` for both `0` and `-0`; `NaN`, `Infinity`, `-Infinity`; otherwise
 *   `String(x)` (ECMAScript's shortest round-trip form, the same in every engine);
 * - bigint: `String(x)` followed by `n` (`12n`); boolean: `true`/`false`; `null`;
 *   `undefined`;
 * - Date: `Date(` + the number text of `getTime()` + `)` (an invalid Date is `Date(NaN)`);
 * - RegExp: `RegExp(` + `JSON.stringify(source)` + `,` + `JSON.stringify(flags)` + `)`;
 * - array (holes read as `undefined`): `[` + `K(element)` joined by `,` + `]`;
 * - plain object (own enumerable string keys): `{` + `JSON.stringify(k) + ':' + K(v)` for
 *   each key **sorted by UTF-16 code units**, joined by `,` + `}`;
 * - Map: `Map{` + `K(k) + '=>' + K(v)` for each entry, the texts sorted by UTF-16 code units,
 *   joined by `,` + `}`; Set: `Set{` + `K(element)` sorted, joined by `,` + `}`;
 * - typed array: its type name + `[` + `K(element)` joined by `,` + `]` (`Float64Array[1,0]`).
 *
 * Everything else is refused with {@link UnstableKeyError}: class instances (with or without
 * `[dunder.hash]`: a user's `__hash__` may be seeded, identity-based or change between
 * versions, and an instance would be written to a partition file as its plain properties
 * anyway), functions, symbols, boxed primitives, `ArrayBuffer`/`DataView`, cyclic keys. Key by
 * data instead: a string, a number or a tuple (`(p) => [p.x, p.y]`).
 *
 * No Node built-in: this layer bundles for the browser.
 */

import { checkNotRevoked } from '../dispatch/internal.js';
import { PolyfoldTypeError } from '../errors/index.js';
import { NestingTooDeepError, outermost, ProtocolArgumentError } from './errors.js';
import { ARRAY, DATE, kindOf, MAP, PLAIN, REGEXP, SET, TYPED, typeName } from './kinds.js';

const getTime = Date.prototype.getTime;
const reSource = Object.getOwnPropertyDescriptor(RegExp.prototype, 'source')!.get!;
const reFlags = Object.getOwnPropertyDescriptor(RegExp.prototype, 'flags')!.get!;
const mapEntries = Map.prototype.entries;
const setValues = Set.prototype.values;
const typedArrayTag = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype),
  Symbol.toStringTag,
)!.get! as (this: unknown) => string | undefined;

/**
 * The MurmurHash3 seed for string keys (hashed as their own UTF-8 bytes). Part of the
 * contract: never change it.
 *
 * @example
 * ```ts
 * import { STRING_SEED } from 'polyfold/protocols';
 * STRING_SEED; // 0
 * ```
 */
export const STRING_SEED = 0;

/**
 * The MurmurHash3 seed for every other key (hashed as the UTF-8 bytes of its `stableKey`).
 * Part of the contract: never change it.
 *
 * @example
 * ```ts
 * import { KEY_SEED, stableHash, stableKey } from 'polyfold/protocols';
 * KEY_SEED; // 1
 * stableKey(1) === '1' && stableHash(1) !== stableHash('1'); // true
 * ```
 */
export const KEY_SEED = 1;

/**
 * A key cannot choose a partition: its hash would not be the same in every process (a class
 * instance, whose `[dunder.hash]` may be seeded or identity-based), or it is not data that a
 * partition file can hold (a function, a symbol, a cyclic structure).
 *
 * @example
 * ```ts
 * import { stableHash, UnstableKeyError } from 'polyfold/protocols';
 * class Point { constructor(readonly x: number, readonly y: number) {} }
 * try { stableHash(new Point(1, 2)); } catch (e) {
 *   (e as UnstableKeyError).code; // 'ERR_UNSTABLE_KEY'
 *   (e as UnstableKeyError).typeName; // 'Point'
 * }
 * ```
 */
export class UnstableKeyError extends PolyfoldTypeError<'ERR_UNSTABLE_KEY'> {
  /** The whole key that was refused. */
  readonly key: unknown;
  /** Where in the key the offending part sits (`'key'`, `'key[1].p'`). */
  readonly where: string;
  /** The type of the offending part (`'Point'`, `'symbol'`, `'Function'`). */
  readonly typeName: string;

  constructor(key: unknown, where: string, part: unknown, reason?: string) {
    const type = typeName(part);
    super(
      'ERR_UNSTABLE_KEY',
      `${where} is ${reason ?? `a ${type}`}, which has no hash that is the same in every process, ` +
        'so it cannot choose a partition (`output: { dir, partitions }` writes keys to files and ' +
        'sends equal keys to the same reduce task). Key by data instead: a string, a number, a ' +
        'bigint, a Date or a tuple/plain object of them — for a class, return its fields from the ' +
        'key function, e.g. `folds.groupBy((p) => [p.x, p.y])`.',
    );
    this.name = 'UnstableKeyError';
    this.key = key;
    this.where = where;
    this.typeName = type;
  }
}

function numberText(n: number): string {
  // `String(-0)` is already "0"; NaN and the infinities print as their names.
  return String(n);
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Containers nested deeper than this in one key are refused (NestingTooDeepError). */
const MAX_KEY_DEPTH = 1_000;

function canonical(x: unknown, root: unknown, where: string, path: object[]): string {
  // A revoked Proxy cannot be read at all: a coded error, not the engine's TypeError.
  if ((typeof x === 'object' && x !== null) || typeof x === 'function') {
    checkNotRevoked(x, 'stableKey');
  }
  switch (typeof x) {
    case 'string':
      return JSON.stringify(x);
    case 'number':
      return numberText(x);
    case 'bigint':
      return `${x}n`;
    case 'boolean':
      return x ? 'true' : 'false';
    case 'undefined':
      return 'undefined';
    case 'symbol':
      throw new UnstableKeyError(root, where, x, 'a symbol');
    case 'function':
      throw new UnstableKeyError(root, where, x, `the function ${x.name || '(anonymous)'}`);
    default:
      break;
  }
  if (x === null) return 'null';
  const o = x as object;
  // Bounded before the stack is: an overflow inside a builtin (join, sort) is not always
  // the engine's recognisable RangeError. No key is nested this deep on purpose.
  if (path.length >= MAX_KEY_DEPTH) throw new NestingTooDeepError('stableKey', root, undefined);
  if (path.includes(o)) throw new UnstableKeyError(root, where, o, 'a cyclic reference');
  const kind = kindOf(o);
  path.push(o);
  try {
    switch (kind) {
      case ARRAY: {
        const a = o as unknown[];
        const parts = new Array<string>(a.length);
        for (let i = 0; i < a.length; i++) parts[i] = canonical(a[i], root, `${where}[${i}]`, path);
        return `[${parts.join(',')}]`;
      }
      case PLAIN: {
        const rec = o as Record<string, unknown>;
        const keys = Object.keys(rec).sort(byCodeUnits);
        const parts = keys.map(
          (k) => `${JSON.stringify(k)}:${canonical(rec[k], root, `${where}.${k}`, path)}`,
        );
        return `{${parts.join(',')}}`;
      }
      case MAP: {
        const parts: string[] = [];
        let i = 0;
        for (const [k, v] of mapEntries.call(o) as IterableIterator<[unknown, unknown]>) {
          parts.push(
            `${canonical(k, root, `${where} key ${i}`, path)}=>${canonical(v, root, `${where} value ${i}`, path)}`,
          );
          i++;
        }
        return `Map{${parts.sort(byCodeUnits).join(',')}}`;
      }
      case SET: {
        const parts: string[] = [];
        let i = 0;
        for (const v of setValues.call(o) as IterableIterator<unknown>) {
          parts.push(canonical(v, root, `${where} element ${i++}`, path));
        }
        return `Set{${parts.sort(byCodeUnits).join(',')}}`;
      }
      case DATE:
        return `Date(${numberText(getTime.call(o) as number)})`;
      case REGEXP:
        return `RegExp(${JSON.stringify(reSource.call(o))},${JSON.stringify(reFlags.call(o))})`;
      case TYPED: {
        const a = o as unknown as ArrayLike<number | bigint>;
        const parts = new Array<string>(a.length);
        for (let i = 0; i < a.length; i++) {
          const v = a[i]!;
          parts[i] = typeof v === 'number' ? numberText(v) : `${v}n`;
        }
        return `${typedArrayTag.call(o)}[${parts.join(',')}]`;
      }
      default:
        throw new UnstableKeyError(root, where, o);
    }
  } finally {
    path.pop();
  }
}

/**
 * The canonical text of a key: equal keys (by `equals`) have the same text and different
 * keys different texts. The grammar is in this module's header; it is part of the stable
 * contract, like {@link stableHash}.
 *
 * When to use: to sort or compare keys the same way in every process (partition files are
 * sorted by `stableHash`, then by this text).
 *
 * Gotchas: a key nested more than 1 000 containers deep throws NestingTooDeepError. Throws {@link UnstableKeyError} for class instances, functions, symbols, boxed
 * primitives, buffers and cyclic keys.
 *
 * @example
 * ```ts
 * import { stableKey } from 'polyfold/protocols';
 * stableKey({ b: 1, a: [2, -0] }); // '{"a":[2,0],"b":1}'
 * stableKey(new Set(['y', 'x'])); // 'Set{"x","y"}'
 * stableKey(12n); // '12n'
 * ```
 */
export function stableKey(key: unknown): string {
  try {
    return canonical(key, key, 'the key', []);
  } catch (e) {
    // 20 000-deep nesting: a coded NestingTooDeepError, not the engine's RangeError.
    throw outermost('stableKey', key, e);
  }
}

// MurmurHash3_x86_32, written out here (not shared with `hash`'s mixing) so that this file
// alone is the contract.
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixBlock(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

// The UTF-8 bytes of the string being hashed; reused (hashing is synchronous).
let bytes = new Uint8Array(256);

/** Writes the UTF-8 encoding of `s` into `bytes` (lone surrogates as U+FFFD); its length. */
function utf8(s: string): number {
  const n = s.length;
  if (bytes.length < n * 3) bytes = new Uint8Array(n * 3);
  const b = bytes;
  let o = 0;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      b[o++] = c;
      continue;
    }
    if (c >= 0xd800 && c < 0xe000) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c < 0xdc00 && d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else {
        c = 0xfffd; // a lone surrogate, as TextEncoder encodes it
      }
    }
    if (c < 0x800) {
      b[o++] = 0xc0 | (c >> 6);
      b[o++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      b[o++] = 0xe0 | (c >> 12);
      b[o++] = 0x80 | ((c >> 6) & 0x3f);
      b[o++] = 0x80 | (c & 0x3f);
    } else {
      b[o++] = 0xf0 | (c >> 18);
      b[o++] = 0x80 | ((c >> 12) & 0x3f);
      b[o++] = 0x80 | ((c >> 6) & 0x3f);
      b[o++] = 0x80 | (c & 0x3f);
    }
  }
  return o;
}

/**
 * MurmurHash3_x86_32 of the UTF-8 encoding of `s` (lone surrogates as U+FFFD), as the
 * reference computes it over those bytes. Returns an unsigned 32-bit integer.
 */
export function murmur3Utf8(s: string, seed: number): number {
  if (typeof s !== 'string') throw new ProtocolArgumentError('murmur3Utf8', 's', 'a string', s);
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new ProtocolArgumentError('murmur3Utf8', 'seed', 'an integer', seed);
  }
  const length = utf8(s);
  const b = bytes;
  let h = seed | 0;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    h = mixBlock(h, b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24));
  }
  const rest = length & 3;
  if (rest > 0) {
    // The tail: mixed into `h` without the block's rotation and multiply.
    let k = b[blocks]!;
    if (rest > 1) k |= b[blocks + 1]! << 8;
    if (rest > 2) k |= b[blocks + 2]! << 16;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A hash of a key that is the same in every process, thread, machine and version: the
 * partitioner of `output: { dir, partitions }`. The exact algorithm is in this module's header
 * (MurmurHash3_x86_32 over UTF-8 bytes) and is a stable contract.
 *
 * When to use: to decide where a key goes across processes — a partition, a shard, a file.
 * Inside one process, `hash` is faster and collision-resistant against adversarial keys.
 *
 * Details: `equals(a, b)` ⇒ `stableHash(a) === stableHash(b)` (`0` and `-0`, every `NaN`,
 * `{ a, b }` and `{ b, a }`, Sets and Maps in any order). Returns an unsigned 32-bit integer.
 *
 * Gotchas: implementations registered with `hash.register` or `equals.register` are not
 * consulted — the built-in equality of data is what stays stable. Throws
 * {@link UnstableKeyError} for class instances (even with `[dunder.hash]`), functions,
 * symbols and cyclic keys. Not collision-resistant against chosen keys.
 *
 * @example
 * ```ts
 * import { stableHash } from 'polyfold/protocols';
 * stableHash('hello'); // 0x248bfa47, MurmurHash3_x86_32 of the UTF-8 bytes, seed 0
 * stableHash(0) === stableHash(-0); // true
 * stableHash({ a: 1, b: 2 }) === stableHash({ b: 2, a: 1 }); // true
 * ```
 */
export function stableHash(key: unknown): number {
  return typeof key === 'string'
    ? murmur3Utf8(key, STRING_SEED)
    : murmur3Utf8(stableKey(key), KEY_SEED);
}

/**
 * The partition of `key` among `partitions`: `stableHash(key) % partitions`. Equal keys land
 * in the same partition in every process.
 *
 * @example
 * ```ts
 * import { partitionOf } from 'polyfold/protocols';
 * partitionOf('hello', 4); // 3
 * stableHash('hello') % 4; // 3
 * partitionOf([1, 'a'], 8) === partitionOf([1, 'a'], 8); // true
 * ```
 */
export function partitionOf(key: unknown, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 0xffffffff) {
    throw new ProtocolArgumentError(
      'partitionOf',
      'partitions',
      'a positive integer (at most 2 ** 32 - 1)',
      partitions,
    );
  }
  return stableHash(key) % partitions;
}
