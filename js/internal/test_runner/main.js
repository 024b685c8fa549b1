// Adapted from Node.js lib/internal/main/test_runner.js (MIT license, Node.js contributors).
// The `--test` entry point: the positional arguments are the test files (or
// glob patterns), run with run().
'use strict';

const {
  ArrayPrototypeSlice,
} = primordials;

const { run } = require('internal/test_runner/runner');
const { parseCommandLine } = require('internal/test_runner/utils');

let debug = require('internal/util/debuglog').debuglog('test_runner', (fn) => {
  debug = fn;
});

const kGenericUserError = 1;

/** Runs the test files named on the command line; the exit code tells the result. */
function runTestRunnerMain() {
  const options = parseCommandLine();
  options.globPatterns = ArrayPrototypeSlice(process.argv, 1);
  debug('test runner configuration:', options);
  run(options).on('test:summary', (data) => {
    if (!data.success) {
      process.exitCode = kGenericUserError;
    }
  });
}

module.exports = { runTestRunnerMain };
