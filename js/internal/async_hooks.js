// Adapted from Node.js lib/internal/async_hooks.js (MIT license, Node.js contributors).
// Node keeps the async id fields and the execution stack in C++ (AsyncWrap,
// Environment::AsyncHooks); nodus has no native async resources, so the same
// state lives here in JS and the JS-side resources (timers, immediates,
// nextTick, fs and net requests, promises through V8's promise hooks) push
// and pop it themselves. Everything stays cheap while no hook is enabled: the
// emit functions check `async_hook_fields` first, as Node's do.
'use strict';

const {
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  ErrorCaptureStackTrace,
  NumberIsSafeInteger,
  ObjectDefineProperty,
  ObjectPrototypeHasOwnProperty,
  ReflectApply,
  SafeFinalizationRegistry,
  Symbol,
  Uint32Array,
  Float64Array,
} = primordials;

const core = internalBinding('core');

// Indices of async_hook_fields (Node's AsyncHooks::Fields).
const kInit = 0;
const kBefore = 1;
const kAfter = 2;
const kDestroy = 3;
const kPromiseResolve = 4;
const kTotals = 5;
const kCheck = 6;
const kStackLength = 7;
const kUsesExecutionAsyncResource = 8;
// Indices of async_id_fields (Node's AsyncHooks::UidFields).
const kExecutionAsyncId = 0;
const kTriggerAsyncId = 1;
const kAsyncIdCounter = 2;
const kDefaultTriggerAsyncId = 3;

const async_hook_fields = new Uint32Array(9);
const async_id_fields = new Float64Array(4);
// The main script runs as async id 1, triggered by 0; ids handed out start at 2.
async_id_fields[kExecutionAsyncId] = 1;
async_id_fields[kTriggerAsyncId] = 0;
async_id_fields[kAsyncIdCounter] = 1;
async_id_fields[kDefaultTriggerAsyncId] = -1;
// Node checks ids by default (--no-force-async-hooks-checks turns it off).
async_hook_fields[kCheck] = 1;

// The stack of (executionAsyncId, triggerAsyncId) pairs and of resources
// below the current one.
const async_ids_stack = [];
const execution_async_resources = [];
const topLevelResource = {};

// The set of enabled hooks; a copy is edited when a hook callback enables or
// disables hooks, so that the running emit sees a stable list.
const active_hooks = {
  array: [],
  call_depth: 0,
  tmp_array: null,
  tmp_fields: null,
};

const async_id_symbol = Symbol('asyncId');
const trigger_async_id_symbol = Symbol('triggerId');
const init_symbol = Symbol('init');
const before_symbol = Symbol('before');
const after_symbol = Symbol('after');
const destroy_symbol = Symbol('destroy');
const promise_resolve_symbol = Symbol('promiseResolve');
// Shared with the handles: a handle's owner is its public resource.
const { owner_symbol, resource_symbol } = require('internal/bindings/symbols');

const emitBeforeNative = emitHookFactory(before_symbol, 'emitBeforeNative');
const emitAfterNative = emitHookFactory(after_symbol, 'emitAfterNative');
const emitDestroyNative = emitHookFactory(destroy_symbol, 'emitDestroyNative');
const emitPromiseResolveNative =
  emitHookFactory(promise_resolve_symbol, 'emitPromiseResolveNative');

// A hook callback that throws ends the process, as in Node.
function fatalError(e) {
  let stack;
  if (typeof e?.stack === 'string') {
    stack = e.stack;
  } else {
    const o = { message: e };
    ErrorCaptureStackTrace(o, fatalError);
    stack = o.stack;
  }
  core.print(`${stack}\n`, true);
  process.exit(1);
}

function lookupPublicResource(resource) {
  if (typeof resource !== 'object' || resource === null) return resource;
  const publicResource = resource[owner_symbol] ?? resource[resource_symbol];
  return publicResource ?? resource;
}

