// Adapted from Node.js lib/_stream_readable.js (MIT license, Node.js contributors).
'use strict';

// Keep this file as an alias for the full stream module.

module.exports = require('stream').Readable;
