// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api Math.sumPrecise
'use strict';
let target;
try {
  target = globalThis;
} catch (e) {
  console.log("Math.sumPrecise", 'module throws', e.code);
  process.exit(0);
}
const path = ["Math", "sumPrecise"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("Math.sumPrecise", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
