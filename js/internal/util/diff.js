// Adapted from Node.js lib/internal/util/diff.js (MIT license, Node.js contributors).
'use strict';

const {
  ArrayIsArray,
  ArrayPrototypeReverse,
} = primordials;

const { validateStringArray, validateString } = require('internal/validators');
const { myersDiff } = require('internal/assert/myers_diff');

function validateInput(value, name) {
  if (!ArrayIsArray(value)) {
    validateString(value, name);
    return;
  }

  validateStringArray(value, name);
}

/**
 * util.diff(): the edit script between two strings or two string arrays, as
 * [operation, value] pairs (-1 delete, 0 keep, 1 insert) in order.
 * @param {Array | string} actual
 * @param {Array | string} expected
 * @returns {Array}
 */
function diff(actual, expected) {
  if (actual === expected) {
    return [];
  }

  validateInput(actual, 'actual');
  validateInput(expected, 'expected');

  return ArrayPrototypeReverse(myersDiff(actual, expected));
}

module.exports = {
  diff,
};
