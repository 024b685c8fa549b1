// `fs.Utf8Stream` (Node 24.6+): the SonicBoom-style writer pino made popular.
// Writes are coalesced into chunks of at most `maxWrite` bytes and flushed once
// `minLength` is buffered, synchronously (`sync: true`, the pino default for
// files) or through fs.write. It is an EventEmitter, not a stream.Writable:
// 'ready', 'write', 'drain', 'drop', 'finish', 'close', 'error'.
// The fs functions it calls can be overridden through `options.fs` (Node's own
// tests count those calls, so the order of write/fsync/close calls is part of
// the contract and follows Node's).
'use strict';

const {
  ArrayPrototypePush,
  ArrayPrototypeShift,
  ArrayPrototypeUnshift,
  Int32Array,
  MathMax,
  Number,
  StringPrototypeCodePointAt,
  SymbolDispose,
} = primordials;

const { Buffer } = require('buffer');
const EventEmitter = require('events');
const fs = require('fs');
const { dirname } = require('path');
const { clearInterval, setInterval, setTimeout } = require('timers');
const {
  codes: {
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_STATE,
    ERR_OPERATION_FAILED,
  },
} = require('internal/errors');
const {
  validateBoolean,
  validateFunction,
  validateObject,
  validateOneOf,
  validateString,
  validateUint32,
} = require('internal/validators');

// Not in deno_core's primordials; captured before user code can patch Atomics.
const { wait: AtomicsWait } = Atomics;

// How long to back off when the destination says EAGAIN/EBUSY.
const kBusyRetryMs = 100;
// 16 KiB: larger single writes get split by pipes and container log copiers.
const kDefaultMaxWrite = 16 * 1024;
const kEmpty = Buffer.allocUnsafe(0);
let sleepCell;
const kNoOptions = { __proto__: null };
const noop = () => {};

function blockFor(ms) {
  if (!(ms > 0 && ms < Infinity)) {
    if (typeof ms !== 'number' && typeof ms !== 'bigint') {
      throw new ERR_INVALID_ARG_TYPE('ms', ['number', 'bigint'], ms);
    }
    throw new ERR_INVALID_ARG_VALUE.RangeError('ms', ms,
                                               'must be a number greater than 0 and less than Infinity');
  }
  sleepCell ??= new Int32Array(new globalThis.SharedArrayBuffer(4));
  AtomicsWait(sleepCell, 0, 0, Number(ms));
}

const isBusy = (err) => err.code === 'EAGAIN' || err.code === 'EBUSY';

// The two content modes differ only in how pending data is held and how a
// partial write is cut: strings are cut at the character that contains byte n.
const utf8Mode = {
  empty: '',
  check(data) { validateString(data, 'data'); return data.length; },
  append(pending, data, maxWrite) {
    const last = pending.chunks.length - 1;
    if (last < 0 || pending.chunks[last].length + data.length > maxWrite) {
      ArrayPrototypePush(pending.chunks, '' + data);
    } else {
      pending.chunks[last] += data;
    }
  },
  next(pending) { return ArrayPrototypeShift(pending.chunks) || ''; },
  blank(pending) { ArrayPrototypePush(pending.chunks, ''); },
  requeue(pending, buf) { ArrayPrototypeUnshift(pending.chunks, buf); },
  head(pending) { return pending.chunks[0]; },
  dropHead(pending) { ArrayPrototypeShift(pending.chunks); },
  forWrite(buf) { return buf; },
  // A character whose bytes were only partly written is written again whole.
  cut(buf, n) {
    if (Buffer.byteLength(buf) === n) return buf.length;
    let bytes = 0;
    let i = 0;
    while (i < buf.length) {
      const c = StringPrototypeCodePointAt(buf, i);
      const size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      if (bytes + size > n) break;
      bytes += size;
      i += c > 0xffff ? 2 : 1;
    }
    return i;
  },
};

const bufferMode = {
  empty: kEmpty,
  check(data) {
    if (!Buffer.isBuffer(data)) throw new ERR_INVALID_ARG_TYPE('data', 'Buffer', data);
    return data.length;
  },
  append(pending, data, maxWrite) {
    const last = pending.lens.length - 1;
    if (last < 0 || pending.lens[last] + data.length > maxWrite) {
      ArrayPrototypePush(pending.chunks, [data]);
      ArrayPrototypePush(pending.lens, data.length);
    } else {
      ArrayPrototypePush(pending.chunks[last], data);
      pending.lens[last] += data.length;
    }
  },
  next(pending) { return join(ArrayPrototypeShift(pending.chunks), ArrayPrototypeShift(pending.lens)); },
  blank(pending) { ArrayPrototypePush(pending.chunks, []); ArrayPrototypePush(pending.lens, 0); },
  requeue(pending, buf) { ArrayPrototypeUnshift(pending.chunks, [buf]); ArrayPrototypeUnshift(pending.lens, buf.length); },
  head(pending) { return join(pending.chunks[0], pending.lens[0]); },
  dropHead(pending) { ArrayPrototypeShift(pending.chunks); ArrayPrototypeShift(pending.lens); },
  // fs.write copies a string anyway; a Buffer makes `n` directly usable.
  forWrite(buf) { return Buffer.from(buf); },
  cut(buf, n) { return n; },
};

