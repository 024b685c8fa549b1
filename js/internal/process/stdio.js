// Adapted from Node.js lib/internal/bootstrap/switches/is_main_thread.js and
// lib/internal/fs/sync_write_stream.js (MIT license, Node.js contributors).
// process.stdin/stdout/stderr as real streams. stdout and stderr write
// synchronously whatever the descriptor (files and TTYs as in Node; pipes too,
// waiting when the pipe is full, so output is never lost on process.exit()).
// stdin reads fd 0 off the event-loop thread.
'use strict';

const ops = internalBinding('ops');
const core = internalBinding('core');

// uv_guess_handle's answer as Node's guessHandleType names it.
const handleTypes = ['TCP', 'TTY', 'UDP', 'FILE', 'PIPE', 'UNKNOWN'];
function guessHandleType(fd) {
  return handleTypes[ops.op_stdio_guess_handle_type(fd)];
}

let Writable;
let Readable;
let Buffer;

// --- stdout / stderr -------------------------------------------------------

function writeChunk(fd, chunk, encoding) {
  if (typeof chunk === 'string') {
    if (encoding === 'utf8' || encoding === 'utf-8' || encoding === undefined || encoding === 'buffer') {
      ops.op_stdio_write_str(fd, chunk);
    } else {
      ops.op_stdio_write_bytes(fd, Buffer.from(chunk, encoding));
    }
  } else {
    ops.op_stdio_write_bytes(fd, chunk);
  }
}

function stdioWrite(chunk, encoding, cb) {
  try {
    writeChunk(this.fd, chunk, encoding);
  } catch (err) {
    cb(err);
    return;
  }
  cb();
}

function stdioWritev(chunks, cb) {
  try {
    for (let i = 0; i < chunks.length; i++) {
      writeChunk(this.fd, chunks[i].chunk, chunks[i].encoding);
    }
  } catch (err) {
    cb(err);
    return;
  }
  cb();
}

// getColorDepth as Node's internal/tty computes it from the environment.
const COLORS_2 = 1;
const COLORS_16 = 4;
const COLORS_256 = 8;
const COLORS_16m = 24;
function getColorDepth(env = process.env) {
  if (env.FORCE_COLOR !== undefined) {
    switch (env.FORCE_COLOR) {
      case '':
      case '1':
      case 'true':
        return COLORS_16;
      case '2':
        return COLORS_256;
      case '3':
        return COLORS_16m;
      default:
        return COLORS_2;
    }
  }
  if (env.NODE_DISABLE_COLORS !== undefined || env.NO_COLOR !== undefined || env.TERM === 'dumb') {
    return COLORS_2;
  }
  if (env.TMUX) return COLORS_16m;
  if (env.CI) {
    if ('GITHUB_ACTIONS' in env || 'GITEA_ACTIONS' in env) return COLORS_16m;
    return COLORS_2;
  }
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return COLORS_16m;
  if (env.TERM) {
    if (/truecolor/.test(env.TERM)) return COLORS_16m;
    if (/^xterm-256/.test(env.TERM) || /-256(color)?$/.test(env.TERM)) return COLORS_256;
    const t = env.TERM.toLowerCase();
    if (/^(xterm|screen|vt100|vt220|rxvt|color|ansi|cygwin|linux|konsole|eterm|tmux|alacritty|kitty)/.test(t)) {
      return COLORS_16;
    }
  }
  if (env.COLORTERM) return COLORS_16;
  return COLORS_2;
}

function makeTTYWritable(stream, fd) {
  stream.isTTY = true;
  stream._refreshSize = function _refreshSize() {
    const oldCols = this.columns;
    const oldRows = this.rows;
    const size = ops.op_stdio_window_size(fd);
    if (!size) return;
    if (oldCols !== size[0] || oldRows !== size[1]) {
      this.columns = size[0];
      this.rows = size[1];
      if (oldCols !== undefined) this.emit('resize');
    }
  };
  const size = ops.op_stdio_window_size(fd);
  stream.columns = size ? size[0] : 80;
  stream.rows = size ? size[1] : 24;
  stream.getWindowSize = function getWindowSize() {
    return [this.columns, this.rows];
  };
  stream.getColorDepth = getColorDepth;
  stream.hasColors = function hasColors(count, env) {
    if (env === undefined && (count === undefined || (typeof count === 'object' && count !== null))) {
      env = count;
      count = 16;
    }
    return count <= 2 ** getColorDepth(env);
  };
  const readline = () => require('readline');
  stream.cursorTo = function cursorTo(x, y, cb) {
    return readline().cursorTo(this, x, y, cb);
  };
  stream.moveCursor = function moveCursor(dx, dy, cb) {
    return readline().moveCursor(this, dx, dy, cb);
  };
  stream.clearLine = function clearLine(dir, cb) {
    return readline().clearLine(this, dir, cb);
  };
  stream.clearScreenDown = function clearScreenDown(cb) {
    return readline().clearScreenDown(this, cb);
  };
}

