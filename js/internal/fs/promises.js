// Copyright Joyent, Inc. and other Node contributors. MIT license.
// Adapted from Node.js lib/internal/fs/promises.js: the promise form of fs and
// FileHandle, over the `op_fs_*` ops (src/ext/fs/), which run on tokio's
// blocking pool.
'use strict';

const {
  ArrayPrototypePush,
  MathMin,
  Promise,
  PromisePrototypeThen,
  PromiseReject,
  PromiseResolve,
  SafePromisePrototypeFinally,
  Symbol,
  SymbolAsyncDispose,
  Uint8Array,
} = primordials;

const ops = internalBinding('ops');
const {
  AbortError,
  aggregateTwoErrors,
  codes: {
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_STATE,
    ERR_FS_EISDIR,
    ERR_FS_FILE_TOO_LARGE,
  },
} = require('internal/errors');
const {
  validateAbortSignal,
  validateBoolean,
  validateBuffer,
  validateEncoding,
  validateInteger,
  validateObject,
  validateFunction,
  validateOneOf,
  kValidateObjectAllowNullable,
} = require('internal/validators');
const {
  constants,
  stringToFlags,
  getValidatedPath,
  getOptions,
  parseMode,
  encodeBytes,
  encodeString,
  toBytes,
  getStatsFromBinding,
  getStatFsFromBinding,
  Dirent,
  toUnixTimestamp,
  validateOffsetLengthRead,
  validateOffsetLengthWrite,
  validatePosition,
  validateBufferArray,
  validateCpOptions,
  validateRmOptions,
  validateStringAfterArrayBufferView,
  getValidMode,
  mkdirArgs,
} = require('internal/fs/utils');
const { kEmptyObject } = require('internal/util');
const EventEmitter = require('events');
const pathModule = require('path');

const kIoMaxLength = 2 ** 31 - 1;
const kWriteFileMaxChunkSize = 512 * 1024;
const kReadFileBufferLength = 512 * 1024;

const callAsync = (op, ...a) => ops.op_fs_call_async({ op, a: a.length === 1 ? a[0] : a });

/** Validated owner ids; -1 ("unchanged") becomes the unsigned value the syscall wants. */
function ids(uid, gid) {
  validateInteger(uid, 'uid', -1, 4294967295);
  validateInteger(gid, 'gid', -1, 4294967295);
  return [uid >>> 0, gid >>> 0];
}

const kFd = Symbol('kFd');
const kRefs = Symbol('kRefs');
const kClosePromise = Symbol('kClosePromise');
const kCloseResolve = Symbol('kCloseResolve');
const kCloseReject = Symbol('kCloseReject');
const kRef = Symbol('kRef');
const kUnref = Symbol('kUnref');
const kLocked = Symbol('kLocked');

let lazyStreams;
const fsStreams = () => (lazyStreams ??= require('internal/fs/streams'));

function closeFd(fd) {
  return ops.op_fs_close_async(fd);
}

class FileHandle extends EventEmitter {
  constructor(fd) {
    super();
    this[kFd] = fd;
    this[kRefs] = 1;
    this[kClosePromise] = null;
  }

  getAsyncId() { return -1; }

  get fd() { return this[kFd]; }

  appendFile(data, options) { return fsCall(writeFile, this, data, options); }
  chmod(mode) { return fsCall(fchmod, this, mode); }
  chown(uid, gid) { return fsCall(fchown, this, uid, gid); }
  datasync() { return fsCall(fdatasync, this); }
  sync() { return fsCall(fsync, this); }
  read(buffer, offset, length, position) { return fsCall(read, this, buffer, offset, length, position); }
  readv(buffers, position) { return fsCall(readv, this, buffers, position); }
  readFile(options) { return fsCall(readFile, this, options); }
  readLines(options = undefined) {
    const { Interface } = require('readline');
    return new Interface({ input: this.createReadStream(options), crlfDelay: Infinity });
  }
  stat(options) { return fsCall(fstat, this, options); }
  truncate(len = 0) { return fsCall(ftruncate, this, len); }
  utimes(atime, mtime) { return fsCall(futimes, this, atime, mtime); }
  write(buffer, offset, length, position) { return fsCall(write, this, buffer, offset, length, position); }
  writev(buffers, position) { return fsCall(writev, this, buffers, position); }
  writeFile(data, options) { return fsCall(writeFile, this, data, options); }

