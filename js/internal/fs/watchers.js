// Copyright Joyent, Inc. and other Node contributors. MIT license.
// Adapted from Node.js lib/internal/fs/watchers.js: fs.watch's FSWatcher (over
// the inotify watchers of src/ext/fs/watch.rs), fs.watchFile's StatWatcher
// (stat polling, as libuv's uv_fs_poll) and fs.promises.watch.
'use strict';

const {
  ArrayIsArray,
  ArrayPrototypePush,
  ArrayPrototypeShift,
  ObjectSetPrototypeOf,
  PromiseWithResolvers,
  RegExpPrototypeExec,
  Symbol,
} = primordials;

const {
  AbortError,
  UVException,
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_FS_WATCH_QUEUE_OVERFLOW },
} = require('internal/errors');
const { EventEmitter } = require('events');
const { getStatsFromBinding, getValidatedPath, encodeString } = require('internal/fs/utils');
const {
  validateAbortSignal,
  validateBoolean,
  validateInteger,
  validateObject,
  validateOneOf,
  validateUint32,
} = require('internal/validators');
const { kEmptyObject } = require('internal/util');
const { isRegExp } = require('internal/util/types');
const ops = internalBinding('ops');
const core = internalBinding('core');

const kOldStatus = Symbol('kOldStatus');
const kUseBigint = Symbol('kUseBigint');
const kFSWatchStart = Symbol('kFSWatchStart');
const kFSStatWatcherStart = Symbol('kFSStatWatcherStart');
const kFSStatWatcherAddOrCleanRef = Symbol('kFSStatWatcherAddOrCleanRef');

function uvError(err, filename) {
  const error = new UVException({ errno: err.errno, syscall: 'watch', path: filename });
  error.filename = filename;
  return error;
}

// ---- ignore option ----

function validateIgnoreOption(value, name) {
  if (value == null) return;
  const matchers = ArrayIsArray(value) ? value : [value];
  for (let i = 0; i < matchers.length; i++) {
    const matcher = matchers[i];
    const matcherName = ArrayIsArray(value) ? `${name}[${i}]` : name;
    if (typeof matcher === 'string') {
      if (matcher.length === 0) {
        throw new ERR_INVALID_ARG_VALUE(matcherName, matcher, 'must be a non-empty string');
      }
    } else if (!isRegExp(matcher) && typeof matcher !== 'function') {
      throw new ERR_INVALID_ARG_TYPE(matcherName, ['string', 'RegExp', 'Function'], matcher);
    }
  }
}

/** A predicate telling whether a (relative) filename is ignored, or null. */
function createIgnoreMatcher(ignore) {
  if (ignore == null) return null;
  const matchers = ArrayIsArray(ignore) ? ignore : [ignore];
  const compiled = [];
  for (let i = 0; i < matchers.length; i++) {
    const matcher = matchers[i];
    if (typeof matcher === 'string') {
      const mm = require('internal/deps/minimatch/index');
      const glob = new mm.Minimatch(matcher, {
        __proto__: null,
        windowsPathsNoEscape: true,
        nonegate: true,
        nocomment: true,
        optimizationLevel: 2,
        platform: process.platform,
        // Patterns without slashes match the base name ('*.log' matches 'a/b.log').
        matchBase: true,
      });
      ArrayPrototypePush(compiled, (filename) => glob.match(filename));
    } else if (isRegExp(matcher)) {
      ArrayPrototypePush(compiled, (filename) => RegExpPrototypeExec(matcher, filename) !== null);
    } else {
      ArrayPrototypePush(compiled, matcher);
    }
  }
  return (filename) => {
    for (let i = 0; i < compiled.length; i++) {
      if (compiled[i](filename)) return true;
    }
    return false;
  };
}

// ---- the inotify handle ----

/** One native watcher: calls `onchange(eventType, filename)` until closed. */
class FSEventHandle {
  constructor() {
    this.id = 0;
    this.initialized = false;
    this.refed = true;
    this.pending = null;
    this.onchange = null;
  }

  start(path, persistent, recursive) {
    this.id = ops.op_fs_watch_start(path, recursive);
    this.initialized = true;
    this.refed = persistent;
    this.poll();
  }

