// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: module _stream_wrap
// covers: deprecation DEP0125
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
for (const id of ["_stream_wrap", "node:_stream_wrap"]) {
  try {
    const m = require(id);
    console.log(id, 'loads', typeof m);
  } catch (e) {
    console.log(id, 'throws', e.code, e.message.split('\n')[0]);
  }
}
