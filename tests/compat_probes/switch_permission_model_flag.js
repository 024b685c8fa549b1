// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: switch permission_model_flag
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
  for (const flag of ['--permission', '--experimental-permission']) {
    const r = run([flag, '-e', 'console.log(typeof process.permission)'], dir);
    console.log(flag, 'status', r.status, 'stdout', r.out);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
