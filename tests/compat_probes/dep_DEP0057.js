// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: deprecation DEP0057
'use strict';
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
try {
  console.log('result', require('util').isSymbol(1));
  console.log('called');
} catch (e) {
  console.log('threw', e.code ?? e.name);
}
