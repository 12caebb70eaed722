/**
 * `polyfold/dispatch`: generic functions chosen by the type of their first argument
 * (Python's `functools.singledispatch` and `singledispatchmethod`), abstract types, and errors.
 *
 * @packageDocumentation
 */

export {
  ERROR_CODES,
  type ErrorCode,
  type ErrorDetails,
  isPolyfoldError,
  PolyfoldError,
  PolyfoldRangeError,
  PolyfoldTypeError,
} from '../errors/index.js';
export type { AbstractType, AbstractTypeOptions } from './abstract-type.js';
export { AsyncIterable, abstractType, Iterable, PromiseLike } from './abstract-type.js';
export {
  AmbiguousDispatchError,
  InvalidReceiverError,
  InvalidRegistrationError,
  NoImplementationError,
  PrototypeChainError,
} from './errors.js';
export type { MethodDispatcher } from './method.js';
export { singledispatchmethod } from './method.js';
export { UnknownOptionError } from './options.js';
export type { SingledispatchOptions } from './singledispatch.js';
export { singledispatch } from './singledispatch.js';
export type {
  AnyFunction,
  Explanation,
  GenericFunction,
  GenericFunctionApi,
  Implementation,
  InstanceOf,
  RegisterDecorator,
  Registrable,
  RestParameters,
} from './types.js';
