// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: deprecation DEP0106
// covers: api crypto.createCipher
// covers: api crypto.createDecipher
'use strict';
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
try {
  const crypto = require('crypto');
  console.log('createCipher', typeof crypto.createCipher, 'createDecipher', typeof crypto.createDecipher);
  console.log('called');
} catch (e) {
  console.log('threw', e.code ?? e.name);
}
