// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api module.registerHooks
'use strict';
let target;
try {
  target = require('node:module');
} catch (e) {
  console.log("module.registerHooks", 'module throws', e.code);
  process.exit(0);
}
const path = ["registerHooks"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("module.registerHooks", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
