// The WHATWG WebSocket client (https://websockets.spec.whatwg.org/) with the
// behaviour of undici's lib/web/websocket (MIT license, undici contributors),
// which Node exposes as the `WebSocket` global: its argument checks, errors,
// event order and close codes. The connection is nodus's own: an RFC 6455
// handshake and framing over a node:net socket (ws: only; wss: needs TLS, which
// nodus does not have yet, and fails the connection with ERR_NOT_IMPLEMENTED).
'use strict';

const {
  ArrayBufferIsView,
  ArrayBufferPrototypeGetByteLength,
  ArrayBufferPrototypeSlice,
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  ArrayPrototypeShift,
  ArrayPrototypeIncludes,
  ArrayPrototypeSome,
  NumberIsNaN,
  ObjectDefineProperties,
  SafeSet,
  String,
  StringPrototypeCharCodeAt,
  StringPrototypeEndsWith,
  StringPrototypeIndexOf,
  StringPrototypeSlice,
  StringPrototypeSplit,
  StringPrototypeToLowerCase,
  StringPrototypeTrim,
  SymbolIterator,
  SymbolToStringTag,
  TypeError,
} = primordials;

const { EventTarget, Event } = require('internal/event_target');
const { convertToInt } = require('internal/webidl');
const { isArrayBuffer } = require('internal/util/types');
const {
  MessageEvent,
  CloseEvent,
  ErrorEvent,
  illegalInvocation,
  argumentLengthCheck,
  toUSVString,
} = require('internal/websocket/events');

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

const kGUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

const opcodes = { CONTINUATION: 0x0, TEXT: 0x1, BINARY: 0x2, CLOSE: 0x8, PING: 0x9, PONG: 0xA };

// Close-frame states (undici's sentCloseFrameState).
const NOT_SENT = 0;
const SENT = 2;

let lazyBuffer;
function buffer() {
  lazyBuffer ??= require('buffer').Buffer;
  return lazyBuffer;
}

function domException(message, name) {
  return new globalThis.DOMException(message, name);
}

let fatalDecoder;
function utf8Decode(bytes) {
  fatalDecoder ??= new (require('internal/encoding').TextDecoder)('utf-8', { fatal: true });
  return fatalDecoder.decode(bytes);
}

// RFC 6455 section 4.1: a subprotocol is a non-empty token.
function isValidSubprotocol(protocol) {
  if (protocol.length === 0) return false;
  for (let i = 0; i < protocol.length; ++i) {
    const code = StringPrototypeCharCodeAt(protocol, i);
    if (code < 0x21 || code > 0x7E || code === 0x22 || code === 0x28 || code === 0x29 ||
        code === 0x2C || code === 0x2F || code === 0x3A || code === 0x3B || code === 0x3C ||
        code === 0x3D || code === 0x3E || code === 0x3F || code === 0x40 || code === 0x5B ||
        code === 0x5C || code === 0x5D || code === 0x7B || code === 0x7D) {
      return false;
    }
  }
  return true;
}

// RFC 6455 section 7.4: the codes a close frame may carry.
function isValidStatusCode(code) {
  if (code >= 1000 && code < 1015) return code !== 1004 && code !== 1005 && code !== 1006;
  return code >= 3000 && code <= 4999;
}

function getURLRecord(url) {
  let urlRecord;
  try {
    urlRecord = new URL(url);
  } catch (e) {
    throw domException(`${e}`, 'SyntaxError');
  }
  if (urlRecord.protocol === 'http:') urlRecord.protocol = 'ws:';
  else if (urlRecord.protocol === 'https:') urlRecord.protocol = 'wss:';
  if (urlRecord.protocol !== 'ws:' && urlRecord.protocol !== 'wss:') {
    throw domException('expected a ws: or wss: url', 'SyntaxError');
  }
  if (urlRecord.hash.length || StringPrototypeEndsWith(urlRecord.href, '#')) {
    throw domException('hash', 'SyntaxError');
  }
  return urlRecord;
}

