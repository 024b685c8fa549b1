// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: switch import_attributes_keyword
'use strict';
process.on('warning', (w) => console.log('warning', w.name, w.code ?? '-', w.message));
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
function run(args, cwd) {
  const r = spawnSync(process.execPath, [...process.execArgv, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, out: (r.stdout || '').trim().split('\n')[0], err: (r.stderr || '').trim().split('\n')[0] };
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodus-probe-'));
try {
  fs.writeFileSync(path.join(dir, 'data.json'), '{"a":1}');
  fs.writeFileSync(path.join(dir, 'assert.mjs'), "import d from './data.json' assert { type: 'json' };\nconsole.log(d.a);\n");
  fs.writeFileSync(path.join(dir, 'with.mjs'), "import d from './data.json' with { type: 'json' };\nconsole.log(d.a);\n");
  for (const f of ['assert.mjs', 'with.mjs']) {
    const r = run(['--no-warnings', f], dir);
    console.log(f, 'status', r.status, 'stdout', r.out);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
