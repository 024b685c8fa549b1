// process.nextTick on deno_core's tick queue, which mirrors Node's
// lib/internal/process/task_queues.js (drained before promise microtasks).
'use strict';

const { ArrayPrototypeSlice } = primordials;
const core = internalBinding('core');
const { validateFunction } = require('internal/validators');
const { newAsyncId, getDefaultTriggerAsyncId, initHooksExist, emitInit } = require('internal/async_hooks');

function nextTick(callback, ...args) {
  validateFunction(callback, 'callback');
  if (process._exiting) return;
  // deno_core's tick queue reads asyncId/triggerAsyncId for the async hooks.
  const tock = {
    callback,
    args: args.length === 0 ? undefined : args,
    snapshot: core.getAsyncContext(),
    asyncId: newAsyncId(),
    triggerAsyncId: getDefaultTriggerAsyncId(),
  };
  if (initHooksExist()) emitInit(tock.asyncId, 'TickObject', tock.triggerAsyncId, tock);
  core.queueNextTick(tock);
}

function setup(process) {
  process.nextTick = nextTick;
  process._tickCallback = () => core.runNextTicks();
}

module.exports = { setup, nextTick };
