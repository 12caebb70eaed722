/** Helpers for defining the built-in folds. Internal. */
import { checkFunction } from '../core/check.js';
import { INLINE, type InlineStep } from '../core/kernel.js';
import { type AnyFold, checkFold, type Fold, type FoldSpec } from '../fold.js';

/**
 * Attaches `{ name, args }` to a fold and freezes it; `inline` is the step as loop code for
 * compiled pipelines (see `kernel.ts`).
 */
export function defineFold<A, Acc, R>(
  name: string,
  args: readonly unknown[],
  impl: Omit<Fold<A, Acc, R>, 'spec'>,
  inline?: InlineStep,
): Fold<A, Acc, R> {
  const spec: FoldSpec = Object.freeze({ name, args: Object.freeze([...args]) });
  const fold = { ...impl, spec };
  if (inline !== undefined) Object.defineProperty(fold, INLINE, { value: inline });
  return Object.freeze(fold);
}

/**
 * Like {@link defineFold} for folds built from other folds: the spec exists only when every
 * nested fold has one (a user-written fold is shipped by module URL and export name instead).
 */
export function defineComposite<A, Acc, R>(
  name: string,
  args: readonly unknown[],
  impl: Omit<Fold<A, Acc, R>, 'spec'>,
  nested: readonly AnyFold<any, any>[],
): Fold<A, Acc, R> {
  if (nested.every((f) => f.spec !== undefined)) return defineFold(name, args, impl);
  return Object.freeze({ ...impl });
}

/** Checks a nested fold argument. */
export function nestedFold(name: string, argument: string, f: unknown): AnyFold<any, any> {
  checkFold(name, argument, f);
  return f as AnyFold<any, any>;
}

/** Encodes an accumulator of `f` for shipping (identity when `f` has no `encode`). */
export function encodeWith(f: AnyFold<any, any>, acc: unknown): unknown {
  return f.encode ? f.encode(acc) : acc;
}

/** Decodes what {@link encodeWith} produced. */
export function decodeWith(f: AnyFold<any, any>, data: unknown): unknown {
  return f.decode ? f.decode(data) : data;
}

/** True when any of the folds needs encoding. */
export function needsEncoding(fs: readonly AnyFold<any, any>[]): boolean {
  return fs.some((f) => f.encode !== undefined);
}

/** Checks an optional key or predicate function argument. */
export function optionalFn(name: string, argument: string, f: unknown): void {
  if (f !== undefined) checkFunction(name, argument, f);
}

/** Checks a required function argument (a revoked Proxy or a class is refused too). */
export function requiredFn(name: string, argument: string, f: unknown): void {
  checkFunction(name, argument, f);
}
