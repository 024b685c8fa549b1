// Adapted from Node.js src/process_wrap.cc (MIT license, Node.js contributors).
// Node's internalBinding('process_wrap') for nodus: the `Process` handle over
// the `op_child_process_*` ops. `spawn(options)` returns 0 or a negative libuv
// error code; the pipes of `options.stdio` (Pipe handles) are opened on the
// parent's ends of the socketpairs the op made; `onexit(exitCode, signalCode)`
// is called when the child ends, as libuv's exit callback is.
'use strict';

const {
  ArrayPrototypePush,
  PromisePrototypeThen,
  Symbol,
} = primordials;

const core = internalBinding('core');
const ops = internalBinding('ops');
const { initAsyncResource, emitDestroy, destroyHooksExist, symbols: { async_id_symbol } } =
  require('internal/async_hooks');
const { makeCallback } = require('internal/net/stream_wrap');
const { signals } = require('internal/process/signals');
const { codes: { ERR_INVALID_ARG_TYPE } } = require('internal/errors');

const kRid = Symbol('kRid');
const kWait = Symbol('kWait');
const kRefed = Symbol('kRefed');
const kClosed = Symbol('kClosed');

let signalNames;
// signo_string(): the name of a signal number, '' for none.
function signalName(signo) {
  if (!signo) return '';
  if (signalNames === undefined) {
    signalNames = [];
    for (const name in signals) {
      if (signalNames[signals[name]] === undefined) signalNames[signals[name]] = name;
    }
  }
  return signalNames[signo] || '';
}

// The descriptor a 'wrap' stdio entry (a net handle) shares with the child.
function stdioForOp(entry, i) {
  switch (entry.type) {
    case 'pipe':
    case 'overlapped':
      return { type: 'pipe' };
    case 'ignore':
      return { type: 'ignore' };
    case 'inherit':
    case 'fd':
      return { type: 'fd', fd: entry.fd };
    case 'wrap':
      return { type: 'fd', fd: entry.handle.fd };
    default:
      return { type: 'ignore' };
  }
}

// The C++ binding reads each argument and env pair as a string (ToString).
function stringArgs(list) {
  if (list == null) return undefined;
  const out = [];
  for (let i = 0; i < list.length; i++) ArrayPrototypePush(out, `${list[i]}`);
  return out;
}

class Process {
  constructor() {
    this[kRid] = undefined;
    this[kWait] = null;
    this[kRefed] = true;
    this[kClosed] = false;
    this.onexit = null;
    initAsyncResource(this, 'PROCESSWRAP');
  }

  spawn(options) {
    const { uid, gid } = options;
    if (uid != null && (typeof uid !== 'number' || (uid | 0) !== uid)) {
      throw new ERR_INVALID_ARG_TYPE('options.uid', 'int32', uid);
    }
    if (gid != null && (typeof gid !== 'number' || (gid | 0) !== gid)) {
      throw new ERR_INVALID_ARG_TYPE('options.gid', 'int32', gid);
    }
    const stdio = [];
    const entries = options.stdio || [];
    for (let i = 0; i < entries.length; i++) ArrayPrototypePush(stdio, stdioForOp(entries[i], i));
    const info = ops.op_child_process_spawn({
      file: `${options.file}`,
      args: stringArgs(options.args),
      cwd: options.cwd == null || options.cwd === '' ? undefined : `${options.cwd}`,
      envPairs: stringArgs(options.envPairs),
      stdio,
      uid: uid == null ? undefined : uid >>> 0,
      gid: gid == null ? undefined : gid >>> 0,
      detached: !!options.detached,
    });
    // The parent's ends of the pipes, which exist even when the spawn failed.
    for (let i = 0; i < info.fds.length; i++) {
      const fd = info.fds[i];
      if (fd >= 0 && entries[i].handle) entries[i].handle.open(fd);
    }
    if (info.err !== 0) return info.err;
    this[kRid] = info.rid;
    this.pid = info.pid;
    const p = ops.op_child_process_wait(info.rid);
    this[kWait] = p;
    if (!this[kRefed]) core.unrefOpPromise(p);
    PromisePrototypeThen(p, (r) => {
      this[kWait] = null;
      if (this[kClosed]) return;
      makeCallback(this, this.onexit, this, [r[0], signalName(r[1])]);
    });
    return 0;
  }

  kill(signal) {
    if (this[kRid] === undefined || this[kClosed]) return -3; // UV_ESRCH
    return ops.op_child_process_kill(this[kRid], signal);
  }

  close(cb) {
    if (this[kClosed]) return;
    this[kClosed] = true;
    if (this[kWait] !== null) core.unrefOpPromise(this[kWait]);
    if (this[kRid] !== undefined) ops.op_child_process_close(this[kRid]);
    if (destroyHooksExist()) emitDestroy(this[async_id_symbol]);
    if (typeof cb === 'function') process.nextTick(cb);
  }

  ref() {
    this[kRefed] = true;
    if (this[kWait] !== null) core.refOpPromise(this[kWait]);
  }

  unref() {
    this[kRefed] = false;
    if (this[kWait] !== null) core.unrefOpPromise(this[kWait]);
  }

  hasRef() {
    return this[kRefed] && !this[kClosed] && this[kWait] !== null;
  }

  getAsyncId() { return this[async_id_symbol]; }

  getProviderType() { return 'PROCESSWRAP'; }
}

module.exports = { Process, signalName, stringArgs };
