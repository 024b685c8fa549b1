// Adapted from Node.js lib/internal/modules/customization_hooks.js (MIT license, Node.js contributors).
// module.registerHooks(): the synchronous, in-thread resolve/load hooks chain,
// applied to require() (cjsLoad), import (esmResolve: resolve and load run
// together when the Rust loader asks for a resolution, since its `load` has no
// JS scope), require(esm) and import.meta.resolve (resolve only).
// The loaders reach this module only once a hook was registered: until then
// their `customHooks` stays null and nothing here runs (no start-up cost).
'use strict';

const {
  ArrayPrototypeFindIndex,
  ArrayPrototypeIncludes,
  ArrayPrototypePush,
  ArrayPrototypeSplice,
  JSONParse,
  ObjectAssign,
  ObjectFreeze,
  SafeMap,
  StringPrototypeEndsWith,
  StringPrototypeSlice,
  StringPrototypeStartsWith,
  Symbol,
} = primordials;
const {
  isAnyArrayBuffer,
  isArrayBufferView,
} = require('internal/util/types');

const {
  ERR_INVALID_RETURN_PROPERTY_VALUE,
  ERR_UNKNOWN_BUILTIN_MODULE,
  ERR_UNKNOWN_MODULE_FORMAT,
} = require('internal/errors').codes;
const { validateFunction } = require('internal/validators');
const path = require('path');
const { isAbsolute } = path;
const { pathToFileURL, fileURLToPath } = require('internal/url');
const { getOptionValue } = require('internal/options');

const ops = internalBinding('ops');
const loaderBinding = internalBinding('loader');

let debug = require('internal/util/debuglog').debuglog('module_hooks', (fn) => {
  debug = fn;
});

// Use arrays for better insertion and iteration performance, we don't care
// about deletion performance as much.

/** @type {ModuleHooks[]} */
const resolveHooks = [];
/** @type {ModuleHooks[]} */
const loadHooks = [];
const hookId = Symbol('kModuleHooksIdKey');
let nextHookId = 0;

class ModuleHooks {
  constructor(resolve, load) {
    this[hookId] = Symbol(`module-hook-${nextHookId++}`);
    // Always initialize all hooks, if it's unspecified it'll be an owned undefined.
    this.resolve = resolve;
    this.load = load;

    if (resolve) {
      ArrayPrototypePush(resolveHooks, this);
    }
    if (load) {
      ArrayPrototypePush(loadHooks, this);
    }

    ObjectFreeze(this);
  }

  /** Deregisters the hook instance. */
  deregister() {
    const id = this[hookId];
    let index = ArrayPrototypeFindIndex(resolveHooks, (hook) => hook[hookId] === id);
    if (index !== -1) {
      ArrayPrototypeSplice(resolveHooks, index, 1);
    }
    index = ArrayPrototypeFindIndex(loadHooks, (hook) => hook[hookId] === id);
    if (index !== -1) {
      ArrayPrototypeSplice(loadHooks, index, 1);
    }
  }
}

let attached = false;

/**
 * module.registerHooks({ resolve, load }).
 * @returns {ModuleHooks}
 */
function registerHooks(hooks) {
  const { resolve, load } = hooks;
  if (resolve) {
    validateFunction(resolve, 'hooks.resolve');
  }
  if (load) {
    validateFunction(load, 'hooks.load');
  }
  if (!attached) {
    // From now on the loaders consult this module (see the header).
    attached = true;
    require('internal/modules/cjs/loader').setCustomizationHooks(module.exports);
    require('internal/modules/esm/resolve').setCustomizationHooks(module.exports);
    require('internal/modules/esm/translators').setCustomizationHooks(module.exports);
  }
  return new ModuleHooks(resolve, load);
}

/** Whether any hook is registered (the loaders' check). */
function active() {
  return resolveHooks.length > 0 || loadHooks.length > 0;
}

