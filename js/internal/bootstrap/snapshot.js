// Evaluated once, while the startup snapshot is built. Everything done here is
// frozen into the snapshot; nothing here may depend on the run (argv, env,
// profile): that is `internal/bootstrap/main`'s job.
'use strict';

const { ObjectDefineProperty } = primordials;

require('internal/bootstrap/node');

// Modules every run evaluates: evaluating them here puts their compiled
// functions and built objects in the snapshot instead of in every start-up.
// None of them reads the run's profile, options or environment at its top level.
for (const id of [
  'internal/bootstrap/main',
  'internal/bootstrap/web_globals',
  'internal/url',
  'internal/event_target',
  'internal/blob',
  'internal/webidl',
  'internal/perf/utils',
  'buffer',
  'util',
  'internal/process/env',
  'internal/process/stdio',
  'internal/process/execution',
  'internal/process/promises',
  'internal/process/warning',
  'internal/compat/profile',
  'internal/compat/globals',
  'internal/compat/exports',
  'internal/modules/cjs/loader',
  'internal/main/eval_string',
  'internal/main/run_main',
  'internal/modules/typescript',
  'internal/modules/esm/detect',
  'internal/modules/esm/loader',
  'internal/modules/esm/resolve',
  'internal/modules/esm/translators',
  // console.log's path: the global console and the stdout/stderr Writable.
  'internal/navigator',
  'internal/webstorage',
  'internal/websocket/websocket',
  'internal/url_pattern',
  'internal/console/global',
  'internal/streams/writable',
]) {
  require(id);
}

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
