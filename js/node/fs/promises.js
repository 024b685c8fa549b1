// node:fs/promises — the promise form of fs (see internal/fs/promises).
'use strict';

module.exports = require('internal/fs/promises').exports;
