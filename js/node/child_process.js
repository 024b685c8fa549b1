// node:child_process. spawnSync/execSync/execFileSync run the child to
// completion on the calling thread; spawn/exec/execFile run it off-thread and
// report through a ChildProcess whose stdout/stderr deliver the output when the
// child ends (live pipes come with node:net sockets). fork needs IPC and throws
// ERR_NOT_IMPLEMENTED.
'use strict';

const {
  ArrayIsArray,
  ArrayPrototypeJoin,
  ArrayPrototypeSlice,
  Error,
  ObjectEntries,
  ObjectKeys,
} = primordials;

const EventEmitter = require('events');
const ops = internalBinding('ops');
const core = internalBinding('core');
const { codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE } } = require('internal/errors');
const { signals } = require('internal/process/signals');
const { notImplemented } = require('internal/not_implemented');
const { errname: uvName } = require('internal/bindings/uv');

function signalName(num) {
  if (num === null || num === undefined) return null;
  for (const name of ObjectKeys(signals)) {
    if (signals[name] === num && name !== 'SIGIOT' && name !== 'SIGPOLL') return name;
  }
  return null;
}

function signalNumber(sig) {
  if (sig === undefined) return undefined;
  if (typeof sig === 'number') return sig;
  const n = signals[sig];
  if (n === undefined) {
    const { codes: { ERR_UNKNOWN_SIGNAL } } = require('internal/errors');
    throw new ERR_UNKNOWN_SIGNAL(sig);
  }
  return n;
}

function normalizeStdio(stdio) {
  if (stdio === undefined) return ['pipe', 'pipe', 'pipe'];
  if (typeof stdio === 'string') return [stdio, stdio, stdio];
  if (!ArrayIsArray(stdio)) throw new ERR_INVALID_ARG_VALUE('stdio', stdio);
  const out = [];
  for (let i = 0; i < 3; i++) {
    const s = stdio[i];
    if (s === undefined || s === null || s === 'pipe' || s === 'overlapped') out[i] = 'pipe';
    else if (s === 'inherit' || s === i || (i > 0 && s === process[['stdin', 'stdout', 'stderr'][i]])) out[i] = 'inherit';
    else if (s === 'ignore') out[i] = 'ignore';
    else out[i] = 'pipe';
  }
  return out;
}

