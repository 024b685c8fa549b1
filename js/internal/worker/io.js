// Adapted from Node.js lib/internal/worker/io.js and
// lib/internal/per_context/messageport.js (MIT license, Node.js contributors).
// MessagePort, MessageChannel, BroadcastChannel and receiveMessageOnPort.
// Node's MessagePort is a C++ handle; here it is a NodeEventTarget over a
// port of src/ext/worker (a process-wide registry, so a port id is valid on
// every thread). Messages are V8-serialized (core.serialize); each arrives
// through an async op, so it is delivered as its own macrotask and keeps the
// event loop alive only while the port is started and ref'ed.
'use strict';

const {
  ArrayPrototypeIncludes,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  ObjectAssign,
  ObjectCreate,
  ObjectDefineProperties,
  ObjectDefineProperty,
  ObjectSetPrototypeOf,
  PromisePrototypeThen,
  ReflectApply,
  SafeWeakSet,
  StringPrototypeEndsWith,
  Symbol,
  SymbolFor,
  SymbolIterator,
  WeakSetPrototypeAdd,
  WeakSetPrototypeHas,
} = primordials;

const {
  Event,
  EventTarget,
  NodeEventTarget,
  defineEventHandler,
  kCreateEvent,
  kNewListener,
  kRemoveListener,
} = require('internal/event_target');
const {
  codes: {
    ERR_CONSTRUCT_CALL_INVALID,
    ERR_CONSTRUCT_CALL_REQUIRED,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_THIS,
    ERR_MISSING_ARGS,
  },
} = require('internal/errors');
const { inspect } = require('internal/util/inspect');

const core = internalBinding('core');
const ops = internalBinding('ops');

const kHybridDispatch = SymbolFor('nodejs.internal.kHybridDispatch');
// deno_core's serializer treats objects that have this key as host objects:
// a port is written as its index in the transferred ports; a function value
// is called instead (markAsUncloneable makes it throw).
const kHostObject = SymbolFor('Deno.core.hostObject');

const kId = Symbol('kId');
const kGeneration = Symbol('kGeneration');
const kReceiving = Symbol('kReceiving');
const kRefed = Symbol('kRefed');
const kPending = Symbol('kPending');
const kState = Symbol('kState'); // 'open' | 'closed' | 'detached'
const kCurrentlyReceivingPorts = Symbol('kCurrentlyReceivingPorts');
const kToken = Symbol('kToken');
const kOnMessageRaw = Symbol('kOnMessageRaw');
const kName = Symbol('kName');
const kHandle = Symbol('kHandle');
const kOnMessage = Symbol('kOnMessage');
const kOnMessageError = Symbol('kOnMessageError');
const kData = Symbol('kData');
const kOrigin = Symbol('kOrigin');
const kLastEventId = Symbol('kLastEventId');
const kSource = Symbol('kSource');
const kPorts = Symbol('kPorts');

const untransferable = new SafeWeakSet();

let DOMException;
function dataCloneError(message) {
  DOMException ??= require('internal/per_context/domexception').DOMException;
  return new DOMException(message, 'DataCloneError');
}

const livePorts = new SafeWeakSet();

function isMessagePort(value) {
  return value !== null && typeof value === 'object' && WeakSetPrototypeHas(livePorts, value);
}

function validateMessagePort(port, name) {
  if (!isMessagePort(port)) throw new ERR_INVALID_ARG_TYPE(name, 'MessagePort', port);
}

class MessageEvent extends Event {
  constructor(type, {
    data = null,
    origin = '',
    lastEventId = '',
    source = null,
    ports = [],
  } = {}) {
    super(type);
    this[kData] = data;
    this[kOrigin] = `${origin}`;
    this[kLastEventId] = `${lastEventId}`;
    this[kSource] = source;
    this[kPorts] = [...ports];
    if (this[kSource] !== null) validateMessagePort(this[kSource], 'init.source');
    for (let i = 0; i < this[kPorts].length; i++) validateMessagePort(this[kPorts][i], `init.ports[${i}]`);
  }
}

