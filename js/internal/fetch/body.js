// The Fetch body mixin with the behaviour of undici's lib/web/fetch/body.js
// (MIT license, undici contributors): extracting a body from every BodyInit,
// the ReadableStream view of it, and text/json/arrayBuffer/blob/bytes/formData.
'use strict';

const {
  ArrayBufferIsView,
  ArrayBufferPrototypeSlice,
  ArrayPrototypePush,
  JSONParse,
  MathMin,
  ObjectPrototypeToString,
  PromiseReject,
  SymbolAsyncIterator,
  TypeError,
  TypedArrayPrototypeSet,
  Uint8Array,
} = primordials;

const { isBlob } = require('internal/blob');
const { isAnyArrayBuffer } = require('internal/util/types');
const { isDisturbed, isErrored } = require('internal/streams/utils');
const { isFormData, serializeMultipart, parseMultipart, FormData } = require('internal/fetch/formdata');

let encoder;
function encode(str) {
  encoder ??= new (require('internal/encoding').TextEncoder)();
  return encoder.encode(str);
}

let utf8Decoder;
/** UTF-8 decode with BOM stripping (Encoding's "UTF-8 decode"). */
function utf8DecodeBytes(bytes) {
  utf8Decoder ??= new (require('internal/encoding').TextDecoder)();
  return utf8Decoder.decode(bytes);
}

function RS() { return globalThis.ReadableStream; }
function isReadableStream(value) {
  return require('internal/webstreams/readablestream').isReadableStream(value);
}

function isURLSearchParams(value) {
  return require('internal/url').isURLSearchParams?.(value) ??
    ObjectPrototypeToString(value) === '[object URLSearchParams]';
}

function bytesStream(bytes) {
  return new (RS())({
    type: 'bytes',
    start(controller) {
      // A byte stream transfers what it is given; the source stays usable
      // for redirects and clones.
      if (bytes.byteLength > 0) controller.enqueue(new Uint8Array(bytes));
      controller.close();
    },
  });
}

/**
 * Fetch's "extract a body": returns [{ stream, source, length }, type].
 */
function extractBody(object, keepalive = false) {
  let stream = null;
  let source = null;
  let length = null;
  let type = null;

  if (isReadableStream(object)) {
    stream = object;
  } else if (isBlob(object)) {
    stream = object.stream();
    source = object;
    length = object.size;
    if (object.type) type = object.type;
  } else if (typeof object === 'string') {
    source = encode(object);
    length = source.byteLength;
    type = 'text/plain;charset=UTF-8';
  } else if (isURLSearchParams(object)) {
    source = encode(`${object}`);
    length = source.byteLength;
    type = 'application/x-www-form-urlencoded;charset=UTF-8';
  } else if (isAnyArrayBuffer(object)) {
    source = new Uint8Array(ArrayBufferPrototypeSlice(object));
    length = source.byteLength;
  } else if (ArrayBufferIsView(object)) {
    source = new Uint8Array(object.buffer.slice(object.byteOffset, object.byteOffset + object.byteLength));
    length = source.byteLength;
  } else if (isFormData(object)) {
    const { parts, length: len, boundary } = serializeMultipart(object);
    type = `multipart/form-data; boundary=${boundary}`;
    length = len;
    source = object;
    let i = 0;
    stream = new (RS())({
      async pull(controller) {
        if (i >= parts.length) {
          controller.close();
          controller.byobRequest?.respond(0);
          return;
        }
        const part = parts[i++];
        const bytes = isBlob(part) ? await part.bytes() : part;
        if (bytes.byteLength > 0) controller.enqueue(bytes);
      },
      type: 'bytes',
    });
  } else if (object != null && typeof object[SymbolAsyncIterator] === 'function') {
    if (keepalive) throw new TypeError('keepalive');
    if (isDisturbed(object) || object.locked) {
      throw new TypeError('Response body object should not be disturbed or locked');
    }
    let iterator;
    stream = new (RS())({
      start() {
        iterator = object[SymbolAsyncIterator]();
      },
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done) {
          queueMicrotask(() => {
            controller.close();
            controller.byobRequest?.respond(0);
          });
        } else if (!isErrored(stream)) {
          const buf = typeof value === 'string' ? encode(value) :
            ArrayBufferIsView(value) ? new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)) :
            isAnyArrayBuffer(value) ? new Uint8Array(ArrayBufferPrototypeSlice(value)) : null;
          if (buf === null) {
            throw new TypeError('Received non-Uint8Array chunk');
          }
          if (buf.byteLength) controller.enqueue(buf);
        }
        return controller.desiredSize > 0;
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
      type: 'bytes',
    });
  } else {
    if (typeof object === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
    source = encode(`${object}`);
    length = source.byteLength;
    type = 'text/plain;charset=UTF-8';
  }

  if (stream === null) stream = bytesStream(source);
  return [{ stream, source, length }, type];
}

