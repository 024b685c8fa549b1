// The ES module loader's start-up: installs the `resolve`/`evaluate` hooks the
// Rust module loader calls (src/loader) and runs an ESM entry point.
'use strict';

const ops = internalBinding('ops');

let installed = false;

/** Installs the resolve/evaluate hooks once per run. */
function initializeHooks() {
  if (installed) return;
  installed = true;
  const { resolveHook } = require('internal/modules/esm/resolve');
  const { evaluate, installTake } = require('internal/modules/esm/translators');
  installTake();
  ops.op_loader_set_hooks(resolveHook, evaluate);
}

/** Whether the entry file `mainPath` (absolute) is run as an ES module. */
function shouldUseESMLoader(mainPath) {
  const { formatOf } = require('internal/modules/esm/resolve');
  let real = mainPath;
  try {
    real = ops.op_fs_realpath(mainPath);
  } catch {
    return false; // Let CommonJS report the missing file as Node does.
  }
  try {
    return formatOf(real) === 'module';
  } catch {
    return false;
  }
}

/** Imports the main ES module; returns its evaluation promise. */
function runMainESM(mainPath) {
  const { pathToFileURL } = require('internal/url');
  initializeHooks();
  return import(pathToFileURL(mainPath).href);
}

module.exports = { initializeHooks, shouldUseESMLoader, runMainESM };
