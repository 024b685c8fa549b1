// Probe (run under every line by tests/compat_probes.rs; compared with real Node by tests/compat_real_node.rs).
// covers: version version
// covers: version versions.ares
// covers: version versions.cldr
// covers: version versions.icu
// covers: version versions.llhttp
// covers: version versions.modules
// covers: version versions.napi
// covers: version versions.nghttp2
// covers: version versions.openssl
// covers: version versions.sqlite
// covers: version versions.unicode
// covers: version versions.uv
// covers: version versions.v8
// covers: version versions.zlib
// covers: release release.lts
'use strict';
console.log('version', process.version);
console.log('release.lts', process.release.lts ?? 'absent');
for (const key of ['ares', 'cldr', 'icu', 'llhttp', 'modules', 'napi', 'nghttp2', 'node', 'openssl', 'sqlite', 'unicode', 'uv', 'v8', 'zlib']) {
  console.log(`versions.${key}`, process.versions[key] ?? 'absent');
}
