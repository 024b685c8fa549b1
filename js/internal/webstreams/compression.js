// Adapted from Node.js lib/internal/webstreams/compression.js (MIT license, Node.js contributors).
// CompressionStream / DecompressionStream over node:zlib streams. Decompression
// rejects bytes after the end of the compressed data (rejectGarbageAfterEnd).
'use strict';

const {
  ObjectDefineProperties,
  SafeSet,
  SymbolToStringTag,
  TypeError,
} = primordials;

const {
  newReadableWritablePairFromDuplex,
} = require('internal/webstreams/adapters');

const { customInspect } = require('internal/webstreams/util');

const {
  customInspectSymbol: kInspect,
  kEmptyObject,
  kEnumerableProperty,
} = require('internal/util');

let zlib;
function lazyZlib() {
  zlib ??= require('zlib');
  return zlib;
}

// Node's internal/webidl createEnumConverter / makeException.
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
    format = formatConverter(format, {
      prefix: "Failed to construct 'CompressionStream'",
      context: '1st argument',
    });
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
    this.#transform = newReadableWritablePairFromDuplex(this.#handle);
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
    format = formatConverter(format, {
      prefix: "Failed to construct 'DecompressionStream'",
      context: '1st argument',
    });
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
    this.#transform = newReadableWritablePairFromDuplex(this.#handle);

    this.#handle.on('error', (err) => {
      if (this.#transform?.writable &&
        !this.#transform.writable.locked &&
        typeof this.#transform.writable.abort === 'function') {
        this.#transform.writable.abort(err);
      }
    });
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
