// Adapted from Node.js lib/async_hooks.js and lib/internal/async_local_storage
// (MIT license, Node.js contributors).
// AsyncLocalStorage and AsyncResource on V8's continuation-preserved embedder
// data, which deno_core snapshots and restores around promise reactions,
// timers, immediates and nextTick callbacks (`core.AsyncVariable`).
// `createHook` hooks are accepted but never called: nodus has no async-wrap
// resource tracking.
'use strict';

const {
  FunctionPrototypeBind,
  NumberIsSafeInteger,
  ObjectDefineProperties,
  ObjectFreeze,
  ReflectApply,
  Symbol,
} = primordials;

const core = internalBinding('core');
const {
  ERR_ASYNC_CALLBACK,
  ERR_ASYNC_TYPE,
  ERR_INVALID_ASYNC_ID,
} = require('internal/errors').codes;
const { kEmptyObject } = require('internal/util');
const { validateFunction, validateString } = require('internal/validators');

let nextAsyncId = 2;
const kTopLevelId = 1;

// Runs `fn` with `context` as the current async context, then restores it.
function runInContext(context, fn, thisArg, args) {
  const previous = core.getAsyncContext();
  core.setAsyncContext(context);
  try {
    return ReflectApply(fn, thisArg, args);
  } finally {
    core.setAsyncContext(previous);
  }
}

class AsyncHook {
  constructor({ init, before, after, destroy, promiseResolve }) {
    if (init !== undefined && typeof init !== 'function') throw new ERR_ASYNC_CALLBACK('hook.init');
    if (before !== undefined && typeof before !== 'function') throw new ERR_ASYNC_CALLBACK('hook.before');
    if (after !== undefined && typeof after !== 'function') throw new ERR_ASYNC_CALLBACK('hook.after');
    if (destroy !== undefined && typeof destroy !== 'function') throw new ERR_ASYNC_CALLBACK('hook.destroy');
    if (promiseResolve !== undefined && typeof promiseResolve !== 'function') {
      throw new ERR_ASYNC_CALLBACK('hook.promiseResolve');
    }
  }

  enable() { return this; }

  disable() { return this; }
}

function createHook(fns) {
  return new AsyncHook(fns);
}

function executionAsyncId() {
  return kTopLevelId;
}

function triggerAsyncId() {
  return 0;
}

const topLevelResource = {};
function executionAsyncResource() {
  return topLevelResource;
}

const kContext = Symbol('kContext');
const kAsyncId = Symbol('kAsyncId');
const kTriggerId = Symbol('kTriggerId');

class AsyncResource {
  constructor(type, opts = kEmptyObject) {
    validateString(type, 'type');
    let triggerId = opts;
    let requireManualDestroy = false;
    if (typeof opts !== 'number') {
      triggerId = opts.triggerAsyncId === undefined ? executionAsyncId() : opts.triggerAsyncId;
      requireManualDestroy = !!opts.requireManualDestroy;
    }
    if (!NumberIsSafeInteger(triggerId) || triggerId < -1) {
      throw new ERR_INVALID_ASYNC_ID('triggerAsyncId', triggerId);
    }
    if (type.length === 0) throw new ERR_ASYNC_TYPE(type);
    void requireManualDestroy;
    this[kContext] = core.getAsyncContext();
    this[kAsyncId] = nextAsyncId++;
    this[kTriggerId] = triggerId;
  }

  runInAsyncScope(fn, thisArg, ...args) {
    return runInContext(this[kContext], fn, thisArg, args);
  }

  emitDestroy() {
    return this;
  }

  asyncId() {
    return this[kAsyncId];
  }

  triggerAsyncId() {
    return this[kTriggerId];
  }

  bind(fn, thisArg) {
    validateFunction(fn, 'fn');
    let bound;
    if (thisArg === undefined) {
      const resource = this;
      bound = function(...args) {
        args.unshift(fn, this);
        return ReflectApply(resource.runInAsyncScope, resource, args);
      };
    } else {
      bound = FunctionPrototypeBind(this.runInAsyncScope, this, fn, thisArg);
    }
    let self = this;
    ObjectDefineProperties(bound, {
      'length': { __proto__: null, configurable: true, enumerable: false, value: fn.length, writable: false },
      'asyncResource': {
        __proto__: null, configurable: true, enumerable: true,
        get() { return self; },
        set(val) { self = val; },
      },
    });
    return bound;
  }

  static bind(fn, type, thisArg) {
    type = type || fn.name || 'bound-anonymous-fn';
    return (new AsyncResource(type)).bind(fn, thisArg);
  }
}

class AsyncLocalStorage {
  #variable = new core.AsyncVariable();
  #enabled = false;

  static bind(fn) {
    return AsyncResource.bind(fn);
  }

  static snapshot() {
    const context = core.getAsyncContext();
    return function runInAsyncScope(fn, ...args) {
      return runInContext(context, fn, this, args);
    };
  }

  disable() {
    if (this.#enabled) {
      this.#enabled = false;
      this.#variable.enter(undefined);
    }
  }

  getStore() {
    return this.#enabled ? this.#variable.get() : undefined;
  }

  enterWith(store) {
    this.#enabled = true;
    this.#variable.enter(store);
  }

  // Restores only this store's slot afterwards, so an `enterWith` of another
  // store inside the callback outlives it (Node's AsyncContextFrame semantics).
  run(store, callback, ...args) {
    const previous = this.#variable.get();
    this.#enabled = true;
    this.#variable.enter(store);
    try {
      return ReflectApply(callback, null, args);
    } finally {
      this.#variable.enter(previous);
    }
  }

  exit(callback, ...args) {
    if (!this.#enabled) return ReflectApply(callback, null, args);
    const previous = this.#variable.get();
    this.#variable.enter(undefined);
    try {
      return ReflectApply(callback, null, args);
    } finally {
      this.#variable.enter(previous);
    }
  }
}

const asyncWrapProviders = ObjectFreeze({
  __proto__: null,
  NONE: 0, DIRHANDLE: 1, DNSCHANNEL: 2, ELDHISTOGRAM: 3, FILEHANDLE: 4,
  FILEHANDLECLOSEREQ: 5, BLOBREADER: 6, FSEVENTWRAP: 7, FSREQCALLBACK: 8,
  FSREQPROMISE: 9, GETADDRINFOREQWRAP: 10, GETNAMEINFOREQWRAP: 11, HEAPSNAPSHOT: 12,
  HTTP2SESSION: 13, HTTP2STREAM: 14, HTTP2PING: 15, HTTP2SETTINGS: 16,
  HTTPINCOMINGMESSAGE: 17, HTTPCLIENTREQUEST: 18, JSSTREAM: 19, JSUDPWRAP: 20,
  MESSAGEPORT: 21, PIPECONNECTWRAP: 22, PIPESERVERWRAP: 23, PIPEWRAP: 24,
  PROCESSWRAP: 25, PROMISE: 26, QUERYWRAP: 27, SHUTDOWNWRAP: 28, SIGNALWRAP: 29,
  STATWATCHER: 30, STREAMPIPE: 31, TCPCONNECTWRAP: 32, TCPSERVERWRAP: 33,
  TCPWRAP: 34, TTYWRAP: 35, UDPSENDWRAP: 36, UDPWRAP: 37, SIGINTWATCHDOG: 38,
  WORKER: 39, WORKERHEAPSNAPSHOT: 40, WRITEWRAP: 41, ZLIB: 42,
});

module.exports = {
  AsyncLocalStorage,
  createHook,
  executionAsyncId,
  triggerAsyncId,
  executionAsyncResource,
  asyncWrapProviders,
  AsyncResource,
};
