// Adapted from Node.js lib/internal/test_runner/runner.js (MIT license, Node.js contributors).
// run(): with isolation 'process' (the default) each test file runs in a child
// nodus (NODE_TEST_CONTEXT=child-v8) whose v8-serialized events FileTest
// replays into this process's reporters; with isolation 'none' the files are
// imported into this process. Watch mode throws ERR_NOT_IMPLEMENTED.
'use strict';

const {
  ArrayIsArray,
  ArrayPrototypeEvery,
  ArrayPrototypeFilter,
  ArrayPrototypeForEach,
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  ArrayPrototypePushApply,
  ArrayPrototypeShift,
  ArrayPrototypeSlice,
  ArrayPrototypeSome,
  ArrayPrototypeSort,
  ObjectAssign,
  PromiseWithResolvers,
  RegExpPrototypeExec,
  SafePromiseAll,
  SafePromiseAllReturnVoid,
  SafePromiseAllSettledReturnVoid,
  SafeSet,
  StringPrototypeIndexOf,
  StringPrototypeReplace,
  StringPrototypeSlice,
  StringPrototypeStartsWith,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeSubarray,
} = primordials;

const {
  codes: {
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_NOT_IMPLEMENTED,
    ERR_TEST_FAILURE,
  },
} = require('internal/errors');
const { Buffer } = require('buffer');
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
const {
  kAborted,
  kCancelledByParent,
  kSubtestsFailed,
  kTestCodeFailure,
  kTestTimeoutFailure,
  Test,
} = require('internal/test_runner/test');
const { kEmitMessage } = require('internal/test_runner/tests_stream');
const {
  createRandomSeed,
  convertStringToRegExp,
  countCompletedTest,
  kDefaultPattern,
  lineMajor,
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

// Which files `--test` runs. Lines before 21 ('directories', Node 18/20's
// runner) take every .js/.mjs/.cjs under a test/ folder and the test-named
// files, a directory argument being searched the same way; later lines
// ('globs') match the patterns (kDefaultPattern without any) with fs glob.
function createTestFileList(patterns, cwd) {
  const mode = internalBinding('profile').switches?.test_runner_default_patterns;
  if (mode === 'directories') {
    return createTestFileListFromDirectories(patterns, cwd);
  }
  const hasUserSuppliedPattern = patterns != null;
  if (!patterns || patterns.length === 0) {
    patterns = [kDefaultPattern];
  } else if (lineMajor() >= 25) {
    // Node 25+: a folder stands for the default pattern inside it (before,
    // it was run as a module and failed).
    patterns = ArrayPrototypeMap(patterns, (pattern) => expandDirectoryPattern(pattern, cwd));
  }
  const { Glob } = require('internal/fs/glob');
  const glob = new Glob(patterns, {
    __proto__: null,
    cwd,
    exclude: (name) => name === 'node_modules',
  });
  const results = glob.globSync();

  if (hasUserSuppliedPattern && results.length === 0 &&
      ArrayPrototypeEvery(glob.matchers, (m) => !m.hasMagic())) {
    process.stderr.write(`Could not find '${ArrayPrototypeJoin(patterns, ', ')}'\n`);
    process.exit(kGenericUserError);
  }

  return ArrayPrototypeSort(results);
}

// Node 18/20 name the files by absolute path.
function expandDirectoryPattern(pattern, cwd) {
  if (RegExpPrototypeExec(/[*?[\]{}!()+@]/, pattern) !== null) return pattern;
  try {
    if (!require('fs').statSync(resolve(cwd, pattern)).isDirectory()) return pattern;
  } catch {
    return pattern;
  }
  return `${StringPrototypeReplace(pattern, /[\\/]+$/, '')}/${kDefaultPattern}`;
}

function createTestFileListFromDirectories(patterns, cwd) {
  if (!patterns || patterns.length === 0) {
    return ArrayPrototypeMap(findDefaultTestFiles(cwd), (file) => resolve(cwd, file));
  }
  const { statSync } = require('fs');
  const results = [];
  const missing = [];
  for (let i = 0; i < patterns.length; i++) {
    const pattern = patterns[i];
    let stats;
    try {
      stats = statSync(resolve(cwd, pattern));
    } catch {
      ArrayPrototypePush(missing, pattern);
      continue;
    }
    if (stats.isDirectory()) {
      const dir = resolve(cwd, pattern);
      const found = findDefaultTestFiles(dir);
      for (let j = 0; j < found.length; j++) ArrayPrototypePush(results, resolve(dir, found[j]));
    } else {
      ArrayPrototypePush(results, resolve(cwd, pattern));
    }
  }
  if (missing.length > 0) {
    process.stderr.write(`Could not find '${ArrayPrototypeJoin(missing, ', ')}'\n`);
    process.exit(kGenericUserError);
  }
  return ArrayPrototypeSort(results);
}

const kFilterArgs = [
  '--test',
  '--experimental-test-coverage',
  '--watch',
  '--experimental-default-config-file',
];
const kFilterArgValues = [
  '--test-reporter',
  '--test-reporter-destination',
  '--experimental-config-file',
];
const kDiagnosticsFilterArgs = ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo', 'duration_ms'];

const kCanceledTests = new SafeSet()
  .add(kCancelledByParent).add(kAborted).add(kTestTimeoutFailure);

function filterExecArgv(arg, i, arr) {
  return !ArrayPrototypeIncludes(kFilterArgs, arg) &&
  !ArrayPrototypeSome(kFilterArgValues, (p) => arg === p || (i > 0 && arr[i - 1] === p) || StringPrototypeStartsWith(arg, `${p}=`));
}

function getRunArgs(path, { forceExit,
                            testNamePatterns,
                            testSkipPatterns,
                            only,
                            argv: suppliedArgs,
                            execArgv,
                            root: { timeout } }) {
  const argv = ArrayPrototypeFilter(process.execArgv, filterExecArgv);
  if (forceExit === true) {
    ArrayPrototypePush(argv, '--test-force-exit');
  }
  if (testNamePatterns != null) {
    ArrayPrototypeForEach(testNamePatterns, (pattern) => ArrayPrototypePush(argv, `--test-name-pattern=${pattern}`));
  }
  if (testSkipPatterns != null) {
    ArrayPrototypeForEach(testSkipPatterns, (pattern) => ArrayPrototypePush(argv, `--test-skip-pattern=${pattern}`));
  }
  if (only === true) {
    ArrayPrototypePush(argv, '--test-only');
  }
  if (timeout != null && timeout !== Infinity) {
    ArrayPrototypePush(argv, `--test-timeout=${timeout}`);
  }

  ArrayPrototypePushApply(argv, execArgv);
  ArrayPrototypePush(argv, path);
  ArrayPrototypePushApply(argv, suppliedArgs);

  return argv;
}

let v8Header;
let kV8HeaderLength;
let kSerializedSizeHeader;
function initV8Header() {
  if (v8Header !== undefined) return;
  const { DefaultSerializer } = require('v8');
  const serializer = new DefaultSerializer();
  serializer.writeHeader();
  v8Header = serializer.releaseBuffer();
  kV8HeaderLength = TypedArrayPrototypeGetLength(v8Header);
  kSerializedSizeHeader = 4 + kV8HeaderLength;
}

// One test file run in a child process: the child's v8-serialized events are
// replayed into this process's reporter, its other stdout/stderr output
// becomes test:stdout / test:stderr events.
class FileTest extends Test {
  // This class maintains two buffers:
  #reportBuffer = []; // Parsed items waiting for this.isClearToSend()
  #rawBuffer = []; // Raw data waiting to be parsed
  #rawBufferSize = 0;
  #reportedChildren = 0;
  failedSubtests = false;

  constructor(options) {
    super(options);
    this.loc ??= {
      __proto__: null,
      line: 1,
      column: 1,
      file: resolve(this.name),
    };
    this.timeout = null;
  }

  #skipReporting() {
    return this.#reportedChildren > 0 && (!this.error || this.error.failureType === kSubtestsFailed);
  }
  #checkNestedComment(comment) {
    const firstSpaceIndex = StringPrototypeIndexOf(comment, ' ');
    if (firstSpaceIndex === -1) return false;
    const secondSpaceIndex = StringPrototypeIndexOf(comment, ' ', firstSpaceIndex + 1);
    return secondSpaceIndex === -1 &&
          ArrayPrototypeIncludes(kDiagnosticsFilterArgs, StringPrototypeSlice(comment, 0, firstSpaceIndex));
  }
  #handleReportItem(item) {
    const isTopLevel = item.data.nesting === 0;
    if (isTopLevel) {
      if (item.type === 'test:plan' && this.#skipReporting()) {
        return;
      }
      if (item.type === 'test:diagnostic' && this.#checkNestedComment(item.data.message)) {
        return;
      }
    }
    if (item.data.details?.error) {
      const { deserializeError } = require('internal/test_runner/error_serdes');
      item.data.details.error = deserializeError(item.data.details.error);
    }
    if (item.type === 'test:pass' || item.type === 'test:fail') {
      item.data.testNumber = isTopLevel ? (this.root.harness.counters.topLevel + 1) : item.data.testNumber;
      countCompletedTest({
        __proto__: null,
        name: item.data.name,
        finished: true,
        skipped: item.data.skip !== undefined,
        isTodo: item.data.todo !== undefined,
        passed: item.type === 'test:pass',
        cancelled: kCanceledTests.has(item.data.details?.error?.failureType),
        nesting: item.data.nesting,
        reportedType: item.data.details?.type,
      }, this.root.harness);
    }
    this.reporter[kEmitMessage](item.type, item.data);
  }
  #accumulateReportItem(item) {
    if (item.type !== 'test:pass' && item.type !== 'test:fail') {
      return;
    }
    this.#reportedChildren++;
    if (item.data.nesting === 0 && item.type === 'test:fail') {
      this.failedSubtests = true;
    }
  }
  #drainReportBuffer() {
    if (this.#reportBuffer.length > 0) {
      ArrayPrototypeForEach(this.#reportBuffer, (ast) => this.#handleReportItem(ast));
      this.#reportBuffer = [];
    }
  }
  addToReport(item) {
    this.#accumulateReportItem(item);
    if (!this.isClearToSend()) {
      ArrayPrototypePush(this.#reportBuffer, item);
      return;
    }
    this.#drainReportBuffer();
    this.#handleReportItem(item);
  }
  reportStarted() {}
  drain() {
    this.#drainRawBuffer();
    this.#drainReportBuffer();
  }
  report() {
    this.drain();
    const skipReporting = this.#skipReporting();
    if (!skipReporting) {
      super.reportStarted();
      super.report();
    }
  }
  parseMessage(readData) {
    let dataLength = TypedArrayPrototypeGetLength(readData);
    if (dataLength === 0) return;
    const partialV8Header = readData[dataLength - 1] === v8Header[0];

    if (partialV8Header) {
      // The last byte may start a header split across two chunks.
      readData = TypedArrayPrototypeSubarray(readData, 0, dataLength - 1);
      dataLength--;
    }

    if (this.#rawBuffer[0] && TypedArrayPrototypeGetLength(this.#rawBuffer[0]) < kSerializedSizeHeader) {
      this.#rawBuffer[0] = Buffer.concat([this.#rawBuffer[0], readData]);
    } else {
      ArrayPrototypePush(this.#rawBuffer, readData);
    }
    this.#rawBufferSize += dataLength;
    this.#processRawBuffer();

    if (partialV8Header) {
      ArrayPrototypePush(this.#rawBuffer, TypedArrayPrototypeSubarray(v8Header, 0, 1));
      this.#rawBufferSize++;
    }
  }
  #drainRawBuffer() {
    while (this.#rawBuffer.length > 0) {
      this.#processRawBuffer();
    }
  }
  #processRawBuffer() {
    // This method is called when it is known that there is at least one message
    let bufferHead = this.#rawBuffer[0];
    let headerIndex = bufferHead.indexOf(v8Header);
    let nonSerialized = Buffer.alloc(0);

    while (bufferHead && headerIndex !== 0) {
      const nonSerializedData = headerIndex === -1 ?
        bufferHead :
        bufferHead.slice(0, headerIndex);
      nonSerialized = Buffer.concat([nonSerialized, nonSerializedData]);
      this.#rawBufferSize -= TypedArrayPrototypeGetLength(nonSerializedData);
      if (headerIndex === -1) {
        ArrayPrototypeShift(this.#rawBuffer);
      } else {
        this.#rawBuffer[0] = TypedArrayPrototypeSubarray(bufferHead, headerIndex);
      }
      bufferHead = this.#rawBuffer[0];
      headerIndex = bufferHead?.indexOf(v8Header);
    }

    if (TypedArrayPrototypeGetLength(nonSerialized) > 0) {
      this.addToReport({
        __proto__: null,
        type: 'test:stdout',
        data: { __proto__: null, file: this.name, message: nonSerialized.toString('utf-8') },
      });
    }

    while (bufferHead?.length >= kSerializedSizeHeader) {
      const fullMessageSize = (
        bufferHead[kV8HeaderLength] << 24 |
        bufferHead[kV8HeaderLength + 1] << 16 |
        bufferHead[kV8HeaderLength + 2] << 8 |
        bufferHead[kV8HeaderLength + 3]
      ) + kSerializedSizeHeader;

      if (this.#rawBufferSize < fullMessageSize) break;

      const concatenatedBuffer = this.#rawBuffer.length === 1 ?
        this.#rawBuffer[0] : Buffer.concat(this.#rawBuffer, this.#rawBufferSize);

      const { DefaultDeserializer } = require('v8');
      const deserializer = new DefaultDeserializer(
        TypedArrayPrototypeSubarray(concatenatedBuffer, kSerializedSizeHeader, fullMessageSize),
      );

      bufferHead = TypedArrayPrototypeSubarray(concatenatedBuffer, fullMessageSize);
      this.#rawBufferSize = TypedArrayPrototypeGetLength(bufferHead);
      this.#rawBuffer = this.#rawBufferSize !== 0 ? [bufferHead] : [];

      deserializer.readHeader();
      const item = deserializer.readValue();
      this.addToReport(item);
    }
  }
}

function runTestFile(path, opts) {
  initV8Header();
  const testOpts = { __proto__: null, signal: opts.signal };
  const subtest = opts.root.createSubtest(FileTest, path, testOpts, async (t) => {
    const { spawn } = require('child_process');
    const { once } = require('events');
    const { finished } = require('internal/streams/end-of-stream');
    const { Interface } = require('internal/readline/interface');
    const args = getRunArgs(path, opts);
    const stdio = ['pipe', 'pipe', 'pipe'];
    const env = { __proto__: null, ...(opts.env ?? process.env), NODE_TEST_CONTEXT: 'child-v8' };
    if (opts.root.harness.shouldColorizeTestFiles) {
      env.FORCE_COLOR = '1';
    }

    const child = spawn(
      process.execPath, args,
      {
        __proto__: null,
        signal: t.signal,
        encoding: 'utf8',
        env,
        stdio,
        cwd: opts.cwd,
      },
    );

    let err;

    child.on('error', (error) => {
      err = error;
    });

    child.stdout.on('data', (data) => {
      subtest.parseMessage(typeof data === 'string' ? Buffer.from(data) : data);
    });

    const rl = new Interface({ __proto__: null, input: child.stderr });
    rl.on('line', (line) => {
      // stderr cannot be treated as TAP, per the spec. However, we want to
      // surface stderr lines to improve the DX. Inject each line into the
      // test output as an unknown token as if it came from the TAP parser.
      subtest.addToReport({
        __proto__: null,
        type: 'test:stderr',
        data: { __proto__: null, file: path, message: line + '\n' },
      });
    });

    const { 0: { 0: code, 1: signal } } = await SafePromiseAll([
      once(child, 'exit', { __proto__: null, signal: t.signal }),
      finished(child.stdout, { __proto__: null, signal: t.signal }),
    ]);

    if (code !== 0 || signal !== null) {
      if (!err) {
        const failureType = subtest.failedSubtests ? kSubtestsFailed : kTestCodeFailure;
        err = ObjectAssign(new ERR_TEST_FAILURE('test failed', failureType), {
          __proto__: null,
          exitCode: code,
          signal: signal,
          // The stack will not be useful since the failures came from tests
          // in a child process.
          stack: undefined,
        });
      }

      throw err;
    }
  });
  return subtest.start();
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

  let postRun;
  let teardown;
  let runFiles;
  if (isolation === 'process') {
    if (process.env.NODE_TEST_CONTEXT !== undefined) {
      process.emitWarning('node:test run() is being called recursively within a test file. skipping running files.');
      root.postRun();
      return root.reporter;
    }
    const opts = {
      __proto__: null,
      root,
      signal,
      testNamePatterns,
      testSkipPatterns,
      only,
      forceExit,
      cwd,
      argv,
      execArgv,
      env,
    };
    postRun = () => root.postRun();
    teardown = () => root.harness.teardown();
    runFiles = () => {
      root.harness.bootstrapPromise = null;
      root.harness.buildPromise = null;
      return SafePromiseAllSettledReturnVoid(testFiles, (path) => runTestFile(path, opts));
    };
  } else {
    // For isolation=none, set worker ID to 1 in the current process
    process.env.NODE_TEST_WORKER_ID = '1';
    runFiles = runFilesInProcess;
  }

  async function runFilesInProcess() {
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
  }

  const runChain = async () => {
    if (root.harness?.bootstrapPromise) {
      await root.harness.bootstrapPromise;
    }
    if (typeof setup === 'function') {
      await setup(root.reporter);
    }

    await runFiles();
    postRun?.();
    teardown?.();
  };

  runChain();
  return root.reporter;
}

module.exports = {
  FileTest, // Exported for tests only
  run,
};
