// Helpers shared by the fetch classes: the release line (Node 24+ bundles
// undici 7, whose WebIDL messages differ from undici 6's on 18-22) and
// undici's webidl.util.Stringify.
'use strict';

const {
  ObjectDefineProperty,
  String,
} = primordials;

let major;
/** True on the lines whose Node bundles undici 7 (24 and later). */
function isUndici7() {
  if (major === undefined) {
    try {
      major = require('internal/compat/profile').line();
    } catch {
      return true;
    }
  }
  return major >= 24;
}

/** undici's webidl.util.Stringify. */
function stringify(value) {
  switch (typeof value) {
    case 'symbol': return `Symbol(${value.description})`;
    case 'object':
    case 'function':
      if (value === null) return 'null';
      return require('internal/util/inspect').inspect(value);
    case 'string': return `"${value}"`;
    case 'bigint': return `${value}n`;
    default: return String(value);
  }
}

/** undici's bundle names its classes _Headers etc.; `name` stays the public one. */
function renameClass(cls, name) {
  ObjectDefineProperty(cls, 'name', { __proto__: null, value: name, configurable: true });
}

module.exports = { isUndici7, stringify, renameClass };
