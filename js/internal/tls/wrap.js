// Adapted from Node.js src/crypto/crypto_tls.cc and lib/_tls_wrap.js (MIT
// license, Node.js contributors).
// Node's internalBinding('tls_wrap').TLSWrap for nodus: a stream handle that
// sits on a parent stream handle (a TCP/Pipe handle or a JSStream), takes its
// ciphertext through the parent's `onread`, runs it through the TLS engine
// (the `op_tls_conn_*` ops, memory buffers in place of BIOs) and hands the
// cleartext to its own `onread`, the way lib/net.js expects a handle to.
'use strict';

const {
  ArrayPrototypePush,
  ArrayPrototypeShift,
  ObjectDefineProperty,
  Symbol,
  Uint8Array,
} = primordials;

const ops = internalBinding('ops');
const { Buffer } = require('buffer');
const { UV_EOF, UV_EBADF } = require('internal/bindings/uv');
const {
  streamBaseState, kReadBytesOrError, kArrayBufferOffset, kBytesWritten, kLastWriteWasAsync,
  makeCallback,
} = require('internal/net/stream_wrap');
const { owner_symbol } = require('internal/bindings/symbols');

const kConn = Symbol('kConn');
const kPending = Symbol('kPending');
const kReading = Symbol('kReading');
const kDone = Symbol('kDone');
const kClosed = Symbol('kClosed');
const kEofSeen = Symbol('kEofSeen');
const kOutQueue = Symbol('kOutQueue');
const kOutBusy = Symbol('kOutBusy');

function noop() {}

function sslError(info) {
  const err = new Error(info.message);
  if (info.library) err.library = info.library;
  if (info.reason) err.reason = info.reason;
  if (info.code) err.code = info.code;
  return err;
}

class TLSWrap {
  constructor(parent, context, isServer) {
    this._parent = parent;
    this[kConn] = ops.op_tls_conn_new(context.handle, !!isServer);
    this[kPending] = [];
    this[kReading] = false;
    this[kDone] = false;
    this[kClosed] = false;
    this[kEofSeen] = false;
    this[kOutQueue] = [];
    this[kOutBusy] = false;
    this.isServer = !!isServer;
    this.isStreamBase = true;
    this.onread = null;
    this.writeQueueSize = 0;
    this.reading = false;
    this[owner_symbol] = null;
    // The parent's reads come here now (Node's TLSWrap is the parent's
    // StreamListener).
    parent.onread = (arrayBuffer) => this._onParentRead(arrayBuffer);
  }

  getProviderType() { return 'TLSWRAP'; }
  getAsyncId() { return this._parent.getAsyncId?.() ?? -1; }
  asyncReset(resource) { this._parent.asyncReset?.(resource); }
  get fd() { return this._parent.fd; }
  get bytesRead() { return this._parent.bytesRead; }
  get bytesWritten() { return this._parent.bytesWritten; }

  // --- the TLS side (TLSWrap's own methods) ----------------------------------

  setVerifyMode(requestCert, rejectUnauthorized) {
    ops.op_tls_conn_set_verify(this[kConn], !!requestCert, !!rejectUnauthorized);
  }

  setServername(name) { ops.op_tls_conn_set_servername(this[kConn], name); }

  setALPNProtocols(protocols) { ops.op_tls_conn_set_alpn(this[kConn], protocols); }

  setSession(session) {
    if (!ops.op_tls_conn_set_session(this[kConn], session)) {
      const { codes: { ERR_INVALID_ARG_VALUE } } = require('internal/errors');
      throw new ERR_INVALID_ARG_VALUE('session', session);
    }
  }

  getSession() {
    const s = ops.op_tls_conn_get_session(this[kConn]);
    return s ? Buffer.from(s.buffer, s.byteOffset, s.length) : undefined;
  }

  isSessionReused() { return ops.op_tls_conn_info(this[kConn]).sessionReused; }

  info() { return ops.op_tls_conn_info(this[kConn]); }

  getPeerCertificate(detailed) { return ops.op_tls_conn_peer_certificate(this[kConn], !!detailed); }

  getCertificate() { return ops.op_tls_conn_certificate(this[kConn]); }

  verifyError() {
    const info = ops.op_tls_conn_info(this[kConn]);
    if (!info.verifyError) return null;
    const err = new Error(info.verifyMessage);
    err.code = info.verifyError;
    return err;
  }

  // Client side: sends the ClientHello.
  start() {
    const r = ops.op_tls_conn_start(this[kConn]);
    this._afterEngine(r);
  }

  destroySSL() {}

  // --- stream plumbing -------------------------------------------------------

