// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: deprecation DEP0081
'use strict';
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
try {
  const fs = require('fs');
  const os = require('os');
  const path = require('path');
  const file = path.join(os.tmpdir(), `nodus-probe-dep0081-${process.pid}`);
  fs.writeFileSync(file, 'abc');
  const fd = fs.openSync(file, 'r+');
  try {
    fs.truncate(fd, 0, (err) => console.log('truncate callback', err ? err.code : 'ok'));
  } finally {
    setTimeout(() => { fs.closeSync(fd); fs.unlinkSync(file); }, 50);
  }
  console.log('called');
} catch (e) {
  console.log('threw', e.code ?? e.name);
}
