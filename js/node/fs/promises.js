// node:fs/promises — the promise form of fs, with a basic FileHandle.
'use strict';

const ops = internalBinding('ops');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_FS_EISDIR },
} = require('internal/errors');
const { validateBoolean, validateInteger } = require('internal/validators');
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
  Dirent,
  toUnixTimestamp,
  validateOffsetLengthRead,
  mkdirArgs,
} = require('internal/fs/utils');
const pathModule = require('path');

const callAsync = (op, ...a) => ops.op_fs_call_async({ op, a: a.length === 1 ? a[0] : a });

/** Validated owner ids; -1 ("unchanged") becomes the unsigned value the syscall wants. */
function ids(uid, gid) {
  validateInteger(uid, 'uid', -1, 4294967295);
  validateInteger(gid, 'gid', -1, 4294967295);
  return [uid >>> 0, gid >>> 0];
}
const kFd = Symbol('kFd');

function statOpts(options) {
  return { bigint: !!options?.bigint };
}

class FileHandle {
  constructor(fd) {
    this[kFd] = fd;
  }
  get fd() { return this[kFd]; }

  async close() {
    const fd = this[kFd];
    this[kFd] = -1;
    if (fd >= 0) await callAsync('close', fd);
  }

  async stat(options) {
    return getStatsFromBinding(await callAsync('fstat', this[kFd]), statOpts(options).bigint);
  }

  async read(buffer, offset, length, position) {
    if (buffer == null || !ArrayBuffer.isView(buffer)) {
      const o = buffer ?? {};
      buffer = o.buffer ?? require('buffer').Buffer.alloc(16384);
      ({ offset, length, position } = o);
    } else if (offset !== null && typeof offset === 'object') {
      ({ offset, length, position } = offset);
    }
    offset ??= 0;
    length ??= buffer.byteLength - offset;
    validateOffsetLengthRead(offset, length, buffer.byteLength);
    if (position == null) position = -1;
    const bytes = await ops.op_fs_read_async(this[kFd], length, Number(position));
    new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length).set(bytes);
    return { bytesRead: bytes.byteLength, buffer };
  }

  async write(buffer, offset, length, position) {
    let bytes;
    if (typeof buffer === 'string') {
      bytes = toBytes(buffer, typeof length === 'string' ? length : 'utf8');
      position = offset;
    } else {
      if (offset !== null && typeof offset === 'object') ({ offset, length, position } = offset);
      offset ??= 0;
      length ??= buffer.byteLength - offset;
      bytes = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length);
    }
    const n = await ops.op_fs_write_async(this[kFd], bytes, position == null ? -1 : Number(position));
    return { bytesWritten: n, buffer };
  }

  async readFile(options) {
    options = getOptions(options);
    const chunks = [];
    let total = 0;
    for (;;) {
      const b = await ops.op_fs_read_async(this[kFd], 65536, -1);
      if (b.byteLength === 0) break;
      chunks.push(b);
      total += b.byteLength;
    }
    const out = new Uint8Array(total);
    let off = 0;
    for (const c of chunks) { out.set(c, off); off += c.byteLength; }
    return encodeBytes(out, options.encoding);
  }

  async writeFile(data, options) {
    options = getOptions(options, { encoding: 'utf8' });
    let bytes = toBytes(data, options.encoding);
    while (bytes.byteLength > 0) {
      const n = await ops.op_fs_write_async(this[kFd], bytes, -1);
      bytes = bytes.subarray(n);
    }
  }

  appendFile(data, options) { return this.writeFile(data, options); }
  async truncate(len = 0) { await callAsync('ftruncate', this[kFd], len); }
  async sync() { await callAsync('fsync', this[kFd]); }
  async datasync() { await callAsync('fsync', this[kFd]); }
  async chmod(mode) { await callAsync('fchmod', this[kFd], parseMode(mode, 'mode')); }
  async chown(uid, gid) { await callAsync('fchown', this[kFd], ...ids(uid, gid)); }
  async utimes(atime, mtime) {
    await callAsync('futimes', this[kFd], toUnixTimestamp(atime, 'atime'), toUnixTimestamp(mtime, 'mtime'));
  }
  async [Symbol.asyncDispose]() { await this.close(); }
}

async function open(path, flags, mode) {
  path = getValidatedPath(path);
  const fd = await callAsync('open', path, stringToFlags(flags), parseMode(mode, 'mode', 0o666));
  return new FileHandle(fd);
}

