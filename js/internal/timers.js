// Timeout and Immediate objects over deno_core's timer lists and immediate
// queue (which mirror Node's lib/internal/timers.js).
'use strict';

const {
  NumberIsFinite,
  SafeMap,
  Symbol,
  SymbolToPrimitive,
} = primordials;

const core = internalBinding('core');
const ops = internalBinding('ops');

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

function emitTimeoutWarning(after, isRepeat) {
  if (after > TIMEOUT_MAX) {
    process.emitWarning(`${after} does not fit into a 32-bit signed integer.` +
                        '\nTimeout duration was set to 1.', 'TimeoutOverflowWarning');
  } else if (after < 0) {
    process.emitWarning(`${after} is a negative number.` +
                        '\nTimeout duration was set to 1.', 'TimeoutNegativeWarning');
  } else if (!NumberIsFinite(after) && after === after && after !== undefined) {
    process.emitWarning(`${after} is not a number.` +
                        '\nTimeout duration was set to 1.', 'TimeoutNaNWarning');
  }
}

class Timeout {
  constructor(callback, after, args, isRepeat, isRefed) {
    after *= 1;
    if (!(after >= 1 && after <= TIMEOUT_MAX)) {
      if (after > TIMEOUT_MAX || after < 0) emitTimeoutWarning(after, isRepeat);
      after = 1;
    }
    this._idleTimeout = after;
    this._onTimeout = callback;
    this._timerArgs = args;
    this._repeat = isRepeat ? after : null;
    this._destroyed = false;
    this[kRefed] = isRefed;
    this[kHasPrimitive] = false;
    this[kContext] = core.getAsyncContext();
    activity.count++;
    this[kTimer] = core.createTimer(() => this._fire(), after, undefined, isRepeat, isRefed);
  }

  _fire() {
    const t = this[kTimer];
    if (this._repeat === null) this._destroyed = true;
    callUserCallback(this._onTimeout, this, this._timerArgs, this[kContext]);
    if (this._repeat === null && this[kHasPrimitive]) knownTimersById.delete(t._timerId);
  }

  refresh() {
    if (!this._destroyed) core.refreshTimer(this[kTimer]);
    return this;
  }

  unref() {
    this[kRefed] = false;
    core.unrefTimer(this[kTimer]);
    return this;
  }

  ref() {
    this[kRefed] = true;
    core.refTimer(this[kTimer]);
    return this;
  }

  hasRef() {
    return this[kRefed];
  }

  close() {
    clearTimeout(this);
    return this;
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

function clearTimeout(timer) {
  if (timer && timer[kTimer]) {
    if (timer._destroyed && timer._repeat === null) return;
    timer._destroyed = true;
    timer._idleTimeout = -1;
    const t = timer[kTimer];
    t._idleTimeout = -1;
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
    this.ref();
    activity.count++;
    core.queueImmediate(this);
  }

  ref() {
    if (this[core.kRefed] === false) {
      this[core.kRefed] = true;
      core.immediateRefCount(true);
    }
    return this;
  }

  unref() {
    if (this[core.kRefed] === true) {
      this[core.kRefed] = false;
      core.immediateRefCount(false);
    }
    return this;
  }

  hasRef() {
    return !!this[core.kRefed];
  }
}

module.exports = {
  Timeout,
  Immediate,
  TIMEOUT_MAX,
  clearTimeout,
  callUserCallback,
  kTimer,
  activity,
};
