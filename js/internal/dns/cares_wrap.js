// Adapted from Node.js src/cares_wrap.cc (MIT license, Node.js contributors).
// Node's internalBinding('cares_wrap') for nodus: getaddrinfo/getnameinfo run
// the system resolver on a blocking thread (as libuv does); a Resolver
// channel keeps its server list, but nodus has no DNS client, so its queries
// (resolve*, reverse) throw ERR_NOT_IMPLEMENTED.
'use strict';

const {
  ArrayPrototypeFilter,
  ArrayPrototypeForEach,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  PromisePrototypeThen,
  ObjectKeys,
  RegExpPrototypeExec,
  SafeArrayIterator,
  StringPrototypeSplit,
  StringPrototypeTrim,
} = primordials;

const core = internalBinding('core');
const ops = internalBinding('ops');
const { callUserCallback } = require('internal/timers');
const { isIP } = require('internal/net');
const {
  codes: { ERR_NOT_IMPLEMENTED, ERR_INVALID_ARG_VALUE },
} = require('internal/errors');

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

function notImplementedQuery(name) {
  return function() {
    throw new ERR_NOT_IMPLEMENTED(`dns.${name} (nodus has no DNS client)`);
  };
}

/** A c-ares channel: its servers and local address; queries are not built. */
class ChannelWrap {
  constructor(timeout, tries) {
    this.timeout = timeout;
    this.tries = tries;
    this.servers = null;
  }

  getServers() {
    const list = this.servers ?? readSystemServers();
    return ArrayPrototypeMap(list, (s) => [s[0], s[1]]);
  }

  // `servers` holds [family, address, port] entries (already validated).
  setServers(servers) {
    this.servers = ArrayPrototypeMap(servers, (s) => (s.length === 3 ? [s[1], s[2]] : [s[0], s[1]]));
    return 0;
  }

  setLocalAddress(ipv4, ipv6) {
    const t4 = isIP(ipv4);
    if (t4 === 0) throw new ERR_INVALID_ARG_VALUE('localAddress', ipv4, 'is not a valid IP address');
    if (ipv6 !== undefined) {
      const t6 = isIP(ipv6);
      if (t6 === 0) throw new ERR_INVALID_ARG_VALUE('localAddress', ipv6, 'is not a valid IP address');
      if (t4 === t6) {
        throw new ERR_INVALID_ARG_VALUE('localAddress', ipv6,
                                        'must be of a different address family than the first address');
      }
    }
    this.localAddress = [StringPrototypeTrim(ipv4), ipv6];
  }

  cancel() {}
}

const queries = {
  queryAny: 'resolveAny', queryA: 'resolve4', queryAaaa: 'resolve6', queryCaa: 'resolveCaa',
  queryCname: 'resolveCname', queryMx: 'resolveMx', queryNs: 'resolveNs', queryTxt: 'resolveTxt',
  querySrv: 'resolveSrv', queryPtr: 'resolvePtr', queryNaptr: 'resolveNaptr', querySoa: 'resolveSoa',
  getHostByAddr: 'reverse',
};
ArrayPrototypeForEach(ObjectKeys(queries), (key) => {
  ChannelWrap.prototype[key] = notImplementedQuery(queries[key]);
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
