// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: api process.threadCpuUsage
'use strict';
console.log('process.threadCpuUsage', typeof process.threadCpuUsage === 'function' ? 'present' : 'absent');
