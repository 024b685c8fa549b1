// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api http.setGlobalProxyFromEnv
'use strict';
let target;
try {
  target = require('node:http');
} catch (e) {
  console.log("http.setGlobalProxyFromEnv", 'module throws', e.code);
  process.exit(0);
}
const path = ["setGlobalProxyFromEnv"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("http.setGlobalProxyFromEnv", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
