/**
 * The verdict of the hostile fuzz: a call returns, or throws a polyfold error (an instance of
 * one of the error classes the four browser-safe barrels export, with a string `code` starting
 * `ERR_`), or lets a {@link HostileError} — thrown by the hostile value's own code — through
 * unchanged. Anything else (a bare engine `TypeError`/`RangeError`, an uncoded error) fails.
 */

import type fc from 'fast-check';
import { expect } from 'vitest';
import * as dispatch from '../../src/dispatch/index.js';
import { isRevokedProxy } from '../../src/dispatch/internal.js';
import * as functional from '../../src/functional/index.js';
import * as laws from '../../src/laws/index.js';
import * as protocols from '../../src/protocols/index.js';
import { HostileError, made } from './values.js';

export const BARRELS = {
  'polyfold/dispatch': dispatch,
  'polyfold/protocols': protocols,
  'polyfold/functional': functional,
  'polyfold/laws': laws,
} as const;

const isClass = (v: unknown): v is new (...args: never[]) => unknown =>
  typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));

/** Every error class the barrels export, found by enumeration (a new one is picked up). */
export const ERROR_CLASSES: readonly Function[] = [
  ...new Set(
    Object.values(BARRELS).flatMap((barrel) =>
      Object.entries(barrel)
        .filter(([name, v]) => /Error$/.test(name) && isClass(v))
        .map(([, v]) => v as Function),
    ),
  ),
];

/** True for a documented, coded polyfold error. */
export function isPolyfoldError(e: unknown): boolean {
  if (!ERROR_CLASSES.some((E) => e instanceof (E as new () => unknown))) return false;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('ERR_');
}

/** Fails the test unless `e` is a polyfold error or a HostileError passed through. */
export function expectAcceptable(e: unknown, what: string): void {
  if (e instanceof HostileError) return;
  if (isPolyfoldError(e)) {
    expect((e as Error).message.length, `${what}: message`).toBeGreaterThan(20);
    return;
  }
  const shown = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  throw new Error(`${what} threw an undocumented error: ${shown}`, { cause: e });
}

/** Runs `f`; a throw must be acceptable. Returns the result, or `undefined` after a throw. */
export function outcome<T>(what: string, f: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    expectAcceptable(e, what);
    return { ok: false };
  }
}

/** How long a promise made by polyfold may take to settle before it counts as a hang. */
const SETTLE_MS = 3_000;

async function settle(p: Promise<unknown>, what: string): Promise<void> {
  if (made.has(p)) {
    p.catch(() => undefined);
    return;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), SETTLE_MS);
  });
  try {
    const r = await Promise.race([p, hang]);
    if (r === 'hang') throw new Error(`${what} did not settle within ${SETTLE_MS} ms (a hang)`);
  } catch (e) {
    if (e instanceof Error && e.message.includes('did not settle')) throw e;
    expectAcceptable(e, what);
  } finally {
    clearTimeout(timer);
  }
}

const MAX_STEPS = 20;

/** A revoked Proxy passed back unchanged (`identity(p)`) cannot be used by anyone: skip it. */
const isRevoked = isRevokedProxy;

const isLaws = (x: object): boolean => {
  if (Object.getPrototypeOf(x) !== Object.prototype) return false;
  const values = Object.values(x);
  return (
    values.length > 0 &&
    values.every(
      (p) =>
        typeof p === 'object' &&
        p !== null &&
        !isRevoked(p) &&
        typeof (p as { run?: unknown }).run === 'function',
    )
  );
};

/**
 * Uses whatever a call returned, the way a caller would: awaits a promise, applies a fold,
 * calls a function (with `extra`), iterates an iterable or async iterable a bounded number of
 * steps, checks law properties. Every throw on the way must be acceptable.
 */
export async function exercise(x: unknown, extra: unknown, what: string, depth = 0): Promise<void> {
  // A hostile value handed back unchanged (`identity(h)`) is the caller's own: using it tests
  // the value, not polyfold.
  if (depth > 2 || isRevoked(x) || (typeof x === 'object' && x !== null && made.has(x))) return;
  if (typeof x === 'function' && made.has(x)) return;
  try {
    if (x instanceof Promise) {
      await settle(x, what);
      return;
    }
    if (functional.isFold(x)) {
      await exercise(functional.fold(x)(extra as never), extra, `${what} → fold`, depth + 1);
      return;
    }
    if (typeof x === 'function') {
      await exercise((x as (a: unknown) => unknown)(extra), extra, `${what} → call`, depth + 1);
      return;
    }
    if (typeof x !== 'object' || x === null) return;
    if (isLaws(x)) {
      laws.checkLaws(x as laws.Laws, { numRuns: 3 });
      return;
    }
    if (typeof (x as Iterable<unknown>)[Symbol.iterator] === 'function') {
      const it = (x as Iterable<unknown>)[Symbol.iterator]();
      for (let i = 0; i < MAX_STEPS; i++) if (it.next().done) return;
      it.return?.();
      return;
    }
    if (typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
      const it = (x as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      for (let i = 0; i < MAX_STEPS; i++) {
        const step = it.next();
        let done = false;
        await settle(
          step.then((r) => {
            done = r.done === true;
          }),
          `${what} → next`,
        );
        if (done) return;
      }
      await settle(Promise.resolve(it.return?.()), `${what} → return`);
    }
  } catch (e) {
    expectAcceptable(e, what);
  }
}

const H12 = protocols.hash([1, 2]);

/**
 * After any hostile call, the protocols still answer as before: no cycle-tracking stack left
 * behind (a stale pair made `equals` answer `true` for different values), no broken cache.
 */
export function expectProtocolsIntact(): void {
  expect(protocols.equals([1, [2]], [1, [2]])).toBe(true);
  expect(protocols.equals([1, [2]], [1, [3]])).toBe(false);
  expect(protocols.equals({ a: [1] }, { a: [2] })).toBe(false);
  expect(protocols.hash([1, 2])).toBe(H12);
  expect(protocols.compare([1, [2]], [1, [3]])).toBe(-1);
  expect(protocols.repr([1, 'a'])).toBe("[1, 'a']");
  expect(new protocols.HashSet([[1], [1], [2]]).size).toBe(2);
  expect(protocols.contains([[1]], [1])).toBe(true);
}

/** fast-check settings for one fuzz case: small, so the whole suite stays fast. */
export const FUZZ_RUNS = { numRuns: 40 } satisfies fc.Parameters<unknown>;
