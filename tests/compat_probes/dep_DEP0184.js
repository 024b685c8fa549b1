// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: deprecation DEP0184
'use strict';
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
try {
  const zlib = require('zlib');
  const g = zlib.Gzip();
  console.log('Gzip() without new', g instanceof zlib.Gzip);
  console.log('called');
} catch (e) {
  console.log('threw', e.code ?? e.name);
}