function emitInitNative(asyncId, type, triggerAsyncId, resource) {
  active_hooks.call_depth += 1;
  resource = lookupPublicResource(resource);
  try {
    for (let i = 0; i < active_hooks.array.length; i++) {
      if (typeof active_hooks.array[i][init_symbol] === 'function') {
        active_hooks.array[i][init_symbol](asyncId, type, triggerAsyncId, resource);
      }
    }
  } catch (e) {
    fatalError(e);
  } finally {
    active_hooks.call_depth -= 1;
  }
  if (active_hooks.call_depth === 0 && active_hooks.tmp_array !== null) {
    restoreActiveHooks();
  }
}

function emitHookFactory(symbol, name) {
  const fn = function(asyncId) {
    active_hooks.call_depth += 1;
    try {
      for (let i = 0; i < active_hooks.array.length; i++) {
        if (typeof active_hooks.array[i][symbol] === 'function') {
          active_hooks.array[i][symbol](asyncId);
        }
      }
    } catch (e) {
      fatalError(e);
    } finally {
      active_hooks.call_depth -= 1;
    }
    if (active_hooks.call_depth === 0 && active_hooks.tmp_array !== null) {
      restoreActiveHooks();
    }
  };
  ObjectDefineProperty(fn, 'name', { __proto__: null, value: name });
  return fn;
}

function getHookArrays() {
  if (active_hooks.call_depth === 0) return [active_hooks.array, async_hook_fields];
  if (active_hooks.tmp_array === null) storeActiveHooks();
  return [active_hooks.tmp_array, active_hooks.tmp_fields];
}

function storeActiveHooks() {
  active_hooks.tmp_array = ArrayPrototypeSlice(active_hooks.array);
  active_hooks.tmp_fields = [];
  copyHooks(active_hooks.tmp_fields, async_hook_fields);
}

function copyHooks(destination, source) {
  destination[kInit] = source[kInit];
  destination[kBefore] = source[kBefore];
  destination[kAfter] = source[kAfter];
  destination[kDestroy] = source[kDestroy];
  destination[kPromiseResolve] = source[kPromiseResolve];
  destination[kTotals] = source[kTotals];
}

function restoreActiveHooks() {
  active_hooks.array = active_hooks.tmp_array;
  copyHooks(async_hook_fields, active_hooks.tmp_fields);
  active_hooks.tmp_array = null;
  active_hooks.tmp_fields = null;
}

// ---- Promises, through V8's promise hooks ----

function trackPromise(promise, parent) {
  if (promise[async_id_symbol]) return;
  // The parent's id first, so that a new one is lower than the child's.
  const triggerAsyncId = parent ? getOrSetAsyncId(parent) : getDefaultTriggerAsyncId();
  promise[async_id_symbol] = newAsyncId();
  promise[trigger_async_id_symbol] = triggerAsyncId;
}

function promiseInitHook(promise, parent) {
  trackPromise(promise, parent);
  emitInitScript(promise[async_id_symbol], 'PROMISE', promise[trigger_async_id_symbol], promise);
}

function promiseInitHookWithDestroyTracking(promise, parent) {
  promiseInitHook(promise, parent);
  destroyTracking(promise, parent);
}

function destroyTracking(promise, parent) {
  trackPromise(promise, parent);
  const destroyed = { destroyed: false };
  registerDestroyHook(promise, promise[async_id_symbol], destroyed);
}

function promiseBeforeHook(promise) {
  trackPromise(promise, null);
  emitBeforeScript(promise[async_id_symbol], promise[trigger_async_id_symbol], promise);
}

function promiseAfterHook(promise) {
  trackPromise(promise, null);
  const asyncId = promise[async_id_symbol];
  if (async_hook_fields[kAfter] > 0) emitAfterNative(asyncId);
  // Not the current id only when an exception skipped the `after`.
  if (asyncId === executionAsyncId()) popAsyncContext(asyncId);
}

function promiseResolveHook(promise) {
  trackPromise(promise, null);
  emitPromiseResolveNative(promise[async_id_symbol]);
}

