// Adapted from Node.js lib/internal/perf/utils.js (MIT license, Node.js contributors).
// Clock of the `performance` API: milliseconds since the process started
// (`op_os_perf_now`), and the wall-clock time of that start.
'use strict';

const ops = internalBinding('ops');

function now() {
  return ops.op_os_perf_now();
}

// Not cached: a value read while the snapshot is built would be stale.
function getTimeOrigin() {
  return ops.op_os_time_origin();
}

function getTimeOriginTimestamp() {
  return getTimeOrigin();
}

// nodus does not record start-up milestones; report them in Node's order
// (node start < V8 start < environment < bootstrap complete < loop start),
// a fraction of a millisecond after the time origin. The loop never "exits"
// while JS can observe it.
const kMilestoneOffsets = {
  __proto__: null,
  3: 0.1, // NODE_START
  4: 0.2, // V8_START
  2: 0.3, // ENVIRONMENT
  7: 0.4, // BOOTSTRAP_COMPLETE
  5: 0.5, // LOOP_START
};
function getMilestoneTimestamp(milestoneIdx) {
  return kMilestoneOffsets[milestoneIdx] ?? -1;
}

module.exports = {
  now,
  getTimeOrigin,
  getMilestoneTimestamp,
  getTimeOriginTimestamp,
};
