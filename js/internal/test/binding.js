// Adapted from Node.js lib/internal/test/binding.js (MIT license, Node.js contributors).
// Node's tests (run with --expose-internals) reach the C++ bindings through
// this module. nodus has no C++ bindings: each name maps to the JS module that
// plays that binding's part for nodus's own lib code, so a test that patches a
// binding (e.g. `internalBinding('cares_wrap').getaddrinfo = stub`) patches the
// object the built-ins really use. Names nodus has no equivalent for throw
// Node's "No such binding" error.
'use strict';

const {
  Error,
  MathFloor,
  ObjectKeys,
  StringPrototypeCharCodeAt,
  StringPrototypeStartsWith,
} = primordials;

process.emitWarning(
  'These APIs are for internal testing only. Do not use them.',
  'internal/test/binding');

// Copies `source` into a null-prototype object, as the binding's C++ templates are.
function nullProto(source) {
  const out = { __proto__: null };
  const keys = ObjectKeys(source);
  for (let i = 0; i < keys.length; i++) out[keys[i]] = source[keys[i]];
  return out;
}

// Trace event phases of src/node_constants.cc (the char codes of trace_event_common.h).
const tracePhases = {
  TRACE_EVENT_PHASE_BEGIN: 'B', TRACE_EVENT_PHASE_END: 'E', TRACE_EVENT_PHASE_COMPLETE: 'X',
  TRACE_EVENT_PHASE_INSTANT: 'I', TRACE_EVENT_PHASE_ASYNC_BEGIN: 'S',
  TRACE_EVENT_PHASE_ASYNC_STEP_INTO: 'T', TRACE_EVENT_PHASE_ASYNC_STEP_PAST: 'p',
  TRACE_EVENT_PHASE_ASYNC_END: 'F', TRACE_EVENT_PHASE_NESTABLE_ASYNC_BEGIN: 'b',
  TRACE_EVENT_PHASE_NESTABLE_ASYNC_END: 'e', TRACE_EVENT_PHASE_NESTABLE_ASYNC_INSTANT: 'n',
  TRACE_EVENT_PHASE_FLOW_BEGIN: 's', TRACE_EVENT_PHASE_FLOW_STEP: 't',
  TRACE_EVENT_PHASE_FLOW_END: 'f', TRACE_EVENT_PHASE_METADATA: 'M',
  TRACE_EVENT_PHASE_COUNTER: 'C', TRACE_EVENT_PHASE_SAMPLE: 'P',
  TRACE_EVENT_PHASE_CREATE_OBJECT: 'N', TRACE_EVENT_PHASE_SNAPSHOT_OBJECT: 'O',
  TRACE_EVENT_PHASE_DELETE_OBJECT: 'D', TRACE_EVENT_PHASE_MEMORY_DUMP: 'v',
  TRACE_EVENT_PHASE_MARK: 'R', TRACE_EVENT_PHASE_CLOCK_SYNC: 'c',
  TRACE_EVENT_PHASE_ENTER_CONTEXT: '(', TRACE_EVENT_PHASE_LEAVE_CONTEXT: ')',
  TRACE_EVENT_PHASE_LINK_IDS: '=',
};

// internalBinding('constants'): every group and the group objects inside `os`
// have a null prototype, as Node builds them.
function makeConstants() {
  const os = require('os').constants;
  const trace = { __proto__: null };
  const phases = ObjectKeys(tracePhases);
  for (let i = 0; i < phases.length; i++) {
    trace[phases[i]] = StringPrototypeCharCodeAt(tracePhases[phases[i]], 0);
  }
  return {
    __proto__: null,
    os: {
      __proto__: null,
      UV_UDP_REUSEADDR: os.UV_UDP_REUSEADDR ?? 4,
      dlopen: nullProto(os.dlopen),
      errno: nullProto(os.errno),
      signals: nullProto(os.signals),
      priority: nullProto(os.priority),
    },
    fs: nullProto(require('internal/fs/utils').constants),
    crypto: nullProto(require('crypto').constants),
    zlib: nullProto(require('zlib').constants),
    trace,
    internal: { __proto__: null, EXTENSIONLESS_FORMAT_JAVASCRIPT: 0, EXTENSIONLESS_FORMAT_WASM: 1 },
  };
}

// internalBinding('timers'): only the clock has a nodus equivalent (nodus's
// timers run on deno_core's timer queue, not on Node's scheduleTimer/toggle*Ref).
function makeTimers() {
  const { now } = require('internal/bindings/performance');
  return {
    // uv_now(): whole milliseconds of the loop clock.
    getLibuvNow() { return MathFloor(now()); },
  };
}

// Binding name -> the nodus module (or builder) standing in for it.
const modules = {
  __proto__: null,
  buffer: 'internal/bindings/buffer',
  cares_wrap: 'internal/dns/cares_wrap',
  crypto: 'internal/crypto/binding',
  encoding_binding: 'internal/bindings/encoding',
  http_parser: 'internal/http/parser',
  os: 'internal/bindings/os',
  performance: 'internal/bindings/performance',
  pipe_wrap: 'internal/net/pipe_wrap',
  stream_wrap: 'internal/net/stream_wrap',
  string_decoder: 'internal/bindings/string_decoder',
  symbols: 'internal/bindings/symbols',
  tcp_wrap: 'internal/net/tcp_wrap',
  types: 'internal/bindings/types',
  udp_wrap: 'internal/dgram',
  url: 'internal/bindings/url',
  util: 'internal/bindings/util',
  uv: 'internal/bindings/uv',
  zlib: 'internal/zlib/binding',
};
const builders = { __proto__: null, constants: makeConstants, timers: makeTimers };
const built = { __proto__: null };

function filteredInternalBinding(id) {
  // Names starting with 'internal_only' are never exposed, even with
  // --expose-internals.
  if (typeof id === 'string' && !StringPrototypeStartsWith(id, 'internal_only')) {
    const mod = modules[id];
    if (mod !== undefined) return require(mod);
    const build = builders[id];
    if (build !== undefined) return built[id] ??= build();
  }
  // Node's C++ loader throws this (ERR_INVALID_MODULE) for unknown names too;
  // it is not part of the documented error system.
  // eslint-disable-next-line no-restricted-syntax
  const error = new Error(`No such binding: ${id}`);
  error.code = 'ERR_INVALID_MODULE';
  throw error;
}

module.exports = { primordials, internalBinding: filteredInternalBinding };
