// Adapted from Node.js lib/sqlite.js (MIT license, Node.js contributors).
// node:sqlite: synchronous SQLite databases (js/internal/sqlite/database.js).
// The line's ExperimentalWarning, when it has one, is emitted on load by
// internal/compat/exports.
'use strict';

const {
  ObjectKeys,
  StringPrototypeStartsWith,
} = primordials;

const { DatabaseSync, StatementSync, Session, constants, backup } = require('internal/sqlite/database');

// Node 22 (checked on 22.23.3) has neither the Session export nor the
// authorizer constants; 24 and later have both.
if (require('internal/compat/profile').line() < 24) {
  const changesetOnly = {};
  const names = ObjectKeys(constants);
  for (let i = 0; i < names.length; i++) {
    if (StringPrototypeStartsWith(names[i], 'SQLITE_CHANGESET_')) changesetOnly[names[i]] = constants[names[i]];
  }
  module.exports = { DatabaseSync, StatementSync, constants: changesetOnly, backup };
} else {
  module.exports = { DatabaseSync, StatementSync, Session, constants, backup };
}
