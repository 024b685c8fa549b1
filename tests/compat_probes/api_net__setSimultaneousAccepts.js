// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api net._setSimultaneousAccepts
'use strict';
let target;
try {
  target = require('node:net');
} catch (e) {
  console.log("net._setSimultaneousAccepts", 'module throws', e.code);
  process.exit(0);
}
const path = ["_setSimultaneousAccepts"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("net._setSimultaneousAccepts", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
