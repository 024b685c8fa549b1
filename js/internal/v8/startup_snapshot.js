// Adapted from Node.js lib/internal/v8/startup_snapshot.js. Copyright Node.js contributors. MIT license.
// nodus never builds a user-land startup snapshot, so every API but
// isBuildingSnapshot() throws ERR_NOT_BUILDING_SNAPSHOT, as Node does then.
'use strict';

const {
  validateFunction,
} = require('internal/validators');
const {
  codes: {
    ERR_NOT_BUILDING_SNAPSHOT,
  },
} = require('internal/errors');

// Node reads this from a Uint8Array flag: 0, not false.
function isBuildingSnapshot() {
  return 0;
}

function throwIfNotBuildingSnapshot() {
  if (!isBuildingSnapshot()) {
    throw new ERR_NOT_BUILDING_SNAPSHOT();
  }
}

function addSerializeCallback(callback, data) {
  throwIfNotBuildingSnapshot();
  validateFunction(callback, 'callback');
}

function addDeserializeCallback(callback, data) {
  throwIfNotBuildingSnapshot();
  validateFunction(callback, 'callback');
}

function setDeserializeMainFunction(callback, data) {
  throwIfNotBuildingSnapshot();
  validateFunction(callback, 'callback');
}

module.exports = {
  namespace: {
    addSerializeCallback,
    addDeserializeCallback,
    setDeserializeMainFunction,
    isBuildingSnapshot,
  },
};
