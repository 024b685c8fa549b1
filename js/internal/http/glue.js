// The few Node internals the ported lib/_http_*.js files use that nodus
// provides differently: async ids (from internal/async_hooks), the unref'd
// timer of the Date cache, timer-duration validation, trace events (never
// enabled), and Node's FreeList (lib/internal/freelist.js).
'use strict';

const {
  ArrayPrototypePop,
  ArrayPrototypePush,
  NumberIsFinite,
  ObjectDefineProperty,
  ReflectApply,
  SymbolPrototypeGetDescription,
} = primordials;

const {
  codes: { ERR_OUT_OF_RANGE },
} = require('internal/errors');
const { validateNumber } = require('internal/validators');
const { TIMEOUT_MAX } = require('internal/timers');

// Shared with node:net, which tags its sockets and handles with them.
const { owner_symbol } = require('internal/bindings/symbols');
const {
  newAsyncId,
  getOrSetAsyncId,
  defaultTriggerAsyncIdScope,
  symbols: { async_id_symbol },
} = require('internal/async_hooks');

function setUnrefTimeout(callback, after) {
  const { setTimeout } = require('timers');
  const t = setTimeout(callback, after);
  t.unref();
  return t;
}

// lib/internal/timers.js getTimerDuration.
function getTimerDuration(msecs, name) {
  validateNumber(msecs, name);
  if (msecs < 0 || !NumberIsFinite(msecs)) {
    throw new ERR_OUT_OF_RANGE(name, 'a non-negative finite number', msecs);
  }
  // Ensure that msecs fits into signed int32
  if (msecs > TIMEOUT_MAX) {
    process.emitWarning(`${msecs} does not fit into a 32-bit signed integer.` +
                        `\nTimer duration was truncated to ${TIMEOUT_MAX}.`,
                        'TimeoutOverflowWarning');
    return TIMEOUT_MAX;
  }
  return msecs;
}

function isTraceHTTPEnabled() {
  return false;
}

function traceBegin() {}
function traceEnd() {}

// lib/internal/util.js assignFunctionName.
function assignFunctionName(name, fn) {
  if (typeof name === 'symbol') {
    const description = SymbolPrototypeGetDescription(name);
    name = description === undefined ? '' : `[${description}]`;
  }
  return ObjectDefineProperty(fn, 'name', {
    __proto__: null,
    writable: false,
    enumerable: false,
    configurable: true,
    value: name,
  });
}

class FreeList {
  constructor(name, max, ctor) {
    this.name = name;
    this.ctor = ctor;
    this.max = max;
    this.list = [];
  }

  alloc() {
    return this.list.length > 0 ?
      ArrayPrototypePop(this.list) :
      ReflectApply(this.ctor, this, arguments);
  }

  free(obj) {
    if (this.list.length < this.max) {
      ArrayPrototypePush(this.list, obj);
      return true;
    }
    return false;
  }
}

module.exports = {
  symbols: { async_id_symbol, owner_symbol },
  newAsyncId,
  getOrSetAsyncId,
  defaultTriggerAsyncIdScope,
  setUnrefTimeout,
  getTimerDuration,
  isTraceHTTPEnabled,
  traceBegin,
  traceEnd,
  FreeList,
  assignFunctionName,
};
