// Adapted from Node.js lib/async_hooks.js and lib/internal/async_local_storage
// (MIT license, Node.js contributors).
// AsyncLocalStorage and AsyncResource's context on V8's continuation-preserved
// embedder data, which deno_core snapshots and restores around promise
// reactions, timers, immediates and nextTick callbacks (`core.AsyncVariable`),
// as Node's AsyncContextFrame. The hooks themselves are internal/async_hooks.
'use strict';

const {
  ArrayPrototypeIncludes,
  ArrayPrototypeIndexOf,
  ArrayPrototypePush,
  ArrayPrototypeSplice,
  ArrayPrototypeUnshift,
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
const { validateFunction, validateObject, validateString } = require('internal/validators');
const internal_async_hooks = require('internal/async_hooks');
const {
  executionAsyncId,
  triggerAsyncId,
  executionAsyncResource,
  hasAsyncIdStack,
  getHookArrays,
  enableHooks,
  disableHooks,
  updatePromiseHookMode,
  newAsyncId,
  getDefaultTriggerAsyncId,
  emitInit,
  emitBefore,
  emitAfter,
  emitDestroy,
  enabledHooksExist,
  initHooksExist,
  destroyHooksExist,
  registerDestroyHook,
} = internal_async_hooks;
const {
  async_id_symbol, trigger_async_id_symbol,
  init_symbol, before_symbol, after_symbol, destroy_symbol,
  promise_resolve_symbol,
} = internal_async_hooks.symbols;
const {
  kInit, kBefore, kAfter, kDestroy, kTotals, kPromiseResolve,
} = internal_async_hooks.constants;

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
    this[init_symbol] = init;
    this[before_symbol] = before;
    this[after_symbol] = after;
    this[destroy_symbol] = destroy;
    this[promise_resolve_symbol] = promiseResolve;
  }

  enable() {
    // Edits a copy of the list when called from inside a hook callback.
    const { 0: hooks_array, 1: hook_fields } = getHookArrays();
    if (ArrayPrototypeIncludes(hooks_array, this)) return this;

    const prev_kTotals = hook_fields[kTotals];
    hook_fields[kTotals] = hook_fields[kInit] += +!!this[init_symbol];
    hook_fields[kTotals] += hook_fields[kBefore] += +!!this[before_symbol];
    hook_fields[kTotals] += hook_fields[kAfter] += +!!this[after_symbol];
    hook_fields[kTotals] += hook_fields[kDestroy] += +!!this[destroy_symbol];
    hook_fields[kTotals] += hook_fields[kPromiseResolve] += +!!this[promise_resolve_symbol];
    ArrayPrototypePush(hooks_array, this);

    if (prev_kTotals === 0 && hook_fields[kTotals] > 0) enableHooks();
    updatePromiseHookMode();
    return this;
  }

  disable() {
    const { 0: hooks_array, 1: hook_fields } = getHookArrays();
    const index = ArrayPrototypeIndexOf(hooks_array, this);
    if (index === -1) return this;

    const prev_kTotals = hook_fields[kTotals];
    hook_fields[kTotals] = hook_fields[kInit] -= +!!this[init_symbol];
    hook_fields[kTotals] += hook_fields[kBefore] -= +!!this[before_symbol];
    hook_fields[kTotals] += hook_fields[kAfter] -= +!!this[after_symbol];
    hook_fields[kTotals] += hook_fields[kDestroy] -= +!!this[destroy_symbol];
    hook_fields[kTotals] += hook_fields[kPromiseResolve] -= +!!this[promise_resolve_symbol];
    ArrayPrototypeSplice(hooks_array, index, 1);

    if (prev_kTotals > 0 && hook_fields[kTotals] === 0) disableHooks();
    return this;
  }
}

function createHook(fns) {
  return new AsyncHook(fns);
}

const destroyedSymbol = Symbol('destroyed');
const contextFrameSymbol = Symbol('context_frame');

