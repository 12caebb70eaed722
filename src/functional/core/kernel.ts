/**
 * Fused loops. The element-wise stages at the head of a chain (`map`, `filter`, `remove`,
 * `pluck`, `tap`, `flatMap`) and the fold's `step` are compiled into one loop per job, so a pipeline
 * runs like the loop you would write by hand: one `for`, the user's functions called in line,
 * the accumulator threaded through — no closure per stage.
 *
 * Why generate code: a chain of closures (`(acc, x) => next(acc, f(x))`) is one set of
 * functions shared by every pipeline in the program, so their call sites see every pipeline's
 * functions and stop being inlined, and closures rebuilt per run defeat the optimiser
 * altogether (measured 5–10× slower than a hand loop). Sharing one compiled loop between jobs
 * of the same shape has the same problem (two jobs in one process: 11× slower). So every job
 * gets its own loop, compiled the first time it runs on enough data (see `pipeline.ts`);
 * small runs use the closure chain, which needs no compilation.
 *
 * The source is built only from the fixed templates below, stage indices and the built-in
 * folds' own templates — never from user data (a `pluck` key is passed as a value). Where
 * code generation is disabled (`--disallow-code-generation-from-strings`, a CSP) the closure
 * chain is used instead, with the same semantics. Only that case falls back: any other error
 * while compiling is a bug in a template and is thrown, rather than silently switching the
 * whole process to the slower path.
 */

import { NotIterableError } from '../errors.js';
import type { Reducer } from './engine.js';
import { newRunState, type RunState, type StageImpl, type Step } from './stage.js';

function notIterable(value: unknown): never {
  throw new NotIterableError('flatMap (the value f returned)', value, false);
}

/**
 * Stages that can be inlined, as statements on `x` (`SKIP` drops the element). `flatMap` is
 * inlined too, as a nested loop around the stages after it (see `body`).
 */
const TEMPLATES: Readonly<Record<string, string>> = {
  map: 'x = f#(x);',
  filter: 'if (!f#(x)) SKIP;',
  remove: 'if (f#(x)) SKIP;',
  tap: 'f#(x);',
  pluck: 'x = x == null ? undefined : x[f#];',
  flatMap: '',
};

/**
 * A built-in fold's step written as loop code, so its hot state lives in local variables
 * (a register) instead of being read from and written to the accumulator per element. It
 * must behave exactly like `reducer.step`, to which it falls through for anything unusual.
 * Internal: attached to built-in folds under {@link INLINE}.
 */
export interface InlineStep {
  /** Declares `let` variables for the state of the elements not yet stored (before the loop). */
  readonly enter: string;
  /** Handles `x` in the common case and ends with `SKIP`; falls through otherwise. */
  readonly fast: string;
  /** Stores the variables into `acc` and resets them (before `reducer.step`, after the loop). */
  readonly store: string;
  /** Functions the templates call by name (`store(acc, hi)`). */
  readonly helpers: Readonly<Record<string, (...args: any[]) => unknown>>;
}

/** Where built-in folds keep their {@link InlineStep}. */
export const INLINE: unique symbol = Symbol('polyfold.inlineStep') as never;

/** The compiled loops of one job: its inlined stage prefix ending in its tail or fold. */
export interface Loops {
  /** Folds `xs[from..to)` into `acc`; stops once `state.halt >= 0`. */
  array(
    acc: unknown,
    xs: ArrayLike<unknown>,
    from: number,
    to: number,
    state: RunState,
    tail: Step | undefined,
  ): unknown;
  /** Folds every element of an iterable (closed by `for…of` on halt or error). */
  iter(acc: unknown, xs: Iterable<unknown>, state: RunState, tail: Step | undefined): unknown;
  /** Folds one element. */
  one(acc: unknown, x: unknown, state: RunState, tail: Step | undefined): unknown;
}

type Factory = (
  args: readonly unknown[],
  reducer: Reducer<any, any, any>,
  foldIndex: number,
  inl: Readonly<Record<string, unknown>> | undefined,
  notIterable: (value: unknown) => never,
) => Loops;

let codegen = true;

/**
 * Internal, for tests only (not exported from any index): how many loops were compiled, and
 * whether this process was found to forbid code generation — so a test can tell the compiled
 * path from the closure chain, which give the same results.
 */
export const kernelProbe = {
  compiled: 0,
  get disabled(): boolean {
    return !codegen;
  },
};

/**
 * True for what `new Function` throws where code generation from strings is disallowed
 * (`--disallow-code-generation-from-strings`, a CSP without 'unsafe-eval'): V8 throws an
 * EvalError ("Code generation from strings disallowed for this context"). Anything else
 * — a SyntaxError from a template — is a bug in this file, and must not pass for it.
 */
