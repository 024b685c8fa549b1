// Uncaught exceptions: 'uncaughtException' listeners, or Node's fatal report
// (source arrow, inspected error, version footer) and exit code 1 (7 when a
// handler itself throws).
'use strict';

const {
  ArrayIsArray,
  ArrayPrototypeJoin,
  ArrayPrototypeSlice,
  Error,
  RegExpPrototypeExec,
  StringPrototypeRepeat,
  StringPrototypeSplit,
} = primordials;

const ops = internalBinding('ops');
const core = internalBinding('core');

/** The `file:line\nsource\n   ^\n` block Node prints above a fatal error. */
function arrowFromMessage(info) {
  // info: [exception, sourceLine, resourceName, lineNumber, startColumn, endColumn]
  if (!ArrayIsArray(info) || typeof info[1] !== 'string') return '';
  const [, line, name, lineNumber, start, end] = info;
  let pad = '';
  for (let i = 0; i < start; i++) pad += line[i] === '\t' ? '\t' : ' ';
  const carets = StringPrototypeRepeat('^', end > start ? end - start : 1);
  return `${name}:${lineNumber}\n${line}\n${pad}${carets}\n`;
}

/** Falls back to the error's own top frame when no throw site is known. */
function arrowFromStack(err) {
  if (err === null || typeof err !== 'object' || typeof err.stack !== 'string') return '';
  const m = RegExpPrototypeExec(/\n {4}at (?:.*? \()?(\/[^:()]+):(\d+):(\d+)\)?/, err.stack);
  if (m === null) return '';
  const [, file, ln, col] = m;
  let source;
  try {
    source = require('internal/modules/cjs/loader').getSourceForArrow(file);
  } catch {
    return '';
  }
  const line = StringPrototypeSplit(source, '\n')[ln - 1];
  if (line === undefined) return '';
  return arrowFromMessage([err, line, file, +ln, col - 1, col]);
}

let inspect;
function formatError(err) {
  inspect ??= require('internal/util/inspect').inspect;
  try {
    return inspect(err, { colors: false });
  } catch {
    return `${err}`;
  }
}

function footer() {
  return `\nNode.js ${process.version} (nodus v${process.versions.nodus})\n`;
}

function isErrorLike(err) {
  return err !== null && typeof err === 'object' && (core.isNativeError(err) || err instanceof Error);
}

/** Prints Node's report of a fatal exception to stderr. */
function printFatal(err, info) {
  const arrow = (err !== null && typeof err === 'object' && err.nodusArrow) ||
    arrowFromMessage(info) || arrowFromStack(err);
  let out;
  if (isErrorLike(err) && ops.op_vm_error_decorated(err)) {
    // vm (displayErrors) already put the arrow at the top of its stack.
    out = `${formatError(err)}\n${footer()}`;
  } else if (isErrorLike(err)) {
    out = `${arrow}\n${formatError(err)}\n${footer()}`;
  } else {
    const argv0 = 'nodus';
    out = `\n${arrow}${formatError(err)}\n(Use \`${argv0} --trace-uncaught ...\` to show where the exception was thrown)\n${footer()}`;
  }
  try {
    ops.op_stdio_write_str(2, out);
  } catch {
    // stderr is gone (EPIPE, closed): the exit code still tells.
  }
}

function emitExit(code) {
  process.exitCode = code;
  if (!process._exiting) {
    process._exiting = true;
    try {
      process.emit('exit', code);
    } catch {
      // An 'exit' listener throwing while we die: the code stands.
    }
  }
}

function exitNow(code) {
  emitExit(code);
  ops.op_process_exit(process.exitCode | 0);
}

// A worker hands its fatal errors to its parent instead of printing them
// (internal/worker/child).
let fatalReporter = null;
function setFatalReporter(fn) {
  fatalReporter = fn;
}

