// ES module facades of non-ESM modules (Node's lib/internal/modules/esm/translators.js):
// built-ins, CommonJS and JSON. The `evaluate(format, url)` hook returns the
// facade's `{ source }` at resolution time; the facade fetches the module's value
// when it runs, through `globalThis[Symbol.for('nodus.esm.take')](url)`.
'use strict';

const {
  ArrayPrototypePush,
  JSONStringify,
  ObjectDefineProperty,
  ObjectKeys,
  RegExpPrototypeExec,
  SafeSet,
  StringPrototypeEndsWith,
  StringPrototypeSlice,
  StringPrototypeStartsWith,
  StringPrototypeTrim,
  SymbolFor,
} = primordials;

const ops = internalBinding('ops');
const { fileURLToPath } = require('internal/url');

const kTake = SymbolFor('nodus.esm.take');

/** The ESM source that fetches a module's value when it runs and re-exports it. */
function facade(url, names) {
  let src = `const m = globalThis[Symbol.for('nodus.esm.take')](${JSONStringify(url)});\nexport default m;\n`;
  const specs = [];
  let i = 0;
  for (const name of names) {
    if (name === 'default') continue;
    src += `const e${i} = m == null ? undefined : m[${JSONStringify(name)}];\n`;
    ArrayPrototypePush(specs, `e${i} as ${JSONStringify(name)}`);
    i++;
  }
  if (specs.length) src += `export { ${specs.join(', ')} };\n`;
  return src;
}

/** Runs (or finds in its cache) the module behind a facade: `take(url)`. */
function take(url) {
  if (StringPrototypeStartsWith(url, 'node:')) return require(StringPrototypeSlice(url, 5));
  if (customHooks !== null) {
    // A CommonJS module whose source came from module.registerHooks() load hooks.
    const hooked = customHooks.takeCommonJS(url);
    if (hooked !== undefined) return hooked.value;
  }
  if (StringPrototypeStartsWith(url, 'nodus-error:')) require('internal/modules/esm/resolve').throwFailedResolution(url);
  if (StringPrototypeStartsWith(url, 'data:') || StringPrototypeEndsWith(url, '.json')) {
    // JSON imported without `with { type: 'json' }`.
    const { codes: { ERR_IMPORT_ASSERTION_TYPE_MISSING } } = require('internal/errors');
    throw new ERR_IMPORT_ASSERTION_TYPE_MISSING(url, 'json');
  }
  const filename = fileURLToPath(url);
  if (StringPrototypeEndsWith(filename, '.json')) {
    const { codes: { ERR_IMPORT_ASSERTION_TYPE_MISSING } } = require('internal/errors');
    throw new ERR_IMPORT_ASSERTION_TYPE_MISSING(url, 'json');
  }
  const { Module } = require('internal/modules/cjs/loader');
  return Module._load(filename, null, false);
}

/** Defines the non-enumerable `globalThis[Symbol.for('nodus.esm.take')]` once. */
function installTake() {
  ObjectDefineProperty(globalThis, kTake, {
    __proto__: null, value: take, writable: false, enumerable: false, configurable: false,
  });
}

const identStart = /^[A-Za-z_$][\w$]*$/;

