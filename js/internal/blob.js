// Adapted from Node.js lib/internal/blob.js (MIT license, Node.js contributors).
// Blob over an in-memory byte copy (Node keeps the bytes in C++; here they are
// a Uint8Array). `stream()` needs the web streams global.
'use strict';

const {
  ArrayBufferIsView,
  ArrayBufferPrototypeSlice,
  MathMax,
  MathMin,
  ObjectDefineProperties,
  PromiseResolve,
  PromiseReject,
  RegExpPrototypeExec,
  StringPrototypeToLowerCase,
  Symbol,
  SymbolIterator,
  SymbolToStringTag,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSlice,
  Uint8Array,
} = primordials;

const core = internalBinding('core');
const {
  codes: {
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_THIS,
    ERR_BUFFER_TOO_LARGE,
  },
} = require('internal/errors');
const { customInspectSymbol: kInspect, kEmptyObject, kEnumerableProperty } = require('internal/util');
const { inspect } = require('internal/util/inspect');
const { validateDictionary } = require('internal/validators');

const kHandle = Symbol('kHandle');
const kType = Symbol('kType');
const kLength = Symbol('kLength');
const kMaxLength = 2 ** 32;

const disallowedTypeCharacters = /[^\u{0020}-\u{007E}]/u;

function isBlob(object) {
  return object?.[kHandle] !== undefined;
}

function partToBytes(part, endings) {
  if (isBlob(part)) return part[kHandle];
  if (core.isAnyArrayBuffer(part)) return new Uint8Array(ArrayBufferPrototypeSlice(part, 0));
  if (ArrayBufferIsView(part)) {
    return TypedArrayPrototypeSlice(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
  }
  let s = `${part}`;
  if (endings === 'native') s = s.replace(/\r?\n/g, '\n');
  return core.encode(s);
}

function concat(chunks, length) {
  const out = new Uint8Array(length);
  let pos = 0;
  for (let i = 0; i < chunks.length; i++) {
    TypedArrayPrototypeSet(out, chunks[i], pos);
    pos += TypedArrayPrototypeGetByteLength(chunks[i]);
  }
  return out;
}

class Blob {
  constructor(sources = [], options) {
    if (sources === null || typeof sources[SymbolIterator] !== 'function' || typeof sources === 'string') {
      throw new ERR_INVALID_ARG_TYPE('sources', 'a sequence', sources);
    }
    validateDictionary(options, 'options');
    let { type = '', endings = 'transparent' } = options ?? kEmptyObject;
    endings = `${endings}`;
    if (endings !== 'transparent' && endings !== 'native') {
      throw new ERR_INVALID_ARG_VALUE('options.endings', endings);
    }
    const chunks = [];
    let length = 0;
    for (const source of sources) {
      const bytes = partToBytes(source, endings);
      length += TypedArrayPrototypeGetByteLength(bytes);
      chunks[chunks.length] = bytes;
    }
    if (length > kMaxLength) throw new ERR_BUFFER_TOO_LARGE(kMaxLength);
    this[kHandle] = concat(chunks, length);
    this[kLength] = length;
    type = `${type}`;
    this[kType] = RegExpPrototypeExec(disallowedTypeCharacters, type) !== null ? '' : StringPrototypeToLowerCase(type);
  }

  [kInspect](depth, options) {
    if (depth < 0) return this;
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `Blob ${inspect({ size: this.size, type: this.type }, opts)}`;
  }

  get type() {
    if (!isBlob(this)) throw new ERR_INVALID_THIS('Blob');
    return this[kType];
  }

  get size() {
    if (!isBlob(this)) throw new ERR_INVALID_THIS('Blob');
    return this[kLength];
  }

  slice(start = 0, end = this[kLength], contentType = '') {
    if (!isBlob(this)) throw new ERR_INVALID_THIS('Blob');
    const len = this[kLength];
    start = start < 0 ? MathMax(len + start, 0) : MathMin(start, len);
    end = end < 0 ? MathMax(len + end, 0) : MathMin(end, len);
    const span = MathMax(end - start, 0);
    const blob = new Blob([], { type: `${contentType}` });
    blob[kHandle] = TypedArrayPrototypeSlice(this[kHandle], start, start + span);
    blob[kLength] = span;
    return blob;
  }

  arrayBuffer() {
    if (!isBlob(this)) return PromiseReject(new ERR_INVALID_THIS('Blob'));
    return PromiseResolve(TypedArrayPrototypeSlice(this[kHandle]).buffer);
  }

  bytes() {
    if (!isBlob(this)) return PromiseReject(new ERR_INVALID_THIS('Blob'));
    return PromiseResolve(TypedArrayPrototypeSlice(this[kHandle]));
  }

  text() {
    if (!isBlob(this)) return PromiseReject(new ERR_INVALID_THIS('Blob'));
    const { decodeUTF8 } = require('internal/bindings/encoding');
    return PromiseResolve(decodeUTF8(this[kHandle], false, false));
  }

  stream() {
    if (!isBlob(this)) throw new ERR_INVALID_THIS('Blob');
    const bytes = TypedArrayPrototypeSlice(this[kHandle]);
    return new globalThis.ReadableStream({
      type: 'bytes',
      start(controller) {
        if (bytes.length > 0) controller.enqueue(bytes);
        controller.close();
      },
    });
  }
}

ObjectDefineProperties(Blob.prototype, {
  size: kEnumerableProperty,
  type: kEnumerableProperty,
  slice: kEnumerableProperty,
  stream: kEnumerableProperty,
  text: kEnumerableProperty,
  arrayBuffer: kEnumerableProperty,
  bytes: kEnumerableProperty,
  [SymbolToStringTag]: { __proto__: null, configurable: true, value: 'Blob' },
});

function createBlob(bytes, length) {
  const blob = new Blob();
  blob[kHandle] = bytes;
  blob[kLength] = length;
  return blob;
}

// Object URLs: `blob:nodedata:<id>` names a stored Blob until revoked.
const objectURLs = new (primordials.SafeMap)();
const binding = {
  storeDataObject(id, handle, size, type) {
    objectURLs.set(id, { handle, size, type });
  },
  revokeObjectURL(url) {
    const prefix = 'blob:nodedata:';
    if (url.startsWith(prefix)) objectURLs.delete(url.slice(prefix.length));
  },
};

function resolveObjectURL(url) {
  url = `${url}`;
  try {
    const parsed = new (require('internal/url').URL)(url);
    const split = parsed.pathname.split(':');
    if (split.length !== 2 || split[0] !== 'nodedata') return;
    const entry = objectURLs.get(split[1]);
    if (entry === undefined) return;
    const blob = createBlob(entry.handle, entry.size);
    blob[kType] = entry.type;
    return blob;
  } catch {
    return undefined;
  }
}


module.exports = {
  Blob,
  createBlob,
  isBlob,
  kHandle,
  resolveObjectURL,
  binding,
};