// deno_core's setPromiseHooks only adds hooks (v8.promiseHooks shares it), so
// one set of dispatchers is installed on first use; they do nothing once the
// hooks are off.
let wantPromiseHook = false;
let promiseHookActive = false;
let promiseHooksInstalled = false;
let promiseInit;
let promiseResolve;

function dispatchPromiseInit(promise, parent) {
  if (promiseHookActive && promiseInit !== undefined) promiseInit(promise, parent);
}

function dispatchPromiseBefore(promise) {
  if (promiseHookActive) promiseBeforeHook(promise);
}

function dispatchPromiseAfter(promise) {
  if (promiseHookActive) promiseAfterHook(promise);
}

function dispatchPromiseResolve(promise) {
  if (promiseHookActive && promiseResolve !== undefined) promiseResolve(promise);
}

function updatePromiseHookMode() {
  wantPromiseHook = true;
  promiseHookActive = true;
  if (initHooksExist()) {
    promiseInit = destroyHooksExist() ? promiseInitHookWithDestroyTracking : promiseInitHook;
  } else if (destroyHooksExist()) {
    promiseInit = destroyTracking;
  } else {
    promiseInit = undefined;
  }
  promiseResolve = promiseResolveHooksExist() ? promiseResolveHook : undefined;
  if (!promiseHooksInstalled) {
    promiseHooksInstalled = true;
    core.setPromiseHooks(dispatchPromiseInit, dispatchPromiseBefore,
                         dispatchPromiseAfter, dispatchPromiseResolve);
  }
}

function disablePromiseHookIfNecessary() {
  if (!wantPromiseHook) promiseHookActive = false;
}

function enableHooks() {
  async_hook_fields[kCheck] += 1;
}

function disableHooks() {
  async_hook_fields[kCheck] -= 1;
  wantPromiseHook = false;
  // Later: we may be between the `before` and `after` of a promise reaction.
  queueMicrotask(disablePromiseHookIfNecessary);
}

// ---- Destroy ----

// Node emits destroy hooks in a batch from a native immediate; here an
// immediate that carries no async id, so it emits no hooks of its own.
let destroyQueue = [];
function flushDestroyQueue() {
  do {
    const ids = destroyQueue;
    destroyQueue = [];
    for (let i = 0; i < ids.length; i++) emitDestroyNative(ids[i]);
  } while (destroyQueue.length > 0);
}

function queueDestroyAsyncId(asyncId) {
  if (destroyQueue.length === 0) {
    const immediate = {
      _idleNext: null,
      _idlePrev: null,
      _onImmediate: flushDestroyQueue,
      _argv: undefined,
      _destroyed: false,
      [core.kRefed]: true,
    };
    core.immediateRefCount(true);
    core.queueImmediate(immediate);
  }
  ArrayPrototypePush(destroyQueue, asyncId);
}

// Userland resources and promises emit destroy when collected, unless
// destroyed already (Node: a native weak callback).
let destroyRegistry;
function registerDestroyHook(resource, asyncId, destroyed) {
  destroyRegistry ??= new SafeFinalizationRegistry((held) => {
    if (!held.destroyed.destroyed) emitDestroyScript(held.asyncId);
  });
  destroyRegistry.register(resource, { asyncId, destroyed });
}

// ---- Internal embedder API ----

function newAsyncId() {
  return ++async_id_fields[kAsyncIdCounter];
}

function getOrSetAsyncId(object) {
  if (ObjectPrototypeHasOwnProperty(object, async_id_symbol)) {
    return object[async_id_symbol];
  }
  return object[async_id_symbol] = newAsyncId();
}

function getDefaultTriggerAsyncId() {
  const defaultTriggerAsyncId = async_id_fields[kDefaultTriggerAsyncId];
  if (defaultTriggerAsyncId < 0) return async_id_fields[kExecutionAsyncId];
  return defaultTriggerAsyncId;
}

function clearDefaultTriggerAsyncId() {
  async_id_fields[kDefaultTriggerAsyncId] = -1;
}