/** Export names found in CommonJS source, as cjs-module-lexer finds them (a subset). */
function lexNames(source) {
  const names = new SafeSet();
  const reexports = [];
  let m;
  const assign = /(?:^|[^.\w$])(?:module\.)?exports\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*(['"])([^'"]+)\2\s*\])\s*=[^=]/g;
  while ((m = RegExpPrototypeExec(assign, source)) !== null) names.add(m[1] ?? m[3]);
  const define = /Object\.defineProperty\(\s*(?:module\.)?exports\s*,\s*(['"])([^'"]+)\1/g;
  while ((m = RegExpPrototypeExec(define, source)) !== null) names.add(m[2]);
  const literal = /module\.exports\s*=\s*\{([^{}]*)\}/g;
  while ((m = RegExpPrototypeExec(literal, source)) !== null) {
    for (let part of m[1].split(',')) {
      part = StringPrototypeTrim(part);
      if (!part) continue;
      if (StringPrototypeStartsWith(part, '...')) {
        const rm = RegExpPrototypeExec(/^\.\.\.\s*require\(\s*(['"])([^'"]+)\1\s*\)$/, part);
        if (rm) ArrayPrototypePush(reexports, rm[2]);
        continue;
      }
      // As cjs-module-lexer: identifier keys only (`a`, `a: b`), not quoted ones.
      const km = RegExpPrototypeExec(/^([A-Za-z_$][\w$]*)\s*(?::|$)/, part);
      if (km) names.add(km[1]);
    }
  }
  const reexport = /module\.exports\s*=\s*require\(\s*(['"])([^'"]+)\1\s*\)/g;
  while ((m = RegExpPrototypeExec(reexport, source)) !== null) ArrayPrototypePush(reexports, m[2]);
  return { names, reexports };
}

function evaluateBuiltin(url) {
  const value = require(StringPrototypeSlice(url, 5));
  const names = [];
  if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
    for (const k of ObjectKeys(value)) {
      if (RegExpPrototypeExec(identStart, k) !== null) ArrayPrototypePush(names, k);
    }
  }
  return { source: facade(url, names) };
}

/** Export names of a CommonJS file, following re-exports as Node's lexer does. */
function commonJSNames(filename, names, depth) {
  let source = '';
  try {
    source = ops.op_fs_read_file_utf8(filename);
  } catch {
    return;
  }
  const lexed = lexNames(source);
  for (const n of lexed.names) names.add(n);
  if (depth > 8) return;
  const { Module } = require('internal/modules/cjs/loader');
  for (const spec of lexed.reexports) {
    let resolved;
    try {
      const parent = new Module(filename, null);
      parent.filename = filename;
      parent.paths = Module._nodeModulePaths(require('path').dirname(filename));
      resolved = Module._resolveFilename(spec, parent, false);
    } catch {
      continue;
    }
    if (Module.isBuiltin(resolved)) {
      const value = require(StringPrototypeStartsWith(resolved, 'node:') ? StringPrototypeSlice(resolved, 5) : resolved);
      if (value !== null && typeof value === 'object') for (const k of ObjectKeys(value)) names.add(k);
    } else if (!StringPrototypeEndsWith(resolved, '.json')) {
      commonJSNames(resolved, names, depth + 1);
    }
  }
}

// module.registerHooks() hooks, set on the first registration (see cjs/loader).
let customHooks = null;
function setCustomizationHooks(hooks) {
  customHooks = hooks;
}

function evaluateCommonJS(url) {
  const names = new SafeSet();
  const hooked = customHooks?.commonJSSource(url);
  if (hooked !== undefined) {
    for (const n of lexNames(hooked).names) names.add(n);
    return { source: facade(url, names) };
  }
  commonJSNames(fileURLToPath(url), names, 0);
  return { source: facade(url, names) };
}

/**
 * The ESM `evaluate` hook: `(format, url) -> { source }`, the facade of a
 * non-ESM module. It runs when the module is resolved, before it is evaluated,
 * so it must not run the module itself (the facade does, through `take`).
 */
function evaluate(format, url) {
  if (format === 'builtin') return evaluateBuiltin(url);
  if (format === 'commonjs') return evaluateCommonJS(url);
  if (format === 'json') return { source: facade(url, []) };
  if (format === 'error') return { source: `globalThis[Symbol.for('nodus.esm.take')](${JSONStringify(url)});\n` };
  const { codes: { ERR_UNKNOWN_MODULE_FORMAT } } = require('internal/errors');
  throw new ERR_UNKNOWN_MODULE_FORMAT(format, url);
}

module.exports = { evaluate, installTake, lexNames, setCustomizationHooks, take };
