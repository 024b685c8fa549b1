// Adapted from Node.js lib/internal/streams/state.js (MIT license, Node.js contributors).
'use strict';

const {
  MathFloor,
  NumberIsInteger,
} = primordials;
const { validateInteger } = require('internal/validators');

const { ERR_INVALID_ARG_VALUE } = require('internal/errors').codes;

// The byte default depends on the release line (16 KiB before Node 22, 64 KiB
// since): read from the compat profile on first use, never at the top level
// (this module may be evaluated while the snapshot is built).
let defaultHighWaterMarkBytes;
let defaultHighWaterMarkObjectMode = 16;

function lineDefaultHighWaterMark() {
  let profile;
  try {
    profile = internalBinding('profile');
  } catch {
    return 64 * 1024;
  }
  const value = profile.switches?.stream_high_water_mark;
  defaultHighWaterMarkBytes = typeof value === 'number' ? value : 64 * 1024;
  return defaultHighWaterMarkBytes;
}

function highWaterMarkFrom(options, isDuplex, duplexKey) {
  return options.highWaterMark != null ? options.highWaterMark :
    isDuplex ? options[duplexKey] : null;
}

function getDefaultHighWaterMark(objectMode) {
  if (objectMode) return defaultHighWaterMarkObjectMode;
  return defaultHighWaterMarkBytes ?? lineDefaultHighWaterMark();
}

function setDefaultHighWaterMark(objectMode, value) {
  validateInteger(value, 'value', 0);
  if (objectMode) {
    defaultHighWaterMarkObjectMode = value;
  } else {
    defaultHighWaterMarkBytes = value;
  }
}

function getHighWaterMark(state, options, duplexKey, isDuplex) {
  const hwm = highWaterMarkFrom(options, isDuplex, duplexKey);
  if (hwm != null) {
    if (!NumberIsInteger(hwm) || hwm < 0) {
      const name = isDuplex ? `options.${duplexKey}` : 'options.highWaterMark';
      throw new ERR_INVALID_ARG_VALUE(name, hwm);
    }
    return MathFloor(hwm);
  }

  // Default value
  return getDefaultHighWaterMark(state.objectMode);
}

module.exports = {
  getHighWaterMark,
  getDefaultHighWaterMark,
  setDefaultHighWaterMark,
};
