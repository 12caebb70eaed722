/**
 * Type-level machinery shared by the combinators. Nothing here exists at run time.
 *
 * The combinators are typed so that `pipe(xs, map(f), filter(g))` infers without
 * annotations for arrays, iterables and async iterables alike. Two shapes make that work:
 *
 * - {@link StageOn}: what `map(f)` returns inside `pipe`. TypeScript infers the *input
 *   iterable type* `I` from the position the call sits in, so `f`'s parameter is typed from it,
 *   and the output is "the same kind of iterable" (sync in, sync out; async in, async out).
 * - {@link Stage}: what `map((x: number) => …)` returns outside any context (its element
 *   types come from the annotation); its call signature is generic, so it still accepts both
 *   kinds of iterable.
 */
import type { StageDescriptor } from './core/stage.js';

/** An iterable or an async iterable. */
export type AnyIterable<T> = Iterable<T> | AsyncIterable<T>;

/** The element type of an iterable or async iterable type. */
export type ElementOf<I> =
  I extends Iterable<infer T> ? T : I extends AsyncIterable<infer T> ? T : never;

/** `Iterable<B>` when `I` is synchronous, `AsyncIterable<B>` when it is async. */
export type Lifted<I, B> = I extends Iterable<unknown> ? Iterable<B> : AsyncIterable<B>;

/** `R` when `I` is synchronous, `Promise<R>` when it is async. */
export type Result<I, R> = I extends Iterable<unknown> ? R : Promise<R>;

/**
 * Phantom element types of a stage. Never present at run time; it lets `pipeline(...)` read
 * the input type of its first stage.
 */
export interface StageTypes<A, B> {
  /** @internal Phantom: carries the input and output types for inference; never present. */
  readonly '~types'?: { readonly in: (a: A) => void; readonly out: B };
}

/** The run-time part every stage carries: its plain descriptor. */
export interface StageBase<A, B> extends StageTypes<A, B> {
  /** What this stage is, as plain data an executor can ship (see {@link StageDescriptor}). */
  readonly descriptor: StageDescriptor;
}

/** A stage from `A` to `B`, callable on any (async) iterable of `A`. */
export interface Stage<A, B> extends StageBase<A, B> {
  <I extends AnyIterable<A>>(xs: I): Lifted<I, B>;
}

/** A stage whose input iterable type `I` was inferred from where it is used. */
export interface StageOn<I, B> extends StageBase<ElementOf<I>, B> {
  (xs: I): Lifted<I, B>;
}

/** A stage that keeps the element type (`take`, `drop`, `unique`…). */
export interface SameStage extends StageBase<unknown, unknown> {
  <I extends AnyIterable<unknown>>(xs: I): Lifted<I, ElementOf<I>>;
}

/** A stage that maps every element type `T` to `Out<T>`, for generic stages (`chunk`…). */
export interface ChunkStage extends StageBase<unknown, unknown> {
  <I extends AnyIterable<unknown>>(xs: I): Lifted<I, ElementOf<I>[]>;
}

/** `enumerate`'s type: pairs every element with its index. */
export interface EnumerateStage extends StageBase<unknown, unknown> {
  <I extends AnyIterable<unknown>>(xs: I): Lifted<I, [number, ElementOf<I>]>;
}

/** `pairwise`'s type: consecutive pairs. */
export interface PairwiseStage extends StageBase<unknown, unknown> {
  <I extends AnyIterable<unknown>>(xs: I): Lifted<I, [ElementOf<I>, ElementOf<I>]>;
}

/** A stage that may add elements of another type (`interpose(sep)`). */
export interface WidenStage<S> extends StageBase<unknown, unknown> {
  <I extends AnyIterable<unknown>>(xs: I): Lifted<I, ElementOf<I> | S>;
}

/** A function of an iterable that returns a value (sync) or a promise of it (async). */
export type Terminal<R> = <I extends AnyIterable<unknown>>(xs: I) => Result<I, R>;

/** A terminal whose result depends on the element type (`first`, `sorted()`…). */
export type TerminalOn<I, R> = (xs: I) => Result<I, R>;
