// Adapted from Node.js lib/util/types.js (MIT license, Node.js contributors).
'use strict';

module.exports = require('internal/util/types');
