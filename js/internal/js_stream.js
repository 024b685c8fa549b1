// Adapted from Node.js src/js_stream.cc and src/stream_base.cc (MIT license,
// Node.js contributors).
// Node's internalBinding('js_stream').JSStream for nodus: a stream handle whose
// I/O is done by JavaScript. lib/net.js drives it as any StreamBase handle
// (readStart, writeBuffer, shutdown, onread); the handle forwards those calls
// to the `onreadstart`/`onreadstop`/`onwrite`/`onshutdown` functions its owner
// (internal/js_stream_socket) installs, and the owner reports back through
// readBuffer, emitEOF, finishWrite and finishShutdown.
'use strict';

const {
  FunctionPrototypeCall,
  MathMin,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSubarray,
} = primordials;

const { Buffer } = require('buffer');
const { UV_EOF } = require('internal/bindings/uv');
const {
  streamBaseState,
  kReadBytesOrError,
  kArrayBufferOffset,
  kBytesWritten,
  kLastWriteWasAsync,
} = require('internal/net/stream_wrap');
const {
  initAsyncResource,
  symbols: { async_id_symbol },
} = require('internal/async_hooks');
const { owner_symbol } = require('internal/bindings/symbols');

class JSStream {
  constructor() {
    this.onread = null;
    this.bytesRead = 0;
    this.bytesWritten = 0;
    this.isStreamBase = true;
    this[owner_symbol] = null;
    this._userBuffer = null;
    initAsyncResource(this, 'JSSTREAM');
  }

  getAsyncId() { return this[async_id_symbol]; }

  // A JS stream has no descriptor (StreamBase::GetFD's default).
  get fd() { return -1; }

  readStart() { return this.onreadstart(); }

  readStop() { return this.onreadstop(); }

  shutdown(req) { return this.onshutdown(req); }

  useUserBuffer(buf) { this._userBuffer = buf; }

  writeBuffer(req, data) { return this._write(req, [data]); }

  writev(req, chunks, allBuffers) {
    const bufs = [];
    if (allBuffers) {
      for (let i = 0; i < chunks.length; i++) bufs[i] = chunks[i];
    } else {
      for (let i = 0; i < chunks.length; i += 2) {
        const chunk = chunks[i];
        bufs[i >> 1] = typeof chunk === 'string' ? Buffer.from(chunk, chunks[i + 1]) : chunk;
      }
    }
    return this._write(req, bufs);
  }

  writeUtf8String(req, s) { return this._write(req, [Buffer.from(s, 'utf8')]); }

  writeAsciiString(req, s) { return this._write(req, [Buffer.from(s, 'latin1')]); }

  writeLatin1String(req, s) { return this._write(req, [Buffer.from(s, 'latin1')]); }

  writeUcs2String(req, s) { return this._write(req, [Buffer.from(s, 'utf16le')]); }

  // JSStream has no synchronous write: every write completes through finishWrite.
  // The chunks are copied, as JSStream::DoWrite does.
  _write(req, bufs) {
    let total = 0;
    const copies = [];
    for (let i = 0; i < bufs.length; i++) {
      copies[i] = Buffer.from(bufs[i]);
      total += copies[i].length;
    }
    streamBaseState[kBytesWritten] = total;
    streamBaseState[kLastWriteWasAsync] = 1;
    this.bytesWritten += total;
    return this.onwrite(req, copies);
  }

  finishWrite(req, status) {
    if (typeof req.oncomplete === 'function') FunctionPrototypeCall(req.oncomplete, req, status);
  }

  finishShutdown(req, status) {
    if (typeof req.oncomplete === 'function') FunctionPrototypeCall(req.oncomplete, req, status);
  }

  // Data the JS stream produced, delivered as a read of a native stream.
  readBuffer(chunk) {
    const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this._userBuffer !== null) {
      let off = 0;
      while (off < data.length) {
        const target = this._userBuffer;
        const n = MathMin(target.length, data.length - off);
        TypedArrayPrototypeSet(target, TypedArrayPrototypeSubarray(data, off, off + n));
        off += n;
        this._emitRead(n, target.buffer, target.byteOffset);
      }
      return;
    }
    const buf = Buffer.allocUnsafeSlow(data.length);
    TypedArrayPrototypeSet(buf, data);
    this._emitRead(buf.length, buf.buffer, 0);
  }

  emitEOF() {
    this._emitRead(UV_EOF, undefined, 0);
  }

  _emitRead(nread, arrayBuffer, offset) {
    if (nread > 0) this.bytesRead += nread;
    streamBaseState[kReadBytesOrError] = nread;
    streamBaseState[kArrayBufferOffset] = offset;
    if (typeof this.onread === 'function') FunctionPrototypeCall(this.onread, this, arrayBuffer);
  }
}

module.exports = { JSStream };
