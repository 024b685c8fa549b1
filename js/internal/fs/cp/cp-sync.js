// Copyright Joyent, Inc. and other Node contributors. MIT license.
// Adapted from Node.js lib/internal/fs/cp/cp-sync.js (a modified version of
// fs-extra's copySync). Node does the path checks, the overwrite and the
// unfiltered directory walk in C++ (cpSyncCheckPaths, cpSyncOverrideFile,
// cpSyncCopyDir); here they are the JS functions of the same names.
'use strict';

const { StringPrototypeEndsWith, StringPrototypeStartsWith } = primordials;
const { areIdentical, isSrcSubdir, errorForSpecialFile } = require('internal/fs/cp/cp');
const {
  codes: {
    ERR_FS_CP_DIR_TO_NON_DIR,
    ERR_FS_CP_EEXIST,
    ERR_FS_CP_EINVAL,
    ERR_FS_CP_NON_DIR_TO_DIR,
    ERR_FS_CP_SYMLINK_TO_SUBDIRECTORY,
    ERR_FS_EISDIR,
    ERR_INVALID_RETURN_VALUE,
  },
} = require('internal/errors');
const EEXIST = 17;
const EISDIR = 21;
const EINVAL = 22;
const ENOTDIR = 20;
const {
  chmodSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  opendirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
} = require('fs');
const { dirname, isAbsolute, join, resolve, sep, parse } = require('path');
const { isPromise } = require('internal/util/types');
const ops = internalBinding('ops');

function cpSyncFn(src, dest, opts) {
  if (opts.filter) {
    const shouldCopy = opts.filter(src, dest);
    if (isPromise(shouldCopy)) {
      throw new ERR_INVALID_RETURN_VALUE('boolean', 'filter', shouldCopy);
    }
    if (!shouldCopy) return;
  }

  cpSyncCheckPaths(src, dest, opts.dereference, opts.recursive);

  return getStats(src, dest, opts);
}

/** The checks of Node's C++ `cpSyncCheckPaths`; creates dest's parent. */
function cpSyncCheckPaths(src, dest, dereference, recursive) {
  const statFn = dereference ? statSync : lstatSync;
  const srcStat = statFn(src, { bigint: true });
  const destStat = statFn(dest, { bigint: true, throwIfNoEntry: false });
  const srcIsDir = srcStat.isDirectory();

  if (destStat) {
    if (areIdentical(srcStat, destStat)) {
      throw new ERR_FS_CP_EINVAL({
        message: `src and dest cannot be the same ${dest}`,
        path: dest, syscall: 'cp', errno: EINVAL, code: 'EINVAL',
      });
    }
    const destIsDir = destStat.isDirectory();
    if (srcIsDir && !destIsDir) {
      throw new ERR_FS_CP_DIR_TO_NON_DIR({
        message: `cannot overwrite non-directory ${dest} with directory ${src}`,
        path: dest, syscall: 'cp', errno: EISDIR, code: 'EISDIR',
      });
    }
    if (!srcIsDir && destIsDir) {
      throw new ERR_FS_CP_NON_DIR_TO_DIR({
        message: `cannot overwrite directory ${dest} with non-directory ${src}`,
        path: dest, syscall: 'cp', errno: ENOTDIR, code: 'ENOTDIR',
      });
    }
  }

  const srcPrefix = StringPrototypeEndsWith(src, sep) ? src : src + sep;
  if (srcIsDir && (StringPrototypeStartsWith(dest, srcPrefix) || isSrcSubdir(src, dest))) {
    throw new ERR_FS_CP_EINVAL({
      message: `cannot copy ${src} to a subdirectory of self ${dest}`,
      path: dest, syscall: 'cp', errno: EINVAL, code: 'EINVAL',
    });
  }

  // dest must not live under src through a link either.
  const srcParent = resolve(dirname(src));
  let destParent = resolve(dirname(dest));
  while (destParent !== srcParent && destParent !== parse(destParent).root) {
    const st = statSync(destParent, { bigint: true, throwIfNoEntry: false });
    if (!st) break;
    if (areIdentical(srcStat, st)) {
      throw new ERR_FS_CP_EINVAL({
        message: `cannot copy ${src} to a subdirectory of self ${dest}`,
        path: dest, syscall: 'cp', errno: EINVAL, code: 'EINVAL',
      });
    }
    destParent = dirname(destParent);
  }

  if (srcIsDir && !recursive) {
    throw new ERR_FS_EISDIR({
      message: `Recursive option is required to copy a directory: ${src}`,
      path: src, syscall: 'cp', errno: EISDIR, code: 'EISDIR',
    });
  }

  if (srcStat.isSocket()) throw errorForSpecialFile('socket', dest);
  if (srcStat.isFIFO()) throw errorForSpecialFile('fifo', dest);

  if (!destStat) mkdirSync(dirname(dest), { recursive: true });
}

function getStats(src, dest, opts) {
  const statSyncFn = opts.dereference ? statSync : lstatSync;
  const srcStat = statSyncFn(src);
  const destStat = statSyncFn(dest, { bigint: true, throwIfNoEntry: false });

  if (srcStat.isDirectory() && opts.recursive) {
    return onDir(srcStat, destStat, src, dest, opts);
  } else if (srcStat.isDirectory()) {
    throw new ERR_FS_EISDIR({
      message: `${src} is a directory (not copied)`,
      path: src, syscall: 'cp', errno: EISDIR, code: 'EISDIR',
    });
  } else if (srcStat.isFile() || srcStat.isCharacterDevice() || srcStat.isBlockDevice()) {
    return onFile(srcStat, destStat, src, dest, opts);
  } else if (srcStat.isSymbolicLink()) {
    return onLink(destStat, src, dest, opts.verbatimSymlinks);
  }
  throw errorForSpecialFile(srcStat.isSocket() ? 'socket' : srcStat.isFIFO() ? 'fifo' : 'unknown', dest);
}

