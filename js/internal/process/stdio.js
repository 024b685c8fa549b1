// process.stdin/stdout/stderr. Until node:stream lands these are small
// writable objects: writes to files and TTYs are synchronous, as in Node.
'use strict';

const { FunctionPrototypeCall, ObjectSetPrototypeOf } = primordials;
const ops = internalBinding('ops');
const EventEmitter = require('events');

function createWritableStdioStream(fd) {
  const stream = new EventEmitter();
  stream.fd = fd;
  stream.writable = true;
  stream._type = ops.op_stdio_isatty(fd) ? 'tty' : 'fs';
  stream.isTTY = stream._type === 'tty' ? true : undefined;
  if (stream.isTTY) {
    const size = ops.op_stdio_window_size(fd);
    stream.columns = size ? size[0] : 80;
    stream.rows = size ? size[1] : 24;
    stream.getWindowSize = () => { const s = ops.op_stdio_window_size(fd); return s ? [s[0], s[1]] : [80, 24]; };
    stream.hasColors = () => true;
    stream.getColorDepth = () => 8;
  } else {
    delete stream.isTTY;
  }
  stream.write = function write(chunk, encoding, cb) {
    if (typeof encoding === 'function') {
      cb = encoding;
      encoding = undefined;
    }
    try {
      if (typeof chunk === 'string') {
        ops.op_stdio_write_str(fd, chunk);
      } else {
        ops.op_stdio_write_bytes(fd, chunk);
      }
    } catch (err) {
      if (err.code === 'EPIPE') {
        // Node destroys the stream and reports EPIPE as an 'error' event.
        process.nextTick(() => stream.emit('error', err));
        return false;
      }
      throw err;
    }
    if (typeof cb === 'function') process.nextTick(cb, null);
    return true;
  };
  stream.end = function end(chunk, encoding, cb) {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') stream.write(chunk, encoding);
    if (typeof chunk === 'function') cb = chunk;
    if (typeof cb === 'function') process.nextTick(cb);
    return stream;
  };
  stream.cork = () => {};
  stream.uncork = () => {};
  stream.destroySoon = stream.destroy = () => stream;
  stream._isStdio = true;
  stream._writableState = { errorEmitted: false, ended: false, length: 0 };
  return stream;
}

let stdout;
let stderr;

module.exports = {
  getStdout() {
    return stdout ??= createWritableStdioStream(1);
  },
  getStderr() {
    return stderr ??= createWritableStdioStream(2);
  },
  getStdin() {
    const err = new Error('process.stdin is not implemented yet');
    err.code = 'ERR_NOT_IMPLEMENTED';
    throw err;
  },
};
