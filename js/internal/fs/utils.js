// fs helpers shared by `fs`, `fs/promises` and streams: constants, flag and
// mode parsing, path validation, Stats and Dirent.
'use strict';

const {
  ArrayIsArray,
  BigInt,
  DateNow,
  MathMin,
  Number,
  ObjectFreeze,
  StringPrototypeIncludes,
  Symbol,
} = primordials;

const {
  codes: {
    ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE, ERR_INCOMPATIBLE_OPTION_PAIR, ERR_FS_EISDIR,
  },
  hideStackFrames,
} = require('internal/errors');
const {
  validateBoolean, validateFunction, validateInteger, validateInt32, validateUint32, validateObject,
} = require('internal/validators');

const constants = ObjectFreeze({
  __proto__: null,
  UV_FS_SYMLINK_DIR: 1, UV_FS_SYMLINK_JUNCTION: 2, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2,
  UV_DIRENT_UNKNOWN: 0, UV_DIRENT_FILE: 1, UV_DIRENT_DIR: 2, UV_DIRENT_LINK: 3, UV_DIRENT_FIFO: 4,
  UV_DIRENT_SOCKET: 5, UV_DIRENT_CHAR: 6, UV_DIRENT_BLOCK: 7,
  S_IFMT: 61440, S_IFREG: 32768, S_IFDIR: 16384, S_IFCHR: 8192, S_IFBLK: 24576, S_IFIFO: 4096,
  S_IFLNK: 40960, S_IFSOCK: 49152, O_CREAT: 64, O_EXCL: 128, UV_FS_O_FILEMAP: 0, O_NOCTTY: 256,
  O_TRUNC: 512, O_APPEND: 1024, O_DIRECTORY: 65536, O_NOATIME: 262144, O_NOFOLLOW: 131072,
  O_SYNC: 1052672, O_DSYNC: 4096, O_DIRECT: 16384, O_NONBLOCK: 2048,
  S_IRWXU: 448, S_IRUSR: 256, S_IWUSR: 128, S_IXUSR: 64, S_IRWXG: 56, S_IRGRP: 32, S_IWGRP: 16,
  S_IXGRP: 8, S_IRWXO: 7, S_IROTH: 4, S_IWOTH: 2, S_IXOTH: 1,
  F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1,
  UV_FS_COPYFILE_EXCL: 1, COPYFILE_EXCL: 1, UV_FS_COPYFILE_FICLONE: 2, COPYFILE_FICLONE: 2,
  UV_FS_COPYFILE_FICLONE_FORCE: 4, COPYFILE_FICLONE_FORCE: 4,
});

const {
  O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_SYNC,
  S_IFMT, S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO, S_IFLNK, S_IFSOCK,
  UV_DIRENT_FILE, UV_DIRENT_DIR, UV_DIRENT_LINK, UV_DIRENT_FIFO, UV_DIRENT_SOCKET,
  UV_DIRENT_CHAR, UV_DIRENT_BLOCK,
} = constants;

function stringToFlags(flags, name = 'flags') {
  if (typeof flags === 'number') {
    validateInt32(flags, name);
    return flags;
  }
  if (flags == null) return O_RDONLY;
  switch (flags) {
    case 'r': return O_RDONLY;
    case 'rs': case 'sr': return O_RDONLY | O_SYNC;
    case 'r+': return O_RDWR;
    case 'rs+': case 'sr+': return O_RDWR | O_SYNC;
    case 'w': return O_TRUNC | O_CREAT | O_WRONLY;
    case 'wx': case 'xw': return O_TRUNC | O_CREAT | O_WRONLY | O_EXCL;
    case 'w+': return O_TRUNC | O_CREAT | O_RDWR;
    case 'wx+': case 'xw+': return O_TRUNC | O_CREAT | O_RDWR | O_EXCL;
    case 'a': return O_APPEND | O_CREAT | O_WRONLY;
    case 'ax': case 'xa': return O_APPEND | O_CREAT | O_WRONLY | O_EXCL;
    case 'as': case 'sa': return O_APPEND | O_CREAT | O_WRONLY | O_SYNC;
    case 'a+': return O_APPEND | O_CREAT | O_RDWR;
    case 'ax+': case 'xa+': return O_APPEND | O_CREAT | O_RDWR | O_EXCL;
    case 'as+': case 'sa+': return O_APPEND | O_CREAT | O_RDWR | O_SYNC;
  }
  throw new ERR_INVALID_ARG_VALUE('flags', flags);
}