function isCodegenDisabled(error: unknown): boolean {
  return error instanceof EvalError || (error instanceof Error && error.name === 'EvalError');
}
// Makes every job's source unique: V8 caches compiled code by source text, and two jobs
// sharing it would share type feedback — the very thing compiling per job avoids.
let serial = 0;

/** How many leading stages can be inlined. */
export function inlinablePrefix(stages: readonly StageImpl[]): number {
  let k = 0;
  while (k < stages.length && Object.hasOwn(TEMPLATES, stages[k]!.descriptor.kind)) k++;
  return k;
}

/**
 * The statements handling `x` from stage `from` on: `skip` drops the element (continues the
 * innermost loop), `last` is what the final stage's output goes to. A `flatMap` becomes a
 * nested loop (over an array by index, else with `for…of`) around the stages after it.
 */
function body(
  kinds: readonly string[],
  from: number,
  skip: string,
  last: (skip: string) => string[],
): string[] {
  const out: string[] = [];
  for (let i = from; i < kinds.length; i++) {
    if (kinds[i] !== 'flatMap') {
      out.push(TEMPLATES[kinds[i]!]!.replaceAll('#', String(i)).replaceAll('SKIP', skip));
      continue;
    }
    out.push(
      `const in${i} = f${i}(x);`,
      `if (Array.isArray(in${i})) {`,
      `a${i}: for (let j${i} = 0; j${i} < in${i}.length; j${i}++) {`,
      `let x = in${i}[j${i}];`,
      ...body(kinds, i + 1, `continue a${i}`, last),
      '}',
      '} else {',
      `if (in${i} == null || typeof in${i}[Symbol.iterator] !== 'function') notIterable(in${i});`,
      `b${i}: for (let x of in${i}) {`,
      ...body(kinds, i + 1, `continue b${i}`, last),
      '}',
      '}',
    );
    return out;
  }
  out.push(...last(skip));
  return out;
}

function source(
  kinds: readonly string[],
  tail: boolean,
  canFinish: boolean,
  inline: InlineStep | undefined,
): string {
  // Everything the loops call is bound here, once: a property read after the loop would have
  // no type feedback when the loop is first optimised, and deoptimise every run.
  const helpers = Object.keys(inline?.helpers ?? {}).map((h) => `const ${h} = inl.${h};`);
  const head = [...kinds.map((_k, i) => `const f${i} = args[${i}];`), ...helpers].join('\n');
  const sink =
    (stop: string, acc = 'acc') =>
    () => [
      tail
        ? `${acc} = tail(${acc}, x); if (state.halt >= 0) ${stop};`
        : canFinish
          ? `${acc} = reducer.step(${acc}, x); if (reducer.isDone(${acc})) { if (foldIndex > state.halt) state.halt = foldIndex; ${stop}; }`
          : `${acc} = reducer.step(${acc}, x);`,
    ];
  // A loop over many elements; with an inline step the fold's hot state stays in locals.
  const loop = (header: string, first: string) => {
    if (inline === undefined || tail || canFinish) {
      const inner = body(kinds, 0, 'continue outer', sink('break outer'));
      const generic = [`outer: ${header} {`, first, ...inner, '}', 'return acc;'];
      if (tail) return generic.join('\n');
      // A number accumulator gets a loop of its own: started from a value the compiler knows
      // is a number, it stays in a float register; started from the (untyped) parameter, it
      // would be boxed on every iteration (measured 2–5× slower).
      const numeric = body(kinds, 0, 'continue num', sink('break num', 'n'));
      return [
        "if (typeof acc === 'number') {",
        'let n = +acc;',
        `num: ${header} {`,
        first,
        ...numeric,
        '}',
        'return n;',
        '}',
        ...generic,
      ].join('\n');
    }
    const inner = body(kinds, 0, 'continue outer', (skip) => [
      inline.fast.replaceAll('SKIP', skip),
      `${inline.store} acc = reducer.step(acc, x);`,
    ]);
    return [
      inline.enter,
      `outer: ${header} {`,
      first,
      ...inner,
      '}',
      inline.store,
      'return acc;',
    ].join('\n');
  };
  return `'use strict';
// polyfold job loop ${++serial}
${head}
return {
  array(acc, xs, from, to, state, tail) {
    // The whole array is the common case, and \`i < xs.length\` is the bound the compiler
    // understands: it proves every index in range and drops the checks (measured: other
    // bounds make the loop 1.5–2× slower).
    if (from === 0 && to === xs.length) {
      ${loop('for (let i = 0; i < xs.length; i++)', 'let x = xs[i];')}
    }
    ${loop('for (let i = from; i < to; i++)', 'let x = xs[i];')}
  },
  iter(acc, xs, state, tail) {
    ${loop('for (let x of xs)', '')}
  },
  one(acc, x, state, tail) {
    one: {
    ${body(kinds, 0, 'break one', sink('break one')).join('\n')}
    }
    return acc;
  },
};`;
}