function createWritableStdioStream(fd) {
  Writable ??= require('internal/streams/writable');
  Buffer ??= require('buffer').Buffer;
  const type = guessHandleType(fd);
  const stream = new Writable({
    write: stdioWrite,
    writev: stdioWritev,
    decodeStrings: false,
    autoDestroy: true,
    emitClose: true,
  });
  stream.fd = fd;
  switch (type) {
    case 'TTY':
      stream._type = 'tty';
      makeTTYWritable(stream, fd);
      break;
    case 'FILE':
      stream._type = 'fs';
      break;
    case 'PIPE':
    case 'TCP':
      stream._type = 'pipe';
      break;
    default:
      break;
  }
  stream._isStdio = true;
  stream.destroySoon = stream.destroy;
  // Never close the descriptor; 'close' is still observable (Node's dummyDestroy).
  stream._destroy = dummyDestroy;
  return stream;
}

function dummyDestroy(err, cb) {
  cb(err);
  this._undestroy();
  if (!this._writableState.emitClose) {
    process.nextTick(() => {
      this.emit('close');
    });
  }
}

// --- stdin -----------------------------------------------------------------

function createStdin(fd) {
  Readable ??= require('internal/streams/readable');
  const type = guessHandleType(fd);
  let pending = null;
  let userPaused = false;
  const stream = new Readable({
    highWaterMark: 64 * 1024,
    read(n) {
      if (pending !== null) return;
      const size = type === 'FILE' ? (n > 0 ? n : 64 * 1024) : 64 * 1024;
      const promise = ops.op_stdio_read(fd, size);
      pending = promise;
      // A stdin the user paused must not keep the process alive.
      if (userPaused) core.unrefOpPromise(promise);
      promise.then((bytes) => {
        pending = null;
        if (this.destroyed) return;
        if (bytes.length === 0) {
          this.push(null);
        } else {
          this.push(toBuffer(bytes));
        }
      }, (err) => {
        pending = null;
        if (err && err.code === 'EAGAIN') {
          this.push(null);
          return;
        }
        this.destroy(err);
      });
    },
    destroy(err, cb) {
      cb(err);
    },
  });
  stream.fd = fd;
  // As Node stops reading a paused stdin (so that the process can exit) and
  // starts again on resume().
  stream.on('resume', () => {
    userPaused = false;
    if (pending !== null) core.refOpPromise(pending);
  });
  stream.on('pause', () => process.nextTick(() => {
    if (!stream.readableFlowing) {
      userPaused = true;
      if (pending !== null) core.unrefOpPromise(pending);
    }
  }));
  if (type === 'TTY') {
    stream.isTTY = true;
    stream.isRaw = false;
    stream.setRawMode = function setRawMode(flag) {
      flag = !!flag;
      ops.op_stdio_set_raw_mode(fd, flag);
      this.isRaw = flag;
      return this;
    };
  }
  return stream;
}

// `bytes` is a fresh Uint8Array nobody else holds: view it as a Buffer.
function toBuffer(bytes) {
  Buffer ??= require('buffer').Buffer;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

let stdin;
let stdout;
let stderr;

function refreshOnSigWinch() {
  stdout?._refreshSize?.();
  stderr?._refreshSize?.();
}

let sigwinchInstalled = false;
function watchWindowSize() {
  if (sigwinchInstalled) return;
  sigwinchInstalled = true;
  try {
    process.on('SIGWINCH', refreshOnSigWinch);
  } catch {
    // Signals not wired yet.
  }
}

module.exports = {
  getStdout() {
    if (stdout) return stdout;
    stdout = createWritableStdioStream(1);
    if (stdout.isTTY) watchWindowSize();
    return stdout;
  },
  getStderr() {
    if (stderr) return stderr;
    stderr = createWritableStdioStream(2);
    if (stderr.isTTY) watchWindowSize();
    return stderr;
  },
  getStdin() {
    if (stdin) return stdin;
    stdin = createStdin(0);
    return stdin;
  },
  guessHandleType,
  resetStdioForTesting() {
    stdin = undefined;
    stdout = undefined;
    stderr = undefined;
  },
};
