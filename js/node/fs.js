// node:fs — sync, callback and promise forms over the `op_fs_*` ops
// (src/ext/fs/). Sync calls run on this thread; callback and promise calls run
// on tokio's blocking pool.
'use strict';

const { ObjectDefineProperty } = primordials;

const ops = internalBinding('ops');
const {
  AbortError,
  aggregateTwoErrors,
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_FS_EISDIR },
} = require('internal/errors');
const {
  validateBoolean, validateBuffer, validateEncoding, validateFunction, validateInteger, validateObject,
  validateOneOf,
  kValidateObjectAllowNullable,
} = require('internal/validators');
const { Buffer } = require('buffer');
const { FastBuffer } = require('internal/buffer');
const { kEmptyObject, customPromisifyArgs: kCustomPromisifyArgsSymbol } = require('internal/util');
const {
  constants,
  stringToFlags,
  getValidatedPath,
  getValidatedFd,
  getOptions,
  parseMode,
  makeCallback,
  encodeBytes,
  encodeString,
  toBytes,
  Stats,
  getStatsFromBinding,
  Dirent,
  toUnixTimestamp,
  validateOffsetLengthRead,
  mkdirArgs,
  validateBufferArray,
  validateCpOptions,
  validateOffsetLengthWrite,
  validatePosition,
  validateStringAfterArrayBufferView,
  getStatFsFromBinding,
  warnOnNonPortableTemplate,
} = require('internal/fs/utils');
const pathModule = require('path');
const { requests: activeRequests, FSReqCallback } = require('internal/process/active_resources');
const { callUserCallback } = require('internal/timers');
const { getAsyncContext } = internalBinding('core');

const { F_OK, R_OK, W_OK, X_OK, O_WRONLY, O_CREAT, O_TRUNC, O_APPEND } = constants;

const call = (op, ...a) => ops.op_fs_call({ op, a: a.length === 1 ? a[0] : a });
const callAsync = (op, ...a) => {
  const c = { op, a: a.length === 1 ? a[0] : a };
  // The permission model: Node's bindings of these check before queuing, so
  // their callback forms throw.
  if (process.permission !== undefined && (op === 'mkdir' || op === 'chmod' || op === 'utimes')) {
    ops.op_permission_check_fs_call(c);
  }
  return ops.op_fs_call_async(c);
};

/** Validated owner ids; -1 ("unchanged") becomes the unsigned value the syscall wants. */
function ids(uid, gid) {
  validateInteger(uid, 'uid', -1, 4294967295);
  validateInteger(gid, 'gid', -1, 4294967295);
  return [uid >>> 0, gid >>> 0];
}

/** Runs `promise` and reports to a Node-style callback on a later tick. */
function toCallback(promise, cb, map) {
  settle(promise, cb, (v) => {
    v = map ? map(v) : v;
    // As Node's FSReqCallback: no second argument for a void result.
    if (v === undefined) cb(null);
    else cb(null, v);
  }, cb);
}

/**
 * Node's FSReqCallback around `promise`: listed by process._getActiveRequests()
 * while in flight, then `onValue`/`onError` run as a libuv callback would, so a
 * throw is an uncaught exception (domains, 'uncaughtException'), not a rejection.
 */
function settle(promise, cb, onValue, onError) {
  const req = new FSReqCallback(cb);
  activeRequests.add(req);
  const context = getAsyncContext();
  promise.then(
    (v) => {
      activeRequests.delete(req);
      callUserCallback(onValue, undefined, [v], context);
    },
    (err) => {
      activeRequests.delete(req);
      callUserCallback(onError, undefined, [err], context);
    },
  );
}

function lastCallback(args) {
  const cb = args[args.length - 1];
  validateFunction(cb, 'cb');
  return cb;
}

// ---- open / close / read / write ----

function openSync(path, flags, mode) {
  path = getValidatedPath(path);
  return call('open', path, stringToFlags(flags), parseMode(mode, 'mode', 0o666));
}

function open(path, flags, mode, cb) {
  path = getValidatedPath(path);
  if (typeof flags === 'function') { cb = flags; flags = 'r'; mode = 0o666; } else if (typeof mode === 'function') { cb = mode; mode = 0o666; }
  makeCallback(cb);
  toCallback(callAsync('open', path, stringToFlags(flags), parseMode(mode, 'mode', 0o666)), cb);
}

function closeSync(fd) {
  call('close', getValidatedFd(fd));
}

function close(fd, cb = () => {}) {
  getValidatedFd(fd);
  if (cb !== undefined) validateFunction(cb, 'cb');
  toCallback(callAsync('close', fd), cb, () => undefined);
}

