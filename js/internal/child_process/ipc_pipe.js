// Adapted from Node.js src/pipe_wrap.cc and src/stream_wrap.cc (the IPC
// parts; MIT license, Node.js contributors). The Pipe handle of an IPC
// channel: its reads use recvmsg so that a handle the peer sends with a
// message (SCM_RIGHTS) arrives as `pendingHandle` before `onread`, and
// writes that carry a handle send its descriptor with the first byte.
'use strict';

const {
  PromisePrototypeThen,
  Symbol,
} = primordials;

const core = internalBinding('core');
const ops = internalBinding('ops');
const { Buffer } = require('buffer');
const { UV_EOF, UV_EBADF } = require('internal/bindings/uv');
const { Pipe, constants: PipeConstants } = require('internal/net/pipe_wrap');
const { TCP, constants: TCPConstants } = require('internal/net/tcp_wrap');
const {
  kRid,
  kClosed,
  errnoOf,
  streamBaseState,
  kBytesWritten,
  kLastWriteWasAsync,
} = require('internal/net/stream_wrap');

const kReading = Symbol('kReading');
const kRead = Symbol('kRead');
const kEof = Symbol('kEof');

// The handle a received descriptor becomes (Node: by uv_pipe_pending_type).
function handleForFd(fd, kind) {
  let handle;
  if (kind === 'tcp') {
    handle = new TCP(TCPConstants.SOCKET);
  } else if (kind === 'pipe') {
    handle = new Pipe(PipeConstants.SOCKET);
  } else if (kind === 'udp') {
    const { UDP } = require('internal/dgram');
    handle = new UDP();
  } else {
    // Nothing a handle can be made of: the message goes without one (and
    // the sender gets a NODE_HANDLE_NACK).
    PromisePrototypeThen(ops.op_fs_close_async(fd), undefined, () => {});
    return undefined;
  }
  if (handle.open(fd) !== 0) {
    handle.close();
    return undefined;
  }
  return handle;
}

class IpcPipe extends Pipe {
  constructor() {
    super(PipeConstants.IPC);
    this[kReading] = false;
    this[kRead] = null;
    this[kEof] = false;
    this.pendingHandle = null;
  }

  readStart() {
    if (this[kClosed]) return UV_EBADF;
    this[kReading] = true;
    if (this[kRead] !== null) {
      if (this.hasRef()) core.refOpPromise(this[kRead]);
    } else if (!this[kEof]) {
      this._ipcRead();
    }
    return 0;
  }

  readStop() {
    if (this[kClosed]) return UV_EBADF;
    this[kReading] = false;
    if (this[kRead] !== null) core.unrefOpPromise(this[kRead]);
    return 0;
  }

  _updateRef() {
    super._updateRef();
    const p = this[kRead];
    if (p !== null) {
      if (this.hasRef() && this[kReading]) core.refOpPromise(p); else core.unrefOpPromise(p);
    }
  }

  _ipcRead() {
    const p = ops.op_net_ipc_read(this[kRid]);
    this[kRead] = p;
    if (!this.hasRef() || !this[kReading]) core.unrefOpPromise(p);
    PromisePrototypeThen(p, (r) => {
      this[kRead] = null;
      const buf = r[0];
      if (this[kClosed]) {
        if (r[1] >= 0) handleForFd(r[1], r[2])?.close();
        return;
      }
      if (r[1] >= 0) this.pendingHandle = handleForFd(r[1], r[2]) ?? null;
      const nread = buf.length === 0 ? UV_EOF : buf.length;
      if (nread < 0) this[kEof] = true;
      this._emitRead(nread, buf);
      if (!this[kClosed] && this[kReading] && !this[kEof] && this[kRead] === null) this._ipcRead();
    }, (err) => {
      this[kRead] = null;
      if (this[kClosed]) return;
      this[kEof] = true;
      this._emitRead(errnoOf(err), undefined);
    });
  }

  // Writes carrying a handle go out with its descriptor (uv_write2).
  _writeWithHandle(req, buf, handle) {
    if (this[kClosed]) return UV_EBADF;
    const fd = handle.fd;
    let n;
    try {
      n = ops.op_net_ipc_send(this[kRid], buf, fd);
    } catch (err) {
      streamBaseState[kBytesWritten] = buf.length;
      streamBaseState[kLastWriteWasAsync] = 0;
      return errnoOf(err);
    }
    if (n === buf.length) {
      streamBaseState[kBytesWritten] = n;
      this.bytesWritten += n;
      streamBaseState[kLastWriteWasAsync] = 0;
      return 0;
    }
    return this._queueRest(req, buf, n);
  }

  writeUtf8String(req, s, handle) {
    if (handle) return this._writeWithHandle(req, Buffer.from(s, 'utf8'), handle);
    return super.writeUtf8String(req, s);
  }

  writeBuffer(req, data, handle) {
    if (handle) return this._writeWithHandle(req, data, handle);
    return super.writeBuffer(req, data);
  }
}

module.exports = { IpcPipe };
