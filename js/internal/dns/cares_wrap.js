// Adapted from Node.js src/cares_wrap.cc (MIT license, Node.js contributors).
// Node's internalBinding('cares_wrap') for nodus: getaddrinfo/getnameinfo run
// the system resolver on a blocking thread (as libuv does); a Resolver
// channel asks its servers itself (resolve*, reverse) through a small stub
// resolver (src/ext/net/resolver.rs).
'use strict';

const {
  ArrayFrom,
  ArrayPrototypeFilter,
  ArrayPrototypeForEach,
  ArrayPrototypeJoin,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  ArrayPrototypeReverse,
  NumberPrototypeToString,
  ObjectKeys,
  PromisePrototypeThen,
  PromiseResolve,
  ArrayPrototypeSlice,
  RegExpPrototypeExec,
  SafeArrayIterator,
  SafeSet,
  StringPrototypeSplit,
} = primordials;

const core = internalBinding('core');
const ops = internalBinding('ops');
const { callUserCallback } = require('internal/timers');
const { isIP } = require('internal/net');
const {
  codes: { ERR_INVALID_ARG_VALUE },
} = require('internal/errors');
const { UV_EINVAL } = require('internal/bindings/uv');

const DNS_ORDER_VERBATIM = 0;
const DNS_ORDER_IPV4_FIRST = 1;
const DNS_ORDER_IPV6_FIRST = 2;

class GetAddrInfoReqWrap {}
class GetNameInfoReqWrap {}
class QueryReqWrap {}

function complete(req, context, args) {
  callUserCallback(req.oncomplete, req, args, context);
  core.runNextTicks();
}

function sortByFamily(addresses, first) {
  const a = ArrayPrototypeFilter(addresses, (ip) => isIP(ip) === first);
  const b = ArrayPrototypeFilter(addresses, (ip) => isIP(ip) !== first);
  ArrayPrototypePush(a, ...new SafeArrayIterator(b));
  return a;
}

/** uv_getaddrinfo: `req.oncomplete(err, addresses)` once resolved. */
function getaddrinfo(req, hostname, family, hints, order) {
  const context = core.getAsyncContext();
  PromisePrototypeThen(ops.op_net_getaddrinfo(`${hostname}`, family | 0, hints | 0), (r) => {
    let err = r[0];
    let addresses = r[1];
    if (err === 0 && addresses.length === 0) err = -3008; // UV_EAI_NONAME
    if (err === 0 && order === DNS_ORDER_IPV4_FIRST) addresses = sortByFamily(addresses, 4);
    if (err === 0 && order === DNS_ORDER_IPV6_FIRST) addresses = sortByFamily(addresses, 6);
    complete(req, context, [err, addresses]);
  });
  return 0;
}

/** uv_getnameinfo: `req.oncomplete(err, hostname, service)`. */
function getnameinfo(req, host, port) {
  const context = core.getAsyncContext();
  PromisePrototypeThen(ops.op_net_getnameinfo(`${host}`, port >>> 0), (r) => {
    complete(req, context, [r[0], r[1], r[2]]);
  });
  return 0;
}

// c-ares's ares_strerror() messages, by ARES_* code.
const aresMessages = [
  'Successful completion',
  'DNS server returned answer with no data',
  'DNS server claims query was misformatted',
  'DNS server returned general failure',
  'Domain name not found',
  'DNS server does not implement requested operation',
  'DNS server refused query',
  'Misformatted DNS query',
  'Misformatted domain name',
  'Unsupported address family',
  'Misformatted DNS reply',
  'Could not contact DNS servers',
  'Timeout while contacting DNS servers',
  'End of file',
  'Error reading file',
  'Out of memory',
  'Channel is being destroyed',
  'Misformatted string',
  'Illegal flags specified',
  'Given hostname is not numeric',
  'Illegal hints flags specified',
  'c-ares library initialization not yet performed',
  'Error loading iphlpapi.dll',
  'Could not find GetNetworkParams function',
  'DNS query cancelled',
];
// Not a c-ares code: setServers() while queries are pending.
const ARES_EPENDING = 25;
aresMessages[ARES_EPENDING] = 'There are pending queries.';

function strerror(code) {
  return aresMessages[code] ?? 'unknown';
}

