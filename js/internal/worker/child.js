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
} = primordials;

const messageTypes = require('internal/worker/messages');
const state = require('internal/worker/state');

const ops = internalBinding('ops');

// The worker's stdio goes through the internal port: its parent pushes
// stdout/stderr into worker.stdout/stderr (piped to its own by default) and
// feeds stdin when the Worker was made with `stdin: true`.
function workerStdio(envPort, name) {
  const { Writable } = require('stream');
  return new Writable({
    decodeStrings: false,
    writev(chunks, cb) {
      envPort.postMessage({
        type: messageTypes.STDIO_PAYLOAD,
        stream: name,
        chunks: ArrayPrototypeMap(chunks, ({ chunk, encoding }) => ({ chunk, encoding })),
      });
      cb();
    },
    final(cb) {
      envPort.postMessage({ type: messageTypes.STDIO_PAYLOAD, stream: name, chunks: [{ chunk: null, encoding: '' }] });
      cb();
    },
  });
}

function workerStdin(envPort, hasStdin) {
  const { Readable } = require('stream');
  let reading = false;
  const stdin = new Readable({
    read() {
      // While the script reads stdin, the port keeps the worker alive.
      if (!reading && hasStdin) {
        reading = true;
        envPort.ref();
      }
    },
  });
  stdin.on('end', () => {
    if (reading) envPort.unref();
  });
  if (!hasStdin) stdin.push(null);
  return stdin;
}

function toChunk(chunk, encoding) {
  if (chunk === null || typeof chunk === 'string') return chunk;
  const { Buffer } = require('buffer');
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function workerExit(code) {
  ops.op_worker_exit(code | 0);
  // The termination lands at the next interrupt check, which this loop's
  // back edge has: nothing after process.exit() runs.
  for (;;);
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
  ops.op_process_exit = workerExit;
  process.reallyExit = workerExit;
  process.chdir = unsupported('process.chdir()');
  process.abort = unsupported('process.abort()');
  if (!w.shareEnv) process.env = require('internal/process/env').createEnv(w.env);

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

  const stdio = {
    stdin: workerStdin(envPort, load.hasStdin),
    stdout: workerStdio(envPort, 'stdout'),
    stderr: workerStdio(envPort, 'stderr'),
  };
  for (const name of ['stdin', 'stdout', 'stderr']) {
    const stream = stdio[name];
    ObjectDefineProperty(process, name, { __proto__: null, configurable: true, enumerable: true, get: () => stream });
  }
  envPort.on('message', (message) => {
    if (message?.type === messageTypes.STDIO_PAYLOAD && message.stream === 'stdin') {
      for (const { chunk, encoding } of message.chunks) stdio.stdin.push(toChunk(chunk), encoding);
    }
  });
  envPort.unref();

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
