// The parts of `process` that are functions over the OS: clocks, resource
// usage, exit, signals, working directory (Node's per_thread.js and node_process).
'use strict';

const {
  BigInt,
  BigUint64Array,
  Float64Array,
  NumberIsInteger,
  NumberMAX_SAFE_INTEGER,
  NumberParseInt,
  ObjectDefineProperty,
  ObjectFreeze,
  StringPrototypeSlice,
  StringPrototypeToUpperCase,
  Uint32Array,
} = primordials;

const ops = internalBinding('ops');
const core = internalBinding('core');
const {
  ErrnoException,
  codes: {
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_OUT_OF_RANGE,
    ERR_UNKNOWN_CREDENTIAL,
    ERR_UNKNOWN_SIGNAL,
  },
} = require('internal/errors');
const {
  validateArray, validateBoolean, validateNumber, validateObject, validateUint32,
} = require('internal/validators');
const { signals } = require('internal/process/signals');

const hrValues = new Uint32Array(3);
const cpuValues = new Float64Array(2);
const ruValues = new Float64Array(16);
// Set again when the process starts (this module is evaluated into the snapshot).
let startTime = hrNs();

/** Marks the start of the process, the origin of process.uptime(). */
function markStart() {
  startTime = hrNs();
}

function hrNs() {
  ops.op_process_hrtime(hrValues);
  return (hrValues[0] * 0x100000000 + hrValues[1]) * 1e9 + hrValues[2];
}

function hrtime(time) {
  ops.op_process_hrtime(hrValues);
  const sec = hrValues[0] * 0x100000000 + hrValues[1];
  const nsec = hrValues[2];
  if (time !== undefined) {
    if (!Array.isArray(time)) throw new ERR_INVALID_ARG_TYPE('time', 'Array', time);
    if (time.length !== 2) throw new ERR_OUT_OF_RANGE('time', 2, time.length);
    let s = sec - time[0];
    let n = nsec - time[1];
    if (n < 0) { s -= 1; n += 1e9; }
    return [s, n];
  }
  return [sec, nsec];
}

hrtime.bigint = function bigint() {
  ops.op_process_hrtime(hrValues);
  return (BigInt(hrValues[0]) * 0x100000000n + BigInt(hrValues[1])) * 1000000000n + BigInt(hrValues[2]);
};

// Node's check of a previous reading passed to cpuUsage/threadCpuUsage.
function previousValueIsValid(num) {
  return typeof num === 'number' && num <= NumberMAX_SAFE_INTEGER && num >= 0;
}

function validatePrevious(prevValue) {
  if (!previousValueIsValid(prevValue.user)) {
    validateObject(prevValue, 'prevValue');
    validateNumber(prevValue.user, 'prevValue.user');
    throw new ERR_INVALID_ARG_VALUE.RangeError('prevValue.user', prevValue.user);
  }
  if (!previousValueIsValid(prevValue.system)) {
    validateNumber(prevValue.system, 'prevValue.system');
    throw new ERR_INVALID_ARG_VALUE.RangeError('prevValue.system', prevValue.system);
  }
}

function usage(read, prevValue) {
  if (prevValue) validatePrevious(prevValue);
  read(cpuValues);
  if (prevValue) {
    return { user: cpuValues[0] - prevValue.user, system: cpuValues[1] - prevValue.system };
  }
  return { user: cpuValues[0], system: cpuValues[1] };
}

function cpuUsage(prevValue) {
  return usage(ops.op_process_cpu_usage, prevValue);
}

function threadCpuUsage(prevValue) {
  return usage(ops.op_process_thread_cpu_usage, prevValue);
}

const memValues = new Float64Array(2);

function constrainedMemory() {
  ops.op_process_memory_limits(memValues);
  return memValues[0];
}

function availableMemory() {
  ops.op_process_memory_limits(memValues);
  return memValues[1];
}

function memoryUsage() {
  const m = core.memoryUsage();
  return {
    rss: ops.op_process_rss(),
    heapTotal: m.heapTotal,
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers ?? 0,
  };
}
memoryUsage.rss = () => ops.op_process_rss();

function resourceUsage() {
  ops.op_process_resource_usage(ruValues);
  const v = ruValues;
  return {
    userCPUTime: v[0], systemCPUTime: v[1], maxRSS: v[2], sharedMemorySize: v[3],
    unsharedDataSize: v[4], unsharedStackSize: v[5], minorPageFault: v[6], majorPageFault: v[7],
    swappedOut: v[8], fsRead: v[9], fsWrite: v[10], ipcSent: v[11], ipcReceived: v[12],
    signalsCount: v[13], voluntaryContextSwitches: v[14], involuntaryContextSwitches: v[15],
  };
}

function uptime() {
  return (hrNs() - startTime) / 1e9;
}

function umask(mask) {
  if (mask === undefined) return ops.op_process_umask(-1);
  if (typeof mask === 'string') {
    if (!/^[0-7]+$/.test(mask)) {
      const { codes: { ERR_INVALID_ARG_VALUE } } = require('internal/errors');
      throw new ERR_INVALID_ARG_VALUE('mask', mask, 'must be a 32-bit unsigned integer or an octal string');
    }
    mask = NumberParseInt(mask, 8);
  } else if (typeof mask !== 'number' || !NumberIsInteger(mask)) {
    throw new ERR_INVALID_ARG_TYPE('mask', ['number', 'string'], mask);
  }
  return ops.op_process_umask(mask);
}

