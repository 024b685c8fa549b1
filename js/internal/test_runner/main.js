// Adapted from Node.js lib/internal/main/test_runner.js (MIT license, Node.js contributors).
// The `--test` entry point: the positional arguments are the test files (or
// folders), run with run(). Only --test-isolation=none is built: isolation
// 'process' needs the V8 serializer the child processes report with.
'use strict';

const {
  ArrayPrototypeSlice,
} = primordials;

const {
  codes: {
    ERR_NOT_IMPLEMENTED,
  },
} = require('internal/errors');
const { run } = require('internal/test_runner/runner');
const { parseCommandLine } = require('internal/test_runner/utils');

const kGenericUserError = 1;

/** Runs the test files named on the command line; the exit code tells the result. */
function runTestRunnerMain() {
  const options = parseCommandLine();
  if (options.isolation !== 'none') {
    throw new ERR_NOT_IMPLEMENTED('--test with process isolation (use --test-isolation=none)');
  }
  options.globPatterns = ArrayPrototypeSlice(process.argv, 1);
  run(options).on('test:summary', (data) => {
    if (!data.success) {
      process.exitCode = kGenericUserError;
    }
  });
}

module.exports = { runTestRunnerMain };