ObjectDefineProperties(MessageEvent.prototype, {
  data: { __proto__: null, get() { return this[kData]; }, enumerable: true, configurable: true },
  origin: { __proto__: null, get() { return this[kOrigin]; }, enumerable: true, configurable: true },
  lastEventId: { __proto__: null, get() { return this[kLastEventId]; }, enumerable: true, configurable: true },
  source: { __proto__: null, get() { return this[kSource]; }, enumerable: true, configurable: true },
  ports: { __proto__: null, get() { return this[kPorts]; }, enumerable: true, configurable: true },
});

// The ports' class; the public MessagePort (below) shares its prototype but
// cannot be called or constructed, as Node's.
class MessagePortImpl extends NodeEventTarget {
  constructor(token, id) {
    if (token !== kToken) throw new ERR_CONSTRUCT_CALL_INVALID();
    super();
    this[kId] = id;
    this[kGeneration] = 0;
    this[kReceiving] = false;
    this[kRefed] = true;
    this[kPending] = undefined;
    this[kState] = 'open';
    WeakSetPrototypeAdd(livePorts, this);
    setupPortReferencing(this, this, 'message');
    arm(this);
  }

  postMessage(message, transfer) {
    checkThis(this);
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('message');
    const { bytes, buffers, ports } = serialize(message, transfer, this);
    if (this[kState] !== 'open') return;
    ops.op_message_port_post(this[kId], bytes, buffers, portIds(ports));
  }

  start() {
    checkThis(this);
    if (this[kState] !== 'open' || this[kReceiving]) return;
    this[kReceiving] = true;
    rearm(this);
  }

  close(cb) {
    checkThis(this);
    if (typeof cb === 'function') this.once('close', cb);
    if (this[kState] !== 'open') return;
    closePort(this);
  }

  ref() {
    checkThis(this);
    this[kRefed] = true;
    updateRef(this);
    return this;
  }

  unref() {
    checkThis(this);
    this[kRefed] = false;
    updateRef(this);
    return this;
  }

  hasRef() {
    checkThis(this);
    if (this[kState] !== 'open') return false;
    return this[kRefed] && this[kReceiving];
  }

  [kCreateEvent](data, type) {
    if (type !== 'message' && type !== 'messageerror') {
      return ReflectApply(EventTarget.prototype[kCreateEvent], this, arguments);
    }
    return new MessageEvent(type, { data, ports: this[kCurrentlyReceivingPorts] ?? [] });
  }

  [inspect.custom](depth, options) {
    if (!isMessagePort(this)) return this;
    const ref = this[kState] === 'open' ? this.hasRef() : undefined;
    return ObjectAssign(ObjectCreate(MessagePort.prototype),
                        ref === undefined ? { active: false } : { active: true, refed: ref },
                        this);
  }
}

function MessagePort() {
  throw new ERR_CONSTRUCT_CALL_INVALID();
}
ObjectSetPrototypeOf(MessagePort, NodeEventTarget);
MessagePort.prototype = MessagePortImpl.prototype;
ObjectDefineProperty(MessagePortImpl.prototype, 'constructor', {
  __proto__: null, value: MessagePort, writable: true, enumerable: false, configurable: true,
});

// Transferred ports are written as host objects (see kHostObject).
ObjectDefineProperty(MessagePort.prototype, kHostObject, {
  __proto__: null, value: true, writable: false, enumerable: false, configurable: false,
});

defineEventHandler(MessagePort.prototype, 'message');
defineEventHandler(MessagePort.prototype, 'messageerror');

function checkThis(port) {
  if (!isMessagePort(port)) throw new ERR_INVALID_THIS('MessagePort');
}

function createPort(id) {
  return new MessagePortImpl(kToken, id);
}

// The port's one pending receive: messages while started, else only its close.
function arm(port) {
  const generation = port[kGeneration];
  const receiving = port[kReceiving];
  const promise = ops.op_message_port_recv(port[kId], generation, receiving);
  port[kPending] = promise;
  if (!(receiving && port[kRefed])) core.unrefOpPromise(promise);
  else markActivity();
  PromisePrototypeThen(promise, (r) => onReceived(port, generation, r));
}

function rearm(port) {
  port[kGeneration] = ops.op_message_port_stop(port[kId]);
  arm(port);
}

