// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: deprecation DEP0176
// covers: api fs.F_OK
// covers: api fs.R_OK
// covers: api fs.W_OK
// covers: api fs.X_OK
'use strict';
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
try {
  const fs = require('fs');
  console.log('F_OK', fs.F_OK);
  console.log('R_OK W_OK X_OK', typeof fs.R_OK, typeof fs.W_OK, typeof fs.X_OK);
  console.log('called');
} catch (e) {
  console.log('threw', e.code ?? e.name);
}