/** Fetch's "safely extract a body": a ReadableStream must be unlocked. */
function safelyExtractBody(object, keepalive = false) {
  if (isReadableStream(object)) {
    if (object.locked) throw new TypeError('Response body object should not be disturbed or locked');
    if (isDisturbed(object)) throw new TypeError('Response body object should not be disturbed or locked');
  }
  return extractBody(object, keepalive);
}

/** Tees a body (Fetch's "clone a body"). */
function cloneBody(body) {
  const { 0: out1, 1: out2 } = body.stream.tee();
  body.stream = out1;
  return { stream: out2, length: body.length, source: body.source };
}

function bodyUnusable(body) {
  return body != null && (body.stream.locked || isDisturbed(body.stream));
}

/** Reads every chunk of a stream into one Uint8Array. */
async function readAllBytes(stream) {
  const reader = stream.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!ArrayBufferIsView(value) || !(value instanceof Uint8Array)) {
      throw new TypeError('Received non-Uint8Array chunk');
    }
    ArrayPrototypePush(chunks, value);
    length += value.byteLength;
  }
  if (chunks.length === 1 && chunks[0].byteOffset === 0 && chunks[0].byteLength === chunks[0].buffer.byteLength) {
    return chunks[0];
  }
  const out = new Uint8Array(length);
  let pos = 0;
  for (let i = 0; i < chunks.length; i++) {
    TypedArrayPrototypeSet(out, chunks[i], pos);
    pos += chunks[i].byteLength;
  }
  return out;
}

/**
 * Fetch's "consume body": `getState(self)` returns { body, headersList } or
 * throws the brand-check error; `kind` picks the conversion.
 */
async function consumeBody(state, kind, mimeType) {
  if (bodyUnusable(state.body)) {
    throw new TypeError('Body is unusable: Body has already been read');
  }
  if (state.aborted?.()) throw state.abortReason();
  const bytes = state.body == null ? new Uint8Array(0) : await readAllBytes(state.body.stream);
  switch (kind) {
    case 'text': return utf8DecodeBytes(bytes);
    case 'json': return JSONParse(utf8DecodeBytes(bytes));
    case 'arrayBuffer':
      return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ?
        bytes.buffer : ArrayBufferPrototypeSlice(bytes.buffer, bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    case 'bytes': return bytes;
    case 'blob': {
      const { Blob } = require('internal/blob');
      return new Blob([bytes], { type: mimeType === null ? '' : serializeMime(mimeType) });
    }
    case 'formData': return toFormData(bytes, mimeType);
  }
}

function serializeMime(mime) {
  return mime.raw;
}

/** Parses a Content-Type header value into { essence, params, raw } or null. */
function parseMime(value) {
  if (value == null) return null;
  try {
    const { MIMEType } = require('internal/mime');
    const m = new MIMEType(value);
    return { essence: m.essence, params: m.params, raw: `${m}` };
  } catch {
    return null;
  }
}

function toFormData(bytes, mime) {
  if (mime !== null) {
    if (mime.essence === 'multipart/form-data') {
      const boundary = mime.params.get('boundary');
      if (boundary == null) throw new TypeError('Failed to parse body as FormData.');
      return parseMultipart(bytes, boundary);
    }
    if (mime.essence === 'application/x-www-form-urlencoded') {
      const { URLSearchParams } = require('internal/url');
      // Bytes as latin1 code units keep the percent-decoding byte-exact.
      const params = new URLSearchParams(utf8DecodeBytes(bytes));
      const fd = new FormData();
      for (const { 0: name, 1: value } of params) fd.append(name, value);
      return fd;
    }
  }
  throw new TypeError('Content-Type was not one of "multipart/form-data" or "application/x-www-form-urlencoded".');
}

/**
 * Installs text/json/arrayBuffer/blob/bytes/formData on `proto`, each calling
 * getState(this) (which brand-checks) and consuming the body.
 */
function mixinBody(proto, getState) {
  const methods = {
    blob() { return consume(this, 'blob'); },
    arrayBuffer() { return consume(this, 'arrayBuffer'); },
    text() { return consume(this, 'text'); },
    json() { return consume(this, 'json'); },
    formData() { return consume(this, 'formData'); },
    bytes() { return consume(this, 'bytes'); },
  };
  function consume(self, kind) {
    let state;
    try {
      state = getState(self);
    } catch (err) {
      return PromiseReject(err);
    }
    const mime = kind === 'blob' || kind === 'formData' ?
      parseMime(state.headersList.get('content-type', true)) : null;
    return consumeBody(state, kind, mime);
  }
  for (const name of ['blob', 'arrayBuffer', 'text', 'json', 'formData', 'bytes']) {
    primordials.ObjectDefineProperty(proto, name, {
      __proto__: null, value: methods[name], writable: true, enumerable: true, configurable: true,
    });
  }
}

module.exports = {
  extractBody,
  safelyExtractBody,
  cloneBody,
  bodyUnusable,
  readAllBytes,
  mixinBody,
  parseMime,
  utf8DecodeBytes,
  MathMin,
};