function kill(pid, sig) {
  // eslint-disable-next-line eqeqeq
  if (pid != (pid | 0)) throw new ERR_INVALID_ARG_TYPE('pid', 'number', pid);
  let err;
  // process._kill, not the op: programs and tests patch it.
  if (sig === (sig | 0)) {
    // Preserves the null signal.
    err = process._kill(pid, sig);
  } else {
    sig ||= 'SIGTERM';
    if (signals[sig] === undefined) throw new ERR_UNKNOWN_SIGNAL(sig);
    err = process._kill(pid, signals[sig]);
  }
  if (err) throw new ErrnoException(err, 'kill');
  return true;
}

// The errors of the credential syscalls are made by Node's C++ layer
// (ThrowErrnoException): "EPERM, Operation not permitted".
function credentialError(errno, syscall) {
  const { getSystemErrorName, getSystemErrorMap } = require('util');
  const code = getSystemErrorName(errno);
  const text = getSystemErrorMap().get(errno)?.[1] ?? 'unknown error';
  const err = new Error(`${code}, ${StringPrototypeToUpperCase(text[0])}${StringPrototypeSlice(text, 1)}`);
  err.errno = -errno;
  err.code = code;
  err.syscall = syscall;
  return err;
}

function validateId(id, name) {
  if (typeof id === 'number') {
    validateUint32(id, name);
  } else if (typeof id !== 'string') {
    throw new ERR_INVALID_ARG_TYPE(name, ['number', 'string'], id);
  }
}

function wrapIdSetter(type, syscall) {
  return function(id) {
    validateId(id, 'id');
    if (typeof id === 'number') id >>>= 0;
    const result = ops.op_process_set_id(syscall, id);
    if (result === 1) throw new ERR_UNKNOWN_CREDENTIAL(type, id);
    if (result < 0) throw credentialError(result, syscall);
  };
}

function setgroups(groups) {
  validateArray(groups, 'groups');
  for (let i = 0; i < groups.length; i++) validateId(groups[i], `groups[${i}]`);
  const result = ops.op_process_setgroups(groups);
  if (result > 0) throw new ERR_UNKNOWN_CREDENTIAL('Group', groups[result - 1]);
  if (result < 0) throw credentialError(result, 'setgroups');
}

function initgroups(user, extraGroup) {
  validateId(user, 'user');
  validateId(extraGroup, 'extraGroup');
  const result = ops.op_process_initgroups(user, extraGroup);
  if (result === 1) throw new ERR_UNKNOWN_CREDENTIAL('User', user);
  if (result === 2) throw new ERR_UNKNOWN_CREDENTIAL('Group', extraGroup);
  if (result < 0) throw credentialError(result, 'initgroups');
}

let sourceMapsEnabled = false;

function setSourceMapsEnabled(val) {
  validateBoolean(val, 'val');
  ops.op_process_set_source_maps(val);
  sourceMapsEnabled = val;
}

/** process.loadEnvFile: variables of a .env file that the environment lacks. */
function loadEnvFile(path = undefined) { // The default keeps loadEnvFile.length 0.
  const fs = require('fs');
  const { getValidatedPath } = require('internal/fs/utils');
  const content = fs.readFileSync(path != null ? getValidatedPath(path) : '.env', 'utf8');
  const { parseDotenv } = require('internal/util/dotenv');
  const entries = parseDotenv(content);
  for (const { 0: key, 1: value } of entries) {
    // Variables already set win, as with --env-file.
    if (process.env[key] === undefined) process.env[key] = value;
  }
}

function rawDebug(...args) {
  const { format } = require('internal/util/inspect');
  ops.op_stdio_write_str(2, `${format(...args)}\n`);
}

function setup(process) {
  process.hrtime = hrtime;
  process.cpuUsage = cpuUsage;
  process.threadCpuUsage = threadCpuUsage;
  process.availableMemory = availableMemory;
  process.constrainedMemory = constrainedMemory;
  process._kill = (pid, sig) => ops.op_process_kill(pid, sig);
  process._rawDebug = rawDebug;
  const active = require('internal/process/active_resources');
  process._getActiveHandles = active.getActiveHandles;
  process._getActiveRequests = active.getActiveRequests;
  process.getActiveResourcesInfo = active.getActiveResourcesInfo;
  process.setSourceMapsEnabled = setSourceMapsEnabled;
  ObjectDefineProperty(process, 'sourceMapsEnabled', {
    __proto__: null, enumerable: true, configurable: true, get() { return sourceMapsEnabled; },
  });
  process.loadEnvFile = loadEnvFile;
  process.setuid = wrapIdSetter('User', 'setuid');
  process.seteuid = wrapIdSetter('User', 'seteuid');
  process.setgid = wrapIdSetter('Group', 'setgid');
  process.setegid = wrapIdSetter('Group', 'setegid');
  process.setgroups = setgroups;
  process.initgroups = initgroups;
  process.memoryUsage = memoryUsage;
  process.resourceUsage = resourceUsage;
  process.uptime = uptime;
  process.umask = umask;
  process.kill = kill;
  process.cwd = () => ops.op_process_cwd();
  process.chdir = (dir) => {
    if (typeof dir !== 'string') throw new ERR_INVALID_ARG_TYPE('directory', 'string', dir);
    ops.op_process_chdir(dir);
  };
  process.abort = () => ops.op_process_kill(ops.op_process_ids()[0], signals.SIGABRT);
  process.reallyExit = (code) => ops.op_process_exit(code | 0);
  // As Node's bootstrap: null until node:domain makes it an accessor.
  process.domain = null;
  process.platform = 'linux';
  process.arch = 'x64';
  process.emitWarning = (...args) => require('internal/process/warning').emitWarning(...args);
}

module.exports = { setup, hrtime, hrNs, markStart, setSourceMapsEnabled };
