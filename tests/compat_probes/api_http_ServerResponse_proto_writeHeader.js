// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api http.ServerResponse.prototype.writeHeader
'use strict';
let target;
try {
  target = require('node:http');
} catch (e) {
  console.log("http.ServerResponse.prototype.writeHeader", 'module throws', e.code);
  process.exit(0);
}
const path = ["ServerResponse", "prototype", "writeHeader"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("http.ServerResponse.prototype.writeHeader", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
