// Adapted from Node.js lib/internal/dgram.js and src/udp_wrap.cc (MIT license,
// Node.js contributors).
// The handle layer under node:dgram: Node's internalBinding('udp_wrap') (the
// UDP handle, whose methods return 0 or a negative libuv error code and which
// reports datagrams through `onmessage`, as Node's C++ handle does) over the
// `op_dgram_*` ops, plus lib/internal/dgram.js's newHandle/_createSocketHandle.
'use strict';

const {
  ArrayPrototypePush,
  ArrayPrototypeShift,
  FunctionPrototypeBind,
  ObjectFreeze,
  PromisePrototypeThen,
  PromiseResolve,
  SafeSet,
  Symbol,
} = primordials;

const core = internalBinding('core');
const ops = internalBinding('ops');
const { Buffer } = require('buffer');
const { FastBuffer } = require('internal/buffer');
const {
  codes: { ERR_SOCKET_BAD_TYPE },
} = require('internal/errors');
const {
  isInt32,
  validateFunction,
} = require('internal/validators');
const { UV_EBADF, UV_EEXIST, UV_EINVAL, UV_ECANCELED } = require('internal/bindings/uv');
const {
  initAsyncResource, emitDestroy, destroyHooksExist,
  symbols: { async_id_symbol, owner_symbol },
} = require('internal/async_hooks');
const { makeCallback, errnoOf } = require('internal/net/stream_wrap');
const { Immediate } = require('internal/timers');
const { getOptionValue } = require('internal/options');
const { isUint8Array } = require('internal/util/types');

const kStateSymbol = Symbol('state symbol');
let dns;  // Lazy load for startup performance.

const constants = ObjectFreeze({
  __proto__: null,
  UV_UDP_IPV6ONLY: 1,
  UV_UDP_REUSEADDR: 4,
  UV_UDP_REUSEPORT: 64,
});

const kRid = Symbol('kRid');
const kClosed = Symbol('kClosed');
const kRefed = Symbol('kRefed');
const kReceiving = Symbol('kReceiving');
const kRecvPromise = Symbol('kRecvPromise');
const kStash = Symbol('kStash');
const kSendQueue = Symbol('kSendQueue');
const kQueueSize = Symbol('kQueueSize');
const kOnBatch = Symbol('kOnBatch');
const kOnRecvFailed = Symbol('kOnRecvFailed');

// Descriptors of the handles that are receiving: libuv's uv_udp_open refuses
// (EEXIST) a descriptor its loop already watches.
const watchedFds = new SafeSet();

// uv_guess_handle's answers, in Node's guessHandleType order.
const handleTypes = ['TCP', 'TTY', 'UDP', 'FILE', 'PIPE', 'UNKNOWN'];
function guessHandleType(fd) {
  return handleTypes[ops.op_stdio_guess_handle_type(fd)];
}

let noTrySend;
function skipTrySend() {
  noTrySend ??= getOptionValue('--test-udp-no-try-send') === true;
  return noTrySend;
}

// The bytes of any ArrayBufferView, as a Uint8Array the ops take.
function toUint8(view) {
  return isUint8Array(view) ? view : new FastBuffer(view.buffer, view.byteOffset, view.byteLength);
}

class SendWrap {}

/** Node's UDPWrap. */
class UDP {
  constructor() {
    this[kRid] = ops.op_dgram_new();
    this[kClosed] = false;
    this[kRefed] = true;
    this[kReceiving] = false;
    this[kRecvPromise] = null;
    this[kStash] = null;
    this[kSendQueue] = [];
    this[kQueueSize] = 0;
    this[kOnBatch] = undefined;
    this[kOnRecvFailed] = undefined;
    this[owner_symbol] = null;
    this.onmessage = null;
    this.onerror = null;
    initAsyncResource(this, 'UDPWRAP');
  }

  getAsyncId() { return this[async_id_symbol]; }

  getProviderType() { return 'UDPWRAP'; }

  // The descriptor (uv_fileno); UV_EBADF, as Node's GetFD answers when
  // uv_fileno fails, before there is a socket or after close.
  get fd() {
    const fd = this[kClosed] ? -1 : ops.op_dgram_fd(this[kRid]);
    return fd < 0 ? UV_EBADF : fd;
  }

  open(fd) {
    if (this[kClosed]) return UV_EBADF;
    if (watchedFds.has(fd)) return UV_EEXIST;
    try {
      ops.op_dgram_open(this[kRid], fd);
    } catch (err) {
      return errnoOf(err);
    }
    return 0;
  }