async function readFile(path, options) {
  options = getOptions(options, { flag: 'r' });
  if (path instanceof FileHandle) return path.readFile(options);
  const bytes = await ops.op_fs_read_file_async(getValidatedPath(path), stringToFlags(options.flag));
  return encodeBytes(bytes, options.encoding);
}

function writeBytes(data, encoding) {
  const bytes = toBytes(data, encoding);
  if (bytes === null) {
    throw new ERR_INVALID_ARG_TYPE('data', ['string', 'Buffer', 'TypedArray', 'DataView'], data);
  }
  return bytes;
}

async function writeFile(path, data, options) {
  options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'w' });
  if (path instanceof FileHandle) return path.writeFile(data, options);
  const bytes = writeBytes(data, options.encoding);
  await ops.op_fs_write_file_async(getValidatedPath(path), bytes, stringToFlags(options.flag),
                                   parseMode(options.mode, 'mode', 0o666));
}

async function appendFile(path, data, options) {
  options = { ...getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'a' }) };
  options.flag ||= 'a';
  return writeFile(path, data, options);
}

async function stat(path, options) {
  return getStatsFromBinding(await callAsync('stat', getValidatedPath(path), true), statOpts(options).bigint);
}
async function lstat(path, options) {
  return getStatsFromBinding(await callAsync('stat', getValidatedPath(path), false), statOpts(options).bigint);
}

async function access(path, mode = constants.F_OK) {
  path = getValidatedPath(path);
  validateInteger(mode, 'mode', 0, 7);
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
  const o = { recursive: false, force: false, ...options };
  let st;
  try {
    st = await callAsync('stat', path, false);
  } catch (err) {
    if (o.force && err.code === 'ENOENT') return;
    throw err;
  }
  if (!o.recursive && (st[1] & constants.S_IFMT) === constants.S_IFDIR) {
    throw new ERR_FS_EISDIR({ code: 'EISDIR', message: 'is a directory', path, syscall: 'rm', errno: 21 });
  }
  await callAsync('rm', path, o.recursive);
}

async function rmdir(path, options) {
  path = getValidatedPath(path);
  if (options?.recursive) return rm(path, { recursive: true, force: true });
  await callAsync('rmdir', path);
}

const simple = (op, names) => async (...args) => {
  const a = args.map((v, i) => (i < names.length ? getValidatedPath(v, names[i]) : v));
  const r = await callAsync(op, ...a);
  return r === null ? undefined : r;
};

module.exports = {
  access,
  appendFile,
  chmod: async (path, mode) => { await callAsync('chmod', getValidatedPath(path), parseMode(mode, 'mode')); },
  chown: async (path, uid, gid) => { await callAsync('chown', getValidatedPath(path), ...ids(uid, gid), true); },
  lchown: async (path, uid, gid) => { await callAsync('chown', getValidatedPath(path), ...ids(uid, gid), false); },
  copyFile: async (src, dest, mode = 0) => {
    await callAsync('copyfile', getValidatedPath(src, 'src'), getValidatedPath(dest, 'dest'), mode);
  },
  link: simple('link', ['existingPath', 'newPath']),
  lstat,
  lutimes: async (path, atime, mtime) => {
    await callAsync('utimes', getValidatedPath(path), toUnixTimestamp(atime, 'atime'), toUnixTimestamp(mtime, 'mtime'), false);
  },
  mkdir,
  mkdtemp: async (prefix, options) => {
    options = getOptions(options);
    return encodeString(await callAsync('mkdtemp', getValidatedPath(prefix, 'prefix')), options.encoding);
  },
  open,
  readdir,
  readFile,
  readlink: async (path, options) => {
    options = getOptions(options);
    return encodeString(await callAsync('readlink', getValidatedPath(path)), options.encoding);
  },
  realpath: async (path, options) => {
    options = getOptions(options);
    return encodeString(await callAsync('realpath', getValidatedPath(path)), options.encoding);
  },
  rename: simple('rename', ['oldPath', 'newPath']),
  rm,
  rmdir,
  stat,
  symlink: async (target, path) => {
    await callAsync('symlink', getValidatedPath(target, 'target'), getValidatedPath(path));
  },
  truncate: async (path, len = 0) => {
    validateInteger(len, 'len');
    await callAsync('truncate', getValidatedPath(path), Math.max(0, len));
  },
  unlink: simple('unlink', ['path']),
  utimes: async (path, atime, mtime) => {
    await callAsync('utimes', getValidatedPath(path), toUnixTimestamp(atime, 'atime'), toUnixTimestamp(mtime, 'mtime'), true);
  },
  writeFile,
  constants,
  FileHandle,
};
