// Adapted from Node.js lib/internal/socketaddress.js and src/node_sockaddr.cc
// (MIT license, Node.js contributors).
// net.SocketAddress, with the address parsing and formatting Node does in C++
// (uv_inet_pton / uv_inet_ntop) written in JS: an address is kept as its
// 4 or 16 bytes.
'use strict';

const {
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  NumberParseInt,
  NumberPrototypeToString,
  ObjectSetPrototypeOf,
  RegExpPrototypeExec,
  StringPrototypeEndsWith,
  StringPrototypeIndexOf,
  StringPrototypeLastIndexOf,
  StringPrototypeSlice,
  StringPrototypeSplit,
  StringPrototypeStartsWith,
  StringPrototypeToLowerCase,
  Symbol,
} = primordials;

const {
  validateObject,
  validateString,
  validatePort,
  validateUint32,
} = require('internal/validators');

const {
  codes: {
    ERR_INVALID_ADDRESS,
    ERR_INVALID_ARG_VALUE,
  },
} = require('internal/errors');

const {
  customInspectSymbol: kInspect,
  kEmptyObject,
} = require('internal/util');

const AF_INET = 2;
const AF_INET6 = 10;

const kHandle = Symbol('kHandle');
const kDetail = Symbol('kDetail');

/** inet_pton(AF_INET): four decimal octets, or null. */
function parseIPv4(s) {
  const parts = StringPrototypeSplit(s, '.');
  if (parts.length !== 4) return null;
  const out = [];
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    if (RegExpPrototypeExec(/^(0|[1-9][0-9]{0,2})$/, p) === null) return null;
    const n = NumberParseInt(p, 10);
    if (n > 255) return null;
    ArrayPrototypePush(out, n);
  }
  return out;
}

/** inet_pton(AF_INET6) (a `%zone` suffix is ignored, as libuv does): 16 bytes, or null. */
function parseIPv6(s) {
  const zone = StringPrototypeIndexOf(s, '%');
  if (zone !== -1) s = StringPrototypeSlice(s, 0, zone);
  let tail = [];
  const lastColon = StringPrototypeLastIndexOf(s, ':');
  if (lastColon !== -1 && StringPrototypeIndexOf(s, '.', lastColon) !== -1) {
    const v4 = parseIPv4(StringPrototypeSlice(s, lastColon + 1));
    if (v4 === null) return null;
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    s = StringPrototypeSlice(s, 0, lastColon + 1);
    if (StringPrototypeEndsWith(s, '::')) {
      // keep the "::" before the embedded address
    } else {
      s = StringPrototypeSlice(s, 0, -1);
    }
  }
  const halves = StringPrototypeSplit(s, '::');
  if (halves.length > 2) return null;
  const group = (str) => {
    if (str === '') return [];
    const g = StringPrototypeSplit(str, ':');
    const r = [];
    for (let i = 0; i < g.length; i++) {
      if (RegExpPrototypeExec(/^[0-9a-fA-F]{1,4}$/, g[i]) === null) return null;
      ArrayPrototypePush(r, NumberParseInt(g[i], 16));
    }
    return r;
  };
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  if (head === null || rest === null) return null;
  for (let i = 0; i < tail.length; i++) ArrayPrototypePush(rest, tail[i]);
  let words;
  if (halves.length === 2) {
    const fill = 8 - head.length - rest.length;
    if (fill < 1) return null;
    words = head;
    for (let i = 0; i < fill; i++) ArrayPrototypePush(words, 0);
    for (let i = 0; i < rest.length; i++) ArrayPrototypePush(words, rest[i]);
  } else {
    words = head;
    for (let i = 0; i < rest.length; i++) ArrayPrototypePush(words, rest[i]);
    if (words.length !== 8) return null;
  }
  const bytes = [];
  for (let i = 0; i < 8; i++) ArrayPrototypePush(bytes, words[i] >> 8, words[i] & 0xff);
  return bytes;
}