function toBytes(input) {
  if (input === undefined || input === null) return undefined;
  if (typeof input === 'string') return core.encode(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new ERR_INVALID_ARG_TYPE('options.input', ['string', 'Buffer', 'TypedArray', 'DataView'], input);
}

function normalizeArgs(file, args, options) {
  if (typeof file !== 'string') throw new ERR_INVALID_ARG_TYPE('file', 'string', file);
  if (file.length === 0) throw new ERR_INVALID_ARG_VALUE('file', file, 'cannot be empty');
  if (args !== undefined && args !== null && !ArrayIsArray(args)) {
    options = args;
    args = [];
  }
  args = args ? ArrayPrototypeSlice(args) : [];
  options = { ...options };
  if (options.shell) {
    // DEP0190 (runtime from 24; the release line's compat data decides).
    if (args.length > 0) require('internal/compat/profile').emitDeprecation('DEP0190', normalizeArgs);
    const command = args.length ? `${file} ${ArrayPrototypeJoin(args, ' ')}` : file;
    file = typeof options.shell === 'string' ? options.shell : '/bin/sh';
    args = ['-c', command];
  }
  const env = options.env || process.env;
  const envPairs = [];
  for (const [k, v] of ObjectEntries(env)) {
    if (v !== undefined) envPairs.push(`${k}=${v}`);
  }
  return {
    file,
    args,
    options,
    spawn: {
      file,
      args,
      cwd: options.cwd === undefined ? undefined : `${options.cwd instanceof URL ? require('url').fileURLToPath(options.cwd) : options.cwd}`,
      envPairs,
      stdio: normalizeStdio(options.stdio),
      input: toBytes(options.input),
      timeout: options.timeout > 0 ? options.timeout : undefined,
      maxBuffer: options.maxBuffer === undefined ? 1024 * 1024 : options.maxBuffer,
      killSignal: signalNumber(options.killSignal),
      uid: options.uid,
      gid: options.gid,
      argv0: options.argv0,
      detached: options.detached,
    },
  };
}

function toOutput(bytes, encoding) {
  if (bytes === null || bytes === undefined) return null;
  const { Buffer } = require('buffer');
  const buf = Buffer.from(bytes);
  return encoding && encoding !== 'buffer' ? buf.toString(encoding) : buf;
}

function spawnError(errno, file, args, syscallPrefix) {
  const code = uvName(errno);
  const err = new Error(`${syscallPrefix} ${file} ${code}`);
  err.errno = errno;
  err.code = code;
  err.syscall = `${syscallPrefix} ${file}`;
  err.path = file;
  err.spawnargs = args;
  return err;
}

function buildResult(r, norm, syscallPrefix) {
  const enc = norm.options.encoding;
  const stdout = toOutput(r.stdout, enc);
  const stderr = toOutput(r.stderr, enc);
  const result = {
    pid: r.pid,
    output: [null, stdout, stderr],
    stdout,
    stderr,
    status: r.status ?? null,
    signal: signalName(r.signal),
  };
  if (r.error !== null && r.error !== undefined) {
    result.error = spawnError(r.error, norm.file, norm.args, syscallPrefix);
    if (r.error === -2) {
      result.output = null;
      result.stdout = result.stderr = null;
    }
  }
  return result;
}

function spawnSync(file, args, options) {
  const norm = normalizeArgs(file, args, options);
  const r = ops.op_child_process_spawn_sync(norm.spawn);
  return buildResult(r, norm, 'spawnSync');
}

function checkExecSyncError(ret, args, cmd) {
  let err;
  if (ret.error) {
    err = ret.error;
    Object.assign(err, ret);
  } else if (ret.status !== 0) {
    let msg = 'Command failed: ';
    msg += cmd || ArrayPrototypeJoin(args, ' ');
    if (ret.stderr && ret.stderr.length > 0) msg += `\n${ret.stderr.toString()}`;
    err = new Error(msg);
    Object.assign(err, ret);
  }
  return err;
}

function execFileSync(file, args, options) {
  const norm = normalizeArgs(file, args, options);
  const inheritStderr = norm.options.stdio === undefined;
  const r = ops.op_child_process_spawn_sync(norm.spawn);
  const ret = buildResult(r, norm, 'spawnSync');
  if (inheritStderr && ret.stderr) process.stderr.write(ret.stderr);
  const err = checkExecSyncError(ret, norm.args, undefined);
  if (err) throw err;
  return ret.stdout;
}

function execSync(command, options) {
  const norm = normalizeArgs(command, [], { ...options, shell: options?.shell || true });
  const inheritStderr = options?.stdio === undefined;
  const r = ops.op_child_process_spawn_sync(norm.spawn);
  const ret = buildResult(r, norm, 'spawnSync');
  if (inheritStderr && ret.stderr) process.stderr.write(ret.stderr);
  const err = checkExecSyncError(ret, norm.args, command);
  if (err) throw err;
  return ret.stdout;
}

class ChildProcess extends EventEmitter {
  constructor() {
    super();
    this.pid = undefined;
    this.exitCode = null;
    this.signalCode = null;
    this.killed = false;
    this.connected = false;
    this.stdin = null;
    this.stdout = null;
    this.stderr = null;
    this.spawnfile = undefined;
    this.spawnargs = [];
  }

  kill(sig = 'SIGTERM') {
    if (this.pid === undefined || this.exitCode !== null || this.signalCode !== null) return false;
    if (ops.op_process_kill(this.pid, signalNumber(sig)) !== 0) return false;
    this.killed = true;
    return true;
  }

  ref() {}
  unref() {}
}

function outputStream(stdioKind) {
  if (stdioKind !== 'pipe') return null;
  const s = new EventEmitter();
  s.setEncoding = function(enc) { this._encoding = enc; return this; };
  s.pipe = function(dest) { this.on('data', (d) => dest.write(d)); return dest; };
  s.resume = s.pause = function() { return this; };
  s.destroy = function() { return this; };
  return s;
}

function spawn(file, args, options) {
  const norm = normalizeArgs(file, args, options);
  const child = new ChildProcess();
  child.spawnfile = norm.file;
  child.spawnargs = [norm.file, ...norm.args];
  child.stdout = outputStream(norm.spawn.stdio[1]);
  child.stderr = outputStream(norm.spawn.stdio[2]);
  child.stdio = [null, child.stdout, child.stderr];
  // The run happens off-thread; the child's output arrives when it exits.
  const spawnOpts = { ...norm.spawn, maxBuffer: undefined };
  ops.op_child_process_run(spawnOpts).then((r) => {
    child.pid = r.pid;
    if (r.error === -2) {
      child.emit('error', spawnError(r.error, norm.file, norm.args, 'spawn'));
      return;
    }
    child.emit('spawn');
    for (const [stream, bytes] of [[child.stdout, r.stdout], [child.stderr, r.stderr]]) {
      if (stream && bytes && bytes.length) {
        const data = toOutput(bytes, stream._encoding);
        stream.emit('data', data);
      }
      if (stream) stream.emit('end');
    }
    child.exitCode = r.status ?? null;
    child.signalCode = signalName(r.signal);
    child.emit('exit', child.exitCode, child.signalCode);
    child.emit('close', child.exitCode, child.signalCode);
  });
  return child;
}

function execFile(file, args, options, callback) {
  if (typeof args === 'function') {
    callback = args;
    args = [];
    options = {};
  } else if (typeof options === 'function') {
    callback = options;
    if (!ArrayIsArray(args)) {
      options = args;
      args = [];
    } else {
      options = {};
    }
  }
  options = { encoding: 'utf8', ...options };
  const child = spawn(file, args, { ...options, stdio: 'pipe' });
  const out = [];
  const err = [];
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => err.push(d));
  const join = (parts) => {
    if (options.encoding && options.encoding !== 'buffer') return ArrayPrototypeJoin(parts.map((p) => `${p}`), '');
    return require('buffer').Buffer.concat(parts.map((p) => require('buffer').Buffer.from(p)));
  };
  if (options.encoding && options.encoding !== 'buffer') {
    child.stdout.setEncoding(options.encoding);
    child.stderr.setEncoding(options.encoding);
  }
  child.on('error', (e) => callback?.(e, '', ''));
  child.on('close', (code, signal) => {
    const stdout = join(out);
    const stderr = join(err);
    if (!callback) return;
    if (code === 0 && signal === null) {
      callback(null, stdout, stderr);
      return;
    }
    const cmd = ArrayPrototypeJoin([file, ...(args || [])], ' ');
    const e = new Error(`Command failed: ${options.shell ? file : cmd}\n${stderr}`);
    e.code = code;
    e.killed = child.killed;
    e.signal = signal;
    e.cmd = options.shell ? file : cmd;
    callback(e, stdout, stderr);
  });
  return child;
}

function exec(command, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  return execFile(command, [], { ...options, shell: options?.shell || true }, callback);
}

module.exports = {
  ChildProcess,
  spawn,
  spawnSync,
  exec,
  execSync,
  execFile,
  execFileSync,
  fork: notImplemented('child_process.fork'),
  _forkChild: notImplemented('child_process._forkChild'),
};