function defaultTriggerAsyncIdScope(triggerAsyncId, block, ...args) {
  if (triggerAsyncId === undefined) return ReflectApply(block, null, args);
  const oldDefaultTriggerAsyncId = async_id_fields[kDefaultTriggerAsyncId];
  async_id_fields[kDefaultTriggerAsyncId] = triggerAsyncId;
  try {
    return ReflectApply(block, null, args);
  } finally {
    async_id_fields[kDefaultTriggerAsyncId] = oldDefaultTriggerAsyncId;
  }
}

function hasHooks(key) {
  return async_hook_fields[key] > 0;
}

function enabledHooksExist() {
  return hasHooks(kCheck);
}

function initHooksExist() {
  return hasHooks(kInit);
}

function afterHooksExist() {
  return hasHooks(kAfter);
}

function destroyHooksExist() {
  return hasHooks(kDestroy);
}

function promiseResolveHooksExist() {
  return hasHooks(kPromiseResolve);
}

function validateAsyncId(asyncId, type) {
  if (async_hook_fields[kCheck] <= 0) return;
  if (!NumberIsSafeInteger(asyncId) || asyncId < -1) {
    const { ERR_INVALID_ASYNC_ID } = require('internal/errors').codes;
    fatalError(new ERR_INVALID_ASYNC_ID(type, asyncId));
  }
}

function emitInitScript(asyncId, type, triggerAsyncId, resource) {
  if (!hasHooks(kInit)) return;
  if (triggerAsyncId === null) triggerAsyncId = getDefaultTriggerAsyncId();
  emitInitNative(asyncId, type, triggerAsyncId, resource);
}

function emitBeforeScript(asyncId, triggerAsyncId, resource) {
  pushAsyncContext(asyncId, triggerAsyncId, resource);
  if (hasHooks(kBefore)) emitBeforeNative(asyncId);
}

function emitAfterScript(asyncId) {
  if (hasHooks(kAfter)) emitAfterNative(asyncId);
  popAsyncContext(asyncId);
}

function emitDestroyScript(asyncId) {
  // Nothing to do without destroy hooks, or for an invalid id.
  if (!hasHooks(kDestroy) || asyncId <= 0) return;
  queueDestroyAsyncId(asyncId);
}

function hasAsyncIdStack() {
  return hasHooks(kStackLength);
}

function clearAsyncIdStack() {
  const length = async_hook_fields[kStackLength];
  for (let i = 0; i < length; i++) execution_async_resources[i] = undefined;
  async_id_fields[kExecutionAsyncId] = 0;
  async_id_fields[kTriggerAsyncId] = 0;
  async_hook_fields[kStackLength] = 0;
}

function pushAsyncContext(asyncId, triggerAsyncId, resource) {
  const offset = async_hook_fields[kStackLength];
  execution_async_resources[offset] = resource;
  async_ids_stack[offset * 2] = async_id_fields[kExecutionAsyncId];
  async_ids_stack[offset * 2 + 1] = async_id_fields[kTriggerAsyncId];
  async_hook_fields[kStackLength] = offset + 1;
  async_id_fields[kExecutionAsyncId] = asyncId;
  async_id_fields[kTriggerAsyncId] = triggerAsyncId;
}

function popAsyncContext(asyncId) {
  let stackLength = async_hook_fields[kStackLength];
  if (stackLength === 0) return false;
  // A callback that threw past its `after` (caught by the runtime rather than
  // by a callback scope) leaves its entry behind: unwind to `asyncId`'s.
  if (async_id_fields[kExecutionAsyncId] !== asyncId) {
    // Entry j's own id is the "previous id" saved by entry j + 1.
    let j = stackLength - 2;
    while (j >= 0 && async_ids_stack[(j + 1) * 2] !== asyncId) j--;
    if (j < 0) return true;
    for (let k = j + 1; k < stackLength; k++) execution_async_resources[k] = undefined;
    stackLength = j + 1;
  }
  const offset = stackLength - 1;
  async_id_fields[kExecutionAsyncId] = async_ids_stack[2 * offset];
  async_id_fields[kTriggerAsyncId] = async_ids_stack[2 * offset + 1];
  execution_async_resources[offset] = undefined;
  async_hook_fields[kStackLength] = offset;
  return offset > 0;
}