function normalizeRequirableId(id) {
  if (StringPrototypeStartsWith(id, 'node:')) {
    const bare = StringPrototypeSlice(id, 5);
    return loaderBinding.canBeRequiredByUsers(bare) ? bare : undefined;
  }
  const { Module } = require('internal/modules/cjs/loader');
  return Module.isBuiltin(id) && loaderBinding.canBeRequiredByUsers(id) ? id : undefined;
}

function convertCJSFilenameToURL(filename) {
  if (!filename) { return filename; }
  const builtinId = normalizeRequirableId(filename);
  if (builtinId) {
    return `node:${builtinId}`;
  }
  // Handle the case where filename is neither a path, nor a built-in id,
  // which is possible via monkey-patching.
  if (isAbsolute(filename)) {
    return pathToFileURL(filename).href;
  }
  return filename;
}

function convertURLToCJSFilename(url) {
  if (!url) { return url; }
  const builtinId = normalizeRequirableId(url);
  if (builtinId) {
    return builtinId;
  }
  if (StringPrototypeStartsWith(url, 'file://')) {
    return fileURLToPath(url);
  }
  return url;
}

/**
 * Convert a list of hooks into a function that can be used to do an operation through
 * a chain of hooks. If any of the hook returns without calling the next hook, it
 * must return shortCircuit: true to stop the chain from continuing to avoid
 * forgetting to invoke the next hook by mistake.
 */
function buildHooks(hooks, name, defaultStep, validate, mergedContext) {
  let lastRunIndex = hooks.length;
  function wrapHook(index, userHookOrDefault, next) {
    return function nextStep(arg0, context) {
      lastRunIndex = index;
      if (context && context !== mergedContext) {
        ObjectAssign(mergedContext, context);
      }
      const hookResult = userHookOrDefault(arg0, mergedContext, next);
      if (lastRunIndex > 0 && lastRunIndex === index && !hookResult?.shortCircuit) {
        throw new ERR_INVALID_RETURN_PROPERTY_VALUE('true', name, 'shortCircuit',
                                                    hookResult?.shortCircuit);
      }
      return validate(arg0, mergedContext, hookResult);
    };
  }
  const chain = [wrapHook(0, defaultStep)];
  for (let i = 0; i < hooks.length; ++i) {
    const wrappedHook = wrapHook(i + 1, hooks[i][name], chain[i]);
    ArrayPrototypePush(chain, wrappedHook);
  }
  return chain[chain.length - 1];
}

function validateResolve(specifier, context, result) {
  if (result === null || typeof result !== 'object') {
    const { ERR_INVALID_RETURN_VALUE } = require('internal/errors').codes;
    throw new ERR_INVALID_RETURN_VALUE('an object', 'resolve', result);
  }
  const { url, format, importAttributes } = result;
  if (typeof url !== 'string') {
    throw new ERR_INVALID_RETURN_PROPERTY_VALUE(
      'a URL string',
      'resolve',
      'url',
      url,
    );
  }

  if (format && typeof format !== 'string') {
    throw new ERR_INVALID_RETURN_PROPERTY_VALUE(
      'a string',
      'resolve',
      'format',
      format,
    );
  }

  if (importAttributes && typeof importAttributes !== 'object') {
    throw new ERR_INVALID_RETURN_PROPERTY_VALUE(
      'an object',
      'resolve',
      'importAttributes',
      importAttributes,
    );
  }

  return {
    __proto__: null,
    url,
    format,
    importAttributes,
  };
}

function validateLoad(url, context, result) {
  if (result === null || typeof result !== 'object') {
    const { ERR_INVALID_RETURN_VALUE } = require('internal/errors').codes;
    throw new ERR_INVALID_RETURN_VALUE('an object', 'load', result);
  }
  const { source, format } = result;
  // To align with module.register(), the load hooks are still invoked for
  // the builtins even though the default load step only provides null as source,
  // and any source content for builtins provided by the user hooks are ignored.
  if (!StringPrototypeStartsWith(url, 'node:') &&
    typeof result.source !== 'string' &&
      !isAnyArrayBuffer(source) &&
      !isArrayBufferView(source)) {
    throw new ERR_INVALID_RETURN_PROPERTY_VALUE(
      'a string, an ArrayBuffer, or a TypedArray',
      'load',
      'source',
      source,
    );
  }

  if (typeof format !== 'string' && format !== undefined) {
    throw new ERR_INVALID_RETURN_PROPERTY_VALUE(
      'a string',
      'load',
      'format',
      format,
    );
  }

  // The result goes on as the hook gave it (Node passes responseURL etc. through).
  return ObjectAssign({ __proto__: null }, result);
}

