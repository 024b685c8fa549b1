// Node's `timers` module: setTimeout, setInterval and setImmediate with their
// Timeout and Immediate objects.
'use strict';

const { ObjectDefineProperty, SymbolFor } = primordials;
const { Timeout, Immediate, clearTimeout, kTimer } = require('internal/timers');
const core = internalBinding('core');
const { validateFunction } = require('internal/validators');

function setTimeout(callback, after, ...args) {
  validateFunction(callback, 'callback');
  return new Timeout(callback, after, args.length ? args : undefined, false, true);
}

function setInterval(callback, repeat, ...args) {
  validateFunction(callback, 'callback');
  return new Timeout(callback, repeat, args.length ? args : undefined, true, true);
}

function clearInterval(timer) {
  // clearTimeout and clearInterval are interchangeable, as in Node.
  clearTimeout(timer);
}

function setImmediate(callback, ...args) {
  validateFunction(callback, 'callback');
  return new Immediate(callback, args.length ? args : undefined);
}

function clearImmediate(immediate) {
  // A Timeout is left alone (its fields belong to the timer list).
  if (!immediate || immediate._destroyed || immediate[kTimer] !== undefined) return;
  // core.clearImmediate drops the ref count itself.
  core.clearImmediate(immediate);
}

module.exports = {
  setTimeout,
  clearTimeout,
  setImmediate,
  clearImmediate,
  setInterval,
  clearInterval,
};

// util.promisify(setTimeout) and util.promisify(setImmediate) are the
// timers/promises functions, as in Node.
const kCustomPromisify = SymbolFor('nodejs.util.promisify.custom');
for (const { 0: fn, 1: name } of [[setTimeout, 'setTimeout'], [setImmediate, 'setImmediate']]) {
  ObjectDefineProperty(fn, kCustomPromisify, {
    __proto__: null,
    enumerable: true,
    configurable: true,
    get() {
      return require('timers/promises')[name];
    },
  });
}

ObjectDefineProperty(module.exports, 'promises', {
  __proto__: null,
  enumerable: true,
  configurable: true,
  get() {
    return require('timers/promises');
  },
});
