// Adapted from Node.js lib/_stream_wrap.js (MIT license, Node.js contributors).
// On the lines whose module list names it (up to 24); DEP0125 warns on load.
'use strict';

module.exports = require('internal/js_stream_socket');
require('internal/compat/profile').emitDeprecation('DEP0125');
