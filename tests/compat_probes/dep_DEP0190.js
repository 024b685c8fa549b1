// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: deprecation DEP0190
'use strict';
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
try {
  const r = require('child_process').spawnSync('echo', ['a', 'b'], { shell: true, encoding: 'utf8' });
  console.log('stdout', JSON.stringify(r.stdout));
  console.log('called');
} catch (e) {
  console.log('threw', e.code ?? e.name);
}
