// Parts of Node's API that nodus has not built yet throw ERR_NOT_IMPLEMENTED
// naming the API, so a program fails loudly instead of misbehaving.
'use strict';

const { codes: { ERR_NOT_IMPLEMENTED } } = require('internal/errors');

/** A function that throws ERR_NOT_IMPLEMENTED for `name` when called. */
function notImplemented(name) {
  return function() {
    throw new ERR_NOT_IMPLEMENTED(name);
  };
}

/** A class that throws ERR_NOT_IMPLEMENTED for `name` when constructed. */
function notImplementedClass(name) {
  const cls = {
    [name.slice(name.lastIndexOf('.') + 1)]: class {
      constructor() {
        throw new ERR_NOT_IMPLEMENTED(name);
      }
    },
  };
  return cls[name.slice(name.lastIndexOf('.') + 1)];
}

module.exports = { notImplemented, notImplementedClass };
