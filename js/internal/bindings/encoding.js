// Adapted from Node.js src/encoding_binding.cc and src/node_i18n.cc (MIT
// license, Node.js contributors). Node's internalBinding('encoding_binding')
// and the converter half of internalBinding('icu'), for the WHATWG encodings
// utf-8, utf-16le, utf-16be, windows-1252 (which the "latin1" and "ascii"
// labels map to), the other legacy single-byte encodings, and through ICU
// the legacy multi-byte ones.
'use strict';

const {
  StringFromCharCodeApply,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSubarray,
  Uint16Array,
  Uint32Array,
  Uint8Array,
} = primordials;

const core = internalBinding('core');
const ops = internalBinding('ops');

const CONVERTER_FLAGS_FLUSH = 0x1;
const CONVERTER_FLAGS_FATAL = 0x2;
const CONVERTER_FLAGS_IGNORE_BOM = 0x4;

const encodeIntoResults = new Uint32Array(2);

function encodeInto(source, dest) {
  ops.op_buffer_encode_into(source, dest, encodeIntoResults);
}

function toBytes(input) {
  // A detached buffer (or a view of one) reads as empty.
  if (core.isAnyArrayBuffer(input)) return input.byteLength === 0 ? new Uint8Array(0) : new Uint8Array(input);
  if (core.isArrayBufferView(input)) {
    if (input.byteLength === 0) return new Uint8Array(0);
    return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  }
  const { ERR_INVALID_ARG_TYPE } = require('internal/errors').codes;
  throw new ERR_INVALID_ARG_TYPE('input', ['ArrayBuffer', 'ArrayBufferView'], input);
}

function invalidData(encoding) {
  const { ERR_ENCODING_INVALID_ENCODED_DATA } = require('internal/errors').codes;
  return new ERR_ENCODING_INVALID_ENCODED_DATA(encoding, undefined);
}

// How many bytes at the end of `bytes` start a UTF-8 sequence the chunk does
// not complete.
function incompleteUtf8Tail(bytes) {
  const len = bytes.length;
  for (let back = 1; back <= 3 && back <= len; back++) {
    const b = bytes[len - back];
    if ((b & 0xc0) !== 0x80) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      return need > back ? back : 0;
    }
  }
  return 0;
}

function decodeUtf8Bytes(bytes, fatal, encoding) {
  if (fatal && !ops.op_buffer_is_utf8(bytes)) throw invalidData(encoding);
  return ops.op_buffer_utf8_slice(bytes, 0, bytes.length);
}

// windows-1252 code points of bytes 0x80-0x9F (the rest match latin1).
const kWindows1252 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021,
  0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes) {
  const out = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    out[i] = b >= 0x80 && b < 0xa0 ? kWindows1252[b - 0x80] : b;
  }
  return codeUnitsToString(out);
}

// A legacy single-byte encoding: ASCII as is, 0x80-0xFF through the index;
// an unmapped byte is U+FFFD, or an error when fatal.
function decodeSingleByte(bytes, table, fatal, encoding) {
  const out = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x80) {
      out[i] = b;
      continue;
    }
    const c = table[b - 0x80];
    if (c === 0xfffd && fatal) throw invalidData(encoding);
    out[i] = c;
  }
  return codeUnitsToString(out);
}

function codeUnitsToString(units) {
  let s = '';
  for (let i = 0; i < units.length; i += 8192) {
    s += StringFromCharCodeApply(TypedArrayPrototypeSubarray(units, i, i + 8192));
  }
  return s;
}

// UTF-16 code units to a string, lone surrogates replaced (or fatal).
function decodeUtf16Units(units, fatal, encoding) {
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = units[i + 1];
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    } else if (u < 0xdc00 || u > 0xdfff) {
      continue;
    }
    if (fatal) throw invalidData(encoding);
    units[i] = 0xfffd;
  }
  return codeUnitsToString(units);
}

class Converter {
  constructor(encoding, flags, table = undefined) {
    this.encoding = encoding;
    this.flags = flags;
    this.pending = new Uint8Array(0);
    this.bomChecked = false;
    // The index of a legacy single-byte encoding (no BOM handling there).
    this.table = table;
  }