function join(list, len) {
  if (list === undefined || list.length === 0) return kEmpty;
  return list.length === 1 ? list[0] : Buffer.concat(list, len);
}

class Utf8Stream extends EventEmitter {
  #fs;
  #mode;
  #fd = -1;
  #file = null;
  #fileMode;
  #pending = { chunks: [], lens: [] };
  #len = 0;
  #current;
  #hwm = 16387;
  #minLength = 0;
  #maxLength = 0;
  #maxWrite = kDefaultMaxWrite;
  #periodicFlush = 0;
  #flushTimer;
  #sync = false;
  #fsync = false;
  #append = true;
  #mkdir = false;
  #retryEAGAIN;
  #writing = false;
  #ending = false;
  #reopening = false;
  #opening = false;
  #destroyed = false;
  #flushPending = false;
  #drainScheduled = false;

  constructor(options = kNoOptions) {
    validateObject(options, 'options');
    const {
      dest, minLength, maxLength, maxWrite, periodicFlush, sync, append = true,
      mkdir, retryEAGAIN, fsync, contentMode = 'utf8', mode, fs: overrides = {},
    } = options;
    const fd = options.fd ?? dest;
    super();

    validateObject(overrides, 'options.fs');
    this.#fs = { ...fs, ...overrides };
    for (const name of ['write', 'writeSync', 'fsync', 'fsyncSync', 'close', 'open', 'mkdir', 'mkdirSync']) {
      validateFunction(this.#fs[name], `options.fs.${name}`);
    }
    this.#hwm = MathMax(minLength || 0, this.#hwm);
    this.#minLength = minLength || 0;
    this.#maxLength = maxLength || 0;
    this.#maxWrite = maxWrite || kDefaultMaxWrite;
    this.#periodicFlush = periodicFlush || 0;
    this.#sync = sync || false;
    this.#fsync = fsync || false;
    this.#append = append || false;
    this.#fileMode = mode;
    this.#retryEAGAIN = retryEAGAIN || (() => true);
    this.#mkdir = mkdir || false;
    validateUint32(this.#hwm, 'options.hwm');
    validateUint32(this.#minLength, 'options.minLength');
    validateUint32(this.#maxLength, 'options.maxLength');
    validateUint32(this.#maxWrite, 'options.maxWrite');
    validateUint32(this.#periodicFlush, 'options.periodicFlush');
    validateBoolean(this.#sync, 'options.sync');
    validateBoolean(this.#fsync, 'options.fsync');
    validateBoolean(this.#append, 'options.append');
    validateBoolean(this.#mkdir, 'options.mkdir');
    validateFunction(this.#retryEAGAIN, 'options.retryEAGAIN');
    validateOneOf(contentMode, 'options.contentMode', ['buffer', 'utf8']);
    this.#mode = contentMode === 'buffer' ? bufferMode : utf8Mode;
    this.#current = this.#mode.empty;

    if (typeof fd === 'number') {
      this.#fd = fd;
      process.nextTick(() => this.emit('ready'));
    } else if (typeof fd === 'string') {
      this.#open(fd);
    } else {
      throw new ERR_INVALID_ARG_TYPE('fd', ['number', 'string'], fd);
    }
    if (this.#minLength >= this.#maxWrite) {
      throw new ERR_INVALID_ARG_VALUE.RangeError('minLength', this.#minLength,
                                                 `should be smaller than maxWrite (${this.#maxWrite})`);
    }
    if (this.#periodicFlush !== 0) {
      this.#flushTimer = setInterval(() => this.flush(noop), this.#periodicFlush);
      this.#flushTimer.unref();
    }
  }

  write(data) {
    if (this.#destroyed) throw new ERR_INVALID_STATE('FastUtf8Stream is destroyed');
    const len = this.#len + this.#mode.check(data);
    if (this.#maxLength && len > this.#maxLength) {
      this.emit('drop', data);
      return this.#len < this.#hwm;
    }
    this.#mode.append(this.#pending, data, this.#maxWrite);
    this.#len = len;
    if (!this.#writing && this.#len >= this.#minLength) this.#startWrite();
    return this.#len < this.#hwm;
  }

  flush(cb = noop) {
    validateFunction(cb, 'cb');
    if (this.#destroyed) {
      cb(new ERR_INVALID_STATE('FastUtf8Stream is destroyed'));
      return;
    }
    if (this.#minLength <= 0) {
      cb();
      return;
    }
    this.#callOnDrain(cb);
    if (this.#writing) return;
    if (this.#pending.chunks.length === 0) this.#mode.blank(this.#pending);
    this.#startWrite();
  }

  flushSync() {
    if (this.#destroyed) throw new ERR_INVALID_STATE('FastUtf8Stream is destroyed');
    if (this.#fd < 0) throw new ERR_INVALID_STATE('Invalid file descriptor');
    const mode = this.#mode;
    if (!this.#writing && this.#current.length > 0) {
      mode.requeue(this.#pending, this.#current);
      this.#current = mode.empty;
    }
    let buf = mode.empty;
    while (this.#pending.chunks.length || buf.length) {
      if (buf.length <= 0) buf = mode.head(this.#pending);
      try {
        const n = mode === utf8Mode ?
          this.#fs.writeSync(this.#fd, buf, 'utf8') : this.#fs.writeSync(this.#fd, buf);
        const cut = mode.cut(buf, n);
        buf = buf.slice(cut);
        this.#len = MathMax(this.#len - cut, 0);
        if (buf.length <= 0) mode.dropHead(this.#pending);
      } catch (err) {
        if (isBusy(err) && !this.#retryEAGAIN(err, buf.length, this.#len - buf.length)) throw err;
        blockFor(kBusyRetryMs);
      }
    }
    if (mode === utf8Mode) {
      try {
        this.#fs.fsyncSync(this.#fd);
      } catch {
        // Pipes and TTYs cannot fsync; the data is written regardless.
      }
    }
  }

  reopen(file) {
    if (this.#destroyed) throw new ERR_INVALID_STATE('FastUtf8Stream is destroyed');
    if (this.#opening) {
      this.once('ready', () => this.reopen(file));
      return;
    }
    if (this.#ending) return;
    if (!this.#file) {
      throw new ERR_OPERATION_FAILED('Unable to reopen a file descriptor, you must pass a file to SonicBoom');
    }
    if (file) this.#file = file;
    this.#reopening = true;
    if (this.#writing) return;
    const oldFd = this.#fd;
    this.once('ready', () => {
      if (oldFd !== this.#fd) {
        this.#fs.close(oldFd, (err) => {
          if (err) this.emit('error', err);
        });
      }
    });
    this.#open(this.#file);
  }

  end() {
    if (this.#destroyed) throw new ERR_INVALID_STATE('FastUtf8Stream is destroyed');
    if (this.#opening) {
      this.once('ready', () => this.end());
      return;
    }
    if (this.#ending) return;
    this.#ending = true;
    if (this.#writing) return;
    if (this.#len > 0 && this.#fd >= 0) this.#startWrite();
    else this.#close();
  }

  destroy() {
    if (!this.#destroyed) this.#close();
  }

  get mode() { return this.#fileMode; }
  get file() { return this.#file; }
  get fd() { return this.#fd; }
  get minLength() { return this.#minLength; }
  get maxLength() { return this.#maxLength; }
  get writing() { return this.#writing; }
  get sync() { return this.#sync; }
  get fsync() { return this.#fsync; }
  get append() { return this.#append; }
  get periodicFlush() { return this.#periodicFlush; }
  get contentMode() { return this.#mode === bufferMode ? 'buffer' : 'utf8'; }
  get mkdir() { return this.#mkdir; }

  [SymbolDispose]() { this.destroy(); }

  #writeCurrentSync() {
    return this.#mode === utf8Mode ?
      this.#fs.writeSync(this.#fd, this.#current, 'utf8') : this.#fs.writeSync(this.#fd, this.#current);
  }

  #writeCurrentAsync() {
    const done = (err, n) => this.#afterWrite(err, n);
    if (this.#mode === utf8Mode) this.#fs.write(this.#fd, this.#current, 'utf8', done);
    else this.#fs.write(this.#fd, this.#current, done);
  }

  #startWrite() {
    this.#writing = true;
    if (this.#current.length === 0) this.#current = this.#mode.next(this.#pending);
    if (this.#sync) {
      let n;
      try {
        n = this.#writeCurrentSync();
      } catch (err) {
        this.#afterWrite(err);
        return;
      }
      this.#afterWrite(null, n);
    } else {
      this.#current = this.#mode.forWrite(this.#current);
      this.#writeCurrentAsync();
    }
  }

  #consume(n) {
    const cut = this.#mode.cut(this.#current, n);
    this.#len = MathMax(this.#len - cut, 0);
    this.#current = this.#current.slice(cut);
  }

  #afterWrite(err, n) {
    if (err) {
      if (isBusy(err) &&
          this.#retryEAGAIN(err, this.#current.length, this.#len - this.#current.length)) {
        if (this.#sync) {
          // Sync writes can still see EAGAIN on non-blocking fds (pino#783).
          try {
            blockFor(kBusyRetryMs);
            this.#afterWrite(undefined, 0);
          } catch (e) {
            this.#afterWrite(e);
          }
        } else {
          setTimeout(() => this.#writeCurrentAsync(), kBusyRetryMs);
        }
      } else {
        this.#writing = false;
        this.emit('error', err);
      }
      return;
    }

    this.emit('write', n);
    this.#consume(n);
    if (this.#current.length) {
      if (!this.#sync) {
        this.#writeCurrentAsync();
        return;
      }
      try {
        do {
          this.#consume(this.#writeCurrentSync());
        } while (this.#current.length);
      } catch (e) {
        this.#afterWrite(e);
        return;
      }
    }
    if (this.#fsync) this.#fs.fsyncSync(this.#fd);

    if (this.#reopening) {
      this.#writing = false;
      this.#reopening = false;
      this.reopen();
    } else if (this.#len > this.#minLength) {
      this.#startWrite();
    } else if (this.#ending) {
      if (this.#len > 0) {
        this.#startWrite();
      } else {
        this.#writing = false;
        this.#close();
      }
    } else {
      this.#writing = false;
      if (!this.#sync) {
        this.emit('drain');
      } else if (!this.#drainScheduled) {
        this.#drainScheduled = true;
        process.nextTick(() => {
          if (this.listenerCount('drain') === 0) return;
          this.#drainScheduled = false;
          this.emit('drain');
        });
      }
    }
  }

  #open(file) {
    this.#opening = true;
    this.#writing = true;
    this.#drainScheduled = false;
    const opened = (err, fd) => {
      if (err) {
        this.#reopening = false;
        this.#writing = false;
        this.#opening = false;
        // A sync open throws to the caller; 'error' is for listeners added later.
        if (this.#sync) {
          process.nextTick(() => {
            if (this.listenerCount('error') > 0) this.emit('error', err);
          });
        } else {
          this.emit('error', err);
        }
        return;
      }
      const wasReopening = this.#reopening;
      this.#fd = fd;
      this.#file = file;
      this.#reopening = false;
      this.#opening = false;
      this.#writing = false;
      if (this.#sync) process.nextTick(() => this.emit('ready'));
      else this.emit('ready');
      if (this.#destroyed) return;
      if ((!this.#writing && this.#len > this.#minLength) || this.#flushPending) {
        this.#startWrite();
      } else if (wasReopening) {
        process.nextTick(() => this.emit('drain'));
      }
    };

    const flags = this.#append ? 'a' : 'w';
    const mode = this.#fileMode;
    if (this.#sync) {
      try {
        if (this.#mkdir) this.#fs.mkdirSync(dirname(file), { recursive: true });
        opened(null, this.#fs.openSync(file, flags, mode));
      } catch (err) {
        opened(err);
        throw err;
      }
    } else if (this.#mkdir) {
      this.#fs.mkdir(dirname(file), { recursive: true }, (err) => {
        if (err) return opened(err);
        this.#fs.open(file, flags, mode, opened);
      });
    } else {
      this.#fs.open(file, flags, mode, opened);
    }
  }

  #callOnDrain(cb) {
    this.#flushPending = true;
    const onDrain = () => {
      this.off('error', onError);
      if (this.#fsync) {
        // Every write already fsynced.
        this.#flushPending = false;
        cb();
        return;
      }
      try {
        this.#fs.fsync(this.#fd, (err) => {
          this.#flushPending = false;
          cb(err);
        });
      } catch (err) {
        cb(err);
      }
    };
    const onError = (err) => {
      this.#flushPending = false;
      this.off('drain', onDrain);
      cb(err);
    };
    this.once('drain', onDrain);
    this.once('error', onError);
  }

  #close() {
    if (this.#fd === -1) {
      this.once('ready', () => this.#close());
      return;
    }
    if (this.#flushTimer !== undefined) clearInterval(this.#flushTimer);
    this.#destroyed = true;
    this.#pending = { chunks: [], lens: [] };
    const done = (err) => {
      if (err) {
        this.emit('error', err);
        return;
      }
      if (this.#ending && !this.#writing) this.emit('finish');
      this.emit('close');
    };
    try {
      // fsync errors are ignored: stdout/stderr and pipes cannot fsync.
      this.#fs.fsync(this.#fd, () => {
        if (this.#fd !== 1 && this.#fd !== 2) this.#fs.close(this.#fd, done);
        else done();
      });
    } catch {
      // An fs override without a working fsync: nothing to close through it.
    }
  }
}

module.exports = Utf8Stream;
