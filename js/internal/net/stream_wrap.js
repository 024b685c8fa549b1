// Adapted from Node.js src/handle_wrap.cc, src/stream_wrap.cc and
// src/stream_base.cc (MIT license, Node.js contributors).
// Node's internalBinding('stream_wrap') for nodus: libuv-shaped stream handles
// over the `op_net_*` ops. A handle owns one native resource (a rid); its
// methods return 0 or a negative libuv error code, and it reports back through
// `onread`, `onconnection` and the `oncomplete` of request objects, as Node's
// C++ handles do, so lib/net.js and lib/internal/stream_base_commons.js work
// on it unchanged.
'use strict';

const {
  ArrayPrototypePush,
  ArrayPrototypeShift,
  FunctionPrototypeCall,
  Int32Array,
  MathMin,
  PromisePrototypeThen,
  PromiseResolve,
  Symbol,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSubarray,
} = primordials;

const core = internalBinding('core');
const ops = internalBinding('ops');
const { Buffer } = require('buffer');
const { UV_EOF, UV_EBADF, UV_ECANCELED, UV_EMFILE, UV_ENFILE } = require('internal/bindings/uv');
const { setTimeout } = require('timers');
const { callUserCallback, Immediate } = require('internal/timers');
const {
  initAsyncResource, emitBefore, emitAfter, emitDestroy, destroyHooksExist, newAsyncId,
  getDefaultTriggerAsyncId, initHooksExist, emitInit, defaultTriggerAsyncIdScope,
  symbols: { async_id_symbol, trigger_async_id_symbol },
} = require('internal/async_hooks');
const { owner_symbol } = require('internal/bindings/symbols');
const { handles: activeHandles } = require('internal/process/active_resources');
const { isUint8Array } = require('internal/util/types');

// StreamBase's shared state fields (src/stream_base.h).
const kReadBytesOrError = 0;
const kArrayBufferOffset = 1;
const kBytesWritten = 2;
const kLastWriteWasAsync = 3;
const streamBaseState = new Int32Array(5);

const kRid = Symbol('kRid');
const kClosed = Symbol('kClosed');
const kRefed = Symbol('kRefed');
const kContext = Symbol('kContext');
const kReading = Symbol('kReading');
const kReadPromise = Symbol('kReadPromise');
const kStash = Symbol('kStash');
const kEof = Symbol('kEof');
const kWriteQueue = Symbol('kWriteQueue');
const kPendingShutdown = Symbol('kPendingShutdown');
const kAcceptPromise = Symbol('kAcceptPromise');
const kOnReadDone = Symbol('kOnReadDone');
const kOnReadFailed = Symbol('kOnReadFailed');

/**
 * Runs a callback the way Node's MakeCallback does: a throw becomes an
 * 'uncaughtException', and the nextTick queue is drained afterwards.
 */
function makeCallback(handle, fn, thisArg, args) {
  if (typeof fn !== 'function') return;
  // The handle is the async resource the callback runs in (AsyncWrap).
  const asyncId = handle[async_id_symbol];
  emitBefore(asyncId, handle[trigger_async_id_symbol], handle);
  callUserCallback(fn, thisArg, args, handle[kContext]);
  emitAfter(asyncId);
  core.runNextTicks();
}

function newAcceptedHandle(server, rid) {
  const prev = core.getAsyncContext();
  core.setAsyncContext(undefined);
  try {
    return new server.constructor(0, rid);
  } finally {
    core.setAsyncContext(prev);
  }
}

function providerTypeOf(handle) {
  return handle.getProviderType();
}

// The errno of a failed op (SysError carries libuv's negative number); any
// other exception is a bug and goes on up.
function errnoOf(err) {
  if (typeof err?.errno !== 'number' || typeof err.syscall !== 'string') throw err;
  return err.errno;
}

