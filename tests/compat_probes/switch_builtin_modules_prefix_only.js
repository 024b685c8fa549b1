// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: switch builtin_modules_prefix_only
'use strict';
const { builtinModules, isBuiltin } = require('module');
const prefixed = builtinModules.filter((id) => id.startsWith('node:'));
console.log('node:test listed', prefixed.includes('node:test'), 'test listed', builtinModules.includes('test'));
console.log('every listed id is a built-in', builtinModules.every((id) => isBuiltin(id)));
console.log('prefixed ids last', builtinModules.slice(builtinModules.length - prefixed.length).every((id) => id.startsWith('node:')));
