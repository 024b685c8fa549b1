// The WHATWG Fetch `Headers` class with the observable behaviour of undici's
// lib/web/fetch/headers.js (MIT license, undici contributors), which Node
// exposes as the `Headers` global: guards, sorted iteration with separate
// set-cookie entries, getSetCookie, undici's TypeError messages.
'use strict';

const { isUndici7, stringify, renameClass } = require('internal/fetch/util');

const iterStates = new primordials.SafeWeakMap();

const {
  ArrayPrototypePush,
  ArrayPrototypeSort,
  ObjectDefineProperties,
  ObjectSetPrototypeOf,
  RegExpPrototypeExec,
  SafeMap,
  String,
  StringPrototypeToLowerCase,
  SymbolIterator,
  SymbolToStringTag,
  TypeError,
} = primordials;

const { illegalInvocation, argumentLengthCheck } = require('internal/websocket/events');


// RFC 9110 token.
const kTokenRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function isValidHeaderName(name) {
  return RegExpPrototypeExec(kTokenRe, name) !== null;
}

// A value may not have NUL, CR or LF (undici's isValidHeaderValue after trimming).
function isValidHeaderValue(value) {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0 || c === 0x0a || c === 0x0d) return false;
  }
  return true;
}

function isHttpWhitespace(c) {
  return c === 0x09 || c === 0x0a || c === 0x0d || c === 0x20;
}

/** Strips leading and trailing HTTP whitespace (Fetch's "normalize"). */
function normalizeValue(value) {
  let i = 0;
  let j = value.length;
  while (j > i && isHttpWhitespace(value.charCodeAt(j - 1))) j--;
  while (j > i && isHttpWhitespace(value.charCodeAt(i))) i++;
  return i === 0 && j === value.length ? value : value.slice(i, j);
}

/** WebIDL ByteString: code units above 0xFF are a TypeError. */
function toByteString(value, prefix, argument) {
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  const x = String(value);
  for (let i = 0; i < x.length; i++) {
    if (x.charCodeAt(i) > 255) {
      throw new TypeError(`Cannot convert argument to a ByteString because the character at index ${i} has a value of ${x.charCodeAt(i)} which is greater than 255.`);
    }
  }
  return x;
}

/**
 * A header list: entries keyed by lower-cased name, each keeping the name as
 * first given and the combined value; set-cookie values are kept apart too.
 */
class HeadersList {
  constructor(init) {
    this.map = new SafeMap();
    this.cookies = null;
    this.sorted = null;
    if (init) {
      for (const { 0: k, 1: v } of init.map) this.map.set(k, { name: v.name, value: v.value });
      this.cookies = init.cookies ? [...init.cookies] : null;
    }
  }

  contains(name, isLowerCase) {
    return this.map.has(isLowerCase ? name : StringPrototypeToLowerCase(name));
  }

  clear() {
    this.map.clear();
    this.cookies = null;
    this.sorted = null;
  }

  append(name, value, isLowerCase) {
    this.sorted = null;
    const lower = isLowerCase ? name : StringPrototypeToLowerCase(name);
    const exists = this.map.get(lower);
    if (exists) {
      const delimiter = lower === 'cookie' ? '; ' : ', ';
      exists.value = `${exists.value}${delimiter}${value}`;
    } else {
      this.map.set(lower, { name, value });
    }
    if (lower === 'set-cookie') {
      (this.cookies ??= []).push(value);
    }
  }

  set(name, value, isLowerCase) {
    this.sorted = null;
    const lower = isLowerCase ? name : StringPrototypeToLowerCase(name);
    if (lower === 'set-cookie') this.cookies = [value];
    this.map.set(lower, { name, value });
  }

  delete(name, isLowerCase) {
    this.sorted = null;
    const lower = isLowerCase ? name : StringPrototypeToLowerCase(name);
    if (lower === 'set-cookie') this.cookies = null;
    this.map.delete(lower);
  }

  get(name, isLowerCase) {
    const entry = this.map.get(isLowerCase ? name : StringPrototypeToLowerCase(name));
    return entry === undefined ? null : entry.value;
  }

  /** [lowercase name, value] pairs in map order. */
  * [SymbolIterator]() {
    for (const { 0: name, 1: { value } } of this.map) yield [name, value];
  }

  /** Name (as first given) -> value, for util.inspect. */
  get entries() {
    const out = {};
    for (const { 1: { name, value } } of this.map) out[name] = value;
    return out;
  }

