// Chooses and starts the entry point of a run (Node's lib/internal/main/*.js and
// lib/internal/modules/run_main.js): a script file (CommonJS or ES module), -e/-p
// or a program on stdin (a script, or an ES module with --input-type=module or
// when syntax detection finds ESM syntax), after the -r/--require preloads and
// the --import modules.
'use strict';

const {
  ObjectDefineProperty,
  PromisePrototypeThen,
  PromiseResolve,
  ReflectApply,
  RegExpPrototypeExec,
  StringPrototypeSplit,
  StringPrototypeStartsWith,
} = primordials;

const ops = internalBinding('ops');

// True while the main ES module's evaluation (its top-level await), or the
// --import modules before the entry point, are unsettled.
let mainPending = false;

/** Whether the entry point is still waiting on a top-level await (exit code 13). */
function isMainPending() {
  return mainPending;
}

function fatal(err, info) {
  const { triggerUncaughtException } = require('internal/process/execution');
  triggerUncaughtException(err, false, info);
}

/** Runs `fn` catching a throw with its throw site, which then goes to the fatal handler. */
function callCatching(fn) {
  const result = ops.op_process_call_catching(fn, undefined, []);
  if (result !== null) {
    if (sourceMapsEnabled) mapThrowSite(result);
    fatal(result[0], result);
  }
}

let sourceMapsEnabled = false;

/** The arrow of an ES module's error under --enable-source-maps: its (mapped) top frame. */
function mapStackTop(err) {
  if (err === null || typeof err !== 'object' || err.nodusArrow) return;
  const m = RegExpPrototypeExec(/\n {4}at (?:.*? \()?(\/[^:()]+):(\d+):(\d+)\)?/, `${err.stack}`);
  if (m === null) return;
  let text;
  try {
    text = StringPrototypeSplit(ops.op_fs_read_file_utf8(m[1]), '\n')[m[2] - 1];
  } catch {
    return;
  }
  if (text === undefined) return;
  let pad = '';
  for (let i = 0; i < m[3] - 1; i++) pad += text[i] === '\t' ? '\t' : ' ';
  ObjectDefineProperty(err, 'nodusArrow', {
    __proto__: null, value: `${m[1]}:${m[2]}\n${text}\n${pad}^\n\n`, enumerable: false, configurable: true,
  });
}

/**
 * --enable-source-maps: the fatal report shows the original source line of the
 * throw site (Node's getErrorSource, with its blank line).
 */
function mapThrowSite(info) {
  const err = info[0];
  if (err === null || typeof err !== 'object' || err.nodusArrow || typeof info[2] !== 'string') return;
  const mapped = ops.op_loader_map_location(info[2], info[3], info[4] + 1);
  if (mapped === null || typeof mapped[3] !== 'string') return;
  const [source, line, column, text] = mapped;
  let pad = '';
  for (let i = 0; i < column - 1; i++) pad += text[i] === '\t' ? '\t' : ' ';
  ObjectDefineProperty(err, 'nodusArrow', {
    __proto__: null, value: `${source}:${line}\n${text}\n${pad}^\n\n`, enumerable: false, configurable: true,
  });
}

/** Tracks an entry promise: unsettled at exit means exit code 13; a rejection is fatal. */
function trackMain(promise) {
  mainPending = true;
  PromisePrototypeThen(promise, () => { mainPending = false; }, (err) => {
    mainPending = false;
    const { decorateESMError } = require('internal/modules/esm/loader');
    if (sourceMapsEnabled) mapStackTop(err);
    fatal(decorateESMError(err));
  });
}

/**
 * The `[eval1]` URL of string input run as an ES module, as Node names it
 * (`file:///<cwd>/[eval1]`), with its source registered with the loader.
 */
let evalIndex = 0;
function evalModuleURL(source) {
  const { pathToFileURL } = require('internal/url');
  // Node's pathToFileURL leaves the brackets as they are.
  const url = `${pathToFileURL(`${process.cwd()}/`).href}[eval${++evalIndex}]`;
  require('internal/modules/esm/loader').registerSource(url, source);
  return url;
}

/** Runs string input as an ES module; returns its evaluation promise. */
function evalModule(source, print) {
  if (print) {
    const { codes: { ERR_EVAL_ESM_CANNOT_PRINT } } = require('internal/errors');
    throw new ERR_EVAL_ESM_CANNOT_PRINT();
  }
  RegExpPrototypeExec(/^/, ''); // Reset RegExp statics before user code runs, as Node does.
  const esm = require('internal/modules/esm/loader');
  return esm.importModule(evalModuleURL(source));
}

