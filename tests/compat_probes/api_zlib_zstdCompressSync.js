// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api zlib.zstdCompressSync
'use strict';
let target;
try {
  target = require('node:zlib');
} catch (e) {
  console.log("zlib.zstdCompressSync", 'module throws', e.code);
  process.exit(0);
}
const path = ["zstdCompressSync"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("zlib.zstdCompressSync", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
