// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api Uint8Array.fromBase64
'use strict';
let target;
try {
  target = globalThis;
} catch (e) {
  console.log("Uint8Array.fromBase64", 'module throws', e.code);
  process.exit(0);
}
const path = ["Uint8Array", "fromBase64"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("Uint8Array.fromBase64", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