/** A Uint8Array over the bytes of any ArrayBufferView. */
function viewOf(buffer) {
  return buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function read(fd, buffer, offsetOrOptions, length, position, callback) {
  fd = getValidatedFd(fd);

  let offset = offsetOrOptions;
  let params = null;
  if (arguments.length <= 4) {
    if (arguments.length === 4) {
      // fs.read(fd, buffer, options, callback)
      validateObject(offsetOrOptions, 'options', kValidateObjectAllowNullable);
      callback = length;
      params = offsetOrOptions;
    } else if (arguments.length === 3) {
      // fs.read(fd, bufferOrParams, callback)
      if (!ArrayBuffer.isView(buffer)) {
        // fs.read(fd, params, callback)
        params = buffer;
        ({ buffer = Buffer.alloc(16384) } = params ?? kEmptyObject);
      }
      callback = offsetOrOptions;
    } else {
      // fs.read(fd, callback)
      callback = buffer;
      buffer = Buffer.alloc(16384);
    }

    if (params !== undefined) {
      validateObject(params, 'options', kValidateObjectAllowNullable);
    }
    ({
      offset = 0,
      length = buffer?.byteLength - offset,
      position = null,
    } = params ?? kEmptyObject);
  }

  validateBuffer(buffer);
  validateFunction(callback, 'cb');

  if (offset == null) {
    offset = 0;
  } else {
    validateInteger(offset, 'offset', 0);
  }

  length |= 0;

  if (length === 0) {
    return process.nextTick(function tick() {
      callback(null, 0, buffer);
    });
  }

  if (buffer.byteLength === 0) {
    throw new ERR_INVALID_ARG_VALUE('buffer', buffer, 'is empty and cannot be written');
  }

  validateOffsetLengthRead(offset, length, buffer.byteLength);

  if (position == null) {
    position = -1;
  } else {
    validatePosition(position, 'position', length);
  }

  settle(ops.op_fs_read_into_async(fd, viewOf(buffer), offset, length, Number(position)), callback,
         (bytesRead) => callback(null, bytesRead || 0, buffer),
         (err) => callback(err, 0, buffer));
}
ObjectDefineProperty(read, kCustomPromisifyArgsSymbol, {
  __proto__: null, value: ['bytesRead', 'buffer'], enumerable: false,
});

function readSync(fd, buffer, offsetOrOptions, length, position) {
  fd = getValidatedFd(fd);

  validateBuffer(buffer);

  let offset = offsetOrOptions;
  if (arguments.length <= 3 || typeof offsetOrOptions === 'object') {
    if (offsetOrOptions !== undefined) {
      validateObject(offsetOrOptions, 'options', kValidateObjectAllowNullable);
    }

    ({
      offset = 0,
      length = buffer.byteLength - offset,
      position = null,
    } = offsetOrOptions ?? kEmptyObject);
  }

  if (offset === undefined) {
    offset = 0;
  } else {
    validateInteger(offset, 'offset', 0);
  }

  length |= 0;

  if (length === 0) return 0;

  if (buffer.byteLength === 0) {
    throw new ERR_INVALID_ARG_VALUE('buffer', buffer, 'is empty and cannot be written');
  }

  validateOffsetLengthRead(offset, length, buffer.byteLength);

  if (position == null) {
    position = -1;
  } else {
    validatePosition(position, 'position', length);
  }

  const b = viewOf(buffer);
  return ops.op_fs_read(fd, b.subarray(offset, offset + length), Number(position));
}

function write(fd, buffer, offsetOrOptions, length, position, callback) {
  function wrapper(err, written) {
    callback(err, written || 0, buffer);
  }

  fd = getValidatedFd(fd);

  let offset = offsetOrOptions;
  if (ArrayBuffer.isView(buffer)) {
    callback = makeCallback(callback || position || length || offset);

    if (typeof offset === 'object') {
      ({
        offset = 0,
        length = buffer.byteLength - offset,
        position = null,
      } = offsetOrOptions ?? kEmptyObject);
    }

    if (offset == null || typeof offset === 'function') {
      offset = 0;
    } else {
      validateInteger(offset, 'offset', 0);
    }
    if (typeof length !== 'number') length = buffer.byteLength - offset;
    if (typeof position !== 'number') position = null;
    validateOffsetLengthWrite(offset, length, buffer.byteLength);
    settle(ops.op_fs_write_from_async(fd, viewOf(buffer), offset, length, position ?? -1), callback,
           (n) => wrapper(null, n), (err) => wrapper(err));
    return;
  }

  validateStringAfterArrayBufferView(buffer, 'buffer');

  if (typeof position !== 'function') {
    if (typeof offset === 'function') {
      position = offset;
      offset = null;
    } else {
      position = length;
    }
    length = 'utf8';
  }

  const str = buffer;
  validateEncoding(str, length);
  callback = makeCallback(position);
  const bytes = Buffer.from(str, length);
  settle(ops.op_fs_write_from_async(fd, bytes, 0, bytes.byteLength, typeof offset === 'number' ? offset : -1),
         callback, (n) => wrapper(null, n), (err) => wrapper(err));
}
ObjectDefineProperty(write, kCustomPromisifyArgsSymbol, {
  __proto__: null, value: ['bytesWritten', 'buffer'], enumerable: false,
});

function writeSync(fd, buffer, offsetOrOptions, length, position) {
  fd = getValidatedFd(fd);

  let offset = offsetOrOptions;
  if (ArrayBuffer.isView(buffer)) {
    if (typeof offset === 'object') {
      ({
        offset = 0,
        length = buffer.byteLength - offset,
        position = null,
      } = offsetOrOptions ?? kEmptyObject);
    }
    if (offset == null) {
      offset = 0;
    } else {
      validateInteger(offset, 'offset', 0);
    }
    if (typeof length !== 'number') length = buffer.byteLength - offset;
    validateOffsetLengthWrite(offset, length, buffer.byteLength);
    const b = viewOf(buffer);
    return ops.op_fs_write(fd, b.subarray(offset, offset + length), typeof position === 'number' ? position : -1);
  }
  validateStringAfterArrayBufferView(buffer, 'buffer');
  validateEncoding(buffer, length);
  const bytes = Buffer.from(buffer, length);
  return ops.op_fs_write(fd, bytes, typeof offset === 'number' ? offset : -1);
}

// ---- whole files ----

const kReadFileDefaults = { __proto__: null, flag: 'r' };
// A file that fits the free tail of the current 64 KiB slab is read straight
// into it and returned as a view of it (as Node 26, which slices small
// readFileSync results from 64 KiB slabs); a decoded one leaves the space
// free. A new slab starts when less than kReadFileSlabMin is left.
const kReadFileSlabSize = 64 * 1024;
const kReadFileSlabMin = 8 * 1024;
let readFileSlab = null;
let readFileSlabOffset = 0;
function readFileSync(path, options) {
  options = options === undefined ? kReadFileDefaults : getOptions(options, { flag: 'r' });
  let bytes;
  if (typeof path === 'number') {
    bytes = ops.op_fs_read_fd_all(getValidatedFd(path));
  } else {
    path = getValidatedPath(path);
    const flags = stringToFlags(options.flag);
    if (readFileSlab === null || kReadFileSlabSize - readFileSlabOffset < kReadFileSlabMin) {
      readFileSlab = Buffer.allocUnsafeSlow(kReadFileSlabSize);
      readFileSlabOffset = 0;
    }
    const offset = readFileSlabOffset;
    const n = ops.op_fs_read_file_slab(path, flags, readFileSlab, offset);
    if (n >= 0) {
      // As Node: any encoding (even 'buffer', which then throws) decodes.
      if (options.encoding) return readFileSlab.toString(options.encoding, offset, offset + n);
      // Keep the next file 8-byte aligned, as Buffer's pool does.
      readFileSlabOffset = (offset + n + 7) & ~7;
      return new FastBuffer(readFileSlab.buffer, offset, n);
    }
    bytes = ops.op_fs_read_file_take();
  }
  const buf = encodeBytes(bytes);
  return options.encoding ? buf.toString(options.encoding) : buf;
}

function readFile(path, options, cb) {
  cb ||= options;
  validateFunction(cb, 'cb');
  options = getOptions(options, { flag: 'r' });
  let p;
  if (options.signal !== undefined) {
    // The promise form checks the signal before opening and between chunks.
    const promises = require('internal/fs/promises');
    if (typeof path === 'number') {
      p = promises.exports.readFile(new promises.FileHandleNoClose(getValidatedFd(path)), options);
    } else {
      p = promises.exports.readFile(getValidatedPath(path), options);
    }
    toCallback(p, cb);
    return;
  }
  if (typeof path === 'number') {
    getValidatedFd(path);
    p = ops.op_fs_read_fd_all_async(path);
  } else {
    p = ops.op_fs_read_file_async(getValidatedPath(path), stringToFlags(options.flag));
  }
  toCallback(p, cb, (bytes) => encodeBytes(bytes, options.encoding));
}

function writeData(data, encoding) {
  const bytes = toBytes(data, encoding);
  if (bytes === null) {
    throw new ERR_INVALID_ARG_TYPE('data', ['string', 'Buffer', 'TypedArray', 'DataView'], data);
  }
  return bytes;
}

function writeFileSync(path, data, options) {
  options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'w', flush: false });
  const flush = options.flush ?? false;
  validateBoolean(flush, 'options.flush');
  const flag = options.flag || 'w';
  const bytes = writeData(data, options.encoding);
  if (typeof path !== 'number' && !flush) {
    // One call: open, write everything, close.
    ops.op_fs_write_file(getValidatedPath(path), bytes, stringToFlags(flag), parseMode(options.mode, 'mode', 0o666));
    return;
  }
  const isUserFd = typeof path === 'number';
  const fd = isUserFd ? getValidatedFd(path) : openSync(path, flag, options.mode);
  try {
    let off = 0;
    while (off < bytes.byteLength) off += ops.op_fs_write(fd, bytes.subarray(off), -1);
    // Through the exports, as Node: users may patch fsyncSync.
    if (flush) module.exports.fsyncSync(fd);
  } finally {
    if (!isUserFd) closeSync(fd);
  }
}

