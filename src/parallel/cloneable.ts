/**
 * Finding what structured clone would refuse in a worker's reply, before piscina posts it.
 * A `postMessage` that throws inside piscina kills the worker thread with an error that
 * reaches the caller as `{}` — indistinguishable from a crash, so it would be retried. A walk
 * that only reads (no copy) costs a fraction of the clone that follows it, so every reply is
 * checked and the task's mistake comes back as the task's error, naming where the value sits.
 */
import { types } from 'node:util';
import { describeValue } from '../errors/index.js';

/** Where in a value the first uncloneable part sits, and what it is. */
export interface Uncloneable {
  /** A path from the value (`"[2].nested[1]"`, `""` for the value itself). */
  readonly path: string;
  /** The part, described (`"the function f"`). */
  readonly value: string;
}

/** How a frame was reached from its parent; rendered into a path only on failure. */
type Step = 'index' | 'prop' | 'mapKey' | 'mapValue' | 'setValue';

interface Frame {
  readonly value: object;
  readonly parent: Frame | undefined;
  readonly step: Step;
  readonly key: number | string;
}

function refusal(x: unknown): string | undefined {
  if (typeof x === 'function' || typeof x === 'symbol') return describeValue(x);
  if (typeof x !== 'object' || x === null) return undefined;
  if (types.isProxy(x)) return 'a Proxy';
  if (types.isSymbolObject(x)) return `the boxed symbol ${String((x as symbol).valueOf())}`;
  if (types.isPromise(x)) return 'a Promise';
  if (types.isWeakMap(x)) return 'a WeakMap';
  if (types.isWeakSet(x)) return 'a WeakSet';
  if (x instanceof WeakRef) return 'a WeakRef';
  if (x instanceof FinalizationRegistry) return 'a FinalizationRegistry';
  return undefined;
}

/** Objects whose contents structured clone copies as bytes or not at all: nothing to walk. */
function isLeaf(x: object): boolean {
  return (
    ArrayBuffer.isView(x) ||
    types.isAnyArrayBuffer(x) ||
    types.isDate(x) ||
    types.isRegExp(x) ||
    types.isBoxedPrimitive(x)
  );
}

function isPlainContainer(o: object): boolean {
  const proto = Object.getPrototypeOf(o);
  return (
    proto === Object.prototype ||
    proto === null ||
    Array.isArray(o) ||
    proto === Map.prototype ||
    proto === Set.prototype
  );
}

function cloneRefusal(o: object): string | undefined {
  try {
    structuredClone(o);
    return undefined;
  } catch (error) {
    const name = (o.constructor as { name?: unknown } | undefined)?.name;
    const what = typeof name === 'string' && name !== '' ? `a ${name}` : 'an object';
    return `${what} (${error instanceof Error ? error.message : String(error)})`;
  }
}

function render(step: Step, key: number | string): string {
  switch (step) {
    case 'index':
      return `[${key}]`;
    case 'prop':
      return /^[A-Za-z_$][\w$]*$/.test(key as string) ? `.${key}` : `[${JSON.stringify(key)}]`;
    case 'mapKey':
      return `.keys()[${key}]`;
    case 'mapValue':
      return `.values()[${key}]`;
    case 'setValue':
      return `.values()[${key}]`;
  }
}

function pathOf(frame: Frame | undefined): string {
  const parts: string[] = [];
  for (let f = frame; f?.parent !== undefined; f = f.parent) parts.push(render(f.step, f.key));
  return parts.reverse().join('');
}

/**
 * The first part of `root` that structured clone would refuse, or `undefined` when it can be
 * sent. Iterative (no stack overflow on deep data) and cycle-safe. Objects of other classes
 * pass: the clone copies their own properties (losing the prototype, as documented).
 */
export function findUncloneable(root: unknown): Uncloneable | undefined {
  const bad = refusal(root);
  if (bad !== undefined) return { path: '', value: bad };
  if (typeof root !== 'object' || root === null || isLeaf(root)) return undefined;
  if (!isPlainContainer(root)) {
    const refused = cloneRefusal(root);
    return refused === undefined ? undefined : { path: '', value: refused };
  }
  const seen = new Set<object>([root]);
  const stack: Frame[] = [{ value: root, parent: undefined, step: 'index', key: 0 }];
  // Returns the refusal for `child`, after queueing it if it has parts of its own.
  const visit = (
    child: unknown,
    parent: Frame,
    step: Step,
    key: number | string,
  ): Uncloneable | undefined => {
    const t = typeof child;
    if (t !== 'object' && t !== 'function' && t !== 'symbol') return undefined;
    const why = refusal(child);
    if (why !== undefined) {
      return { path: pathOf(parent) + render(step, key), value: why };
    }
    const o = child as object | null;
    if (o === null || seen.has(o) || isLeaf(o)) return undefined;
    seen.add(o);
    if (!isPlainContainer(o)) {
      // Class instances and host objects (a MessagePort, a KeyObject): which of them clone
      // is the platform's to say, so ask it. Rare in results; plain data never gets here.
      const refused = cloneRefusal(o);
      return refused === undefined
        ? undefined
        : { path: pathOf(parent) + render(step, key), value: refused };
    }
    stack.push({ value: o, parent, step, key });
    return undefined;
  };
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const o = frame.value;
    let found: Uncloneable | undefined;
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length && found === undefined; i++) {
        found = visit(o[i], frame, 'index', i);
      }
      // Named properties of an array are cloned too; rare, so looked for only when present.
      if (found === undefined && Object.keys(o).length !== o.length) {
        for (const k of Object.keys(o)) {
          if (String(Number(k)) === k) continue;
          found = visit((o as unknown as Record<string, unknown>)[k], frame, 'prop', k);
          if (found !== undefined) break;
        }
      }
    } else if (types.isMap(o)) {
      let i = 0;
      for (const [k, v] of o as Map<unknown, unknown>) {
        found = visit(k, frame, 'mapKey', i) ?? visit(v, frame, 'mapValue', i);
        if (found !== undefined) break;
        i++;
      }
    } else if (types.isSet(o)) {
      let i = 0;
      for (const v of o as Set<unknown>) {
        found = visit(v, frame, 'setValue', i);
        if (found !== undefined) break;
        i++;
      }
    } else {
      for (const k of Object.keys(o)) {
        found = visit((o as Record<string, unknown>)[k], frame, 'prop', k);
        if (found !== undefined) break;
      }
    }
    if (found !== undefined) return found;
  }
  return undefined;
}
