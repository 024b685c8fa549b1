// Node's internalBinding('contextify') over nodus's vm ops: ContextifyScript,
// makeContext, isContext, compileFunction, and the constants lib/vm.js reads.
'use strict';

const {
  ObjectDefineProperty,
  ObjectFreeze,
  ReflectApply,
  SafeMap,
  Symbol,
} = primordials;

const ops = internalBinding('ops');
const { FastBuffer } = require('internal/buffer');

function toBuffer(u8) {
  return new FastBuffer(u8.buffer, u8.byteOffset, u8.byteLength);
}

const core = internalBinding('core');

// hostDefinedOptionId symbol -> { fn, referrer } for importModuleDynamically.
const importSlots = new SafeMap();

/** Registers `fn` as the dynamic import handler of the code compiled with `id`. */
function registerImportSlot(id, fn) {
  importSlots.set(id, { __proto__: null, fn, referrer: undefined });
}

function missingFlag() {
  const { ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG } = require('internal/errors').codes;
  throw new ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG();
}

/**
 * What the compile ops take for a hostDefinedOptionId: `null` (import()
 * rejects: no callback), `undefined` (the main loader), or a handler.
 */
function dynamicImportFor(id) {
  if (id === symbols.vm_dynamic_import_no_callback) return null;
  if (id === symbols.vm_dynamic_import_missing_flag) return missingFlag;
  const slot = importSlots.get(id);
  if (slot === undefined) return undefined;
  return async (specifier, attributes) => {
    const m = await slot.fn(specifier, slot.referrer, { __proto__: null, ...attributes }, 'evaluation');
    if (core.isModuleNamespaceObject(m)) return m;
    const { ERR_VM_MODULE_NOT_MODULE } = require('internal/errors').codes;
    throw new ERR_VM_MODULE_NOT_MODULE();
  };
}

function setReferrer(id, referrer) {
  const slot = importSlots.get(id);
  if (slot !== undefined) slot.referrer = referrer;
}

class ContextifyScript {
  constructor(code, filename, lineOffset, columnOffset, cachedData, produceCachedData, parsingContext,
              hostDefinedOptionId) {
    const r = ops.op_vm_script_compile(this, `${code}`, filename, lineOffset, columnOffset,
                                       cachedData, produceCachedData, parsingContext,
                                       dynamicImportFor(hostDefinedOptionId));
    setReferrer(hostDefinedOptionId, this);
    if (r[2] !== undefined) {
      this.cachedDataRejected = r[2];
    } else if (r[4] !== undefined) {
      if (r[3] !== undefined) this.cachedData = toBuffer(r[3]);
      this.cachedDataProduced = r[4];
    }
    this.sourceMapURL = r[1];
  }
}

// Native methods, as in Node: `runInContext(contextifiedObject | null, timeout,
// displayErrors, breakOnSigint, breakOnFirstLine)` adds no frame of its own to
// the stacks of errors thrown by the script.
ObjectDefineProperty(ContextifyScript.prototype, 'runInContext', {
  __proto__: null, value: ops.op_vm_script_run, writable: true, enumerable: false, configurable: true,
});

function createCachedData() {
  return toBuffer(ReflectApply(ops.op_vm_script_create_cached_data, this, []));
}
ObjectDefineProperty(ContextifyScript.prototype, 'createCachedData', {
  __proto__: null, value: createCachedData, writable: true, enumerable: false, configurable: true,
});

/**
 * `makeContext(sandbox | DONT_CONTEXTIFY, name, origin, strings, wasm,
 * ownMicrotaskQueue, hostDefinedOptionId)`: the contextified sandbox, or the
 * global of a new plain context.
 */
function makeContext(sandbox, name, origin, strings, wasm, ownMicrotaskQueue, hostDefinedOptionId) {
  return ops.op_vm_make_context(sandbox, strings, wasm, ownMicrotaskQueue === true);
}

function isContext(object) {
  return ops.op_vm_is_context(object);
}

function compileFunction(code, filename, lineOffset, columnOffset, cachedData, produceCachedData,
                         parsingContext, contextExtensions, params, hostDefinedOptionId) {
  const result = ops.op_vm_compile_function(code, filename, lineOffset, columnOffset, cachedData,
                                            produceCachedData, parsingContext, contextExtensions ?? [], params,
                                            dynamicImportFor(hostDefinedOptionId));
  setReferrer(hostDefinedOptionId, result.function);
  if (result.cachedData !== undefined) result.cachedData = toBuffer(result.cachedData);
  return result;
}

const constants = ObjectFreeze({
  __proto__: null,
  measureMemory: ObjectFreeze({
    __proto__: null,
    mode: ObjectFreeze({ __proto__: null, SUMMARY: 0, DETAILED: 1 }),
    execution: ObjectFreeze({ __proto__: null, DEFAULT: 0, EAGER: 1 }),
  }),
});

// Node's internalBinding('symbols') entries vm uses (per-isolate symbols).
const symbols = ObjectFreeze({
  __proto__: null,
  vm_dynamic_import_default_internal: Symbol('vm_dynamic_import_default_internal'),
  vm_dynamic_import_main_context_default: Symbol('vm_dynamic_import_main_context_default'),
  vm_dynamic_import_missing_flag: Symbol('vm_dynamic_import_missing_flag'),
  vm_dynamic_import_no_callback: Symbol('vm_dynamic_import_no_callback'),
  vm_context_no_contextify: Symbol('vm_context_no_contextify'),
});

module.exports = {
  ContextifyScript,
  makeContext,
  isContext,
  compileFunction,
  constants,
  symbols,
  registerImportSlot,
};
