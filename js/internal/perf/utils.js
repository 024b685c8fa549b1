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

function getMilestoneTimestamp() {
  return -1;
}

module.exports = {
  now,
  getTimeOrigin,
  getMilestoneTimestamp,
  getTimeOriginTimestamp,
};