  close = () => {
    if (this[kFd] === -1) return PromiseResolve();
    if (this[kClosePromise]) return this[kClosePromise];
    this[kRefs]--;
    if (this[kRefs] === 0) {
      const fd = this[kFd];
      this[kFd] = -1;
      this[kClosePromise] = SafePromisePrototypeFinally(closeFd(fd), () => { this[kClosePromise] = undefined; });
    } else {
      this[kClosePromise] = SafePromisePrototypeFinally(
        new Promise((resolve, reject) => {
          this[kCloseResolve] = resolve;
          this[kCloseReject] = reject;
        }), () => {
          this[kClosePromise] = undefined;
          this[kCloseReject] = undefined;
          this[kCloseResolve] = undefined;
        });
    }
    this.emit('close');
    return this[kClosePromise];
  };

  async [SymbolAsyncDispose]() {
    await this.close();
  }

  readableWebStream(options = kEmptyObject) {
    if (this[kFd] === -1) throw new ERR_INVALID_STATE('The FileHandle is closed');
    if (this[kClosePromise]) throw new ERR_INVALID_STATE('The FileHandle is closing');
    if (this[kLocked]) throw new ERR_INVALID_STATE('The FileHandle is locked');
    this[kLocked] = true;
    validateObject(options, 'options');
    const { autoClose = false } = options;
    validateBoolean(autoClose, 'options.autoClose');
    const readFn = this.read.bind(this);
    const ondone = async () => {
      this[kUnref]();
      if (autoClose) await this.close();
    };
    const { ReadableStream } = require('stream/web');
    const readable = new ReadableStream({
      type: 'bytes',
      autoAllocateChunkSize: 16384,
      async pull(controller) {
        const view = controller.byobRequest.view;
        const { bytesRead } = await readFn(view, 0, view.byteLength);
        if (bytesRead === 0) {
          controller.close();
          await ondone();
        }
        controller.byobRequest.respond(bytesRead);
      },
      async cancel() { await ondone(); },
    });
    this[kRef]();
    this.once('close', () => { readable.cancel().catch(() => {}); });
    return readable;
  }

  createReadStream(options = undefined) {
    const { ReadStream } = fsStreams();
    return new ReadStream(undefined, { ...options, fd: this });
  }

  createWriteStream(options = undefined) {
    const { WriteStream } = fsStreams();
    return new WriteStream(undefined, { ...options, fd: this });
  }

  [kRef]() {
    this[kRefs]++;
  }

  [kUnref]() {
    this[kRefs]--;
    if (this[kRefs] === 0) {
      const fd = this[kFd];
      this[kFd] = -1;
      PromisePrototypeThen(closeFd(fd), this[kCloseResolve], this[kCloseReject]);
    }
  }
}

/** A FileHandle over a user's descriptor, which closing must leave open. */
class FileHandleNoClose extends FileHandle {
  close = () => PromiseResolve();
}

async function fsCall(fn, handle, ...args) {
  if (handle[kRefs] === undefined) {
    throw new ERR_INVALID_ARG_TYPE('filehandle', 'FileHandle', handle);
  }
  if (handle.fd === -1) {
    const err = new Error('file closed');
    err.code = 'EBADF';
    err.syscall = fn.name;
    throw err;
  }
  try {
    handle[kRef]();
    return await fn(handle, ...args);
  } finally {
    handle[kUnref]();
  }
}

function checkAborted(signal) {
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
}

function isCustomIterable(obj) {
  return obj != null && !ArrayBuffer.isView(obj) && typeof obj !== 'string' &&
    (typeof obj[Symbol.iterator] === 'function' || typeof obj[Symbol.asyncIterator] === 'function');
}

