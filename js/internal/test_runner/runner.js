// Adapted from Node.js lib/internal/test_runner/runner.js (MIT license, Node.js contributors).
// run() with isolation 'none': the test files are imported into this process
// and their tests reported on one stream. Isolation 'process' (a child process
// per file, reporting through the V8 serializer), watch mode and glob
// patterns are not built yet and throw ERR_NOT_IMPLEMENTED.
'use strict';

const {
  ArrayIsArray,
  ArrayPrototypeFilter,
  ArrayPrototypeJoin,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  ArrayPrototypeSort,
  PromiseWithResolvers,
  RegExpPrototypeExec,
  RegExpPrototypeSymbolReplace,
  SafePromiseAllReturnVoid,
  StringPrototypeStartsWith,
} = primordials;

const {
  codes: {
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_NOT_IMPLEMENTED,
  },
} = require('internal/errors');
const { resolve, sep } = require('path');
const {
  validateArray,
  validateBoolean,
  validateFunction,
  validateObject,
  validateOneOf,
  validateInteger,
  validateUint32,
  validateString,
  validateStringArray,
} = require('internal/validators');
const { isRegExp } = require('internal/util/types');
const { pathToFileURL } = require('internal/url');
const {
  emitExperimentalWarning,
  kEmptyObject,
} = require('internal/util');
const {
  createTestTree,
  startSubtestAfterBootstrap,
} = require('internal/test_runner/harness');
const { Test } = require('internal/test_runner/test');
const {
  createRandomSeed,
  convertStringToRegExp,
  kDefaultPattern,
  parseCommandLine,
} = require('internal/test_runner/utils');
const {
  parseTagFilterExpression,
} = require('internal/test_runner/tag_filter');
const { validatePath } = require('internal/fs/utils');
const { getOptionValue } = require('internal/options');

const kGenericUserError = 1;

// The files Node's default pattern (kDefaultPattern,
// '**/{test,test/**/*,test-*,*[._-]test}.{js,mjs,cjs}') matches under `cwd`,
// node_modules excluded, as sorted relative paths.
function findDefaultTestFiles(cwd) {
  const { readdirSync } = require('fs');
  const results = [];
  const walk = (dir, rel, insideTestDir) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      const { name } = entry;
      const relPath = rel === '' ? name : `${rel}/${name}`;
      if (entry.isDirectory()) {
        if (name !== 'node_modules') walk(`${dir}/${name}`, relPath, insideTestDir || name === 'test');
        continue;
      }
      const match = RegExpPrototypeExec(kTestFileName, name);
      if (match === null) continue;
      const stem = match[1];
      if (insideTestDir || stem === 'test' || StringPrototypeStartsWith(stem, 'test-') ||
          RegExpPrototypeExec(/[._-]test$/, stem) !== null) {
        ArrayPrototypePush(results, relPath);
      }
    }
  };
  walk(cwd, '', false);
  return ArrayPrototypeSort(results);
}
const kTestFileName = /^(.*)\.(?:js|mjs|cjs)$/;

// Node's createTestFileList without glob magic (nodus has no fs glob yet): a
// pattern naming a file is that file, one naming a directory stands for the
// default pattern inside it; no pattern means the default pattern in `cwd`.
function createTestFileList(patterns, cwd) {
  if (!patterns || patterns.length === 0) {
    return findDefaultTestFiles(cwd);
  }
  const { statSync } = require('fs');
  const results = [];
  const missing = [];
  for (let i = 0; i < patterns.length; i++) {
    const pattern = patterns[i];
    if (RegExpPrototypeExec(/[*?[\]{}!()+@]/, pattern) !== null) {
      throw new ERR_NOT_IMPLEMENTED('test file glob patterns');
    }
    let stats;
    try {
      stats = statSync(resolve(cwd, pattern));
    } catch {
      ArrayPrototypePush(missing, pattern);
      continue;
    }
    if (stats.isDirectory()) {
      const dir = RegExpPrototypeSymbolReplace(/[\\/]+$/, pattern, '');
      const found = findDefaultTestFiles(resolve(cwd, pattern));
      for (let j = 0; j < found.length; j++) ArrayPrototypePush(results, `${dir}/${found[j]}`);
    } else {
      ArrayPrototypePush(results, pattern);
    }
  }
  if (results.length === 0 && missing.length > 0) {
    process.stderr.write(`Could not find '${ArrayPrototypeJoin(patterns, ', ')}'\n`);
    process.exit(kGenericUserError);
  }
  return ArrayPrototypeSort(results);
}

