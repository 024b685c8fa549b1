// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: switch web_storage
'use strict';
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
console.log('localStorage', 'localStorage' in globalThis, 'Storage', typeof globalThis.Storage);
