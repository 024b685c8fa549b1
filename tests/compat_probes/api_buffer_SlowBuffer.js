// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api buffer.SlowBuffer
'use strict';
let target;
try {
  target = require('node:buffer');
} catch (e) {
  console.log("buffer.SlowBuffer", 'module throws', e.code);
  process.exit(0);
}
const path = ["SlowBuffer"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("buffer.SlowBuffer", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
