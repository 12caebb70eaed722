/**
 * Slicing stages: `take`, `takeWhile`, `drop`, `dropWhile`, `takeNth`. They depend on the
 * position of elements, so none is splittable; `take` and `takeWhile` stop pulling from the
 * source as soon as they are satisfied, which makes them safe on infinite sources.
 */
import { checkCount, checkFunction, checkSize, descriptor } from '../core/check.js';
import { makeStage } from '../core/lazy.js';
import { halt, type LinkBuilder } from '../core/stage.js';
import type { AnyIterable, ElementOf, SameStage, Stage, StageOn } from '../types.js';

type Pred = (a: unknown) => unknown;

const takeLink: LinkBuilder = (d, next, state, index) => {
  const n = d.args[0] as number;
  const push = next.step;
  let seen = 0;
  if (n === 0) halt(state, index);
  return {
    step: (acc, x) => {
      if (seen >= n) return acc;
      if (++seen >= n) halt(state, index);
      return push(acc, x);
    },
  };
};

/**
 * The first `n` elements (fewer if the input is shorter). Stops pulling from the source once
 * it has them, so `take(3)(range(0, Infinity))` terminates.
 *
 * @example
 * ```ts
 * import { take, range } from 'polyfold/functional';
 * [...take(3)(range(0, Number.POSITIVE_INFINITY))]; // [0, 1, 2]
 * ```
 */
export function take(n: number): SameStage {
  checkCount('take', 'n', n);
  return makeStage({
    descriptor: descriptor('take', undefined, [n], false, true),
    link: takeLink,
  }) as never;
}

const takeWhileLink: LinkBuilder = (d, next, state, index) => {
  const p = d.fn as Pred;
  const push = next.step;
  let taking = true;
  return {
    step: (acc, x) => {
      if (!taking) return acc;
      if (p(x)) return push(acc, x);
      taking = false;
      halt(state, index);
      return acc;
    },
  };
};

/**
 * The longest prefix whose elements satisfy `pred`; stops pulling at the first one that
 * does not (that element is consumed, as in itertools).
 *
 * @example
 * ```ts
 * import { pipe, takeWhile } from 'polyfold/functional';
 * [...pipe([1, 4, 6, 4, 1], takeWhile((x) => x < 5))]; // [1, 4]
 * ```
 */
export function takeWhile<I extends AnyIterable<unknown> = Iterable<unknown>>(
  pred: (a: ElementOf<I>) => unknown,
): StageOn<I, ElementOf<I>>;
export function takeWhile<A>(pred: (a: A) => unknown): Stage<A, A>;
export function takeWhile(pred: Pred): unknown {
  checkFunction('takeWhile', 'pred', pred);
  return makeStage({
    descriptor: descriptor('takeWhile', pred, [], false, true),
    link: takeWhileLink,
  });
}

const dropLink: LinkBuilder = (d, next) => {
  const n = d.args[0] as number;
  const push = next.step;
  let seen = 0;
  return {
    step: (acc, x) => {
      if (seen < n) {
        seen++;
        return acc;
      }
      return push(acc, x);
    },
  };
};

/**
 * Everything after the first `n` elements.
 *
 * @example
 * ```ts
 * import { pipe, drop } from 'polyfold/functional';
 * [...pipe([1, 2, 3, 4], drop(2))]; // [3, 4]
 * ```
 */
export function drop(n: number): SameStage {
  checkCount('drop', 'n', n);
  return makeStage({
    descriptor: descriptor('drop', undefined, [n], false),
    link: dropLink,
  }) as never;
}

const dropWhileLink: LinkBuilder = (d, next) => {
  const p = d.fn as Pred;
  const push = next.step;
  let dropping = true;
  return {
    step: (acc, x) => {
      if (dropping) {
        if (p(x)) return acc;
        dropping = false;
      }
      return push(acc, x);
    },
  };
};

/**
 * Skips elements while `pred` holds, then yields the rest (including later elements that
 * satisfy `pred`).
 *
 * @example
 * ```ts
 * import { pipe, dropWhile } from 'polyfold/functional';
 * [...pipe([1, 4, 6, 4, 1], dropWhile((x) => x < 5))]; // [6, 4, 1]
 * ```
 */
export function dropWhile<I extends AnyIterable<unknown> = Iterable<unknown>>(
  pred: (a: ElementOf<I>) => unknown,
): StageOn<I, ElementOf<I>>;
export function dropWhile<A>(pred: (a: A) => unknown): Stage<A, A>;
export function dropWhile(pred: Pred): unknown {
  checkFunction('dropWhile', 'pred', pred);
  return makeStage({ descriptor: descriptor('dropWhile', pred, [], false), link: dropWhileLink });
}

const takeNthLink: LinkBuilder = (d, next) => {
  const n = d.args[0] as number;
  const push = next.step;
  let phase = 0;
  return {
    step: (acc, x) => {
      const hit = phase === 0;
      phase = phase + 1 === n ? 0 : phase + 1;
      return hit ? push(acc, x) : acc;
    },
  };
};

/**
 * Every `n`th element, starting with the first (toolz `take_nth`, Python's `xs[::n]`).
 *
 * @example
 * ```ts
 * import { pipe, takeNth } from 'polyfold/functional';
 * [...pipe([10, 20, 30, 40, 50], takeNth(2))]; // [10, 30, 50]
 * ```
 */
export function takeNth(n: number): SameStage {
  checkSize('takeNth', 'n', n);
  return makeStage({
    descriptor: descriptor('takeNth', undefined, [n], false),
    link: takeNthLink,
  }) as never;
}
