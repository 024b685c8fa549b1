// Adapted from Node.js lib/path/posix.js (MIT license, Node.js contributors).
'use strict';

module.exports = require('path').posix;
