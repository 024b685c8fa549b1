// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api fs/promises.mkdtempDisposable
'use strict';
let target;
try {
  target = require('node:fs/promises');
} catch (e) {
  console.log("fs/promises.mkdtempDisposable", 'module throws', e.code);
  process.exit(0);
}
const path = ["mkdtempDisposable"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("fs/promises.mkdtempDisposable", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