class ModuleResolveContext {
  constructor(parentURL, importAttributes, conditions) {
    this.parentURL = parentURL;
    this.importAttributes = importAttributes;
    this.conditions = conditions;
  }
}

class ModuleLoadContext {
  constructor(format, importAttributes, conditions) {
    this.format = format;
    this.importAttributes = importAttributes;
    this.conditions = conditions;
  }
}

let decoder;
/** Loads module source for a url, through the hooks chain. */
function loadWithHooks(url, originalFormat, importAttributes, conditions, defaultLoad) {
  debug('loadWithHooks', url, originalFormat);
  const context = new ModuleLoadContext(originalFormat, importAttributes, conditions);
  if (loadHooks.length === 0) {
    return defaultLoad(url, context);
  }

  const runner = buildHooks(loadHooks, 'load', defaultLoad, validateLoad, context);

  const result = runner(url, context);
  const { source, format } = result;
  if (!isAnyArrayBuffer(source) && !isArrayBufferView(source)) {
    return result;
  }

  switch (format) {
    // Text formats:
    case undefined:
    case 'module':
    case 'commonjs':
    case 'json':
    case 'module-typescript':
    case 'commonjs-typescript':
    case 'typescript': {
      decoder ??= new (require('internal/encoding').TextDecoder)();
      result.source = decoder.decode(source);
      break;
    }
    default:
      break;
  }
  return result;
}

/** Resolves a module request to a url, through the hooks chain. */
function resolveWithHooks(specifier, parentURL, importAttributes, conditions, defaultResolve) {
  debug('resolveWithHooks', specifier, parentURL, importAttributes);
  const context = new ModuleResolveContext(parentURL, importAttributes, conditions);
  if (resolveHooks.length === 0) {
    return defaultResolve(specifier, context);
  }

  const runner = buildHooks(resolveHooks, 'resolve', defaultResolve, validateResolve, context);

  return runner(specifier, context);
}

// ---- nodus: the loaders' side of the hooks ----

function lineMajor() {
  const { version } = internalBinding('profile');
  return +StringPrototypeSlice(version, 1, version.indexOf('.'));
}

function userConditions() {
  return getOptionValue('--conditions');
}

function cjsConditions() {
  return ['require', 'node', 'node-addons', 'module-sync', ...userConditions()];
}

function esmConditions() {
  return ['node', 'import', 'module-sync', 'node-addons', ...userConditions()];
}

/** The format a file gets without hooks (ESM rules; CommonJS for what ESM rejects). */
function fileFormat(filename) {
  try {
    return require('internal/modules/esm/resolve').formatOf(filename);
  } catch {
    return 'commonjs';
  }
}

/**
 * Node's names for the formats of TypeScript files (nodus's resolver calls a
 * stripped file plain 'module'/'commonjs', its loader strips the types).
 */
function typeScriptFormat(url, format) {
  if ((format !== 'module' && format !== 'commonjs') || !StringPrototypeStartsWith(url, 'file:')) return format;
  const ts = require('internal/modules/typescript');
  return ts.enabled() && ts.isTypeScriptFile(url) ? `${format}-typescript` : format;
}

function readSource(url, asBuffer) {
  if (!StringPrototypeStartsWith(url, 'file:')) {
    const { ERR_UNSUPPORTED_ESM_URL_SCHEME } = require('internal/errors').codes;
    throw new ERR_UNSUPPORTED_ESM_URL_SCHEME(new (require('internal/url').URL)(url), ['file', 'data', 'node']);
  }
  const filename = fileURLToPath(url);
  return asBuffer ? require('fs').readFileSync(filename) : ops.op_fs_read_file_utf8(filename);
}