let lazyURL;
function toPathIfFileURL(p) {
  if (p == null || typeof p !== 'object' || p.href === undefined || p.protocol === undefined) return p;
  lazyURL ??= require('internal/url');
  return lazyURL.isURL(p) ? lazyURL.fileURLToPath(p) : p;
}

function isUint8Array(v) {
  return v instanceof Uint8Array;
}

/** Validates a path argument (string, Buffer or file: URL) and returns it as a string. */
const getValidatedPath = hideStackFrames((fileURLOrPath, propName = 'path') => {
  const path = toPathIfFileURL(fileURLOrPath);
  if (typeof path !== 'string' && !isUint8Array(path)) {
    throw new ERR_INVALID_ARG_TYPE(propName, ['string', 'Buffer', 'URL'], path);
  }
  const str = typeof path === 'string' ? path : new TextDecoder().decode(path);
  if (StringPrototypeIncludes(str, '\u0000')) {
    throw new ERR_INVALID_ARG_VALUE(propName, path, 'must be a string, Uint8Array, or URL without null bytes');
  }
  return str;
});

const getValidatedFd = hideStackFrames((fd, propName = 'fd') => {
  validateInteger(fd, propName, 0, 2147483647);
  return fd;
});

function assertEncoding(encoding) {
  if (encoding && !require('buffer').Buffer.isEncoding(encoding)) {
    const reason = 'is invalid encoding';
    throw new ERR_INVALID_ARG_VALUE('encoding', encoding, reason);
  }
}

function getOptions(options, defaultOptions = { __proto__: null }) {
  if (options == null || typeof options === 'function') return defaultOptions;
  if (typeof options === 'string') {
    options = { ...defaultOptions, encoding: options };
  } else if (typeof options !== 'object') {
    throw new ERR_INVALID_ARG_TYPE('options', ['string', 'Object'], options);
  } else {
    options = { ...defaultOptions, ...options };
  }
  if (options.encoding !== 'buffer') assertEncoding(options.encoding);
  if (options.signal !== undefined) {
    require('internal/validators').validateAbortSignal(options.signal, 'options.signal');
  }
  return options;
}

let nonPortableTemplateWarn = true;
/** mkdtemp templates ending in X behave differently across platforms. */
function warnOnNonPortableTemplate(template) {
  if (nonPortableTemplateWarn &&
      ((typeof template === 'string' && template.endsWith('X')) ||
       (typeof template !== 'string' && template.at(-1) === 0x58))) {
    process.emitWarning('mkdtemp() templates ending with X are not portable. ' +
                        'For details see: https://nodejs.org/api/fs.html');
    nonPortableTemplateWarn = false;
  }
}

const octalReg = /^[0-7]+$/;
function parseMode(value, name, def) {
  value ??= def;
  if (typeof value === 'string') {
    if (octalReg.exec(value) === null) {
      throw new ERR_INVALID_ARG_VALUE(name, value, 'must be a 32-bit unsigned integer or an octal string');
    }
    value = Number.parseInt(value, 10 - 2);
  }
  validateInteger(value, name, 0, 4294967295);
  return value;
}

function makeCallback(cb) {
  validateFunction(cb, 'cb');
  return cb;
}

/** Bytes to the caller's encoding: a Buffer by default. */
let lazyBuffer;
function encodeBytes(u8, encoding) {
  const Buffer = (lazyBuffer ??= require('buffer').Buffer);
  const buf = Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
  if (encoding == null || encoding === 'buffer') return buf;
  return buf.toString(encoding);
}

function encodeString(str, encoding) {
  if (encoding == null || encoding === 'utf8' || encoding === 'utf-8') return str;
  const { Buffer } = require('buffer');
  const buf = Buffer.from(str);
  return encoding === 'buffer' ? buf : buf.toString(encoding);
}