  poll() {
    const id = this.id;
    const p = ops.op_fs_watch_next(id);
    this.pending = p;
    if (!this.refed) core.unrefOpPromise(p);
    p.then((events) => {
      if (this.pending === p) this.pending = null;
      if (events == null || this.id !== id) return;
      for (let i = 0; i < events.length; i += 2) {
        if (this.id !== id) return;
        this.onchange(events[i], events[i + 1]);
      }
      if (this.id === id) this.poll();
    });
  }

  ref() {
    this.refed = true;
    if (this.pending) core.refOpPromise(this.pending);
  }

  unref() {
    this.refed = false;
    if (this.pending) core.unrefOpPromise(this.pending);
  }

  close() {
    if (this.id !== 0) {
      const id = this.id;
      this.id = 0;
      // The pending poll resolves with null: it must not hold the loop.
      if (this.pending) core.unrefOpPromise(this.pending);
      this.pending = null;
      ops.op_fs_watch_close(id);
    }
  }
}

function FSWatcher() {
  EventEmitter.call(this);
  this._handle = new FSEventHandle();
  this._encoding = 'utf8';
  this._ignore = null;
  this._handle.onchange = (eventType, filename) => {
    if (this._ignore !== null && this._ignore(filename)) return;
    this.emit('change', eventType, encodeString(filename, this._encoding));
  };
}
ObjectSetPrototypeOf(FSWatcher.prototype, EventEmitter.prototype);
ObjectSetPrototypeOf(FSWatcher, EventEmitter);

FSWatcher.prototype[kFSWatchStart] = function(filename, persistent, recursive, encoding, ignore) {
  if (this._handle === null) return; // closed
  if (this._handle.initialized) return; // already started
  filename = getValidatedPath(filename, 'filename');
  this._encoding = encoding ?? 'utf8';
  this._ignore = createIgnoreMatcher(ignore);
  try {
    this._handle.start(filename, persistent, recursive);
  } catch (err) {
    // A permission-model denial is thrown as it is (Node's ERR_ACCESS_DENIED).
    if (err?.code === 'ERR_ACCESS_DENIED') throw err;
    throw uvError(err, filename);
  }
};

FSWatcher.prototype.start = () => {};

FSWatcher.prototype.close = function() {
  if (this._handle === null) return; // closed
  if (!this._handle.initialized) return; // not started
  this._handle.close();
  this._handle = null;
  process.nextTick(emitCloseNT, this);
};

FSWatcher.prototype.ref = function() {
  this._handle?.ref();
  return this;
};

FSWatcher.prototype.unref = function() {
  this._handle?.unref();
  return this;
};

function emitCloseNT(self) {
  self.emit('close');
}

// ---- StatWatcher: stat polling ----

const kZeroStats = new Float64Array(18);

/** Whether two stat arrays differ the way uv_fs_poll compares them. */
function statsDiffer(a, b) {
  // mode, nlink, uid, gid, ino, size, then the ctime/mtime/birthtime pairs.
  const fields = [0, 1, 2, 3, 4, 7, 8, 12, 13, 14, 15, 16, 17];
  for (const i of fields) if (a[i] !== b[i]) return true;
  return false;
}

function StatWatcher(bigint) {
  EventEmitter.call(this);
  this._handle = null;
  this[kOldStatus] = -1;
  this[kUseBigint] = bigint;
}
ObjectSetPrototypeOf(StatWatcher.prototype, EventEmitter.prototype);
ObjectSetPrototypeOf(StatWatcher, EventEmitter);

StatWatcher.prototype[kFSStatWatcherStart] = function(filename, persistent, interval) {
  if (this._handle !== null) return;
  filename = getValidatedPath(filename, 'filename');
  validateUint32(interval, 'interval');
  const handle = { timer: null, prev: null, status: 0, closed: false, refed: !!persistent, refs: 1 };
  this._handle = handle;
  this[kOldStatus] = -1;

  const emitChange = (curr, prev) => {
    this.emit('change', getStatsFromBinding(curr, this[kUseBigint]), getStatsFromBinding(prev, this[kUseBigint]));
  };
  const schedule = () => {
    if (handle.closed) return;
    handle.timer = setTimeout(poll, interval);
    if (!handle.refed) handle.timer.unref();
  };
  const poll = () => {
    ops.op_fs_call_async({ op: 'stat', a: [filename, true] }).then(
      (curr) => {
        if (handle.closed) return;
        const prev = handle.prev;
        handle.prev = curr;
        if (prev !== null && (handle.status !== 0 || statsDiffer(curr, prev))) emitChange(curr, prev);
        handle.status = 0;
        schedule();
      },
      (err) => {
        if (handle.closed) return;
        const prev = handle.prev ?? kZeroStats;
        if (handle.prev === null || handle.status !== err.errno) emitChange(kZeroStats, prev);
        handle.prev = kZeroStats;
        handle.status = err.errno;
        schedule();
      });
  };
  handle.ref = () => { handle.refed = true; handle.timer?.ref(); };
  handle.unref = () => { handle.refed = false; handle.timer?.unref(); };
  poll();
};