function onFile(srcStat, destStat, src, dest, opts) {
  if (!destStat) return copyFile(srcStat, src, dest, opts);

  if (opts.force) {
    return cpSyncOverrideFile(srcStat, src, dest, opts);
  }

  if (opts.errorOnExist) {
    throw new ERR_FS_CP_EEXIST({
      message: `${dest} already exists`,
      path: dest, syscall: 'cp', errno: EEXIST, code: 'EEXIST',
    });
  }
}

/** Node's C++ `cpSyncOverrideFile`: replace dest with a copy of src. */
function cpSyncOverrideFile(srcStat, src, dest, opts) {
  unlinkSync(dest);
  return copyFile(srcStat, src, dest, opts);
}

function copyFile(srcStat, src, dest, opts) {
  copyFileSync(src, dest, opts.mode);
  if (opts.preserveTimestamps) handleTimestamps(srcStat.mode, src, dest);
  return setDestMode(dest, srcStat.mode);
}

function handleTimestamps(srcMode, src, dest) {
  // The file must be writable to set its timestamps.
  if (fileIsNotWritable(srcMode)) makeFileWritable(dest, srcMode);
  return setDestTimestamps(src, dest);
}

function fileIsNotWritable(srcMode) {
  return (srcMode & 0o200) === 0;
}

function makeFileWritable(dest, srcMode) {
  return setDestMode(dest, srcMode | 0o200);
}

function setDestMode(dest, srcMode) {
  return chmodSync(dest, srcMode);
}

function setDestTimestamps(src, dest) {
  // The initial srcStat.atime cannot be trusted: read(2) changed it.
  const updatedSrcStat = statSync(src);
  return utimesSync(dest, updatedSrcStat.atime, updatedSrcStat.mtime);
}

function onDir(srcStat, destStat, src, dest, opts) {
  if (!destStat) return copyDir(src, dest, opts, true, srcStat.mode);
  if (opts.errorOnExist && !opts.force) {
    throw new ERR_FS_CP_EEXIST({
      message: `${dest} already exists`,
      path: dest, syscall: 'cp', errno: EEXIST, code: 'EEXIST',
    });
  }
  return copyDir(src, dest, opts);
}

function copyDir(src, dest, opts, mkDir, srcMode) {
  if (mkDir) {
    mkdirSync(dest);
  }

  const dir = opendirSync(src);

  try {
    let dirent;

    while ((dirent = dir.readSync()) !== null) {
      const { name } = dirent;
      const srcItem = join(src, name);
      const destItem = join(dest, name);
      let shouldCopy = true;

      if (opts.filter) {
        shouldCopy = opts.filter(srcItem, destItem);
        if (isPromise(shouldCopy)) {
          throw new ERR_INVALID_RETURN_VALUE('boolean', 'filter', shouldCopy);
        }
      }

      if (shouldCopy) {
        getStats(srcItem, destItem, opts);
      }
    }
  } finally {
    dir.closeSync();

    if (opts.preserveTimestamps) {
      setDestTimestamps(src, dest);
    }
    if (srcMode !== undefined) {
      setDestMode(dest, srcMode);
    }
  }
}

function onLink(destStat, src, dest, verbatimSymlinks) {
  let resolvedSrc = readlinkSync(src);
  if (!verbatimSymlinks && !isAbsolute(resolvedSrc)) {
    resolvedSrc = resolve(dirname(src), resolvedSrc);
  }
  const srcIsDir = ops.op_fs_stat_kind(src) === 1;
  const symlinkType = srcIsDir ? 'dir' : 'file';
  if (!destStat) {
    return symlinkSync(resolvedSrc, dest, symlinkType);
  }
  let resolvedDest;
  try {
    resolvedDest = readlinkSync(dest);
  } catch (err) {
    // dest exists and is a regular file or directory.
    if (err.code === 'EINVAL' || err.code === 'UNKNOWN') {
      return symlinkSync(resolvedSrc, dest, symlinkType);
    }
    throw err;
  }
  if (!isAbsolute(resolvedDest)) {
    resolvedDest = resolve(dirname(dest), resolvedDest);
  }

  if (srcIsDir && isSrcSubdir(resolvedSrc, resolvedDest)) {
    throw new ERR_FS_CP_EINVAL({
      message: `cannot copy ${resolvedSrc} to a subdirectory of self ${resolvedDest}`,
      path: dest, syscall: 'cp', errno: EINVAL, code: 'EINVAL',
    });
  }
  // Do not copy if src is a subdir of dest: unlinking dest would remove src's
  // contents and leave a broken symlink.
  if (statSync(dest).isDirectory() && isSrcSubdir(resolvedDest, resolvedSrc)) {
    throw new ERR_FS_CP_SYMLINK_TO_SUBDIRECTORY({
      message: `cannot overwrite ${resolvedDest} with ${resolvedSrc}`,
      path: dest, syscall: 'cp', errno: EINVAL, code: 'EINVAL',
    });
  }
  return copyLink(resolvedSrc, dest, symlinkType);
}

function copyLink(resolvedSrc, dest, symlinkType) {
  unlinkSync(dest);
  return symlinkSync(resolvedSrc, dest, symlinkType);
}

module.exports = { cpSyncFn };
