// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: switch stream_high_water_mark
'use strict';
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
const stream = require('stream');
console.log('getDefaultHighWaterMark', typeof stream.getDefaultHighWaterMark === 'function' ? stream.getDefaultHighWaterMark(false) : 'absent');
console.log('readableHighWaterMark', new stream.Readable({ read() {} }).readableHighWaterMark);