/**
 * String input under type stripping: `--input-type=module-typescript` and
 * `commonjs-typescript` strip it; with no --input-type, input that does not
 * compile as JavaScript is retried with its types stripped (Node's evalTypeScript).
 */
function stripEvalInput(name, source, inputType) {
  const ts = require('internal/modules/typescript');
  const filename = `${process.cwd()}/${name}`;
  if (inputType === 'module-typescript') return ts.stripTypeScriptModuleTypes(source, filename, 'module');
  if (inputType === 'commonjs-typescript') return ts.stripTypeScriptModuleTypes(source, filename, 'commonjs');
  if (inputType !== undefined || !ts.enabled()) return source;
  const { compileWrapper } = require('internal/modules/cjs/loader');
  try {
    compileWrapper(source, filename);
    return source;
  } catch {
    if (ops.op_loader_compiles_as_module(source, `file://${filename}`)) return source;
  }
  try {
    return ts.stripTypeScriptModuleTypes(source, filename, undefined);
  } catch {
    return source; // Not TypeScript either: the JavaScript error is the one to report.
  }
}

/** -e/-p/stdin input: a script, or an ES module (flag or detected syntax). */
function runString(name, source, print, inputType) {
  const { evalScript } = require('internal/main/eval_string');
  source = stripEvalInput(name, source, inputType);
  if (inputType === 'module-typescript') inputType = 'module';
  if (inputType === 'commonjs-typescript') inputType = 'commonjs';
  if (inputType === 'module') return evalModule(source, print);
  if (inputType === undefined) {
    const { containsModuleSyntax, detectionEnabled } = require('internal/modules/esm/detect');
    if (detectionEnabled() && containsModuleSyntax(source, `${process.cwd()}/${name}`)) return evalModule(source, print);
  }
  evalScript(name, source, print);
  return undefined;
}

/** --import: each module in order, from the working directory, awaiting each one. */
async function runImports(imports) {
  const esm = require('internal/modules/esm/loader');
  const { pathToFileURL } = require('internal/url');
  const parentURL = pathToFileURL(`${process.cwd()}/`).href;
  for (let i = 0; i < imports.length; i++) {
    await esm.importFrom(imports[i], parentURL);
  }
}

function validateInputType(options, inputType) {
  if (inputType === undefined) return true;
  const typescript = require('internal/modules/typescript').typeScriptMode() !== undefined &&
    (inputType === 'module-typescript' || inputType === 'commonjs-typescript');
  if (inputType !== 'module' && inputType !== 'commonjs' && !typescript) {
    ops.op_stdio_write_str(2, `${options.argv0}: --input-type must be "module" or "commonjs"\n`);
    require('internal/process/execution').exitNow(9);
    return false;
  }
  // Node (since 20) ignores it for a script file.
  return true;
}

/**
 * Under `nodus --watch` (src/cli/watch.rs), the child reports every file it
 * loads to the watcher by appending its path to the file named by
 * NODUS_WATCH_DEPS (Node's watch mode gets them over IPC).
 */
function reportWatchDependencies(Module) {
  const depsFile = process.env.NODUS_WATCH_DEPS;
  if (!depsFile) return;
  delete process.env.NODUS_WATCH_DEPS; // Not for the program's own children.
  const fs = require('fs');
  const report = (filename) => {
    try {
      fs.appendFileSync(depsFile, `${filename}\n`);
    } catch {
      // The watcher is gone: nothing to tell.
    }
  };
  const load = Module.prototype.load;
  Module.prototype.load = function(filename) {
    report(filename);
    return ReflectApply(load, this, arguments);
  };
  const { resolveHook, metaResolve } = require('internal/modules/esm/resolve');
  const { evaluate } = require('internal/modules/esm/translators');
  const { fileURLToPath } = require('internal/url');
  require('internal/modules/esm/loader').initializeHooks();
  ops.op_loader_set_hooks((specifier, referrer, isDynamic, type) => {
    const result = resolveHook(specifier, referrer, isDynamic, type);
    if (result !== null && typeof result === 'object' && StringPrototypeStartsWith(`${result.url}`, 'file:')) {
      report(fileURLToPath(result.url));
    }
    return result;
  }, evaluate, metaResolve);
}