function updateRef(port) {
  const promise = port[kPending];
  if (promise === undefined || port[kState] !== 'open') return;
  if (port[kReceiving] && port[kRefed]) {
    core.refOpPromise(promise);
    markActivity();
  } else {
    core.unrefOpPromise(promise);
  }
}

// Tells the 'beforeExit' check (internal/bootstrap/main) that the loop has
// work again.
function markActivity() {
  require('internal/timers').activity.count++;
}

function onReceived(port, generation, r) {
  if (generation !== port[kGeneration] || port[kState] !== 'open') return;
  if (r.kind === 1) {
    port[kState] = 'closed';
    port[kPending] = undefined;
    emitClose(port);
    return;
  }
  if (r.kind === 0) {
    // Next receive first: a listener may stop or close the port.
    arm(port);
    deliver(port, r);
  }
}

function deliver(port, r) {
  const ports = ArrayPrototypeMap(r.ports, createPort);
  let value;
  try {
    value = core.deserialize(r.data, { hostObjects: ports, transferredArrayBuffers: r.buffers });
  } catch (err) {
    emitMessage(port, err, ports, 'messageerror');
    return;
  }
  emitMessage(port, value, ports, 'message');
}

function emitMessage(port, data, ports, type) {
  port[kCurrentlyReceivingPorts] = ports;
  try {
    const raw = port[kOnMessageRaw];
    if (raw !== undefined) {
      raw(data, type);
      return;
    }
    port[kHybridDispatch](data, type, undefined);
  } finally {
    port[kCurrentlyReceivingPorts] = undefined;
  }
}

function emitClose(port) {
  port[kHybridDispatch](undefined, 'close', undefined);
}

function closePort(port) {
  // Messages already queued on a receiving port are still emitted, before 'close'.
  const queued = [];
  if (port[kReceiving]) {
    for (;;) {
      const r = ops.op_message_port_try_recv(port[kId]);
      if (r.kind !== 0) break;
      ArrayPrototypePush(queued, r);
    }
  }
  port[kState] = 'closed';
  port[kPending] = undefined;
  ops.op_message_port_close(port[kId]);
  // As after Node's uv_close: 'close' comes on a later turn.
  require('timers').setImmediate(() => {
    for (let i = 0; i < queued.length; i++) deliver(port, queued[i]);
    emitClose(port);
  });
}

function portIds(ports) {
  const ids = [];
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i];
    ArrayPrototypePush(ids, p[kId]);
    // The port lives on in the receiving thread: this object is done.
    p[kState] = 'detached';
    p[kPending] = undefined;
    p[kGeneration] = ops.op_message_port_stop(p[kId]);
  }
  return ids;
}

function toTransferList(transfer) {
  if (transfer === undefined || transfer === null) return [];
  if (typeof transfer === 'object' && !(SymbolIterator in transfer)) {
    const list = transfer.transfer;
    if (list === undefined) return [];
    return iterate(list, 'Optional options.transfer argument must be an iterable');
  }
  return iterate(transfer, 'Optional transferList argument must be an iterable');
}

function iterate(list, message) {
  if (list === null || typeof list !== 'object' || !(SymbolIterator in list)) throw argTypeError(message);
  try {
    return [...list];
  } catch (err) {
    if (err instanceof TypeError) throw argTypeError(message);
    throw err;
  }
}