function writeFile(path, data, options, callback) {
  callback ||= options;
  validateFunction(callback, 'cb');
  options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'w', flush: false });
  const flag = options.flag || 'w';
  const flush = options.flush ?? false;
  validateBoolean(flush, 'options.flush');

  if (!ArrayBuffer.isView(data)) {
    validateStringAfterArrayBufferView(data, 'data');
    data = Buffer.from(data, options.encoding || 'utf8');
  }

  if (typeof path === 'number') {
    writeAll(getValidatedFd(path), true, data, 0, data.byteLength, options.signal, flush, callback);
    return;
  }

  if (checkAborted(options.signal, callback)) return;

  path = getValidatedPath(path);
  if (options.signal === undefined && !flush) {
    // One blocking-pool task: open, write everything, close.
    toCallback(ops.op_fs_write_file_async(path, viewOf(data), stringToFlags(flag),
                                          parseMode(options.mode, 'mode', 0o666)), callback);
    return;
  }
  open(path, flag, options.mode, (openErr, fd) => {
    if (openErr) {
      callback(openErr);
    } else {
      writeAll(fd, false, data, 0, data.byteLength, options.signal, flush, callback);
    }
  });
}

function checkAborted(signal, callback) {
  if (signal?.aborted) {
    callback(new AbortError(undefined, { cause: signal.reason }));
    return true;
  }
  return false;
}

function writeAll(fd, isUserFd, buffer, offset, length, signal, flush, callback) {
  // Through the module's exports, as Node: users (and tests) may patch them.
  const fs = module.exports;
  const finish = (opErr) => {
    if (isUserFd) {
      callback(opErr);
    } else {
      fs.close(fd, (err) => callback(aggregateTwoErrors(err, opErr)));
    }
  };
  if (signal?.aborted) {
    finish(new AbortError(undefined, { cause: signal.reason }));
    return;
  }
  fs.write(fd, buffer, offset, length, null, (writeErr, written) => {
    if (writeErr) {
      finish(writeErr);
    } else if (written === length) {
      if (!flush) {
        if (isUserFd) callback(null);
        else fs.close(fd, callback);
      } else {
        fs.fsync(fd, (syncErr) => {
          if (syncErr) finish(syncErr);
          else if (isUserFd) callback(null);
          else fs.close(fd, callback);
        });
      }
    } else {
      writeAll(fd, isUserFd, buffer, offset + written, length - written, signal, flush, callback);
    }
  });
}