function stripTypes(source, filename, kind) {
  return require('internal/modules/typescript').stripTypeScriptModuleTypes(source, filename, kind);
}

// URLs whose source the load hooks gave for the ES module loader: url -> { format, source }.
const loaded = new SafeMap();

/**
 * The ES module loader's resolution with hooks: `(specifier, referrer, isDynamic, type)
 * -> { url, format }`, running the load chain once per URL and handing its
 * source to the Rust loader (ES modules, JSON) or to the CommonJS facade.
 */
function esmResolve(specifier, referrer, isDynamic, type, defaultResolveFn, validateType) {
  const checkType = (result) => (type === null || type === undefined ? result : validateType(result, type));
  const held = loaded.get(specifier);
  if (held !== undefined) return { url: specifier, format: held.format };
  let parentURL;
  if (typeof referrer === 'string' && referrer !== '') {
    parentURL = referrer[0] === '/' ? pathToFileURL(referrer).href : referrer;
  }
  const importAttributes = { __proto__: null };
  if (type != null) importAttributes.type = type;
  const conditions = esmConditions();
  const defaultResolve = (spec, context) => {
    const r = defaultResolveFn(spec, context.parentURL ?? referrer, isDynamic, true);
    return {
      __proto__: null,
      url: r.url,
      format: r.format === 'builtin' ? undefined : typeScriptFormat(r.url, r.format),
      importAttributes: context.importAttributes,
    };
  };
  const resolved = resolveWithHooks(specifier, parentURL, importAttributes, conditions, defaultResolve);
  const { url } = resolved;
  const attributes = resolved.importAttributes ?? importAttributes;
  const done = loaded.get(url);
  if (done !== undefined) return checkType({ url, format: done.format });
  if (StringPrototypeStartsWith(url, 'nodus-error:')) return { url, format: 'error' };

  const defaultLoad = (u, context) => {
    if (StringPrototypeStartsWith(u, 'node:')) {
      return { __proto__: null, format: 'builtin', responseURL: u, source: null };
    }
    if (StringPrototypeStartsWith(u, 'data:')) {
      const format = context.format ?? defaultResolveFn(u, undefined, isDynamic).format;
      return { __proto__: null, format, responseURL: u, source: dataURLSource(u) };
    }
    const source = readSource(u, true);
    const format = context.format ??
      typeScriptFormat(u, require('internal/modules/esm/resolve').formatOf(fileURLToPath(u)));
    return { __proto__: null, format, responseURL: u, source };
  };
  const result = loadWithHooks(url, resolved.format, attributes, conditions, defaultLoad);
  let { format, source } = result;
  if (format === undefined && StringPrototypeStartsWith(url, 'file:')) {
    format = require('internal/modules/esm/resolve').formatOf(fileURLToPath(url));
  }
  if (StringPrototypeStartsWith(url, 'node:')) {
    const id = StringPrototypeSlice(url, 5);
    if (!loaderBinding.canBeRequiredByUsers(id)) throw new ERR_UNKNOWN_BUILTIN_MODULE(url);
    format = 'builtin';
  }
  const filename = StringPrototypeStartsWith(url, 'file:') ? fileURLToPath(url) : url;
  if (format === 'module-typescript' || (format === 'typescript' && StringPrototypeEndsWith(url, '.mts'))) {
    source = stripTypes(`${source}`, filename, 'module');
    format = 'module';
  } else if (format === 'commonjs-typescript' || format === 'typescript') {
    source = stripTypes(`${source}`, filename, format === 'typescript' ? undefined : 'commonjs');
    format = format === 'typescript' ? 'module' : 'commonjs';
  }
  if (source != null && typeof source !== 'string') {
    decoder ??= new (require('internal/encoding').TextDecoder)();
    source = decoder.decode(source);
  }
  switch (format) {
    case 'module':
    case 'json':
      ops.op_loader_set_module_source(url, source);
      break;
    case 'commonjs':
    case 'builtin':
      break;
    default:
      throw new ERR_UNKNOWN_MODULE_FORMAT(format, url);
  }
  loaded.set(url, { __proto__: null, format, source });
  return checkType({ url, format });
}