// Node's C++ layer throws these: plain TypeErrors that carry a code.
function argTypeError(message) {
  // eslint-disable-next-line no-restricted-syntax
  const err = new TypeError(message);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

function onCloneError(message) {
  if (message === 'Unsupported object type') {
    throw dataCloneError('Object that needs transfer was found in message but not listed in transferList');
  }
  throw dataCloneError(message);
}

/**
 * V8-serializes `message` with the transfer list of `postMessage`.
 * `source` is the posting port (null for BroadcastChannel and structuredClone).
 */
function serialize(message, transfer, source) {
  const list = toTransferList(transfer);
  const ports = [];
  const buffers = [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (isMessagePort(item)) {
      if (item === source) throw dataCloneError('Transfer list contains source port');
      if (ArrayPrototypeIncludes(ports, item)) throw dataCloneError('Transfer list contains duplicate MessagePort');
      if (item[kState] !== 'open') throw dataCloneError('MessagePort in transfer list is already detached');
      ArrayPrototypePush(ports, item);
    } else if (core.isArrayBuffer(item)) {
      if (ArrayPrototypeIncludes(buffers, item)) throw dataCloneError('Transfer list contains duplicate ArrayBuffer');
      if (WeakSetPrototypeHas(untransferable, item)) throw dataCloneError('An ArrayBuffer is marked as untransferable');
      if (item.detached) throw dataCloneError('An ArrayBuffer is detached and could not be cloned.');
      ArrayPrototypePush(buffers, item);
    } else if (item !== null && typeof item === 'object' && WeakSetPrototypeHas(untransferable, item)) {
      throw dataCloneError('Cannot transfer object of unsupported type.');
    } else {
      throw dataCloneError('Found invalid value in transferList.');
    }
  }
  const ids = [...buffers];
  let bytes;
  try {
    bytes = core.serialize(message, { hostObjects: ports, transferredArrayBuffers: ids }, onCloneError);
  } catch (err) {
    // V8's own clone errors (`... could not be cloned.`) are DataCloneErrors.
    if (err instanceof TypeError && StringPrototypeEndsWith(err.message, 'could not be cloned.')) {
      throw dataCloneError(err.message);
    }
    throw err;
  }
  return { bytes, buffers: ids, ports };
}

/** The value a message carries, cloned in this thread (BroadcastChannel echo, tests). */
function deserialize(bytes, buffers, ports) {
  return core.deserialize(bytes, { hostObjects: ports, transferredArrayBuffers: buffers });
}

// Node's setupPortReferencing: a port with 'message' listeners is started and
// ref'ed; removing the last one stops and unrefs it.
function setupPortReferencing(port, eventEmitter, eventName) {
  port.unref();
  eventEmitter.on('newListener', function(name) {
    if (name === eventName) newListener(eventEmitter.listenerCount(name));
  });
  eventEmitter.on('removeListener', function(name) {
    if (name === eventName) removeListener(eventEmitter.listenerCount(name));
  });
  const origNewListener = eventEmitter[kNewListener];
  ObjectDefineProperty(eventEmitter, kNewListener, {
    __proto__: null, writable: true, configurable: true, enumerable: false,
    value: function(size, type, ...args) {
      if (type === eventName) newListener(size - 1);
      return ReflectApply(origNewListener, this, arguments);
    },
  });
  const origRemoveListener = eventEmitter[kRemoveListener];
  ObjectDefineProperty(eventEmitter, kRemoveListener, {
    __proto__: null, writable: true, configurable: true, enumerable: false,
    value: function(size, type, ...args) {
      if (type === eventName) removeListener(size);
      return ReflectApply(origRemoveListener, this, arguments);
    },
  });

  function newListener(size) {
    if (size === 0) {
      port.ref();
      port.start();
    }
  }

  function removeListener(size) {
    if (size === 0) {
      stopMessagePort(port);
      port.unref();
    }
  }
}

function stopMessagePort(port) {
  if (!isMessagePort(port) || port[kState] !== 'open' || !port[kReceiving]) return;
  port[kReceiving] = false;
  rearm(port);
}

/** Delivers every queued message of `port` now (a worker's end). */
function drainMessagePort(port) {
  if (!isMessagePort(port) || port[kState] !== 'open') return;
  for (;;) {
    const r = ops.op_message_port_try_recv(port[kId]);
    if (r.kind !== 0) return;
    deliver(port, r);
    if (port[kState] !== 'open') return;
  }
}

function MessageChannel() {
  if (new.target === undefined) throw new ERR_CONSTRUCT_CALL_REQUIRED('MessageChannel');
  const { 0: a, 1: b } = ops.op_message_channel();
  this.port1 = createPort(a);
  this.port2 = createPort(b);
}

function receiveMessageOnPort(port) {
  // A BroadcastChannel's messages come through its port.
  if (isBroadcastChannel(port) && port[kHandle] !== undefined) port = port[kHandle];
  if (!isMessagePort(port)) throw argTypeError('The "port" argument must be a MessagePort instance');
  if (port[kState] !== 'open') return undefined;
  const r = ops.op_message_port_try_recv(port[kId]);
  if (r.kind !== 0) return undefined;
  const ports = ArrayPrototypeMap(r.ports, createPort);
  return { message: deserialize(r.data, r.buffers, ports) };
}

function moveMessagePortToContext() {
  const { notImplemented } = require('internal/not_implemented');
  return notImplemented('worker_threads.moveMessagePortToContext')();
}

function markAsUntransferable(obj) {
  if ((typeof obj !== 'object' && typeof obj !== 'function') || obj === null) return;
  WeakSetPrototypeAdd(untransferable, obj);
}

function isMarkedAsUntransferable(obj) {
  if (obj == null) return false;
  return WeakSetPrototypeHas(untransferable, obj);
}

function throwUncloneable() {
  throw dataCloneError('Cannot clone object of unsupported type.');
}

function markAsUncloneable(obj) {
  if ((typeof obj !== 'object' && typeof obj !== 'function') || obj === null) return;
  ObjectDefineProperty(obj, kHostObject, {
    __proto__: null, value: throwUncloneable, writable: false, enumerable: false, configurable: true,
  });
}

// A BroadcastChannel subscribes a port of src/ext/worker to a name; a post
// reaches the channel's other ports in every thread.
function onMessageEvent(type, data) {
  this.dispatchEvent(new MessageEvent(type, { data }));
}

class BroadcastChannel extends EventTarget {
  constructor(name) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('name');
    super();
    this[kName] = `${name}`;
    const id = ops.op_broadcast_open(this[kName]);
    const handle = createPort(id);
    this[kHandle] = handle;
    handle[kOnMessageRaw] = (data, type) => {
      if (type === 'message') this[kOnMessage]?.(data);
      else this[kOnMessageError]?.(data);
    };
    this[kOnMessage] = onMessageEvent.bind(this, 'message');
    this[kOnMessageError] = onMessageEvent.bind(this, 'messageerror');
    handle.start();
    handle.ref();
  }

  [inspect.custom](depth, options) {
    if (!isBroadcastChannel(this)) throw new ERR_INVALID_THIS('BroadcastChannel');
    if (depth < 0) return 'BroadcastChannel';
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `BroadcastChannel ${inspect({ name: this[kName], active: this[kHandle] !== undefined }, opts)}`;
  }

  get name() {
    if (!isBroadcastChannel(this)) throw new ERR_INVALID_THIS('BroadcastChannel');
    return this[kName];
  }

  close() {
    if (!isBroadcastChannel(this)) throw new ERR_INVALID_THIS('BroadcastChannel');
    if (this[kHandle] === undefined) return;
    this[kOnMessage] = undefined;
    this[kOnMessageError] = undefined;
    const handle = this[kHandle];
    this[kHandle] = undefined;
    handle[kState] = 'closed';
    ops.op_message_port_close(handle[kId]);
  }

  postMessage(message) {
    if (!isBroadcastChannel(this)) throw new ERR_INVALID_THIS('BroadcastChannel');
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('message');
    if (this[kHandle] === undefined) {
      DOMException ??= require('internal/per_context/domexception').DOMException;
      throw new DOMException('BroadcastChannel is closed.');
    }
    const { bytes } = serialize(message, undefined, null);
    ops.op_broadcast_post(this[kHandle][kId], bytes);
  }

  ref() {
    if (!isBroadcastChannel(this)) throw new ERR_INVALID_THIS('BroadcastChannel');
    this[kHandle]?.ref();
    return this;
  }

  unref() {
    if (!isBroadcastChannel(this)) throw new ERR_INVALID_THIS('BroadcastChannel');
    this[kHandle]?.unref();
    return this;
  }
}

function isBroadcastChannel(value) {
  return value !== null && typeof value === 'object' && kName in value && kHandle in value;
}

defineEventHandler(BroadcastChannel.prototype, 'message');
defineEventHandler(BroadcastChannel.prototype, 'messageerror');

module.exports = {
  BroadcastChannel,
  MessageChannel,
  MessageEvent,
  MessagePort,
  createPort,
  deserialize,
  drainMessagePort,
  isMessagePort,
  isMarkedAsUntransferable,
  kId,
  markActivity,
  markAsUncloneable,
  markAsUntransferable,
  moveMessagePortToContext,
  receiveMessageOnPort,
  serialize,
  setupPortReferencing,
  stopMessagePort,
};
