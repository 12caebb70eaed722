/**
 * Data as JSON: through Redis (BullMQ stores job data and results as JSON) and in partition
 * files (`output: { dir, partitions }` writes one encoded `[key, value]` per line). Plain JSON
 * would silently change values a fold cares about: `-0`, `NaN` and `±Infinity` (numbers in
 * exact sums), `undefined` (empty accumulators), bigints, Maps and Sets. This codec keeps
 * them, so a cluster run gives the bits `local()` gives, as structured clone does for
 * `threads()`, and a partition file reads back as the values that were written.
 *
 * The encoding is plain JSON: special values become one-key-tagged objects
 * (`{ "$": "n", "v": "-0" }`; polyfold's `HashMap`, `HashSet` and `Counter` too, rebuilt with
 * the default `equals`/`hash` — explicit `{ equals, hash }` options are functions and do not
 * travel), and a plain object that has its own `$` key is wrapped
 * (`{ "$": "o", "v": {…} }`) so it cannot be mistaken for a tag. Decoding never evaluates
 * anything (it is `JSON.parse` plus a walk), whoever wrote the data: portable across Node
 * versions and safe to read from a shared Redis.
 *
 * It lives in `functional`, not `cluster`, so that `parallel` (partition files) and `cluster`
 * (the wire) share one encoding; it imports no Node built-in (typed arrays are base64-encoded
 * here, not by `Buffer`), so it also bundles for the browser. Its two errors are defined here
 * for the same reason and re-exported by `polyfold/cluster`, their public home.
 */

import { PolyfoldError, PolyfoldTypeError } from '../errors/index.js';
import { Counter, collectionKind, HashMap, HashSet } from '../protocols/index.js';

/** Where encoded data goes, for the wording of {@link UnsendableValueError}. */
export type CodecMedium = 'redis' | 'file';

/**
 * A value in a chunk, the run's context or a partial result cannot travel through Redis, or
 * a key or value cannot be written to a partition file: only data does (no functions,
 * symbols or cyclic structures). Raised before the value is sent or written.
 *
 * @example
 * ```ts
 * import { UnsendableValueError } from 'polyfold/cluster';
 * new UnsendableValueError('chunk 0 item [3]', 'a function').code; // 'ERR_UNSENDABLE_VALUE'
 * ```
 */
export class UnsendableValueError extends PolyfoldTypeError<'ERR_UNSENDABLE_VALUE'> {
  /** Where the value sits (`"the context .scale"`, `"chunk 2 item [5].x"`). */
  readonly where: string;

  constructor(where: string, what: string, medium: CodecMedium = 'redis') {
    super(
      'ERR_UNSENDABLE_VALUE',
      medium === 'redis'
        ? `${where}: ${what} cannot be sent through Redis. Only data travels to cluster workers ` +
            '(numbers, strings, booleans, null, undefined, bigints, arrays, plain objects, Map, Set, ' +
            'Date, typed arrays); pass functions as tasks (defineTasks) and break cycles.'
        : `${where}: ${what} cannot be written to a partition file. Only data is written ` +
            '(numbers, strings, booleans, null, undefined, bigints, arrays, plain objects, Map, Set, ' +
            'Date, typed arrays): key by data and fold into data accumulators, and break cycles.',
    );
    this.name = 'UnsendableValueError';
    this.where = where;
  }
}

/**
 * Something in Redis is not what a polyfold worker or coordinator wrote there: a chunk job
 * with missing fields, a result that is not a reply. Another program is using the queue, or
 * two polyfold versions with different wire formats share it.
 *
 * @example
 * ```ts
 * import { MalformedMessageError } from 'polyfold/cluster';
 * new MalformedMessageError('chunk job 7', 'data.index is missing').code; // 'ERR_MALFORMED_MESSAGE'
 * ```
 */
export class MalformedMessageError extends PolyfoldError<'ERR_MALFORMED_MESSAGE'> {
  constructor(what: string, problem: string) {
    super(
      'ERR_MALFORMED_MESSAGE',
      `${what} is not a polyfold message (${problem}). Give polyfold a queue of its own, ` +
        'and run the same polyfold version on the coordinator and every worker.',
    );
    this.name = 'MalformedMessageError';
  }
}

const TAG = '$';
const COLLECTION_TAGS = { HashMap: 'hm', HashSet: 'hs', Counter: 'c' } as const;

const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;

/**
 * Encodes `value` as JSON-safe data, or throws UnsendableValueError naming where in it (under
 * the label `where`) a function, a symbol or a cycle sits.
 */
