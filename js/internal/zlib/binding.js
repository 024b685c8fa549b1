// Adapted from Node.js src/node_zlib.cc (MIT license, Node.js contributors).
// Node's internalBinding('zlib') over the `op_zlib_*` ops: the stream handle
// classes (Zlib, BrotliEncoder, BrotliDecoder, ZstdCompress, ZstdDecompress)
// with init/write/writeSync/params/reset/close, `crc32` and `ZLIB_VERSION`.
//
// A handle reports results as Node's does: `writeSync` fills the writeState
// Uint32Array ([availOut, availIn]); `write` runs off the event-loop thread and
// then calls the write callback with `this` = the handle; failures call
// `handle.onerror(message, errno, code)`.
'use strict';

const {
  PromisePrototypeThen,
  Symbol,
  TypeError,
  Uint8Array,
} = primordials;

const ops = internalBinding('ops');
const core = internalBinding('core');
const { isUint8Array, isArrayBufferView } = require('internal/util/types');
const {
  codes: { ERR_ZLIB_INITIALIZATION_FAILED },
} = require('internal/errors');

const kNative = Symbol('kNative');
const kWriteState = Symbol('kWriteState');
// The write state's bytes, for the async op (which takes byte views only).
const kWriteStateBytes = Symbol('kWriteStateBytes');
const kWriteCallback = Symbol('kWriteCallback');

