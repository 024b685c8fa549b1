// Evaluated once, while the startup snapshot is built. Everything done here is
// frozen into the snapshot; nothing here may depend on the run (argv, env,
// profile): that is `internal/bootstrap/main`'s job.
'use strict';

const { ObjectDefineProperty } = primordials;

require('internal/bootstrap/node');

// The runtime's single entry point; removed on first use so user code never sees it.
ObjectDefineProperty(globalThis, '__nodus_main', {
  __proto__: null,
  configurable: true,
  enumerable: false,
  writable: true,
  value(options) {
    delete globalThis.__nodus_main;
    return require('internal/bootstrap/main').run(options);
  },
});