export function encodeData(value: unknown, where: string, medium: CodecMedium = 'redis'): unknown {
  return encode(value, where, { path: new Set(), medium });
}

interface Walk {
  /** The objects on the path from the root: shared (acyclic) references are fine, cycles not. */
  readonly path: Set<object>;
  readonly medium: CodecMedium;
}

function encode(v: unknown, where: string, walk: Walk): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      if (Number.isFinite(v) && !Object.is(v, -0)) return v;
      return { [TAG]: 'n', v: Object.is(v, -0) ? '-0' : String(v) };
    case 'undefined':
      return { [TAG]: 'u' };
    case 'bigint':
      return { [TAG]: 'b', v: v.toString() };
    case 'function':
      throw new UnsendableValueError(where, `the function ${v.name || '(anonymous)'}`, walk.medium);
    case 'symbol':
      throw new UnsendableValueError(where, `the symbol ${String(v)}`, walk.medium);
    default:
      break;
  }
  if (v === null) return null;
  const o = v as object;
  const { path } = walk;
  if (path.has(o)) throw new UnsendableValueError(where, 'a cyclic reference', walk.medium);
  path.add(o);
  try {
    if (Array.isArray(o)) {
      const out = new Array<unknown>(o.length);
      for (let i = 0; i < o.length; i++) out[i] = encode(o[i], `${where}[${i}]`, walk);
      return out;
    }
    const collection = collectionKind(o);
    if (collection !== undefined) {
      // polyfold's own collections (a groupBy's HashSet values, a Counter in a partition
      // file) keep their kind; their entries are encoded like a Map's or a Set's.
      const entries: unknown[] = [];
      let i = 0;
      if (collection === 'HashSet') {
        for (const x of o as HashSet<unknown>)
          entries.push(encode(x, `${where} element ${i++}`, walk));
      } else {
        for (const [k, x] of o as HashMap<unknown, unknown>) {
          entries.push([
            encode(k, `${where} key ${i}`, walk),
            encode(x, `${where} value ${i}`, walk),
          ]);
          i++;
        }
      }
      return { [TAG]: COLLECTION_TAGS[collection], v: entries };
    }
    const kind = Object.prototype.toString.call(o).slice(8, -1);
    if (kind === 'Date') return { [TAG]: 'd', v: encode((o as Date).getTime(), where, walk) };
    if (kind === 'Map') {
      let i = 0;
      const entries: unknown[] = [];
      for (const [k, x] of o as Map<unknown, unknown>) {
        entries.push([
          encode(k, `${where} key ${i}`, walk),
          encode(x, `${where} value ${i}`, walk),
        ]);
        i++;
      }
      return { [TAG]: 'm', v: entries };
    }
    if (kind === 'Set') {
      const items: unknown[] = [];
      let i = 0;
      for (const x of o as Set<unknown>) items.push(encode(x, `${where} element ${i++}`, walk));
      return { [TAG]: 's', v: items };
    }
    if (kind === 'RegExp') return { [TAG]: 'r', v: [(o as RegExp).source, (o as RegExp).flags] };
    if (ArrayBuffer.isView(o) && kind in TYPED_ARRAYS) {
      const view = o as ArrayBufferView;
      return {
        [TAG]: 't',
        c: kind,
        v: toBase64(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)),
      };
    }
    if (
      kind === 'Promise' ||
      kind === 'WeakMap' ||
      kind === 'WeakSet' ||
      kind === 'DataView' ||
      kind === 'ArrayBuffer'
    ) {
      throw new UnsendableValueError(where, `a ${kind}`, walk.medium);
    }
    // Any other object travels as its own enumerable properties, as structured clone does.
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) {
      const x = encode((o as Record<string, unknown>)[k], `${where}.${k}`, walk);
      // `out[k] = x` would set the prototype for the key "__proto__".
      if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true });
      else out[k] = x;
    }
    return Object.hasOwn(o, TAG) ? { [TAG]: 'o', v: out } : out;
  } finally {
    path.delete(o);
  }
}

/**
 * Decodes what {@link encodeData} produced (after a JSON round trip). Mutates and reuses the
 * parsed arrays and objects it is given. Throws MalformedMessageError for an unknown tag.
 */
export function decodeData(data: unknown): unknown {
  if (data === null || typeof data !== 'object') return data;
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) data[i] = decodeData(data[i]);
    return data;
  }
  const o = data as Record<string, unknown>;
  const tag = o[TAG];
  if (typeof tag === 'string' && Object.hasOwn(o, TAG)) return decodeTagged(tag, o);
  for (const k of Object.keys(o)) o[k] = decodeData(o[k]);
  return o;
}

