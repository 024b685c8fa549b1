// MessageEvent, CloseEvent and ErrorEvent as Node exposes them: adapted from
// undici lib/web/websocket/events.js (MIT license, undici contributors), which
// Node bundles as internal/deps/undici/undici and whose MessageEvent is the
// `MessageEvent` global.
'use strict';

const {
  ObjectDefineProperties,
  ObjectFreeze,
  ObjectIsFrozen,
  String,
  StringPrototypeToWellFormed,
  SymbolIterator,
  SymbolToStringTag,
  TypeError,
} = primordials;

const { Event } = require('internal/event_target');
const { convertToInt } = require('internal/webidl');

// undici's webidl.brandCheck failure (Node gives it ERR_INVALID_THIS).
function illegalInvocation() {
  const err = new TypeError('Illegal invocation');
  err.code = 'ERR_INVALID_THIS';
  return err;
}

function argumentLengthCheck(args, min, ctx) {
  if (args.length < min) {
    throw new TypeError(`${ctx}: ${min} argument${min !== 1 ? 's' : ''} required, but${args.length ? ' only' : ''} ${args.length} found.`);
  }
}

function toUSVString(value) {
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  return StringPrototypeToWellFormed(String(value));
}

function toDOMString(value) {
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  return String(value);
}

// WebIDL dictionary conversion: undefined/null is empty; anything else must be
// an object.
function dictionary(init, ctx) {
  if (init === undefined || init === null) return {};
  if (typeof init !== 'object' && typeof init !== 'function') {
    throw new TypeError(`${ctx}: Expected options to be an object.`);
  }
  return init;
}

function eventInit(init) {
  return { bubbles: !!init.bubbles, cancelable: !!init.cancelable, composed: !!init.composed };
}

const kEnumerable = { __proto__: null, enumerable: true };

/** https://html.spec.whatwg.org/multipage/comms.html#messageevent */
class MessageEvent extends Event {
  #init;

  constructor(type, eventInitDict = {}) {
    argumentLengthCheck(arguments, 1, 'MessageEvent constructor');
    type = toDOMString(type);
    const init = dictionary(eventInitDict, 'MessageEvent constructor');
    const ports = init.ports === undefined ? [] : init.ports;
    if (init.ports !== undefined && (typeof ports !== 'object' || ports === null || !(SymbolIterator in ports))) {
      throw new TypeError('MessageEvent constructor: Expected ports to be a sequence.');
    }
    const converted = {
      data: init.data === undefined ? null : init.data,
      origin: init.origin === undefined ? '' : toUSVString(init.origin),
      lastEventId: init.lastEventId === undefined ? '' : toDOMString(init.lastEventId),
      source: init.source === undefined ? null : init.source,
      ports: [...ports],
    };
    super(type, eventInit(init));
    this.#init = converted;
  }

  get data() {
    if (!(#init in this)) throw illegalInvocation();
    return this.#init.data;
  }

  get origin() {
    if (!(#init in this)) throw illegalInvocation();
    return this.#init.origin;
  }

  get lastEventId() {
    if (!(#init in this)) throw illegalInvocation();
    return this.#init.lastEventId;
  }

  get source() {
    if (!(#init in this)) throw illegalInvocation();
    return this.#init.source;
  }

  get ports() {
    if (!(#init in this)) throw illegalInvocation();
    if (!ObjectIsFrozen(this.#init.ports)) ObjectFreeze(this.#init.ports);
    return this.#init.ports;
  }

  initMessageEvent(type, bubbles = false, cancelable = false, data = null,
                   origin = '', lastEventId = '', source = null, ports = []) {
    if (!(#init in this)) throw illegalInvocation();
    argumentLengthCheck(arguments, 1, 'MessageEvent.initMessageEvent');
    return new MessageEvent(type, { bubbles, cancelable, data, origin, lastEventId, source, ports });
  }
}

/** https://websockets.spec.whatwg.org/#the-closeevent-interface */
class CloseEvent extends Event {
  #init;

  constructor(type, eventInitDict = {}) {
    argumentLengthCheck(arguments, 1, 'CloseEvent constructor');
    type = toDOMString(type);
    const init = dictionary(eventInitDict, 'CloseEvent constructor');
    const converted = {
      wasClean: !!init.wasClean,
      code: init.code === undefined ? 0 : convertToInt('code', init.code, 16, { __proto__: null }),
      reason: init.reason === undefined ? '' : toUSVString(init.reason),
    };
    super(type, eventInit(init));
    this.#init = converted;
  }

  get wasClean() {
    if (!(#init in this)) throw illegalInvocation();
    return this.#init.wasClean;
  }

  get code() {
    if (!(#init in this)) throw illegalInvocation();
    return this.#init.code;
  }

  get reason() {
    if (!(#init in this)) throw illegalInvocation();
    return this.#init.reason;
  }
}

/** https://html.spec.whatwg.org/multipage/webappapis.html#the-errorevent-interface */
class ErrorEvent extends Event {
  #init;

  constructor(type, eventInitDict = undefined) {
    argumentLengthCheck(arguments, 1, 'ErrorEvent constructor');
    type = toDOMString(type);
    const init = dictionary(eventInitDict, 'ErrorEvent constructor');
    const converted = {
      message: init.message === undefined ? '' : toDOMString(init.message),
      filename: init.filename === undefined ? '' : toUSVString(init.filename),
      lineno: init.lineno === undefined ? 0 : convertToInt('lineno', init.lineno, 32, { __proto__: null }),
      colno: init.colno === undefined ? 0 : convertToInt('colno', init.colno, 32, { __proto__: null }),
      error: init.error,
    };
    super(type, eventInit(init));
    this.#init = converted;
  }

  get message() {
    if (!(#init in this)) throw illegalInvocation();
    return this.#init.message;
  }

  get filename() {
    if (!(#init in this)) throw illegalInvocation();
    return this.#init.filename;
  }

  get lineno() {
    if (!(#init in this)) throw illegalInvocation();
    return this.#init.lineno;
  }

  get colno() {
    if (!(#init in this)) throw illegalInvocation();
    return this.#init.colno;
  }

  get error() {
    if (!(#init in this)) throw illegalInvocation();
    return this.#init.error;
  }
}

ObjectDefineProperties(MessageEvent.prototype, {
  [SymbolToStringTag]: { __proto__: null, value: 'MessageEvent', configurable: true },
  data: kEnumerable,
  origin: kEnumerable,
  lastEventId: kEnumerable,
  source: kEnumerable,
  ports: kEnumerable,
  initMessageEvent: kEnumerable,
});

ObjectDefineProperties(CloseEvent.prototype, {
  [SymbolToStringTag]: { __proto__: null, value: 'CloseEvent', configurable: true },
  reason: kEnumerable,
  code: kEnumerable,
  wasClean: kEnumerable,
});

ObjectDefineProperties(ErrorEvent.prototype, {
  [SymbolToStringTag]: { __proto__: null, value: 'ErrorEvent', configurable: true },
  message: kEnumerable,
  filename: kEnumerable,
  lineno: kEnumerable,
  colno: kEnumerable,
  error: kEnumerable,
});

module.exports = {
  MessageEvent,
  CloseEvent,
  ErrorEvent,
  illegalInvocation,
  argumentLengthCheck,
  toUSVString,
};
