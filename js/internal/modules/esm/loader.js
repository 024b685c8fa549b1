// The ES module loader's start-up: installs the `resolve`/`evaluate` hooks the
// Rust module loader calls (src/loader) and runs an ESM entry point.
'use strict';

const {
  ArrayPrototypeIncludes,
  ObjectDefineProperty,
  RegExpPrototypeExec,
  StringPrototypeIndexOf,
  StringPrototypeRepeat,
  StringPrototypeSlice,
  StringPrototypeSplit,
} = primordials;

const ops = internalBinding('ops');

let installed = false;

/** Installs the resolve/evaluate hooks once per run. */
function initializeHooks() {
  if (installed) return;
  installed = true;
  const { resolveHook, metaResolve } = require('internal/modules/esm/resolve');
  const { evaluate, installTake } = require('internal/modules/esm/translators');
  installTake();
  ops.op_loader_set_hooks(resolveHook, evaluate, metaResolve);
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

function sourceLineOf(url, lineNumber) {
  try {
    const { fileURLToPath } = require('internal/url');
    const source = ops.op_fs_read_file_utf8(fileURLToPath(url));
    return StringPrototypeSplit(source, '\n')[lineNumber - 1];
  } catch {
    return undefined;
  }
}

function setArrow(err, url, lineNumber, column, width) {
  const line = sourceLineOf(url, lineNumber);
  if (line === undefined) return;
  let pad = '';
  for (let i = 0; i < column - 1; i++) pad += line[i] === '\t' ? '\t' : ' ';
  ObjectDefineProperty(err, 'nodusArrow', {
    __proto__: null, value: `${url}:${lineNumber}\n${line}\n${pad}${StringPrototypeRepeat('^', width)}\n`,
    enumerable: false, configurable: true,
  });
}

const commonJSGlobals = ['require', 'module', 'exports', '__filename', '__dirname'];

/**
 * A CommonJS variable used in an ES module: Node's hint (module_job.js), given
 * before the stack is first read so that it shows the new message.
 */
function explainCommonJSGlobal(err) {
  if (err.name !== 'ReferenceError' || typeof err.message !== 'string') return;
  const m = RegExpPrototypeExec(/^(\S+) is not defined$/, err.message);
  if (m === null || !ArrayPrototypeIncludes(commonJSGlobals, m[1])) return;
  err.message += ' in ES module scope';
  if (m[1] === 'require') err.message += ', you can use import instead';
  const frame = RegExpPrototypeExec(/\n {4}at (?:.*? \()?(file:\/\/[^\s()]+\.js):\d+:\d+\)?/, `${err.stack}`);
  if (frame === null) return;
  const { fileURLToPath } = require('internal/url');
  const scope = require('internal/modules/esm/resolve').getPackageScope(fileURLToPath(frame[1]));
  if (scope?.data.type === 'module') {
    err.message += "\nThis file is being treated as an ES module because it has a '.js' file extension and '" +
      `${scope.dir}/package.json' contains "type": "module". To treat it as a CommonJS script, rename it to use the '.cjs' file extension.`;
  }
  err.stack = `${err.name}: ${err.message}${StringPrototypeSlice(`${err.stack}`, StringPrototypeIndexOf(`${err.stack}`, '\n    at '))}`;
}

/**
 * Gives an error from an ES module the throw-site arrow Node prints. deno_core
 * rebuilds link and syntax errors with the location in their message
 * ("... at file:///x.mjs:1:10"); those get their plain message back.
 */
function decorateESMError(err) {
  if (err === null || typeof err !== 'object' || err.nodusArrow) return err;
  try {
    explainCommonJSGlobal(err);
    const m = RegExpPrototypeExec(/^([\s\S]*) at (file:\/\/[^\s]+):(\d+):(\d+)$/, `${err.message}`);
    if (m !== null && err.name === 'SyntaxError') {
      const [, message, url, ln, col] = m;
      err.message = message;
      err.stack = `SyntaxError: ${message}`;
      const name = RegExpPrototypeExec(/does not provide an export named '([^']+)'/, message);
      setArrow(err, url, +ln, +col, name ? name[1].length : 1);
      return err;
    }
    const frame = RegExpPrototypeExec(/\n {4}at (?:.*? \()?(file:\/\/[^\s()]+):(\d+):(\d+)\)?/, `${err.stack}`);
    if (frame !== null) setArrow(err, frame[1], +frame[2], +frame[3], 1);
  } catch {
    // Best effort: the error prints without its arrow.
  }
  return err;
}

/** Serves `source` as the ES module at `url` (string input, `data:` URLs). */
function registerSource(url, source) {
  require('internal/modules/esm/resolve').registerInMemory(url);
  ops.op_loader_set_module_source(url, source);
}

/** Imports the module at the absolute URL `url`; returns its evaluation promise. */
function importModule(url) {
  initializeHooks();
  return import(url);
}

/** Imports `specifier` as a module at `parentURL` would (--import); returns the namespace promise. */
async function importFrom(specifier, parentURL) {
  initializeHooks();
  const { resolve } = require('internal/modules/esm/resolve');
  const { url } = resolve(specifier, parentURL, true);
  return import(url);
}

/** Imports the main ES module; returns its evaluation promise. */
function runMainESM(mainPath) {
  const { pathToFileURL } = require('internal/url');
  initializeHooks();
  return import(pathToFileURL(mainPath).href).then(undefined, (err) => {
    throw decorateESMError(err);
  });
}

module.exports = {
  initializeHooks, shouldUseESMLoader, runMainESM, decorateESMError, registerSource, importModule, importFrom,
};
