// Timeout and Immediate objects over deno_core's timer lists and immediate
// queue (which mirror Node's lib/internal/timers.js).
'use strict';

const {
  NumberIsNaN,
  ObjectDefineProperty,
  SafeMap,
  Symbol,
  SymbolDispose,
  SymbolToPrimitive,
} = primordials;

const core = internalBinding('core');
const ops = internalBinding('ops');
const {
  initAsyncResource, emitBefore, emitAfter, emitDestroy, destroyHooksExist,
  symbols: { async_id_symbol, trigger_async_id_symbol },
} = require('internal/async_hooks');

const TIMEOUT_MAX = 2 ** 31 - 1;
const kTimer = Symbol('kTimer');
const kRefed = Symbol('refed');
const kHasPrimitive = Symbol('kHasPrimitive');
// The async context (AsyncLocalStorage stores) a callback was scheduled in.
const kContext = Symbol('kContext');
// Timeouts whose id was asked for, so `clearTimeout(+t)` can find them.
const knownTimersById = new SafeMap();
// Counts scheduled callbacks, so 'beforeExit' can tell whether it revived the loop.
const activity = { count: 0 };
// Ref'ed Timeouts not yet fired or cleared: process.getActiveResourcesInfo()
// lists one 'Timeout' each (Node's timeoutInfo[0]). kCounted marks the members.
const timerCounts = { timeouts: 0 };
const kCounted = Symbol('kCounted');

function countTimeout(timeout) {
  if (timeout[kCounted] !== true) {
    timeout[kCounted] = true;
    timerCounts.timeouts++;
  }
}

function uncountTimeout(timeout) {
  if (timeout[kCounted] === true) {
    timeout[kCounted] = false;
    timerCounts.timeouts--;
  }
}

let uncaught;
function triggerUncaught(result) {
  uncaught ??= require('internal/process/execution');
  uncaught.triggerUncaughtException(result[0], false, result);
}

/**
 * Calls `fn` in the async context it was scheduled in, so that a throw
 * reaches uncaughtException with its throw site.
 */
function callUserCallback(fn, thisArg, args, context) {
  const prev = core.getAsyncContext();
  core.setAsyncContext(context);
  try {
    const result = ops.op_process_call_catching(fn, thisArg, args ?? []);
    if (result !== null) triggerUncaught(result);
  } finally {
    core.setAsyncContext(prev);
  }
}

// The negative and NaN warnings are emitted once per process, as in Node.
let warnedNegative = false;
let warnedNaN = false;
function emitTimeoutWarning(after) {
  if (after > TIMEOUT_MAX) {
    process.emitWarning(`${after} does not fit into a 32-bit signed integer.` +
                        '\nTimeout duration was set to 1.', 'TimeoutOverflowWarning');
  } else if (after < 0) {
    if (warnedNegative) return;
    warnedNegative = true;
    process.emitWarning(`${after} is a negative number.` +
                        '\nTimeout duration was set to 1.', 'TimeoutNegativeWarning');
  } else if (NumberIsNaN(after)) {
    if (warnedNaN) return;
    warnedNaN = true;
    process.emitWarning(`${after} is not a number.` +
                        '\nTimeout duration was set to 1.', 'TimeoutNaNWarning');
  }
}

class Timeout {
  constructor(callback, after, args, isRepeat, isRefed) {
    if (after === undefined) {
      after = 1;
    } else {
      after *= 1;
    }
    if (!(after >= 1 && after <= TIMEOUT_MAX)) {
      emitTimeoutWarning(after);
      after = 1;
    }
    this._onTimeout = callback;
    this[kRefed] = isRefed;
    this[kHasPrimitive] = false;
    this[kContext] = core.getAsyncContext();
    initAsyncResource(this, 'Timeout');
    // Only a ref'ed timer revives the loop after 'beforeExit'.
    this[kCounted] = false;
    if (isRefed) {
      activity.count++;
      countTimeout(this);
    }
    this[kTimer] = core.createTimer(() => this._fire(), after, args, isRepeat, isRefed);
  }

  _fire() {
    const t = this[kTimer];
    const callback = this._onTimeout;
    if (!callback) {
      // Node destroys a timer whose `_onTimeout` was removed instead of calling it.
      t._repeat = null;
      uncountTimeout(this);
      return;
    }
    const asyncId = this[async_id_symbol];
    emitBefore(asyncId, this[trigger_async_id_symbol], this);
    callUserCallback(callback, this, t._timerArgs, this[kContext]);
    // A one-shot timer not re-armed (refresh, `_repeat` set) by its callback is done.
    if (t._repeat === null && !t._idlePrev && !t._idleNext) {
      uncountTimeout(this);
      if (this[kHasPrimitive]) knownTimersById.delete(t._timerId);
      if (destroyHooksExist()) emitDestroy(asyncId);
    }
    emitAfter(asyncId);
  }

