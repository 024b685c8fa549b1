// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api zlib.crc32
'use strict';
let target;
try {
  target = require('node:zlib');
} catch (e) {
  console.log("zlib.crc32", 'module throws', e.code);
  process.exit(0);
}
const path = ["crc32"];
for (let i = 0; i < path.length - 1 && target != null; i++) target = target[path[i]];
console.log("zlib.crc32", target != null && path[path.length - 1] in Object(target) ? 'present' : 'absent');
