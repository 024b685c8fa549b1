// Adapted from Node.js src/pipe_wrap.cc (MIT license, Node.js contributors).
// Node's internalBinding('pipe_wrap') for nodus: Unix-domain stream sockets
// (bind/listen on a path, connect to one) over the `op_net_*` ops.
'use strict';

const {
  ObjectFreeze,
  PromisePrototypeThen,
} = primordials;

const ops = internalBinding('ops');
const { UV_EBADF } = require('internal/bindings/uv');
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
  IPC: 2,
  UV_READABLE: 1,
  UV_WRITABLE: 2,
});

class Pipe extends LibuvStreamWrap {
  // `rid` is passed only for connections a server accepted.
  constructor(type, rid) {
    super(rid, type);
  }

  getProviderType() { return this.type === constants.SERVER ? 'PIPESERVERWRAP' : 'PIPEWRAP'; }

  open(fd) {
    try {
      ops.op_net_open(this[kRid], fd);
    } catch (err) {
      return errnoOf(err);
    }
    return 0;
  }

  bind(path) {
    if (this[kClosed]) return UV_EBADF;
    try {
      ops.op_net_pipe_bind(this[kRid], `${path}`);
    } catch (err) {
      return errnoOf(err);
    }
    return 0;
  }

  connect(req, path) {
    if (this[kClosed]) return UV_EBADF;
    PromisePrototypeThen(ops.op_net_pipe_connect(this[kRid], `${path}`), () => {
      if (this[kClosed]) return;
      makeCallback(this, req.oncomplete, req, [0, this, req, true, true]);
    }, (err) => {
      if (this[kClosed]) return;
      makeCallback(this, req.oncomplete, req, [errnoOf(err), this, req, false, false]);
    });
    return 0;
  }

  fchmod(mode) {
    try {
      ops.op_net_pipe_chmod(this[kRid], mode);
    } catch (err) {
      return errnoOf(err);
    }
    return 0;
  }

  setPendingInstances() {}
}

class PipeConnectWrap {}

module.exports = { Pipe, PipeConnectWrap, constants };
