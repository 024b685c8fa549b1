// Node's internalBinding('http_parser') (src/node_http_parser.cc) for nodus:
// `HTTPParser` with llhttp's callbacks, return values and error objects, and
// the `ConnectionsList` the HTTP server uses for its timeouts.
//
// The header block (request/status line and fields, or trailers) is parsed by
// `op_http_parser_parse_head` (httparse plus llhttp's framing rules, in
// src/ext/http_parser); body framing (Content-Length, chunked, until EOF) is
// done here, so a body never crosses into Rust.
'use strict';

const {
  ArrayPrototypePush,
  ArrayPrototypeSort,
  Error,
  FunctionPrototypeCall,
  SafeSet,
  StringPrototypeIndexOf,
  StringPrototypeSlice,
  Symbol,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSubarray,
  Uint32Array,
} = primordials;

const { FastBuffer } = require('internal/buffer');
const { getOptionValue } = require('internal/options');
const ops = internalBinding('ops');
const { op_http_parser_parse_head: parseHead, op_os_perf_now: perfNow } = ops;

// llhttp's method table, in its numbering. `methods` are those an HTTP (not
// RTSP) parser accepts, Node's `http.METHODS` before sorting.
const allMethods = [
  'DELETE', 'GET', 'HEAD', 'POST', 'PUT', 'CONNECT', 'OPTIONS', 'TRACE', 'COPY', 'LOCK', 'MKCOL',
  'MOVE', 'PROPFIND', 'PROPPATCH', 'SEARCH', 'UNLOCK', 'BIND', 'REBIND', 'UNBIND', 'ACL', 'REPORT',
  'MKACTIVITY', 'CHECKOUT', 'MERGE', 'M-SEARCH', 'NOTIFY', 'SUBSCRIBE', 'UNSUBSCRIBE', 'PATCH',
  'PURGE', 'MKCALENDAR', 'LINK', 'UNLINK', 'SOURCE', 'PRI', 'DESCRIBE', 'ANNOUNCE', 'SETUP',
  'PLAY', 'PAUSE', 'TEARDOWN', 'GET_PARAMETER', 'SET_PARAMETER', 'REDIRECT', 'RECORD', 'FLUSH',
  'QUERY',
];
const methods = [];
for (let i = 0; i < 34; i++) ArrayPrototypePush(methods, allMethods[i]);
ArrayPrototypePush(methods, 'QUERY');

const HTTP_CONNECT = 5;
const REQUEST = 1;
const RESPONSE = 2;
// The op's `kind` for a chunked body's trailers.
const TRAILERS = 3;

const kOnMessageBegin = 0;
const kOnHeaders = 1;
const kOnHeadersComplete = 2;
const kOnBody = 3;
const kOnMessageComplete = 4;
const kOnExecute = 5;
const kOnTimeout = 6;

const kLenientNone = 0;
const kLenientHeaders = 1 << 0;
const kLenientChunkedLength = 1 << 1;
const kLenientKeepAlive = 1 << 2;
const kLenientTransferEncoding = 1 << 3;
const kLenientVersion = 1 << 4;
const kLenientDataAfterClose = 1 << 5;
const kLenientOptionalLFAfterCR = 1 << 6;
const kLenientOptionalCRLFAfterChunk = 1 << 7;
const kLenientOptionalCRBeforeLF = 1 << 8;
const kLenientSpacesAfterChunkSize = 1 << 9;
const kLenientHeaderValueRelaxed = 1 << 10;
const kLenientAll = 1023;

// Flags the op reports (llhttp's F_*).
const F_CONNECTION_KEEP_ALIVE = 1;
const F_CONNECTION_CLOSE = 2;
const F_CONNECTION_UPGRADE = 4;
const F_CHUNKED = 8;
const F_UPGRADE = 16;
const F_CONTENT_LENGTH = 32;
const F_TRANSFER_ENCODING = 64;

