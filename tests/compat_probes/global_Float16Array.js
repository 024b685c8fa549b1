// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: global Float16Array
'use strict';
const d = Object.getOwnPropertyDescriptor(globalThis, "Float16Array");
console.log("Float16Array", "Float16Array" in globalThis ? 'present' : 'absent', d === undefined ? '-' : ('get' in d ? 'accessor' : typeof d.value));
