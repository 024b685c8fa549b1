// Adapted from Node.js src/node_os.cc (MIT license, Node.js contributors).
// Node's internalBinding('os') over the `op_os_*` ops: functions that fill a
// `ctx` object and return undefined on failure, as os.js expects.
'use strict';

const {
  ArrayPrototypePush,
  StringPrototypeIndexOf,
  StringPrototypeLastIndexOf,
  StringPrototypeSlice,
} = primordials;

const ops = internalBinding('ops');

// Copies a SysError thrown by an op into Node's `ctx` shape.
function fillContext(ctx, err) {
  if (ctx === undefined || ctx === null) throw err;
  const msg = `${err.message}`;
  const start = StringPrototypeIndexOf(msg, ': ') + 2;
  const end = StringPrototypeLastIndexOf(msg, ', ');
  ctx.errno = err.errno;
  ctx.code = err.code;
  ctx.message = StringPrototypeSlice(msg, start, end > start ? end : msg.length);
  ctx.syscall = err.syscall;
}

function checked(op) {
  return function(ctx) {
    try {
      return op();
    } catch (err) {
      fillContext(ctx, err);
      return undefined;
    }
  };
}

function getCPUs() {
  const out = [];
  for (const cpu of ops.op_os_cpus()) {
    const t = cpu.times;
    ArrayPrototypePush(out, cpu.model, cpu.speed, t[0], t[1], t[2], t[3], t[4]);
  }
  return out;
}

function getInterfaceAddresses() {
  const out = [];
  for (const i of ops.op_os_interfaces()) {
    ArrayPrototypePush(out, i.name, i.address, i.netmask, i.family, i.mac, i.internal, i.scopeid);
  }
  return out;
}

function getLoadAvg(array) {
  const avg = ops.op_os_loadavg();
  array[0] = avg[0];
  array[1] = avg[1];
  array[2] = avg[2];
}

function getUserInfo(options, ctx) {
  let user;
  try {
    user = ops.op_os_user_info();
  } catch (err) {
    fillContext(ctx, err);
    return undefined;
  }
  if (options?.encoding === 'buffer') {
    const { Buffer } = require('buffer');
    user.username = Buffer.from(user.username);
    user.homedir = Buffer.from(user.homedir);
    if (user.shell !== null) user.shell = Buffer.from(user.shell);
  }
  return user;
}

function getPriority(pid, ctx) {
  try {
    return ops.op_os_get_priority(pid);
  } catch (err) {
    fillContext(ctx, err);
    return undefined;
  }
}

function setPriority(pid, priority, ctx) {
  try {
    ops.op_os_set_priority(pid, priority);
    return 0;
  } catch (err) {
    fillContext(ctx, err);
    return -1;
  }
}

module.exports = {
  getAvailableParallelism: () => ops.op_os_available_parallelism(),
  getCPUs,
  getFreeMem: () => ops.op_os_freemem(),
  getHomeDirectory: checked(() => ops.op_os_homedir()),
  getHostname: checked(() => ops.op_os_hostname()),
  getInterfaceAddresses: checked(getInterfaceAddresses),
  getLoadAvg,
  getPriority,
  getOSInformation: () => ops.op_os_uname(),
  getTotalMem: () => ops.op_os_totalmem(),
  getUserInfo,
  getUptime: checked(() => ops.op_os_uptime()),
  isBigEndian: false,
  setPriority,
};
