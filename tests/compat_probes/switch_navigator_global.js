// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: switch navigator_global
'use strict';
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
console.log('navigator', typeof globalThis.navigator, typeof globalThis.navigator?.hardwareConcurrency);
