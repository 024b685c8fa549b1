// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api url.URLPattern
'use strict';
let target;
try {
  target = require('node:url');
} catch (e) {
  console.log("url.URLPattern", 'module throws', e.code);
  process.exit(0);
}
const path = ["URLPattern"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("url.URLPattern", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
