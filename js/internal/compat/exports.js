// Shapes a public built-in module's exports to the selected release line, once,
// when the loader first evaluates it (internal/bootstrap/loader requireBuiltin):
// - APIs the line lacks (profile.absent_apis: `util.isBoolean` under 24,
//   `buffer.SlowBuffer` under 26, `util.styleText` under 18) are removed;
// - exports whose DEP code the line deprecates are wrapped to warn through
//   internal/compat/profile emitDeprecation (once per code, Node's format);
// - modules whose loading warns on the line (`punycode`, DEP0040; experimental
//   `node:sqlite`) warn.
'use strict';

const {
  ArrayPrototypeIncludes,
  ObjectDefineProperty,
  ObjectPrototypeHasOwnProperty,
  SafeWeakSet,
  StringPrototypeIndexOf,
  StringPrototypeSlice,
} = primordials;

// [module id, export name, DEP code]: exports Node wraps in util.deprecate.
const kDeprecatedExports = [
  ['util', 'isArray', 'DEP0044'],
  ['util', 'isBoolean', 'DEP0045'],
  ['util', 'isBuffer', 'DEP0046'],
  ['util', 'isDate', 'DEP0047'],
  ['util', 'isError', 'DEP0048'],
  ['util', 'isFunction', 'DEP0049'],
  ['util', 'isNull', 'DEP0050'],
  ['util', 'isNullOrUndefined', 'DEP0051'],
  ['util', 'isNumber', 'DEP0052'],
  ['util', 'isObject', 'DEP0053'],
  ['util', 'isPrimitive', 'DEP0054'],
  ['util', 'isRegExp', 'DEP0055'],
  ['util', 'isString', 'DEP0056'],
  ['util', 'isSymbol', 'DEP0057'],
  ['util', 'isUndefined', 'DEP0058'],
  ['util', 'log', 'DEP0059'],
  ['util', '_extend', 'DEP0060'],
  ['os', 'tmpDir', 'DEP0022'],
  ['tls', 'createSecurePair', 'DEP0064'],
  ['crypto', 'createCipher', 'DEP0106'],
  ['crypto', 'createDecipher', 'DEP0106'],
  ['crypto', 'Hash', 'DEP0179'],
  ['crypto', 'Hmac', 'DEP0181'],
  ['fs', 'Stats', 'DEP0180'],
  ['buffer', 'SlowBuffer', 'DEP0030'],
];

// [module id, export name, DEP code]: data exports Node turns into warning getters
// (`fs.F_OK` on 24; Node names the constant in each message).
const kDeprecatedGetters = [
  ['fs', 'F_OK', 'DEP0176'],
  ['fs', 'R_OK', 'DEP0176'],
  ['fs', 'W_OK', 'DEP0176'],
  ['fs', 'X_OK', 'DEP0176'],
];

// Modules another id re-exports unchanged (`sys` is `util`).
const kAliases = { __proto__: null, sys: 'util' };

// Module id -> the experimental feature whose warning loading it prints.
const kExperimentalModules = { __proto__: null, sqlite: 'sqlite' };

function compat() {
  return require('internal/compat/profile');
}

function removeAbsent(id, exports, profile) {
  const { deletePath } = require('internal/compat/globals');
  const absent = profile.absent_apis;
  for (let i = 0; i < absent.length; i++) {
    const api = absent[i];
    const dot = StringPrototypeIndexOf(api, '.');
    if (dot === -1 || StringPrototypeSlice(api, 0, dot) !== id) continue;
    deletePath(exports, StringPrototypeSlice(api, dot + 1));
  }
}

function wrapDeprecated(id, exports) {
  const { deprecationLevel } = compat();
  for (let i = 0; i < kDeprecatedExports.length; i++) {
    const { 0: mod, 1: name, 2: code } = kDeprecatedExports[i];
    if (mod !== id || !ObjectPrototypeHasOwnProperty(exports, name)) continue;
    const level = deprecationLevel(code);
    if (level !== 'pending' && level !== 'application' && level !== 'runtime') continue;
    const fn = exports[name];
    if (typeof fn !== 'function') continue;
    const { deprecate } = require('internal/util');
    try {
      exports[name] = deprecate(fn, compat().deprecationMessage(code), code);
    } catch {
      // A frozen or accessor-only export stays as the module made it.
    }
  }
}

function wrapDeprecatedGetters(id, exports) {
  const { deprecationLevel, emitDeprecation } = compat();
  for (let i = 0; i < kDeprecatedGetters.length; i++) {
    const { 0: mod, 1: name, 2: code } = kDeprecatedGetters[i];
    if (mod !== id || !ObjectPrototypeHasOwnProperty(exports, name)) continue;
    const level = deprecationLevel(code);
    if (level !== 'pending' && level !== 'application' && level !== 'runtime') continue;
    const value = exports[name];
    const message = `${id}.${name} is deprecated, use ${id}.constants.${name} instead`;
    try {
      ObjectDefineProperty(exports, name, {
        __proto__: null,
        enumerable: false,
        configurable: true,
        get: function get() {
          emitDeprecation(code, get, { message });
          return value;
        },
      });
    } catch {
      // A non-configurable export stays as the module made it.
    }
  }
}

function warnOnLoad(id) {
  const { deprecationLevel, emitDeprecation, profile } = compat();
  if (id === 'punycode') {
    const level = deprecationLevel('DEP0040');
    // punycode.js itself warns under --pending-deprecation.
    const { getOptionValue } = require('internal/options');
    if ((level === 'runtime' || level === 'application') && !getOptionValue('--pending-deprecation')) {
      emitDeprecation('DEP0040', warnOnLoad);
    }
  }
  const feature = kExperimentalModules[id];
  if (feature !== undefined) {
    const experimental = profile().experimental ?? [];
    for (let i = 0; i < experimental.length; i++) {
      if (experimental[i].feature === feature && experimental[i].flag === undefined) {
        process.emitWarning(experimental[i].warning, 'ExperimentalWarning');
      }
    }
  }
}

/**
 * Applies the line to `exports` of the public built-in `id` (mutated in place)
 * and returns it. Called by the loader once per module, at run time only.
 */
const shaped = new SafeWeakSet();

function filterExports(id, exports) {
  if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) return exports;
  if (!shaped.has(exports)) {
    shaped.add(exports);
    const profile = compat().profile();
    const target = kAliases[id] ?? id;
    removeAbsent(target, exports, profile);
    wrapDeprecated(target, exports);
    wrapDeprecatedGetters(target, exports);
  }
  warnOnLoad(id);
  return exports;
}

/** Whether `id` is one filterExports changes on some line (for tests and tools). */
function isShaped(id) {
  for (let i = 0; i < kDeprecatedExports.length; i++) {
    if (kDeprecatedExports[i][0] === id) return true;
  }
  for (let i = 0; i < kDeprecatedGetters.length; i++) {
    if (kDeprecatedGetters[i][0] === id) return true;
  }
  return ArrayPrototypeIncludes(['punycode', 'sqlite'], id);
}

module.exports = { filterExports, isShaped };
