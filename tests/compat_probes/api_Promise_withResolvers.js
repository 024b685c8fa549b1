// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api Promise.withResolvers
'use strict';
let target;
try {
  target = globalThis;
} catch (e) {
  console.log("Promise.withResolvers", 'module throws', e.code);
  process.exit(0);
}
const path = ["Promise", "withResolvers"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("Promise.withResolvers", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