  bind(address, port, flags) { return this._bind(address, port, flags, false); }

  bind6(address, port, flags) { return this._bind(address, port, flags, true); }

  _bind(address, port, flags, v6) {
    if (this[kClosed]) return UV_EBADF;
    try {
      ops.op_dgram_bind(this[kRid], `${address}`, port >>> 0, flags >>> 0, v6);
    } catch (err) {
      return errnoOf(err);
    }
    return 0;
  }

  connect(address, port) { return this._connect(address, port, false); }

  connect6(address, port) { return this._connect(address, port, true); }

  _connect(address, port, v6) {
    if (this[kClosed]) return UV_EBADF;
    try {
      ops.op_dgram_connect(this[kRid], `${address}`, port >>> 0, v6);
    } catch (err) {
      return errnoOf(err);
    }
    return 0;
  }

  disconnect() {
    if (this[kClosed]) return UV_EBADF;
    try {
      ops.op_dgram_disconnect(this[kRid]);
    } catch (err) {
      return errnoOf(err);
    }
    return 0;
  }

  // send(req, list, count, port, address, hasCallback) or, connected,
  // send(req, list, count, hasCallback). Returns the length + 1 when the
  // datagram left at once, 0 when it is queued (req.oncomplete follows if
  // hasCallback), or an error code.
  send(req, list, count, port, address, hasCallback) {
    if (arguments.length === 4) return this._send(req, list, count, 0, '', port, false);
    return this._send(req, list, count, port, `${address}`, hasCallback, false);
  }

  send6(req, list, count, port, address, hasCallback) {
    if (arguments.length === 4) return this._send(req, list, count, 0, '', port, true);
    return this._send(req, list, count, port, `${address}`, hasCallback, true);
  }

  _send(req, list, count, port, ip, hasCallback, v6) {
    if (this[kClosed]) return UV_EBADF;
    port >>>= 0;
    let data;
    if (count === 1) {
      data = toUint8(list[0]);
    } else {
      const parts = [];
      for (let i = 0; i < count; i++) ArrayPrototypePush(parts, toUint8(list[i]));
      data = Buffer.concat(parts);
    }
    const len = data.byteLength;
    if (this[kSendQueue].length === 0 && !skipTrySend()) {
      let n;
      try {
        n = ops.op_dgram_try_send(this[kRid], data, ip, port, v6);
      } catch (err) {
        return errnoOf(err);
      }
      if (n >= 0) return len + 1;
    }
    this[kQueueSize] += len;
    ArrayPrototypePush(this[kSendQueue], { req, data, ip, port, v6, hasCallback });
    if (this[kSendQueue].length === 1) this._pump();
    return 0;
  }

  // Sends the queued datagrams one at a time, in order (uv_udp_send's queue).
  _pump() {
    const item = this[kSendQueue][0];
    const done = (status, sent) => {
      ArrayPrototypeShift(this[kSendQueue]);
      this[kQueueSize] -= item.data.byteLength;
      if (this[kSendQueue].length > 0 && !this[kClosed]) this._pump();
      if (item.hasCallback) makeCallback(this, item.req.oncomplete, item.req, [status, sent]);
    };
    if (this[kClosed]) {
      new Immediate(() => done(UV_ECANCELED, 0));
      return;
    }
    PromisePrototypeThen(
      ops.op_dgram_send(this[kRid], item.data, item.ip, item.port, item.v6),
      (sent) => done(0, sent),
      (err) => done(this[kClosed] ? UV_ECANCELED : errnoOf(err), 0));
  }

  getSendQueueSize() { return this[kQueueSize]; }

  getSendQueueCount() { return this[kSendQueue].length; }

  recvStart() {
    if (this[kClosed]) return UV_EBADF;
    const fd = ops.op_dgram_fd(this[kRid]);
    if (fd < 0) return UV_EBADF;
    this[kReceiving] = true;
    watchedFds.add(fd);
    const stash = this[kStash];
    if (stash !== null) {
      // A batch that arrived while receiving was stopped is delivered now
      // (on a later microtask, never from inside recvStart).
      this[kStash] = null;
      PromisePrototypeThen(PromiseResolve(), () => {
        if (this[kClosed]) return;
        this._deliver(stash.buf, stash.off);
      });
    } else if (this[kRecvPromise] !== null) {
      if (this[kRefed]) core.refOpPromise(this[kRecvPromise]);
    } else {
      this._recvNext();
    }
    return 0;
  }

