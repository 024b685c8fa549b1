// Adapted from Node.js lib/path/win32.js (MIT license, Node.js contributors).
'use strict';

module.exports = require('path').win32;