function run(options = kEmptyObject) {
  validateObject(options, 'options');

  let {
    testNamePatterns,
    testSkipPatterns,
    testTagFilters,
    shard,
    coverageExcludeGlobs,
    coverageIncludeGlobs,
  } = options;
  const {
    concurrency,
    timeout,
    signal,
    files,
    forceExit,
    inspectPort,
    isolation = 'process',
    watch,
    setup,
    globalSetupPath,
    only,
    globPatterns,
    coverage = false,
    coverageIncludeAll = false,
    lineCoverage = 0,
    branchCoverage = 0,
    functionCoverage = 0,
    randomize: suppliedRandomize,
    randomSeed: suppliedRandomSeed,
    execArgv = [],
    argv = [],
    cwd = process.cwd(),
    rerunFailuresFilePath,
    env,
  } = options;

  if (files != null) {
    validateArray(files, 'options.files');
  }
  if (watch != null) {
    validateBoolean(watch, 'options.watch');
  }
  if (forceExit != null) {
    validateBoolean(forceExit, 'options.forceExit');

    if (forceExit && watch) {
      throw new ERR_INVALID_ARG_VALUE(
        'options.forceExit', watch, 'is not supported with watch mode',
      );
    }
  }
  if (only != null) {
    validateBoolean(only, 'options.only');
  }
  if (globPatterns != null) {
    validateArray(globPatterns, 'options.globPatterns');
  }
  if (suppliedRandomize != null) {
    validateBoolean(suppliedRandomize, 'options.randomize');
  }
  if (suppliedRandomSeed != null) {
    validateUint32(suppliedRandomSeed, 'options.randomSeed');
  }
  let randomize = suppliedRandomize;
  let randomSeed = suppliedRandomSeed;

  if (randomSeed != null) {
    randomize = true;
  }
  if (watch) {
    if (randomSeed != null) {
      throw new ERR_INVALID_ARG_VALUE(
        'options.randomSeed',
        randomSeed,
        'is not supported with watch mode',
      );
    }
    if (randomize) {
      throw new ERR_INVALID_ARG_VALUE(
        'options.randomize',
        randomize,
        'is not supported with watch mode',
      );
    }
  }
  if (rerunFailuresFilePath) {
    validatePath(rerunFailuresFilePath, 'options.rerunFailuresFilePath');
    // TODO(pmarchini): Support rerun-failures with randomization by
    // persisting the randomization seed in the rerun state file.
    if (randomSeed != null) {
      throw new ERR_INVALID_ARG_VALUE(
        'options.randomSeed',
        randomSeed,
        'is not supported with rerun failures mode',
      );
    }
    if (randomize) {
      throw new ERR_INVALID_ARG_VALUE(
        'options.randomize',
        randomize,
        'is not supported with rerun failures mode',
      );
    }
  }
  if (randomize) {
    randomSeed ??= createRandomSeed();
  }

  validateString(cwd, 'options.cwd');

  if (globPatterns?.length > 0 && files?.length > 0) {
    throw new ERR_INVALID_ARG_VALUE(
      'options.globPatterns', globPatterns, 'is not supported when specifying \'options.files\'',
    );
  }

  if (shard != null) {
    validateObject(shard, 'options.shard');
    // Avoid re-evaluating the shard object in case it's a getter
    shard = { __proto__: null, index: shard.index, total: shard.total };

    validateInteger(shard.total, 'options.shard.total', 1);
    validateInteger(shard.index, 'options.shard.index', 1, shard.total);

    if (watch) {
      throw new ERR_INVALID_ARG_VALUE('options.shard', watch, 'shards not supported with watch mode');
    }
  }
  if (setup != null) {
    validateFunction(setup, 'options.setup');
  }
  if (testNamePatterns != null) {
    if (!ArrayIsArray(testNamePatterns)) {
      testNamePatterns = [testNamePatterns];
    }

    testNamePatterns = ArrayPrototypeMap(testNamePatterns, (value, i) => {
      if (isRegExp(value)) {
        return value;
      }
      const name = `options.testNamePatterns[${i}]`;
      if (typeof value === 'string') {
        return convertStringToRegExp(value, name);
      }
      throw new ERR_INVALID_ARG_TYPE(name, ['string', 'RegExp'], value);
    });
  }
  if (testSkipPatterns != null) {
    if (!ArrayIsArray(testSkipPatterns)) {
      testSkipPatterns = [testSkipPatterns];
    }

    testSkipPatterns = ArrayPrototypeMap(testSkipPatterns, (value, i) => {
      if (isRegExp(value)) {
        return value;
      }
      const name = `options.testSkipPatterns[${i}]`;
      if (typeof value === 'string') {
        return convertStringToRegExp(value, name);
      }
      throw new ERR_INVALID_ARG_TYPE(name, ['string', 'RegExp'], value);
    });
  }

  // The public contract of testTagFilters is `string | string[]`. The
  // parseCommandLine bootstrap path piggybacks the already-parsed AST array
  // on the same field, identifiable by the sibling testTagFilterExpressions
  // field which only that path sets. When that marker is present and the
  // first element isn't a string, treat the array as ASTs and skip the
  // public validation loop. Otherwise validate every element as a string,
  // so any non-string input throws ERR_INVALID_ARG_TYPE with the offending
  // index regardless of position.
  let testTagFilterExpressions = null;
  if (testTagFilters != null) {
    if (!ArrayIsArray(testTagFilters)) {
      testTagFilters = [testTagFilters];
    }
    if (testTagFilters.length === 0) {
      testTagFilters = null;
    } else if (options.testTagFilterExpressions != null &&
               typeof testTagFilters[0] !== 'string') {
      // Internal bootstrap: trust the AST array as already-parsed.
    } else {
      emitExperimentalWarning('Test tags');
      testTagFilterExpressions = ArrayPrototypeSlice(testTagFilters);
      testTagFilters = ArrayPrototypeMap(testTagFilters, (value, i) => {
        const name = `options.testTagFilters[${i}]`;
        if (typeof value !== 'string') {
          throw new ERR_INVALID_ARG_TYPE(name, 'string', value);
        }
        return parseTagFilterExpression(value, name);
      });
    }
  }
  testTagFilterExpressions ??= options.testTagFilterExpressions;

  validateOneOf(isolation, 'options.isolation', ['process', 'none']);
  validateBoolean(coverage, 'options.coverage');
  validateBoolean(coverageIncludeAll, 'options.coverageIncludeAll');
  if (coverageExcludeGlobs != null) {
    if (!ArrayIsArray(coverageExcludeGlobs)) {
      coverageExcludeGlobs = [coverageExcludeGlobs];
    }
    validateStringArray(coverageExcludeGlobs, 'options.coverageExcludeGlobs');
  } else if (coverage) {
    coverageExcludeGlobs = [kDefaultPattern];
  }
  if (coverageIncludeGlobs != null) {
    if (!ArrayIsArray(coverageIncludeGlobs)) {
      coverageIncludeGlobs = [coverageIncludeGlobs];
    }
    validateStringArray(coverageIncludeGlobs, 'options.coverageIncludeGlobs');
  }
  validateInteger(lineCoverage, 'options.lineCoverage', 0, 100);
  validateInteger(branchCoverage, 'options.branchCoverage', 0, 100);
  validateInteger(functionCoverage, 'options.functionCoverage', 0, 100);

  validateStringArray(argv, 'options.argv');
  validateStringArray(execArgv, 'options.execArgv');

  if (globalSetupPath != null) {
    validatePath(globalSetupPath, 'options.globalSetupPath');
  }

  if (env != null) {
    validateObject(env, 'options.env');

    if (isolation === 'none') {
      throw new ERR_INVALID_ARG_VALUE('options.env', env, 'is not supported with isolation=\'none\'');
    }
  }

  const rootTestOptions = { __proto__: null, concurrency, timeout, signal };
  const globalOptions = {
    __proto__: null,
    // parseCommandLine() should not be used here. However, The existing run()
    // behavior has relied on it, so removing it must be done in a semver major.
    ...parseCommandLine(),
    setup,  // This line can be removed when parseCommandLine() is removed here.
    coverage,
    coverageIncludeAll,
    coverageExcludeGlobs,
    coverageIncludeGlobs,
    rerunFailuresFilePath,
    lineCoverage: lineCoverage,
    branchCoverage: branchCoverage,
    functionCoverage: functionCoverage,
    cwd,
    globalSetupPath,
    randomize,
    randomSeed,
    testTagFilters,
  };

  if (isolation === 'none') {
    if (testNamePatterns != null) {
      globalOptions.testNamePatterns = testNamePatterns;
    }
    if (testSkipPatterns != null) {
      globalOptions.testSkipPatterns = testSkipPatterns;
    }
    if (only != null) {
      globalOptions.only = only;
    }
  }

  if (isolation === 'none') {
    if (testNamePatterns != null) {
      globalOptions.testNamePatterns = testNamePatterns;
    }
    if (testSkipPatterns != null) {
      globalOptions.testSkipPatterns = testSkipPatterns;
    }
    if (only != null) {
      globalOptions.only = only;
    }
  }

  if (isolation === 'process') {
    throw new ERR_NOT_IMPLEMENTED('run() with isolation \'process\'');
  }
  if (watch) {
    throw new ERR_NOT_IMPLEMENTED('run() in watch mode');
  }

  const root = createTestTree(rootTestOptions, globalOptions);
  let testFiles = files ?? createTestFileList(globPatterns, cwd);

  if (randomize) {
    root.diagnostic(`Randomized test order seed: ${randomSeed}`);
  }

  if (shard) {
    testFiles = ArrayPrototypeFilter(testFiles, (_, index) => index % shard.total === shard.index - 1);
  }

  // For isolation=none, set worker ID to 1 in the current process
  process.env.NODE_TEST_WORKER_ID = '1';

  const runFiles = async () => {
    const { promise, resolve: finishBootstrap } = PromiseWithResolvers();

    await root.runInAsyncScope(async () => {
      const parentURL = pathToFileURL(cwd + sep).href;
      const { importFrom } = require('internal/modules/esm/loader');
      let topLevelTestCount = 0;

      root.harness.bootstrapPromise = root.harness.bootstrapPromise ?
        SafePromiseAllReturnVoid([root.harness.bootstrapPromise, promise]) :
        promise;

      // The --import modules load here, once the root test exists, so the
      // hooks they define attach to it (already loaded ones are cached).
      const userImports = getOptionValue('--import');
      for (let i = 0; i < userImports.length; i++) {
        await importFrom(userImports[i], parentURL);
      }

      for (let i = 0; i < testFiles.length; ++i) {
        const testFile = testFiles[i];
        const fileURL = pathToFileURL(resolve(cwd, testFile));
        let threw = false;
        let importError;

        root.entryFile = resolve(testFile);
        try {
          await importFrom(fileURL.href, parentURL);
        } catch (err) {
          threw = true;
          importError = err;
        }

        if (topLevelTestCount === root.subtests.length) {
          // This file had no tests in it. Add the placeholder test.
          const subtest = root.createSubtest(Test, testFile, kEmptyObject, undefined, {
            __proto__: null,
            loc: [1, 1, resolve(testFile)],
          });
          if (threw) {
            subtest.fail(importError);
          }
          startSubtestAfterBootstrap(subtest);
        }

        topLevelTestCount = root.subtests.length;
      }
    });

    root.entryFile = null;
    finishBootstrap();
    return root.processPendingSubtests();
  };

  const runChain = async () => {
    if (root.harness?.bootstrapPromise) {
      await root.harness.bootstrapPromise;
    }
    if (typeof setup === 'function') {
      await setup(root.reporter);
    }

    await runFiles();
  };

  runChain();
  return root.reporter;
}

module.exports = {
  run,
};
