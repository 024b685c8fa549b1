// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: deprecation DEP0182
// covers: api decipher.setAuthTag (short GCM tags without authTagLength)
'use strict';
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
try {
  const crypto = require('crypto');
  const key = Buffer.alloc(32, 1);
  const iv = Buffer.alloc(12, 2);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update('hello'), c.final()]);
  const tag = c.getAuthTag().subarray(0, 8);
  const d = crypto.createDecipheriv('aes-256-gcm', key, iv);
  d.setAuthTag(tag);
  console.log('plain', Buffer.concat([d.update(ct), d.final()]).toString());
  console.log('called');
} catch (e) {
  console.log('threw', e.code ?? e.name);
}
