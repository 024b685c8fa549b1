// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: module node:sqlite
// covers: experimental sqlite
// covers: switch sqlite
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
for (const id of ["sqlite", "node:sqlite"]) {
  try {
    const m = require(id);
    console.log(id, 'loads', typeof m);
  } catch (e) {
    console.log(id, 'throws', e.code, e.message.split('\n')[0]);
  }
}