// Parser states.
const S_HEAD = 0; // before or inside a message head
const S_BODY_LENGTH = 1; // Content-Length body, #remaining bytes left
const S_CHUNK_SIZE = 2; // chunk-size line
const S_CHUNK_DATA = 3; // chunk data, #remaining bytes left
const S_CHUNK_END = 4; // CRLF after chunk data (#crlfSeen of it seen)
const S_TRAILERS = 5; // trailer fields after the last chunk
const S_BODY_EOF = 6; // body runs until the connection ends
const S_CLOSED = 7; // message without keep-alive done: only CR/LF may follow
const S_ERROR = 8;

const kMaxChunkExtensionsSize = 16384;

// Shared between all parsers: the op writes the numeric facts of a head here.
const info = new Uint32Array(9);

// State ConnectionsList reads.
const kLastMessageStart = Symbol('kLastMessageStart');
const kHeadersCompleted = Symbol('kHeadersCompleted');
const kConnectionsList = Symbol('kConnectionsList');

let defaultMaxHeaderSize;
function maxHeaderSizeOption() {
  if (defaultMaxHeaderSize === undefined) {
    const v = getOptionValue('--max-http-header-size');
    defaultMaxHeaderSize = v ? +v : 16384;
  }
  return defaultMaxHeaderSize;
}

function concat(a, b) {
  const out = new FastBuffer(a.length + b.length);
  TypedArrayPrototypeSet(out, a, 0);
  TypedArrayPrototypeSet(out, b, a.length);
  return out;
}

function copy(data, start, end) {
  const out = new FastBuffer(end - start);
  TypedArrayPrototypeSet(out, TypedArrayPrototypeSubarray(data, start, end), 0);
  return out;
}

function parseError(code, reason, bytesParsed) {
  // eslint-disable-next-line no-restricted-syntax
  const e = new Error('Parse Error');
  e.bytesParsed = bytesParsed;
  e.code = code;
  e.reason = reason;
  return e;
}

function callIfFunction(parser, index, a, b) {
  const cb = parser[index];
  if (typeof cb === 'function') return FunctionPrototypeCall(cb, parser, a, b);
  return undefined;
}

class HTTPParser {
  #type = REQUEST;
  #maxHeaderSize = 16384;
  #lenient = 0;
  #state = S_HEAD;
  // Bytes of an incomplete head, chunk-size line or trailer block.
  #pending = null;
  #remaining = 0;
  #crlfSeen = 0;
  #flags = 0;
  #skipBody = false;
  #upgrade = false;
  #versionMajor = 1;
  #versionMinor = 1;
  #statusCode = 0;
  #method = 0;
  #inMessage = false;
  #paused = false;
  #error = null;
  #current = null;
  // { handle, previous, onread } while a stream handle is consumed.
  #consumed = null;
  // The request's URL, passed again with the trailers as llhttp does.
  #url = '';

  static REQUEST = REQUEST;
  static RESPONSE = RESPONSE;
  static kOnMessageBegin = kOnMessageBegin;
  static kOnHeaders = kOnHeaders;
  static kOnHeadersComplete = kOnHeadersComplete;
  static kOnBody = kOnBody;
  static kOnMessageComplete = kOnMessageComplete;
  static kOnExecute = kOnExecute;
  static kOnTimeout = kOnTimeout;
  static kLenientNone = kLenientNone;
  static kLenientHeaders = kLenientHeaders;
  static kLenientChunkedLength = kLenientChunkedLength;
  static kLenientKeepAlive = kLenientKeepAlive;
  static kLenientTransferEncoding = kLenientTransferEncoding;
  static kLenientVersion = kLenientVersion;
  static kLenientDataAfterClose = kLenientDataAfterClose;
  static kLenientOptionalLFAfterCR = kLenientOptionalLFAfterCR;
  static kLenientOptionalCRLFAfterChunk = kLenientOptionalCRLFAfterChunk;
  static kLenientOptionalCRBeforeLF = kLenientOptionalCRBeforeLF;
  static kLenientSpacesAfterChunkSize = kLenientSpacesAfterChunkSize;
  static kLenientHeaderValueRelaxed = kLenientHeaderValueRelaxed;
  static kLenientAll = kLenientAll;

  constructor() {
    this[kLastMessageStart] = 0;
    this[kHeadersCompleted] = false;
    this[kConnectionsList] = null;
  }

