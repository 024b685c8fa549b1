// Copyright Joyent, Inc. and other Node contributors. MIT license.
// Adapted from Node.js lib/internal/fs/dir.js: `fs.Dir`, `opendir` and
// `opendirSync`. The directory handle reads its entries in one
// `op_fs_call('opendir')` (off-thread for the async form) and hands them out in
// `bufferSize` batches, as libuv's uv_fs_readdir does.
'use strict';

const {
  ArrayPrototypePush,
  ArrayPrototypeShift,
  ArrayPrototypeSplice,
  FunctionPrototypeBind,
  ObjectDefineProperty,
  PromiseReject,
  Symbol,
  SymbolAsyncIterator,
  SymbolAsyncDispose,
  SymbolDispose,
} = primordials;

const pathModule = require('path');
const ops = internalBinding('ops');
const {
  codes: {
    ERR_DIR_CLOSED,
    ERR_DIR_CONCURRENT_OPERATION,
    ERR_MISSING_ARGS,
    ERR_INVALID_THIS,
  },
} = require('internal/errors');
const internalUtil = require('internal/util');
const { getDirent, getOptions, getValidatedPath, encodeString } = require('internal/fs/utils');
const { validateFunction, validateUint32 } = require('internal/validators');

const call = (op, ...a) => ops.op_fs_call({ op, a: a.length === 1 ? a[0] : a });
const callAsync = (op, ...a) => ops.op_fs_call_async({ op, a: a.length === 1 ? a[0] : a });

const kDirHandle = Symbol('kDirHandle');
const kDirPath = Symbol('kDirPath');
const kDirBufferedEntries = Symbol('kDirBufferedEntries');
const kDirClosed = Symbol('kDirClosed');
const kDirOptions = Symbol('kDirOptions');
const kDirReadImpl = Symbol('kDirReadImpl');
const kDirReadPromisified = Symbol('kDirReadPromisified');
const kDirClosePromisified = Symbol('kDirClosePromisified');
const kDirOperationQueue = Symbol('kDirOperationQueue');

/** The native side of a Dir: the entries still to be read. */
class DirHandle {
  constructor(entries) {
    this.entries = entries;
  }

  /** A batch `[name, type, name, type, ...]`, or null at the end. */
  readBatch(encoding, bufferSize) {
    if (this.entries.length === 0) return null;
    const batch = ArrayPrototypeSplice(this.entries, 0, bufferSize);
    const out = [];
    for (const { 0: name, 1: type } of batch) {
      ArrayPrototypePush(out, encodeString(name, encoding), type);
    }
    return out;
  }
}

class Dir {
  constructor(handle, path, options) {
    if (handle == null) throw new ERR_MISSING_ARGS('handle');
    this[kDirHandle] = handle;
    this[kDirBufferedEntries] = [];
    this[kDirPath] = path;
    this[kDirClosed] = false;
    this[kDirOperationQueue] = null;
    this[kDirOptions] = {
      bufferSize: 32,
      ...getOptions(options, { encoding: 'utf8' }),
    };
    validateUint32(this[kDirOptions].bufferSize, 'options.bufferSize', true);
    this[kDirReadPromisified] = FunctionPrototypeBind(internalUtil.promisify(this[kDirReadImpl]), this, false);
    this[kDirClosePromisified] = FunctionPrototypeBind(internalUtil.promisify(this.close), this);
  }

  get path() {
    if (!(kDirPath in this)) throw new ERR_INVALID_THIS('Dir');
    return this[kDirPath];
  }

  read(callback) {
    return this[kDirReadImpl](true, callback);
  }

  [kDirReadImpl](maybeSync, callback) {
    if (callback === undefined) {
      if (this[kDirClosed] === true) return PromiseReject(new ERR_DIR_CLOSED());
      return this[kDirReadPromisified]();
    }
    if (this[kDirClosed] === true) throw new ERR_DIR_CLOSED();
    validateFunction(callback, 'callback');

    if (this[kDirOperationQueue] !== null) {
      ArrayPrototypePush(this[kDirOperationQueue], () => {
        this[kDirReadImpl](maybeSync, callback);
      });
      return;
    }

    if (this[kDirBufferedEntries].length > 0) {
      try {
        const dirent = ArrayPrototypeShift(this[kDirBufferedEntries]);
        if (this[kDirOptions].recursive && dirent.isDirectory()) this.readSyncRecursive(dirent);
        if (maybeSync) process.nextTick(callback, null, dirent);
        else callback(null, dirent);
        return;
      } catch (error) {
        return callback(error);
      }
    }

    this[kDirOperationQueue] = [];
    // The entries are already in memory: finish on a later turn, as a
    // thread-pool read would.
    setImmediate(() => {
      process.nextTick(() => {
        const queue = this[kDirOperationQueue];
        this[kDirOperationQueue] = null;
        for (const op of queue) op();
      });
      const result = this[kDirHandle].readBatch(this[kDirOptions].encoding, this[kDirOptions].bufferSize);
      if (result === null) return callback(null, null);
      try {
        this.processReadResult(this[kDirPath], result);
        const dirent = ArrayPrototypeShift(this[kDirBufferedEntries]);
        if (this[kDirOptions].recursive && dirent.isDirectory()) this.readSyncRecursive(dirent);
        callback(null, dirent);
      } catch (error) {
        callback(error);
      }
    });
  }

