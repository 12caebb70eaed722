/**
 * The `dunder` symbols: polyfold's names for Python's special methods (`__eq__`, `__hash__`…).
 *
 * Why `Symbol.for('polyfold.<name>')` and not `Symbol()`: a program can load two copies of
 * polyfold (the ESM and the CJS build, or two versions). A class written against one copy must
 * still be recognised by the other, so the keys live in the process-wide symbol registry. The
 * `polyfold.` prefix keeps them apart from other libraries' registered symbols.
 */

/**
 * The shape of {@link dunder}: one `unique symbol` per protocol, usable as a computed key in
 * classes and interfaces.
 *
 * @example
 * ```ts
 * import { dunder, type Dunder } from 'polyfold/protocols';
 * const keys: Dunder = dunder;
 * const sized = { [keys.len]: () => 3 };
 * ```
 */
export interface Dunder {
  /** `__eq__`: `[dunder.eq](that: unknown): boolean`, used by `equals`. */
  readonly eq: unique symbol;
  /** `__hash__`: `[dunder.hash](): number` (a 32-bit integer), used by `hash`. */
  readonly hash: unique symbol;
  /** `__lt__` and friends in one: `[dunder.compare](that: unknown): number`, used by `compare`. */
  readonly compare: unique symbol;
  /** `__repr__`: `[dunder.repr](): string`, used by `repr`. */
  readonly repr: unique symbol;
  /** `__len__`: `[dunder.len](): number`, used by `len` and `truthy`. */
  readonly len: unique symbol;
  /** `__contains__`: `[dunder.contains](x: unknown): boolean`, used by `contains`. */
  readonly contains: unique symbol;
  /** `__add__`: `[dunder.add](that: unknown): unknown`, used by `add`. */
  readonly add: unique symbol;
  /** `__bool__`: `[dunder.bool](): boolean`, used by `truthy`. */
  readonly bool: unique symbol;
}

/**
 * The protocol keys. A class takes part in a protocol by defining the method under the symbol,
 * the way a Python class defines `__eq__`.
 *
 * @example
 * ```ts
 * import { dunder, equals, hash, HashMap } from 'polyfold/protocols';
 * class Point {
 *   constructor(readonly x: number, readonly y: number) {}
 *   [dunder.eq](that: unknown) { return that instanceof Point && that.x === this.x && that.y === this.y; }
 *   [dunder.hash]() { return hash([this.x, this.y]); }
 * }
 * equals(new Point(1, 2), new Point(1, 2)); // true
 * new HashMap([[new Point(1, 2), 'a']]).get(new Point(1, 2)); // 'a'
 * dunder.eq === Symbol.for('polyfold.eq'); // true
 * ```
 */
export const dunder: Dunder = Object.freeze({
  eq: Symbol.for('polyfold.eq'),
  hash: Symbol.for('polyfold.hash'),
  compare: Symbol.for('polyfold.compare'),
  repr: Symbol.for('polyfold.repr'),
  len: Symbol.for('polyfold.len'),
  contains: Symbol.for('polyfold.contains'),
  add: Symbol.for('polyfold.add'),
  bool: Symbol.for('polyfold.bool'),
}) as Dunder;
