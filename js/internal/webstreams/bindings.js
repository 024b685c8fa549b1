// The pieces of Node's native bindings (messaging, buffer, util, worker
// transfer) that lib/internal/webstreams uses, in JavaScript.
'use strict';

const {
  ArrayBufferPrototypeGetByteLength,
  Symbol,
  TypedArrayPrototypeSet,
  Uint8Array,
} = primordials;

const core = internalBinding('core');

let DOMException;
function lazyDOMException() {
  return (DOMException ??= require('internal/per_context/domexception').DOMException);
}

// internalBinding('buffer').copyArrayBuffer
function copyArrayBuffer(dest, destOffset, src, srcOffset, bytesToCopy) {
  TypedArrayPrototypeSet(new Uint8Array(dest, destOffset, bytesToCopy),
                         new Uint8Array(src, srcOffset, bytesToCopy));
}

// internalBinding('buffer').detachArrayBuffer: the contents moved to a new
// ArrayBuffer, the old one detached; undefined when it cannot be detached.
function detachArrayBuffer(buffer) {
  try {
    void ArrayBufferPrototypeGetByteLength(buffer);
    return buffer.transfer();
  } catch {
    return undefined;
  }
}

function structuredClone(value, options) {
  return core.structuredClone(value, options);
}

// internal/worker/js_transferable: nodus has no workers, so nothing is ever
// transferred; the markers exist so the classes keep Node's shape.
const kDeserialize = Symbol('kDeserialize');
const kTransfer = Symbol('kTransfer');
const kTransferList = Symbol('kTransferList');
const kClone = Symbol('kClone');
function makeTransferable(obj) {
  return obj;
}
function markTransferMode() {}

// internal/worker/io's MessageChannel, only needed to transfer a stream.
function lazyMessageChannel() {
  return require('worker_threads').MessageChannel;
}

module.exports = {
  get DOMException() { return lazyDOMException(); },
  copyArrayBuffer,
  detachArrayBuffer,
  structuredClone,
  kDeserialize,
  kTransfer,
  kTransferList,
  kClone,
  makeTransferable,
  markTransferMode,
  lazyMessageChannel,
};
