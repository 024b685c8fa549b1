// Copyright Node.js contributors. All rights reserved.
// Permission is hereby granted, free of charge, to any person obtaining a copy
// of this software and associated documentation files (the "Software"), to
// deal in the Software without restriction, including without limitation the
// rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
// sell copies of the Software, and to permit persons to whom the Software is
// furnished to do so, subject to the following conditions:
//
// The above copyright notice and this permission notice shall be included in
// all copies or substantial portions of the Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
// IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
// FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
// AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
// LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
// FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
// IN THE SOFTWARE.

// Adapted from Node.js lib/internal/process/permission.js and the
// `initializePermission` step of lib/internal/process/pre_execution.js.
// The model itself (paths, capabilities) lives in Rust (src/ext/permission),
// where the fs ops check it; this module starts it from the command line,
// defines `process.permission` and builds the errors of the checks made in
// JS (child processes, workers, WASI, addons, inspector).
'use strict';

const {
  ArrayPrototypeForEach,
  ArrayPrototypeIncludes,
  ArrayPrototypeSome,
  ErrorCaptureStackTrace,
  NumberParseInt,
  ObjectDefineProperty,
  ObjectFreeze,
  StringPrototypeIncludes,
  StringPrototypeSlice,
  StringPrototypeSplit,
  StringPrototypeStartsWith,
} = primordials;

const ops = internalBinding('ops');

let enabled = false;
// 22+: denial messages name the flag that grants the permission; 20 has
// neither the hint nor the ChildProcess resource.
let hint = true;
let major = 0;

function isEnabled() {
  return enabled;
}

function has(scope, reference) {
  const { validateString, validateBuffer } = require('internal/validators');
  validateString(scope, 'scope');
  if (reference != null) {
    const { Buffer } = require('buffer');
    if (Buffer.isBuffer(reference)) {
      validateBuffer(reference, 'reference');
      reference = `${reference}`;
    } else {
      validateString(reference, 'reference');
    }
  } else if (reference === null) {
    // Node's binding reads any defined reference as a string.
    reference = 'null';
  }
  return ops.op_permission_has(scope, reference ?? '', reference !== undefined);
}

function drop(scope, reference) {
  const { validateString, validateBuffer } = require('internal/validators');
  validateString(scope, 'scope');
  if (reference != null) {
    const { Buffer } = require('buffer');
    if (Buffer.isBuffer(reference)) validateBuffer(reference, 'reference');
    else validateString(reference, 'reference');
  }
  if (reference === null) reference = 'null';
  else if (reference !== undefined) reference = `${reference}`;
  ops.op_permission_drop(scope, reference ?? '', reference !== undefined);
}

/**
 * The error Node's C++ checks throw (`THROW_IF_INSUFFICIENT_PERMISSIONS`):
 * a plain Error with `code`, `permission` and `resource`.
 */
function accessDenied(permission, flag, resource, caller) {
  // eslint-disable-next-line no-restricted-syntax
  const err = new Error(hint ?
    `Access to this API has been restricted. Use ${flag} to manage permissions.` :
    'Access to this API has been restricted');
  err.code = 'ERR_ACCESS_DENIED';
  err.permission = permission;
  err.resource = resource;
  if (caller) ErrorCaptureStackTrace(err, caller);
  return err;
}

/** Throws unless child processes are allowed (`file` is the program). */
function checkChildProcess(file, caller) {
  if (enabled && !ops.op_permission_has('child', '', false)) {
    throw accessDenied('ChildProcess', '--allow-child-process', hint ? `${file}` : '', caller ?? checkChildProcess);
  }
}

/**
 * Node's own check in `fs.lstat*` and `fs.rm*` (JS, before the binding): an
 * ERR_ACCESS_DENIED without the flag hint, or null when `path` is readable.
 */
function lstatDenied(path) {
  const resource = typeof path === 'string' ? path : `${path}`;
  if (!enabled || ops.op_permission_has('fs.read', resource, true)) return null;
  const { ERR_ACCESS_DENIED } = require('internal/errors').codes;
  return new ERR_ACCESS_DENIED('Access to this API has been restricted', 'FileSystemRead', resource);
}

/**
 * For `child_process`: throws unless child processes are allowed; returns
 * the child's environment, with this process's permission flags added to
 * NODE_OPTIONS (22+) unless the child is given a model of its own.
 */
function spawnEnv(file, env, args) {
  checkChildProcess(file, spawnEnv);
  if (!enabled || major < 22) return env;
  if (ArrayPrototypeIncludes(args, '--permission') || ArrayPrototypeIncludes(args, '--permission-audit') ||
      hasPermissionFlag(env.NODE_OPTIONS)) {
    return env;
  }
  const toCopy = [...availableFlags(), '--permission'];
  let nodeOptions = env.NODE_OPTIONS;
  let copied = false;
  for (const arg of process.execArgv) {
    for (const flag of toCopy) {
      if (StringPrototypeStartsWith(arg, flag)) {
        nodeOptions = nodeOptions ? `${nodeOptions} ${arg}` : arg;
        copied = true;
      }
    }
  }
  if (!copied) return env;
  // A copy: the caller's object (often process.env) stays as it was.
  const out = {};
  for (const key in env) out[key] = env[key];
  out.NODE_OPTIONS = nodeOptions;
  return out;
}

function hasPermissionFlag(nodeOptions) {
  if (!nodeOptions) return false;
  const tokens = StringPrototypeSplit(nodeOptions, /\s+/);
  return ArrayPrototypeSome(tokens, (token) =>
    token === '--permission' || StringPrototypeStartsWith(token, '--permission=') ||
    token === '--permission-audit' || StringPrototypeStartsWith(token, '--permission-audit='));
}