function appendFileSync(path, data, options) {
  options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'a' });
  options = { ...options };
  if (!options.flag || typeof path === 'number') options.flag = 'a';
  writeFileSync(path, data, options);
}

function appendFile(path, data, options, cb) {
  cb ||= options;
  validateFunction(cb, 'cb');
  options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'a' });
  options = { ...options };
  if (!options.flag || typeof path === 'number') options.flag = 'a';
  writeFile(path, data, options, cb);
}

// ---- existence, stat, access ----

function existsSync(path) {
  try {
    path = getValidatedPath(path);
  } catch (err) {
    // DEP0187 (runtime from 24; the release line's compat data decides).
    if (err?.code === 'ERR_INVALID_ARG_TYPE') {
      require('internal/compat/profile').emitDeprecation('DEP0187', existsSync);
    }
    return false;
  }
  // The permission model: Node's binding throws without read permission.
  if (process.permission !== undefined) ops.op_permission_check_path(path, false);
  return ops.op_fs_stat_kind(path) >= 0;
}

function exists(path, cb) {
  validateFunction(cb, 'cb');
  let p;
  try {
    p = getValidatedPath(path);
  } catch {
    return void Promise.resolve().then(() => cb(false));
  }
  settle(callAsync('access', p, F_OK), cb, () => cb(true), () => cb(false));
}
ObjectDefineProperty(exists, Symbol.for('nodejs.util.promisify.custom'), {
  __proto__: null,
  value: (path) => new Promise((resolve) => exists(path, resolve)),
});

const statBuf = new Float64Array(18);

function statOptions(options) {
  if (options == null || typeof options === 'function') return { bigint: false, throwIfNoEntry: true };
  return { bigint: !!options.bigint, throwIfNoEntry: options.throwIfNoEntry !== false };
}

function statSyncImpl(path, options, follow) {
  const o = statOptions(options);
  path = getValidatedPath(path);
  if (!ops.op_fs_stat(path, follow, o.throwIfNoEntry, statBuf)) return undefined;
  return getStatsFromBinding(statBuf, o.bigint);
}

function statSync(path, options) { return statSyncImpl(path, options, true); }
// Node's lstat checks the permission model in JS (its binding's lstat is
// unchecked, for realpathSync), with an error of its own.
const lstatDenied = (path) =>
  process.permission !== undefined && require('internal/process/permission').lstatDenied(getValidatedPath(path));
function lstatSync(path, options) {
  const denied = lstatDenied(path);
  if (denied) throw denied;
  return statSyncImpl(path, options, false);
}
function fstatSync(fd, options) {
  getValidatedFd(fd);
  return getStatsFromBinding(call('fstat', fd), statOptions(options).bigint);
}

function statAsync(op, arg, options, cb) {
  if (typeof options === 'function') { cb = options; options = undefined; }
  validateFunction(cb, 'cb');
  const o = statOptions(options);
  const a = op === 'fstat' ? [getValidatedFd(arg)] : [getValidatedPath(arg), op === 'stat'];
  settle(callAsync(op === 'fstat' ? 'fstat' : 'stat', ...a), cb,
         (v) => cb(null, getStatsFromBinding(v, o.bigint)),
         (err) => (!o.throwIfNoEntry && (err.code === 'ENOENT' || err.code === 'ENOTDIR') ? cb(null, undefined) : cb(err)));
}
function stat(path, options, cb) { statAsync('stat', path, options, cb); }
function lstat(path, options, cb) {
  const denied = lstatDenied(path);
  if (denied) {
    if (typeof options === 'function') cb = options;
    validateFunction(cb, 'cb');
    return cb(denied);
  }
  statAsync('lstat', path, options, cb);
}
function fstat(fd, options, cb) { statAsync('fstat', fd, options, cb); }

function accessSync(path, mode) {
  path = getValidatedPath(path);
  mode = mode == null ? F_OK : mode;
  validateInteger(mode, 'mode', 0, 7);
  call('access', path, mode);
}

function access(path, mode, cb) {
  if (typeof mode === 'function') { cb = mode; mode = F_OK; }
  validateFunction(cb, 'cb');
  path = getValidatedPath(path);
  mode = mode == null ? F_OK : mode;
  validateInteger(mode, 'mode', 0, 7);
  toCallback(callAsync('access', path, mode), cb, () => undefined);
}

// ---- directories ----

function mkdirSync(path, options) {
  const r = call('mkdir', ...mkdirArgs(path, options));
  return r === null ? undefined : r;
}

function mkdir(path, options, cb) {
  if (typeof options === 'function') { cb = options; options = undefined; }
  validateFunction(cb, 'cb');
  toCallback(callAsync('mkdir', ...mkdirArgs(path, options)), cb, (r) => (r === null ? undefined : r));
}

function readdirResult(path, entries, options) {
  const enc = options.encoding;
  if (options.withFileTypes) {
    return entries.map(([name, type]) => new Dirent(encodeString(name, enc), type, path));
  }
  return entries.map(([name]) => encodeString(name, enc));
}

function readdirRecursiveSync(path, options) {
  // Breadth first, as Node's readdirSyncRecursive.
  const out = [];
  const queue = [[path, '']];
  for (let i = 0; i < queue.length; i++) {
    const [dir, rel] = queue[i];
    for (const [name, type] of call('readdir', dir)) {
      const r = rel ? pathModule.join(rel, name) : name;
      if (options.withFileTypes) out.push(new Dirent(name, type, dir));
      else out.push(encodeString(r, options.encoding));
      if (type === 2) queue.push([pathModule.join(dir, name), r]);
    }
  }
  return out;
}

