/**
 * Stages as data, and the push protocol that fuses them.
 *
 * A stage is described by a plain {@link StageDescriptor} (`{ kind: 'map', fn, args }`) —
 * what an executor ships to another thread or machine — and implemented by a
 * {@link LinkBuilder}: given the link after it, it returns a `step(acc, x)` that transforms
 * `x` and calls the next link's step. Chaining the builders from the fold backwards yields
 * one fused step function, as Clojure's transducers do: no intermediate arrays, no
 * generator per stage.
 *
 * Links are built per run (per chunk, for executors), so stateful stages (`take`'s counter,
 * `chunk`'s buffer) never leak state between runs.
 */

/** Names of the built-in stages. */
export type StageKind =
  | 'map'
  | 'filter'
  | 'remove'
  | 'flatMap'
  | 'pluck'
  | 'tap'
  | 'scan'
  | 'enumerate'
  | 'take'
  | 'takeWhile'
  | 'drop'
  | 'dropWhile'
  | 'takeNth'
  | 'chunk'
  | 'window'
  | 'pairwise'
  | 'interpose'
  | 'unique'
  | 'dedupe';

/**
 * A stage as plain data. `fn` is the user function the stage calls (the one thing an executor
 * must resolve to a shippable task); `args` are the other parameters and are structured-
 * cloneable whenever the values you passed are (`take(10)` has `args: [10]`).
 *
 * `splittable` is true when the stage treats every element independently (`map`, `filter`,
 * `flatMap`, `pluck`, `tap`, `remove`): such stages give the same result whether the input is
 * folded whole or in chunks. `shortCircuits` marks stages that can stop pulling input early
 * (`take`, `takeWhile`); they are never splittable.
 */
export interface StageDescriptor {
  readonly kind: StageKind;
  /** The user function the stage calls, if it has one. */
  readonly fn?: (...args: never[]) => unknown;
  /** The stage's other parameters, in the order the combinator takes them. */
  readonly args: readonly unknown[];
  /** Folding chunks separately and combining gives the same result as folding the whole. */
  readonly splittable: boolean;
  /** The stage may stop pulling from the source before it is exhausted. */
  readonly shortCircuits: boolean;
}

/** One step of a fused chain: consume `x`, return the (possibly same) accumulator. */
export type Step = (acc: any, x: any) => any;

/** A stage instantiated for one run. */
export interface Link {
  readonly step: Step;
  /** End of input: push whatever this stage still holds (a partial chunk) to the next link. */
  readonly flush?: (acc: any) => any;
}

/**
 * An expanding stage (`flatMap`) that can pause in the middle of an inner iterable when the
 * consumer pulls one element at a time.
 */
export interface Expander {
  /** True when inner elements are still queued. */
  pending(): boolean;
  /** Push queued inner elements until paused, halted or empty. */
  resume(acc: any): any;
  /** Drop queued inner iterables, closing them. */
  close(): void;
}

/** Mutable state shared by the links of one run. */
export interface RunState {
  /**
   * Index of the downstream-most stage that stopped accepting input (`take` reached its
   * count), or -1. The fold's index is the number of stages. Stages upstream of it stop
   * producing; stages downstream keep going (they still flush).
   */
  halt: number;
  /** Pull mode only: the consumer holds an element, so expanding stages should yield. */
  paused: boolean;
  /** Expanding links, downstream first, so pull mode resumes the innermost one first. */
  readonly expanders: Expander[];
}

/** Builds a stage's link for one run, given the link after it and the stage's index. */
export type LinkBuilder = (
  descriptor: StageDescriptor,
  next: Link,
  state: RunState,
  index: number,
) => Link;

/** A descriptor together with the code that runs it. Internal. */
export interface StageImpl {
  readonly descriptor: StageDescriptor;
  readonly link: LinkBuilder;
}

/** Creates a fresh run state. */
export function newRunState(): RunState {
  return { halt: -1, paused: false, expanders: [] };
}

/** Marks stage `index` as finished: nothing upstream of it needs to run any more. */
export function halt(state: RunState, index: number): void {
  if (index > state.halt) state.halt = index;
}

/**
 * Fuses `stages` in front of `sink`. Returns the links in stage order followed by the sink;
 * `links[0].step` is the fused step function. `offset` is the index of `stages[0]` in the
 * whole chain (stages before it run elsewhere, inlined in a compiled loop).
 */
export function compile(
  stages: readonly StageImpl[],
  sink: Link,
  state: RunState,
  offset = 0,
): Link[] {
  const links: Link[] = new Array(stages.length + 1);
  links[stages.length] = sink;
  let next = sink;
  for (let i = stages.length - 1; i >= 0; i--) {
    const s = stages[i]!;
    next = s.link(s.descriptor, next, state, i + offset);
    links[i] = next;
  }
  return links;
}

/** Flushes every link in order, upstream first, so buffered elements flow through the rest. */
export function flushAll(links: readonly Link[], acc: unknown): unknown {
  for (const l of links) if (l.flush) acc = l.flush(acc);
  return acc;
}