class AsyncResource {
  constructor(type, opts = kEmptyObject) {
    validateString(type, 'type');
    let triggerAsyncId = opts;
    let requireManualDestroy = false;
    if (typeof opts !== 'number') {
      triggerAsyncId = opts.triggerAsyncId === undefined ?
        getDefaultTriggerAsyncId() : opts.triggerAsyncId;
      requireManualDestroy = !!opts.requireManualDestroy;
    }
    // Unlike emitInit, AsyncResource does not take null as the triggerAsyncId.
    if (!NumberIsSafeInteger(triggerAsyncId) || triggerAsyncId < -1) {
      throw new ERR_INVALID_ASYNC_ID('triggerAsyncId', triggerAsyncId);
    }

    this[contextFrameSymbol] = core.getAsyncContext();
    const asyncId = newAsyncId();
    this[async_id_symbol] = asyncId;
    this[trigger_async_id_symbol] = triggerAsyncId;

    if (initHooksExist()) {
      if (enabledHooksExist() && type.length === 0) throw new ERR_ASYNC_TYPE(type);
      emitInit(asyncId, type, triggerAsyncId, this);
    }

    if (!requireManualDestroy && destroyHooksExist()) {
      const destroyed = { destroyed: false };
      this[destroyedSymbol] = destroyed;
      registerDestroyHook(this, asyncId, destroyed);
    }
  }

  runInAsyncScope(fn, thisArg, ...args) {
    const asyncId = this[async_id_symbol];
    emitBefore(asyncId, this[trigger_async_id_symbol], this);
    const previous = core.getAsyncContext();
    core.setAsyncContext(this[contextFrameSymbol]);
    try {
      return ReflectApply(fn, thisArg, args);
    } finally {
      core.setAsyncContext(previous);
      if (hasAsyncIdStack()) emitAfter(asyncId);
    }
  }

  emitDestroy() {
    if (this[destroyedSymbol] !== undefined) {
      this[destroyedSymbol].destroyed = true;
    }
    emitDestroy(this[async_id_symbol]);
    return this;
  }

  asyncId() {
    return this[async_id_symbol];
  }

  triggerAsyncId() {
    return this[trigger_async_id_symbol];
  }

  bind(fn, thisArg) {
    validateFunction(fn, 'fn');
    let bound;
    if (thisArg === undefined) {
      const resource = this;
      bound = function(...args) {
        ArrayPrototypeUnshift(args, fn, this);
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

// An explicit `undefined` store, told apart from "no store" (the default value).
const kUndefinedStore = Symbol('kUndefinedStore');

class AsyncLocalStorage {
  #variable = new core.AsyncVariable();
  #enabled = false;
  #defaultValue = undefined;
  #name = undefined;

  constructor(options = kEmptyObject) {
    validateObject(options, 'options');
    this.#defaultValue = options.defaultValue;
    if (options.name !== undefined) this.#name = `${options.name}`;
  }

  get name() {
    return this.#name ?? '';
  }

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
    if (!this.#enabled) return this.#defaultValue;
    const store = this.#variable.get();
    if (store === undefined) return this.#defaultValue;
    return store === kUndefinedStore ? undefined : store;
  }

  enterWith(store) {
    this.#enabled = true;
    this.#variable.enter(store === undefined ? kUndefinedStore : store);
  }

  // Restores only this store's slot afterwards, so an `enterWith` of another
  // store inside the callback outlives it (Node's AsyncContextFrame semantics).
  run(store, callback, ...args) {
    const previous = this.#variable.get();
    this.#enabled = true;
    this.#variable.enter(store === undefined ? kUndefinedStore : store);
    try {
      return ReflectApply(callback, null, args);
    } finally {
      this.#variable.enter(previous);
    }
  }

  exit(callback, ...args) {
    if (!this.#enabled) return ReflectApply(callback, null, args);
    const previous = this.#variable.get();
    this.#variable.enter(kUndefinedStore);
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
