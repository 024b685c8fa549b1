// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api v8.setHeapProfileNearHeapLimit
'use strict';
let target;
try {
  target = require('node:v8');
} catch (e) {
  console.log("v8.setHeapProfileNearHeapLimit", 'module throws', e.code);
  process.exit(0);
}
const path = ["setHeapProfileNearHeapLimit"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("v8.setHeapProfileNearHeapLimit", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