/**
 * Compiles fresh loops for `stages[0..k)` (inlinable) followed by a tail (the remaining
 * stages' links) or directly by the reducer. Returns undefined when code generation is
 * unavailable.
 */
export function compileLoops(
  stages: readonly StageImpl[],
  k: number,
  reducer: Reducer<any, any, any>,
): Loops | undefined {
  if (!codegen) return undefined;
  const prefix = stages.slice(0, k);
  const kinds = prefix.map((s) => s.descriptor.kind);
  const inline = (reducer as { [INLINE]?: InlineStep })[INLINE];
  let factory: Factory;
  try {
    factory = new Function(
      'args',
      'reducer',
      'foldIndex',
      'inl',
      'notIterable',
      source(kinds, k < stages.length, reducer.isDone !== undefined, inline),
    ) as Factory;
  } catch (error) {
    if (!isCodegenDisabled(error)) throw error;
    // Code generation is disabled in this process: use closures from now on.
    codegen = false;
    return undefined;
  }
  const args = prefix.map((s) =>
    s.descriptor.kind === 'pluck' ? s.descriptor.args[0] : s.descriptor.fn,
  );
  const loops = factory(args, reducer, stages.length, inline?.helpers, notIterable);
  warmUp(loops, reducer);
  kernelProbe.compiled++;
  return loops;
}

/**
 * Runs each loop once over nothing, so the code after the loop has type feedback before the
 * loop is first optimised (while running, on-stack). Without it the optimised loop meets a
 * call with no feedback at its exit and deoptimises there on every run, which made about half
 * of the processes run the whole loop 2–2.5× slower.
 */
function warmUp(loops: Loops, reducer: Reducer<any, any, any>): void {
  try {
    const state = newRunState();
    // V8 gives a function its feedback vector only after several calls (lazy feedback
    // allocation: after enough bytecode has run in it), so one call would record nothing.
    for (let i = 0; i < 100; i++) {
      loops.array(reducer.init(), [], 0, 0, state, undefined);
      loops.array(reducer.init(), [undefined], 1, 1, state, undefined);
      loops.iter(reducer.init(), [], state, undefined);
    }
  } catch {
    // An `init` that throws will throw again where it belongs, in the run.
  }
}

// Loops for one-off folds (`pipe(xs, map(f), fold(folds.sum()))`), found again by what they
// are made of: the stage functions (held weakly), the chain's shape and the fold — a built-in
// by its spec, anything else by identity. A `pipe` written once and run often then reuses
// one optimised loop instead of compiling a new one per call.
const ROOT = new WeakMap<object, unknown>();
type Node = { next: WeakMap<object, Node>; loops: Map<string, Loops> };

function foldKey(reducer: Reducer<any, any, any>): string | undefined {
  const spec = (reducer as { spec?: { name: string; args: readonly unknown[] } }).spec;
  if (spec === undefined) return undefined;
  for (const a of spec.args) if (a !== null && typeof a === 'object') return undefined;
  for (const a of spec.args) if (typeof a === 'function' || typeof a === 'symbol') return undefined;
  return `${spec.name}(${spec.args.map((a) => (typeof a === 'string' ? JSON.stringify(a) : String(a))).join(',')})`;
}

/** {@link compileLoops}, memoised by the chain's functions, shape and fold. */
export function cachedLoops(
  stages: readonly StageImpl[],
  k: number,
  reducer: Reducer<any, any, any>,
): Loops | undefined {
  const key = foldKey(reducer);
  const objects: object[] = [];
  const shape: string[] = [];
  for (let i = 0; i < k; i++) {
    const d = stages[i]!.descriptor;
    if (d.kind === 'pluck') {
      // Two symbols can print alike: a symbol key is compiled afresh every time.
      if (typeof d.args[0] === 'symbol') return compileLoops(stages, k, reducer);
      shape.push(`pluck[${typeof d.args[0]}:${String(d.args[0])}]`);
    } else {
      shape.push(d.kind);
      objects.push(d.fn as object);
    }
  }
  if (key === undefined) objects.push(reducer);
  shape.push(k < stages.length ? 'tail' : 'fold', key ?? 'self');
  if (objects.length === 0) objects.push(ROOT);
  let node: Node | undefined;
  let map: WeakMap<object, unknown> = ROOT;
  for (const o of objects) {
    node = map.get(o) as Node | undefined;
    if (node === undefined) {
      node = { next: new WeakMap(), loops: new Map() };
      map.set(o, node);
    }
    map = node.next;
  }
  const id = shape.join('|');
  const found = node!.loops.get(id);
  if (found !== undefined) return found;
  const loops = compileLoops(stages, k, reducer);
  if (loops !== undefined) node!.loops.set(id, loops);
  return loops;
}
