// process.emitWarning and the default 'warning' printer
// (Node's lib/internal/process/warning.js).
'use strict';

const { Error, ErrorCaptureStackTrace, StringPrototypeLastIndexOf, StringPrototypeSlice } = primordials;
const { codes: { ERR_INVALID_ARG_TYPE } } = require('internal/errors');

let traceWarningHelperShown = false;

function options() {
  return require('internal/options');
}

function writeOut(message) {
  const ops = internalBinding('ops');
  ops.op_stdio_write_str(2, `${message}\n`);
}

function basename(p) {
  const i = StringPrototypeLastIndexOf(p, '/');
  return i === -1 ? p : StringPrototypeSlice(p, i + 1);
}

function onWarning(warning) {
  if (!(warning instanceof Error)) return;
  const isDeprecation = warning.name === 'DeprecationWarning';
  const { getOptionValue } = options();
  if (getOptionValue('--warnings') === false) return;
  if (isDeprecation && process.noDeprecation) return;
  const disabled = getOptionValue('--disable-warning');
  if (disabled.includes(warning.name) || (warning.code && disabled.includes(warning.code))) return;
  const trace = process.traceProcessWarnings || (isDeprecation && process.traceDeprecation);
  let msg = `(${process.release.name}:${process.pid}) `;
  if (warning.code) msg += `[${warning.code}] `;
  if (trace && warning.stack) {
    msg += `${warning.stack}`;
  } else {
    msg += typeof warning.toString === 'function' ? `${warning.toString()}` : Error.prototype.toString.call(warning);
  }
  if (typeof warning.detail === 'string') msg += `\n${warning.detail}`;
  if (!trace && !traceWarningHelperShown) {
    const flag = isDeprecation ? '--trace-deprecation' : '--trace-warnings';
    const argv0 = basename(process.argv0 || 'node');
    msg += `\n(Use \`${argv0} ${flag} ...\` to show where the warning was created)`;
    traceWarningHelperShown = true;
  }
  const file = getOptionValue('--redirect-warnings');
  if (file) {
    require('fs').appendFileSync(file, `${msg}\n`);
  } else {
    writeOut(msg);
  }
}

function createWarningObject(warning, type, code, ctor, detail) {
  const limit = Error.stackTraceLimit;
  if (process.throwDeprecation === true && type === 'DeprecationWarning') {
    // Keep the whole stack: it is thrown to the user.
  }
  warning = new Error(warning);
  warning.name = String(type || 'Warning');
  if (code !== undefined) warning.code = code;
  if (detail !== undefined) warning.detail = detail;
  ErrorCaptureStackTrace(warning, ctor || process.emitWarning);
  Error.stackTraceLimit = limit;
  return warning;
}

function emitWarning(warning, type, code, ctor) {
  let detail;
  if (type !== null && typeof type === 'object' && !Array.isArray(type)) {
    ctor = type.ctor;
    code = type.code;
    if (typeof type.detail === 'string') detail = type.detail;
    type = type.type || 'Warning';
  } else if (typeof type === 'function') {
    ctor = type;
    code = undefined;
    type = 'Warning';
  }
  if (type !== undefined && typeof type !== 'string') throw new ERR_INVALID_ARG_TYPE('type', 'string', type);
  if (typeof code === 'function') {
    ctor = code;
    code = undefined;
  } else if (code !== undefined && typeof code !== 'string') {
    throw new ERR_INVALID_ARG_TYPE('code', 'string', code);
  }
  if (typeof warning === 'string') {
    warning = createWarningObject(warning, type, code, ctor, detail);
  } else if (!(warning instanceof Error)) {
    throw new ERR_INVALID_ARG_TYPE('warning', ['Error', 'string'], warning);
  }
  if (warning.name === 'DeprecationWarning') {
    if (process.noDeprecation) return;
    if (process.throwDeprecation) {
      // Thrown on the next tick, as Node does, so that earlier warnings print first.
      process.nextTick(() => {
        throw warning;
      });
      return;
    }
  }
  process.nextTick(() => process.emit('warning', warning));
}

module.exports = { emitWarning, onWarning };
