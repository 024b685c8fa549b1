// Adapted from Node.js src/node_url.cc (MIT license, Node.js contributors).
// Node's internalBinding('url') over the `op_url_*` ops (the `url` crate in
// place of ada): parse and update return the href and leave the component
// offsets in `urlComponents`.
'use strict';

const { TypeError, Uint32Array } = primordials;

const ops = internalBinding('ops');

const urlComponents = new Uint32Array(9);

function parse(input, base, raiseException) {
  const href = ops.op_url_parse(input, base ?? '', base !== undefined, urlComponents);
  if (href === '') {
    if (raiseException) {
      // Thrown from C++ in Node: a TypeError whose name is not decorated with the code.
      const err = new TypeError('Invalid URL');
      err.code = 'ERR_INVALID_URL';
      err.input = input;
      if (base !== undefined) err.base = base;
      throw err;
    }
    return undefined;
  }
  return href;
}

function update(href, action, value) {
  const out = ops.op_url_update(href, action, value, urlComponents);
  return out === '' ? false : out;
}

function canParse(input, base) {
  return ops.op_url_can_parse(input, base ?? '', base !== undefined);
}

function format(href, fragment, unicode, search, auth) {
  return ops.op_url_format(href, fragment, unicode, search, auth);
}

function getOrigin(url) {
  const { URL } = require('internal/url');
  return new URL(url).origin;
}

module.exports = {
  urlComponents,
  parse,
  update,
  canParse,
  format,
  getOrigin,
  domainToASCII: (domain) => ops.op_url_domain_to_ascii(domain),
  domainToUnicode: (domain) => ops.op_url_domain_to_unicode(domain),
};