// The byte length of writev's chunks.
function writevLength(chunks, allBuffers) {
  let total = 0;
  if (allBuffers) {
    for (let i = 0; i < chunks.length; i++) total += chunks[i].length;
  } else {
    for (let i = 0; i < chunks.length; i += 2) {
      const chunk = chunks[i];
      total += typeof chunk === 'string' ? Buffer.byteLength(chunk, chunks[i + 1]) : chunk.length;
    }
  }
  return total;
}

/** Node's HandleWrap: close, ref/unref, async id. */
class HandleWrap {
  // `type` (TCP/Pipe's SOCKET or SERVER) is set first: the init hook reads it.
  constructor(rid, type) {
    if (type !== undefined) this.type = type;
    this[kRid] = rid === undefined ? ops.op_net_new() : rid;
    this[kClosed] = false;
    this[kRefed] = true;
    this[kContext] = core.getAsyncContext();
    this[owner_symbol] = null;
    initAsyncResource(this, providerTypeOf);
    activeHandles.add(this);
  }

  getAsyncId() { return this[async_id_symbol]; }

  // A reused handle (http.Agent's keep-alive sockets) becomes a new async
  // resource in the current async context, as Node's AsyncWrap::AsyncReset.
  asyncReset(resource) {
    if (destroyHooksExist()) emitDestroy(this[async_id_symbol]);
    this[kContext] = core.getAsyncContext();
    const asyncId = this[async_id_symbol] = newAsyncId();
    const triggerAsyncId = this[trigger_async_id_symbol] = getDefaultTriggerAsyncId();
    if (initHooksExist()) emitInit(asyncId, this.getProviderType(), triggerAsyncId, resource ?? this);
  }

  // The descriptor (libuv's uv_fileno), -1 before there is a socket or after close.
  get fd() {
    return this[kClosed] ? -1 : ops.op_net_fd(this[kRid]);
  }

  getProviderType() { return 0; }

  close(cb) {
    if (this[kClosed]) return;
    this[kClosed] = true;
    activeHandles.delete(this);
    ops.op_net_close(this[kRid], false);
    if (destroyHooksExist()) emitDestroy(this[async_id_symbol]);
    this._onClosed();
    // Close callbacks run after the I/O of the current loop turn, as libuv's do.
    new Immediate(() => {
      if (typeof cb === 'function') makeCallback(this, cb, this, []);
    });
  }

  _onClosed() {}

  ref() {
    if (this[kClosed]) return;
    this[kRefed] = true;
    this._updateRef();
  }

  unref() {
    if (this[kClosed]) return;
    this[kRefed] = false;
    this._updateRef();
  }

  hasRef() {
    return this[kRefed] && !this[kClosed];
  }

  _updateRef() {
    const p = this[kAcceptPromise];
    if (p) {
      if (this[kRefed]) core.refOpPromise(p); else core.unrefOpPromise(p);
    }
  }

  // --- servers -------------------------------------------------------------

  listen(backlog) {
    if (this[kClosed]) return UV_EBADF;
    try {
      // libuv's Int32Value: a missing backlog is 0.
      ops.op_net_listen(this[kRid], backlog | 0);
    } catch (err) {
      return errnoOf(err);
    }
    this._accept();
    return 0;
  }

  _accept() {
    const p = ops.op_net_accept(this[kRid]);
    this[kAcceptPromise] = p;
    if (!this[kRefed]) core.unrefOpPromise(p);
    PromisePrototypeThen(p, (rid) => {
      this[kAcceptPromise] = null;
      if (this[kClosed]) {
        ops.op_net_close(rid, false);
        return;
      }
      // As Node's: triggered by the server, in no async context of its own.
      const client = defaultTriggerAsyncIdScope(this[async_id_symbol], newAcceptedHandle, this, rid);
      makeCallback(this, this.onconnection, this, [0, client]);
      if (!this[kClosed]) this._accept();
    }, (err) => {
      this[kAcceptPromise] = null;
      if (this[kClosed]) return;
      const errno = errnoOf(err);
      makeCallback(this, this.onconnection, this, [errno]);
      if (this[kClosed]) return;
      if (errno === UV_EMFILE || errno === UV_ENFILE) {
        // Out of descriptors: accepting again at once would spin; wait a little.
        const t = setTimeout(() => { if (!this[kClosed]) this._accept(); }, 50);
        if (!this[kRefed]) t.unref();
      } else {
        this._accept();
      }
    });
  }
}