function readdirSync(path, options) {
  options = getOptions(options);
  path = getValidatedPath(path);
  if (options.recursive) return readdirRecursiveSync(path, options);
  return readdirResult(path, call('readdir', path), options);
}

function readdir(path, options, cb) {
  cb ||= options;
  validateFunction(cb, 'cb');
  options = getOptions(options);
  path = getValidatedPath(path);
  if (options.recursive) {
    toCallback(Promise.resolve().then(() => readdirRecursiveSync(path, options)), cb);
    return;
  }
  toCallback(callAsync('readdir', path), cb, (e) => readdirResult(path, e, options));
}

function rmdirRecursiveRemoved(options) {
  if (options?.recursive !== undefined) {
    // DEP0147 reached end of life: rmdir no longer takes `recursive`.
    const { ERR_INVALID_ARG_VALUE } = require('internal/errors').codes;
    if (options.recursive) throw new ERR_INVALID_ARG_VALUE('options.recursive', options.recursive, 'is no longer supported');
  }
}

// DEP0147: up to line 24, `recursive` warns and removes a directory tree
// (a non-directory falls through to rmdir's ENOTDIR); from 25 it is an error.
function rmdirRecursive(options) {
  const compat = require('internal/compat/profile');
  if (compat.deprecationLevel('DEP0147') === 'eol') {
    rmdirRecursiveRemoved(options);
    return false;
  }
  if (!options?.recursive) return false;
  compat.emitDeprecation('DEP0147');
  return true;
}

function rmdirSync(path, options) {
  path = getValidatedPath(path);
  if (rmdirRecursive(options)) {
    ops.op_fs_stat(path, false, true, statBuf);
    if ((statBuf[1] & constants.S_IFMT) === constants.S_IFDIR) return call('rm', path, true);
  }
  call('rmdir', path);
}

function rmdir(path, options, cb) {
  if (typeof options === 'function') { cb = options; options = undefined; }
  validateFunction(cb, 'cb');
  path = getValidatedPath(path);
  if (rmdirRecursive(options)) {
    settle(callAsync('stat', path, false), cb, (st) => {
      const dir = (st[1] & constants.S_IFMT) === constants.S_IFDIR;
      toCallback(dir ? callAsync('rm', path, true) : callAsync('rmdir', path), cb, () => undefined);
    }, cb);
    return;
  }
  toCallback(callAsync('rmdir', path), cb, () => undefined);
}

function unlinkSync(path) { call('unlink', getValidatedPath(path)); }
function unlink(path, cb) {
  validateFunction(cb, 'cb');
  toCallback(callAsync('unlink', getValidatedPath(path)), cb, () => undefined);
}

function rmOptions(options) {
  const o = { recursive: false, force: false, ...options };
  validateBoolean(o.recursive, 'options.recursive');
  validateBoolean(o.force, 'options.force');
  return o;
}

function rmCheck(path, o, st) {
  if (st === undefined) {
    if (o.force) return false;
    ops.op_fs_stat(path, false, true, statBuf); // throws ENOENT/lstat
  }
  if (!o.recursive && (statBuf[1] & constants.S_IFMT) === constants.S_IFDIR) {
    throw new ERR_FS_EISDIR({ code: 'EISDIR', message: 'is a directory', path, syscall: 'rm', errno: 21 });
  }
  return true;
}

function rmSync(path, options) {
  path = getValidatedPath(path);
  const denied = lstatDenied(path);
  if (denied) throw denied;
  const o = rmOptions(options);
  const found = ops.op_fs_stat(path, false, false, statBuf) ? true : undefined;
  if (!rmCheck(path, o, found)) return;
  call('rm', path, o.recursive);
}

function rm(path, options, cb) {
  if (typeof options === 'function') { cb = options; options = undefined; }
  validateFunction(cb, 'cb');
  path = getValidatedPath(path);
  const o = rmOptions(options);
  settle(callAsync('stat', path, false), cb,
         (st) => {
           if (!o.recursive && (st[1] & constants.S_IFMT) === constants.S_IFDIR) {
             return cb(new ERR_FS_EISDIR({ code: 'EISDIR', message: 'is a directory', path, syscall: 'rm', errno: 21 }));
           }
           toCallback(callAsync('rm', path, o.recursive), cb, () => undefined);
         },
         (err) => cb(o.force && err.code === 'ENOENT' ? null : err));
}

function mkdtempSync(prefix, options) {
  options = getOptions(options);
  prefix = getValidatedPath(prefix, 'prefix');
  warnOnNonPortableTemplate(prefix);
  return encodeString(call('mkdtemp', prefix), options.encoding);
}

function mkdtempDisposableSync(prefix, options) {
  options = getOptions(options);
  prefix = getValidatedPath(prefix, 'prefix');
  warnOnNonPortableTemplate(prefix);
  const path = encodeString(call('mkdtemp', prefix), options.encoding);
  // The full path survives a later process.chdir().
  const fullPath = pathModule.resolve(process.cwd(), `${path}`);
  const remove = () => rmSync(fullPath, { recursive: true, force: true });
  return {
    path,
    remove,
    [Symbol.dispose]() { remove(); },
  };
}

function mkdtemp(prefix, options, cb) {
  cb ||= options;
  validateFunction(cb, 'cb');
  options = getOptions(options);
  prefix = getValidatedPath(prefix, 'prefix');
  warnOnNonPortableTemplate(prefix);
  toCallback(callAsync('mkdtemp', prefix), cb, (p) => encodeString(p, options.encoding));
}