  initialize(type, resource, maxHeaderSize, lenientFlags, connectionsList) {
    this.#check();
    this.#type = type === RESPONSE ? RESPONSE : REQUEST;
    this.#maxHeaderSize = maxHeaderSize > 0 ? maxHeaderSize : maxHeaderSizeOption();
    this.#lenient = lenientFlags | 0;
    this.#state = S_HEAD;
    this.#pending = null;
    this.#remaining = 0;
    this.#flags = 0;
    this.#skipBody = false;
    this.#upgrade = false;
    this.#inMessage = false;
    this.#paused = false;
    this.#error = null;
    this[kHeadersCompleted] = false;
    removeFromList(this);
    if (connectionsList != null) {
      this[kConnectionsList] = connectionsList;
      // A connection that never sends anything still times out.
      this[kLastMessageStart] = perfNow();
      connectionsList[kAll].add(this);
      connectionsList[kActive].add(this);
    } else {
      this[kConnectionsList] = null;
      this[kLastMessageStart] = 0;
    }
  }

  #check() {
    // Brand check: a method called on another object throws a TypeError.
    // eslint-disable-next-line no-unused-expressions
    this.#type;
  }

  close() { this.#check(); removeFromList(this); }

  free() { this.#check(); }

  remove() { this.#check(); removeFromList(this); }

  pause() { this.#check(); this.#paused = true; }

  resume() { this.#check(); this.#paused = false; }

  // Reads of a stream handle (internal/net/stream_wrap) go straight to this
  // parser instead of through its net.Socket, as Node's StreamListener does:
  // after each execute, kOnExecute(ret) runs; EOF and errors still reach the
  // socket through the handle's previous onread.
  consume(handle) {
    this.#check();
    if (this.#consumed !== null) this.unconsume();
    const { streamBaseState, kReadBytesOrError, kArrayBufferOffset } =
      require('internal/net/stream_wrap');
    const previous = handle.onread;
    const parser = this;
    const onread = function onParserRead(arrayBuffer) {
      const nread = streamBaseState[kReadBytesOrError];
      if (nread < 0) return FunctionPrototypeCall(previous, this, arrayBuffer);
      if (nread === 0) return undefined;
      const buf = new FastBuffer(arrayBuffer, streamBaseState[kArrayBufferOffset], nread);
      const ret = parser.execute(buf);
      const cb = parser[kOnExecute];
      if (typeof cb === 'function') {
        parser.#current = buf;
        try {
          FunctionPrototypeCall(cb, parser, ret);
        } finally {
          parser.#current = null;
        }
      }
      return undefined;
    };
    this.#consumed = { handle, previous, onread };
    handle.onread = onread;
  }

  unconsume() {
    this.#check();
    const consumed = this.#consumed;
    if (consumed === null) return;
    this.#consumed = null;
    if (consumed.handle.onread === consumed.onread) consumed.handle.onread = consumed.previous;
  }

  getCurrentBuffer() {
    this.#check();
    const cur = this.#current;
    return cur === null ? new FastBuffer(0) : copy(cur, 0, cur.length);
  }

  duration() {
    const start = this[kLastMessageStart];
    return start === 0 ? 0 : perfNow() - start;
  }

  headersCompleted() { return this[kHeadersCompleted]; }

  execute(data) {
    this.#check();
    this.#current = data;
    try {
      return this.#execute(data);
    } finally {
      this.#current = null;
    }
  }

  finish() {
    this.#check();
    // llhttp_finish in an error state does nothing.
    if (this.#error !== null) return undefined;
    switch (this.#state) {
      case S_BODY_EOF:
        this.#messageComplete();
        return undefined;
      case S_HEAD:
        if (this.#pending === null && !this.#inMessage) return undefined;
        break;
      case S_CLOSED:
        return undefined;
      default:
        break;
    }
    return this.#fail('HPE_INVALID_EOF_STATE', 'Invalid EOF state', 0);
  }

  #fail(code, reason, pos) {
    this.#state = S_ERROR;
    this.#error = { code, reason };
    return parseError(code, reason, pos);
  }

  #errorAgain() {
    return parseError(this.#error.code, this.#error.reason, 0);
  }

  #execute(data) {
    if (this.#error !== null) return this.#errorAgain();
    if (this.#paused) return parseError('HPE_PAUSED', 'Paused', 0);
    const len = data.length;
    let pos = 0;
    while (pos < len) {
      switch (this.#state) {
        case S_HEAD: {
          if (this.#pending === null) {
            // CR and LF between messages are skipped.
            const c = data[pos];
            if (c === 13 || c === 10) {
              if (!this.#inMessage) { pos++; continue; }
            }
            if (!this.#inMessage) this.#messageBegin();
          }
          const r = this.#head(data, pos);
          if (r < 0) return this.#lastError;
          pos = r;
          if (this.#stop) {
            this.#stop = false;
            return pos;
          }
          break;
        }
        case S_BODY_LENGTH:
        case S_CHUNK_DATA: {
          let n = len - pos;
          if (n > this.#remaining) n = this.#remaining;
          const start = pos;
          pos += n;
          this.#remaining -= n;
          callIfFunction(this, kOnBody, copy(data, start, pos));
          if (this.#remaining === 0) {
            if (this.#state === S_CHUNK_DATA) {
              this.#state = S_CHUNK_END;
              this.#crlfSeen = 0;
            } else if (this.#messageComplete()) {
              return pos;
            }
          }
          break;
        }
        case S_CHUNK_SIZE: {
          const r = this.#chunkSize(data, pos);
          if (r < 0) return this.#lastError;
          pos = r;
          break;
        }
        case S_CHUNK_END: {
          const c = data[pos];
          if (this.#crlfSeen === 0 && c === 13) {
            this.#crlfSeen = 1;
            pos++;
          } else if (c === 10 && (this.#crlfSeen === 1 ||
                                  (this.#lenient & kLenientOptionalCRBeforeLF))) {
            pos++;
            this.#state = S_CHUNK_SIZE;
          } else if (this.#lenient & kLenientOptionalCRLFAfterChunk) {
            this.#state = S_CHUNK_SIZE;
          } else {
            return this.#fail('HPE_STRICT', 'Expected LF after chunk data', pos);
          }
          break;
        }
        case S_TRAILERS: {
          const r = this.#trailers(data, pos);
          if (r < 0) return this.#lastError;
          pos = r;
          if (this.#stop) {
            this.#stop = false;
            return pos;
          }
          break;
        }
        case S_BODY_EOF:
          callIfFunction(this, kOnBody, copy(data, pos, len));
          pos = len;
          break;
        case S_CLOSED: {
          const c = data[pos];
          if (c === 13 || c === 10 || (this.#lenient & kLenientDataAfterClose)) {
            pos++;
            break;
          }
          return this.#fail('HPE_CLOSED_CONNECTION', 'Data after `Connection: close`', pos + 1);
        }
        default:
          return this.#errorAgain();
      }
    }
    return pos;
  }

  #lastError = null;
  // Set when parsing must stop early (upgrade): execute returns the offset.
  #stop = false;

  // Records a parse error for execute() to return; returns -1 for the caller.
  #raise(code, reason, pos) {
    this.#lastError = this.#fail(code, reason, pos);
    return -1;
  }

  // The op reports an error as "HPE_CODE:reason".
  #opError(result, pos) {
    const colon = StringPrototypeIndexOf(result, ':');
    return this.#raise(StringPrototypeSlice(result, 0, colon),
                        StringPrototypeSlice(result, colon + 1), pos);
  }

  #messageBegin() {
    this.#inMessage = true;
    const list = this[kConnectionsList];
    this[kHeadersCompleted] = false;
    this[kLastMessageStart] = perfNow();
    // Node re-inserts the parser because its std::set is keyed by the start
    // time; these sets are not (ConnectionsList sorts when asked), so adding
    // an entry already present is all that is needed.
    if (list !== null) {
      list[kAll].add(this);
      list[kActive].add(this);
    }
    callIfFunction(this, kOnMessageBegin);
  }

  // Parses (the rest of) a head starting at `pos`; returns the offset after
  // it, or -1 on error.
  #head(data, pos) {
    const pending = this.#pending;
    let buf;
    if (pending !== null) buf = concat(pending, TypedArrayPrototypeSubarray(data, pos));
    else buf = pos === 0 ? data : TypedArrayPrototypeSubarray(data, pos);
    const before = pending === null ? 0 : pending.length;
    const result = parseHead(buf, this.#type, this.#maxHeaderSize, this.#lenient, info);
    const state = info[0];
    if (state === 0) {
      this.#pending = pending === null ? copy(buf, 0, buf.length) : buf;
      return data.length;
    }
    if (state === 2) {
      let at = info[1] - before;
      if (at < 0) at = 0;
      return this.#opError(result, pos + at);
    }
    this.#pending = null;
    const end = pos + info[1] - before;
    this.#headersComplete(result);
    if (this.#state === S_ERROR) {
      this.#lastError.bytesParsed = end;
      return -1;
    }
    return end;
  }

  #headersComplete(result) {
    const type = this.#type;
    const flags = info[5];
    const major = info[3];
    const minor = info[4];
    this.#flags = flags;
    this.#versionMajor = major;
    this.#versionMinor = minor;
    this.#remaining = info[6] + info[7] * 0x100000000;
    let method;
    let url;
    let statusCode;
    let statusMessage;
    if (type === REQUEST) {
      method = this.#method = info[2];
      url = this.#url = result[0];
    } else {
      statusCode = this.#statusCode = info[2];
      statusMessage = result[0];
      this.#method = -1;
    }
    const n = result.length;
    const headers = [];
    for (let i = 1; i < n; i++) ArrayPrototypePush(headers, result[i]);

    if ((flags & F_UPGRADE) && (flags & F_CONNECTION_UPGRADE)) {
      this.#upgrade = type === REQUEST || statusCode === 101;
    } else {
      this.#upgrade = this.#method === HTTP_CONNECT;
    }
    this.#skipBody = false;
    this[kHeadersCompleted] = true;
    const shouldKeepAlive = this.#shouldKeepAlive();

    const cb = this[kOnHeadersComplete];
    if (typeof cb === 'function') {
      const ret = FunctionPrototypeCall(cb, this, major, minor, headers, method, url, statusCode,
                                        statusMessage, this.#upgrade, shouldKeepAlive);
      const v = +ret;
      if (v === 1) {
        this.#skipBody = true;
      } else if (v === 2) {
        this.#upgrade = true;
        this.#skipBody = true;
      } else if (v !== 0 && ret !== undefined && ret === ret) {
        // llhttp accepts 0, 1 and 2 only.
        this.#lastError = this.#fail('HPE_CB_HEADERS_COMPLETE', 'User callback error', 0);
      }
    }
    this.#afterHeadersComplete();
  }

  #needsEof() {
    if (this.#type === REQUEST) return false;
    const status = this.#statusCode;
    if ((status >= 100 && status < 200) || status === 204 || status === 304 || this.#skipBody) {
      return false;
    }
    const flags = this.#flags;
    if ((flags & F_TRANSFER_ENCODING) && !(flags & F_CHUNKED)) return true;
    if (flags & (F_CHUNKED | F_CONTENT_LENGTH)) return false;
    return true;
  }

  #shouldKeepAlive() {
    const flags = this.#flags;
    if (this.#versionMajor > 0 && this.#versionMinor > 0) {
      if (flags & F_CONNECTION_CLOSE) return false;
    } else if (!(flags & F_CONNECTION_KEEP_ALIVE)) {
      return false;
    }
    return !this.#needsEof();
  }

  #afterHeadersComplete() {
    const flags = this.#flags;
    const type = this.#type;
    const status = this.#statusCode;
    const hasBody = (flags & F_CHUNKED) || this.#remaining > 0;
    if ((this.#upgrade && (this.#method === HTTP_CONNECT || this.#skipBody || !hasBody)) ||
        (type === RESPONSE && status === 101)) {
      // The rest of the stream is another protocol.
      this.#messageComplete();
      this.#stop = true;
      return;
    }
    if (this.#skipBody ||
        (type === RESPONSE && (status === 100 || status === 102 || status === 103 ||
                               status === 204 || status === 304))) {
      if (this.#messageComplete()) this.#stop = true;
      return;
    }
    if (flags & F_CHUNKED) {
      this.#state = S_CHUNK_SIZE;
      this.#pending = null;
      return;
    }
    if (flags & F_TRANSFER_ENCODING) {
      if (type === REQUEST &&
          !(this.#lenient & (kLenientChunkedLength | kLenientTransferEncoding))) {
        this.#lastError = this.#fail('HPE_INVALID_TRANSFER_ENCODING',
                                     'Request has invalid `Transfer-Encoding`', 0);
        return;
      }
      this.#state = S_BODY_EOF;
      return;
    }
    if (!(flags & F_CONTENT_LENGTH)) {
      if (this.#needsEof()) this.#state = S_BODY_EOF;
      else if (this.#messageComplete()) this.#stop = true;
      return;
    }
    if (this.#remaining === 0) {
      if (this.#messageComplete()) this.#stop = true;
      return;
    }
    this.#state = S_BODY_LENGTH;
  }

  // Ends the current message; returns true when parsing must stop here.
  #messageComplete() {
    const list = this[kConnectionsList];
    this[kLastMessageStart] = 0;
    if (list !== null) {
      list[kActive].delete(this);
      list[kAll].add(this);
    }
    this.#inMessage = false;
    const keepAlive = this.#shouldKeepAlive() || (this.#lenient & kLenientKeepAlive);
    const upgrade = this.#upgrade;
    this.#flags = 0;
    this.#pending = null;
    callIfFunction(this, kOnMessageComplete);
    if (this.#state === S_ERROR) return true;
    if (upgrade) {
      // Node frees the parser; if it is fed again it starts a new message.
      this.#state = S_HEAD;
      this.#upgrade = false;
      return true;
    }
    this.#state = keepAlive ? S_HEAD : S_CLOSED;
    return false;
  }

  // A chunk-size line: hex size, optional extensions, CRLF.
  #chunkSize(data, pos) {
    const len = data.length;
    let nl = pos;
    while (nl < len && data[nl] !== 10) nl++;
    if (nl === len) {
      const pending = this.#pending;
      const piece = copy(data, pos, len);
      this.#pending = pending === null ? piece : concat(pending, piece);
      if (this.#pending.length > kMaxChunkExtensionsSize + 32) {
        return this.#raise('HPE_CHUNK_EXTENSIONS_OVERFLOW', 'Chunk extensions overflow', len);
      }
      return len;
    }
    let line = TypedArrayPrototypeSubarray(data, pos, nl);
    if (this.#pending !== null) {
      line = concat(this.#pending, line);
      this.#pending = null;
    }
    let end = line.length;
    if (end > 0 && line[end - 1] === 13) {
      end--;
    } else if (!(this.#lenient & kLenientOptionalCRBeforeLF)) {
      return this.#raise('HPE_LF_EXPECTED', 'Missing expected CR after chunk size', nl);
    }
    let size = 0;
    let i = 0;
    for (; i < end; i++) {
      const c = line[i];
      let d;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (c >= 97 && c <= 102) d = c - 87;
      else if (c >= 65 && c <= 70) d = c - 55;
      else break;
      size = size * 16 + d;
      if (size > 0xffffffffffff) {
        return this.#raise('HPE_INVALID_CHUNK_SIZE', 'Chunk size overflow', pos + i);
      }
    }
    if (i === 0) {
      return this.#raise('HPE_INVALID_CHUNK_SIZE', 'Invalid character in chunk size', pos);
    }
    if (this.#lenient & kLenientSpacesAfterChunkSize) {
      while (i < end && (line[i] === 32 || line[i] === 9)) i++;
    }
    if (i < end) {
      if (line[i] !== 59) { // ';'
        return this.#raise('HPE_INVALID_CHUNK_SIZE', 'Invalid character in chunk size',
                            pos + i + 1);
      }
      if (end - i > kMaxChunkExtensionsSize) {
        return this.#raise('HPE_CHUNK_EXTENSIONS_OVERFLOW', 'Chunk extensions overflow', nl);
      }
    }
    if (size === 0) {
      this.#state = S_TRAILERS;
    } else {
      this.#state = S_CHUNK_DATA;
      this.#remaining = size;
    }
    return nl + 1;
  }

  #trailers(data, pos) {
    const pending = this.#pending;
    if (pending === null) {
      // The common case: no trailers, just the final CRLF.
      const c = data[pos];
      if (c === 13 && pos + 1 < data.length && data[pos + 1] === 10) {
        return this.#afterTrailers(pos + 2);
      }
      if (c === 10 && (this.#lenient & kLenientOptionalCRBeforeLF)) {
        return this.#afterTrailers(pos + 1);
      }
    }
    let buf;
    if (pending !== null) buf = concat(pending, TypedArrayPrototypeSubarray(data, pos));
    else buf = TypedArrayPrototypeSubarray(data, pos);
    const before = pending === null ? 0 : pending.length;
    const result = parseHead(buf, TRAILERS, this.#maxHeaderSize, this.#lenient, info);
    const state = info[0];
    if (state === 0) {
      this.#pending = pending === null ? copy(buf, 0, buf.length) : buf;
      return data.length;
    }
    if (state === 2) {
      let at = info[1] - before;
      if (at < 0) at = 0;
      return this.#opError(result, pos + at);
    }
    this.#pending = null;
    const end = pos + info[1] - before;
    if (result.length > 1) {
      const headers = [];
      for (let i = 1; i < result.length; i++) ArrayPrototypePush(headers, result[i]);
      callIfFunction(this, kOnHeaders, headers, this.#url);
    }
    return this.#afterTrailers(end);
  }

  #afterTrailers(end) {
    if (this.#messageComplete()) this.#stop = true;
    return end;
  }
}

// Parsers of a server's connections, for its headers/request timeouts.
const kAll = Symbol('kAll');
const kActive = Symbol('kActive');

function removeFromList(parser) {
  const list = parser[kConnectionsList];
  if (list != null) {
    list[kAll].delete(parser);
    list[kActive].delete(parser);
  }
}

function byStart(a, b) {
  const x = a[kLastMessageStart];
  const y = b[kLastMessageStart];
  if (x === 0 && y !== 0) return -1;
  if (y === 0 && x !== 0) return 1;
  return x - y;
}

function sorted(set) {
  const out = [];
  for (const p of set) ArrayPrototypePush(out, p);
  return ArrayPrototypeSort(out, byStart);
}

class ConnectionsList {
  constructor() {
    this[kAll] = new SafeSet();
    this[kActive] = new SafeSet();
  }

  all() { return sorted(this[kAll]); }

  idle() {
    const out = [];
    for (const p of this[kAll]) if (p[kLastMessageStart] === 0) ArrayPrototypePush(out, p);
    return out;
  }

  active() { return sorted(this[kActive]); }

  expired(headersTimeout, requestTimeout) {
    headersTimeout >>>= 0;
    requestTimeout >>>= 0;
    if (headersTimeout === 0 && requestTimeout === 0) return [];
    if (requestTimeout > 0 && headersTimeout > requestTimeout) {
      const t = headersTimeout;
      headersTimeout = requestTimeout;
      requestTimeout = t;
    }
    const now = perfNow();
    const headersDeadline = headersTimeout > 0 && now > headersTimeout ? now - headersTimeout : 0;
    const requestDeadline = requestTimeout > 0 && now > requestTimeout ? now - requestTimeout : 0;
    if (headersDeadline === 0 && requestDeadline === 0) return [];
    const out = [];
    for (const p of sorted(this[kActive])) {
      const start = p[kLastMessageStart];
      if ((!p[kHeadersCompleted] && headersDeadline > 0 && start < headersDeadline) ||
          (requestDeadline > 0 && start < requestDeadline)) {
        ArrayPrototypePush(out, p);
        this[kActive].delete(p);
      }
    }
    return out;
  }
}

module.exports = {
  HTTPParser,
  ConnectionsList,
  methods,
  allMethods,
};
