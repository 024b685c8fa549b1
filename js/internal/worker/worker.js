// Adapted from Node.js lib/internal/worker.js (MIT license, Node.js contributors).
// The parent's side of a Worker: its own OS thread and runtime (src/runtime/
// worker.rs), reached through two port pairs: the internal one (script
// loading, errors, stdio) and the public one (worker.postMessage / parentPort).
'use strict';

const {
  ArrayIsArray,
  ArrayPrototypeMap,
  JSONStringify,
  ObjectEntries,
  PromisePrototypeThen,
  String,
  StringPrototypeStartsWith,
  Symbol,
  SymbolFor,
} = primordials;

const EventEmitter = require('events');
const { Buffer } = require('buffer');
const path = require('path');
const {
  codes: {
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_WORKER_INVALID_EXEC_ARGV,
    ERR_WORKER_OUT_OF_MEMORY,
    ERR_WORKER_PATH,
    ERR_WORKER_UNSERIALIZABLE_ERROR,
  },
} = require('internal/errors');
const { validateObject, validateString } = require('internal/validators');
const io = require('internal/worker/io');
const messageTypes = require('internal/worker/messages');
const state = require('internal/worker/state');

const core = internalBinding('core');
const ops = internalBinding('ops');

const SHARE_ENV = SymbolFor('nodejs.worker_threads.SHARE_ENV');

const kHandle = Symbol('kHandle');
const kPort = Symbol('kPort');
const kPublicPort = Symbol('kPublicPort');
const kExitPromise = Symbol('kExitPromise');
const kRefed = Symbol('kRefed');
const kOnExit = Symbol('kOnExit');
const kOnMessage = Symbol('kOnMessage');
const kParentSideStdio = Symbol('kParentSideStdio');
const kLimits = Symbol('kLimits');
const kExited = Symbol('kExited');

const kLimitKeys = ['maxYoungGenerationSizeMb', 'maxOldGenerationSizeMb', 'codeRangeSizeMb', 'stackSizeMb'];

let environmentCounter = 0;

function isURLLike(value) {
  return value !== null && typeof value === 'object' && typeof value.href === 'string' &&
    typeof value.protocol === 'string';
}

function resolveFilename(filename, options) {
  if (options.eval) {
    if (typeof filename !== 'string') {
      throw new ERR_INVALID_ARG_VALUE('options.eval', options.eval, 'must be false when \'filename\' is not a string');
    }
    return { filename, doEval: 'classic' };
  }
  if (isURLLike(filename)) {
    const { URL, fileURLToPath } = require('internal/url');
    const url = new URL(filename);
    if (url.protocol === 'data:') {
      const { notImplemented } = require('internal/not_implemented');
      notImplemented('new Worker(data: URL)')();
    }
    return { filename: fileURLToPath(url), doEval: false };
  }
  validateString(filename, 'filename');
  if (!path.isAbsolute(filename) &&
      !StringPrototypeStartsWith(filename, './') &&
      !StringPrototypeStartsWith(filename, '../') &&
      !StringPrototypeStartsWith(filename, '.' + path.sep) &&
      !StringPrototypeStartsWith(filename, '..' + path.sep)) {
    throw new ERR_WORKER_PATH(filename);
  }
  return { filename: path.resolve(filename), doEval: false };
}

function limitsArray(limits) {
  return ArrayPrototypeMap(kLimitKeys, (k) => {
    const v = limits?.[k];
    return typeof v === 'number' && v > 0 ? v : 0;
  });
}

