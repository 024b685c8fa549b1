// process.nextTick on deno_core's tick queue, which mirrors Node's
// lib/internal/process/task_queues.js (drained before promise microtasks).
'use strict';

const { ArrayPrototypeSlice } = primordials;
const core = internalBinding('core');
const { validateFunction } = require('internal/validators');

function nextTick(callback, ...args) {
  validateFunction(callback, 'callback');
  if (process._exiting) return;
  core.queueNextTick({
    callback,
    args: args.length === 0 ? undefined : args,
    snapshot: core.getAsyncContext(),
  });
}

function setup(process) {
  process.nextTick = nextTick;
  process._tickCallback = () => core.runNextTicks();
}

module.exports = { setup, nextTick };