  /** Fetch's "sort and combine", cached until the list changes. */
  toSortedArray() {
    if (this.sorted !== null) return this.sorted;
    const names = [...this.map.keys()];
    ArrayPrototypeSort(names, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const out = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      if (name === 'set-cookie' && this.cookies !== null) {
        for (let j = 0; j < this.cookies.length; j++) ArrayPrototypePush(out, [name, this.cookies[j]]);
      } else {
        ArrayPrototypePush(out, [name, this.map.get(name).value]);
      }
    }
    this.sorted = out;
    return out;
  }
}

function appendHeader(headers, name, value, prefix) {
  value = normalizeValue(value);
  if (!isValidHeaderName(name)) {
    throw new TypeError(`${prefix}: "${name}" is an invalid header name.`);
  } else if (!isValidHeaderValue(value)) {
    throw new TypeError(`${prefix}: "${value}" is an invalid header value.`);
  }
  if (getGuard(headers) === 'immutable') throw new TypeError('immutable');
  getList(headers).append(name, value, false);
}

function fillHeaders(headers, object) {
  const prefix = 'Headers constructor';
  if (Array.isArray(object) || (typeof object[SymbolIterator] === 'function')) {
    // sequence<sequence<ByteString>>
    let index = 0;
    for (const header of object) {
      if (header === null || (typeof header !== 'object' && typeof header !== 'function') ||
          typeof header[SymbolIterator] !== 'function') {
        throw new TypeError(`${prefix === 'Headers constructor' && !isUndici7() ? 'Headers contructor' : prefix}: init[${index}] (${stringify(header)}) is not iterable.`);
      }
      index++;
      const pair = [];
      for (const x of header) ArrayPrototypePush(pair, toByteString(x));
      if (pair.length !== 2) {
        throw new TypeError(`${prefix}: expected name/value pair to be length 2, found ${pair.length}.`);
      }
      appendHeader(headers, pair[0], pair[1], 'Headers.append');
    }
    return;
  }
  // record<ByteString, ByteString>
  const keys = Reflect.ownKeys(object);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const desc = Reflect.getOwnPropertyDescriptor(object, key);
    if (desc === undefined || !desc.enumerable) continue;
    if (typeof key === 'symbol') continue;
    appendHeader(headers, toByteString(key), toByteString(object[key]), 'Headers.append');
  }
}

let getList, setList, getGuard, setGuard;

class _Headers {
  #list;
  #guard = 'none';

