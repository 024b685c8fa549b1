// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api Set.prototype.union
'use strict';
let target;
try {
  target = globalThis;
} catch (e) {
  console.log("Set.prototype.union", 'module throws', e.code);
  process.exit(0);
}
const path = ["Set", "prototype", "union"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("Set.prototype.union", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
