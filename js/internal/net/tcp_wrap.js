// Adapted from Node.js src/tcp_wrap.cc (MIT license, Node.js contributors).
// Node's internalBinding('tcp_wrap') for nodus: the TCP handle (a stream
// handle that can also bind, listen and connect) over the `op_net_*` ops.
'use strict';

const {
  ObjectFreeze,
  PromisePrototypeThen,
} = primordials;

const ops = internalBinding('ops');
const { UV_EINVAL, UV_EBADF } = require('internal/bindings/uv');
const { isIPv4, isIPv6 } = require('internal/net');
const {
  LibuvStreamWrap,
  kRid,
  kClosed,
  makeCallback,
  errnoOf,
} = require('internal/net/stream_wrap');

const constants = ObjectFreeze({
  __proto__: null,
  SOCKET: 0,
  SERVER: 1,
  UV_TCP_IPV6ONLY: 1,
});

function fillAddress(out, r) {
  out.address = r[0];
  out.family = r[2] === 6 ? 'IPv6' : 'IPv4';
  out.port = r[1];
  return 0;
}

class TCP extends LibuvStreamWrap {
  // `rid` is passed only for connections a server accepted.
  constructor(type, rid) {
    super(rid, type);
  }

  getProviderType() { return this.type === constants.SERVER ? 'TCPSERVERWRAP' : 'TCPWRAP'; }

  open(fd) {
    try {
      ops.op_net_open(this[kRid], fd);
    } catch (err) {
      return errnoOf(err);
    }
    return 0;
  }

  bind(address, port) {
    if (!isIPv4(address)) return UV_EINVAL;
    return this._bind(address, port, false);
  }

  bind6(address, port, flags) {
    if (!isIPv6(address)) return UV_EINVAL;
    return this._bind(address, port, (flags & constants.UV_TCP_IPV6ONLY) !== 0);
  }

  _bind(address, port, ipv6Only) {
    if (this[kClosed]) return UV_EBADF;
    try {
      ops.op_net_tcp_bind(this[kRid], address, port >>> 0, ipv6Only);
    } catch (err) {
      return errnoOf(err);
    }
    return 0;
  }

  connect(req, address, port) {
    if (!isIPv4(address)) return UV_EINVAL;
    return this._connect(req, address, port);
  }

  connect6(req, address, port) {
    if (!isIPv6(address)) return UV_EINVAL;
    return this._connect(req, address, port);
  }

  _connect(req, address, port) {
    if (this[kClosed]) return UV_EBADF;
    PromisePrototypeThen(ops.op_net_tcp_connect(this[kRid], address, port >>> 0), () => {
      if (this[kClosed]) return;
      makeCallback(this, req.oncomplete, req, [0, this, req, true, true]);
    }, (err) => {
      if (this[kClosed]) return;
      makeCallback(this, req.oncomplete, req, [errnoOf(err), this, req, false, false]);
    });
    return 0;
  }

  getsockname(out) {
    const r = ops.op_net_address(this[kRid], false);
    return r ? fillAddress(out, r) : UV_EBADF;
  }

  getpeername(out) {
    const r = ops.op_net_address(this[kRid], true);
    return r ? fillAddress(out, r) : UV_EBADF;
  }

  setNoDelay(enable) {
    try {
      ops.op_net_set_nodelay(this[kRid], !!enable);
    } catch (err) {
      return errnoOf(err);
    }
    return 0;
  }

  setKeepAlive(enable, delay) {
    try {
      ops.op_net_set_keepalive(this[kRid], !!enable, delay >>> 0);
    } catch (err) {
      return errnoOf(err);
    }
    return 0;
  }

  setTypeOfService(tos) {
    try {
      ops.op_net_tos(this[kRid], tos);
    } catch (err) {
      return errnoOf(err);
    }
    return 0;
  }

  getTypeOfService() {
    try {
      return ops.op_net_tos(this[kRid], -1);
    } catch (err) {
      return errnoOf(err);
    }
  }

  setSimultaneousAccepts() {}

  // Closes with a RST instead of a FIN (SO_LINGER 0), for resetAndDestroy().
  reset(cb) {
    if (this[kClosed]) return 0;
    ops.op_net_close(this[kRid], true);
    this[kRid] = -1;
    this.close(cb);
    return 0;
  }
}

class TCPConnectWrap {}

module.exports = { TCP, TCPConnectWrap, constants };
