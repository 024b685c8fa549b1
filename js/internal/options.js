// Command-line option values, as Node's internal `getOptionValue` gives them.
'use strict';

const { ObjectFreeze, StringPrototypeSlice, StringPrototypeStartsWith } = primordials;

let bools = { __proto__: null };
let values = { __proto__: null };

// Defaults for boolean options that are on unless negated.
const defaultOn = ObjectFreeze({
  __proto__: null, warnings: true, deprecation: true, addons: true, 'global-search-paths': true,
});

function setOptions(options) {
  bools = { __proto__: null, ...options.bools };
  values = { __proto__: null, ...options.values };
}

function getOptionValue(name) {
  const key = StringPrototypeSlice(name, 2);
  if (key in values) {
    const v = values[key];
    return key === 'require' || key === 'import' || key === 'conditions' || key === 'disable-warning' ? v : v[v.length - 1];
  }
  if (key in bools) return bools[key];
  // As in Node, `--no-<flag>` reads true when the flag was negated.
  if (StringPrototypeStartsWith(key, 'no-')) return bools[StringPrototypeSlice(key, 3)] === false;
  if (key in defaultOn) return defaultOn[key];
  if (key === 'require' || key === 'import' || key === 'conditions' || key === 'disable-warning') return [];
  return key in values ? undefined : false;
}

module.exports = { setOptions, getOptionValue };