/** A string or view to bytes for the write ops. */
function toBytes(data, encoding) {
  if (typeof data === 'string') {
    const { Buffer } = require('buffer');
    return Buffer.from(data, encoding ?? 'utf8');
  }
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

// ---- Stats ----

const kNsPerMsBigInt = 1000000n;

function StatsBase(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks) {
  this.dev = dev;
  this.mode = mode;
  this.nlink = nlink;
  this.uid = uid;
  this.gid = gid;
  this.rdev = rdev;
  this.blksize = blksize;
  this.ino = ino;
  this.size = size;
  this.blocks = blocks;
}

StatsBase.prototype.isDirectory = function() { return this._checkModeProperty(S_IFDIR); };
StatsBase.prototype.isFile = function() { return this._checkModeProperty(S_IFREG); };
StatsBase.prototype.isBlockDevice = function() { return this._checkModeProperty(S_IFBLK); };
StatsBase.prototype.isCharacterDevice = function() { return this._checkModeProperty(S_IFCHR); };
StatsBase.prototype.isSymbolicLink = function() { return this._checkModeProperty(S_IFLNK); };
StatsBase.prototype.isFIFO = function() { return this._checkModeProperty(S_IFIFO); };
StatsBase.prototype.isSocket = function() { return this._checkModeProperty(S_IFSOCK); };

function dateFromMs(ms) {
  return new Date(Math.round(Number(ms)));
}

function Stats(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks,
               atimeMs, mtimeMs, ctimeMs, birthtimeMs) {
  StatsBase.call(this, dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks);
  this.atimeMs = atimeMs;
  this.mtimeMs = mtimeMs;
  this.ctimeMs = ctimeMs;
  this.birthtimeMs = birthtimeMs;
  this.atime = dateFromMs(atimeMs);
  this.mtime = dateFromMs(mtimeMs);
  this.ctime = dateFromMs(ctimeMs);
  this.birthtime = dateFromMs(birthtimeMs);
}
Object.setPrototypeOf(Stats.prototype, StatsBase.prototype);
Object.setPrototypeOf(Stats, StatsBase);
Stats.prototype._checkModeProperty = function(property) {
  return (this.mode & S_IFMT) === property;
};

function BigIntStats(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks,
                     atimeNs, mtimeNs, ctimeNs, birthtimeNs) {
  StatsBase.call(this, dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks);
  this.atimeMs = atimeNs / kNsPerMsBigInt;
  this.mtimeMs = mtimeNs / kNsPerMsBigInt;
  this.ctimeMs = ctimeNs / kNsPerMsBigInt;
  this.birthtimeMs = birthtimeNs / kNsPerMsBigInt;
  this.atimeNs = atimeNs;
  this.mtimeNs = mtimeNs;
  this.ctimeNs = ctimeNs;
  this.birthtimeNs = birthtimeNs;
  this.atime = dateFromMs(this.atimeMs);
  this.mtime = dateFromMs(this.mtimeMs);
  this.ctime = dateFromMs(this.ctimeMs);
  this.birthtime = dateFromMs(this.birthtimeMs);
}
Object.setPrototypeOf(BigIntStats.prototype, StatsBase.prototype);
Object.setPrototypeOf(BigIntStats, StatsBase);
BigIntStats.prototype._checkModeProperty = function(property) {
  return (this.mode & BigInt(S_IFMT)) === BigInt(property);
};

/** A Stats from the 18 numbers the stat ops return (see src/ext/fs/sys.rs). */
function getStatsFromBinding(a, bigint = false) {
  if (bigint) {
    const B = BigInt;
    const ns = (i) => B(a[i]) * 1000000000n + B(a[i + 1]);
    return new BigIntStats(B(a[0]), B(a[1]), B(a[2]), B(a[3]), B(a[4]), B(a[5]), B(a[6]), B(a[7]),
                           B(a[8]), B(a[9]), ns(10), ns(12), ns(14), ns(16));
  }
  const ms = (i) => a[i] * 1e3 + a[i + 1] / 1e6;
  return new Stats(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9],
                   ms(10), ms(12), ms(14), ms(16));
}

// ---- Dirent ----

const kType = Symbol('type');

// dirent.path (DEP0178) exists up to line 23; read from the profile on first use.
let direntHasPath;

class Dirent {
  constructor(name, type, path) {
    this.name = name;
    this.parentPath = path;
    direntHasPath ??= require('internal/compat/profile').hasApi('fs.Dirent.prototype.path');
    if (direntHasPath) this.path = path;
    this[kType] = type;
  }
  isDirectory() { return this[kType] === UV_DIRENT_DIR; }
  isFile() { return this[kType] === UV_DIRENT_FILE; }
  isBlockDevice() { return this[kType] === UV_DIRENT_BLOCK; }
  isCharacterDevice() { return this[kType] === UV_DIRENT_CHAR; }
  isSymbolicLink() { return this[kType] === UV_DIRENT_LINK; }
  isFIFO() { return this[kType] === UV_DIRENT_FIFO; }
  isSocket() { return this[kType] === UV_DIRENT_SOCKET; }
}

const kStats = Symbol('stats');

/** A Dirent whose type questions are answered by a Stats (used by glob). */
class DirentFromStats extends Dirent {
  constructor(name, stats, path) {
    super(name, null, path);
    this[kStats] = stats;
  }
}
for (const name of Reflect.ownKeys(Dirent.prototype)) {
  if (name === 'constructor') continue;
  DirentFromStats.prototype[name] = function() {
    return this[kStats][name]();
  };
}

