// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api util.convertProcessSignalToExitCode
'use strict';
let target;
try {
  target = require('node:util');
} catch (e) {
  console.log("util.convertProcessSignalToExitCode", 'module throws', e.code);
  process.exit(0);
}
const path = ["convertProcessSignalToExitCode"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("util.convertProcessSignalToExitCode", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