// ---- two-path and attribute calls ----

function twoPath(op, a, b, nameA, nameB) {
  return [op, getValidatedPath(a, nameA), getValidatedPath(b, nameB)];
}

function renameSync(oldPath, newPath) { call(...twoPath('rename', oldPath, newPath, 'oldPath', 'newPath')); }
function rename(oldPath, newPath, cb) {
  validateFunction(cb, 'cb');
  toCallback(callAsync(...twoPath('rename', oldPath, newPath, 'oldPath', 'newPath')), cb, () => undefined);
}

function copyFileSync(src, dest, mode = 0) {
  call(...twoPath('copyfile', src, dest, 'src', 'dest'), mode);
}
function copyFile(src, dest, mode, cb) {
  if (typeof mode === 'function') { cb = mode; mode = 0; }
  validateFunction(cb, 'cb');
  toCallback(callAsync(...twoPath('copyfile', src, dest, 'src', 'dest'), mode ?? 0), cb, () => undefined);
}

function linkSync(existingPath, newPath) { call(...twoPath('link', existingPath, newPath, 'existingPath', 'newPath')); }
function link(existingPath, newPath, cb) {
  validateFunction(cb, 'cb');
  toCallback(callAsync(...twoPath('link', existingPath, newPath, 'existingPath', 'newPath')), cb, () => undefined);
}

const kSymlinkTypes = ['dir', 'file', 'junction', null, undefined];
function symlinkSync(target, path, type) {
  validateOneOf(type, 'type', kSymlinkTypes);
  call(...twoPath('symlink', target, path, 'target', 'path'));
}
function symlink(target, path, type, cb) {
  if (cb === undefined) {
    cb = type;
    type = undefined;
  } else {
    validateOneOf(type, 'type', kSymlinkTypes);
  }
  validateFunction(cb, 'cb');
  toCallback(callAsync(...twoPath('symlink', target, path, 'target', 'path')), cb, () => undefined);
}

function readlinkSync(path, options) {
  options = getOptions(options);
  return encodeString(call('readlink', getValidatedPath(path)), options.encoding);
}
function readlink(path, options, cb) {
  cb ||= options;
  validateFunction(cb, 'cb');
  options = getOptions(options);
  toCallback(callAsync('readlink', getValidatedPath(path)), cb, (p) => encodeString(p, options.encoding));
}

function realpathSync(path, options) {
  options = getOptions(options);
  // Node's JS realpathSync walks the path with unchecked lstat calls: the
  // permission model does not apply to it (it does to the native form).
  return encodeString(ops.op_fs_realpath(getValidatedPath(path)), options.encoding);
}
realpathSync.native = (path, options) => {
  options = getOptions(options);
  return encodeString(call('realpath', getValidatedPath(path)), options.encoding);
};
function realpath(path, options, cb) {
  cb ||= options;
  validateFunction(cb, 'cb');
  options = getOptions(options);
  toCallback(callAsync('realpath', getValidatedPath(path)), cb, (p) => encodeString(p, options.encoding));
}
realpath.native = realpath;

function chmodSync(path, mode) { call('chmod', getValidatedPath(path), parseMode(mode, 'mode')); }
function chmod(path, mode, cb) {
  validateFunction(cb, 'cb');
  toCallback(callAsync('chmod', getValidatedPath(path), parseMode(mode, 'mode')), cb, () => undefined);
}
function fchmodSync(fd, mode) { call('fchmod', getValidatedFd(fd), parseMode(mode, 'mode')); }
function fchmod(fd, mode, cb) {
  validateFunction(cb, 'cb');
  toCallback(callAsync('fchmod', getValidatedFd(fd), parseMode(mode, 'mode')), cb, () => undefined);
}

function chownSync(path, uid, gid) { call('chown', getValidatedPath(path), ...ids(uid, gid), true); }
function lchownSync(path, uid, gid) { call('chown', getValidatedPath(path), ...ids(uid, gid), false); }
function fchownSync(fd, uid, gid) { call('fchown', getValidatedFd(fd), ...ids(uid, gid)); }
function chown(path, uid, gid, cb) {
  path = getValidatedPath(path);
  const a = ids(uid, gid);
  validateFunction(cb, 'cb');
  toCallback(callAsync('chown', path, ...a, true), cb, () => undefined);
}
function lchown(path, uid, gid, cb) {
  path = getValidatedPath(path);
  const a = ids(uid, gid);
  validateFunction(cb, 'cb');
  toCallback(callAsync('chown', path, ...a, false), cb, () => undefined);
}
function fchown(fd, uid, gid, cb) {
  fd = getValidatedFd(fd);
  const a = ids(uid, gid);
  validateFunction(cb, 'cb');
  toCallback(callAsync('fchown', fd, ...a), cb, () => undefined);
}

function utimesSync(path, atime, mtime) {
  call('utimes', getValidatedPath(path), toUnixTimestamp(atime, 'atime'), toUnixTimestamp(mtime, 'mtime'), true);
}
function lutimesSync(path, atime, mtime) {
  call('utimes', getValidatedPath(path), toUnixTimestamp(atime, 'atime'), toUnixTimestamp(mtime, 'mtime'), false);
}
function futimesSync(fd, atime, mtime) {
  call('futimes', getValidatedFd(fd), toUnixTimestamp(atime, 'atime'), toUnixTimestamp(mtime, 'mtime'));
}
function utimes(path, atime, mtime, cb) {
  validateFunction(cb, 'cb');
  toCallback(callAsync('utimes', getValidatedPath(path), toUnixTimestamp(atime, 'atime'),
                       toUnixTimestamp(mtime, 'mtime'), true), cb, () => undefined);
}
function lutimes(path, atime, mtime, cb) {
  validateFunction(cb, 'cb');
  toCallback(callAsync('utimes', getValidatedPath(path), toUnixTimestamp(atime, 'atime'),
                       toUnixTimestamp(mtime, 'mtime'), false), cb, () => undefined);
}
function futimes(fd, atime, mtime, cb) {
  validateFunction(cb, 'cb');
  toCallback(callAsync('futimes', getValidatedFd(fd), toUnixTimestamp(atime, 'atime'),
                       toUnixTimestamp(mtime, 'mtime')), cb, () => undefined);
}