// The body of a data: URL (Node's load.js getSourceSync).
function dataURLSource(url) {
  const match = /^data:([^,]*?)(;base64)?,([\s\S]*)$/.exec(url);
  if (match === null) {
    const { ERR_INVALID_URL } = require('internal/errors').codes;
    throw new ERR_INVALID_URL(url);
  }
  const { Buffer } = require('buffer');
  return Buffer.from(decodeURIComponent(match[3]), match[2] ? 'base64' : 'utf8');
}

/** import.meta.resolve with hooks: the resolve chain only. */
function esmMetaResolve(specifier, parentURL, defaultMetaResolve) {
  const defaultResolve = (spec, context) => {
    const url = defaultMetaResolve(spec, context.parentURL ?? parentURL);
    let format;
    if (StringPrototypeStartsWith(url, 'file:')) {
      try {
        format = require('internal/modules/esm/resolve').formatOf(fileURLToPath(url));
      } catch {
        // A file that does not exist (or has no known format) resolves all the same.
      }
    }
    return { __proto__: null, url, format, importAttributes: context.importAttributes };
  };
  return resolveWithHooks(specifier, parentURL, { __proto__: null }, esmConditions(), defaultResolve).url;
}

/**
 * The module value behind the ESM facade of a CommonJS module whose source
 * came from the load hooks (`undefined` for others): compiled from that source.
 */
function takeCommonJS(url) {
  const held = loaded.get(url);
  if (held === undefined || held.format !== 'commonjs' || held.source == null) return undefined;
  const { Module } = require('internal/modules/cjs/loader');
  const filename = convertURLToCJSFilename(url);
  const cached = Module._cache[filename];
  if (cached !== undefined) return { value: cached.exports };
  const mod = new Module(filename, null);
  Module._cache[filename] = mod;
  mod.filename = filename;
  mod.paths = Module._nodeModulePaths(path.dirname(filename));
  let threw = true;
  try {
    compileCommonJS(mod, held.source, filename);
    threw = false;
  } finally {
    if (threw) delete Module._cache[filename];
  }
  mod.loaded = true;
  return { value: mod.exports };
}

/** The hooked source of a CommonJS module imported by ESM (for its export names). */
function commonJSSource(url) {
  const held = loaded.get(url);
  return held?.format === 'commonjs' ? held.source : undefined;
}

function compileCommonJS(mod, source, filename) {
  const { stripBOM, stripShebang } = require('internal/modules/cjs/loader');
  mod._compile(stripShebang(stripBOM(`${source}`)), filename);
}

const kHookURL = Symbol('kHookURL');
const kHookFormat = Symbol('kHookFormat');

/** require() with hooks: Module._load's resolution and loading through the chains. */
function cjsLoad(request, parent, isMain) {
  const { Module } = require('internal/modules/cjs/loader');
  const parentURL = parent?.filename ? convertCJSFilenameToURL(parent.filename) : undefined;
  const conditions = cjsConditions();
  const defaultResolve = (specifier, context) => {
    const filename = Module._resolveFilename(specifier, parent, isMain);
    const builtinId = normalizeRequirableId(filename);
    if (builtinId) {
      return { __proto__: null, url: `node:${builtinId}`, format: lineMajor() >= 24 ? 'builtin' : undefined };
    }
    return { __proto__: null, url: convertCJSFilenameToURL(filename), format: undefined };
  };
  const { url, format } = resolveWithHooks(request, parentURL, undefined, conditions, defaultResolve);

  if (StringPrototypeStartsWith(url, 'node:')) {
    const id = StringPrototypeSlice(url, 5);
    if (!loaderBinding.canBeRequiredByUsers(id)) throw new ERR_UNKNOWN_BUILTIN_MODULE(url);
    if (loadHooks.length > 0) {
      // Node runs the load hooks for built-ins too and ignores their source.
      loadWithHooks(url, format ?? 'builtin', undefined, conditions,
                    () => ({ __proto__: null, source: null, format: 'builtin' }));
    }
    return require(id);
  }

  const filename = convertURLToCJSFilename(url);
  const cached = Module._cache[filename];
  if (cached !== undefined) {
    if (parent && !ArrayPrototypeIncludes(parent.children, cached)) ArrayPrototypePush(parent.children, cached);
    return cached.exports;
  }
  const mod = new Module(filename, parent);
  if (isMain) {
    process.mainModule = mod;
    mod.id = '.';
  }
  mod[kHookURL] = url;
  mod[kHookFormat] = format;
  Module._cache[filename] = mod;
  let threw = true;
  try {
    if (loadHooks.length === 0 && StringPrototypeStartsWith(url, 'file:')) {
      mod.load(filename);
    } else {
      loadCommonJSWithHooks(mod, filename, url, format, conditions);
    }
    threw = false;
  } finally {
    if (threw) delete Module._cache[filename];
  }
  return mod.exports;
}