function toUnixTimestamp(time, name = 'time') {
  if (typeof time === 'string' && +time == time) return +time;
  if (typeof time === 'number' && Number.isFinite(time)) {
    if (time < 0) return DateNow() / 1000;
    return time;
  }
  if (time instanceof Date) return time.getTime() / 1000;
  throw new ERR_INVALID_ARG_TYPE(name, ['Date', 'Time in seconds'], time);
}

function validateOffsetLengthRead(offset, length, bufferLength) {
  if (offset < 0) throw new ERR_OUT_OF_RANGE('offset', '>= 0', offset);
  if (length < 0) throw new ERR_OUT_OF_RANGE('length', '>= 0', length);
  if (offset + length > bufferLength) {
    throw new ERR_OUT_OF_RANGE('length', `<= ${bufferLength - offset}`, length);
  }
}

/** `[path, recursive, mode]` of a mkdir call. */
function mkdirArgs(path, options) {
  let mode = 0o777;
  let recursive = false;
  if (typeof options === 'number' || typeof options === 'string') {
    mode = parseMode(options, 'mode');
  } else if (options) {
    if (options.recursive !== undefined) { recursive = options.recursive; validateBoolean(recursive, 'options.recursive'); }
    if (options.mode !== undefined) mode = parseMode(options.mode, 'options.mode');
  }
  return [getValidatedPath(path), recursive, mode];
}

const validateOffsetLengthWrite = hideStackFrames((offset, length, byteLength) => {
  if (offset > byteLength) {
    throw new ERR_OUT_OF_RANGE('offset', `<= ${byteLength}`, offset);
  }
  if (length > byteLength - offset) {
    throw new ERR_OUT_OF_RANGE('length', `<= ${byteLength - offset}`, length);
  }
  if (length < 0) {
    throw new ERR_OUT_OF_RANGE('length', '>= 0', length);
  }
  validateInt32(length, 'length', 0);
});

const validatePosition = hideStackFrames((position, name, length) => {
  if (typeof position === 'number') {
    validateInteger(position, name, -1);
  } else if (typeof position === 'bigint') {
    const maxPosition = 2n ** 63n - 1n - BigInt(length);
    if (!(position >= -1n && position <= maxPosition)) {
      throw new ERR_OUT_OF_RANGE(name, `>= -1 && <= ${maxPosition}`, position);
    }
  } else {
    throw new ERR_INVALID_ARG_TYPE(name, ['integer', 'bigint'], position);
  }
});

const validateBufferArray = hideStackFrames((buffers, propName = 'buffers') => {
  if (!ArrayIsArray(buffers)) {
    throw new ERR_INVALID_ARG_TYPE(propName, 'ArrayBufferView[]', buffers);
  }
  for (let i = 0; i < buffers.length; i++) {
    if (!ArrayBuffer.isView(buffers[i])) {
      throw new ERR_INVALID_ARG_TYPE(propName, 'ArrayBufferView[]', buffers);
    }
  }
  return buffers;
});

const validatePath = hideStackFrames((path, propName = 'path') => {
  getValidatedPath(path, propName);
});

function copyObject(source) {
  const target = {};
  for (const key in source) target[key] = source[key];
  return target;
}

const defaultCpOptions = {
  dereference: false,
  errorOnExist: false,
  filter: undefined,
  force: true,
  preserveTimestamps: false,
  recursive: false,
  verbatimSymlinks: false,
};

const validateCpOptions = hideStackFrames((options) => {
  if (options === undefined) return { ...defaultCpOptions };
  validateObject(options, 'options');
  options = { ...defaultCpOptions, ...options };
  validateBoolean(options.dereference, 'options.dereference');
  validateBoolean(options.errorOnExist, 'options.errorOnExist');
  validateBoolean(options.force, 'options.force');
  validateBoolean(options.preserveTimestamps, 'options.preserveTimestamps');
  validateBoolean(options.recursive, 'options.recursive');
  validateBoolean(options.verbatimSymlinks, 'options.verbatimSymlinks');
  options.mode = getValidMode(options.mode, 'copyFile');
  if (options.dereference === true && options.verbatimSymlinks === true) {
    throw new ERR_INCOMPATIBLE_OPTION_PAIR('dereference', 'verbatimSymlinks');
  }
  if (options.filter !== undefined) validateFunction(options.filter, 'options.filter');
  return options;
});