function executionAsyncId() {
  return async_id_fields[kExecutionAsyncId];
}

function triggerAsyncId() {
  return async_id_fields[kTriggerAsyncId];
}

function executionAsyncResource() {
  async_hook_fields[kUsesExecutionAsyncResource] = 1;
  const index = async_hook_fields[kStackLength] - 1;
  if (index === -1) return topLevelResource;
  return lookupPublicResource(execution_async_resources[index]) ?? topLevelResource;
}

// Gives `resource` its ids and emits init, as Node's timers and tick objects do.
// `type` may be a function of the resource, called only when an init hook is enabled.
function initAsyncResource(resource, type) {
  const asyncId = resource[async_id_symbol] = newAsyncId();
  const triggerAsyncId = resource[trigger_async_id_symbol] = getDefaultTriggerAsyncId();
  if (hasHooks(kInit)) {
    if (typeof type === 'function') type = type(resource);
    emitInitNative(asyncId, type, triggerAsyncId, resource);
  }
  return asyncId;
}

// deno_core's immediate and nextTick queues call these around each callback
// with the fields of the queued object; objects without an id (internal ones)
// are not async resources.
// A nextTick callback that throws skips deno_core's `after`, then reaches the
// uncaughtException handling: its `after` is emitted at its destroy instead,
// as Node emits the pending ones once the exception is handled.
let tickInFlight;
core.setAsyncHooksEmit(
  (asyncId, triggerAsyncId, resource) => {
    if (asyncId === undefined) return;
    if (resource._onImmediate !== undefined) {
      // Node's native immediates (the destroy queue) run before the JS ones.
      if (destroyQueue.length > 0) flushDestroyQueue();
    } else {
      tickInFlight = asyncId;
    }
    emitBeforeScript(asyncId, triggerAsyncId, resource);
  },
  (asyncId) => {
    if (asyncId === undefined) return;
    if (tickInFlight === asyncId) tickInFlight = undefined;
    emitAfterScript(asyncId);
  },
  (asyncId) => {
    if (asyncId === undefined) return;
    if (tickInFlight === asyncId) {
      tickInFlight = undefined;
      emitAfterScript(asyncId);
    }
    if (hasHooks(kDestroy)) emitDestroyScript(asyncId);
  },
);

module.exports = {
  executionAsyncId,
  triggerAsyncId,
  executionAsyncResource,
  // Private API
  getHookArrays,
  symbols: {
    async_id_symbol, trigger_async_id_symbol,
    init_symbol, before_symbol, after_symbol, destroy_symbol,
    promise_resolve_symbol, owner_symbol, resource_symbol,
  },
  constants: {
    kInit, kBefore, kAfter, kDestroy, kTotals, kPromiseResolve,
  },
  enableHooks,
  disableHooks,
  updatePromiseHookMode,
  clearDefaultTriggerAsyncId,
  clearAsyncIdStack,
  hasAsyncIdStack,
  executionAsyncResourceUsed: () => async_hook_fields[kUsesExecutionAsyncResource] > 0,
  // Internal embedder API
  newAsyncId,
  getOrSetAsyncId,
  getDefaultTriggerAsyncId,
  defaultTriggerAsyncIdScope,
  enabledHooksExist,
  initHooksExist,
  afterHooksExist,
  destroyHooksExist,
  initAsyncResource,
  emitInit: emitInitScript,
  emitBefore: emitBeforeScript,
  emitAfter: emitAfterScript,
  emitDestroy: emitDestroyScript,
  registerDestroyHook,
  validateAsyncId,
  pushAsyncContext,
  popAsyncContext,
  async_hook_fields,
  async_id_fields,
};