/** Node emits 'exit' before it prints the fatal report. */
function die(err, info, code) {
  emitExit(code);
  if (fatalReporter !== null) fatalReporter(err);
  else printFatal(err, info);
  // An 'exit' listener may set process.exitCode: Node exits with it.
  if (code === 1 && process.exitCode !== undefined && process.exitCode !== null) code = process.exitCode | 0;
  ops.op_process_exit(code);
}

let handlingFatal = false;
let captureFn = null;

/** process.setUncaughtExceptionCaptureCallback: one function that takes every uncaught error. */
function setUncaughtExceptionCaptureCallback(fn) {
  if (fn === null) {
    captureFn = null;
    return;
  }
  const { codes: { ERR_INVALID_ARG_TYPE, ERR_UNCAUGHT_EXCEPTION_CAPTURE_ALREADY_SET } } = require('internal/errors');
  if (typeof fn !== 'function') throw new ERR_INVALID_ARG_TYPE('fn', ['Function', 'null'], fn);
  if (captureFn !== null) throw new ERR_UNCAUGHT_EXCEPTION_CAPTURE_ALREADY_SET();
  captureFn = fn;
}

function hasUncaughtExceptionCaptureCallback() {
  return captureFn !== null;
}

/** A worker's uncaught exception goes to its parent's 'error' instead. */
function abortOnUncaughtException() {
  return require('internal/options').getOptionValue('--abort-on-uncaught-exception') &&
    require('worker_threads').isMainThread;
}

/** Prints the error as V8 does before it aborts, then aborts (SIGABRT). */
function abortOnUncaught(err, info, fromPromise) {
  let out;
  if (fromPromise) {
    out = null;
    printFatal(err, info);
  } else if (isErrorLike(err) && typeof err.stack === 'string') {
    const frames = StringPrototypeSplit(err.stack, '\n    at ');
    out = `Uncaught ${frames[0]}\n\nFROM\n${ArrayPrototypeJoin(ArrayPrototypeSlice(frames, 1), '\n')}\n`;
  } else {
    out = `Uncaught ${formatError(err)}\n`;
  }
  try {
    if (out !== null) ops.op_stdio_write_str(2, out);
  } catch {
    // stderr is gone: the signal still tells.
  }
  ops.op_process_kill(ops.op_process_ids()[0], 6 /* SIGABRT */);
}

/**
 * The one place an error nobody caught goes. `info` is the throw site from
 * `op_process_call_catching` when the caller had it.
 */
function triggerUncaughtException(err, fromPromise, info) {
  const type = fromPromise ? 'unhandledRejection' : 'uncaughtException';
  if (handlingFatal) die(err, info, 7);
  // --abort-on-uncaught-exception: V8 aborts at the throw in Node, before any
  // listener runs, unless a capture callback (domains with an 'error'
  // handler) takes the error.
  if (captureFn === null && abortOnUncaughtException()) abortOnUncaught(err, info, fromPromise);
  try {
    process.emit('uncaughtExceptionMonitor', err, type);
  } catch (e) {
    die(e, undefined, 7);
  }
  if (captureFn !== null) {
    const r = ops.op_process_call_catching(captureFn, undefined, [err]);
    if (r === null) return;
    // A domain's top-level 'error' handler runs with the capture callback
    // cleared, so that its throw aborts as any uncaught throw does.
    if (captureFn === null && abortOnUncaughtException()) abortOnUncaught(r[0], r, false);
    die(r[0], r, 7);
  }
  if (process.listenerCount('uncaughtException') > 0) {
    const r = ops.op_process_call_catching(process.emit, process, ['uncaughtException', err, type]);
    if (r === null) return;
    die(r[0], r, 7);
  }
  handlingFatal = true;
  die(err, info, 1);
}

module.exports = {
  triggerUncaughtException, printFatal, exitNow, arrowFromMessage, setFatalReporter,
  setUncaughtExceptionCaptureCallback, hasUncaughtExceptionCaptureCallback,
};
