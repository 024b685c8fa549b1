// Adapted from Node.js src/node_types.cc (MIT license, Node.js contributors).
// Node's internalBinding('types'): V8's type checks, through deno_core's ops.
'use strict';

const core = internalBinding('core');

module.exports = {
  isExternal: () => false,
  isDate: core.isDate,
  isArgumentsObject: core.isArgumentsObject,
  isBigIntObject: core.isBigIntObject,
  isBooleanObject: core.isBooleanObject,
  isNumberObject: core.isNumberObject,
  isStringObject: core.isStringObject,
  isSymbolObject: core.isSymbolObject,
  isNativeError: core.isNativeError,
  isRegExp: core.isRegExp,
  isAsyncFunction: core.isAsyncFunction,
  isGeneratorFunction: core.isGeneratorFunction,
  isGeneratorObject: core.isGeneratorObject,
  isPromise: core.isPromise,
  isMap: core.isMap,
  isSet: core.isSet,
  isMapIterator: core.isMapIterator,
  isSetIterator: core.isSetIterator,
  isWeakMap: core.isWeakMap,
  isWeakSet: core.isWeakSet,
  isArrayBuffer: core.isArrayBuffer,
  isDataView: core.isDataView,
  isSharedArrayBuffer: core.isSharedArrayBuffer,
  isProxy: core.isProxy,
  isModuleNamespaceObject: core.isModuleNamespaceObject,
  isAnyArrayBuffer: core.isAnyArrayBuffer,
  isBoxedPrimitive: core.isBoxedPrimitive,
};
