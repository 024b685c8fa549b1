// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: deprecation DEP0178
'use strict';
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
try {
  const fs = require('fs');
  const [d] = fs.readdirSync(__dirname, { withFileTypes: true });
  console.log('path', typeof d.path, 'parentPath', typeof d.parentPath);
  console.log('called');
} catch (e) {
  console.log('threw', e.code ?? e.name);
}