async function handleFdClose(fileOpPromise, closeFunc) {
  return PromisePrototypeThen(
    fileOpPromise,
    (result) => PromisePrototypeThen(closeFunc(), () => result),
    (opError) => PromisePrototypeThen(
      closeFunc(),
      () => PromiseReject(opError),
      (closeError) => PromiseReject(aggregateTwoErrors(closeError, opError)),
    ),
  );
}

async function writeFileHandle(filehandle, data, signal, encoding) {
  checkAborted(signal);
  if (isCustomIterable(data)) {
    for await (const buf of data) {
      checkAborted(signal);
      const toWrite = ArrayBuffer.isView(buf) ? buf : require('buffer').Buffer.from(buf, encoding || 'utf8');
      let remaining = toWrite.byteLength;
      while (remaining > 0) {
        const writeSize = MathMin(kWriteFileMaxChunkSize, remaining);
        const { bytesWritten } = await write(filehandle, toWrite, toWrite.byteLength - remaining, writeSize);
        remaining -= bytesWritten;
        checkAborted(signal);
      }
    }
    return;
  }
  data = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let remaining = data.byteLength;
  if (remaining === 0) return;
  do {
    checkAborted(signal);
    const { bytesWritten } = await write(filehandle, data, 0, MathMin(kWriteFileMaxChunkSize, data.byteLength));
    remaining -= bytesWritten;
    data = new Uint8Array(data.buffer, data.byteOffset + bytesWritten, data.byteLength - bytesWritten);
  } while (remaining > 0);
}

async function readFileHandle(filehandle, options) {
  const signal = options?.signal;
  const encoding = options?.encoding;
  checkAborted(signal);
  const fd = filehandle.fd;
  const { Buffer } = require('buffer');
  if (signal === undefined) {
    // One blocking-pool task: fstat, then read to the end.
    const bytes = await ops.op_fs_read_fd_all_async(fd);
    if (bytes.byteLength > kIoMaxLength) throw new ERR_FS_FILE_TOO_LARGE(bytes.byteLength);
    return encodeBytes(bytes, encoding);
  }
  const st = await callAsync('fstat', fd);
  checkAborted(signal);
  const isReg = (st[1] & constants.S_IFMT) === constants.S_IFREG;
  const size = isReg ? st[8] : 0;
  if (size > kIoMaxLength) throw new ERR_FS_FILE_TOO_LARGE(size);
  const chunks = [];
  let total = 0;
  const chunkLen = size > 0 ? MathMin(size, 512 * 1024) : 64 * 1024;
  for (;;) {
    checkAborted(signal);
    const buf = Buffer.allocUnsafeSlow(chunkLen);
    const n = await ops.op_fs_read_into_async(fd, buf, 0, chunkLen, -1);
    if (n === 0) break;
    ArrayPrototypePush(chunks, n === chunkLen ? buf : buf.subarray(0, n));
    total += n;
    if (total > kIoMaxLength) throw new ERR_FS_FILE_TOO_LARGE(total);
  }
  checkAborted(signal);
  const out = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  return encoding ? out.toString(encoding) : out;
}

// ---- FileHandle operations (also used by fsCall) ----

async function fstat(handle, options = { bigint: false }) {
  return getStatsFromBinding(await callAsync('fstat', handle.fd), !!options?.bigint);
}

async function fchmod(handle, mode) {
  mode = parseMode(mode, 'mode');
  await callAsync('fchmod', handle.fd, mode);
}

async function fchown(handle, uid, gid) {
  await callAsync('fchown', handle.fd, ...ids(uid, gid));
}

async function fsync(handle) { await callAsync('fsync', handle.fd); }
async function fdatasync(handle) { await callAsync('fsync', handle.fd); }

async function ftruncate(handle, len = 0) {
  validateInteger(len, 'len');
  len = MathMax(0, len);
  await callAsync('ftruncate', handle.fd, len);
}

async function futimes(handle, atime, mtime) {
  atime = toUnixTimestamp(atime, 'atime');
  mtime = toUnixTimestamp(mtime, 'mtime');
  await callAsync('futimes', handle.fd, atime, mtime);
}

const { MathMax } = primordials;

