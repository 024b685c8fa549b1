// What keeps the loop alive, as `process.getActiveResourcesInfo()`,
// `process._getActiveHandles()` and `process._getActiveRequests()` report it.
// Node walks libuv's handle and request queues; nodus keeps the same two
// queues in JS: stream handles (TCP, Pipe) join `handles` when created and
// leave when closed, fs callback requests join `requests` while in flight.
// Timeouts and Immediates are counted, not listed, as in Node.
'use strict';

const {
  ArrayPrototypePush,
  SafeSet,
} = primordials;

const core = internalBinding('core');
const { owner_symbol } = require('internal/bindings/symbols');

// Node reports a handle by its C++ class's memory-info name.
const kHandleNames = {
  __proto__: null,
  TCPWRAP: 'TCPSocketWrap',
  TCPSERVERWRAP: 'TCPServerWrap',
  PIPEWRAP: 'PipeWrap',
  PIPESERVERWRAP: 'PipeWrap',
  TTYWRAP: 'TTYWrap',
  PROCESSWRAP: 'ProcessWrap',
  FSEVENTWRAP: 'FSEventWrap',
  UDPWRAP: 'UDPWrap',
  SIGNALWRAP: 'SignalWrap',
};

const handleName = (h) => {
  const type = h.getProviderType();
  return kHandleNames[type] ?? type;
};

/** Live libuv-style handles; each has `hasRef()` and `getProviderType()`. */
const handles = new SafeSet();
/** In-flight requests (objects with a `resourceName()`). */
const requests = new SafeSet();

/** Node's FSReqCallback: one per callback-style fs call while it runs. */
class FSReqCallback {
  constructor(oncomplete) {
    this.oncomplete = oncomplete;
  }

  resourceName() { return 'FSReqCallback'; }
}

function getActiveRequests() {
  const out = [];
  for (const req of requests) ArrayPrototypePush(out, req);
  return out;
}

// Only ref'ed handles keep the loop alive; Node lists those and their owners
// (the net.Socket, not its TCP handle).
function getActiveHandles() {
  const out = [];
  for (const h of handles) {
    if (h.hasRef()) ArrayPrototypePush(out, h[owner_symbol] ?? h);
  }
  return out;
}

function getActiveResourcesInfo() {
  const out = [];
  for (const req of requests) ArrayPrototypePush(out, req.resourceName());
  for (const h of handles) {
    if (h.hasRef()) ArrayPrototypePush(out, handleName(h));
  }
  const { timerCounts } = require('internal/timers');
  for (let i = 0; i < timerCounts.timeouts; i++) ArrayPrototypePush(out, 'Timeout');
  const immediates = core.getActiveImmediateCount();
  for (let i = 0; i < immediates; i++) ArrayPrototypePush(out, 'Immediate');
  return out;
}

module.exports = {
  handles,
  requests,
  FSReqCallback,
  getActiveHandles,
  getActiveRequests,
  getActiveResourcesInfo,
};
