/**
 * Process-wide protocol state, shared by every copy of polyfold loaded in the process.
 *
 * Why `globalThis` under a versioned `Symbol.for` key: the ESM and the CJS build (or two
 * versions) each get their own module instance. Registrations (`equals.register(…)`), the hash
 * seed and identity hashes must be one thing per process, or a key hashed by one copy would not
 * be found in a HashMap built by the other. The version in the key keeps incompatible
 * layouts apart.
 */

const STATE_KEY = Symbol.for('polyfold.protocols.state/v1');

export interface ProtocolState {
  /** Mixed into every built-in hash (see `hash`): Python's `PYTHONHASHSEED`. */
  readonly seed: number;
  /** Identity hashes of objects that have no structural hash (class instances, functions). */
  readonly identity: WeakMap<object, number>;
  nextIdentity: number;
  /** Whether new HashMaps and HashSets check for keys mutated after insertion. */
  debug: boolean;
  /** Generic functions and abstract types, created once per process by whichever copy loads first. */
  readonly shared: Record<string, unknown>;
}

/** An environment variable in Node (and Deno, Bun); undefined in a browser, which has no `process`. */
function env(name: string): string | undefined {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return p?.env?.[name];
}

function initialSeed(): number {
  const fixed = env('POLYFOLD_HASHSEED');
  if (fixed !== undefined && /^\d+$/.test(fixed.trim()))
    return Number(BigInt.asUintN(32, BigInt(fixed.trim()))) | 0;
  // Web Crypto: global in Node ≥ 19 and in every browser, so no `node:crypto` import.
  return globalThis.crypto.getRandomValues(new Int32Array(1))[0]!;
}

function initialDebug(): boolean {
  const flag = env('POLYFOLD_DEBUG') ?? '';
  return flag === '1' || flag === 'true' || flag.split(',').includes('protocols');
}

const holder = globalThis as typeof globalThis & { [STATE_KEY]?: ProtocolState };

export const state: ProtocolState = holder[STATE_KEY] ?? {
  seed: initialSeed(),
  identity: new WeakMap(),
  nextIdentity: 1,
  debug: initialDebug(),
  shared: {},
};
holder[STATE_KEY] ??= state;

/** Returns the process-wide instance of `name`, making it with `make` the first time. */
export function shared<T>(name: string, make: () => T): T {
  const existing = state.shared[name];
  if (existing !== undefined) return existing as T;
  const made = make();
  state.shared[name] = made;
  return made;
}

/**
 * Turns the HashMap/HashSet debug checks on or off for maps created afterwards (a map's own
 * `debug` option wins). Also on when the environment has `POLYFOLD_DEBUG=1` (or a
 * comma-separated list containing `protocols`) at start-up.
 *
 * In debug mode, every lookup that misses re-hashes the stored keys and throws
 * {@link KeyMutatedError} when one was mutated after insertion. That costs O(size) per miss:
 * use it to find a bug, not in production.
 *
 * @example
 * ```ts
 * import { setDebugMode, HashMap } from 'polyfold/protocols';
 * setDebugMode(true);
 * const key = [1, 2];
 * const m = new HashMap([[key, 'a']]);
 * key.push(3);
 * try { m.get([1, 2]); } catch (e) { (e as { code: string }).code; } // 'ERR_KEY_MUTATED'
 * setDebugMode(false);
 * ```
 */
export function setDebugMode(on: boolean): void {
  state.debug = on === true;
}

/**
 * Whether debug mode is on for maps created from now on (see {@link setDebugMode}).
 *
 * @example
 * ```ts
 * import { isDebugMode } from 'polyfold/protocols';
 * typeof isDebugMode(); // 'boolean'
 * ```
 */
export function isDebugMode(): boolean {
  return state.debug;
}
