// node:net. The address helpers are real; sockets and servers are not built
// yet and throw ERR_NOT_IMPLEMENTED.
'use strict';

const { isIP, isIPv4, isIPv6 } = require('internal/net');
const { notImplemented, notImplementedClass } = require('internal/not_implemented');

let autoSelectFamilyDefault = true;
let autoSelectFamilyAttemptTimeoutDefault = 250;

module.exports = {
  isIP,
  isIPv4,
  isIPv6,
  Socket: notImplementedClass('net.Socket'),
  Server: notImplementedClass('net.Server'),
  Stream: notImplementedClass('net.Stream'),
  BlockList: notImplementedClass('net.BlockList'),
  SocketAddress: notImplementedClass('net.SocketAddress'),
  createServer: notImplemented('net.createServer'),
  createConnection: notImplemented('net.createConnection'),
  connect: notImplemented('net.connect'),
  getDefaultAutoSelectFamily: () => autoSelectFamilyDefault,
  setDefaultAutoSelectFamily: (v) => { autoSelectFamilyDefault = !!v; },
  getDefaultAutoSelectFamilyAttemptTimeout: () => autoSelectFamilyAttemptTimeoutDefault,
  setDefaultAutoSelectFamilyAttemptTimeout: (v) => { autoSelectFamilyAttemptTimeoutDefault = v; },
};