// DEP0081: a file descriptor is truncated (with a warning) until line 24 rejects it.
function truncateTakesFd(path) {
  if (typeof path !== 'number') return false;
  const compat = require('internal/compat/profile');
  if (compat.deprecationLevel('DEP0081') === 'eol') return false;
  compat.emitDeprecation('DEP0081');
  return true;
}
function truncateSync(path, len = 0) {
  if (truncateTakesFd(path)) return ftruncateSync(path, len);
  validateInteger(len, 'len');
  call('truncate', getValidatedPath(path), Math.max(0, len));
}
function truncate(path, len, cb) {
  if (truncateTakesFd(path)) return ftruncate(path, len, cb);
  if (typeof len === 'function') { cb = len; len = 0; }
  validateFunction(cb, 'cb');
  len ??= 0;
  validateInteger(len, 'len');
  toCallback(callAsync('truncate', getValidatedPath(path), Math.max(0, len)), cb, () => undefined);
}
function ftruncateSync(fd, len = 0) {
  validateInteger(len, 'len');
  call('ftruncate', getValidatedFd(fd), Math.max(0, len));
}
function ftruncate(fd, len, cb) {
  if (typeof len === 'function') { cb = len; len = 0; }
  validateFunction(cb, 'cb');
  toCallback(callAsync('ftruncate', getValidatedFd(fd), Math.max(0, len ?? 0)), cb, () => undefined);
}

function fsyncSync(fd) { call('fsync', getValidatedFd(fd)); }
function fsync(fd, cb) {
  validateFunction(cb, 'cb');
  toCallback(callAsync('fsync', getValidatedFd(fd)), cb, () => undefined);
}

// ---- vectored I/O ----

function vecPosition(position) {
  return typeof position === 'number' || typeof position === 'bigint' ? Number(position) : -1;
}

