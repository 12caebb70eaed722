/**
 * Building blocks the other layers share with this one. Not part of the public API (not in
 * package.json `exports`); a second entry so `src/protocols` … `src/cli` can import them
 * without reaching into this layer's files.
 *
 * @internal
 * @packageDocumentation
 */

export {
  type Brand,
  getterOf,
  isArrayBuffer,
  isBigIntObject,
  isBooleanObject,
  isDataView,
  isDate,
  isMap,
  isNativeError,
  isNumberObject,
  isRegExp,
  isSet,
  isSharedArrayBuffer,
  isStringObject,
  isSymbolObject,
  isTypedArray,
  typedArrayTagOf,
  viewBuffer,
} from './brands.js';
export { checkNotRevoked, isRevokedProxy, prototypeOf } from './chain.js';
export { isClassConstructor } from './names.js';
export { checkOptionKeys, closestName, optionKeys, UnknownOptionError } from './options.js';
