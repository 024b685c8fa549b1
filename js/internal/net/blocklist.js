// Adapted from Node.js lib/internal/blocklist.js and src/node_sockaddr.cc
// (MIT license, Node.js contributors).
// net.BlockList: address, range and subnet rules, checked in JS. IPv4 and
// IPv4-mapped IPv6 addresses match each other, as in Node.
'use strict';

const {
  ArrayIsArray,
  ArrayPrototypeMap,
  ArrayPrototypeUnshift,
  JSONParse,
  NumberParseInt,
  RegExpPrototypeExec,
  Symbol,
} = primordials;

const {
  customInspectSymbol: kInspect,
} = require('internal/util');

const {
  SocketAddress,
  kHandle: kSocketAddressHandle,
  formatAddress,
  toV6Bytes,
} = require('internal/net/socketaddress');

const kRules = Symbol('kRules');

const {
  ERR_INVALID_ARG_TYPE,
  ERR_INVALID_ARG_VALUE,
} = require('internal/errors').codes;

const { validateInt32, validateString } = require('internal/validators');

function compareBytes(a, b) {
  for (let i = 0; i < 16; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

function familyName(handle) {
  return handle.bytes.length === 4 ? 'IPv4' : 'IPv6';
}

// One rule: `test(bytes16)` and its text as `rules` lists it.
function addressRule(h) {
  const key = toV6Bytes(h.bytes);
  return {
    text: `Address: ${familyName(h)} ${formatAddress(h.bytes)}`,
    test: (b) => compareBytes(b, key) === 0,
  };
}

function rangeRule(start, end) {
  const lo = toV6Bytes(start.bytes);
  const hi = toV6Bytes(end.bytes);
  return {
    text: `Range: ${familyName(start)} ${formatAddress(start.bytes)}-${formatAddress(end.bytes)}`,
    test: (b) => compareBytes(b, lo) >= 0 && compareBytes(b, hi) <= 0,
  };
}

function subnetRule(network, prefix) {
  const net = toV6Bytes(network.bytes);
  const bits = network.bytes.length === 4 ? prefix + 96 : prefix;
  return {
    text: `Subnet: ${familyName(network)} ${formatAddress(network.bytes)}/${prefix}`,
    test: (b) => {
      for (let i = 0; i < 16; i++) {
        const n = bits - i * 8;
        if (n <= 0) return true;
        const mask = n >= 8 ? 0xff : (0xff << (8 - n)) & 0xff;
        if ((b[i] & mask) !== (net[i] & mask)) return false;
      }
      return true;
    },
  };
}

class BlockList {
  constructor() {
    this[kRules] = [];
  }

  static isBlockList(value) {
    return value?.[kRules] !== undefined;
  }

  [kInspect](depth, options) {
    if (depth < 0)
      return this;

    const opts = {
      ...options,
      depth: options.depth == null ? null : options.depth - 1,
    };

    const { inspect } = require('internal/util/inspect');
    return `BlockList ${inspect({
      rules: this.rules,
    }, opts)}`;
  }

  addAddress(address, family = 'ipv4') {
    if (!SocketAddress.isSocketAddress(address)) {
      validateString(address, 'address');
      validateString(family, 'family');
      address = new SocketAddress({
        address,
        family,
      });
    }
    ArrayPrototypeUnshift(this[kRules], addressRule(address[kSocketAddressHandle]));
  }

  addRange(start, end, family = 'ipv4') {
    if (!SocketAddress.isSocketAddress(start)) {
      validateString(start, 'start');
      validateString(family, 'family');
      start = new SocketAddress({
        address: start,
        family,
      });
    }
    if (!SocketAddress.isSocketAddress(end)) {
      validateString(end, 'end');
      validateString(family, 'family');
      end = new SocketAddress({
        address: end,
        family,
      });
    }
    const s = start[kSocketAddressHandle];
    const e = end[kSocketAddressHandle];
    if (compareBytes(toV6Bytes(s.bytes), toV6Bytes(e.bytes)) > 0)
      throw new ERR_INVALID_ARG_VALUE('start', start, 'must come before end');
    ArrayPrototypeUnshift(this[kRules], rangeRule(s, e));
  }

  addSubnet(network, prefix, family = 'ipv4') {
    if (!SocketAddress.isSocketAddress(network)) {
      validateString(network, 'network');
      validateString(family, 'family');
      network = new SocketAddress({
        address: network,
        family,
      });
    }
    switch (network.family) {
      case 'ipv4':
        validateInt32(prefix, 'prefix', 0, 32);
        break;
      case 'ipv6':
        validateInt32(prefix, 'prefix', 0, 128);
        break;
    }
    ArrayPrototypeUnshift(this[kRules], subnetRule(network[kSocketAddressHandle], prefix));
  }

  check(address, family = 'ipv4') {
    if (!SocketAddress.isSocketAddress(address)) {
      validateString(address, 'address');
      validateString(family, 'family');
      try {
        address = new SocketAddress({
          address,
          family,
        });
      } catch {
        // Not a valid address: nothing blocks it.
        return false;
      }
    }
    const bytes = toV6Bytes(address[kSocketAddressHandle].bytes);
    const rules = this[kRules];
    for (let i = 0; i < rules.length; i++) {
      if (rules[i].test(bytes)) return true;
    }
    return false;
  }

  get rules() {
    return ArrayPrototypeMap(this[kRules], (r) => r.text);
  }

  toJSON() {
    return this.rules;
  }

  fromJSON(data) {
    // An array of rule strings, or the JSON text of one.
    if (typeof data === 'string') {
      try {
        data = JSONParse(data);
      } catch {
        throw new ERR_INVALID_ARG_TYPE('data', ['string', 'string[]'], data);
      }
    }
    if (!ArrayIsArray(data)) {
      throw new ERR_INVALID_ARG_TYPE('data', ['string', 'string[]'], data);
    }
    for (let i = 0; i < data.length; i++) {
      if (typeof data[i] !== 'string') {
        throw new ERR_INVALID_ARG_TYPE('data', ['string', 'string[]'], data);
      }
    }
    for (let i = 0; i < data.length; i++) {
      try {
        this.#addRule(data[i]);
      } catch {
        // Rules that do not parse are skipped.
      }
    }
  }

  #addRule(text) {
    let m = RegExpPrototypeExec(/^Address: IPv([46]) (\S+)$/, text);
    if (m !== null) {
      this.addAddress(m[2], `ipv${m[1]}`);
      return;
    }
    m = RegExpPrototypeExec(/^Range: IPv([46]) ([^-\s]+)-([^-\s]+)$/, text);
    if (m !== null) {
      this.addRange(m[2], m[3], `ipv${m[1]}`);
      return;
    }
    m = RegExpPrototypeExec(/^Subnet: IPv([46]) (\S+)\/(\d+)$/, text);
    if (m !== null) {
      this.addSubnet(m[2], NumberParseInt(m[3], 10), `ipv${m[1]}`);
    }
  }
}

module.exports = {
  BlockList,
};