function asBytes(views) {
  return views.map((b) => (b instanceof Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
}

function readvSync(fd, buffers, position) {
  fd = getValidatedFd(fd);
  validateBufferArray(buffers);
  return ops.op_fs_readv(fd, asBytes(buffers), vecPosition(position));
}

function readv(fd, buffers, position, callback) {
  fd = getValidatedFd(fd);
  validateBufferArray(buffers);
  callback ||= position;
  validateFunction(callback, 'cb');
  toCallback(ops.op_fs_readv_async(fd, asBytes(buffers), vecPosition(position)), (err, n) => {
    if (err) return callback(err);
    callback(null, n, buffers);
  });
}
ObjectDefineProperty(readv, kCustomPromisifyArgsSymbol, {
  __proto__: null, value: ['bytesRead', 'buffers'], enumerable: false,
});

function writevSync(fd, buffers, position) {
  fd = getValidatedFd(fd);
  validateBufferArray(buffers);
  if (buffers.length === 0) return 0;
  return ops.op_fs_writev(fd, asBytes(buffers), typeof position === 'number' ? position : -1);
}

function writev(fd, buffers, position, callback) {
  fd = getValidatedFd(fd);
  validateBufferArray(buffers);
  callback ||= position;
  validateFunction(callback, 'cb');
  if (buffers.length === 0) {
    process.nextTick(callback, null, 0, buffers);
    return;
  }
  toCallback(ops.op_fs_writev_async(fd, asBytes(buffers), typeof position === 'number' ? position : -1),
             (err, n) => {
               if (err) return callback(err);
               callback(null, n, buffers);
             });
}
ObjectDefineProperty(writev, kCustomPromisifyArgsSymbol, {
  __proto__: null, value: ['bytesWritten', 'buffers'], enumerable: false,
});

// ---- cp ----

function cp(src, dest, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  validateFunction(callback, 'cb');
  options = validateCpOptions(options);
  src = getValidatedPath(src, 'src');
  dest = getValidatedPath(dest, 'dest');
  settle(require('internal/fs/cp/cp').cpFn(src, dest, options), callback, () => callback(null), callback);
}

function cpSync(src, dest, options) {
  options = validateCpOptions(options);
  src = getValidatedPath(src, 'src');
  dest = getValidatedPath(dest, 'dest');
  require('internal/fs/cp/cp-sync').cpSyncFn(src, dest, options);
}

// ---- statfs ----

function statfs(path, options = { bigint: false }, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = { bigint: false };
  }
  validateFunction(callback, 'cb');
  path = getValidatedPath(path);
  toCallback(callAsync('statfs', path), callback, (a) => getStatFsFromBinding(a, !!options?.bigint));
}

function statfsSync(path, options = { bigint: false }) {
  path = getValidatedPath(path);
  return getStatFsFromBinding(call('statfs', path), !!options?.bigint);
}

// ---- watchers ----

let watchers;
const lazyWatchers = () => (watchers ??= require('internal/fs/watchers'));
const statWatchers = new Map();

function watch(filename, options, listener) {
  if (typeof options === 'function') listener = options;
  options = getOptions(options);
  options = { ...options };
  if (options.persistent === undefined) options.persistent = true;
  if (options.recursive === undefined) options.recursive = false;
  const w = lazyWatchers();
  const path = getValidatedPath(filename);
  validateBoolean(options.persistent, 'options.persistent');
  validateBoolean(options.recursive, 'options.recursive');
  w.validateIgnoreOption(options.ignore, 'options.ignore');
  const watcher = new w.FSWatcher();
  watcher[w.kFSWatchStart](path, options.persistent, options.recursive, options.encoding, options.ignore);
  if (listener) watcher.addListener('change', listener);
  if (options.signal) {
    if (options.signal.aborted) {
      process.nextTick(() => watcher.close());
    } else {
      const onAbort = () => watcher.close();
      options.signal.addEventListener('abort', onAbort, { __proto__: null, once: true });
      watcher.once('close', () => options.signal.removeEventListener('abort', onAbort));
    }
  }
  return watcher;
}

function watchFile(filename, options, listener) {
  filename = getValidatedPath(filename);
  if (process.permission !== undefined) ops.op_permission_check_path(filename, false);
  filename = pathModule.resolve(filename);
  if (options === null || typeof options !== 'object') {
    listener = options;
    options = null;
  }
  // 5007 ms is libev's old default poll interval.
  options = { interval: 5007, persistent: true, ...options };
  validateFunction(listener, 'listener');
  const w = lazyWatchers();
  let stat = statWatchers.get(filename);
  if (stat === undefined) {
    stat = new w.StatWatcher(options.bigint);
    stat[w.kFSStatWatcherStart](filename, options.persistent, options.interval);
    statWatchers.set(filename, stat);
  } else {
    stat[w.kFSStatWatcherAddOrCleanRef]('add');
  }
  stat.addListener('change', listener);
  return stat;
}

function unwatchFile(filename, listener) {
  filename = getValidatedPath(filename);
  filename = pathModule.resolve(filename);
  const stat = statWatchers.get(filename);
  if (stat === undefined) return;
  const w = lazyWatchers();
  if (typeof listener === 'function') {
    const before = stat.listenerCount('change');
    stat.removeListener('change', listener);
    if (stat.listenerCount('change') < before) stat[w.kFSStatWatcherAddOrCleanRef]('clean');
  } else {
    stat.removeAllListeners('change');
    stat[w.kFSStatWatcherAddOrCleanRef]('cleanAll');
  }
  if (stat.listenerCount('change') === 0) {
    stat.stop();
    statWatchers.delete(filename);
  }
}

// ---- glob ----

let lazyGlobClass;
const lazyGlob = () => (lazyGlobClass ??= require('internal/fs/glob').Glob);

function glob(pattern, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  callback = makeCallback(callback);
  const Glob = lazyGlob();
  settle(Array.fromAsync(new Glob(pattern, options).glob()), callback, (res) => callback(null, res), callback);
}

function globSync(pattern, options) {
  const Glob = lazyGlob();
  return new Glob(pattern, options).globSync();
}

// ---- streams ----

let fsStreams;
const lazyStreams = () => (fsStreams ??= require('internal/fs/streams'));

function createReadStream(path, options) {
  return new (lazyStreams().ReadStream)(path, options);
}

function createWriteStream(path, options) {
  return new (lazyStreams().WriteStream)(path, options);
}

const { opendir, opendirSync, Dir } = require('internal/fs/dir');

module.exports = {
  readv, readvSync, writev, writevSync, cp, cpSync, statfs, statfsSync,
  watch, watchFile, unwatchFile, createReadStream, createWriteStream,
  opendir, opendirSync, Dir, glob, globSync,
  appendFile, appendFileSync, access, accessSync, chown, chownSync, chmod, chmodSync,
  close, closeSync, copyFile, copyFileSync, exists, existsSync,
  fchown, fchownSync, fchmod, fchmodSync, fdatasync: fsync, fdatasyncSync: fsyncSync,
  fstat, fstatSync, fsync, fsyncSync, ftruncate, ftruncateSync, futimes, futimesSync,
  lchown, lchownSync, link, linkSync, lstat, lstatSync, lutimes, lutimesSync,
  mkdir, mkdirSync, mkdtemp, mkdtempSync, mkdtempDisposableSync, open, openSync, readdir, readdirSync,
  read, readSync, readFile, readFileSync, readlink, readlinkSync, realpath, realpathSync,
  rename, renameSync, rm, rmSync, rmdir, rmdirSync, stat, statSync,
  symlink, symlinkSync, truncate, truncateSync, unlink, unlinkSync, utimes, utimesSync,
  write, writeSync, writeFile, writeFileSync,
  Dirent, Stats,
  _toUnixTimestamp: toUnixTimestamp,
  F_OK, R_OK, W_OK, X_OK,
  constants,
};

for (const { 0: name, 1: key } of [['ReadStream', 'ReadStream'], ['WriteStream', 'WriteStream'],
  ['FileReadStream', 'ReadStream'], ['FileWriteStream', 'WriteStream']]) {
  ObjectDefineProperty(module.exports, name, {
    __proto__: null,
    get() { return lazyStreams()[key]; },
    set(v) { lazyStreams()[key] = v; },
    configurable: true,
    enumerable: name.length < 12,
  });
}

let Utf8Stream;
ObjectDefineProperty(module.exports, 'Utf8Stream', {
  __proto__: null,
  configurable: true,
  enumerable: true,
  get() { return (Utf8Stream ??= require('internal/fs/utf8_stream')); },
});

let promises;
ObjectDefineProperty(module.exports, 'promises', {
  __proto__: null,
  configurable: true,
  enumerable: true,
  get() { return (promises ??= require('fs/promises')); },
});
