// Syntax detection for ambiguous input (Node's containsModuleSyntax and
// shouldRetryAsESM in src/node_contextify.cc): a `.js` file with no package
// "type", or -e/stdin input with no --input-type, runs as an ES module when it
// fails to compile as CommonJS because of ES module syntax. Whether it applies
// is the line's `esm_syntax_detection` switch, overridden by
// --[no-]experimental-detect-module.
'use strict';

const {
  ArrayPrototypeIncludes,
  RegExpPrototypeExec,
} = primordials;

const ops = internalBinding('ops');

// Compile errors that only ES module syntax causes.
const esmSyntaxErrorMessages = [
  'Cannot use import statement outside a module',
  "Unexpected token 'export'",
  "Cannot use 'import.meta' outside a module",
];

// Compile errors that happen only in CommonJS (its wrapper's variables, top-level
// await): the source is ESM when it then compiles as a module.
const throwsOnlyInCommonJSErrorMessages = [
  "Identifier 'module' has already been declared",
  "Identifier 'exports' has already been declared",
  "Identifier 'require' has already been declared",
  "Identifier '__filename' has already been declared",
  "Identifier '__dirname' has already been declared",
  'await is only valid in async functions and the top level bodies of modules',
];

let override;

/** --experimental-detect-module (true) or --no-experimental-detect-module (false). */
function setDetectModule(value) {
  override = value;
}

/** Whether ambiguous input is checked for ES module syntax on this run. */
function detectionEnabled() {
  if (override !== undefined) return override;
  return !!internalBinding('profile').switches?.esm_syntax_detection;
}

/** Whether a compile error of the CommonJS form of `source` means it is an ES module. */
function shouldRetryAsESM(message, source, url) {
  if (ArrayPrototypeIncludes(esmSyntaxErrorMessages, message)) return true;
  if (ArrayPrototypeIncludes(throwsOnlyInCommonJSErrorMessages, message)) {
    return ops.op_loader_compiles_as_module(source, url);
  }
  return false;
}

// Cheap pre-check: source without these words cannot hold ES module syntax.
const maybeModuleSyntax = /\b(?:import|export|await|require|module|exports|__filename|__dirname)\b/;

/** Whether `source` (named `filename`) fails to compile as CommonJS because it is ESM. */
function containsModuleSyntax(source, filename) {
  if (RegExpPrototypeExec(maybeModuleSyntax, source) === null) return false;
  const { compileWrapper } = require('internal/modules/cjs/loader');
  try {
    compileWrapper(source, filename);
    return false;
  } catch (err) {
    if (err === null || typeof err !== 'object' || err.name !== 'SyntaxError') return false;
    const { pathToFileURL } = require('internal/url');
    return shouldRetryAsESM(err.message, source, pathToFileURL(filename).href);
  }
}

module.exports = { containsModuleSyntax, detectionEnabled, setDetectModule, shouldRetryAsESM };