  // Ciphertext goes to the parent one write at a time (a JSStream takes one
  // request at a time, as Node's TLSWrap keeps one write in flight).
  _sendOut(onDone) {
    const out = ops.op_tls_conn_take_out(this[kConn]);
    if (out.length === 0 && this[kOutQueue].length === 0 && !this[kOutBusy]) {
      if (onDone) onDone(0, true);
      return;
    }
    if (out.length === 0) {
      // Nothing new to send: complete after what is queued.
      ArrayPrototypePush(this[kOutQueue], { buf: null, onDone });
    } else {
      ArrayPrototypePush(this[kOutQueue], { buf: Buffer.from(out.buffer, out.byteOffset, out.length), onDone });
    }
    if (!this[kOutBusy]) this._pumpOut(true);
  }

  _pumpOut(sync) {
    const q = this[kOutQueue];
    while (q.length > 0) {
      const item = q[0];
      if (item.buf === null) {
        ArrayPrototypeShift(q);
        if (item.onDone) item.onDone(0, sync);
        continue;
      }
      const parent = this._parent;
      this[kOutBusy] = true;
      let completed = false;
      let async = false;
      const req = {
        oncomplete: (status) => {
          completed = true;
          this[kOutBusy] = false;
          ArrayPrototypeShift(q);
          if (item.onDone) item.onDone(status, false);
          if (async) this._pumpOut(false);
        },
        handle: parent,
      };
      const err = parent.writeBuffer(req, item.buf);
      if (err !== 0) {
        this[kOutBusy] = false;
        ArrayPrototypeShift(q);
        if (item.onDone) item.onDone(err, sync);
        continue;
      }
      // A JSStream always completes through finishWrite (and its inner
      // stream's write may have reused streamBaseState meanwhile).
      if (!streamBaseState[kLastWriteWasAsync] && typeof parent.finishWrite !== 'function') {
        if (!completed) {
          this[kOutBusy] = false;
          ArrayPrototypeShift(q);
          if (item.onDone) item.onDone(0, sync);
        }
        continue;
      }
      if (completed) continue;
      async = true;
      return;
    }
  }

  _afterEngine(r) {
    this._takeEvents();
    if (r === -1) {
      this._sendOut(null);
      const info = ops.op_tls_conn_error(this[kConn]);
      const err = sslError(info || { message: 'TLS error' });
      if (typeof this.onerror === 'function') this.onerror(err);
      return false;
    }
    this._sendOut(null);
    if (r === 1) {
      this[kDone] = true;
      if (typeof this.onhandshakedone === 'function') this.onhandshakedone();
      this._flushPending();
      this._takeEvents();
    }
    return true;
  }

  _takeEvents() {
    const ev = ops.op_tls_conn_take_events(this[kConn]);
    if (!ev) return;
    const owner = this[owner_symbol];
    for (let i = 0; i < ev.keylog.length; i++) {
      if (typeof this.onkeylog === 'function') this.onkeylog(Buffer.from(ev.keylog[i] + '\n'));
    }
    for (let i = 0; i < ev.sessions.length; i++) {
      const s = ev.sessions[i];
      if (typeof this.onnewsession === 'function')
        this.onnewsession(Buffer.from(s.buffer, s.byteOffset, s.length));
    }
    return owner;
  }

  _onParentRead(arrayBuffer) {
    const nread = streamBaseState[kReadBytesOrError];
    if (this[kClosed]) return;
    if (nread < 0) {
      this[kEofSeen] = true;
      this._emitRead(nread, undefined);
      return;
    }
    const offset = streamBaseState[kArrayBufferOffset];
    this._onParentReadBuffer(new Uint8Array(arrayBuffer, offset, nread));
  }

  // Ciphertext from the transport.
  _onParentReadBuffer(data) {
    if (!this[kDone] && this.isServer && !this._started) {
      this._started = true;
      if (typeof this.onhandshakestart === 'function') this.onhandshakestart();
    }
    const r = ops.op_tls_conn_feed(this[kConn], data);
    if (!this._afterEngine(r)) return;
    const clear = ops.op_tls_conn_read(this[kConn]);
    if (clear.length > 0 && !this[kClosed]) this._emitRead(clear.length, clear);
    if (r === 2 && !this[kClosed]) this._emitRead(UV_EOF, undefined);
  }

  _emitRead(nread, buf) {
    const onread = this.onread;
    if (typeof onread !== 'function') return;
    streamBaseState[kReadBytesOrError] = nread;
    streamBaseState[kArrayBufferOffset] = buf !== undefined ? buf.byteOffset : 0;
    onread.call(this, buf !== undefined ? buf.buffer : undefined);
  }

  readStart() {
    if (this[kClosed]) return UV_EBADF;
    this[kReading] = true;
    this.reading = true;
    return this._parent.readStart();
  }

  readStop() {
    if (this[kClosed]) return UV_EBADF;
    this[kReading] = false;
    this.reading = false;
    // Keep reading while the handshake runs: the peer waits for us.
    if (!this[kDone]) return 0;
    return this._parent.readStop();
  }

