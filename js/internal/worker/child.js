// Adapted from Node.js lib/internal/main/worker_thread.js (MIT license,
// Node.js contributors). The start of a worker's thread: takes the parent's
// LOAD_SCRIPT message off the internal port, sets up what makes this thread a
// worker (threadId, workerData, parentPort, its own process.env, process.exit
// ending only the thread, fatal errors going to the parent) and returns the
// launch options that run the worker's script.
'use strict';

const {
  ArrayPrototypeMap,
  ObjectDefineProperty,
  ProxyCtor = primordials.Proxy,
  ReflectDefineProperty,
  ReflectDeleteProperty,
  ReflectSet,
} = primordials;

const messageTypes = require('internal/worker/messages');
const state = require('internal/worker/state');

const ops = internalBinding('ops');

// process.env of a worker without SHARE_ENV: its own copy, with the string
// coercion of the real one.
function createWorkerEnv(initial) {
  const target = { __proto__: null, ...initial };
  return new ProxyCtor(target, {
    __proto__: null,
    set(t, key, value) {
      if (typeof key === 'symbol') return ReflectSet(t, key, value);
      return ReflectSet(t, key, `${value}`);
    },
    defineProperty(t, key, desc) {
      if ('value' in desc) desc = { ...desc, value: `${desc.value}` };
      return ReflectDefineProperty(t, key, desc);
    },
    deleteProperty(t, key) {
      return ReflectDeleteProperty(t, key);
    },
  });
}

function workerStdio(envPort, name) {
  const { Writable } = require('stream');
  const stream = new Writable({
    decodeStrings: false,
    writev(chunks, cb) {
      envPort.postMessage({
        type: messageTypes.STDIO_PAYLOAD,
        stream: name,
        chunks: ArrayPrototypeMap(chunks, ({ chunk, encoding }) => ({ chunk, encoding })),
      });
      cb();
    },
  });
  stream.fd = name === 'stdout' ? 1 : 2;
  return stream;
}

function unsupported(name) {
  return function() {
    const { codes: { ERR_WORKER_UNSUPPORTED_OPERATION } } = require('internal/errors');
    throw new ERR_WORKER_UNSUPPORTED_OPERATION(name);
  };
}

function setup(options) {
  const w = options.worker;
  state.isMainThread = false;
  state.threadId = w.threadId;
  state.resourceLimits = w.resourceLimits;
  // process.exit() and fatal errors end this thread only (op_worker_exit
  // stops this isolate; src/runtime/worker.rs reports the code).
  ops.op_process_exit = ops.op_worker_exit;
  process.reallyExit = (code) => ops.op_worker_exit(code | 0);
  process.chdir = unsupported('process.chdir()');
  process.abort = unsupported('process.abort()');
  if (!w.shareEnv) process.env = createWorkerEnv(w.env);

  const io = require('internal/worker/io');
  const envPort = io.createPort(w.envPort);
  state.envPort = envPort;
  const load = io.receiveMessageOnPort(envPort)?.message;
  if (load?.type !== messageTypes.LOAD_SCRIPT) {
    ops.op_worker_exit(1);
    return options;
  }
  state.workerData = load.workerData;
  state.parentPort = load.publicPort;
  for (const { 0: k, 1: v } of load.environmentData) state.environmentData.set(k, v);

  if (w.stdout) {
    const out = workerStdio(envPort, 'stdout');
    ObjectDefineProperty(process, 'stdout', { __proto__: null, configurable: true, enumerable: true, get: () => out });
  }
  if (w.stderr) {
    const err = workerStdio(envPort, 'stderr');
    ObjectDefineProperty(process, 'stderr', { __proto__: null, configurable: true, enumerable: true, get: () => err });
  }

  require('internal/process/execution').setFatalReporter((error) => {
    try {
      envPort.postMessage({ type: messageTypes.ERROR_MESSAGE, error });
    } catch {
      envPort.postMessage({ type: messageTypes.COULD_NOT_SERIALIZE_ERROR });
    }
  });
  envPort.postMessage({ type: messageTypes.UP_AND_RUNNING });

  if (load.doEval) {
    const values = { ...options.values, eval: [load.filename] };
    return { ...options, script: null, values };
  }
  return { ...options, script: load.filename };
}

module.exports = { setup };
