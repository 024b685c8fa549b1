// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api crypto.KeyObject.prototype.toCryptoKey
'use strict';
let target;
try {
  target = require('node:crypto');
} catch (e) {
  console.log("crypto.KeyObject.prototype.toCryptoKey", 'module throws', e.code);
  process.exit(0);
}
const path = ["KeyObject", "prototype", "toCryptoKey"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("crypto.KeyObject.prototype.toCryptoKey", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