/** Starts the program described by the launch options. */
function runEntry(options) {
  const { Module } = require('internal/modules/cjs/loader');
  if ((options.bools.test && options.bools.watch) || options.bools.interactive) {
    // The test runner's watch mode and the REPL are not built yet: say so
    // instead of falling through to reading a program from stdin. (Plain
    // --watch never gets here: src/cli/watch.rs runs the program in a child.)
    const { codes: { ERR_NOT_IMPLEMENTED } } = require('internal/errors');
    fatal(new ERR_NOT_IMPLEMENTED(options.bools.interactive ? '--interactive' : '--test --watch'));
    return;
  }
  // Type stripping: process.features.typescript, and require() of .ts/.cts/.mts.
  const ts = require('internal/modules/typescript');
  ts.setOptions(options.bools);
  const tsMode = ts.typeScriptMode();
  if (tsMode === undefined) delete process.features.typescript;
  else process.features.typescript = tsMode;
  if (ts.enabled()) ts.installCommonJSExtensions(Module);
  const { readStdin, checkSyntax } = require('internal/main/eval_string');
  const evalSource = options.values.eval?.[0] ?? options.values.print?.[0];
  const print = options.values.print !== undefined || !!options.bools['print-stdin'];
  const inputTypes = options.values['input-type'];
  const inputType = inputTypes?.[inputTypes.length - 1];
  if (!validateInputType(options, inputType)) return;
  if (options.bools['enable-source-maps']) {
    sourceMapsEnabled = true;
    ops.op_loader_enable_source_maps();
  }
  require('internal/modules/esm/detect').setDetectModule(options.bools['experimental-detect-module']);
  require('internal/modules/cjs/loader').setRequireModule(options.bools['experimental-require-module']);
  // `main()` starts the entry point; it returns a promise when the entry is
  // an ES module (settled when its evaluation is).
  let main;
  if (options.bools.test) {
    // `nodus --test [patterns]`: the test runner's entry (Node's
    // lib/internal/main/test_runner.js); the positionals are file patterns.
    process.argv = [process.execPath, ...(options.script == null || options.script === '-' ? [] : [options.script]),
                    ...options.args];
    // Node's defaults for the runner's string options (getOptionValue gives
    // false for an option that was not given); --experimental-test-isolation
    // is Node 22's name for --test-isolation.
    const values = {
      'test-global-setup': [''], 'test-rerun-failures': [''], 'test-shard': [''],
      'test-isolation': [options.values['experimental-test-isolation']?.at(-1) ?? 'process'],
      ...options.values,
    };
    require('internal/options').setOptions({ bools: options.bools, values });
    main = () => require('internal/test_runner/main').runTestRunnerMain();
  } else if (evalSource !== undefined) {
    process.argv = [process.execPath, ...options.args];
    main = () => runString('[eval]', evalSource, print, inputType);
  } else if (options.script === '-') {
    // `nodus - a b` keeps '-' in argv; a program piped with no script name does not.
    process.argv = options.namedStdin ? [process.execPath, '-', ...options.args] : [process.execPath, ...options.args];
    main = () => (options.bools.check ? checkSyntax('[stdin]', readStdin()) :
      runString('[stdin]', readStdin(), print, inputType));
  } else {
    const path = require('path');
    const mainPath = path.resolve(options.script);
    process.argv = [process.execPath, mainPath, ...options.args];
    const esm = require('internal/modules/esm/loader');
    if (options.bools.check) {
      main = () => checkSyntax(mainPath, ops.op_fs_read_file_utf8(mainPath));
    } else if (ts.enabled() && ts.isTypeScriptFile(mainPath)) {
      main = () => {
        if (ts.mainIsModule(mainPath)) return esm.runMainESM(mainPath);
        Module.runMain(options.script);
      };
    } else if (esm.shouldUseESMLoader(mainPath)) {
      main = () => esm.runMainESM(mainPath);
    } else {
      main = () => { Module.runMain(options.script); };
    }
  }
  require('internal/modules/esm/loader').initializeHooks();
  reportWatchDependencies(Module);
  Module._initPaths();
  const preloads = options.values.require ?? [];
  const imports = options.values.import ?? [];
  callCatching(() => {
    if (preloads.length > 0) Module._preloadModules(preloads);
  });
  if (process._exiting) return;
  // The test runner loads the --import modules itself, after its root test exists.
  if (imports.length === 0 || options.bools.test) {
    let promise;
    callCatching(() => { promise = main(); });
    if (promise !== undefined) trackMain(promise);
    return;
  }
  // With --import, the entry point starts once every --import module has
  // been evaluated (Node's runEntryPointWithESMLoader).
  trackMain(PromisePrototypeThen(runImports(imports), () => {
    let promise;
    callCatching(() => { promise = main(); });
    return promise === undefined ? undefined : PromiseResolve(promise);
  }));
}

module.exports = { runEntry, isMainPending, trackMain };