async function read(handle, bufferOrParams, offset, length, position) {
  let buffer = bufferOrParams;
  if (!ArrayBuffer.isView(buffer)) {
    if (bufferOrParams !== undefined) {
      validateObject(bufferOrParams, 'options', kValidateObjectAllowNullable);
    }
    ({
      buffer = require('buffer').Buffer.alloc(16384),
      offset = 0,
      length = buffer.byteLength - offset,
      position = null,
    } = bufferOrParams ?? kEmptyObject);
    validateBuffer(buffer);
  }

  if (offset !== null && typeof offset === 'object') {
    ({
      offset = 0,
      length = buffer.byteLength - offset,
      position = null,
    } = offset);
  }

  if (offset == null) {
    offset = 0;
  } else {
    validateInteger(offset, 'offset', 0);
  }

  length ??= buffer.byteLength - offset;

  if (length === 0) return { __proto__: null, bytesRead: length, buffer };

  if (buffer.byteLength === 0) {
    throw new ERR_INVALID_ARG_VALUE('buffer', buffer, 'is empty and cannot be written');
  }

  validateOffsetLengthRead(offset, length, buffer.byteLength);

  if (position == null) {
    position = -1;
  } else {
    validatePosition(position, 'position', length);
  }

  const bytesRead = await ops.op_fs_read_into_async(handle.fd, viewOf(buffer), offset, length, Number(position));
  return { __proto__: null, bytesRead, buffer };
}

/** A Uint8Array over any ArrayBufferView (the ops take bytes). */
function viewOf(buffer) {
  return buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

async function readv(handle, buffers, position) {
  validateBufferArray(buffers);
  if (typeof position !== 'number' && typeof position !== 'bigint') position = null;
  const bytesRead = await ops.op_fs_readv_async(handle.fd, buffers.map(viewOf), position == null ? -1 : Number(position));
  return { __proto__: null, bytesRead, buffers };
}

async function write(handle, buffer, offsetOrOptions, length, position) {
  if (buffer?.byteLength === 0) return { __proto__: null, bytesWritten: 0, buffer };

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
    if (typeof position !== 'number') position = null;
    validateOffsetLengthWrite(offset, length, buffer.byteLength);
    const bytesWritten = await ops.op_fs_write_from_async(handle.fd, viewOf(buffer), offset, length,
                                                           position ?? -1);
    return { __proto__: null, bytesWritten, buffer };
  }

  validateStringAfterArrayBufferView(buffer, 'buffer');
  validateEncoding(buffer, length);
  const bytes = require('buffer').Buffer.from(buffer, length);
  const bytesWritten = await ops.op_fs_write_from_async(handle.fd, bytes, 0, bytes.byteLength,
                                                         typeof offset === 'number' ? offset : -1);
  return { __proto__: null, bytesWritten, buffer };
}

async function writev(handle, buffers, position) {
  validateBufferArray(buffers);
  if (typeof position !== 'number') position = null;
  if (buffers.length === 0) return { __proto__: null, bytesWritten: 0, buffers };
  const bytesWritten = await ops.op_fs_writev_async(handle.fd, buffers.map(viewOf), position ?? -1);
  return { __proto__: null, bytesWritten, buffers };
}

// ---- path-based calls ----

async function open(path, flags, mode) {
  path = getValidatedPath(path);
  const flagsNumber = stringToFlags(flags);
  mode = parseMode(mode, 'mode', 0o666);
  return new FileHandle(await ops.op_fs_open_async(path, flagsNumber, mode));
}

async function readFile(path, options) {
  options = getOptions(options, { flag: 'r' });
  const flag = options.flag || 'r';

  if (path instanceof FileHandle) return fsCall(readFileHandle, path, options);

  checkAborted(options.signal);
  if (options.signal === undefined) {
    // As Node 26: a file of up to one chunk is opened, read and closed in one
    // op (done inline when it is cached, else in one blocking-pool task); a
    // larger one is read through a FileHandle.
    const bytes = await ops.op_fs_read_file_upto_async(getValidatedPath(path), stringToFlags(flag),
                                                       kReadFileBufferLength);
    if (bytes !== null) return encodeBytes(bytes, options.encoding);
  }
  const fd = await open(path, flag, 0o666);
  return handleFdClose(readFileHandle(fd, options), fd.close);
}