  writeBuffer(req, data) { return this._write(req, data); }

  writev(req, chunks, allBuffers) {
    const list = [];
    let total = 0;
    if (allBuffers) {
      for (let i = 0; i < chunks.length; i++) {
        ArrayPrototypePush(list, chunks[i]);
        total += chunks[i].length;
      }
    } else {
      for (let i = 0; i < chunks.length; i += 2) {
        const chunk = chunks[i];
        const b = typeof chunk === 'string' ? Buffer.from(chunk, chunks[i + 1]) : chunk;
        ArrayPrototypePush(list, b);
        total += b.length;
      }
    }
    return this._write(req, Buffer.concat(list, total));
  }

  writeUtf8String(req, s) { return this._write(req, Buffer.from(s, 'utf8')); }
  writeAsciiString(req, s) { return this._write(req, Buffer.from(s, 'latin1')); }
  writeLatin1String(req, s) { return this._write(req, Buffer.from(s, 'latin1')); }
  writeUcs2String(req, s) { return this._write(req, Buffer.from(s, 'utf16le')); }

  _write(req, buf) {
    if (this[kClosed]) return UV_EBADF;
    if (!this[kDone]) {
      // Cleartext written before the handshake waits for it (Node's
      // pending_cleartext_input_).
      ArrayPrototypePush(this[kPending], { req, buf });
      this.writeQueueSize += buf.length;
      streamBaseState[kBytesWritten] = buf.length;
      streamBaseState[kLastWriteWasAsync] = 1;
      return 0;
    }
    if (ops.op_tls_conn_write(this[kConn], buf) < 0) {
      const info = ops.op_tls_conn_error(this[kConn]);
      if (typeof this.onerror === 'function') this.onerror(sslError(info || { message: 'TLS error' }));
      streamBaseState[kBytesWritten] = buf.length;
      streamBaseState[kLastWriteWasAsync] = 0;
      return 0;
    }
    let sync = false;
    let result = 0;
    this.writeQueueSize += buf.length;
    this._sendOut((status, wasSync) => {
      this.writeQueueSize -= buf.length;
      if (wasSync) {
        sync = true;
        result = status;
        return;
      }
      req.oncomplete.call(req, status);
    });
    streamBaseState[kBytesWritten] = buf.length;
    streamBaseState[kLastWriteWasAsync] = sync ? 0 : 1;
    return sync ? result : 0;
  }

  _flushPending() {
    const pending = this[kPending];
    if (pending.length === 0) return;
    this[kPending] = [];
    let total = 0;
    for (let i = 0; i < pending.length; i++) {
      total += pending[i].buf.length;
      if (ops.op_tls_conn_write(this[kConn], pending[i].buf) < 0) break;
    }
    this._sendOut((status) => {
      this.writeQueueSize -= total;
      for (let i = 0; i < pending.length; i++) {
        const { req } = pending[i];
        // The completions are always asynchronous here (the write was queued).
        process.nextTick(() => req.oncomplete.call(req, status));
      }
    });
  }

  shutdown(req) {
    if (this[kClosed]) return UV_EBADF;
    ops.op_tls_conn_shutdown(this[kConn]);
    this._sendOut(null);
    const parentReq = {
      oncomplete: (status) => req.oncomplete.call(req, status),
      handle: this._parent,
    };
    return this._parent.shutdown(parentReq);
  }

  getWriteQueueSize() { return this.writeQueueSize; }

  close(cb) {
    if (this[kClosed]) return;
    this[kClosed] = true;
    let ssl;
    const owner = this[owner_symbol];
    if (owner) {
      ssl = owner.ssl;
      owner.ssl = null;
    }
    const done = () => {
      if (ssl) ssl.destroySSL();
      if (typeof cb === 'function') cb();
    };
    if (this._parentWrap && this._parentWrap._handle === this._parent) {
      this._parentWrap.once('close', done);
      this._parentWrap.destroy();
      return;
    }
    this._parent.close(done);
  }
}

// Methods and state that belong to the transport (Node's proxiedMethods).
const proxiedMethods = [
  'ref', 'unref', 'open', 'bind', 'listen', 'connect', 'bind6',
  'connect6', 'getsockname', 'getpeername', 'setNoDelay', 'setKeepAlive',
  'setSimultaneousAccepts', 'setBlocking', 'setPendingInstances', 'hasRef',
  'reset', 'setTypeOfService', 'getTypeOfService', 'useUserBuffer',
];
for (const name of proxiedMethods) {
  ObjectDefineProperty(TLSWrap.prototype, name, {
    __proto__: null,
    configurable: true,
    writable: true,
    value: function(...args) {
      const fn = this._parent[name];
      if (typeof fn !== 'function') return undefined;
      return fn.apply(this._parent, args);
    },
  });
}

module.exports = { TLSWrap, noop };
