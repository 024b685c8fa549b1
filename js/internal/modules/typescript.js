// Copyright Node.js contributors. All rights reserved. MIT license.
// Adapted from Node.js lib/internal/modules/typescript.js and the TypeScript
// parts of lib/internal/modules/cjs/loader.js and esm/get_format.js.
//
// Type stripping: `.ts`, `.mts` and `.cts` files run with their type-only
// syntax replaced by whitespace (op_loader_strip_types, src/loader/strip_types.rs),
// so positions are unchanged. Whether it is on is the line's `type_stripping`
// switch ("none" lines do not have it), overridden by
// --[no-]experimental-strip-types.
'use strict';

const {
  ObjectDefineProperty,
  SafeMap,
  StringPrototypeEndsWith,
  StringPrototypeIncludes,
  StringPrototypeStartsWith,
} = primordials;

const ops = internalBinding('ops');

let cachedMode;

/**
 * `process.features.typescript` as Node reports it: 'strip', 'transform',
 * false when turned off, undefined on lines without type stripping.
 */
function typeScriptMode() {
  if (cachedMode !== undefined) return cachedMode === null ? undefined : cachedMode;
  const profile = internalBinding('profile');
  const { getOptionValue } = require('internal/options');
  const line = profile.switches?.type_stripping;
  if (line === undefined || line === 'none') {
    cachedMode = null;
    return undefined;
  }
  if (profile.switches?.transform_types_flag && getOptionValue('--experimental-transform-types')) {
    cachedMode = 'transform';
  } else {
    cachedMode = negated ? false : 'strip';
  }
  return cachedMode;
}

// --no-experimental-strip-types (getOptionValue gives false also when it is not given).
let negated = false;

/** Called with the launch options: records --no-experimental-strip-types. */
function setOptions(bools) {
  negated = bools['experimental-strip-types'] === false;
  cachedMode = undefined;
}

/** Whether `.ts`/`.mts`/`.cts` files are stripped on this run. */
function enabled() {
  const mode = typeScriptMode();
  return mode === 'strip' || mode === 'transform';
}

function isTypeScriptFile(filename) {
  return StringPrototypeEndsWith(filename, '.ts') || StringPrototypeEndsWith(filename, '.mts') ||
    StringPrototypeEndsWith(filename, '.cts');
}

function isUnderNodeModules(filename) {
  return StringPrototypeIncludes(filename, '/node_modules/');
}

let transformWarned = false;

/**
 * Strips the types of `source` (the file `filename`); `kind` is 'module',
 * 'commonjs' or undefined (decided by the syntax). Throws Node's errors, with
 * the excerpt Node prints above them.
 */
function stripTypeScriptModuleTypes(source, filename, kind) {
  const { codes } = require('internal/errors');
  if (isUnderNodeModules(filename)) {
    throw new codes.ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING(filename);
  }
  if (typeScriptMode() === 'transform' && !transformWarned) {
    transformWarned = true;
    process.emitWarning('Transform Types is an experimental feature and might change at any time',
                        'ExperimentalWarning');
  }
  const result = ops.op_loader_strip_types(source, kind ?? '');
  if (result[0] !== null) return result[0];
  const [, type, message, line, snippet] = result;
  let err;
  if (type === 'unsupported' && typeScriptMode() === 'transform') {
    // Enums, namespaces and parameter properties need the transform, which nodus does not have.
    err = new codes.ERR_NOT_IMPLEMENTED(`--experimental-transform-types (${message})`);
  } else if (type === 'unsupported') {
    err = new codes.ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX(message);
  } else {
    err = new codes.ERR_INVALID_TYPESCRIPT_SYNTAX(message);
  }
  // Node puts amaro's excerpt above the error (decorateErrorWithSnippet), naming
  // the file by its URL for ES modules and, from Node 23, for CommonJS too.
  let name = filename;
  if (filename[0] === '/' && (kind === 'module' || !StringPrototypeStartsWith(process.version, 'v22.'))) {
    name = require('internal/url').pathToFileURL(filename).href;
  }
  ObjectDefineProperty(err, 'nodusArrow', {
    __proto__: null, value: `${name}:${line}\n${snippet}`, enumerable: false, configurable: true,
  });
  throw err;
}