async function writeFile(path, data, options) {
  options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'w' });
  const flag = options.flag || 'w';
  const flush = options.flush ?? false;
  validateBoolean(flush, 'options.flush');

  if (!ArrayBuffer.isView(data) && !isCustomIterable(data)) {
    validateStringAfterArrayBufferView(data, 'data');
    data = require('buffer').Buffer.from(data, options.encoding || 'utf8');
  }

  validateAbortSignal(options.signal);
  if (path instanceof FileHandle) return writeFileHandle(path, data, options.signal, options.encoding);

  checkAborted(options.signal);

  const fd = await open(path, flag, options.mode);
  let writeOp = writeFileHandle(fd, data, options.signal, options.encoding);
  if (flush) writeOp = PromisePrototypeThen(writeOp, () => fd.sync());
  return handleFdClose(writeOp, fd.close);
}

async function appendFile(path, data, options) {
  options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'a' });
  options = { ...options };
  options.flag ||= 'a';
  return writeFile(path, data, options);
}

async function stat(path, options = { bigint: false }) {
  return getStatsFromBinding(await callAsync('stat', getValidatedPath(path), true), !!options?.bigint);
}
async function lstat(path, options = { bigint: false }) {
  // The permission model, checked in JS as Node's lstat does.
  if (process.permission !== undefined) {
    const denied = require('internal/process/permission').lstatDenied(getValidatedPath(path));
    if (denied) throw denied;
  }
  return getStatsFromBinding(await callAsync('stat', getValidatedPath(path), false), !!options?.bigint);
}
async function statfs(path, options = { bigint: false }) {
  return getStatFsFromBinding(await callAsync('statfs', getValidatedPath(path)), !!options?.bigint);
}

async function access(path, mode = constants.F_OK) {
  path = getValidatedPath(path);
  mode = getValidMode(mode, 'access');
  await callAsync('access', path, mode);
}

async function mkdir(path, options) {
  const r = await callAsync('mkdir', ...mkdirArgs(path, options));
  return r === null ? undefined : r;
}

async function readdir(path, options) {
  options = getOptions(options);
  path = getValidatedPath(path);
  if (options.recursive) return require('fs').readdirSync(path, options);
  const entries = await callAsync('readdir', path);
  if (options.withFileTypes) return entries.map(([n, t]) => new Dirent(encodeString(n, options.encoding), t, path));
  return entries.map(([n]) => encodeString(n, options.encoding));
}

async function rm(path, options) {
  path = getValidatedPath(path);
  options = await new Promise((resolve, reject) => {
    validateRmOptions(path, options, false, (err, opts) => {
      if (err) return reject(err);
      resolve(opts);
    });
  });
  try {
    await callAsync('rm', path, options.recursive);
  } catch (err) {
    if (options.force && err.code === 'ENOENT') return;
    throw err;
  }
}

async function rmdir(path, options) {
  path = getValidatedPath(path);
  if (options?.recursive) {
    // DEP0147: up to line 24 a directory tree is removed with a warning; from 25 it is an error.
    const compat = require('internal/compat/profile');
    if (compat.deprecationLevel('DEP0147') === 'eol') {
      const { ERR_INVALID_ARG_VALUE: E } = require('internal/errors').codes;
      throw new E('options.recursive', true, 'is no longer supported');
    }
    compat.emitDeprecation('DEP0147');
    const st = await callAsync('stat', path, true);
    if ((st[1] & constants.S_IFMT) === constants.S_IFDIR) {
      await callAsync('rm', path, true);
      return;
    }
  }
  await callAsync('rmdir', path);
}

async function copyFile(src, dest, mode) {
  src = getValidatedPath(src, 'src');
  dest = getValidatedPath(dest, 'dest');
  await callAsync('copyfile', src, dest, getValidMode(mode, 'copyFile'));
}

