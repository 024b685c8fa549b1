// The WHATWG `FormData` class with the behaviour of undici's
// lib/web/fetch/formdata.js, its multipart/form-data serialization (body.js)
// and parser (formdata-parser.js) (MIT license, undici contributors).
'use strict';

const { isUndici7, stringify, renameClass } = require('internal/fetch/util');

const iterStates = new primordials.SafeWeakMap();

const {
  ArrayPrototypeFilter,
  ArrayPrototypeFindIndex,
  ArrayPrototypePush,
  ArrayPrototypeSplice,
  MathRandom,
  ObjectDefineProperties,
  ObjectGetPrototypeOf,
  ObjectSetPrototypeOf,
  RegExpPrototypeSymbolReplace,
  String,
  StringPrototypeToWellFormed,
  SymbolFor,
  SymbolIterator,
  SymbolToStringTag,
  TypeError,
  Uint8Array,
} = primordials;

const { illegalInvocation, argumentLengthCheck } = require('internal/websocket/events');
const { isBlob } = require('internal/blob');

function toUSVString(value) {
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  return StringPrototypeToWellFormed(String(value));
}

let lazyFile;
function File() {
  lazyFile ??= require('internal/file').File;
  return lazyFile;
}

// https://xhr.spec.whatwg.org/#create-an-entry
function makeEntry(name, value, filename) {
  if (typeof value !== 'string') {
    const F = File();
    if (!(value instanceof F)) {
      value = new F([value], 'blob', { type: value.type });
    }
    if (filename !== undefined) {
      value = new F([value], filename, { type: value.type, lastModified: value.lastModified });
    }
  }
  return { name, value };
}

let getEntries;

class _FormData {
  #entries = [];

  static {
    getEntries = (fd) => fd.#entries;
  }

  constructor(form = undefined) {
    if (form !== undefined) {
      throw new TypeError("Failed to construct 'FormData': parameter 1 is not of type 'HTMLFormElement'.");
    }
  }

  static #is(self) { return self != null && typeof self === 'object' && #entries in self; }

