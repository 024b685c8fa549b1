// Adapted from Node.js lib/zlib.js (MIT license, Node.js contributors).
// node:zlib; the port itself lives in internal/zlib/zlib (streams, convenience
// methods, constants) over internal/zlib/binding (the native handles).
'use strict';

module.exports = require('internal/zlib/zlib');