  decode(input, flags, encoding) {
    let bytes = toBytes(input);
    if (this.pending.length > 0) {
      const joined = new Uint8Array(this.pending.length + bytes.length);
      TypedArrayPrototypeSet(joined, this.pending, 0);
      TypedArrayPrototypeSet(joined, bytes, this.pending.length);
      bytes = joined;
    }
    const flush = (flags & CONVERTER_FLAGS_FLUSH) !== 0;
    const fatal = (this.flags & CONVERTER_FLAGS_FATAL) !== 0;
    let keep = 0;
    let result;
    switch (this.encoding) {
      case 'utf-8': {
        keep = incompleteUtf8Tail(bytes);
        if (flush && keep > 0) {
          if (fatal) {
            this.reset();
            throw invalidData(encoding);
          }
          keep = 0;
        }
        result = decodeUtf8Bytes(TypedArrayPrototypeSubarray(bytes, 0, bytes.length - keep), fatal, encoding);
        break;
      }
      case 'utf-16le':
      case 'utf-16be': {
        const be = this.encoding === 'utf-16be';
        keep = bytes.length & 1;
        let n = (bytes.length - keep) >>> 1;
        // Hold back a high surrogate whose pair may come in the next chunk.
        if (!flush && n > 0) {
          const i = (n - 1) * 2;
          const last = be ? (bytes[i] << 8) | bytes[i + 1] : bytes[i] | (bytes[i + 1] << 8);
          if (last >= 0xd800 && last <= 0xdbff) {
            n--;
            keep += 2;
          }
        }
        if (flush && keep > 0) {
          if (fatal) {
            this.reset();
            throw invalidData(encoding);
          }
        }
        const units = new Uint16Array(n + (flush && keep > 0 ? 1 : 0));
        for (let i = 0; i < n; i++) {
          units[i] = be ? (bytes[2 * i] << 8) | bytes[2 * i + 1] : bytes[2 * i] | (bytes[2 * i + 1] << 8);
        }
        if (flush && keep > 0) {
          units[n] = 0xfffd;
          keep = 0;
        }
        result = decodeUtf16Units(units, fatal, encoding);
        break;
      }
      case 'windows-1252':
        result = decodeWindows1252(bytes);
        break;
      default:
        result = decodeSingleByte(bytes, this.table, fatal, encoding);
    }
    this.pending = keep > 0 ? TypedArrayPrototypeSubarray(bytes, bytes.length - keep) : new Uint8Array(0);
    if (!this.bomChecked && result.length > 0 && this.table === undefined) {
      this.bomChecked = true;
      if ((this.flags & CONVERTER_FLAGS_IGNORE_BOM) === 0 &&
          StringPrototypeCharCodeAt(result, 0) === 0xfeff) {
        result = StringPrototypeSlice(result, 1);
      }
    }
    if (flush) this.reset();
    return result;
  }

  reset() {
    this.pending = new Uint8Array(0);
    this.bomChecked = false;
  }
}

const kSupported = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

function getConverter(encoding, flags) {
  for (let i = 0; i < kSupported.length; i++) {
    if (kSupported[i] === encoding) return new Converter(encoding, flags);
  }
  const table = require('internal/encoding/single_byte').singleByteTable(encoding);
  if (table !== undefined) return new Converter(encoding, flags, table);
  // The legacy multi-byte encodings go to ICU, as in Node (src/ext/util/icu.rs).
  if (ops.op_util_icu_has_converter(encoding)) return new IcuConverter(encoding, flags);
  return undefined;
}

class IcuConverter {
  constructor(encoding, flags) {
    this.handle = ops.op_util_icu_converter_new(encoding, (flags & CONVERTER_FLAGS_FATAL) !== 0);
  }

  decode(input, flags, encoding) {
    const result = ops.op_util_icu_decode(this.handle, toBytes(input), (flags & CONVERTER_FLAGS_FLUSH) !== 0);
    if (result === null) throw invalidData(encoding);
    return result;
  }
}

function decode(handle, input, flags, encoding) {
  return handle.decode(input, flags, encoding);
}

function decodeUTF8(input, ignoreBOM, fatal) {
  const flags = CONVERTER_FLAGS_FLUSH | (ignoreBOM ? CONVERTER_FLAGS_IGNORE_BOM : 0) |
    (fatal ? CONVERTER_FLAGS_FATAL : 0);
  return new Converter('utf-8', flags).decode(input, flags, 'utf-8');
}

function decodeLatin1(input, ignoreBOM, fatal) {
  void ignoreBOM;
  void fatal;
  return decodeWindows1252(toBytes(input));
}

module.exports = {
  encodeInto,
  encodeIntoResults,
  encodeUtf8String: (s) => core.encode(s),
  decodeUTF8,
  decodeLatin1,
  getConverter,
  decode,
  hasConverter: (encoding) => getConverter(encoding, 0) !== undefined,
};
