// Adapted from Node.js src/node_buffer.cc (MIT license, Node.js contributors).
// Node's internalBinding('buffer'): the encode/decode, search and compare
// primitives buffer.js builds on. Hot paths call the `op_buffer_*` ops
// (src/ext/buffer); the rest is plain JS over Uint8Array.
'use strict';

const {
  ArrayBuffer,
  Error,
  MathMin,
  RegExpPrototypeExec,
  RegExpPrototypeSymbolReplace,
  StringPrototypeEndsWith,
  StringPrototypeSlice,

  StringPrototypeCharCodeAt,
  TypedArrayPrototypeFill,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSubarray,
  Uint8Array,
} = primordials;

const core = internalBinding('core');
const ops = internalBinding('ops');
const { encodingsMap } = require('internal/util');

// Lazy: internal/errors loads buffer helpers lazily itself.
let errorCodes;
function codes() {
  errorCodes ??= require('internal/errors').codes;
  return errorCodes;
}

// V8's largest typed array (Node 22 and later report the same).
const kMaxLength = 2 ** 53 - 1;
const kStringMaxLength = 2 ** 29 - 24;

// SLICE_START_END of node_buffer.cc.
function sliceArgs(buf, start, end) {
  const len = TypedArrayPrototypeGetByteLength(buf);
  start = start === undefined ? 0 : start;
  end = end === undefined ? len : end;
  if (typeof start !== 'number' || typeof end !== 'number') {
    start = +start || 0;
    end = +end || 0;
  }
  if (start < 0 || end < 0) throw new (codes().ERR_OUT_OF_RANGE)('start', '>= 0', start < 0 ? start : end);
  if (end < start) end = start;
  if (end > len) throw new (codes().ERR_BUFFER_OUT_OF_BOUNDS)();
  return [start, end];
}

function makeSlice(decode) {
  return function(start, end) {
    const range = sliceArgs(this, start, end);
    try {
      return decode(this, range[0], range[1]);
    } catch {
      // The ops fail only when V8 cannot hold the string; Node throws this
      // from C++ as a plain Error with a code.
      const tooLong = new Error(`Cannot create a string longer than 0x${(kStringMaxLength).toString(16)} characters`);
      tooLong.code = 'ERR_STRING_TOO_LONG';
      throw tooLong;
    }
  };
}

// StringWrite of node_buffer.cc: validates, then hands the clamped window to `encode`.
function makeWrite(encode) {
  return function(string, offset, length) {
    if (typeof string !== 'string') {
      throw new (codes().ERR_INVALID_ARG_TYPE)('argument', 'string', string);
    }
    const len = TypedArrayPrototypeGetByteLength(this);
    offset = offset === undefined ? 0 : +offset || 0;
    if (offset > len) throw new (codes().ERR_BUFFER_OUT_OF_BOUNDS)('offset');
    let max = len - offset;
    if (length !== undefined) max = MathMin(max, +length || 0);
    if (max <= 0 || string.length === 0) return 0;
    return encode(this, string, offset, max);
  };
}

function latin1Encode(buf, string, offset, max) {
  const n = MathMin(string.length, max);
  for (let i = 0; i < n; i++) buf[offset + i] = StringPrototypeCharCodeAt(string, i);
  return n;
}

function ucs2Encode(buf, string, offset, max) {
  const n = MathMin(string.length, max >>> 1);
  for (let i = 0; i < n; i++) {
    const c = StringPrototypeCharCodeAt(string, i);
    buf[offset + 2 * i] = c & 0xff;
    buf[offset + 2 * i + 1] = c >>> 8;
  }
  return n * 2;
}

// Decodes pairs of hex digits until the first invalid pair, as Node does.
function hexEncode(buf, string, offset, max) {
  return ops.op_buffer_hex_write(buf, string, offset, max);
}

function base64Encode(buf, string, offset, max) {
  return ops.op_buffer_base64_write(buf, string, offset, max);
}

function utf8Encode(buf, string, offset, max) {
  return ops.op_buffer_utf8_write(buf, string, offset, max);
}

