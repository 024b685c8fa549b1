// Adapted from Node.js src/node_util.cc (MIT license, Node.js contributors).
// Node's internalBinding('util') rebuilt on deno_core's introspection ops and
// `op_util_preview_entries` (src/ext/util).
'use strict';

const { ObjectFreeze, ObjectSetPrototypeOf } = primordials;
const core = internalBinding('core');
const ops = internalBinding('ops');

const constants = ObjectFreeze({
  __proto__: null,
  kPending: 0,
  kFulfilled: 1,
  kRejected: 2,
  // v8::PropertyFilter bits, as op_get_non_index_property_names reads them.
  ALL_PROPERTIES: 0,
  ONLY_WRITABLE: 1,
  ONLY_ENUMERABLE: 2,
  ONLY_CONFIGURABLE: 4,
  SKIP_STRINGS: 8,
  SKIP_SYMBOLS: 16,
  kDisallowCloneAndTransfer: 0,
  kTransferable: 1,
  kCloneable: 2,
});

// V8 private symbols, as in Node: usable as property keys, invisible to
// Reflect.ownKeys, proxies and inspect.
const privateSymbols = ObjectFreeze(ObjectSetPrototypeOf(ops.op_util_private_symbols([
  'arrow_message_private_symbol',
  'decorated_private_symbol',
  'contextify_context_private_symbol',
  'host_defined_option_symbol',
  'napi_type_tag',
  'napi_wrapper',
  'untransferable_object_private_symbol',
  'exit_info_private_symbol',
  'promise_trace_id',
]), null));

// [state] for a pending promise, [state, result] otherwise.
function getPromiseDetails(promise) {
  // Node answers undefined for anything but a promise.
  if (!core.isPromise(promise)) return undefined;
  const details = core.getPromiseDetails(promise);
  if (details[0] === constants.kPending) return [constants.kPending];
  return details;
}

// The target alone, or [target, handler] with `showProxy`; undefined if not a proxy.
function getProxyDetails(value, showProxy = true) {
  const details = core.getProxyDetails(value);
  if (details === null || details === undefined) return undefined;
  return showProxy ? details : details[0];
}

// As in Node, the arity decides the shape: previewEntries(value) gives the
// entries, previewEntries(value, anything) gives [entries, isKeyValue].
function previewEntries(value, isIterator) {
  if (ops.op_util_preview_entries === undefined) { // src/ext/util not registered
    return arguments.length >= 2 ? [[], false] : [];
  }
  return ops.op_util_preview_entries(value, arguments.length >= 2);
}

function getOwnNonIndexProperties(value, filter) {
  return ops.op_get_non_index_property_names(value, filter);
}

function getConstructorName(value) {
  return ops.op_get_constructor_name(value);
}

function getExternalValue() {
  return 0n;
}

function isInsideNodeModules() {
  return false;
}

function isArrayBufferDetached(value) {
  return value.detached === true;
}

function guessHandleType() {
  return 'UNKNOWN';
}

function sleep(ms) {
  const sab = new SharedArrayBuffer(4);
  Atomics.wait(new Int32Array(sab), 0, 0, ms);
}

module.exports = {
  constants,
  privateSymbols,
  getPromiseDetails,
  getProxyDetails,
  previewEntries,
  getOwnNonIndexProperties,
  getConstructorName,
  getExternalValue,
  isInsideNodeModules,
  isArrayBufferDetached,
  guessHandleType,
  sleep,
};
