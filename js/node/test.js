// Adapted from Node.js lib/test.js (MIT license, Node.js contributors).
'use strict';

const {
  ObjectAssign,
  ObjectDefineProperty,
} = primordials;

const { test, suite, before, after, beforeEach, afterEach, getTestContext } = require('internal/test_runner/harness');
const { run } = require('internal/test_runner/runner');

module.exports = test;
ObjectAssign(module.exports, {
  after,
  afterEach,
  before,
  beforeEach,
  describe: suite,
  getTestContext,
  it: test,
  run,
  suite,
  test,
});

let lazyMock;

ObjectDefineProperty(module.exports, 'mock', {
  __proto__: null,
  configurable: true,
  enumerable: true,
  get() {
    if (lazyMock === undefined) {
      const { MockTracker } = require('internal/test_runner/mock/mock');

      lazyMock = new MockTracker();
    }

    return lazyMock;
  },
});

let lazySnapshot;

ObjectDefineProperty(module.exports, 'snapshot', {
  __proto__: null,
  configurable: true,
  enumerable: true,
  get() {
    if (lazySnapshot === undefined) {
      const {
        setDefaultSnapshotSerializers,
        setResolveSnapshotPath,
      } = require('internal/test_runner/snapshot');

      lazySnapshot = {
        __proto__: null,
        setDefaultSnapshotSerializers,
        setResolveSnapshotPath,
      };
    }

    return lazySnapshot;
  },
});

let lazyAssert;

ObjectDefineProperty(module.exports, 'assert', {
  __proto__: null,
  configurable: true,
  enumerable: true,
  get() {
    if (lazyAssert === undefined) {
      const { register } = require('internal/test_runner/assert');
      lazyAssert = { __proto__: null, register };
    }

    return lazyAssert;
  },
});
