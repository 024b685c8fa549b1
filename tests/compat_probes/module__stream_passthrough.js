// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: module _stream_passthrough
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
for (const id of ["_stream_passthrough", "node:_stream_passthrough"]) {
  try {
    const m = require(id);
    console.log(id, 'loads', typeof m);
  } catch (e) {
    console.log(id, 'throws', e.code, e.message.split('\n')[0]);
  }
}