StatWatcher.prototype.start = () => {};

StatWatcher.prototype.stop = function() {
  if (this._handle === null) return;
  process.nextTick(emitStop, this);
  this._handle.closed = true;
  clearTimeout(this._handle.timer);
  this._handle = null;
};

StatWatcher.prototype[kFSStatWatcherAddOrCleanRef] = function(operate) {
  if (this._handle === null) return;
  if (operate === 'add') {
    this._handle.refs++;
  } else if (operate === 'clean') {
    this._handle.refs--;
  } else {
    this._handle.refs = 0;
  }
};

StatWatcher.prototype.ref = function() {
  this._handle?.ref();
  return this;
};

StatWatcher.prototype.unref = function() {
  this._handle?.unref();
  return this;
};

function emitStop(self) {
  self.emit('stop');
}

// ---- fs.promises.watch ----

async function* watchPromise(filename, options = kEmptyObject) {
  const path = getValidatedPath(filename);
  validateObject(options, 'options');

  const {
    persistent = true,
    recursive = false,
    encoding = 'utf8',
    signal,
    maxQueue = 2048,
    overflow = 'ignore',
    ignore,
  } = options;

  validateBoolean(persistent, 'options.persistent');
  validateBoolean(recursive, 'options.recursive');
  validateInteger(maxQueue, 'options.maxQueue');
  validateOneOf(overflow, 'options.overflow', ['ignore', 'error']);
  validateAbortSignal(signal, 'options.signal');
  validateIgnoreOption(ignore, 'options.ignore');

  if (encoding && !require('buffer').Buffer.isEncoding(encoding) && encoding !== 'buffer') {
    throw new ERR_INVALID_ARG_VALUE('encoding', encoding, 'is invalid encoding');
  }

  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });

  const ignoreMatcher = createIgnoreMatcher(ignore);
  const handle = new FSEventHandle();
  const queue = [];
  let waiter = null;
  let failure = null;
  const wake = () => {
    if (waiter !== null) {
      const w = waiter;
      waiter = null;
      w.resolve();
    }
  };
  const oncancel = () => {
    handle.close();
    failure = new AbortError(undefined, { cause: signal?.reason });
    wake();
  };

  try {
    if (signal) signal.addEventListener('abort', oncancel, { __proto__: null, once: true });
    handle.onchange = (eventType, name) => {
      if (ignoreMatcher !== null && ignoreMatcher(name)) return;
      if (queue.length >= maxQueue) {
        if (overflow === 'error') {
          failure = new ERR_FS_WATCH_QUEUE_OVERFLOW(maxQueue);
          handle.close();
          wake();
        } else {
          process.emitWarning('fs.watch maxQueue exceeded');
        }
        return;
      }
      ArrayPrototypePush(queue, { eventType, filename: encodeString(name, encoding) });
      wake();
    };
    try {
      handle.start(path, persistent, recursive);
    } catch (err) {
      throw uvError(err, filename);
    }

    while (true) {
      if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
      if (queue.length > 0) {
        yield ArrayPrototypeShift(queue);
        continue;
      }
      if (failure !== null) throw failure;
      waiter = PromiseWithResolvers();
      await waiter.promise;
    }
  } finally {
    handle.close();
    signal?.removeEventListener('abort', oncancel);
  }
}

module.exports = {
  FSWatcher,
  StatWatcher,
  kFSWatchStart,
  kFSStatWatcherStart,
  kFSStatWatcherAddOrCleanRef,
  validateIgnoreOption,
  watchPromise,
};
