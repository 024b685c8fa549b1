// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: deprecation DEP0147
'use strict';
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
try {
  const fs = require('fs');
  const os = require('os');
  const path = require('path');
  const dir = path.join(os.tmpdir(), `nodus-probe-dep0147-${process.pid}`);
  fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
  try {
    fs.rmdirSync(dir, { recursive: true });
  } finally {
    console.log('removed', !fs.existsSync(dir));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log('called');
} catch (e) {
  console.log('threw', e.code ?? e.name);
}