let systemServers;
// The name servers of /etc/resolv.conf, as c-ares reads them at start-up.
function readSystemServers() {
  if (systemServers !== undefined) return systemServers;
  systemServers = [];
  let text = '';
  try {
    text = ops.op_fs_read_file_utf8('/etc/resolv.conf');
  } catch {
    // No resolv.conf: c-ares falls back to a local server.
  }
  const lines = StringPrototypeSplit(text, '\n');
  for (let i = 0; i < lines.length; i++) {
    const m = RegExpPrototypeExec(/^\s*nameserver\s+(\S+)/, lines[i]);
    if (m !== null && isIP(m[1])) ArrayPrototypePush(systemServers, [m[1], 53]);
  }
  if (systemServers.length === 0) ArrayPrototypePush(systemServers, ['127.0.0.1', 53]);
  return systemServers;
}

const QTYPES = {
  __proto__: null,
  queryAny: 255, queryA: 1, queryAaaa: 28, queryCaa: 257, queryCname: 5, queryMx: 15,
  queryNs: 2, queryTxt: 16, querySrv: 33, queryPtr: 12, queryNaptr: 35, querySoa: 6,
  getHostByAddr: 12,
};
const TYPE_NAMES = {
  __proto__: null,
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA',
  33: 'SRV', 35: 'NAPTR', 257: 'CAA',
};

// One decoded record ({ t, ttl, a: texts, n: numbers }) as Node reports it.
function shape(r, any) {
  switch (r.t) {
    case 1:
    case 28:
      return any ? { address: r.a[0], ttl: r.ttl } : r.a[0];
    case 2:
    case 5:
    case 12:
      return any ? { value: r.a[0] } : r.a[0];
    case 15:
      return { exchange: r.a[0], priority: r.n[0] };
    case 16:
      return any ? { entries: r.a } : r.a;
    case 33:
      return { name: r.a[0], port: r.n[2], priority: r.n[0], weight: r.n[1] };
    case 35:
      return { flags: r.a[0], service: r.a[1], regexp: r.a[2], replacement: r.a[3],
               order: r.n[0], preference: r.n[1] };
    case 6:
      return { nsname: r.a[0], hostmaster: r.a[1], serial: r.n[0], refresh: r.n[1],
               retry: r.n[2], expire: r.n[3], minttl: r.n[4] };
    case 257:
      return { critical: r.n[0], [r.a[0]]: r.a[1] };
  }
}

// The in-addr.arpa / ip6.arpa name of an address, or null.
function reverseName(ip) {
  const family = isIP(ip);
  if (family === 4) {
    return `${ArrayPrototypeJoin(ArrayPrototypeReverse(StringPrototypeSplit(ip, '.')), '.')}.in-addr.arpa`;
  }
  if (family === 6) {
    const { parseIPv6 } = require('internal/net/socketaddress');
    const bytes = parseIPv6(ip);
    if (bytes === null) return null;
    const nibbles = [];
    for (let i = 15; i >= 0; i--) {
      ArrayPrototypePush(nibbles, NumberPrototypeToString(bytes[i] & 0xf, 16),
                        NumberPrototypeToString(bytes[i] >> 4, 16));
    }
    return `${ArrayPrototypeJoin(nibbles, '.')}.ip6.arpa`;
  }
  return null;
}

// The names /etc/hosts gives `ip`, in file order (c-ares looks there first
// for reverse lookups).
function hostsNames(ip) {
  let text = '';
  try {
    text = ops.op_fs_read_file_utf8('/etc/hosts');
  } catch {
    return [];
  }
  const { parseIPv4, parseIPv6 } = require('internal/net/socketaddress');
  const parse = (a) => (isIP(a) === 4 ? parseIPv4(a) : parseIPv6(a));
  const want = ArrayPrototypeJoin(parse(ip) ?? [], ',');
  const names = [];
  const lines = StringPrototypeSplit(text, '\n');
  for (let i = 0; i < lines.length; i++) {
    const fields = StringPrototypeSplit(StringPrototypeSplit(lines[i], '#')[0], /\s+/);
    const words = ArrayPrototypeFilter(fields, (w) => w !== '');
    if (words.length < 2 || !isIP(words[0])) continue;
    if (ArrayPrototypeJoin(parse(words[0]) ?? [], ',') !== want) continue;
    for (let j = 1; j < words.length; j++) ArrayPrototypePush(names, words[j]);
  }
  return names;
}

