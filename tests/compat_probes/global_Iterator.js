// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: global Iterator
'use strict';
const d = Object.getOwnPropertyDescriptor(globalThis, "Iterator");
console.log("Iterator", "Iterator" in globalThis ? 'present' : 'absent', d === undefined ? '-' : ('get' in d ? 'accessor' : typeof d.value));