  refresh() {
    const t = this[kTimer];
    // A cleared timer stays cleared; a fired one-shot is re-armed, as in Node.
    if (t === undefined || t._idleTimeout < 0) return this;
    if (t._destroyed) {
      t._onTimeout ??= () => this._fire();
      // Take back the ref the timer list dropped when it destroyed the timer.
      core.unrefTimer(t);
      t._destroyed = false;
      if (this[kRefed]) {
        core.refTimer(t);
        countTimeout(this);
      }
    }
    core.refreshTimer(t);
    return this;
  }

  unref() {
    const t = this[kTimer];
    if (t !== undefined) {
      // Undo the activity this timer counted: unref'ed, it does not revive the loop.
      if (this[kRefed] && !t._destroyed) activity.count--;
      uncountTimeout(this);
      this[kRefed] = false;
      core.unrefTimer(t);
    }
    return this;
  }

  ref() {
    const t = this[kTimer];
    if (t !== undefined && !this[kRefed]) {
      this[kRefed] = true;
      if (!t._destroyed) {
        activity.count++;
        countTimeout(this);
      }
      core.refTimer(t);
    }
    return this;
  }

  hasRef() {
    const t = this[kTimer];
    return t !== undefined && !!this[kRefed];
  }

  close() {
    clearTimeout(this);
    return this;
  }

  [SymbolDispose]() {
    clearTimeout(this);
  }

  [SymbolToPrimitive]() {
    const id = this[kTimer]._timerId;
    if (!this[kHasPrimitive]) {
      this[kHasPrimitive] = true;
      knownTimersById.set(id, this);
    }
    return id;
  }
}

// Node's timer fields live on deno_core's timer item, which its timer list
// reads, so that what user code sets (`t._repeat = 1`, `t._idleTimeout = -1`)
// takes effect as in Node.
for (const name of ['_idleTimeout', '_idlePrev', '_idleNext', '_idleStart',
                    '_repeat', '_destroyed', '_timerArgs']) {
  ObjectDefineProperty(Timeout.prototype, name, {
    __proto__: null,
    configurable: true,
    enumerable: true,
    get() { return this[kTimer]?.[name]; },
    set(value) {
      const t = this[kTimer];
      if (t !== undefined) t[name] = value;
    },
  });
}

function clearTimeout(timer) {
  if (timer && timer[kTimer]) {
    const t = timer[kTimer];
    if (t._destroyed && t._repeat === null) return;
    if (destroyHooksExist() && !t._destroyed) emitDestroy(timer[async_id_symbol]);
    t._idleTimeout = -1;
    uncountTimeout(timer);
    core.cancelTimer(t);
    if (timer[kHasPrimitive]) knownTimersById.delete(t._timerId);
    return;
  }
  if (typeof timer === 'number' || typeof timer === 'string') {
    const found = knownTimersById.get(+timer);
    if (found !== undefined) clearTimeout(found);
  }
}

class Immediate {
  constructor(callback, args) {
    this._idleNext = null;
    this._idlePrev = null;
    // deno_core's immediate queue calls `_onImmediate(...argv)`; route it through
    // callUserCallback for the scheduling context and the throw site.
    const context = core.getAsyncContext();
    this._onImmediate = (...argv) => callUserCallback(callback, this, argv, context);
    this._argv = args;
    this._destroyed = false;
    this[core.kRefed] = false;
    initAsyncResource(this, 'Immediate');
    this.ref();
    core.queueImmediate(this);
  }

  ref() {
    if (this[core.kRefed] === false) {
      this[core.kRefed] = true;
      activity.count++;
      core.immediateRefCount(true);
    }
    return this;
  }

  unref() {
    if (this[core.kRefed] === true) {
      this[core.kRefed] = false;
      activity.count--;
      core.immediateRefCount(false);
    }
    return this;
  }

  hasRef() {
    return !!this[core.kRefed];
  }

  // deno_core's immediate queue reads these for the before/after/destroy hooks.
  get asyncId() { return this[async_id_symbol]; }

  get triggerAsyncId() { return this[trigger_async_id_symbol]; }

  [SymbolDispose]() {
    // Node's clearImmediate; core.clearImmediate drops the ref count itself.
    if (!this._destroyed) core.clearImmediate(this);
  }
}

function setUnrefTimeout(callback, after) {
  require('internal/validators').validateFunction(callback, 'callback');
  return new Timeout(callback, after, undefined, false, false);
}

module.exports = {
  setUnrefTimeout,
  Timeout,
  Immediate,
  TIMEOUT_MAX,
  clearTimeout,
  callUserCallback,
  kTimer,
  activity,
  timerCounts,
};
