/**
 * Data through Redis. BullMQ stores job data and results as JSON, which would silently change
 * values a fold cares about: `-0`, `NaN` and `±Infinity` (numbers in exact sums), `undefined`
 * (empty accumulators), bigints, Maps and Sets. This codec keeps them, so a cluster run gives
 * the bits `local()` gives, as structured clone does for `threads()`.
 *
 * The encoding is plain JSON: special values become one-key-tagged objects
 * (`{ "$": "n", "v": "-0" }`), and a plain object that has its own `$` key is wrapped
 * (`{ "$": "o", "v": {…} }`) so it cannot be mistaken for a tag. Decoding never evaluates
 * anything (it is `JSON.parse` plus a walk), whoever wrote the data: portable across Node
 * versions and safe to read from a shared Redis.
 */
import { MalformedMessageError, UnsendableValueError } from './errors.js';

const TAG = '$';

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
export function encodeData(value: unknown, where: string): unknown {
  return encode(value, where, new Set());
}

function encode(v: unknown, where: string, path: Set<object>): unknown {
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
      throw new UnsendableValueError(where, `the function ${v.name || '(anonymous)'}`);
    case 'symbol':
      throw new UnsendableValueError(where, `the symbol ${String(v)}`);
    default:
      break;
  }
  if (v === null) return null;
  const o = v as object;
  // The path, not every object seen: shared (acyclic) references are fine, cycles are not.
  if (path.has(o)) throw new UnsendableValueError(where, 'a cyclic reference');
  path.add(o);
  try {
    if (Array.isArray(o)) {
      const out = new Array<unknown>(o.length);
      for (let i = 0; i < o.length; i++) out[i] = encode(o[i], `${where}[${i}]`, path);
      return out;
    }
    const kind = Object.prototype.toString.call(o).slice(8, -1);
    if (kind === 'Date') return { [TAG]: 'd', v: encode((o as Date).getTime(), where, path) };
    if (kind === 'Map') {
      let i = 0;
      const entries: unknown[] = [];
      for (const [k, x] of o as Map<unknown, unknown>) {
        entries.push([
          encode(k, `${where} key ${i}`, path),
          encode(x, `${where} value ${i}`, path),
        ]);
        i++;
      }
      return { [TAG]: 'm', v: entries };
    }
    if (kind === 'Set') {
      const items: unknown[] = [];
      let i = 0;
      for (const x of o as Set<unknown>) items.push(encode(x, `${where} element ${i++}`, path));
      return { [TAG]: 's', v: items };
    }
    if (kind === 'RegExp') return { [TAG]: 'r', v: [(o as RegExp).source, (o as RegExp).flags] };
    if (ArrayBuffer.isView(o) && kind in TYPED_ARRAYS) {
      const view = o as ArrayBufferView;
      return {
        [TAG]: 't',
        c: kind,
        v: Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64'),
      };
    }
    if (
      kind === 'Promise' ||
      kind === 'WeakMap' ||
      kind === 'WeakSet' ||
      kind === 'DataView' ||
      kind === 'ArrayBuffer'
    ) {
      throw new UnsendableValueError(where, `a ${kind}`);
    }
    // Any other object travels as its own enumerable properties, as structured clone does.
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) {
      const x = encode((o as Record<string, unknown>)[k], `${where}.${k}`, path);
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
        const bytes = Buffer.from(v, 'base64');
        if (bytes.byteLength % ctor.BYTES_PER_ELEMENT !== 0) {
          return bad(tag, `${bytes.byteLength} bytes do not make a whole ${o.c as string}`);
        }
        // A fresh, aligned buffer: Buffer's pooled memory may not be aligned for 8-byte types.
        const copy = new ArrayBuffer(bytes.byteLength);
        new Uint8Array(copy).set(bytes);
        return new ctor(copy);
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
