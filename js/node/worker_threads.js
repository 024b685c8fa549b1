// Adapted from Node.js lib/worker_threads.js (MIT license, Node.js contributors).
// node:worker_threads: Worker threads (internal/worker/worker), message ports
// and BroadcastChannel (internal/worker/io); this thread's facts come from
// internal/worker/state, set before user code runs.
'use strict';

const {
  BroadcastChannel,
  MessageChannel,
  MessagePort,
  isMarkedAsUntransferable,
  markAsUncloneable,
  markAsUntransferable,
  moveMessagePortToContext,
  receiveMessageOnPort,
} = require('internal/worker/io');
const { Worker, SHARE_ENV } = require('internal/worker/worker');
const state = require('internal/worker/state');

function getEnvironmentData(key) {
  return state.environmentData.get(key);
}

function setEnvironmentData(key, value) {
  if (value === undefined) state.environmentData.delete(key);
  else state.environmentData.set(key, value);
}

module.exports = {
  isMainThread: state.isMainThread,
  MessagePort,
  MessageChannel,
  markAsUncloneable,
  markAsUntransferable,
  isMarkedAsUntransferable,
  moveMessagePortToContext,
  receiveMessageOnPort,
  resourceLimits: state.resourceLimits,
  threadId: state.threadId,
  SHARE_ENV,
  Worker,
  parentPort: state.parentPort,
  workerData: state.workerData,
  BroadcastChannel,
  setEnvironmentData,
  getEnvironmentData,
};