class WriteWrap {}
class ShutdownWrap {}

/**
 * Node's LibuvStreamWrap + StreamBase: reading, writing and shutdown.
 */
class LibuvStreamWrap extends HandleWrap {
  constructor(rid, type) {
    super(rid, type);
    this.onread = null;
    this.bytesRead = 0;
    this.bytesWritten = 0;
    this.writeQueueSize = 0;
    this.isStreamBase = true;
    this[kReading] = false;
    this[kReadPromise] = null;
    this[kStash] = null;
    this[kEof] = false;
    this[kWriteQueue] = [];
    this[kPendingShutdown] = null;
    this[kOnReadDone] = undefined;
    this[kOnReadFailed] = undefined;
  }

  _updateRef() {
    super._updateRef();
    const p = this[kReadPromise];
    if (p) {
      if (this[kRefed] && this[kReading]) core.refOpPromise(p); else core.unrefOpPromise(p);
    }
  }

  readStart() {
    if (this[kClosed]) return UV_EBADF;
    this[kReading] = true;
    const stash = this[kStash];
    if (stash !== null) {
      // Data that arrived while reading was stopped is delivered now (on a
      // later microtask, never from inside readStart).
      this[kStash] = null;
      PromisePrototypeThen(PromiseResolve(), () => {
        if (this[kClosed]) return;
        if (!this[kReading]) {
          this[kStash] = stash;
          return;
        }
        this._deliver(stash.nread, stash.buf);
      });
    } else if (this[kReadPromise] !== null) {
      if (this[kRefed]) core.refOpPromise(this[kReadPromise]);
    } else if (!this[kEof]) {
      this._readNext();
    }
    return 0;
  }

  readStop() {
    if (this[kClosed]) return UV_EBADF;
    this[kReading] = false;
    // A stream that is not reading must not keep the process alive.
    if (this[kReadPromise] !== null) core.unrefOpPromise(this[kReadPromise]);
    return 0;
  }

  _readNext() {
    const p = ops.op_net_read(this[kRid]);
    this[kReadPromise] = p;
    if (!this[kRefed]) core.unrefOpPromise(p);
    // The reactions are made once per handle, not once per read.
    if (this[kOnReadDone] === undefined) {
      this[kOnReadDone] = (buf) => {
        this[kReadPromise] = null;
        if (this[kClosed]) return;
        this._arrived(buf.length === 0 ? UV_EOF : buf.length, buf);
      };
      this[kOnReadFailed] = (err) => {
        this[kReadPromise] = null;
        if (this[kClosed]) return;
        this._arrived(errnoOf(err), undefined);
      };
    }
    PromisePrototypeThen(p, this[kOnReadDone], this[kOnReadFailed]);
  }

  _arrived(nread, buf) {
    if (nread < 0) this[kEof] = true;
    if (!this[kReading]) {
      this[kStash] = { nread, buf };
      return;
    }
    this._deliver(nread, buf);
  }

  _deliver(nread, buf) {
    if (nread > 0 && this._userBuffer) {
      this._deliverToUserBuffer(buf);
    } else {
      this._emitRead(nread, buf);
    }
    if (!this[kClosed] && this[kReading] && !this[kEof] && this[kReadPromise] === null &&
        this[kStash] === null) {
      this._readNext();
    }
  }

