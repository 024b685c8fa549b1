// Adapted from Node.js lib/dns/promises.js (MIT license, Node.js contributors).
'use strict';

module.exports = require('internal/dns/promises');
