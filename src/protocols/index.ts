/**
 * `polyfold/protocols`: Python's data-model protocols (`__eq__`, `__hash__`, `__lt__`,
 * `__repr__`, `__len__`, `__contains__`, `__add__`, `__bool__`) as generic functions, the
 * value-keyed collections built on them (`HashMap`, `HashSet`, `Counter`) and fp-ts bridges.
 *
 * Each protocol function is a generic function from `polyfold/dispatch`: an implementation
 * registered for the value's type wins, then the value's own `dunder` method, then the
 * built-in behaviour. Each protocol's laws are stated in the header of the file defining it.
 *
 * @packageDocumentation
 */

export type { AddFunction } from './add.js';
export { add } from './add.js';
export type { Ordering } from './compare.js';
export { compare } from './compare.js';
export { contains } from './contains.js';
export type { CounterSource } from './counter.js';
export { Counter } from './counter.js';
export { equals } from './equals.js';
export {
  IncomparableError,
  InvalidCountError,
  KeyMutatedError,
  NestingTooDeepError,
  ProtocolArgumentError,
  ProtocolResultError,
  ReentrantMutationError,
  UnsupportedTypeError,
} from './errors.js';
export type { Hash } from './fp-ts.js';
export {
  comparator,
  contramapHash,
  getProtocolMonoid,
  getProtocolSemigroup,
  ProtocolEq,
  ProtocolHash,
  ProtocolOrd,
  ProtocolShow,
} from './fp-ts.js';
export { hash, hashValues } from './hash.js';
export type { HashMapOptions } from './hash-map.js';

export { collectionKind, HashMap } from './hash-map.js';
export { HashSet } from './hash-set.js';
export { BadIteratorError } from './iterate.js';
export { len } from './len.js';
export {
  Addable,
  Comparable,
  Container,
  Equatable,
  Hashable,
  Representable,
  Sized,
  Truthy,
} from './protocol-types.js';
export { inspectable, repr } from './repr.js';
export {
  KEY_SEED,
  partitionOf,
  STRING_SEED,
  stableHash,
  stableKey,
  UnstableKeyError,
} from './stable-hash.js';
export { isDebugMode, setDebugMode } from './state.js';
export type { Dunder } from './symbols.js';
export { dunder } from './symbols.js';
export { truthy } from './truthy.js';