/** Throws unless worker threads are allowed. */
function checkWorker(caller) {
  if (enabled && !ops.op_permission_has('worker', '', false)) {
    throw accessDenied('WorkerThreads', '--allow-worker', '', caller ?? checkWorker);
  }
}

/** Throws unless WASI is allowed. */
function checkWasi(caller) {
  if (enabled && !ops.op_permission_has('wasi', '', false)) {
    throw accessDenied('WASI', '--allow-wasi', '', caller ?? checkWasi);
  }
}

/** Throws unless the inspector is allowed. */
function checkInspector(caller) {
  if (enabled && !ops.op_permission_has('inspector', '', false)) {
    throw accessDenied('Inspector', '--allow-inspector', '', caller ?? checkInspector);
  }
}

/** Whether native addons may load (`--allow-addons`). */
function addonsAllowed() {
  return !enabled || ops.op_permission_has('addon', '', false);
}

// The --allow-* flags each line's Node knows, in its availableFlags() order.
function availableFlags() {
  const flags = ['--allow-fs-read', '--allow-fs-write', '--allow-addons', '--allow-child-process'];
  if (major >= 26) flags.push('--allow-net');
  if (major >= 24) flags.push('--allow-inspector');
  flags.push('--allow-wasi', '--allow-worker');
  return flags;
}

/**
 * Node's `initializePermission`: with `--permission` (`--experimental-permission`
 * on 20) turns the model on; without it, any `--allow-*` flag is an error.
 */
function initialize(options, profile) {
  const { getOptionValue } = require('internal/options');
  major = NumberParseInt(StringPrototypeSlice(profile.version, 1), 10);
  const legacy = profile.switches?.permission_model_flag === '--experimental-permission';
  hint = !legacy;
  const modelFlag = legacy ? '--experimental-permission' : '--permission';
  const on = !!(options.bools.permission || options.bools['experimental-permission']);
  if (!on) {
    ArrayPrototypeForEach(availableFlags(), (flag) => {
      const value = getOptionValue(flag);
      if (value === true || value?.length) {
        const { ERR_MISSING_OPTION } = require('internal/errors').codes;
        throw new ERR_MISSING_OPTION(modelFlag);
      }
    });
    return;
  }
  const values = options.values;
  const fsRead = [...(values['allow-fs-read'] ?? [])];
  const fsWrite = values['allow-fs-write'] ?? [];
  // 22+ lets the process read its own entry point.
  const entry = options.script;
  if (!legacy && entry && entry !== '-') {
    fsRead.push(require('path').resolve(entry));
  }
  ops.op_permission_init({
    fsRead,
    fsWrite,
    childProcess: !!options.bools['allow-child-process'],
    worker: !!options.bools['allow-worker'],
    addons: !!options.bools['allow-addons'],
    wasi: !!options.bools['allow-wasi'],
    net: major >= 26 && !!options.bools['allow-net'],
    inspector: major >= 24 && !!options.bools['allow-inspector'],
    hint,
    legacyHas: legacy,
  });
  enabled = true;

  const { ERR_ACCESS_DENIED } = require('internal/errors').codes;
  process.binding = function binding(_module) {
    throw new ERR_ACCESS_DENIED('process.binding');
  };
  // Node's chdir binding checks the directory for reading.
  const chdir = process.chdir;
  process.chdir = function(directory) {
    if (typeof directory === 'string') ops.op_permission_check_path(directory, false);
    return chdir(directory);
  };
  // Guarantee path module isn't monkey-patched to bypass permission model
  ObjectFreeze(require('path'));
  if (legacy) require('internal/util').emitExperimentalWarning('Permission');
  const warnFlags = major >= 24 ? [
    ['--allow-addons', 'PERM0001'],
    ['--allow-child-process', 'PERM0002'],
    ['--allow-inspector', 'PERM0004'],
    ['--allow-wasi', 'PERM0005'],
    ['--allow-worker', 'PERM0006'],
  ] : [
    ['--allow-addons'],
    ['--allow-child-process'],
    ['--allow-wasi'],
    ['--allow-worker'],
  ];
  for (const { 0: flag, 1: code } of warnFlags) {
    if (getOptionValue(flag)) {
      process.emitWarning(
        `The flag ${flag} must be used with extreme caution. ` +
        'It could invalidate the permission model.', 'SecurityWarning', code);
    }
  }
  for (const { 0: flag, 1: value } of [['--allow-fs-read', values['allow-fs-read']], ['--allow-fs-write', fsWrite]]) {
    if (value?.length === 1 && StringPrototypeIncludes(value[0], ',')) {
      process.emitWarning(
        `The ${flag} CLI flag has changed. ` +
        'Passing a comma-separated list of paths is no longer valid. ' +
        'Documentation can be found at ' +
        'https://nodejs.org/api/permissions.html#file-system-permissions',
        'Warning',
      );
    }
  }
  if (major >= 26 && getOptionValue('--allow-net')) {
    process.emitWarning('The flag --allow-net is under experimental phase.', 'ExperimentalWarning');
  }
  ObjectDefineProperty(process, 'permission', {
    __proto__: null,
    enumerable: true,
    configurable: false,
    value: major >= 24 ? { has, drop } : { has },
  });
}

module.exports = ObjectFreeze({
  __proto__: null,
  isEnabled,
  has,
  drop,
  availableFlags,
  initialize,
  accessDenied,
  checkChildProcess,
  lstatDenied,
  spawnEnv,
  checkWorker,
  checkWasi,
  checkInspector,
  addonsAllowed,
});