let emptyBytes;
function bytes(view) {
  if (view === null || view === undefined) {
    emptyBytes ??= new Uint8Array(0);
    return emptyBytes;
  }
  if (isUint8Array(view)) return view;
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

let execution;
let compat;
function reportUncaught(result) {
  execution ??= require('internal/process/execution');
  execution.triggerUncaughtException(result[0], false, result);
}

// Node's MakeCallback: a throw from `fn` is an uncaught exception, not a
// rejection of the promise the async op resolved.
function makeCallback(fn, thisArg, args) {
  const result = ops.op_process_call_catching(fn, thisArg, args);
  if (result !== null) reportUncaught(result);
}

// Hands the error the last failed op left to `onerror`, if one is set yet
// (it is not while `init` runs, as in Node).
function emitError(handle, sync) {
  const err = ops.op_zlib_last_error(handle[kNative]);
  if (err === null || typeof handle.onerror !== 'function') return;
  if (sync) {
    handle.onerror(err[0], err[1], err[2]);
  } else {
    makeCallback(handle.onerror, handle, [err[0], err[1], err[2]]);
  }
}

function afterWrite(handle, ok, context) {
  const prev = core.getAsyncContext();
  core.setAsyncContext(context);
  try {
    if (ok) {
      makeCallback(handle[kWriteCallback], handle, []);
    } else {
      emitError(handle, false);
    }
  } finally {
    core.setAsyncContext(prev);
  }
}

function setWriteState(handle, writeState, writeCallback) {
  handle[kWriteState] = writeState;
  handle[kWriteStateBytes] = bytes(writeState);
  handle[kWriteCallback] = writeCallback;
}

class CompressionStream {
  constructor(mode) {
    this[kNative] = ops.op_zlib_new(mode);
    this[kWriteState] = null;
    this[kWriteStateBytes] = null;
    this[kWriteCallback] = null;
  }

  close() {
    ops.op_zlib_close(this[kNative]);
  }

  reset() {
    if (!ops.op_zlib_reset(this[kNative])) emitError(this, true);
  }

  // write(flush, in, in_off, in_len, out, out_off, out_len)
  writeSync(flush, input, inOff, inLen, out, outOff, outLen) {
    if (!ops.op_zlib_write_sync(this[kNative], flush, bytes(input), inOff, inLen,
                                bytes(out), outOff, outLen, this[kWriteState])) {
      emitError(this, true);
    }
  }

  write(flush, input, inOff, inLen, out, outOff, outLen) {
    const context = core.getAsyncContext();
    PromisePrototypeThen(
      ops.op_zlib_write_async(this[kNative], flush, bytes(input), inOff, inLen,
                              bytes(out), outOff, outLen, this[kWriteStateBytes]),
      (ok) => afterWrite(this, ok, context));
  }

  params() {}
}

class Zlib extends CompressionStream {
  // init(windowBits, level, memLevel, strategy, writeResult, writeCallback,
  //      dictionary, rejectGarbageAfterEnd)
  init(windowBits, level, memLevel, strategy, writeState, writeCallback, dictionary,
       rejectGarbageAfterEnd) {
    setWriteState(this, writeState, writeCallback);
    ops.op_zlib_init(this[kNative], windowBits, level, memLevel, strategy,
                     isArrayBufferView(dictionary) ? bytes(dictionary) : bytes(null),
                     rejectGarbageAfterEnd === true);
  }

  params(level, strategy) {
    if (!ops.op_zlib_params(this[kNative], level, strategy)) emitError(this, true);
  }
}

class BrotliCompressionStream extends CompressionStream {
  // init(params, writeResult, writeCallback[, dictionary])
  init(params, writeState, writeCallback, dictionary) {
    setWriteState(this, writeState, writeCallback);
    if (!ops.op_zlib_init_brotli(this[kNative], params,
                                 isArrayBufferView(dictionary) ? bytes(dictionary) : bytes(null))) {
      emitError(this, true);
      throw new ERR_ZLIB_INITIALIZATION_FAILED('Initialization failed');
    }
  }
}

class BrotliEncoder extends BrotliCompressionStream {}
class BrotliDecoder extends BrotliCompressionStream {}

function invalidArgValue(message) {
  // Thrown by Node's binding (THROW_ERR_INVALID_ARG_VALUE): the message as given.
  const err = new TypeError(message);
  err.code = 'ERR_INVALID_ARG_VALUE';
  return err;
}

class ZstdStream extends CompressionStream {
  // init(params, pledgedSrcSize, writeResult, writeCallback[, dictionary[,
  //      rejectGarbageAfterEnd]]): trailing bytes are found by the caller from
  //      availIn, so the flag needs nothing here.
  init(params, pledgedSrcSize, writeState, writeCallback, dictionary) {
    setWriteState(this, writeState, writeCallback);
    let pledged = -1;
    if (typeof pledgedSrcSize === 'number') {
      pledged = pledgedSrcSize < 0 ? pledgedSrcSize : (pledgedSrcSize - pledgedSrcSize % 1) || 0;
      if (pledged < 0) throw invalidArgValue('pledgedSrcSize may not be negative');
    }
    if (dictionary !== undefined && !isArrayBufferView(dictionary)) {
      const err = new TypeError('dictionary must be an ArrayBufferView if provided');
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    // Node 26 reads on into a following frame; older lines stop at the first.
    compat ??= require('internal/compat/profile');
    const concatenated = compat.line() >= 26;
    if (!ops.op_zlib_init_zstd(this[kNative], params, pledged, bytes(dictionary), concatenated)) {
      const err = ops.op_zlib_last_error(this[kNative]);
      if (typeof this.onerror === 'function') this.onerror(err[0], err[1], err[2]);
      throw new ERR_ZLIB_INITIALIZATION_FAILED(err[0]);
    }
  }
}

class ZstdCompress extends ZstdStream {
  constructor() {
    super(10);
  }
}

class ZstdDecompress extends ZstdStream {
  constructor() {
    super(11);
  }
}

function crc32(data, value) {
  if (typeof data === 'string') return ops.op_zlib_crc32_string(data, value);
  return ops.op_zlib_crc32(bytes(data), value);
}

let zlibVersion;

module.exports = {
  Zlib,
  BrotliEncoder,
  BrotliDecoder,
  ZstdCompress,
  ZstdDecompress,
  crc32,
  get ZLIB_VERSION() {
    zlibVersion ??= ops.op_zlib_version();
    return zlibVersion;
  },
};