const strippedCache = new SafeMap();

/** The stripped source of a `.ts` file with no package "type", cached for its loader. */
function stripFile(filename, kind) {
  const key = `${kind ?? ''}:${filename}`;
  let code = strippedCache.get(key);
  if (code === undefined) {
    const { stripBOM } = require('internal/modules/cjs/loader');
    code = stripTypeScriptModuleTypes(stripBOM(ops.op_fs_read_file_utf8(filename)), filename, kind);
    strippedCache.set(key, code);
  }
  return code;
}

/**
 * The module format of a TypeScript file, as Node's get_format decides it:
 * `.mts` is an ES module, `.cts` CommonJS, `.ts` follows the package "type"
 * and, without one, its own syntax (after stripping).
 */
function formatOf(filename, ext, scope) {
  const format = typeScriptFormat(filename, ext, scope);
  if (format === 'module') {
    // Stripped now, so that its errors are thrown as they are (the loader
    // would only pass on their class, message and code), and served to the
    // module loader from memory.
    const { pathToFileURL } = require('internal/url');
    ops.op_loader_set_module_source(pathToFileURL(filename).href, stripFile(filename, 'module'));
  }
  return format;
}

function typeScriptFormat(filename, ext, scope) {
  if (ext === '.mts') return 'module';
  if (ext === '.cts') return 'commonjs';
  const type = scope?.data.type;
  if (type === 'module') return 'module';
  if (type === 'commonjs') return 'commonjs';
  const detect = require('internal/modules/esm/detect');
  if (!detect.detectionEnabled()) return 'commonjs';
  return detect.containsModuleSyntax(stripFile(filename, undefined), filename) ? 'module' : 'commonjs';
}

/**
 * require() of `.ts`, `.cts` and `.mts` files (Node's loadTS/loadCTS). The
 * handlers are not enumerable: extension probing (`require('./x')`) does not
 * try them, as in Node.
 */
function installCommonJSExtensions(Module) {
  function compileCommonJS(module, filename, kind) {
    const { stripShebang } = require('internal/modules/cjs/loader');
    let code = stripShebang(stripFile(filename, kind));
    if (!StringPrototypeStartsWith(process.version, 'v22.')) {
      // From Node 23 the stripped code names itself by its URL (stack traces
      // show file:// URLs for CommonJS TypeScript too).
      code += `\n\n//# sourceURL=${require('internal/url').pathToFileURL(filename).href}`;
    }
    module._compile(code, filename);
  }
  function loadTS(module, filename) {
    const { getPackageScope } = require('internal/modules/esm/resolve');
    if (formatOf(filename, '.ts', getPackageScope(filename)) === 'module') {
      Module._extensions['.mjs'](module, filename);
    } else {
      compileCommonJS(module, filename, undefined);
    }
  }
  const define = (ext, fn) => ObjectDefineProperty(Module._extensions, ext, {
    __proto__: null, value: fn, writable: true, configurable: true, enumerable: false,
  });
  define('.ts', loadTS);
  define('.cts', (module, filename) => compileCommonJS(module, filename, 'commonjs'));
  define('.mts', (module, filename) => Module._extensions['.mjs'](module, filename));
}

/**
 * Whether the main entry `mainPath` (a TypeScript file) runs as an ES module.
 * Unlike the loader's check, stripping errors are thrown, to be reported with
 * Node's excerpt.
 */
function mainIsModule(mainPath) {
  let real;
  try {
    real = ops.op_fs_realpath(mainPath);
  } catch {
    return false; // Let CommonJS report the missing file as Node does.
  }
  const path = require('path');
  const ext = path.extname(real);
  const scope = ext === '.ts' ? require('internal/modules/esm/resolve').getPackageScope(real) : null;
  return formatOf(real, ext, scope) === 'module';
}

module.exports = {
  enabled,
  formatOf,
  installCommonJSExtensions,
  isTypeScriptFile,
  mainIsModule,
  setOptions,
  stripTypeScriptModuleTypes,
  typeScriptMode,
};