  static {
    getList = (h) => h.#list;
    setList = (h, list) => { h.#list = list; };
    getGuard = (h) => h.#guard;
    setGuard = (h, g) => { h.#guard = g; };
  }

  constructor(init = undefined) {
    this.#list = new HeadersList();
    if (init !== undefined) {
      if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
        throw new TypeError('Headers constructor: Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
      }
      fillHeaders(this, init);
    }
  }

  static #is(self) { return self != null && typeof self === 'object' && #list in self; }

  append(name, value) {
    if (!_Headers.#is(this)) throw illegalInvocation();
    argumentLengthCheck(arguments, 2, 'Headers.append');
    name = toByteString(name);
    value = toByteString(value);
    appendHeader(this, name, value, 'Headers.append');
  }

  delete(name) {
    if (!_Headers.#is(this)) throw illegalInvocation();
    argumentLengthCheck(arguments, 1, 'Headers.delete');
    name = toByteString(name);
    if (!isValidHeaderName(name)) {
      throw new TypeError(`Headers.delete: "${name}" is an invalid header name.`);
    }
    if (this.#guard === 'immutable') throw new TypeError('immutable');
    if (!this.#list.contains(name, false)) return;
    this.#list.delete(name, false);
  }

  get(name) {
    if (!_Headers.#is(this)) throw illegalInvocation();
    argumentLengthCheck(arguments, 1, 'Headers.get');
    name = toByteString(name);
    if (!isValidHeaderName(name)) {
      throw new TypeError(`Headers.get: "${name}" is an invalid header name.`);
    }
    return this.#list.get(name, false);
  }

  has(name) {
    if (!_Headers.#is(this)) throw illegalInvocation();
    argumentLengthCheck(arguments, 1, 'Headers.has');
    name = toByteString(name);
    if (!isValidHeaderName(name)) {
      throw new TypeError(`Headers.has: "${name}" is an invalid header name.`);
    }
    return this.#list.contains(name, false);
  }

  set(name, value) {
    if (!_Headers.#is(this)) throw illegalInvocation();
    argumentLengthCheck(arguments, 2, 'Headers.set');
    name = toByteString(name);
    value = normalizeValue(toByteString(value));
    if (!isValidHeaderName(name)) {
      throw new TypeError(`Headers.set: "${name}" is an invalid header name.`);
    } else if (!isValidHeaderValue(value)) {
      throw new TypeError(`Headers.set: "${value}" is an invalid header value.`);
    }
    if (this.#guard === 'immutable') throw new TypeError('immutable');
    this.#list.set(name, value, false);
  }

  getSetCookie() {
    if (!_Headers.#is(this)) throw illegalInvocation();
    const list = this.#list.cookies;
    return list ? [...list] : [];
  }

  keys() {
    if (!_Headers.#is(this)) throw illegalInvocation();
    return createIterator(this.#list, 'key');
  }

  values() {
    if (!_Headers.#is(this)) throw illegalInvocation();
    return createIterator(this.#list, 'value');
  }

  entries() {
    if (!_Headers.#is(this)) throw illegalInvocation();
    return createIterator(this.#list, 'key+value');
  }

  forEach(callbackfn, thisArg = globalThis) {
    if (!_Headers.#is(this)) throw illegalInvocation();
    argumentLengthCheck(arguments, 1, 'Headers.forEach');
    if (typeof callbackfn !== 'function') {
      throw new TypeError("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.");
    }
    for (const { 0: key, 1: value } of createIterator(this.#list, 'key+value')) {
      callbackfn.call(thisArg, value, key, this);
    }
  }

  [SymbolFor('nodejs.util.inspect.custom')](depth, options) {
    options.depth ??= depth;
    return `Headers ${require('internal/util/inspect').formatWithOptions(options, this.#list.entries)}`;
  }
}
const Headers = _Headers;
renameClass(Headers, 'Headers');

function SymbolFor(name) { return Symbol.for(name); }

// The iterator prototype: `Object [Headers Iterator] {}`, live over the list.
const HeadersIteratorPrototype = ObjectSetPrototypeOf({
  next() {
    if (typeof this !== 'object' || this === null || !iterStates.has(this)) {
      throw new TypeError("'next' called on an object that does not implement interface Headers Iterator.");
    }
    const state = iterStates.get(this);
    const values = state.list.toSortedArray();
    if (state.index >= values.length) return { value: undefined, done: true };
    const pair = values[state.index++];
    let value;
    if (state.kind === 'key') value = pair[0];
    else if (state.kind === 'value') value = pair[1];
    else value = [pair[0], pair[1]];
    return { value, done: false };
  },
}, ObjectGetPrototypeOf(ObjectGetPrototypeOf([][SymbolIterator]())));
ObjectDefineProperties(HeadersIteratorPrototype, {
  [SymbolToStringTag]: { __proto__: null, value: 'Headers Iterator', configurable: true },
  next: { __proto__: null, enumerable: true, writable: true, configurable: true },
});

function ObjectGetPrototypeOf(o) { return primordials.ObjectGetPrototypeOf(o); }

function createIterator(list, kind) {
  const it = { __proto__: HeadersIteratorPrototype };
  iterStates.set(it, { list, kind, index: 0 });
  return it;
}

const kEnumerable = { __proto__: null, enumerable: true };
ObjectDefineProperties(Headers.prototype, {
  append: kEnumerable,
  delete: kEnumerable,
  get: kEnumerable,
  has: kEnumerable,
  set: kEnumerable,
  getSetCookie: kEnumerable,
  keys: kEnumerable,
  values: kEnumerable,
  entries: kEnumerable,
  forEach: kEnumerable,
  [SymbolIterator]: { __proto__: null, value: Headers.prototype.entries, writable: true, configurable: true },
  [SymbolToStringTag]: { __proto__: null, value: 'Headers', configurable: true },
});


/** A Headers with the given guard over `list` (undici's fromInnerHeaders). */
function headersFromList(list, guard) {
  const h = new Headers();
  setList(h, list);
  setGuard(h, guard);
  return h;
}

function getHeadersList(headers) { return getList(headers); }
function getHeadersGuard(headers) { return getGuard(headers); }
function setHeadersGuard(headers, guard) { setGuard(headers, guard); }

module.exports = {
  Headers,
  HeadersList,
  fillHeaders,
  headersFromList,
  getHeadersList,
  getHeadersGuard,
  setHeadersGuard,
  isValidHeaderName,
  isValidHeaderValue,
  normalizeValue,
};