class Worker extends EventEmitter {
  constructor(filename, options = {}) {
    super();
    validateObject(options, 'options');
    const { filename: file, doEval } = resolveFilename(filename, options);

    let argv = [];
    if (options.argv !== undefined) {
      if (!ArrayIsArray(options.argv)) throw new ERR_INVALID_ARG_TYPE('options.argv', 'Array', options.argv);
      argv = ArrayPrototypeMap(options.argv, String);
    }
    const parent = require('internal/bootstrap/main').getLaunchOptions();
    let execArgv = parent?.execArgv ?? [];
    if (options.execArgv !== undefined) {
      if (!ArrayIsArray(options.execArgv)) {
        throw new ERR_INVALID_ARG_TYPE('options.execArgv', 'Array', options.execArgv);
      }
      for (const a of options.execArgv) {
        if (typeof a !== 'string' || !StringPrototypeStartsWith(a, '-')) throw new ERR_WORKER_INVALID_EXEC_ARGV([a]);
      }
      execArgv = options.execArgv;
    }
    let env = null;
    let shareEnv = false;
    if (options.env === SHARE_ENV) {
      shareEnv = true;
    } else if (options.env !== undefined && options.env !== null) {
      if (typeof options.env !== 'object') {
        throw new ERR_INVALID_ARG_TYPE('options.env', ['object', 'undefined', 'null', 'worker_threads.SHARE_ENV'], options.env);
      }
      env = {};
      for (const { 0: k, 1: v } of ObjectEntries(options.env)) env[k] = `${v}`;
    } else {
      env = { ...process.env };
    }
    if (options.resourceLimits !== undefined) validateObject(options.resourceLimits, 'options.resourceLimits');
    if (options.name !== undefined) validateString(options.name, 'options.name');
    const limits = limitsArray(options.resourceLimits);
    this[kLimits] = {};
    for (let i = 0; i < kLimitKeys.length; i++) {
      if (limits[i] > 0) this[kLimits][kLimitKeys[i]] = limits[i];
    }

    // The permission model (Node checks in its Worker binding).
    if (process.permission) require('internal/process/permission').checkWorker();
    const [parentId, childId] = ops.op_message_channel();
    this[kPort] = io.createPort(parentId);
    this[kPort].on('message', (data) => this[kOnMessage](data));
    this[kPort].unref();

    const { Readable, Writable } = require('stream');
    const stdout = new Readable({ read() {} });
    const stderr = new Readable({ read() {} });
    if (!options.stdout) pipeWithoutWarning(stdout, process.stdout);
    if (!options.stderr) pipeWithoutWarning(stderr, process.stderr);
    let stdin = null;
    if (options.stdin) {
      const port = this[kPort];
      stdin = new Writable({
        decodeStrings: false,
        writev(chunks, cb) {
          port.postMessage({
            type: messageTypes.STDIO_PAYLOAD,
            stream: 'stdin',
            chunks: ArrayPrototypeMap(chunks, ({ chunk, encoding }) => ({ chunk, encoding })),
          });
          cb();
        },
        final(cb) {
          port.postMessage({ type: messageTypes.STDIO_PAYLOAD, stream: 'stdin', chunks: [{ chunk: null, encoding: '' }] });
          cb();
        },
      });
    }
    this[kParentSideStdio] = { stdin, stdout, stderr };

    const { port1, port2 } = new io.MessageChannel();
    this[kPublicPort] = port1;
    this[kPublicPort].on('message', (message) => this.emit('message', message));
    this[kPublicPort].on('messageerror', (err) => this.emit('messageerror', err));
    io.setupPortReferencing(this[kPublicPort], this, 'message');

    const transferList = [port2];
    if (options.transferList !== undefined) {
      for (const t of options.transferList) transferList[transferList.length] = t;
    }
    const environmentData = [];
    for (const { 0: k, 1: v } of state.environmentData) environmentData[environmentData.length] = [k, v];
    this[kPort].postMessage({
      type: messageTypes.LOAD_SCRIPT,
      filename: file,
      doEval,
      workerData: options.workerData,
      environmentData,
      publicPort: port2,
      hasStdin: !!options.stdin,
    }, transferList);

    const base = parent ?? { bools: {}, values: {}, profile: null };
    const values = { ...base.values };
    delete values.eval;
    delete values.print;
    const bools = { ...base.bools };
    delete bools.test;
    delete bools.check;
    delete bools.interactive;
    delete bools.watch;
    const childOptions = {
      ...base,
      script: doEval ? null : file,
      args: argv,
      execArgv,
      bools,
      values,
      namedStdin: false,
      worker: {
        threadId: '__THREAD_ID__',
        envPort: childId,
        env,
        shareEnv,
        resourceLimits: this[kLimits],
        stdout: !!options.stdout,
        stderr: !!options.stderr,
        name: options.name ?? '',
        id: ++environmentCounter,
      },
    };
    this[kHandle] = ops.op_worker_spawn(JSONStringify(childOptions), limits);
    this[kRefed] = true;
    this[kExitPromise] = ops.op_worker_wait_exit(this[kHandle]);
    // The worker's last messages are usually in flight with its end: let
    // their own deliveries (and what they trigger) run first, as in Node,
    // where they come in earlier callbacks; kOnExit drains what is left.
    PromisePrototypeThen(this[kExitPromise], (r) => {
      require('timers').setImmediate(() => this[kOnExit](r[0], r[1] === 1));
    });
    process.emit('worker', this);
  }

