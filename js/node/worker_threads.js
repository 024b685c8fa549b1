// node:worker_threads. nodus runs one thread: the main-thread facts are real;
// starting a Worker throws ERR_NOT_IMPLEMENTED.
'use strict';

const { notImplemented, notImplementedClass } = require('internal/not_implemented');

let environmentData = new primordials.SafeMap();

module.exports = {
  isMainThread: true,
  parentPort: null,
  resourceLimits: {},
  threadId: 0,
  workerData: null,
  SHARE_ENV: Symbol.for('nodejs.worker_threads.SHARE_ENV'),
  Worker: notImplementedClass('worker_threads.Worker'),
  MessageChannel: notImplementedClass('worker_threads.MessageChannel'),
  MessagePort: notImplementedClass('worker_threads.MessagePort'),
  BroadcastChannel: notImplementedClass('worker_threads.BroadcastChannel'),
  getEnvironmentData: (key) => environmentData.get(key),
  setEnvironmentData: (key, value) => {
    if (value === undefined) environmentData.delete(key);
    else environmentData.set(key, value);
  },
  markAsUntransferable: () => {},
  isMarkedAsUntransferable: () => false,
  markAsUncloneable: () => {},
  moveMessagePortToContext: notImplemented('worker_threads.moveMessagePortToContext'),
  receiveMessageOnPort: notImplemented('worker_threads.receiveMessageOnPort'),
};
