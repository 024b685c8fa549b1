// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: deprecation DEP0121
'use strict';
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
try {
  const net = require('net');
  console.log('_setSimultaneousAccepts', typeof net._setSimultaneousAccepts);
  net._setSimultaneousAccepts();
  console.log('called');
} catch (e) {
  console.log('threw', e.code ?? e.name);
}
