// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: global Storage
'use strict';
const d = Object.getOwnPropertyDescriptor(globalThis, "Storage");
console.log("Storage", "Storage" in globalThis ? 'present' : 'absent', d === undefined ? '-' : ('get' in d ? 'accessor' : typeof d.value));