const kMinimumAccessMode = MathMin(constants.F_OK, constants.W_OK, constants.R_OK, constants.X_OK);
const kMaximumAccessMode = constants.F_OK | constants.W_OK | constants.R_OK | constants.X_OK;
const kDefaultCopyMode = 0;
const kMinimumCopyMode = MathMin(kDefaultCopyMode, constants.COPYFILE_EXCL, constants.COPYFILE_FICLONE,
                                 constants.COPYFILE_FICLONE_FORCE);
const kMaximumCopyMode = constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE | constants.COPYFILE_FICLONE_FORCE;

const getValidMode = hideStackFrames((mode, type) => {
  let min = kMinimumAccessMode;
  let max = kMaximumAccessMode;
  let def = constants.F_OK;
  if (type === 'copyFile') {
    min = kMinimumCopyMode;
    max = kMaximumCopyMode;
    def = mode || kDefaultCopyMode;
  }
  if (mode == null) return def;
  validateInteger(mode, 'mode', min, max);
  return mode;
});

const defaultRmOptions = { recursive: false, force: false, retryDelay: 100, maxRetries: 0 };

const validateRmOptionsShape = hideStackFrames((options, defaults) => {
  if (options === undefined) return defaults;
  validateObject(options, 'options');
  options = { ...defaults, ...options };
  validateBoolean(options.recursive, 'options.recursive');
  validateInt32(options.retryDelay, 'options.retryDelay', 0);
  validateUint32(options.maxRetries, 'options.maxRetries');
  return options;
});

/** Node's `validateRmOptionsSync`: ENOENT is ignored with `force`, a directory needs `recursive`. */
const validateRmOptionsSync = hideStackFrames((path, options, expectDir) => {
  options = validateRmOptionsShape(options, defaultRmOptions);
  validateBoolean(options.force, 'options.force');
  if (!options.force || expectDir || !options.recursive) {
    const isDirectory = require('fs').lstatSync(path, { throwIfNoEntry: !options.force })?.isDirectory();
    if (expectDir && !isDirectory) return false;
    if (isDirectory && !options.recursive) {
      throw new ERR_FS_EISDIR({
        code: 'EISDIR', message: 'is a directory', path, syscall: 'rm', errno: 21,
      });
    }
  }
  return options;
});

function validateRmOptions(path, options, expectDir, cb) {
  try {
    options = validateRmOptionsShape(options, defaultRmOptions);
    validateBoolean(options.force, 'options.force');
  } catch (err) {
    return cb(err);
  }
  require('fs').lstat(path, (err, stats) => {
    if (err) {
      if (options.force && err.code === 'ENOENT') return cb(null, options);
      return cb(err, options);
    }
    if (expectDir && !stats.isDirectory()) return cb(false);
    if (stats.isDirectory() && !options.recursive) {
      return cb(new ERR_FS_EISDIR({
        code: 'EISDIR', message: 'is a directory', path, syscall: 'rm', errno: 21,
      }));
    }
    return cb(null, options);
  });
}

class StatFs {
  constructor(type, bsize, blocks, bfree, bavail, files, ffree) {
    this.type = type;
    this.bsize = bsize;
    this.blocks = blocks;
    this.bfree = bfree;
    this.bavail = bavail;
    this.files = files;
    this.ffree = ffree;
  }
}

function getStatFsFromBinding(a, bigint) {
  const v = bigint ? (i) => BigInt(a[i]) : (i) => a[i];
  return new StatFs(v(0), v(1), v(2), v(3), v(4), v(5), v(6));
}

/** A Dirent of a directory entry (`type` a UV_DIRENT_* code). */
function getDirent(path, name, type) {
  return new Dirent(name, type, path);
}

const validateStringAfterArrayBufferView = hideStackFrames((buffer, name) => {
  if (typeof buffer !== 'string') {
    throw new ERR_INVALID_ARG_TYPE(name, ['string', 'Buffer', 'TypedArray', 'DataView'], buffer);
  }
});

module.exports = {
  mkdirArgs,
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
  BigIntStats,
  getStatsFromBinding,
  Dirent,
  DirentFromStats,
  kType,
  toUnixTimestamp,
  validateOffsetLengthRead,
  validateObject,
  validateOffsetLengthWrite,
  validatePosition,
  validateBufferArray,
  validatePath,
  copyObject,
  validateCpOptions,
  getValidMode,
  validateRmOptions,
  validateRmOptionsSync,
  StatFs,
  getStatFsFromBinding,
  getDirent,
  validateStringAfterArrayBufferView,
  toPathIfFileURL,
  assertEncoding,
  warnOnNonPortableTemplate,
};