  recvStop() {
    if (this[kClosed]) return UV_EBADF;
    this[kReceiving] = false;
    watchedFds.delete(ops.op_dgram_fd(this[kRid]));
    // A socket that is not receiving must not keep the process alive.
    if (this[kRecvPromise] !== null) core.unrefOpPromise(this[kRecvPromise]);
    return 0;
  }

  _recvNext() {
    const p = ops.op_dgram_recv(this[kRid]);
    this[kRecvPromise] = p;
    if (!this[kRefed]) core.unrefOpPromise(p);
    // The reactions are made once per handle, not once per batch.
    if (this[kOnBatch] === undefined) {
      this[kOnBatch] = (u8) => {
        this[kRecvPromise] = null;
        const buf = new FastBuffer(u8.buffer, u8.byteOffset, u8.byteLength);
        if (this[kClosed]) return;
        if (!this[kReceiving]) {
          this[kStash] = { buf, off: 0 };
          return;
        }
        this._deliver(buf, 0);
      };
      this[kOnRecvFailed] = (err) => {
        this[kRecvPromise] = null;
        if (this[kClosed]) return;
        makeCallback(this, this.onmessage, this, [errnoOf(err), this, undefined, undefined]);
      };
    }
    PromisePrototypeThen(p, this[kOnBatch], this[kOnRecvFailed]);
  }

  // Hands the batch's records (see src/ext/dgram) to onmessage one by one,
  // as libuv's per-datagram callbacks would.
  _deliver(buf, off) {
    const ab = buf.buffer;
    const base = buf.byteOffset;
    while (off < buf.length) {
      if (this[kClosed]) return;
      if (!this[kReceiving]) {
        this[kStash] = { buf, off };
        return;
      }
      const kind = buf[off];
      const alen = buf[off + 1];
      const port = buf[off + 2] | (buf[off + 3] << 8);
      const len = (buf[off + 4] | (buf[off + 5] << 8) | (buf[off + 6] << 16)) + buf[off + 7] * 0x1000000;
      const at = off + 8;
      if (kind === 0) {
        off = at;
        makeCallback(this, this.onmessage, this, [-len, this, undefined, undefined]);
        continue;
      }
      const address = buf.latin1Slice(at, at + alen);
      const data = new FastBuffer(ab, base + at + alen, len);
      off = at + alen + len;
      const rinfo = { address, family: kind === 6 ? 'IPv6' : 'IPv4', port };
      makeCallback(this, this.onmessage, this, [len, this, data, rinfo]);
    }
    if (!this[kClosed] && this[kReceiving] && this[kRecvPromise] === null && this[kStash] === null) {
      this._recvNext();
    }
  }

  getsockname(out) { return this._address(out, false); }

  getpeername(out) { return this._address(out, true); }

  _address(out, peer) {
    if (this[kClosed]) return UV_EBADF;
    let r;
    try {
      r = ops.op_dgram_address(this[kRid], peer);
    } catch (err) {
      return errnoOf(err);
    }
    out.address = r[0];
    out.family = r[2] === 6 ? 'IPv6' : 'IPv4';
    out.port = r[1];
    return 0;
  }

  _setopt(which, value) {
    if (this[kClosed]) return UV_EBADF;
    try {
      ops.op_dgram_setopt(this[kRid], which, value | 0);
    } catch (err) {
      return errnoOf(err);
    }
    return 0;
  }

  setBroadcast(on) { return this._setopt(0, on ? 1 : 0); }

  setTTL(ttl) { return this._setopt(1, ttl); }

  setMulticastTTL(ttl) { return this._setopt(2, ttl); }

  setMulticastLoopback(on) { return this._setopt(3, on ? 1 : 0); }

  setMulticastInterface(iface) {
    if (this[kClosed]) return UV_EBADF;
    try {
      ops.op_dgram_set_multicast_interface(this[kRid], `${iface}`);
    } catch (err) {
      return errnoOf(err);
    }
    return 0;
  }

  _membership(group, iface, join) {
    if (this[kClosed]) return UV_EBADF;
    const hasIface = iface !== undefined && iface !== null;
    try {
      ops.op_dgram_membership(this[kRid], `${group}`, hasIface ? `${iface}` : '', hasIface, join);
    } catch (err) {
      return errnoOf(err);
    }
    return 0;
  }

