/**
 * Process-wide dispatch state, shared by every copy of polyfold that is loaded.
 *
 * Why `globalThis` under a versioned `Symbol.for` key: a program that loads both the ESM and
 * the CJS build (or two versions) gets two copies of this module. A virtual-subclass
 * registration made through one copy must invalidate the caches of generic functions made
 * by the other, so the counter they compare against has to be one object.
 */
const STATE_KEY = Symbol.for('polyfold.dispatch.state/v1');

export interface DispatchState {
  /** Bumped by every registration anywhere; cache entries from an older epoch are stale. */
  epoch: number;
  /** Built-in abstract types, created once per process so every copy hands out the same ones. */
  readonly builtins: Record<string, unknown>;
}

const holder = globalThis as typeof globalThis & { [STATE_KEY]?: DispatchState };

export const state: DispatchState = holder[STATE_KEY] ?? { epoch: 0, builtins: {} };
holder[STATE_KEY] ??= state;

/** Makes every cached dispatch decision in the process stale. */
export function invalidateAllCaches(): void {
  state.epoch++;
}
