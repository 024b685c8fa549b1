// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: switch test_runner_default_patterns
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
  fs.mkdirSync(path.join(dir, 'test'));
  fs.writeFileSync(path.join(dir, 'test', 'helper.cjs'), "console.log('helper ran');\n");
  fs.writeFileSync(path.join(dir, 'a.test.js'), "require('node:test')('a', () => {});\n");
  const r = spawnSync(process.execPath, [...process.execArgv, '--test', '--test-reporter=tap'], { cwd: dir, encoding: 'utf8' });
  const out = r.stdout || '';
  console.log('status', r.status, 'tests', (out.match(/^# tests (\d+)/m) || [])[1], 'helper ran', /helper ran/.test(out));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
