// Adapted from Node.js src/string_decoder.cc (MIT license, Node.js contributors).
// Node's internalBinding('string_decoder'): the decoder state lives in a small
// Buffer (incomplete bytes, missing and buffered counts, encoding) that
// `decode` and `flush` update.
'use strict';

const {
  MathMin,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSubarray,
  Uint8Array,
} = primordials;

const { encodingsMap } = require('internal/util');
const binding = require('internal/bindings/buffer');

const kIncompleteCharactersStart = 0;
const kIncompleteCharactersEnd = 4;
const kMissingBytes = 4;
const kBufferedBytes = 5;
const kEncodingField = 6;
const kNumFields = 7;
const kSize = 7;

const UTF8 = encodingsMap.utf8;
const UCS2 = encodingsMap.utf16le;
const BASE64 = encodingsMap.base64;
const BASE64URL = encodingsMap.base64url;

const slicers = {
  __proto__: null,
  [encodingsMap.utf8]: binding.utf8Slice,
  [encodingsMap.utf16le]: binding.ucs2Slice,
  [encodingsMap.latin1]: binding.latin1Slice,
  [encodingsMap.ascii]: binding.asciiSlice,
  [encodingsMap.base64]: binding.base64Slice,
  [encodingsMap.base64url]: binding.base64urlSlice,
  [encodingsMap.hex]: binding.hexSlice,
};

function makeString(bytes, start, end, encoding) {
  return slicers[encoding].call(bytes, start, end);
}

function decode(state, buf) {
  let data = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  let nread = data.length;
  const enc = state[kEncodingField];
  if (enc !== UTF8 && enc !== UCS2 && enc !== BASE64 && enc !== BASE64URL) {
    return makeString(data, 0, nread, enc);
  }
  let prepend;
  let body;
  if (state[kMissingBytes] > 0) {
    if (enc === UTF8) {
      // An incomplete character cut short by a non-continuation byte ends here.
      for (let i = 0; i < nread && i < state[kMissingBytes]; ++i) {
        if ((data[i] & 0xC0) !== 0x80) {
          state[kMissingBytes] = 0;
          TypedArrayPrototypeSet(state, TypedArrayPrototypeSubarray(data, 0, i), state[kBufferedBytes]);
          state[kBufferedBytes] += i;
          data = TypedArrayPrototypeSubarray(data, i);
          nread -= i;
          break;
        }
      }
    }
    const found = MathMin(nread, state[kMissingBytes]);
    TypedArrayPrototypeSet(state, TypedArrayPrototypeSubarray(data, 0, found), state[kBufferedBytes]);
    data = TypedArrayPrototypeSubarray(data, found);
    nread -= found;
    state[kMissingBytes] -= found;
    state[kBufferedBytes] += found;
    if (state[kMissingBytes] === 0) {
      prepend = makeString(state, 0, state[kBufferedBytes], enc);
      state[kBufferedBytes] = 0;
    }
  }
  if (nread === 0) {
    body = prepend !== undefined ? prepend : '';
    prepend = undefined;
  } else {
    if (enc === UTF8 && (data[nread - 1] & 0x80)) {
      for (let i = nread - 1; ; --i) {
        state[kBufferedBytes]++;
        if ((data[i] & 0xC0) === 0x80) {
          if (state[kBufferedBytes] >= 4 || i === 0) {
            state[kBufferedBytes] = 0;
            break;
          }
        } else {
          if ((data[i] & 0xE0) === 0xC0) {
            state[kMissingBytes] = 2;
          } else if ((data[i] & 0xF0) === 0xE0) {
            state[kMissingBytes] = 3;
          } else if ((data[i] & 0xF8) === 0xF0) {
            state[kMissingBytes] = 4;
          } else {
            state[kBufferedBytes] = 0;
            break;
          }
          if (state[kBufferedBytes] >= state[kMissingBytes]) {
            state[kMissingBytes] = 0;
            state[kBufferedBytes] = 0;
          }
          state[kMissingBytes] -= state[kBufferedBytes];
          break;
        }
      }
    } else if (enc === UCS2) {
      if ((nread % 2) === 1) {
        state[kBufferedBytes] = 1;
        state[kMissingBytes] = 1;
      } else if ((data[nread - 1] & 0xFC) === 0xD8) {
        state[kBufferedBytes] = 2;
        state[kMissingBytes] = 2;
      }
    } else if (enc === BASE64 || enc === BASE64URL) {
      state[kBufferedBytes] = nread % 3;
      if (state[kBufferedBytes] > 0) state[kMissingBytes] = 3 - state[kBufferedBytes];
    }
    if (state[kBufferedBytes] > 0) {
      nread -= state[kBufferedBytes];
      TypedArrayPrototypeSet(state, TypedArrayPrototypeSubarray(data, nread, nread + state[kBufferedBytes]), 0);
    }
    body = nread > 0 ? makeString(data, 0, nread, enc) : '';
  }
  return prepend === undefined ? body : prepend + body;
}

function flush(state) {
  const enc = state[kEncodingField];
  if (enc === UCS2 && state[kBufferedBytes] % 2 === 1) {
    state[kMissingBytes]--;
    state[kBufferedBytes]--;
  }
  if (state[kBufferedBytes] === 0) return '';
  const ret = makeString(state, 0, state[kBufferedBytes], enc);
  state[kMissingBytes] = 0;
  state[kBufferedBytes] = 0;
  return ret;
}


module.exports = {
  kIncompleteCharactersStart,
  kIncompleteCharactersEnd,
  kMissingBytes,
  kBufferedBytes,
  kEncodingField,
  kNumFields,
  kSize,
  decode,
  flush,
};