function makeQuery(binding) {
  const qtype = QTYPES[binding];
  return function(req, name) {
    let qname = name;
    if (binding === 'getHostByAddr') {
      qname = reverseName(name);
      if (qname === null) return UV_EINVAL;
      const names = hostsNames(name);
      if (names.length > 0) {
        // Node reports the aliases of the host entry (all but its first name).
        const context = core.getAsyncContext();
        PromisePrototypeThen(PromiseResolve(), () => complete(req, context, [0, ArrayPrototypeSlice(names, 1)]));
        return 0;
      }
    }
    const rid = ops.op_net_new();
    this.pending.add(rid);
    const context = core.getAsyncContext();
    const query = {
      name: `${qname}`,
      qtype,
      servers: this.getServers(),
      timeout: this.timeout,
      tries: this.tries,
      local4: this.localAddress?.[0] ?? null,
      local6: this.localAddress?.[1] ?? null,
    };
    PromisePrototypeThen(ops.op_net_dns_query(rid, query), (r) => {
      this.pending.delete(rid);
      ops.op_net_close(rid, false);
      const code = r[0];
      if (code !== '') {
        complete(req, context, [code]);
        return;
      }
      const records = r[1];
      const any = qtype === 255;
      // resolveAny lists each record with its `type` first.
      let result = ArrayPrototypeMap(records, (rec) =>
        (any ? { type: TYPE_NAMES[rec.t], ...shape(rec, true) } : shape(rec, false)));
      if (qtype === 6) result = result[0];
      const ttls = qtype === 1 || qtype === 28 ? ArrayPrototypeMap(records, (rec) => rec.ttl) : undefined;
      complete(req, context, [0, result, ttls]);
    });
    return 0;
  };
}

/** A c-ares channel: its servers, local address, timeout and tries, and the
 * queries in flight (closing their handles cancels them). */
class ChannelWrap {
  constructor(timeout, tries) {
    this.timeout = timeout;
    this.tries = tries;
    this.servers = null;
    this.pending = new SafeSet();
  }

  getServers() {
    const list = this.servers ?? readSystemServers();
    return ArrayPrototypeMap(list, (s) => [s[0], s[1]]);
  }

  // `servers` holds [family, address, port] entries (already validated).
  setServers(servers) {
    if (this.pending.size > 0) return ARES_EPENDING;
    this.servers = ArrayPrototypeMap(servers, (s) => (s.length === 3 ? [s[1], s[2]] : [s[0], s[1]]));
    return 0;
  }

  setLocalAddress(ipv4, ipv6) {
    const t4 = isIP(ipv4);
    if (t4 === 0) throw new ERR_INVALID_ARG_VALUE('localAddress', ipv4, 'is not a valid IP address');
    let v4 = t4 === 4 ? ipv4 : null;
    let v6 = t4 === 6 ? ipv4 : null;
    if (ipv6 !== undefined) {
      const t6 = isIP(ipv6);
      if (t6 === 0) throw new ERR_INVALID_ARG_VALUE('localAddress', ipv6, 'is not a valid IP address');
      if (t4 === t6) {
        throw new ERR_INVALID_ARG_VALUE('localAddress', ipv6,
                                        'must be of a different address family than the first address');
      }
      if (t6 === 4) v4 = ipv6; else v6 = ipv6;
    }
    this.localAddress = [v4, v6];
  }

  cancel() {
    for (const rid of new SafeArrayIterator(ArrayFrom(this.pending))) ops.op_net_close(rid, false);
  }
}

ArrayPrototypeForEach(ObjectKeys(QTYPES), (key) => {
  ChannelWrap.prototype[key] = makeQuery(key);
});

module.exports = {
  getaddrinfo,
  getnameinfo,
  strerror,
  AF_INET: 2,
  AF_INET6: 10,
  AF_UNSPEC: 0,
  AI_ADDRCONFIG: 32,
  AI_ALL: 16,
  AI_V4MAPPED: 8,
  DNS_ORDER_VERBATIM,
  DNS_ORDER_IPV4_FIRST,
  DNS_ORDER_IPV6_FIRST,
  GetAddrInfoReqWrap,
  GetNameInfoReqWrap,
  QueryReqWrap,
  ChannelWrap,
};