function loadCommonJSWithHooks(mod, filename, url, format, conditions) {
  const { Module, loadESMFromCJS, stripBOM } = require('internal/modules/cjs/loader');
  mod.filename = filename;
  mod.paths = Module._nodeModulePaths(path.dirname(filename));
  const defaultLoad = (u, context) => {
    const source = readSource(u, false);
    let fmt = context.format;
    if (fmt === undefined && StringPrototypeStartsWith(u, 'file:')) {
      const f = fileURLToPath(u);
      if (StringPrototypeEndsWith(f, '.mjs')) fmt = 'module';
      else if (StringPrototypeEndsWith(f, '.json')) fmt = 'json';
      else if (require('internal/modules/typescript').isTypeScriptFile(f)) fmt = typeScriptFormat(u, fileFormat(f));
    }
    return { __proto__: null, source, format: fmt };
  };
  const contextFormat = format ?? (StringPrototypeEndsWith(filename, '.mjs') ? 'module' : undefined);
  const result = loadWithHooks(url, contextFormat, undefined, conditions, defaultLoad);
  let { source } = result;
  let fmt = result.format;
  if (source != null && typeof source !== 'string') {
    decoder ??= new (require('internal/encoding').TextDecoder)();
    source = decoder.decode(source);
  }
  // As Node's Module.prototype.load: the extension picks the handler; the
  // '.js' one (every unregistered extension too) honours the module and
  // TypeScript formats and compiles anything else as CommonJS.
  const ext = path.extname(filename);
  if (ext === '.json' && fmt !== 'module') {
    try {
      mod.exports = JSONParse(stripBOM(source));
    } catch (err) {
      err.message = `${filename}: ${err.message}`;
      throw err;
    }
  } else if (ext === '.node') {
    Module._extensions['.node'](mod, filename);
  } else if (fmt === 'module' || fmt === 'module-typescript' ||
             (ext === '.mjs' && fmt === undefined)) {
    const code = fmt === 'module-typescript' ? stripTypes(source, filename, 'module') : source;
    // The ES module loader takes this source as it is (no second pass through the hooks).
    loaded.set(url, { __proto__: null, format: 'module', source: code });
    ops.op_loader_set_module_source(url, code);
    loadESMFromCJS(mod, filename, code, null, url);
  } else if (fmt === 'commonjs-typescript' || fmt === 'typescript') {
    compileCommonJS(mod, stripTypes(source, filename, fmt === 'typescript' ? undefined : 'commonjs'), filename);
  } else {
    compileCommonJS(mod, source, filename);
  }
  mod.loaded = true;
}

/** module.register(): off-thread hooks need a loader worker, which nodus lacks. */
function register() {
  const { ERR_NOT_IMPLEMENTED } = require('internal/errors').codes;
  throw new ERR_NOT_IMPLEMENTED('module.register() (off-thread module customization hooks; use module.registerHooks())');
}

module.exports = {
  active,
  cjsLoad,
  commonJSSource,
  convertCJSFilenameToURL,
  convertURLToCJSFilename,
  esmMetaResolve,
  esmResolve,
  loadHooks,
  loadWithHooks,
  register,
  registerHooks,
  resolveHooks,
  resolveWithHooks,
  takeCommonJS,
};
