// Adapted from Node.js lib/internal/bootstrap/web/exposed-wildcard.js and
// exposed-window-or-worker.js (MIT license, Node.js contributors).
// Installs the web globals Node has, with Node's property attributes, loading
// each module on first access. Called once per run by internal/bootstrap/main.
'use strict';

const {
  ArrayPrototypeIncludes,
  FunctionPrototypeCall,
  ObjectDefineProperty,
  ObjectPrototypeHasOwnProperty,
  StringPrototypeEndsWith,
} = primordials;

const {
  defineLazyProperties,
  defineOperation,
  defineReplaceableLazyAttribute,
  exposeInterface,
  exposeLazyInterfaces,
} = require('internal/util');

const core = internalBinding('core');
// eslint-disable-next-line node-core/prefer-primordials
const arrayBufferTransfer = ArrayBuffer.prototype.transfer;

// Names a release line lacks (its profile does not list them) are skipped.
function filter(profile, names) {
  const listed = profile?.globals;
  if (listed === undefined || listed === null) return names;
  const out = [];
  for (let i = 0; i < names.length; i++) {
    // Lines list only the globals newer than ES2022 plus Node's own; keep the
    // ones every line has (Event, URL, ...) whatever the list says.
    if (ArrayPrototypeIncludes(listed, names[i]) || !ArrayPrototypeIncludes(kLineDependent, names[i])) {
      out[out.length] = names[i];
    }
  }
  return out;
}

// Globals that some release lines do not have.
const kLineDependent = ['CustomEvent', 'File', 'Navigator', 'navigator', 'Crypto', 'CryptoKey', 'SubtleCrypto'];

// `queueMicrotask` comes from deno_core, with Node's attributes already.
function installWebGlobals(globalThis, profile) {
  exposeLazyInterfaces(globalThis, 'internal/per_context/domexception', ['DOMException']);
  // Node exposes these four as plain values, not lazy accessors.
  const url = require('internal/url');
  exposeInterface(globalThis, 'URL', url.URL);
  exposeInterface(globalThis, 'URLSearchParams', url.URLSearchParams);
  url.installObjectURLMethods();
  const eventTarget = require('internal/event_target');
  exposeInterface(globalThis, 'EventTarget', eventTarget.EventTarget);
  exposeInterface(globalThis, 'Event', eventTarget.Event);
  exposeLazyInterfaces(globalThis, 'internal/abort_controller', ['AbortController', 'AbortSignal']);
  if (filter(profile, ['CustomEvent']).length === 1) {
    exposeInterface(globalThis, 'CustomEvent', eventTarget.CustomEvent);
  }
  exposeLazyInterfaces(globalThis, 'internal/encoding', ['TextEncoder', 'TextDecoder']);
  exposeLazyInterfaces(globalThis, 'internal/blob', ['Blob']);
  // Fetch (Node exposes undici's classes lazily).
  exposeLazyInterfaces(globalThis, 'internal/fetch/headers', ['Headers']);
  exposeLazyInterfaces(globalThis, 'internal/fetch/request', ['Request']);
  exposeLazyInterfaces(globalThis, 'internal/fetch/response', ['Response']);
  exposeLazyInterfaces(globalThis, 'internal/fetch/formdata', ['FormData']);
  exposeLazyInterfaces(globalThis, 'internal/file', filter(profile, ['File']));
  exposeLazyInterfaces(globalThis, 'perf_hooks', [
    'Performance', 'PerformanceEntry', 'PerformanceMark', 'PerformanceMeasure',
    'PerformanceObserver', 'PerformanceObserverEntryList',
  ]);
  defineReplaceableLazyAttribute(globalThis, 'perf_hooks', ['performance']);
  defineLazyProperties(globalThis, 'buffer', ['atob', 'btoa']);
  // https://html.spec.whatwg.org/multipage/web-messaging.html
  exposeLazyInterfaces(globalThis, 'internal/worker/io', ['BroadcastChannel', 'MessageChannel', 'MessagePort']);
  // WHATWG streams (Node's exposed-window-or-worker.js).
  exposeLazyInterfaces(globalThis, 'internal/webstreams/readablestream', [
    'ReadableStream', 'ReadableStreamDefaultReader', 'ReadableStreamBYOBReader',
    'ReadableStreamBYOBRequest', 'ReadableByteStreamController', 'ReadableStreamDefaultController',
  ]);
  exposeLazyInterfaces(globalThis, 'internal/webstreams/transformstream', [
    'TransformStream', 'TransformStreamDefaultController',
  ]);
  exposeLazyInterfaces(globalThis, 'internal/webstreams/writablestream', [
    'WritableStream', 'WritableStreamDefaultWriter', 'WritableStreamDefaultController',
  ]);
  exposeLazyInterfaces(globalThis, 'internal/webstreams/queuingstrategies', [
    'ByteLengthQueuingStrategy', 'CountQueuingStrategy',
  ]);
  exposeLazyInterfaces(globalThis, 'internal/webstreams/encoding', [
    'TextEncoderStream', 'TextDecoderStream',
  ]);
  exposeLazyInterfaces(globalThis, 'internal/webstreams/compression', [
    'CompressionStream', 'DecompressionStream',
  ]);
  defineOperation(globalThis, 'structuredClone', function structuredClone(value, options) {
    if (arguments.length === 0) {
      const { ERR_MISSING_ARGS } = require('internal/errors').codes;
      throw new ERR_MISSING_ARGS('value');
    }
    const transfer = options?.transfer;
    const env = require('internal/process/env');
    let clone;
    try {
      // process.env is an ordinary object in Node (a Proxy here): it clones as one.
      clone = core.structuredClone(env.isEnv(value) ? env.envSnapshot() : value);
    } catch (err) {
      // V8's serializer reports what it cannot clone as a TypeError; the
      // platform's structuredClone throws a DataCloneError DOMException.
      if (err instanceof TypeError && StringPrototypeEndsWith(err.message, 'could not be cloned.')) {
        const { DOMException } = require('internal/per_context/domexception');
        throw new DOMException(err.message, 'DataCloneError');
      }
      throw err;
    }
    // deno_core clones without a transfer list: detach the transferred
    // ArrayBuffers afterwards, which is what a transfer leaves behind.
    if (transfer !== undefined && transfer !== null) {
      for (const item of transfer) {
        if (core.isArrayBuffer(item) && !item.detached) FunctionPrototypeCall(arrayBufferTransfer, item);
      }
    }
    return clone;
  });
  // Lines list the interface; the `navigator` instance comes with it.
  if (filter(profile, ['Navigator']).length === 1 &&
      !ObjectPrototypeHasOwnProperty(globalThis, 'navigator')) {
    // Node exposes the interface itself as a data property (the probe of lines 22-26 shows a function).
    exposeInterface(globalThis, 'Navigator', require('internal/navigator').Navigator);
    defineReplaceableLazyAttribute(globalThis, 'internal/navigator', ['navigator'], false);
  }
  // Web Crypto (Node's setupWebCrypto): lines that list Crypto have the
  // `crypto` global too.
  if (filter(profile, ['Crypto']).length === 1) {
    defineReplaceableLazyAttribute(globalThis, 'internal/crypto/webcrypto', ['crypto'], false,
                                   function cryptoThisCheck() {
                                     if (this !== globalThis && this != null) {
                                       const { ERR_INVALID_THIS } = require('internal/errors').codes;
                                       throw new ERR_INVALID_THIS('nullish or must be the global object');
                                     }
                                   });
    exposeLazyInterfaces(globalThis, 'internal/crypto/webcrypto', ['Crypto', 'CryptoKey', 'SubtleCrypto']);
  }
  installWebSocketGlobals(globalThis, profile);
  installWebStorageGlobals(globalThis, profile);
}

