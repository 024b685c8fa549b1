// Adapted from Node.js lib/internal/vm.js. Copyright Node.js contributors. MIT license.
'use strict';

const {
  ReflectApply,
  Symbol,
} = primordials;

const {
  ContextifyScript,
  compileFunction,
  isContext: _isContext,
  registerImportSlot,
  symbols: {
    vm_dynamic_import_default_internal,
    vm_dynamic_import_main_context_default,
    vm_dynamic_import_no_callback,
    vm_dynamic_import_missing_flag,
  },
} = require('internal/vm/contextify');
const {
  runInContext,
} = ContextifyScript.prototype;
const {
  validateFunction,
} = require('internal/validators');
const {
  getOptionValue,
} = require('internal/options');

/**
 * Checks if the given object is a context object.
 * @param {object} object
 * @returns {boolean}
 */
function isContext(object) {
  return _isContext(object);
}

/**
 * The host-defined option id for a script or function: the symbol dynamic
 * `import()` inside it would be routed by.
 * @param {Function|symbol|undefined} importModuleDynamically
 * @param {string} hint
 * @returns {symbol|Function}
 */
function getHostDefinedOptionId(importModuleDynamically, hint) {
  if (importModuleDynamically === vm_dynamic_import_main_context_default ||
      importModuleDynamically === vm_dynamic_import_default_internal) {
    return importModuleDynamically;
  }
  if (importModuleDynamically !== undefined) {
    validateFunction(importModuleDynamically, 'options.importModuleDynamically');
  }
  if (importModuleDynamically === undefined) {
    return vm_dynamic_import_no_callback;
  }
  if (!getOptionValue('--experimental-vm-modules')) {
    return vm_dynamic_import_missing_flag;
  }
  const id = Symbol(hint);
  registerImportSlot(id, importModuleDynamically);
  return id;
}

/**
 * Node registers the `importModuleDynamically` handler of `referrer` here;
 * nodus ties it to the compiled code through its hostDefinedOptionId
 * (getHostDefinedOptionId), so there is nothing left to do.
 */
function registerImportModuleDynamically(referrer, importModuleDynamically) {}

function internalCompileFunction(
  code, filename, lineOffset, columnOffset,
  cachedData, produceCachedData, parsingContext, contextExtensions,
  params, hostDefinedOptionId, importModuleDynamically) {
  const result = compileFunction(
    code,
    filename,
    lineOffset,
    columnOffset,
    cachedData,
    produceCachedData,
    parsingContext,
    contextExtensions,
    params,
    hostDefinedOptionId,
  );

  if (produceCachedData) {
    result.function.cachedDataProduced = result.cachedDataProduced;
  }

  if (result.cachedData) {
    result.function.cachedData = result.cachedData;
  }

  if (typeof result.cachedDataRejected === 'boolean') {
    result.function.cachedDataRejected = result.cachedDataRejected;
  }

  registerImportModuleDynamically(result.function, importModuleDynamically);

  return result;
}

function makeContextifyScript(code,
                              filename,
                              lineOffset,
                              columnOffset,
                              cachedData,
                              produceCachedData,
                              parsingContext,
                              hostDefinedOptionId,
                              importModuleDynamically) {
  let script;
  try { // eslint-disable-line no-useless-catch
    script = new ContextifyScript(code,
                                  filename,
                                  lineOffset,
                                  columnOffset,
                                  cachedData,
                                  produceCachedData,
                                  parsingContext,
                                  hostDefinedOptionId);
  } catch (e) {
    throw e; /* node-do-not-add-exception-line */
  }

  registerImportModuleDynamically(script, importModuleDynamically);
  return script;
}

function runScriptInThisContext(script, displayErrors, breakOnFirstLine) {
  return ReflectApply(
    runInContext,
    script,
    [
      null,                // sandbox - use current context
      -1,                  // timeout
      displayErrors,       // displayErrors
      false,               // breakOnSigint
      breakOnFirstLine,    // breakOnFirstLine
    ],
  );
}

module.exports = {
  getHostDefinedOptionId,
  internalCompileFunction,
  isContext,
  makeContextifyScript,
  registerImportModuleDynamically,
  runScriptInThisContext,
};