async function cp(src, dest, options) {
  options = validateCpOptions(options);
  src = getValidatedPath(src, 'src');
  dest = getValidatedPath(dest, 'dest');
  return require('internal/fs/cp/cp').cpFn(src, dest, options);
}

async function opendir(path, options) {
  const { opendir: cbOpendir } = require('internal/fs/dir');
  return new Promise((resolve, reject) => {
    cbOpendir(path, options, (err, dir) => (err ? reject(err) : resolve(dir)));
  });
}

async function symlink(target, path, type) {
  validateOneOf(type, 'type', ['dir', 'file', 'junction', null, undefined]);
  await callAsync('symlink', getValidatedPath(target, 'target'), getValidatedPath(path));
}

async function truncate(path, len = 0) {
  const fd = await open(path, 'r+');
  return handleFdClose(ftruncate(fd, len), fd.close);
}

async function mkdtemp(prefix, options) {
  options = getOptions(options);
  prefix = getValidatedPath(prefix, 'prefix');
  require('internal/fs/utils').warnOnNonPortableTemplate(prefix);
  return encodeString(await callAsync('mkdtemp', prefix), options.encoding);
}

async function* glob(pattern, options) {
  const { Glob } = require('internal/fs/glob');
  yield* new Glob(pattern, options).glob();
}

async function mkdtempDisposable(prefix, options) {
  const path = await mkdtemp(prefix, options);
  // The full path survives a later process.chdir().
  const fullPath = pathModule.resolve(process.cwd(), `${path}`);
  const remove = async () => {
    await rm(fullPath, { maxRetries: 0, recursive: true, retryDelay: 0, force: true });
  };
  return {
    path,
    remove,
    async [SymbolAsyncDispose]() { await remove(); },
  };
}

function watch(filename, options = kEmptyObject) {
  return require('internal/fs/watchers').watchPromise(filename, options);
}

const simple = (op, names) => async (...args) => {
  const a = args.map((v, i) => (i < names.length ? getValidatedPath(v, names[i]) : v));
  const r = await callAsync(op, ...a);
  return r === null ? undefined : r;
};

module.exports = {
  exports: {
    access,
    copyFile,
    cp,
    glob,
    open,
    opendir,
    rename: simple('rename', ['oldPath', 'newPath']),
    truncate,
    rm,
    rmdir,
    mkdir,
    readdir,
    readlink: async (path, options) => {
      options = getOptions(options);
      return encodeString(await callAsync('readlink', getValidatedPath(path, 'oldPath')), options.encoding);
    },
    symlink,
    lstat,
    stat,
    statfs,
    link: simple('link', ['existingPath', 'newPath']),
    unlink: simple('unlink', ['path']),
    chmod: async (path, mode) => {
      path = getValidatedPath(path);
      mode = parseMode(mode, 'mode');
      await callAsync('chmod', path, mode);
    },
    lchmod: undefined,
    lchown: async (path, uid, gid) => { await callAsync('chown', getValidatedPath(path), ...ids(uid, gid), false); },
    chown: async (path, uid, gid) => { await callAsync('chown', getValidatedPath(path), ...ids(uid, gid), true); },
    utimes: async (path, atime, mtime) => {
      path = getValidatedPath(path);
      await callAsync('utimes', path, toUnixTimestamp(atime, 'atime'), toUnixTimestamp(mtime, 'mtime'), true);
    },
    lutimes: async (path, atime, mtime) => {
      path = getValidatedPath(path);
      await callAsync('utimes', path, toUnixTimestamp(atime, 'atime'), toUnixTimestamp(mtime, 'mtime'), false);
    },
    realpath: async (path, options) => {
      options = getOptions(options);
      return encodeString(await callAsync('realpath', getValidatedPath(path)), options.encoding);
    },
    mkdtemp,
    mkdtempDisposable,
    writeFile,
    appendFile,
    readFile,
    watch,
    constants,
  },
  FileHandle,
  FileHandleNoClose,
  kRef,
  kUnref,
  validateFunction,
};
delete module.exports.exports.lchmod;
delete module.exports.validateFunction;
