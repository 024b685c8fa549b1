// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: deprecation DEP0181
'use strict';
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
try {
  const { Hmac } = require('crypto');
  console.log('digest', Hmac('sha256', 'k').update('x').digest('hex').slice(0, 8));
  console.log('called');
} catch (e) {
  console.log('threw', e.code ?? e.name);
}
