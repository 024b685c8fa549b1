// node:https. nodus has no TLS sockets yet: https.Agent exists (it is an
// http.Agent for port 443, so code that inspects or configures agents works),
// while everything that would open or accept a TLS connection throws
// ERR_NOT_IMPLEMENTED.
'use strict';

const { ObjectDefineProperty, ObjectSetPrototypeOf } = primordials;

const { Agent: HttpAgent } = require('_http_agent');
const { notImplemented, notImplementedClass } = require('internal/not_implemented');
const { URL } = require('internal/url');

function Agent(options) {
  if (!(this instanceof Agent)) return new Agent(options);
  HttpAgent.call(this, options);
  this.defaultPort = 443;
  this.protocol = 'https:';
  this.maxCachedSessions = this.options.maxCachedSessions;
  if (this.maxCachedSessions === undefined) this.maxCachedSessions = 100;
}
ObjectSetPrototypeOf(Agent.prototype, HttpAgent.prototype);
ObjectSetPrototypeOf(Agent, HttpAgent);

Agent.prototype.createConnection = notImplemented('https.Agent.prototype.createConnection');

let globalAgent;

// An invalid URL is refused as http.request refuses it, before TLS is needed.
function tlsEntryPoint(name) {
  const fail = notImplemented(name);
  return function(input) {
    if (typeof input === 'string') new URL(input);
    return fail();
  };
}

module.exports = {
  Agent,
  Server: notImplementedClass('https.Server'),
  createServer: notImplemented('https.createServer'),
  get: tlsEntryPoint('https.get'),
  request: tlsEntryPoint('https.request'),
};

ObjectDefineProperty(module.exports, 'globalAgent', {
  __proto__: null,
  configurable: true,
  enumerable: true,
  get() {
    globalAgent ??= new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 });
    return globalAgent;
  },
  set(value) {
    globalAgent = value;
  },
});