  #set(method, args, replace) {
    const { 0: name0, 1: value0, 2: filename0 } = args;
    argumentLengthCheck(args, 2, `FormData.${method}`);
    if (args.length === 3 && !isBlob(value0)) {
      throw new TypeError(isUndici7() ?
        `FormData.${method}: Expected value ("${stringify(value0)}") to be an instance of Blob.` :
        `Failed to execute '${method}' on 'FormData': parameter 2 is not of type 'Blob'`);
    }
    const name = toUSVString(name0);
    const value = isBlob(value0) ? value0 : toUSVString(value0);
    const filename = args.length === 3 && filename0 !== undefined ? toUSVString(filename0) : undefined;
    const entry = makeEntry(name, value, filename);
    if (!replace) {
      ArrayPrototypePush(this.#entries, entry);
      return;
    }
    const idx = ArrayPrototypeFindIndex(this.#entries, (e) => e.name === name);
    if (idx === -1) {
      ArrayPrototypePush(this.#entries, entry);
    } else {
      this.#entries = [
        ...this.#entries.slice(0, idx), entry,
        ...ArrayPrototypeFilter(this.#entries.slice(idx + 1), (e) => e.name !== name),
      ];
    }
  }

  append(name, value, filename = undefined) {
    if (!_FormData.#is(this)) throw illegalInvocation();
    this.#set('append', arguments, false);
  }

  delete(name) {
    if (!_FormData.#is(this)) throw illegalInvocation();
    argumentLengthCheck(arguments, 1, 'FormData.delete');
    name = toUSVString(name);
    this.#entries = ArrayPrototypeFilter(this.#entries, (e) => e.name !== name);
  }

  get(name) {
    if (!_FormData.#is(this)) throw illegalInvocation();
    argumentLengthCheck(arguments, 1, 'FormData.get');
    name = toUSVString(name);
    const idx = ArrayPrototypeFindIndex(this.#entries, (e) => e.name === name);
    return idx === -1 ? null : this.#entries[idx].value;
  }

  getAll(name) {
    if (!_FormData.#is(this)) throw illegalInvocation();
    argumentLengthCheck(arguments, 1, 'FormData.getAll');
    name = toUSVString(name);
    const out = [];
    for (const e of this.#entries) if (e.name === name) ArrayPrototypePush(out, e.value);
    return out;
  }

  has(name) {
    if (!_FormData.#is(this)) throw illegalInvocation();
    argumentLengthCheck(arguments, 1, 'FormData.has');
    name = toUSVString(name);
    return ArrayPrototypeFindIndex(this.#entries, (e) => e.name === name) !== -1;
  }

  set(name, value, filename = undefined) {
    if (!_FormData.#is(this)) throw illegalInvocation();
    this.#set('set', arguments, true);
  }

  keys() {
    if (!_FormData.#is(this)) throw illegalInvocation();
    return createIterator(this, 'key');
  }

  values() {
    if (!_FormData.#is(this)) throw illegalInvocation();
    return createIterator(this, 'value');
  }

  entries() {
    if (!_FormData.#is(this)) throw illegalInvocation();
    return createIterator(this, 'key+value');
  }

  forEach(callbackfn, thisArg = globalThis) {
    if (!_FormData.#is(this)) throw illegalInvocation();
    argumentLengthCheck(arguments, 1, 'FormData.forEach');
    if (typeof callbackfn !== 'function') {
      throw new TypeError("Failed to execute 'forEach' on 'FormData': parameter 1 is not of type 'Function'.");
    }
    for (const { 0: key, 1: value } of createIterator(this, 'key+value')) {
      callbackfn.call(thisArg, value, key, this);
    }
  }

  [SymbolFor('nodejs.util.inspect.custom')](depth, options) {
    const state = {};
    for (const e of this.#entries) {
      if (state[e.name] === undefined) state[e.name] = e.value;
      else if (Array.isArray(state[e.name])) ArrayPrototypePush(state[e.name], e.value);
      else state[e.name] = [state[e.name], e.value];
    }
    options.depth ??= depth;
    return `FormData ${require('internal/util/inspect').formatWithOptions(options, state)}`;
  }
}
const FormData = _FormData;
renameClass(FormData, 'FormData');

const FormDataIteratorPrototype = ObjectSetPrototypeOf({
  next() {
    if (typeof this !== 'object' || this === null || !iterStates.has(this)) {
      throw new TypeError("'next' called on an object that does not implement interface FormData Iterator.");
    }
    const state = iterStates.get(this);
    const entries = getEntries(state.target);
    if (state.index >= entries.length) return { value: undefined, done: true };
    const e = entries[state.index++];
    let value;
    if (state.kind === 'key') value = e.name;
    else if (state.kind === 'value') value = e.value;
    else value = [e.name, e.value];
    return { value, done: false };
  },
}, ObjectGetPrototypeOf(ObjectGetPrototypeOf([][SymbolIterator]())));
ObjectDefineProperties(FormDataIteratorPrototype, {
  [SymbolToStringTag]: { __proto__: null, value: 'FormData Iterator', configurable: true },
  next: { __proto__: null, enumerable: true, writable: true, configurable: true },
});

function createIterator(target, kind) {
  const it = { __proto__: FormDataIteratorPrototype };
  iterStates.set(it, { target, kind, index: 0 });
  return it;
}

const kEnumerable = { __proto__: null, enumerable: true };
ObjectDefineProperties(FormData.prototype, {
  append: kEnumerable,
  delete: kEnumerable,
  get: kEnumerable,
  getAll: kEnumerable,
  has: kEnumerable,
  set: kEnumerable,
  keys: kEnumerable,
  values: kEnumerable,
  entries: kEnumerable,
  forEach: kEnumerable,
  [SymbolIterator]: { __proto__: null, value: FormData.prototype.entries, writable: true, configurable: true },
  [SymbolToStringTag]: { __proto__: null, value: 'FormData', configurable: true },
});

function isFormData(value) {
  try {
    getEntries(value);
    return true;
  } catch {
    return false;
  }
}

const escape = (str) => RegExpPrototypeSymbolReplace(/["\n\r]/g, str,
                                                     (c) => (c === '\n' ? '%0A' : c === '\r' ? '%0D' : '%22'));
const normalizeLinefeeds = (value) => RegExpPrototypeSymbolReplace(/\r?\n|\r/g, value, '\r\n');

/**
 * Serializes a FormData as multipart/form-data (undici's extractBody): returns
 * { parts (Uint8Array|Blob)[], length, boundary }.
 */
function serializeMultipart(fd) {
  const boundary = `----formdata-undici-0${`${MathFloor(MathRandom() * 1e11)}`.padStart(11, '0')}`;
  const prefix = `--${boundary}\r\nContent-Disposition: form-data`;
  const encoder = new (require('internal/encoding').TextEncoder)();
  const rn = new Uint8Array([13, 10]);
  const parts = [];
  let length = 0;
  for (const { name, value } of getEntries(fd)) {
    if (typeof value === 'string') {
      const chunk = encoder.encode(`${prefix}; name="${escape(normalizeLinefeeds(name))}"\r\n\r\n${normalizeLinefeeds(value)}\r\n`);
      ArrayPrototypePush(parts, chunk);
      length += chunk.byteLength;
    } else {
      const chunk = encoder.encode(`${prefix}; name="${escape(normalizeLinefeeds(name))}"` +
        (value.name ? `; filename="${escape(value.name)}"` : '') + '\r\n' +
        `Content-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`);
      ArrayPrototypePush(parts, chunk, value, rn);
      length += chunk.byteLength + value.size + 2;
    }
  }
  const end = encoder.encode(`--${boundary}--\r\n`);
  ArrayPrototypePush(parts, end);
  length += end.byteLength;
  return { parts, length, boundary };
}

function MathFloor(x) { return primordials.MathFloor(x); }

function indexOf(haystack, needle, from) {
  const n = needle.length;
  outer: for (let i = from; i <= haystack.length - n; i++) {
    for (let j = 0; j < n; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function latin1(bytes, start, end) {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

// Parses a Content-Disposition/Content-Type parameter value (quoted or token).
function headerParam(header, param) {
  const re = new RegExp(`;\\s*${param}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i');
  const m = re.exec(header);
  if (m === null) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/**
 * Parses a multipart/form-data body (undici's multipartFormDataParser) into a
 * FormData; throws undici's TypeErrors on malformed input.
 */
function parseMultipart(bytes, boundary) {
  const { TextEncoder, TextDecoder } = require('internal/encoding');
  const decoder = new TextDecoder();
  const delim = new TextEncoder().encode(`--${boundary}`);
  const fd = new FormData();
  let pos = indexOf(bytes, delim, 0);
  if (pos === -1) throw new TypeError('Failed to parse body as FormData.');
  pos += delim.length;
  for (;;) {
    // "--" after a delimiter ends the body.
    if (bytes[pos] === 0x2d && bytes[pos + 1] === 0x2d) break;
    if (bytes[pos] !== 0x0d || bytes[pos + 1] !== 0x0a) throw new TypeError('Failed to parse body as FormData.');
    pos += 2;
    const headEnd = indexOf(bytes, [13, 10, 13, 10], pos);
    let name; let filename; let contentType = null;
    let bodyStart;
    if (headEnd === -1) throw new TypeError('Failed to parse body as FormData.');
    const head = latin1(bytes, pos, headEnd);
    bodyStart = headEnd + 4;
    for (const line of head.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon === -1) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'content-disposition') {
        if (!/^form-data/i.test(value)) throw new TypeError('Failed to parse body as FormData.');
        name = headerParam(value, 'name');
        filename = headerParam(value, 'filename');
        if (filename !== undefined) filename = decoder.decode(latinBytes(filename));
        if (name !== undefined) name = decoder.decode(latinBytes(name));
      } else if (key === 'content-type') {
        contentType = value;
      }
    }
    if (name === undefined) throw new TypeError('Failed to parse body as FormData.');
    const next = indexOf(bytes, delim, bodyStart);
    if (next === -1) throw new TypeError('Failed to parse body as FormData.');
    // The part's body ends before the CRLF that precedes the delimiter.
    const bodyEnd = next - 2 >= bodyStart && bytes[next - 2] === 13 && bytes[next - 1] === 10 ? next - 2 : next;
    const body = bytes.slice(bodyStart, bodyEnd);
    if (filename !== undefined) {
      const F = File();
      fd.append(name, new F([body], filename, { type: contentType ?? '' }));
    } else {
      fd.append(name, decoder.decode(body));
    }
    pos = next + delim.length;
  }
  return fd;
}

function latinBytes(str) {
  const out = new Uint8Array(str.length);
  for (let i = 0; i < str.length; i++) out[i] = str.charCodeAt(i) & 0xff;
  return out;
}

module.exports = { FormData, isFormData, serializeMultipart, parseMultipart, getEntries };