function toStringSequence(value) {
  const out = [];
  for (const item of value) {
    if (typeof item === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
    ArrayPrototypePush(out, String(item));
  }
  return out;
}

// 'DOMString or sequence<DOMString> or WebSocketInit' (undici's converters).
function convertProtocols(value) {
  if (value !== null && typeof value === 'object' && !(SymbolIterator in value)) {
    const init = value;
    const protocols = init.protocols === undefined ? [] : convertProtocols(init.protocols).protocols;
    return { protocols, headers: init.headers ?? null };
  }
  if (value !== null && typeof value === 'object' && SymbolIterator in value) {
    return { protocols: toStringSequence(value), headers: null };
  }
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  return { protocols: String(value), headers: null };
}

// Extra request headers (undici's WebSocketInit `headers`): a Headers-like
// iterable of pairs or a record.
function collectHeaders(headers) {
  const out = [];
  if (headers === null || headers === undefined) return out;
  if (typeof headers[SymbolIterator] === 'function') {
    for (const pair of headers) ArrayPrototypePush(out, [String(pair[0]), String(pair[1])]);
  } else {
    for (const name in headers) ArrayPrototypePush(out, [name, String(headers[name])]);
  }
  return out;
}

function fireEvent(target, event) {
  target.dispatchEvent(event);
}

// A client frame: FIN set, masked with a fresh key (RFC 6455 section 5.3).
function createFrame(opcode, payload) {
  const Buffer = buffer();
  const len = payload.length;
  let headerLength = 6;
  let lenByte = len;
  if (len > 65535) {
    headerLength += 8;
    lenByte = 127;
  } else if (len > 125) {
    headerLength += 2;
    lenByte = 126;
  }
  const frame = Buffer.allocUnsafe(headerLength + len);
  frame[0] = 0x80 | opcode;
  frame[1] = 0x80 | lenByte;
  if (lenByte === 126) {
    frame.writeUInt16BE(len, 2);
  } else if (lenByte === 127) {
    frame.writeUInt32BE(0, 2);
    frame.writeUInt32BE(len, 6);
  }
  const maskOffset = headerLength - 4;
  require('crypto').randomFillSync(frame, maskOffset, 4);
  for (let i = 0; i < len; i++) {
    frame[headerLength + i] = payload[i] ^ frame[maskOffset + (i & 3)];
  }
  return frame;
}

// Incremental RFC 6455 frame parser for what the server sends (undici's
// ByteParser): calls back per complete message and control frame; protocol
// violations fail the connection with undici's codes and reasons.
class FrameParser {
  #chunks = [];
  #buffered = 0;
  #fragments = [];
  #fragmentOpcode = -1;
  #ended = false;
  #handler;
  // permessage-deflate, when the server accepted it: whether the message being
  // read is compressed, and whether an inflate is under way (parsing waits).
  #deflate;
  #compressed = false;
  #waiting = false;

  constructor(handler, deflate = null) {
    this.#handler = handler;
    this.#deflate = deflate;
  }

  end() {
    this.#ended = true;
  }

  #consume(n) {
    const Buffer = buffer();
    if (n === 0) return Buffer.alloc(0);
    const first = this.#chunks[0];
    if (first.length === n) {
      ArrayPrototypeShift(this.#chunks);
      this.#buffered -= n;
      return first;
    }
    if (first.length > n) {
      this.#chunks[0] = first.subarray(n);
      this.#buffered -= n;
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let offset = 0;
    while (offset < n) {
      const chunk = this.#chunks[0];
      const take = chunk.length <= n - offset ? chunk.length : n - offset;
      out.set(take === chunk.length ? chunk : chunk.subarray(0, take), offset);
      offset += take;
      if (take === chunk.length) ArrayPrototypeShift(this.#chunks);
      else this.#chunks[0] = chunk.subarray(take);
    }
    this.#buffered -= n;
    return out;
  }

  #peek(n) {
    // The first n bytes (n <= 10), without consuming them.
    const Buffer = buffer();
    const out = Buffer.allocUnsafe(n);
    let offset = 0;
    for (let i = 0; offset < n; i++) {
      const chunk = this.#chunks[i];
      const take = chunk.length <= n - offset ? chunk.length : n - offset;
      out.set(chunk.subarray(0, take), offset);
      offset += take;
    }
    return out;
  }

  write(chunk) {
    if (this.#ended) return;
    ArrayPrototypePush(this.#chunks, chunk);
    this.#buffered += chunk.length;
    this.#run();
  }

  #run() {
    while (!this.#ended && !this.#waiting && this.#buffered >= 2) {
      const head = this.#peek(2);
      const fin = (head[0] & 0x80) !== 0;
      const rsv1 = (head[0] & 0x40) !== 0;
      const rsv23 = head[0] & 0x30;
      const opcode = head[0] & 0x0F;
      const masked = (head[1] & 0x80) !== 0;
      let payloadLength = head[1] & 0x7F;
      let headerLength = 2;
      if (payloadLength === 126) headerLength = 4;
      else if (payloadLength === 127) headerLength = 10;

      const isControl = opcode === opcodes.CLOSE || opcode === opcodes.PING || opcode === opcodes.PONG;
      if (!isControl && opcode !== opcodes.TEXT && opcode !== opcodes.BINARY &&
          opcode !== opcodes.CONTINUATION) {
        return this.#fail(1002, 'Invalid opcode received');
      }
      if (masked) return this.#fail(1002, 'Frame cannot be masked');
      if (rsv1 && (this.#deflate === null || isControl || opcode === opcodes.CONTINUATION)) {
        return this.#fail(1002, 'Expected RSV1 to be clear.');
      }
      if (rsv23 !== 0) return this.#fail(1002, 'RSV1, RSV2, RSV3 must be clear');
      if (isControl && (!fin || payloadLength > 125)) {
        return this.#fail(1002, 'Control frame either too large or fragmented');
      }
      if (opcode === opcodes.CONTINUATION && this.#fragmentOpcode === -1) {
        return this.#fail(1002, 'Unexpected continuation frame');
      }
      if ((opcode === opcodes.TEXT || opcode === opcodes.BINARY) && this.#fragmentOpcode !== -1) {
        return this.#fail(1002, 'Expected continuation frame');
      }
      if (this.#buffered < headerLength) return;
      if (headerLength === 4) {
        payloadLength = this.#peek(4).readUInt16BE(2);
      } else if (headerLength === 10) {
        const ext = this.#peek(10);
        const upper = ext.readUInt32BE(2);
        // undici refuses payloads of 2^31 bytes and more.
        if (upper !== 0 || ext.readUInt32BE(6) > 0x7FFFFFFF) {
          return this.#fail(1009, 'Received payload length > 2^31 bytes.');
        }
        payloadLength = ext.readUInt32BE(6);
      }
      if (this.#buffered < headerLength + payloadLength) return;
      this.#consume(headerLength);
      const payload = this.#consume(payloadLength);

      if (isControl) {
        this.#onControl(opcode, payload);
        continue;
      }
      if (opcode !== opcodes.CONTINUATION) {
        this.#fragmentOpcode = opcode;
        this.#compressed = rsv1;
      }
      if (!this.#compressed) {
        ArrayPrototypePush(this.#fragments, payload);
        if (fin) this.#deliver();
        continue;
      }
      // The inflate finishes asynchronously: the frames after it wait.
      this.#waiting = true;
      this.#deflate.decompress(payload, fin, (err, data) => {
        this.#waiting = false;
        if (this.#ended) return;
        if (err) {
          this.#fail(1007, err.message);
          return;
        }
        ArrayPrototypePush(this.#fragments, data);
        if (fin) this.#deliver();
        this.#run();
      });
    }
  }

  #deliver() {
    const Buffer = buffer();
    const data = this.#fragments.length === 1 ? this.#fragments[0] : Buffer.concat(this.#fragments);
    const type = this.#fragmentOpcode;
    this.#fragments = [];
    this.#fragmentOpcode = -1;
    this.#handler.onMessage(type, data);
  }

  #onControl(opcode, payload) {
    if (opcode === opcodes.PING) {
      this.#handler.onPing(payload);
    } else if (opcode === opcodes.CLOSE) {
      if (payload.length === 1) return this.#fail(1002, 'Received close frame with a 1-byte body.');
      let code;
      let reason = '';
      if (payload.length >= 2) {
        code = payload.readUInt16BE(0);
        if (!isValidStatusCode(code)) return this.#fail(1002, 'Invalid status code received');
        try {
          reason = utf8Decode(payload.subarray(2));
        } catch {
          return this.#fail(1007, 'Invalid UTF-8 in close frame.');
        }
      }
      this.#ended = true;
      this.#handler.onClose(code, reason);
    }
    // A pong needs no answer.
  }

  #fail(code, reason) {
    this.#ended = true;
    this.#handler.onProtocolError(code, reason);
  }
}

// The receiving half of permessage-deflate (RFC 7692), as undici has it: each
// message's payload, plus the 00 00 ff ff tail, through one raw inflate.
class PerMessageDeflate {
  #inflate = null;
  #output = [];
  #windowBits;

  constructor(params) {
    this.#windowBits = params.server_max_window_bits;
  }

  decompress(chunk, fin, callback) {
    if (this.#inflate === null) {
      const zlib = require('zlib');
      let windowBits = zlib.constants.Z_DEFAULT_WINDOWBITS;
      if (this.#windowBits) {
        if (!isValidWindowBits(this.#windowBits)) {
          callback(new Error('Invalid server_max_window_bits'));
          return;
        }
        windowBits = +this.#windowBits;
      }
      this.#inflate = zlib.createInflateRaw({ windowBits });
      this.#inflate.on('data', (data) => ArrayPrototypePush(this.#output, data));
      this.#inflate.on('error', (err) => {
        this.#inflate = null;
        callback(err);
      });
    }
    this.#inflate.write(chunk);
    if (fin) this.#inflate.write(buffer().from([0x00, 0x00, 0xff, 0xff]));
    this.#inflate.flush(() => {
      const full = buffer().concat(this.#output);
      this.#output = [];
      callback(null, full);
    });
  }
}

function isValidWindowBits(value) {
  for (let i = 0; i < value.length; i++) {
    const code = StringPrototypeCharCodeAt(value, i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return value.length > 0 && +value >= 8 && +value <= 15;
}

// "a; b=1, c" -> { a: '', b: '1' } for the first extension (undici's
// parseExtensions reads the header the same way, one list of parameters).
function parseExtensions(header) {
  const out = { __proto__: null };
  const parts = StringPrototypeSplit(header, ';');
  for (let i = 0; i < parts.length; i++) {
    const eq = StringPrototypeIndexOf(parts[i], '=');
    const name = StringPrototypeTrim(eq === -1 ? parts[i] : StringPrototypeSlice(parts[i], 0, eq));
    const value = eq === -1 ? '' : StringPrototypeTrim(StringPrototypeSlice(parts[i], eq + 1));
    out[name] = value;
  }
  return out;
}

// https://websockets.spec.whatwg.org/#interface-definition
class WebSocket extends EventTarget {
  #events = { open: null, error: null, close: null, message: null };
  #bufferedAmount = 0;
  #protocol = '';
  #extensions = '';
  #url;
  #binaryType = 'blob';
  #readyState = CONNECTING;
  #sentClose = NOT_SENT;
  #receivedClose = false;
  #closingInfo = null;
  // The TCP socket: kept from the start; `#established` once the handshake passed.
  #socket = null;
  #established = false;
  #sendQueue = [];
  #parser = null;
  #closeEventFired = false;

  /**
   * @param {string | URL} url
   * @param {string | string[] | { protocols?: string | string[], headers?: object }} [protocols]
   */
  constructor(url, protocols = []) {
    super();
    argumentLengthCheck(arguments, 1, 'WebSocket constructor');
    const options = convertProtocols(protocols);
    url = toUSVString(url);
    protocols = options.protocols;
    const urlRecord = getURLRecord(url);
    if (typeof protocols === 'string') protocols = [protocols];
    const lower = new SafeSet();
    for (let i = 0; i < protocols.length; i++) lower.add(StringPrototypeToLowerCase(protocols[i]));
    if (protocols.length !== lower.size) {
      throw domException('Invalid Sec-WebSocket-Protocol value', 'SyntaxError');
    }
    if (protocols.length > 0 && ArrayPrototypeSome(protocols, (p) => !isValidSubprotocol(p))) {
      throw domException('Invalid Sec-WebSocket-Protocol value', 'SyntaxError');
    }
    this.#url = new URL(urlRecord.href);
    this.#connect(urlRecord, protocols, collectHeaders(options.headers));
  }

  /**
   * @param {number} [code]
   * @param {string} [reason]
   */
  close(code = undefined, reason = undefined) {
    if (!(#url in this)) throw illegalInvocation();
    if (code !== undefined) {
      code = convertToInt('code', code, 16, { __proto__: null, clamp: true });
    }
    if (reason !== undefined) reason = toUSVString(reason);
    if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) {
      throw domException('invalid code', 'InvalidAccessError');
    }
    let reasonByteLength = 0;
    if (reason !== undefined) {
      reasonByteLength = buffer().byteLength(reason);
      if (reasonByteLength > 123) {
        throw domException(`Reason must be less than 123 bytes; received ${reasonByteLength}`, 'SyntaxError');
      }
    }
    this.#closeConnection(code ?? null, reason ?? '');
  }

  /**
   * @param {string | ArrayBuffer | ArrayBufferView | Blob} data
   */
  send(data) {
    if (!(#url in this)) throw illegalInvocation();
    argumentLengthCheck(arguments, 1, 'WebSocket.send');
    const { isBlob } = require('internal/blob');
    if (data === null || (typeof data !== 'object' && typeof data !== 'function') ||
        !(isBlob(data) || ArrayBufferIsView(data) || isArrayBuffer(data))) {
      data = toUSVString(data);
    }
    if (this.#readyState === CONNECTING) {
      throw domException('Sent before connected.', 'InvalidStateError');
    }
    if (this.#readyState !== OPEN) return;
    const Buffer = buffer();
    let item;
    if (typeof data === 'string') {
      const bytes = Buffer.from(data);
      item = { opcode: opcodes.TEXT, bytes, size: bytes.length };
    } else if (isArrayBuffer(data)) {
      const bytes = Buffer.from(ArrayBufferPrototypeSlice(data, 0));
      item = { opcode: opcodes.BINARY, bytes, size: ArrayBufferPrototypeGetByteLength(data) };
    } else if (ArrayBufferIsView(data)) {
      const bytes = Buffer.from(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      item = { opcode: opcodes.BINARY, bytes, size: data.byteLength };
    } else {
      // A Blob's bytes come asynchronously; later sends wait for them.
      item = { opcode: opcodes.BINARY, bytes: null, size: data.size };
      data.arrayBuffer().then((ab) => {
        item.bytes = Buffer.from(ab);
        this.#flushSendQueue();
      });
    }
    this.#bufferedAmount += item.size;
    ArrayPrototypePush(this.#sendQueue, item);
    this.#flushSendQueue();
  }

  get readyState() {
    if (!(#url in this)) throw illegalInvocation();
    return this.#readyState;
  }

  get bufferedAmount() {
    if (!(#url in this)) throw illegalInvocation();
    return this.#bufferedAmount;
  }

  get url() {
    if (!(#url in this)) throw illegalInvocation();
    return this.#url.href;
  }

  get extensions() {
    if (!(#url in this)) throw illegalInvocation();
    return this.#extensions;
  }

  get protocol() {
    if (!(#url in this)) throw illegalInvocation();
    return this.#protocol;
  }

  get onopen() {
    if (!(#url in this)) throw illegalInvocation();
    return this.#events.open;
  }

  set onopen(fn) {
    this.#setHandler('open', fn);
  }

  get onerror() {
    if (!(#url in this)) throw illegalInvocation();
    return this.#events.error;
  }

  set onerror(fn) {
    this.#setHandler('error', fn);
  }

  get onclose() {
    if (!(#url in this)) throw illegalInvocation();
    return this.#events.close;
  }

  set onclose(fn) {
    this.#setHandler('close', fn);
  }

  get onmessage() {
    if (!(#url in this)) throw illegalInvocation();
    return this.#events.message;
  }

  set onmessage(fn) {
    this.#setHandler('message', fn);
  }

  get binaryType() {
    if (!(#url in this)) throw illegalInvocation();
    return this.#binaryType;
  }

  set binaryType(type) {
    if (!(#url in this)) throw illegalInvocation();
    this.#binaryType = type !== 'blob' && type !== 'arraybuffer' ? 'blob' : type;
  }

  #setHandler(type, fn) {
    if (!(#url in this)) throw illegalInvocation();
    if (this.#events[type]) this.removeEventListener(type, this.#events[type]);
    if (typeof fn === 'function') {
      this.#events[type] = fn;
      this.addEventListener(type, fn);
    } else {
      this.#events[type] = null;
    }
  }

  // https://websockets.spec.whatwg.org/#concept-websocket-establish, over node:net.
  #connect(url, protocols, extraHeaders) {
    if (url.protocol === 'wss:') {
      // nodus has no TLS yet: the connection fails as an unreachable server's does.
      const { codes: { ERR_NOT_IMPLEMENTED } } = require('internal/errors');
      const error = new ERR_NOT_IMPLEMENTED('TLS (wss: WebSocket URLs)');
      process.nextTick(() => this.#failConnection(error));
      return;
    }
    const Buffer = buffer();
    const crypto = require('crypto');
    const key = crypto.randomBytes(16).toString('base64');
    const expectedAccept = crypto.createHash('sha1').update(key + kGUID).digest('base64');
    let host = url.hostname;
    if (host[0] === '[') host = StringPrototypeSlice(host, 1, -1);
    const port = url.port === '' ? 80 : +url.port;
    const lines = [
      `GET ${url.pathname}${url.search} HTTP/1.1`,
      `host: ${url.host}`,
      'connection: upgrade',
      'upgrade: websocket',
      `sec-websocket-key: ${key}`,
      'sec-websocket-version: 13',
    ];
    if (protocols.length > 0) ArrayPrototypePush(lines, `sec-websocket-protocol: ${ArrayPrototypeJoin(protocols, ', ')}`);
    ArrayPrototypePush(lines, 'sec-websocket-extensions: permessage-deflate; client_max_window_bits',
                       'accept: */*', 'accept-language: *', 'sec-fetch-mode: websocket',
                       'user-agent: node', 'pragma: no-cache', 'cache-control: no-cache',
                       'accept-encoding: gzip, deflate');
    for (let i = 0; i < extraHeaders.length; i++) {
      ArrayPrototypePush(lines, `${extraHeaders[i][0]}: ${extraHeaders[i][1]}`);
    }
    const socket = require('net').connect({ host, port });
    this.#socket = socket;
    let head = Buffer.alloc(0);
    const onHandshakeData = (chunk) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (head.length > 65536) this.#failConnection();
        return;
      }
      socket.removeListener('data', onHandshakeData);
      const rest = head.subarray(end + 4);
      const response = parseResponseHead(head.toString('latin1', 0, end));
      if (!this.#validateResponse(response, protocols, expectedAccept)) {
        this.#failConnection();
        return;
      }
      this.#onEstablished(response, rest);
    };
    socket.on('connect', () => {
      socket.write(`${ArrayPrototypeJoin(lines, '\r\n')}\r\n\r\n`);
    });
    socket.on('data', onHandshakeData);
    socket.on('error', (err) => {
      if (this.#established) {
        // undici's onSocketError: CLOSING, then the close that follows.
        this.#readyState = CLOSING;
        socket.destroy();
      } else {
        this.#failConnection(err);
      }
    });
    socket.on('close', () => {
      if (this.#established) this.#onSocketClose();
      else this.#failConnection();
    });
  }

  #validateResponse(response, protocols, expectedAccept) {
    if (response === null || response.status !== 101) return false;
    const get = (name) => response.headers[name] ?? null;
    if (protocols.length !== 0 && !get('sec-websocket-protocol')) return false;
    if (StringPrototypeToLowerCase(get('upgrade') ?? '') !== 'websocket') return false;
    if (StringPrototypeToLowerCase(get('connection') ?? '') !== 'upgrade') return false;
    if (get('sec-websocket-accept') !== expectedAccept) return false;
    // Only permessage-deflate was offered.
    const extensions = get('sec-websocket-extensions');
    if (extensions !== null && !('permessage-deflate' in parseExtensions(extensions))) return false;
    const protocol = get('sec-websocket-protocol');
    if (protocol !== null && !ArrayPrototypeIncludes(protocols, protocol)) return false;
    return true;
  }

  #onEstablished(response, rest) {
    this.#established = true;
    const extensions = response.headers['sec-websocket-extensions'];
    const deflate = extensions === undefined ? null : new PerMessageDeflate(parseExtensions(extensions));
    this.#parser = new FrameParser({
      onMessage: (type, data) => this.#onMessage(type, data),
      onPing: (payload) => {
        if (this.#readyState === OPEN || this.#readyState === CLOSING) {
          if (this.#sentClose === NOT_SENT) this.#socket.write(createFrame(opcodes.PONG, payload));
        }
      },
      onClose: (code, reason) => this.#onCloseFrame(code, reason),
      onProtocolError: (code, reason) => this.#failWebsocketConnection(code, reason),
    }, deflate);
    this.#socket.on('data', (chunk) => this.#parser.write(chunk));
    this.#readyState = OPEN;
    this.#extensions = response.headers['sec-websocket-extensions'] ?? '';
    this.#protocol = response.headers['sec-websocket-protocol'] ?? '';
    fireEvent(this, new Event('open'));
    if (rest.length > 0 && this.#readyState !== CLOSED) this.#parser.write(rest);
  }

  #onMessage(type, data) {
    if (this.#readyState !== OPEN) return;
    let dataForEvent;
    if (type === opcodes.TEXT) {
      try {
        dataForEvent = utf8Decode(data);
      } catch {
        this.#failWebsocketConnection(1007, 'Received invalid UTF-8 in text frame.');
        return;
      }
    } else if (this.#binaryType === 'blob') {
      const { Blob } = require('internal/blob');
      dataForEvent = new Blob([data]);
    } else {
      dataForEvent = data.byteLength === data.buffer.byteLength && data.byteOffset === 0 ?
        data.buffer : ArrayBufferPrototypeSlice(data.buffer, data.byteOffset, data.byteOffset + data.byteLength);
    }
    fireEvent(this, new MessageEvent('message', { data: dataForEvent, origin: this.#url.origin }));
  }

  // A close frame from the server: answer it (when this side has not sent one
  // yet) and wait for the server to close the TCP connection.
  #onCloseFrame(code, reason) {
    this.#closingInfo = { code, reason };
    if (this.#sentClose === NOT_SENT) {
      let body = buffer().alloc(0);
      if (code !== undefined) {
        body = buffer().allocUnsafe(2);
        body.writeUInt16BE(code, 0);
      }
      this.#socket.write(createFrame(opcodes.CLOSE, body));
      this.#sentClose = SENT;
    }
    this.#readyState = CLOSING;
    this.#receivedClose = true;
  }

  // undici's failWebsocketConnection once established: send a close frame with
  // the code and reason, then drop the TCP connection.
  #failWebsocketConnection(code, reason) {
    if (this.#readyState === OPEN) this.#sendCloseFrame(code, reason);
    this.#parser?.end();
    if (!this.#socket.destroyed) this.#socket.destroy();
  }

  // A connection that never opened: error, then close (1006), as undici's
  // onSocketClose does for it.
  #failConnection(cause = undefined) {
    if (this.#closeEventFired) return;
    const socket = this.#socket;
    if (socket !== null) {
      socket.removeAllListeners('close');
      socket.removeAllListeners('data');
      socket.on('error', () => {});
      if (!socket.destroyed) socket.destroy();
    }
    this.#fireCloseEvents(cause);
  }

  #onSocketClose() {
    this.#fireCloseEvents();
  }

  #fireCloseEvents(cause = undefined) {
    if (this.#closeEventFired) return;
    this.#closeEventFired = true;
    const wasClean = this.#sentClose === SENT && this.#receivedClose;
    let code = 1005;
    let reason = '';
    if (this.#closingInfo !== null) {
      code = this.#closingInfo.code ?? 1005;
      reason = this.#closingInfo.reason;
    } else if (!this.#receivedClose) {
      code = 1006;
    }
    this.#readyState = CLOSED;
    if (!wasClean) {
      // undici's error event here carries a TypeError named after the close
      // reason, and no message; nodus adds the underlying error as its cause.
      // A wss: URL names the missing TLS support in the message too.
      const message = cause?.code === 'ERR_NOT_IMPLEMENTED' ? cause.message : reason;
      const error = cause === undefined ? new TypeError(message) : new TypeError(message, { cause });
      fireEvent(this, new ErrorEvent('error', { error }));
    }
    fireEvent(this, new CloseEvent('close', { wasClean, code, reason }));
  }

  #sendCloseFrame(code, reason) {
    const Buffer = buffer();
    let body;
    if (code !== null && code !== undefined) {
      body = Buffer.allocUnsafe(2 + Buffer.byteLength(reason ?? ''));
      body.writeUInt16BE(code, 0);
      if (reason) body.write(reason, 2, 'utf8');
    } else {
      body = Buffer.alloc(0);
    }
    this.#socket.write(createFrame(opcodes.CLOSE, body));
    this.#sentClose = SENT;
  }

  // https://websockets.spec.whatwg.org/#dom-websocket-close
  #closeConnection(code, reason) {
    if (this.#readyState === CLOSING || this.#readyState === CLOSED) return;
    if (!this.#established) {
      // Not established yet: fail the connection (its error and close events
      // fire now), then report CLOSING, as undici does.
      this.#failConnection();
      this.#readyState = CLOSING;
      return;
    }
    if (this.#sentClose === NOT_SENT) {
      this.#sendCloseFrame(code, code === null ? undefined : reason);
    }
    this.#readyState = CLOSING;
  }

  #flushSendQueue() {
    while (this.#sendQueue.length > 0 && this.#sendQueue[0].bytes !== null) {
      const item = ArrayPrototypeShift(this.#sendQueue);
      if (this.#socket.destroyed || this.#sentClose !== NOT_SENT) continue;
      this.#socket.write(createFrame(item.opcode, item.bytes), () => {
        this.#bufferedAmount -= item.size;
      });
    }
  }
}

// "HTTP/1.1 101 Switching Protocols\r\nName: value..." -> { status, headers }
// (lower-case names; repeated headers joined with ', ').
function parseResponseHead(text) {
  const lines = StringPrototypeSplit(text, '\r\n');
  const statusLine = lines[0];
  if (StringPrototypeSlice(statusLine, 0, 5) !== 'HTTP/') return null;
  const status = +StringPrototypeSlice(statusLine, StringPrototypeIndexOf(statusLine, ' ') + 1,
                                       StringPrototypeIndexOf(statusLine, ' ') + 4);
  if (NumberIsNaN(status)) return null;
  const headers = { __proto__: null };
  for (let i = 1; i < lines.length; i++) {
    const colon = StringPrototypeIndexOf(lines[i], ':');
    if (colon <= 0) return null;
    const name = StringPrototypeToLowerCase(StringPrototypeSlice(lines[i], 0, colon));
    const value = StringPrototypeTrim(StringPrototypeSlice(lines[i], colon + 1));
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { status, headers };
}

const kConstant = { __proto__: null, writable: false, enumerable: true, configurable: false };
const kEnumerable = { __proto__: null, enumerable: true };

ObjectDefineProperties(WebSocket.prototype, {
  CONNECTING: { ...kConstant, value: CONNECTING },
  OPEN: { ...kConstant, value: OPEN },
  CLOSING: { ...kConstant, value: CLOSING },
  CLOSED: { ...kConstant, value: CLOSED },
  url: kEnumerable,
  readyState: kEnumerable,
  bufferedAmount: kEnumerable,
  onopen: kEnumerable,
  onerror: kEnumerable,
  onclose: kEnumerable,
  close: kEnumerable,
  onmessage: kEnumerable,
  binaryType: kEnumerable,
  send: kEnumerable,
  extensions: kEnumerable,
  protocol: kEnumerable,
  [SymbolToStringTag]: { __proto__: null, value: 'WebSocket', writable: false, enumerable: false, configurable: true },
});

ObjectDefineProperties(WebSocket, {
  CONNECTING: { ...kConstant, value: CONNECTING },
  OPEN: { ...kConstant, value: OPEN },
  CLOSING: { ...kConstant, value: CLOSING },
  CLOSED: { ...kConstant, value: CLOSED },
});

module.exports = { WebSocket, MessageEvent, CloseEvent, ErrorEvent };