  // With `onread: { buffer }` the data goes into the user's buffer, in as many
  // calls as it takes; onread may hand back the next buffer to fill.
  _deliverToUserBuffer(buf) {
    let off = 0;
    while (off < buf.length && !this[kClosed]) {
      const target = this._userBuffer;
      const n = MathMin(target.length, buf.length - off);
      TypedArrayPrototypeSet(target, TypedArrayPrototypeSubarray(buf, off, off + n));
      off += n;
      this.bytesRead += n;
      streamBaseState[kReadBytesOrError] = n;
      streamBaseState[kArrayBufferOffset] = target.byteOffset;
      const next = this._callOnread(target.buffer);
      if (isUint8Array(next)) this._userBuffer = next;
      if (!this[kReading] && off < buf.length) {
        // The consumer stopped reading: keep the rest for readStart().
        this[kStash] = { nread: buf.length - off, buf: TypedArrayPrototypeSubarray(buf, off) };
        return;
      }
    }
  }

  _callOnread(arrayBuffer) {
    let ret;
    const onread = this.onread;
    if (typeof onread !== 'function') return ret;
    makeCallback(this, function() { ret = FunctionPrototypeCall(onread, this, arrayBuffer); }, this, []);
    return ret;
  }

  _emitRead(nread, buf) {
    if (nread > 0) this.bytesRead += nread;
    streamBaseState[kReadBytesOrError] = nread;
    streamBaseState[kArrayBufferOffset] = buf !== undefined ? buf.byteOffset : 0;
    makeCallback(this, this.onread, this, [buf !== undefined ? buf.buffer : undefined]);
  }

  // `onread: { buffer }`: later reads are copied into `buf` (see _deliver).
  useUserBuffer(buf) {
    this._userBuffer = buf;
  }

  // --- writing -------------------------------------------------------------

  writeBuffer(req, data) {
    return this._write(req, data);
  }

  writev(req, chunks, allBuffers) {
    if (this[kClosed]) return UV_EBADF;
    if (this[kWriteQueue].length === 0) {
      // Gathered and sent by the op when nothing is queued (NaN: it left the
      // chunks alone, for an encoding only Buffer.from knows).
      let r;
      try {
        r = ops.op_net_try_writev(this[kRid], chunks, allBuffers);
      } catch (err) {
        const total = writevLength(chunks, allBuffers);
        streamBaseState[kBytesWritten] = total;
        this.bytesWritten += total;
        streamBaseState[kLastWriteWasAsync] = 0;
        return errnoOf(err);
      }
      if (r >= 0) {
        streamBaseState[kBytesWritten] = r;
        this.bytesWritten += r;
        streamBaseState[kLastWriteWasAsync] = 0;
        return 0;
      }
      if (r === r) return this._queueRest(req, this._gather(chunks, allBuffers), -r - 1);
    }
    return this._write(req, this._gather(chunks, allBuffers));
  }

  _gather(chunks, allBuffers) {
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
    return Buffer.concat(list, total);
  }

  // Bookkeeping of a write the kernel took `n` bytes of at once: the rest
  // of `buf` is queued.
  _queueRest(req, buf, n) {
    streamBaseState[kBytesWritten] = buf.length;
    this.bytesWritten += buf.length;
    streamBaseState[kLastWriteWasAsync] = 1;
    const rest = n === 0 ? buf : buf.subarray(n);
    this.writeQueueSize += rest.length;
    ArrayPrototypePush(this[kWriteQueue], { req, buf: rest });
    this._pump();
    return 0;
  }

  writeUtf8String(req, s) { return this._writeString(req, s, 'utf8'); }

  writeAsciiString(req, s) { return this._writeString(req, s, 'latin1'); }

  writeLatin1String(req, s) { return this._writeString(req, s, 'latin1'); }

