// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: switch watch_mode
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
  fs.writeFileSync(path.join(dir, 'once.js'), "console.log('ran'); process.exit(0);\n");
  const r = spawnSync(process.execPath, [...process.execArgv, '--watch', 'once.js'], { cwd: dir, encoding: 'utf8', timeout: 3000 });
  console.log('stdout', JSON.stringify((r.stdout || '').split('\n').filter((l) => l === 'ran')));
  console.log('ExperimentalWarning', /ExperimentalWarning/.test(r.stderr || ''));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