/** inet_ntop: the canonical text of 4 or 16 address bytes. */
function formatAddress(bytes) {
  if (bytes.length === 4) return ArrayPrototypeJoin(bytes, '.');
  const words = [];
  for (let i = 0; i < 16; i += 2) ArrayPrototypePush(words, (bytes[i] << 8) | bytes[i + 1]);
  // The longest run of two or more zero words becomes "::".
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  for (let i = 0; i <= 8; i++) {
    if (i < 8 && words[i] === 0) {
      if (curBase === -1) curBase = i;
    } else if (curBase !== -1) {
      if (i - curBase > bestLen) {
        bestBase = curBase;
        bestLen = i - curBase;
      }
      curBase = -1;
    }
  }
  if (bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    // An IPv4-compatible or -mapped address ends in dotted form.
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += `${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
      break;
    }
    out += NumberPrototypeToString(words[i], 16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out += ':';
  return out;
}

/** The 16-byte (IPv4-mapped for IPv4) form used to compare addresses. */
function toV6Bytes(bytes) {
  if (bytes.length === 16) return bytes;
  return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, bytes[0], bytes[1], bytes[2], bytes[3]];
}

/** The native half of a SocketAddress (Node's SocketAddressBase). */
class SocketAddressHandle {
  constructor(address, port, type, flowlabel) {
    const bytes = type === AF_INET ? parseIPv4(address) : parseIPv6(address);
    if (bytes === null) throw new ERR_INVALID_ADDRESS();
    this.bytes = bytes;
    this.port = port;
    this.type = type;
    this.flow = flowlabel;
  }

  detail(out) {
    out.address = formatAddress(this.bytes);
    out.port = this.port;
    out.family = this.type;
    out.flowlabel = this.flow;
    return out;
  }

  flowlabel() {
    return this.flow;
  }
}

class SocketAddress {
  static isSocketAddress(value) {
    return value?.[kHandle] !== undefined;
  }

  static parse(input) {
    validateString(input, 'input');
    // The host and port are split as a URL's would be; anything that does not
    // make a socket address gives undefined.
    try {
      const { URL } = require('internal/url');
      const { hostname: address, port } = new URL(`http://${input}`);
      if (StringPrototypeStartsWith(address, '[') && StringPrototypeEndsWith(address, ']')) {
        return new SocketAddress({
          address: StringPrototypeSlice(address, 1, -1),
          port: port | 0,
          family: 'ipv6',
        });
      }
      return new SocketAddress({
        address,
        port: port | 0,
      });
    } catch {
      // Not a socket address.
    }
  }

  constructor(options = kEmptyObject) {
    validateObject(options, 'options');
    let { family = 'ipv4' } = options;
    const {
      address = (family === 'ipv4' ? '127.0.0.1' : '::'),
      port = 0,
      flowlabel = 0,
    } = options;

    let type;
    if (typeof family?.toLowerCase === 'function')
      family = StringPrototypeToLowerCase(family);
    switch (family) {
      case 'ipv4':
        type = AF_INET;
        break;
      case 'ipv6':
        type = AF_INET6;
        break;
      default:
        throw new ERR_INVALID_ARG_VALUE('options.family', options.family);
    }

    validateString(address, 'options.address');
    validatePort(port, 'options.port');
    validateUint32(flowlabel, 'options.flowlabel', false);

    this[kHandle] = new SocketAddressHandle(address, port, type, flowlabel);
    this[kDetail] = this[kHandle].detail({
      address: undefined,
      port: undefined,
      family: undefined,
      flowlabel: undefined,
    });
  }

  get address() {
    return this[kDetail].address;
  }

  get port() {
    return this[kDetail].port;
  }

  get family() {
    return this[kDetail].family === AF_INET ? 'ipv4' : 'ipv6';
  }

  get flowlabel() {
    return this[kHandle].flowlabel();
  }

  [kInspect](depth, options) {
    if (depth < 0)
      return this;

    const opts = {
      ...options,
      depth: options.depth == null ? null : options.depth - 1,
    };

    const { inspect } = require('internal/util/inspect');
    return `SocketAddress ${inspect(this.toJSON(), opts)}`;
  }

  toJSON() {
    return {
      address: this.address,
      port: this.port,
      family: this.family,
      flowlabel: this.flowlabel,
    };
  }
}

class InternalSocketAddress {
  constructor(handle) {
    this[kHandle] = handle;
    this[kDetail] = this[kHandle]?.detail({
      address: undefined,
      port: undefined,
      family: undefined,
      flowlabel: undefined,
    });
  }
}

InternalSocketAddress.prototype.constructor =
  SocketAddress.prototype.constructor;
ObjectSetPrototypeOf(InternalSocketAddress.prototype, SocketAddress.prototype);

module.exports = {
  SocketAddress,
  InternalSocketAddress,
  SocketAddressHandle,
  kHandle,
  AF_INET,
  AF_INET6,
  parseIPv4,
  parseIPv6,
  formatAddress,
  toV6Bytes,
};