  // A string goes to the kernel without becoming a Buffer first when nothing
  // is queued; what the kernel does not take is queued as bytes.
  _writeString(req, s, encoding) {
    if (this[kClosed]) return UV_EBADF;
    if (this[kWriteQueue].length !== 0) return this._write(req, Buffer.from(s, encoding));
    let r;
    try {
      r = ops.op_net_try_write_string(this[kRid], s, encoding === 'utf8');
    } catch (err) {
      streamBaseState[kBytesWritten] = Buffer.byteLength(s, encoding);
      this.bytesWritten += streamBaseState[kBytesWritten];
      streamBaseState[kLastWriteWasAsync] = 0;
      return errnoOf(err);
    }
    if (r >= 0) {
      streamBaseState[kBytesWritten] = r;
      this.bytesWritten += r;
      streamBaseState[kLastWriteWasAsync] = 0;
      return 0;
    }
    return this._queueRest(req, Buffer.from(s, encoding), -r - 1);
  }

  writeUcs2String(req, s) { return this._write(req, Buffer.from(s, 'utf16le')); }

  _write(req, buf) {
    if (this[kClosed]) return UV_EBADF;
    const len = buf.length;
    streamBaseState[kBytesWritten] = len;
    this.bytesWritten += len;
    let n = 0;
    if (this[kWriteQueue].length === 0) {
      // What the kernel takes at once completes synchronously.
      try {
        n = ops.op_net_try_write(this[kRid], buf);
      } catch (err) {
        streamBaseState[kLastWriteWasAsync] = 0;
        return errnoOf(err);
      }
      if (n === len) {
        streamBaseState[kLastWriteWasAsync] = 0;
        return 0;
      }
    }
    streamBaseState[kLastWriteWasAsync] = 1;
    const rest = n === 0 ? buf : buf.subarray(n);
    this.writeQueueSize += rest.length;
    ArrayPrototypePush(this[kWriteQueue], { req, buf: rest });
    if (this[kWriteQueue].length === 1) this._pump();
    return 0;
  }

  _pump() {
    const item = this[kWriteQueue][0];
    const done = (status) => {
      ArrayPrototypeShift(this[kWriteQueue]);
      this.writeQueueSize -= item.buf.length;
      if (this[kWriteQueue].length > 0 && !this[kClosed]) {
        this._pump();
      } else if (this[kWriteQueue].length === 0 && this[kPendingShutdown] !== null) {
        const run = this[kPendingShutdown];
        this[kPendingShutdown] = null;
        run();
      }
      makeCallback(this, item.req.oncomplete, item.req, [status]);
    };
    if (this[kClosed]) {
      PromisePrototypeThen(PromiseResolve(), () => done(UV_ECANCELED));
      return;
    }
    PromisePrototypeThen(ops.op_net_write(this[kRid], item.buf),
                         () => done(0),
                         (err) => done(errnoOf(err)));
  }

  _onClosed() {
    // Queued writes that never reached the kernel end with ECANCELED.
    const q = this[kWriteQueue];
    for (let i = 1; i < q.length; i++) {
      const { req } = q[i];
      PromisePrototypeThen(PromiseResolve(), () => makeCallback(this, req.oncomplete, req, [UV_ECANCELED]));
    }
    if (q.length > 1) this[kWriteQueue] = [q[0]];
  }

  shutdown(req) {
    if (this[kClosed]) return UV_EBADF;
    const run = () => {
      let status = 0;
      if (this[kClosed]) {
        status = UV_ECANCELED;
      } else {
        try {
          ops.op_net_shutdown(this[kRid]);
        } catch (err) {
          status = errnoOf(err);
        }
      }
      new Immediate(() => makeCallback(this, req.oncomplete, req, [status]));
    };
    if (this[kWriteQueue].length === 0) run(); else this[kPendingShutdown] = run;
    return 0;
  }

  getWriteQueueSize() {
    return this.writeQueueSize;
  }
}

module.exports = {
  HandleWrap,
  LibuvStreamWrap,
  WriteWrap,
  ShutdownWrap,
  streamBaseState,
  kReadBytesOrError,
  kArrayBufferOffset,
  kBytesWritten,
  kLastWriteWasAsync,
  // For tcp_wrap/pipe_wrap.
  kRid,
  kClosed,
  kRefed,
  makeCallback,
  errnoOf,
};