  processReadResult(path, result) {
    for (let i = 0; i < result.length; i += 2) {
      ArrayPrototypePush(this[kDirBufferedEntries], getDirent(path, result[i], result[i + 1]));
    }
  }

  readSyncRecursive(dirent) {
    const path = pathModule.join(dirent.parentPath, dirent.name);
    const handle = new DirHandle(call('opendir', path));
    let result;
    while ((result = handle.readBatch(this[kDirOptions].encoding, this[kDirOptions].bufferSize)) !== null) {
      this.processReadResult(path, result);
    }
  }

  readSync() {
    if (this[kDirClosed] === true) throw new ERR_DIR_CLOSED();
    if (this[kDirOperationQueue] !== null) throw new ERR_DIR_CONCURRENT_OPERATION();

    if (this[kDirBufferedEntries].length > 0) {
      const dirent = ArrayPrototypeShift(this[kDirBufferedEntries]);
      if (this[kDirOptions].recursive && dirent.isDirectory()) this.readSyncRecursive(dirent);
      return dirent;
    }

    const result = this[kDirHandle].readBatch(this[kDirOptions].encoding, this[kDirOptions].bufferSize);
    if (result === null) return result;
    this.processReadResult(this[kDirPath], result);
    const dirent = ArrayPrototypeShift(this[kDirBufferedEntries]);
    if (this[kDirOptions].recursive && dirent.isDirectory()) this.readSyncRecursive(dirent);
    return dirent;
  }

  close(callback) {
    if (callback === undefined) {
      if (this[kDirClosed] === true) return PromiseReject(new ERR_DIR_CLOSED());
      return this[kDirClosePromisified]();
    }
    validateFunction(callback, 'callback');
    if (this[kDirClosed] === true) {
      process.nextTick(callback, new ERR_DIR_CLOSED());
      return;
    }
    if (this[kDirOperationQueue] !== null) {
      ArrayPrototypePush(this[kDirOperationQueue], () => { this.close(callback); });
      return;
    }
    this[kDirClosed] = true;
    this[kDirHandle].entries = [];
    setImmediate(callback, null);
  }

  closeSync() {
    if (this[kDirClosed] === true) throw new ERR_DIR_CLOSED();
    if (this[kDirOperationQueue] !== null) throw new ERR_DIR_CONCURRENT_OPERATION();
    this[kDirClosed] = true;
    this[kDirHandle].entries = [];
  }

  async* entries() {
    try {
      while (true) {
        const result = await this[kDirReadPromisified]();
        if (result === null) break;
        yield result;
      }
    } finally {
      await this[kDirClosePromisified]();
    }
  }

  [SymbolDispose]() {
    if (this[kDirClosed]) return;
    this.closeSync();
  }

  async [SymbolAsyncDispose]() {
    if (this[kDirClosed]) return;
    await this[kDirClosePromisified]();
  }
}

ObjectDefineProperty(Dir.prototype, SymbolAsyncIterator, {
  __proto__: null,
  value: Dir.prototype.entries,
  enumerable: false,
  writable: true,
  configurable: true,
});

function opendir(path, options, callback) {
  callback = typeof options === 'function' ? options : callback;
  validateFunction(callback, 'callback');
  path = getValidatedPath(path);
  options = getOptions(options, { encoding: 'utf8' });
  callAsync('opendir', path).then(
    (entries) => {
      let dir;
      try {
        dir = new Dir(new DirHandle(entries), path, options);
      } catch (err) {
        return callback(err);
      }
      callback(null, dir);
    },
    (err) => callback(err),
  );
}

function opendirSync(path, options) {
  path = getValidatedPath(path);
  options = getOptions(options, { encoding: 'utf8' });
  return new Dir(new DirHandle(call('opendir', path)), path, options);
}

module.exports = {
  Dir,
  opendir,
  opendirSync,
};
