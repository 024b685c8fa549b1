// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api Array.fromAsync
'use strict';
let target;
try {
  target = globalThis;
} catch (e) {
  console.log("Array.fromAsync", 'module throws', e.code);
  process.exit(0);
}
const path = ["Array", "fromAsync"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("Array.fromAsync", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
