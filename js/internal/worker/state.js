// The facts of this thread that node:worker_threads exposes: set by the
// worker bootstrap (internal/worker/child) before user code runs; the main
// thread keeps the defaults.
'use strict';

const { SafeMap } = primordials;

module.exports = {
  isMainThread: true,
  threadId: 0,
  workerData: null,
  parentPort: null,
  resourceLimits: {},
  // The internal port to the parent (a worker's `process.exit`, stdio, errors).
  envPort: null,
  environmentData: new SafeMap(),
};