// Encodes `string` as `encoding` (a value of encodingsMap) into a new Uint8Array.
function encodeString(string, encoding) {
  switch (encoding) {
    case encodingsMap.utf8: return core.encode(string);
    case encodingsMap.utf16le: {
      const out = new Uint8Array(string.length * 2);
      ucs2Encode(out, string, 0, out.length);
      return out;
    }
    case encodingsMap.latin1:
    case encodingsMap.ascii: {
      const out = new Uint8Array(string.length);
      latin1Encode(out, string, 0, out.length);
      return out;
    }
    case encodingsMap.hex: {
      const out = new Uint8Array(string.length >>> 1);
      return TypedArrayPrototypeSubarray(out, 0, hexEncode(out, string, 0, out.length));
    }
    case encodingsMap.base64:
    case encodingsMap.base64url: {
      const out = new Uint8Array(((string.length + 3) >>> 2) * 3);
      return TypedArrayPrototypeSubarray(out, 0, ops.op_buffer_base64_write(out, string, 0, out.length));
    }
    default: return core.encode(string);
  }
}

function normalizedEncodingValue(encoding) {
  if (encoding === undefined) return encodingsMap.utf8;
  if (typeof encoding === 'number') return encoding;
  const { normalizeEncoding } = require('internal/util');
  const e = normalizeEncoding(encoding);
  return e === undefined ? encodingsMap.utf8 : encodingsMap[e];
}

// Fill of node_buffer.cc: -1 when the value encodes to nothing, -2 when out of bounds.
function fill(buf, value, start, end, encoding) {
  const len = TypedArrayPrototypeGetByteLength(buf);
  if (start > end || end > len) return -2;
  if (start === end) return undefined;
  let bytes;
  if (typeof value === 'string') {
    bytes = encodeString(value, normalizedEncodingValue(encoding));
  } else if (core.isArrayBufferView(value)) {
    bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  } else {
    TypedArrayPrototypeFill(buf, (value >>> 0) & 255, start, end);
    return undefined;
  }
  const n = TypedArrayPrototypeGetByteLength(bytes);
  if (n === 0) return -1;
  let pos = start;
  const first = MathMin(n, end - pos);
  TypedArrayPrototypeSet(buf, first === n ? bytes : TypedArrayPrototypeSubarray(bytes, 0, first), pos);
  pos += first;
  // Double the filled prefix until the range is full.
  while (pos < end) {
    const chunk = MathMin(pos - start, end - pos);
    buf.copyWithin(pos, start, start + chunk);
    pos += chunk;
  }
  return undefined;
}

function compare(a, b) {
  return ops.op_buffer_compare(a, 0, TypedArrayPrototypeGetByteLength(a),
                               b, 0, TypedArrayPrototypeGetByteLength(b));
}

function compareOffset(source, target, targetStart, sourceStart, targetEnd, sourceEnd) {
  if (sourceStart > TypedArrayPrototypeGetByteLength(source)) {
    throw new (codes().ERR_OUT_OF_RANGE)('sourceStart', `<= ${TypedArrayPrototypeGetByteLength(source)}`, sourceStart);
  }
  if (targetStart > TypedArrayPrototypeGetByteLength(target)) {
    throw new (codes().ERR_OUT_OF_RANGE)('targetStart', `<= ${TypedArrayPrototypeGetByteLength(target)}`, targetStart);
  }
  return ops.op_buffer_compare(source, sourceStart, sourceEnd, target, targetStart, targetEnd);
}

