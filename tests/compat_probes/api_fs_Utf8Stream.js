// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api fs.Utf8Stream
'use strict';
const { Utf8Stream } = require('fs');
console.log('fs.Utf8Stream', typeof Utf8Stream);
if (typeof Utf8Stream === 'function') {
  const s = new Utf8Stream({ fd: 1, sync: true });
  s.write('written through Utf8Stream\n');
  console.log(s.contentMode, s.minLength, s.sync, s.append);
}