function decodeTagged(tag: string, o: Record<string, unknown>): unknown {
  const v = o.v;
  switch (tag) {
    case 'u':
      return undefined;
    case 'n':
      if (v === '-0' || v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
      break;
    case 'b':
      if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
      break;
    case 'd':
      return new Date(decodeData(v) as number);
    case 'm':
      if (Array.isArray(v)) {
        return new Map(
          v.map((e) => {
            if (!Array.isArray(e) || e.length !== 2)
              bad(tag, 'an entry is not a [key, value] pair');
            return [decodeData(e[0]), decodeData(e[1])] as const;
          }),
        );
      }
      break;
    case 's':
      if (Array.isArray(v)) return new Set(v.map(decodeData));
      break;
    case 'hs':
      if (Array.isArray(v)) return new HashSet(v.map(decodeData));
      break;
    case 'hm':
    case 'c':
      if (Array.isArray(v)) {
        const out = tag === 'c' ? new Counter<unknown>() : new HashMap<unknown, unknown>();
        for (const e of v) {
          if (!Array.isArray(e) || e.length !== 2) bad(tag, 'an entry is not a [key, value] pair');
          const count = decodeData(e[1]);
          if (tag === 'c' && typeof count !== 'number') bad(tag, 'a count is not a number');
          (out as HashMap<unknown, unknown>).set(decodeData(e[0]), count);
        }
        return out;
      }
      break;
    case 'r':
      if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') {
        try {
          return new RegExp(v[0], v[1]);
        } catch {
          // Anyone can write to Redis: an invalid pattern is a malformed message, not a crash.
          return bad(
            tag,
            `/${v[0].slice(0, 40)}/${v[1].slice(0, 10)} is not a valid regular expression`,
          );
        }
      }
      break;
    case 't': {
      const ctor = TYPED_ARRAYS[o.c as TypedArrayName];
      if (Object.hasOwn(TYPED_ARRAYS, o.c as string) && typeof v === 'string') {
        const bytes = fromBase64(v);
        if (bytes === undefined) return bad(tag, 'its bytes are not base64');
        if (bytes.byteLength % ctor.BYTES_PER_ELEMENT !== 0) {
          return bad(tag, `${bytes.byteLength} bytes do not make a whole ${o.c as string}`);
        }
        // `fromBase64` returns a fresh buffer of its own: aligned for 8-byte types.
        return new ctor(bytes.buffer);
      }
      break;
    }
    case 'o':
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        const inner = v as Record<string, unknown>;
        for (const k of Object.keys(inner)) inner[k] = decodeData(inner[k]);
        return inner;
      }
      break;
    default:
      break;
  }
  return bad(tag, `its value ${JSON.stringify(v)?.slice(0, 40)} does not fit`);
}

function bad(tag: string, problem: string): never {
  throw new MalformedMessageError(`a value tagged "${tag}"`, problem);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) INDEX[ALPHABET.charCodeAt(i)] = i;

/** Standard base64 with padding, as `Buffer#toString('base64')` writes it. */
function toBase64(bytes: Uint8Array): string {
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const w = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      ALPHABET[w >> 18]! + ALPHABET[(w >> 12) & 63]! + ALPHABET[(w >> 6) & 63]! + ALPHABET[w & 63]!;
  }
  if (i + 1 === n) {
    const w = bytes[i]! << 16;
    out += `${ALPHABET[w >> 18]!}${ALPHABET[(w >> 12) & 63]!}==`;
  } else if (i + 2 === n) {
    const w = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${ALPHABET[w >> 18]!}${ALPHABET[(w >> 12) & 63]!}${ALPHABET[(w >> 6) & 63]!}=`;
  }
  return out;
}

/** The bytes of padded standard base64, in a fresh buffer; undefined when `s` is not that. */
function fromBase64(s: string): Uint8Array<ArrayBuffer> | undefined {
  if (s.length % 4 !== 0) return undefined;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let w = 0;
    for (let j = 0; j < 4; j++) {
      const c = s.charCodeAt(i + j);
      const last = i + 4 === s.length;
      if (c === 61 /* = */ && last && j >= 4 - pad) {
        w <<= 6;
        continue;
      }
      const d = c < 128 ? INDEX[c]! : -1;
      if (d < 0) return undefined;
      w = (w << 6) | d;
    }
    out[o++] = w >> 16;
    if (o < out.length) out[o++] = (w >> 8) & 255;
    if (o < out.length) out[o++] = w & 255;
  }
  return out;
}