function asBytes(view) {
  if (core.isAnyArrayBuffer(view)) return new Uint8Array(view);
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function indexOfString(buffer, string, byteOffset, encoding, dir) {
  const needle = encodeString(string, encoding);
  return ops.op_buffer_index_of(asBytes(buffer), needle, byteOffset, dir,
                                encoding === encodingsMap.utf16le);
}

function indexOfBuffer(buffer, needle, byteOffset, encoding, dir) {
  return ops.op_buffer_index_of(asBytes(buffer), asBytes(needle), byteOffset, dir,
                                encoding === encodingsMap.utf16le);
}

function indexOfNumber(buffer, number, byteOffset, dir) {
  return ops.op_buffer_index_of_byte(asBytes(buffer), number & 255, byteOffset, dir);
}

function swap(width) {
  return function(buf) {
    const len = TypedArrayPrototypeGetByteLength(buf);
    for (let i = 0; i < len; i += width) {
      for (let a = i, b = i + width - 1; a < b; a++, b--) {
        const t = buf[a];
        buf[a] = buf[b];
        buf[b] = t;
      }
    }
    return buf;
  };
}

// atob of node_buffer.cc (WHATWG forgiving-base64 decode): the decoded latin1
// string, or -2 for an invalid character, -1 for a bad length.
const kBase64Whitespace = /[\t\n\f\r ]/g;
const kBase64Invalid = /[^A-Za-z0-9+/]/;
function atob(input) {
  let s = RegExpPrototypeSymbolReplace(kBase64Whitespace, input, '');
  if (s.length % 4 === 0) {
    if (StringPrototypeEndsWith(s, '==')) s = StringPrototypeSlice(s, 0, -2);
    else if (StringPrototypeEndsWith(s, '=')) s = StringPrototypeSlice(s, 0, -1);
  }
  if (RegExpPrototypeExec(kBase64Invalid, s) !== null) return -2;
  if (s.length % 4 === 1) return -1;
  const out = new Uint8Array(((s.length + 3) >>> 2) * 3);
  const n = ops.op_buffer_base64_write(out, s, 0, out.length);
  return ops.op_buffer_latin1_slice(out, 0, n);
}

function btoa(input) {
  for (let i = 0; i < input.length; i++) {
    if (StringPrototypeCharCodeAt(input, i) > 255) return -1;
  }
  const bytes = new Uint8Array(input.length);
  latin1Encode(bytes, input, 0, bytes.length);
  return ops.op_buffer_base64_slice(bytes, 0, bytes.length, false);
}

// transcode of node_i18n.cc (ICU converters) for the encodings Node supports:
// unrepresentable characters become '?' (U+FFFD for the UTF-16/8 targets).
const kTranscodable = { __proto__: null, ascii: 0x7f, latin1: 0xff, ucs2: -1, utf16le: -1, utf8: -1 };
function transcode(source, fromEncoding, toEncoding) {
  const max = kTranscodable[toEncoding];
  if (kTranscodable[fromEncoding] === undefined || max === undefined) return 1;
  const { Buffer } = require('buffer');
  let string = Buffer.prototype.toString.call(source, fromEncoding === 'ascii' ? 'latin1' : fromEncoding);
  if (max > 0) {
    string = RegExpPrototypeSymbolReplace(max === 0x7f ? /[^\x00-\x7f]/g : /[^\x00-\xff]/g, string, '?');
  }
  return Buffer.from(string, toEncoding === 'ascii' ? 'latin1' : toEncoding);
}

module.exports = {
  transcode,
  icuErrName: (code) => (code === 1 ? 'U_ILLEGAL_ARGUMENT_ERROR' : 'U_ZERO_ERROR'),
  kMaxLength,
  kStringMaxLength,
  byteLengthUtf8: (s) => core.byteLength(s),
  compare,
  compareOffset,
  fill,
  isAscii: (view) => ops.op_buffer_is_ascii(asBytes(view)),
  isUtf8: (view) => ops.op_buffer_is_utf8(asBytes(view)),
  indexOfBuffer,
  indexOfNumber,
  indexOfString,
  swap16: swap(2),
  swap32: swap(4),
  swap64: swap(8),
  atob,
  btoa,
  encodeString,
  asciiSlice: makeSlice((b, s, e) => ops.op_buffer_ascii_slice(b, s, e)),
  latin1Slice: makeSlice((b, s, e) => ops.op_buffer_latin1_slice(b, s, e)),
  ucs2Slice: makeSlice((b, s, e) => ops.op_buffer_ucs2_slice(b, s, e)),
  utf8Slice: makeSlice((b, s, e) => ops.op_buffer_utf8_slice(b, s, e)),
  hexSlice: makeSlice((b, s, e) => ops.op_buffer_hex_slice(b, s, e)),
  base64Slice: makeSlice((b, s, e) => ops.op_buffer_base64_slice(b, s, e, false)),
  base64urlSlice: makeSlice((b, s, e) => ops.op_buffer_base64_slice(b, s, e, true)),
  asciiWrite: makeWrite(latin1Encode),
  latin1Write: makeWrite(latin1Encode),
  ucs2Write: makeWrite(ucs2Encode),
  hexWrite: makeWrite(hexEncode),
  base64Write: makeWrite(base64Encode),
  base64urlWrite: makeWrite(base64Encode),
  utf8Write: makeWrite(utf8Encode),
  createUnsafeArrayBuffer: (size) => new ArrayBuffer(size),
};