  addMembership(group, iface) { return this._membership(group, iface, true); }

  dropMembership(group, iface) { return this._membership(group, iface, false); }

  _sourceMembership(source, group, iface, join) {
    if (this[kClosed]) return UV_EBADF;
    const hasIface = iface !== undefined && iface !== null;
    try {
      ops.op_dgram_source_membership(this[kRid], `${source}`, `${group}`,
                                     hasIface ? `${iface}` : '', hasIface, join);
    } catch (err) {
      return errnoOf(err);
    }
    return 0;
  }

  addSourceSpecificMembership(source, group, iface) {
    return this._sourceMembership(source, group, iface, true);
  }

  dropSourceSpecificMembership(source, group, iface) {
    return this._sourceMembership(source, group, iface, false);
  }

  // Gets (size 0) or sets SO_RCVBUF/SO_SNDBUF; on failure fills `ctx` as
  // Node's CollectUVExceptionInfo does and returns undefined.
  bufferSize(size, recv, ctx) {
    const syscall = recv ? 'uv_recv_buffer_size' : 'uv_send_buffer_size';
    let errno;
    if (!isInt32(size)) {
      errno = UV_EINVAL;
    } else if (this[kClosed]) {
      errno = UV_EBADF;
    } else {
      try {
        return ops.op_dgram_buffer_size(this[kRid], size, !!recv);
      } catch (err) {
        errno = errnoOf(err);
      }
    }
    const { 0: code, 1: message } = require('internal/bindings/uv').getErrorMap().get(errno) ??
      ['UNKNOWN', 'unknown error'];
    ctx.errno = errno;
    ctx.code = code;
    ctx.message = message;
    ctx.syscall = syscall;
    return undefined;
  }

  close(cb) {
    if (this[kClosed]) return;
    if (this[kReceiving]) watchedFds.delete(ops.op_dgram_fd(this[kRid]));
    this[kClosed] = true;
    this[kReceiving] = false;
    ops.op_dgram_close(this[kRid]);
    if (destroyHooksExist()) emitDestroy(this[async_id_symbol]);
    // Close callbacks run after the I/O of the current loop turn, as libuv's do.
    new Immediate(() => {
      if (typeof cb === 'function') makeCallback(this, cb, this, []);
    });
  }

  ref() {
    if (this[kClosed]) return;
    this[kRefed] = true;
    const p = this[kRecvPromise];
    if (p !== null && this[kReceiving]) core.refOpPromise(p);
  }

  unref() {
    if (this[kClosed]) return;
    this[kRefed] = false;
    const p = this[kRecvPromise];
    if (p !== null) core.unrefOpPromise(p);
  }

  hasRef() {
    return this[kRefed] && !this[kClosed];
  }
}

function lookup4(lookup, address, callback) {
  return lookup(address || '127.0.0.1', 4, callback);
}

function lookup6(lookup, address, callback) {
  return lookup(address || '::1', 6, callback);
}

function newHandle(type, lookup) {
  if (lookup === undefined) {
    if (dns === undefined) {
      dns = require('dns');
    }

    lookup = dns.lookup;
  } else {
    validateFunction(lookup, 'lookup');
  }

  if (type === 'udp4') {
    const handle = new UDP();

    handle.lookup = FunctionPrototypeBind(lookup4, handle, lookup);
    return handle;
  }

  if (type === 'udp6') {
    const handle = new UDP();

    handle.lookup = FunctionPrototypeBind(lookup6, handle, lookup);
    handle.bind = handle.bind6;
    handle.connect = handle.connect6;
    handle.send = handle.send6;
    return handle;
  }

  throw new ERR_SOCKET_BAD_TYPE();
}

function _createSocketHandle(address, port, addressType, fd, flags) {
  const handle = newHandle(addressType);
  let err;

  if (isInt32(fd) && fd > 0) {
    const type = guessHandleType(fd);
    if (type !== 'UDP') {
      err = UV_EINVAL;
    } else {
      err = handle.open(fd);
    }
  } else if (port || address) {
    err = handle.bind(address, port || 0, flags);
  }

  if (err) {
    handle.close();
    return err;
  }

  return handle;
}

module.exports = {
  kStateSymbol,
  _createSocketHandle,
  newHandle,
  guessHandleType,
  // internalBinding('udp_wrap').
  UDP,
  SendWrap,
  constants,
};