// Web Storage as the line's `web_storage` switch says: behind
// --experimental-webstorage, which warns (22, 24), or on unless
// --no-experimental-webstorage / --no-webstorage (26). Without
// --localstorage-file, Node 26's localStorage is a non-enumerable accessor.
function installWebStorageGlobals(globalThis, profile) {
  const { getOptionValue } = require('internal/options');
  const mode = profile?.switches?.web_storage;
  if (mode === 'flag' ? !getOptionValue('--experimental-webstorage') :
    (mode !== 'default' || getOptionValue('--no-experimental-webstorage') || getOptionValue('--no-webstorage'))) {
    return;
  }
  // Node exposes the interface as a data property.
  exposeInterface(globalThis, 'Storage', require('internal/webstorage').Storage);
  defineReplaceableLazyAttribute(globalThis, 'internal/webstorage', ['localStorage', 'sessionStorage']);
  if (mode === 'default' && !getOptionValue('--localstorage-file')) {
    ObjectDefineProperty(globalThis, 'localStorage', { __proto__: null, enumerable: false });
  }
  const experimental = profile?.experimental ?? [];
  for (let i = 0; i < experimental.length; i++) {
    if (experimental[i].feature === 'webstorage') process.emitWarning(experimental[i].warning, 'ExperimentalWarning');
  }
}

// Node exposes these as data properties (undici's classes and the URLPattern
// binding), each on the lines that list it; --no-experimental-websocket drops
// WebSocket and CloseEvent (Node's setupWebsocket).
function installWebSocketGlobals(globalThis, profile) {
  const listed = (name) => profile?.globals == null || ArrayPrototypeIncludes(profile.globals, name);
  const websocket = require('internal/websocket/websocket');
  if (listed('MessageEvent')) exposeInterface(globalThis, 'MessageEvent', websocket.MessageEvent);
  if (!require('internal/options').getOptionValue('--no-experimental-websocket')) {
    // Lines 20 and 21 have it behind --experimental-websocket.
    if (listed('WebSocket') || require('internal/options').getOptionValue('--experimental-websocket')) {
      exposeInterface(globalThis, 'WebSocket', websocket.WebSocket);
    }
    if (listed('CloseEvent')) exposeInterface(globalThis, 'CloseEvent', websocket.CloseEvent);
  }
  if (listed('URLPattern')) exposeInterface(globalThis, 'URLPattern', require('internal/url_pattern').URLPattern);
}

module.exports = { installWebGlobals };
