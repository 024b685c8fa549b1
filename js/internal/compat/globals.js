// Shapes the global object and the built-in module list to the selected release
// line (compat/lines/<major>.yaml, RFC 0001). Called once per run by
// internal/bootstrap/main's setupGlobals, after every global is installed.
'use strict';

const {
  ArrayPrototypeIncludes,
  ObjectPrototypeHasOwnProperty,
  ReflectDeleteProperty,
  StringPrototypeIncludes,
  StringPrototypeSlice,
  StringPrototypeSplit,
  StringPrototypeStartsWith,
} = primordials;

/** The module id `require` uses for a compat-data module name (`node:sqlite` -> `sqlite`). */
function moduleIdOf(name) {
  return StringPrototypeStartsWith(name, 'node:') ? StringPrototypeSlice(name, 5) : name;
}

/**
 * Removes the API at `path` (`Promise.try`, `Array.prototype.toSorted`) from the
 * object graph under `root`, when every segment but the last resolves.
 */
function deletePath(root, path) {
  if (StringPrototypeIncludes(path, ' ') || StringPrototypeIncludes(path, '(')) return false;
  const parts = StringPrototypeSplit(path, '.');
  let target = root;
  for (let i = 0; i < parts.length - 1; i++) {
    if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return false;
    if (!ObjectPrototypeHasOwnProperty(target, parts[i])) return false;
    target = target[parts[i]];
  }
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return false;
  const last = parts[parts.length - 1];
  if (!ObjectPrototypeHasOwnProperty(target, last)) return false;
  return ReflectDeleteProperty(target, last);
}

/** Whether the first segment of `api` names a module of some line (then exports.js handles it). */
function isModuleApi(profile, api) {
  const head = StringPrototypeSplit(api, '.')[0];
  if (head === 'process') return false;
  return ArrayPrototypeIncludes(profile.modules, head) || ArrayPrototypeIncludes(profile.absent_modules, head);
}

/**
 * `process.assert` of lines before 23 (lib/internal/process/per_thread.js `assert`,
 * wrapped as DEP0100 by lib/internal/bootstrap/node.js).
 */
function installProcessAssert() {
  if (ObjectPrototypeHasOwnProperty(process, 'assert')) return;
  const { deprecate } = require('internal/util');
  const { codes: { ERR_ASSERTION } } = require('internal/errors');
  function assert(x, msg) {
    if (!x) throw new ERR_ASSERTION(msg || 'assertion error');
  }
  process.assert = deprecate(assert, require('internal/compat/profile').deprecationMessage('DEP0100'), 'DEP0100');
}

/**
 * Hides what the line lacks:
 * - globals another shipped line has and this one lacks (`navigator` under 20,
 *   `WebSocket` under 20, `CustomEvent` under 18);
 * - module ids another line has (`node:sqlite` under 20): `require` then fails as
 *   that Node line fails (ERR_UNKNOWN_BUILTIN_MODULE for `node:`, else MODULE_NOT_FOUND);
 * - ES and `process` APIs removed by or added after the line (`Promise.try` under 22,
 *   `process.assert` under 24); module exports are filtered by exports.js on load.
 */
function applyProfile(globalThis, profile) {
  const absentGlobals = profile.absent_globals ?? [];
  // Node 20 and 21 have the WebSocket global behind --experimental-websocket.
  const { getOptionValue } = require('internal/options');
  const keepWebSocket = getOptionValue('--experimental-websocket');
  const keepWebStorage = profile.switches?.web_storage === 'flag' && getOptionValue('--experimental-webstorage');
  for (let i = 0; i < absentGlobals.length; i++) {
    if (keepWebSocket && absentGlobals[i] === 'WebSocket') continue;
    // Lines 22 and 24 have Web Storage behind --experimental-webstorage.
    if (keepWebStorage && (absentGlobals[i] === 'Storage' || absentGlobals[i] === 'localStorage' ||
                           absentGlobals[i] === 'sessionStorage')) continue;
    ReflectDeleteProperty(globalThis, absentGlobals[i]);
  }
  const loader = internalBinding('loader');
  const absentModules = profile.absent_modules ?? [];
  if (typeof loader.hideBuiltin === 'function') {
    for (let i = 0; i < absentModules.length; i++) loader.hideBuiltin(moduleIdOf(absentModules[i]));
  }
  const absentApis = profile.absent_apis ?? [];
  const flagged = profile.flagged_apis ?? {};
  for (let i = 0; i < absentApis.length; i++) {
    const api = absentApis[i];
    if (isModuleApi(profile, api)) continue;
    // An API the line's engine has behind an option (`Math.sumPrecise`,
    // `--js-sum-precise`) stays when that option was given, as in Node.
    if (ObjectPrototypeHasOwnProperty(flagged, api) &&
        ArrayPrototypeIncludes(process.execArgv ?? [], flagged[api])) continue;
    deletePath(globalThis, api);
  }
  if (!ArrayPrototypeIncludes(absentApis, 'process.assert')) installProcessAssert();
  if (typeof loader.setExportsFilter === 'function') {
    loader.setExportsFilter(require('internal/compat/exports').filterExports);
  }
}

module.exports = { applyProfile, deletePath, isModuleApi, moduleIdOf };
