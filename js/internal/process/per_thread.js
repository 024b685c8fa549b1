// The parts of `process` that are functions over the OS: clocks, resource
// usage, exit, signals, working directory (Node's per_thread.js and node_process).
'use strict';

const {
  BigInt,
  BigUint64Array,
  Float64Array,
  NumberIsInteger,
  NumberParseInt,
  ObjectFreeze,
  StringPrototypeToUpperCase,
  Uint32Array,
} = primordials;

const ops = internalBinding('ops');
const core = internalBinding('core');
const { codes: { ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE, ERR_UNKNOWN_SIGNAL } } = require('internal/errors');
const { signals } = require('internal/process/signals');

const hrValues = new Uint32Array(3);
const cpuValues = new Float64Array(2);
const ruValues = new Float64Array(16);
const startTime = hrNs();

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

function cpuUsage(prev) {
  ops.op_process_cpu_usage(cpuValues);
  if (prev) {
    return { user: cpuValues[0] - prev.user, system: cpuValues[1] - prev.system };
  }
  return { user: cpuValues[0], system: cpuValues[1] };
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

function kill(pid, sig = 'SIGTERM') {
  if (pid != (pid | 0)) throw new ERR_INVALID_ARG_TYPE('pid', 'number', pid);
  let num;
  if (typeof sig === 'number') {
    num = sig;
  } else if (typeof sig === 'string') {
    num = signals[StringPrototypeToUpperCase(sig)] ?? signals[sig];
    if (num === undefined) throw new ERR_UNKNOWN_SIGNAL(sig);
  } else {
    throw new ERR_INVALID_ARG_TYPE('sig', ['number', 'string'], sig);
  }
  ops.op_process_kill(pid, num);
  return true;
}

function setup(process) {
  process.hrtime = hrtime;
  process.cpuUsage = cpuUsage;
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
  process.platform = 'linux';
  process.arch = 'x64';
  process.emitWarning = (...args) => require('internal/process/warning').emitWarning(...args);
}

module.exports = { setup, hrtime, hrNs };
