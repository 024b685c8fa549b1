// Unhandled promise rejections in Node's modes (throw, strict, warn,
// warn-with-error-code, none); the default comes from the release line.
'use strict';

const { Error, SafeWeakMap } = primordials;
const core = internalBinding('core');
const ops = internalBinding('ops');

let mode = 'throw';
let warned = false;
const reported = new SafeWeakMap();

class UnhandledPromiseRejection extends Error {
  code = 'ERR_UNHANDLED_REJECTION';
  constructor(reason) {
    let text;
    try {
      text = require('internal/util/inspect').inspect(reason);
    } catch {
      text = `${reason}`;
    }
    super('This error originated either by throwing inside of an async function without a catch block, ' +
          'or by rejecting a promise which was not handled with .catch(). The promise rejected with the' +
          ` reason "${text}".`);
    this.name = 'UnhandledPromiseRejection';
  }
}

function asError(reason) {
  return reason !== null && typeof reason === 'object' && core.isNativeError(reason) ?
    reason : new UnhandledPromiseRejection(reason);
}

function warn(reason) {
  const { inspect } = require('internal/util/inspect');
  let msg = `(${process.release.name}:${process.pid}) UnhandledPromiseRejectionWarning: ` +
    (core.isNativeError(reason) ? reason.stack : inspect(reason));
  ops.op_stdio_write_str(2, `${msg}\n`);
  if (!warned) {
    warned = true;
    ops.op_stdio_write_str(2, `(${process.release.name}:${process.pid}) UnhandledPromiseRejectionWarning: ` +
      'Unhandled promise rejection. This error originated either by throwing inside of an async ' +
      'function without a catch block, or by rejecting a promise which was not handled with .catch(). ' +
      'To terminate the node process on unhandled promise rejection, use the CLI flag ' +
      '`--unhandled-rejections=strict` (see https://nodejs.org/api/cli.html#cli_unhandled_rejections_mode). ' +
      '(rejection id: 1)\n');
  }
}

// With domains loaded, a rejection of a promise made inside a domain goes to
// that domain's 'error' (Node records process.domain at rejection time; the
// promise carries the domain it was created in, stamped by domain's init hook).
function emitUnhandled(reason, promise) {
  if (require('events').usingDomains) {
    const domain = promise.domain;
    if (domain) return domain.emit('error', reason);
  }
  return process.emit('unhandledRejection', reason, promise);
}

function onUnhandled(promise, reason) {
  const { triggerUncaughtException } = require('internal/process/execution');
  reported.set(promise, true);
  switch (mode) {
    case 'strict':
      triggerUncaughtException(asError(reason), true);
      emitUnhandled(reason, promise);
      break;
    case 'warn':
      if (!emitUnhandled(reason, promise)) warn(reason);
      break;
    case 'warn-with-error-code':
      if (!emitUnhandled(reason, promise)) {
        warn(reason);
        process.exitCode = 1;
      }
      break;
    case 'none':
      emitUnhandled(reason, promise);
      break;
    default:
      if (!emitUnhandled(reason, promise)) {
        triggerUncaughtException(asError(reason), true);
      }
  }
  return true;
}

function onHandledLater(promise) {
  if (reported.has(promise)) {
    reported.delete(promise);
    process.nextTick(() => process.emit('rejectionHandled', promise));
  }
}

function setup(selectedMode) {
  mode = selectedMode || 'throw';
  core.setUnhandledPromiseRejectionHandler(onUnhandled);
  core.setHandledPromiseRejectionHandler(onHandledLater);
}

module.exports = { setup };