  [kOnExit](code, outOfMemory) {
    // Messages the worker sent before it ended arrive before 'exit'.
    io.drainMessagePort(this[kPort]);
    io.drainMessagePort(this[kPublicPort]);
    this[kPort].close();
    this[kPublicPort].close();
    this[kHandle] = null;
    this[kExited] = true;
    this[kLimits] = {};
    const { stdout, stderr } = this[kParentSideStdio];
    if (!stdout._readableState.ended) stdout.push(null);
    if (!stderr._readableState.ended) stderr.push(null);
    if (outOfMemory) {
      this.emit('error', new ERR_WORKER_OUT_OF_MEMORY('JS heap out of memory'));
    }
    this.emit('exit', code);
    this.removeAllListeners('message');
    this.removeAllListeners('messageerrors');
    this.removeAllListeners('online');
  }

  [kOnMessage](message) {
    switch (message.type) {
      case messageTypes.UP_AND_RUNNING:
        return this.emit('online');
      case messageTypes.COULD_NOT_SERIALIZE_ERROR:
        return this.emit('error', new ERR_WORKER_UNSERIALIZABLE_ERROR());
      case messageTypes.ERROR_MESSAGE:
        return this.emit('error', message.error);
      case messageTypes.STDIO_PAYLOAD: {
        const { stream, chunks } = message;
        const readable = this[kParentSideStdio]?.[stream];
        if (readable == null || readable._readableState.ended) return;
        for (const { chunk, encoding } of chunks) {
          if (chunk === null || typeof chunk === 'string') readable.push(chunk, encoding);
          else readable.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        }
        return;
      }
    }
  }

  postMessage(...args) {
    if (this[kPublicPort] === null || this[kExited]) return;
    this[kPublicPort].postMessage(...args);
  }

  terminate(callback) {
    const { PromiseWithResolvers } = primordials;
    const { promise, resolve } = PromiseWithResolvers();
    if (typeof callback === 'function') {
      process.emitWarning('Passing a callback to worker.terminate() is deprecated. ' +
                          'It returns a Promise instead.', 'DeprecationWarning', 'DEP0132');
      if (this[kHandle] === null) return PromisePrototypeThen(promise, () => callback());
      this.once('exit', (exitCode) => callback(null, exitCode));
    }
    if (this[kHandle] === null) {
      resolve();
      return promise;
    }
    this.once('exit', (code) => resolve(code));
    // The 'exit' that settles the promise comes even for an unref'ed worker.
    core.refOpPromise(this[kExitPromise]);
    ops.op_worker_terminate(this[kHandle]);
    return promise;
  }

  ref() {
    if (this[kHandle] === null) return;
    this[kRefed] = true;
    core.refOpPromise(this[kExitPromise]);
    io.markActivity();
    this[kPublicPort].ref();
  }

  unref() {
    if (this[kHandle] === null) return;
    this[kRefed] = false;
    core.unrefOpPromise(this[kExitPromise]);
    this[kPublicPort].unref();
  }

  get threadId() {
    if (this[kHandle] === null) return -1;
    return this[kHandle];
  }

  get stdin() {
    return this[kParentSideStdio].stdin;
  }

  get stdout() {
    return this[kParentSideStdio].stdout;
  }

  get stderr() {
    return this[kParentSideStdio].stderr;
  }

  get resourceLimits() {
    if (this[kHandle] === null) return {};
    return this[kLimits];
  }

  getHeapSnapshot() {
    const { notImplemented } = require('internal/not_implemented');
    return notImplemented('worker.getHeapSnapshot')();
  }
}

function pipeWithoutWarning(source, dest) {
  const sourceMaxListeners = source._maxListeners;
  const destMaxListeners = dest._maxListeners;
  source.setMaxListeners(Infinity);
  dest.setMaxListeners(Infinity);
  source.pipe(dest, { end: false });
  source._maxListeners = sourceMaxListeners;
  dest._maxListeners = destMaxListeners;
}

module.exports = { Worker, SHARE_ENV };
