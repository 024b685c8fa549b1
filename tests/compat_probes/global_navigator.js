// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: global navigator
'use strict';
const d = Object.getOwnPropertyDescriptor(globalThis, "navigator");
console.log("navigator", "navigator" in globalThis ? 'present' : 'absent', d === undefined ? '-' : ('get' in d ? 'accessor' : typeof d.value));
