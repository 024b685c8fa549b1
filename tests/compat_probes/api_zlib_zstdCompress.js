// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api zlib.zstdCompress
'use strict';
let target;
try {
  target = require('node:zlib');
} catch (e) {
  console.log("zlib.zstdCompress", 'module throws', e.code);
  process.exit(0);
}
const path = ["zstdCompress"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("zlib.zstdCompress", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
