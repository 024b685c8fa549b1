// Adapted from Node.js lib/internal/events/symbols.js (MIT license, Node.js contributors).
'use strict';

const {
  Symbol,
} = primordials;

const kFirstEventParam = Symbol('kFirstEventParam');

module.exports = {
  kFirstEventParam,
};
