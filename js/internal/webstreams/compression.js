// Adapted from Node.js lib/internal/webstreams/compression.js (MIT license, Node.js contributors).
// CompressionStream / DecompressionStream over node:zlib streams. Decompression
// rejects bytes after the end of the compressed data (rejectGarbageAfterEnd).
// Lines before 24 have no 'brotli' format and report an unknown format with
// ERR_INVALID_ARG_VALUE('format', ...) as Node 22 does.
'use strict';

const {
  ObjectDefineProperties,
  SafeSet,
  SymbolToStringTag,
  TypeError,
} = primordials;

const adapters = require('internal/webstreams/adapters');
const { newReadableWritablePairFromDuplex } = adapters;

const { customInspect } = require('internal/webstreams/util');

const {
  isArrayBufferView,
  isSharedArrayBuffer,
} = require('internal/util/types');

const {
  customInspectSymbol: kInspect,
  kEmptyObject,
  kEnumerableProperty,
} = require('internal/util');

const {
  codes: {
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
  },
} = require('internal/errors');

let zlib;
function lazyZlib() {
  zlib ??= require('zlib');
  return zlib;
}

// Per the Compression Streams spec, chunks must be BufferSource
// (ArrayBuffer or ArrayBufferView not backed by SharedArrayBuffer).
function validateBufferSourceChunk(chunk) {
  if (isSharedArrayBuffer(isArrayBufferView(chunk) ? chunk.buffer : chunk)) {
    throw new ERR_INVALID_ARG_TYPE(
      'chunk',
      ['ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'],
      chunk,
    );
  }
}

// The adapter options Node passes, where internal/webstreams/adapters has them.
function pairOptions() {
  const { kValidateChunk, kDestroyOnSyncError } = adapters;
  if (kValidateChunk === undefined || kDestroyOnSyncError === undefined) return kEmptyObject;
  return { [kValidateChunk]: validateBufferSourceChunk, [kDestroyOnSyncError]: true };
}

// Node's internal/webidl createEnumConverter (with makeException's message).
function createEnumConverter(name, values) {
  const E = new SafeSet(values);
  return function(V, options = kEmptyObject) {
    const S = `${V}`;
    if (!E.has(S)) {
      const { prefix, context } = options;
      const message = `value '${S}' is not a valid enum value of type ${name}.`;
      const err = new TypeError(`${prefix ? prefix + ': ' : ''}${context ? context + ' ' : ''}${message}`);
      err.code = 'ERR_INVALID_ARG_VALUE';
      throw err;
    }
    return S;
  };
}

const formatConverter = createEnumConverter('CompressionFormat', [
  'deflate',
  'deflate-raw',
  'gzip',
  'brotli',
]);

let modernFormats;
function convertFormat(format, prefix) {
  modernFormats ??= require('internal/compat/profile').line() >= 24;
  if (modernFormats) {
    return formatConverter(format, { prefix, context: '1st argument' });
  }
  if (format !== 'deflate' && format !== 'deflate-raw' && format !== 'gzip') {
    throw new ERR_INVALID_ARG_VALUE('format', format);
  }
  return format;
}

/**
 * @typedef {import('./readablestream').ReadableStream} ReadableStream
 * @typedef {import('./writablestream').WritableStream} WritableStream
 */

class CompressionStream {
  #handle;
  #transform;

  /**
   * @param {'deflate'|'deflate-raw'|'gzip'|'brotli'} format
   */
  constructor(format) {
    format = convertFormat(format, "Failed to construct 'CompressionStream'");
    switch (format) {
      case 'deflate':
        this.#handle = lazyZlib().createDeflate();
        break;
      case 'deflate-raw':
        this.#handle = lazyZlib().createDeflateRaw();
        break;
      case 'gzip':
        this.#handle = lazyZlib().createGzip();
        break;
      case 'brotli':
        this.#handle = lazyZlib().createBrotliCompress();
        break;
    }
    this.#transform = newReadableWritablePairFromDuplex(this.#handle, pairOptions());
  }

  /**
   * @readonly
   * @type {ReadableStream}
   */
  get readable() {
    return this.#transform.readable;
  }

  /**
   * @readonly
   * @type {WritableStream}
   */
  get writable() {
    return this.#transform.writable;
  }

  [kInspect](depth, options) {
    return customInspect(depth, options, 'CompressionStream', {
      readable: this.#transform.readable,
      writable: this.#transform.writable,
    });
  }
}

class DecompressionStream {
  #handle;
  #transform;

  /**
   * @param {'deflate'|'deflate-raw'|'gzip'|'brotli'} format
   */
  constructor(format) {
    format = convertFormat(format, "Failed to construct 'DecompressionStream'");
    const options = { rejectGarbageAfterEnd: true };
    switch (format) {
      case 'deflate':
        this.#handle = lazyZlib().createInflate(options);
        break;
      case 'deflate-raw':
        this.#handle = lazyZlib().createInflateRaw(options);
        break;
      case 'gzip':
        this.#handle = lazyZlib().createGunzip(options);
        break;
      case 'brotli':
        this.#handle = lazyZlib().createBrotliDecompress(options);
        break;
    }
    this.#transform = newReadableWritablePairFromDuplex(this.#handle, pairOptions());
  }

  /**
   * @readonly
   * @type {ReadableStream}
   */
  get readable() {
    return this.#transform.readable;
  }

  /**
   * @readonly
   * @type {WritableStream}
   */
  get writable() {
    return this.#transform.writable;
  }

  [kInspect](depth, options) {
    return customInspect(depth, options, 'DecompressionStream', {
      readable: this.#transform.readable,
      writable: this.#transform.writable,
    });
  }
}

ObjectDefineProperties(CompressionStream.prototype, {
  readable: kEnumerableProperty,
  writable: kEnumerableProperty,
  [SymbolToStringTag]: {
    __proto__: null,
    configurable: true,
    value: 'CompressionStream',
  },
});

ObjectDefineProperties(DecompressionStream.prototype, {
  readable: kEnumerableProperty,
  writable: kEnumerableProperty,
  [SymbolToStringTag]: {
    __proto__: null,
    configurable: true,
    value: 'DecompressionStream',
  },
});

module.exports = {
  CompressionStream,
  DecompressionStream,
};
