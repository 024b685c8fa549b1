// Adapted from Node.js lib/assert/strict.js (MIT license, Node.js contributors).
'use strict';

module.exports = require('assert').strict;
