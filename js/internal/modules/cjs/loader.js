// CommonJS: Node's Module with its resolution, cache and wrapper
// (lib/internal/modules/cjs/loader.js), on nodus's compile op.
'use strict';

const {
  ArrayIsArray,
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  ArrayPrototypeUnshift,
  Error,
  JSONParse,
  ObjectCreate,
  ObjectDefineProperty,
  ObjectFreeze,
  ObjectKeys,
  ReflectApply,
  RegExpPrototypeExec,
  SafeMap,
  StringPrototypeCharCodeAt,
  StringPrototypeEndsWith,
  StringPrototypeIndexOf,
  StringPrototypeRepeat,
  StringPrototypeSlice,
  StringPrototypeSplit,
  StringPrototypeStartsWith,
} = primordials;

const ops = internalBinding('ops');
const loaderBinding = internalBinding('loader');
const path = require('path');

const wrapperParams = ['exports', 'require', 'module', '__filename', '__dirname'];
const wrapper = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];
const sourceCache = new SafeMap();
// Stats are cached only while the outermost module runs (Node's requireDepth 0),
// so files created later are seen.
let statCache = null;
let requireDepth = 0;

/** 0 = file, 1 = directory, negative otherwise (Node's internalModuleStat). */
function stat(filename) {
  if (statCache !== null) {
    const cached = statCache.get(filename);
    if (cached !== undefined) return cached;
  }
  let r;
  try {
    r = ops.op_fs_stat_kind(filename);
  } catch {
    r = -2;
  }
  if (typeof r !== 'number' || (r !== 0 && r !== 1)) r = -2;
  if (statCache !== null && r >= 0) statCache.set(filename, r);
  return r;
}
let statImpl = stat;
function moduleStat(filename) {
  return statImpl(filename);
}

function Module(id = '', parent) {
  this.id = id;
  this.path = path.dirname(id);
  this.exports = {};
  ObjectDefineProperty(this, 'parent', { __proto__: null, value: parent, writable: true, configurable: true, enumerable: false });
  if (parent && ArrayIsArray(parent.children) && !ArrayPrototypeIncludes(parent.children, this)) {
    ArrayPrototypePush(parent.children, this);
  }
  this.filename = null;
  this.loaded = false;
  this.children = [];
}

ObjectDefineProperty(Module, '_stat', {
  __proto__: null,
  get() { return statImpl; },
  set(fn) {
    statImpl = fn;
    return true;
  },
  configurable: true,
});

// Node's modulePaths: HOME/.node_modules, HOME/.node_libraries, <prefix>/lib/node,
// after the NODE_PATH entries; set by Module._initPaths at start-up.
let modulePaths = [];

Module._initPaths = function() {
  const homeDir = process.env.HOME;
  const nodePath = process.env.NODE_PATH;
  const prefixDir = path.resolve(process.execPath, '..', '..');
  const paths = [path.resolve(prefixDir, 'lib', 'node')];
  if (homeDir) {
    ArrayPrototypeUnshift(paths, path.resolve(homeDir, '.node_libraries'));
    ArrayPrototypeUnshift(paths, path.resolve(homeDir, '.node_modules'));
  }
  if (nodePath) {
    ArrayPrototypeUnshift(paths, ...StringPrototypeSplit(nodePath, path.delimiter).filter(Boolean));
  }
  modulePaths = paths;
  Module.globalPaths = [...modulePaths];
};

Module._cache = { __proto__: null };
Module._pathCache = { __proto__: null };
Module._extensions = { __proto__: null };
Module.globalPaths = [];
Module.wrap = (script) => wrapper[0] + script + wrapper[1];
Module.wrapper = wrapper;

function builtinIdOf(request) {
  if (StringPrototypeStartsWith(request, 'node:')) return StringPrototypeSlice(request, 5);
  return request;
}

// Built-ins that exist only with the node: scheme (Node's schemelessBlockList).
const schemeOnly = ['sea', 'sqlite', 'quic', 'test', 'test/reporters'];

function isBuiltinWithoutScheme(id) {
  return typeof id === 'string' && !ArrayPrototypeIncludes(schemeOnly, id) && loaderBinding.canBeRequiredByUsers(id);
}

function isBuiltin(request) {
  if (typeof request !== 'string') return false;
  if (StringPrototypeStartsWith(request, 'node:')) return loaderBinding.canBeRequiredByUsers(StringPrototypeSlice(request, 5));
  return isBuiltinWithoutScheme(request);
}
Module.isBuiltin = isBuiltin;

Module._nodeModulePaths = function(from) {
  from = path.resolve(from);
  if (from === '/') return ['/node_modules'];
  const paths = [];
  let p = from;
  for (;;) {
    if (!StringPrototypeEndsWith(p, '/node_modules')) ArrayPrototypePush(paths, `${p}/node_modules`);
    const up = path.dirname(p);
    if (up === p) break;
    p = up;
  }
  ArrayPrototypePush(paths, '/node_modules');
  // The root folder was pushed as "//node_modules" above; keep one.
  return paths.filter((x, i) => x !== '//node_modules');
};

// package.json reading and its cache are shared with the ES module resolver.
function readPackage(dir) {
  return require('internal/modules/esm/resolve').readPackageJson(`${dir}/package.json`);
}

function readPackageScope(checkPath) {
  const scope = require('internal/modules/esm/resolve').getPackageScope(checkPath);
  return scope ? { path: scope.dir, data: scope.data } : false;
}
Module._readPackageScope = readPackageScope;

/** --preserve-symlinks (--preserve-symlinks-main for the entry): keep a link's own path. */
function preserveLinks(isMain) {
  const { getOptionValue } = require('internal/options');
  return !!getOptionValue(isMain ? '--preserve-symlinks-main' : '--preserve-symlinks');
}

function tryFile(p, isMain) {
  if (moduleStat(p) !== 0) return false;
  return preserveLinks(isMain) ? path.resolve(p) : toRealPath(p);
}

function toRealPath(p) {
  try {
    return ops.op_fs_realpath(p);
  } catch {
    return p;
  }
}

function tryExtensions(p, isMain) {
  for (const ext of ObjectKeys(Module._extensions)) {
    const f = tryFile(p + ext, isMain);
    if (f) return f;
  }
  return false;
}

function tryPackage(dir, originalPath, isMain) {
  const pkg = readPackage(dir);
  const main = pkg && typeof pkg.main === 'string' ? pkg.main : undefined;
  if (!main) return tryExtensions(`${dir}/index`, isMain);
  const filename = path.resolve(dir, main);
  const actual = tryFile(filename, isMain) || tryExtensions(filename, isMain) || tryExtensions(`${filename}/index`, isMain);
  if (actual === false) {
    const actualIndex = tryExtensions(`${dir}/index`, isMain);
    if (!actualIndex) {
      const err = new Error(`Cannot find module '${filename}'. Please verify that the package.json has a valid "main" entry`);
      err.code = 'MODULE_NOT_FOUND';
      err.path = `${dir}/package.json`;
      err.requestPath = originalPath;
      throw err;
    }
    return actualIndex;
  }
  return actual;
}

const packageNameRe = /^((?:@[^/\\%]+\/)?[^./\\%][^/\\%]*)(\/.*)?$/;

/** A bare request through the package's "exports" (conditions node/require), or false. */
function resolveExports(nmPath, request) {
  const m = RegExpPrototypeExec(packageNameRe, request);
  if (m === null) return false;
  const pkgDir = path.resolve(nmPath, m[1]);
  const pkg = readPackage(pkgDir);
  if (!pkg || pkg.exports === undefined || pkg.exports === null) return false;
  const { packageExportsResolve, REQUIRE_CONDITIONS } = require('internal/modules/esm/resolve');
  const resolved = packageExportsResolve(pkgDir, `.${m[2] || ''}`, pkg.exports, REQUIRE_CONDITIONS, undefined);
  const actual = tryFile(resolved);
  if (actual) return actual;
  const err = new Error(`Cannot find module '${resolved}'`);
  err.code = 'MODULE_NOT_FOUND';
  err.path = `${pkgDir}/package.json`;
  throw err;
}

/** Where a self-reference is looked up from: the parent's file, or the cwd for preloads. */
function trySelfParentPath(parent) {
  if (!parent) return false;
  if (parent.filename) return parent.filename;
  if (parent.id === '<repl>' || parent.id === 'internal/preload') {
    try {
      return `${process.cwd()}/`;
    } catch {
      return false;
    }
  }
  return false;
}

/** Self-reference: a request for the parent's own package name through its "exports". */
function trySelf(parent, request) {
  const parentPath = trySelfParentPath(parent);
  if (!parentPath) return false;
  const scope = readPackageScope(StringPrototypeEndsWith(parentPath, '/') ? `${parentPath}x` : parentPath);
  if (!scope || scope.data.exports === undefined || scope.data.exports === null) return false;
  const name = scope.data.name;
  if (typeof name !== 'string' || (request !== name && !StringPrototypeStartsWith(request, `${name}/`))) return false;
  const { packageExportsResolve, REQUIRE_CONDITIONS } = require('internal/modules/esm/resolve');
  const resolved = packageExportsResolve(scope.path, `.${StringPrototypeSlice(request, name.length)}`,
                                         scope.data.exports, REQUIRE_CONDITIONS, undefined);
  return tryFile(resolved) || false;
}

Module._findPath = function(request, paths, isMain) {
  const absolute = path.isAbsolute(request);
  const bare = !absolute && request[0] !== '.';
  if (absolute) paths = [''];
  const trailingSlash = StringPrototypeEndsWith(request, '/') ||
    request === '.' || request === '..' || StringPrototypeEndsWith(request, '/.') || StringPrototypeEndsWith(request, '/..');
  const cacheKey = `${request}\x00${ArrayPrototypeJoin(paths, '\x00')}`;
  const cached = Module._pathCache[cacheKey];
  if (cached) return cached;
  for (const dir of paths) {
    if (bare && dir) {
      const exported = resolveExports(dir, request);
      if (exported) {
        Module._pathCache[cacheKey] = exported;
        return exported;
      }
    }
    const basePath = path.resolve(dir, request);
    let filename;
    const rc = moduleStat(basePath);
    if (!trailingSlash) {
      if (rc === 0) filename = preserveLinks(isMain) ? basePath : toRealPath(basePath);
      if (!filename) filename = tryExtensions(basePath, isMain);
    }
    if (!filename && rc === 1) filename = tryPackage(basePath, request, isMain);
    if (filename) {
      Module._pathCache[cacheKey] = filename;
      return filename;
    }
  }
  return false;
};

Module._resolveLookupPaths = function(request, parent) {
  if (isBuiltinWithoutScheme(request)) return null;
  if (request[0] !== '.' || (request.length > 1 && request[1] !== '.' && request[1] !== '/')) {
    const paths = parent?.paths?.length ? [...parent.paths, ...modulePaths] : modulePaths;
    return paths.length > 0 ? paths : null;
  }
  // No parent file (the REPL, preloads): relative to the working directory.
  if (!parent || !parent.id || !parent.filename) return ['.'];
  return [path.dirname(parent.filename)];
};

Module._resolveFilename = function(request, parent, isMain, options) {
  if (isBuiltin(request) && (StringPrototypeStartsWith(request, 'node:') || !options?.paths)) return request;
  if (StringPrototypeStartsWith(request, 'node:')) {
    const err = new Error(`No such built-in module: ${request}`);
    err.code = 'ERR_UNKNOWN_BUILTIN_MODULE';
    throw err;
  }
  if (request[0] === '#' && parent?.filename) {
    const { packageImportsResolve, REQUIRE_CONDITIONS } = require('internal/modules/esm/resolve');
    const r = packageImportsResolve(request, parent.filename, REQUIRE_CONDITIONS, parent.filename);
    if (typeof r === 'object') return Module._resolveFilename(r.bare, parent, isMain, options);
    const actual = tryFile(r);
    if (actual) return actual;
  }
  if (!options?.paths) {
    const self = trySelf(parent, request);
    if (self) return self;
  }
  let paths;
  if (options?.paths) {
    paths = [];
    for (const p of options.paths) {
      const fake = new Module('', null);
      fake.paths = Module._nodeModulePaths(p);
      ArrayPrototypePush(paths, ...Module._resolveLookupPaths(request, fake), p);
    }
  } else {
    paths = Module._resolveLookupPaths(request, parent);
  }
  const filename = Module._findPath(request, paths, isMain);
  if (filename) return filename;
  const requireStack = [];
  for (let cursor = parent; cursor; cursor = cursor.parent) {
    ArrayPrototypePush(requireStack, cursor.filename || cursor.id);
  }
  let message = `Cannot find module '${request}'`;
  if (requireStack.length > 0) message += `\nRequire stack:\n- ${ArrayPrototypeJoin(requireStack, '\n- ')}`;
  const err = new Error(message);
  err.code = 'MODULE_NOT_FOUND';
  err.requireStack = requireStack;
  throw err;
};

// module.registerHooks() hooks (internal/modules/customization_hooks), set on
// the first registration: until then require() never looks at them.
let customHooks = null;
function setCustomizationHooks(hooks) {
  customHooks = hooks;
}

Module._load = function(request, parent, isMain) {
  if (customHooks !== null && customHooks.active()) return customHooks.cjsLoad(request, parent, isMain);
  if (StringPrototypeStartsWith(request, 'node:')) {
    const id = builtinIdOf(request);
    if (!loaderBinding.canBeRequiredByUsers(id)) {
      const err = new Error(`No such built-in module: ${request}`);
      err.code = 'ERR_UNKNOWN_BUILTIN_MODULE';
      throw err;
    }
    return require(id);
  }
  const filename = Module._resolveFilename(request, parent, isMain);
  const cached = Module._cache[filename];
  if (cached !== undefined) {
    if (parent && !ArrayPrototypeIncludes(parent.children, cached)) ArrayPrototypePush(parent.children, cached);
    return cached.exports;
  }
  if (isBuiltinWithoutScheme(filename)) return require(filename);
  const module = new Module(filename, parent);
  if (isMain) {
    process.mainModule = module;
    module.id = '.';
    requireFn.main = module;
  }
  Module._cache[filename] = module;
  let threw = true;
  try {
    module.load(filename);
    threw = false;
  } finally {
    if (threw) delete Module._cache[filename];
  }
  return module.exports;
};

Module.prototype.load = function(filename) {
  this.filename = filename;
  this.paths = Module._nodeModulePaths(path.dirname(filename));
  let ext = path.extname(filename);
  if (!Module._extensions[ext]) ext = '.js';
  Module._extensions[ext](this, filename);
  this.loaded = true;
};

Module.prototype.require = function(id) {
  validateRequireId(id);
  requireDepth++;
  try {
    const channel = requireChannel();
    if (channel !== undefined) {
      return channel.traceSync(Module._load, {
        __proto__: null,
        parentFilename: this.filename,
        id,
      }, Module, id, this, false);
    }
    return Module._load(id, this, false);
  } finally {
    requireDepth--;
  }
};

// The 'module.require' tracing channel, when it has subscribers: nobody can
// subscribe before node:diagnostics_channel is loaded, so until then a
// require only looks the module up in the built-in cache.
const builtinCache = internalBinding('loader').cache;
let onRequire;
function requireChannel() {
  if (onRequire === undefined) {
    if (!builtinCache.has('diagnostics_channel')) return undefined;
    onRequire = require('diagnostics_channel').tracingChannel('module.require');
  }
  return onRequire.hasSubscribers ? onRequire : undefined;
}

function validateRequireId(id) {
  if (typeof id !== 'string') {
    const { codes: { ERR_INVALID_ARG_TYPE } } = require('internal/errors');
    throw new ERR_INVALID_ARG_TYPE('id', 'string', id);
  }
  if (id === '') {
    const { codes: { ERR_INVALID_ARG_VALUE } } = require('internal/errors');
    throw new ERR_INVALID_ARG_VALUE('id', id, 'must be a non-empty string');
  }
}

let requireFn = { main: undefined };

function makeRequire(mod) {
  const req = function require(path) {
    return mod.require(path);
  };
  function resolve(request, options) {
    return Module._resolveFilename(request, mod, false, options);
  }
  resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  req.resolve = resolve;
  req.main = process.mainModule;
  req.extensions = Module._extensions;
  req.cache = Module._cache;
  return req;
}

/** Compiles `content` as the body of a CommonJS function; throws a SyntaxError with its arrow. */
function compileWrapper(content, filename) {
  const result = ops.op_loader_compile_function(content, filename, wrapperParams);
  if (result[0] !== undefined) return result[0];
  const err = result[1];
  if (err !== null && typeof err === 'object' && typeof result[2] === 'string') {
    const { arrowFromMessage } = require('internal/process/execution');
    // Node decorates syntax errors with their arrow so the fatal report shows it.
    const arrow = arrowFromMessage([err, result[2], result[3], result[4], result[5], result[6]]);
    ObjectDefineProperty(err, 'nodusArrow', {
      __proto__: null, value: arrow, enumerable: false, configurable: true,
    });
    // Where Node keeps it (util.decorateErrorStack and tests read it).
    const { privateSymbols: { arrow_message_private_symbol } } = require('internal/bindings/util');
    err[arrow_message_private_symbol] = arrow;
  }
  throw err;
}

// The function the '.js' handler compiled while checking for ES module syntax.
let precompiled = null;

Module.prototype._compile = function(content, filename) {
  sourceCache.set(filename, content);
  let fn;
  if (precompiled !== null && precompiled.source === content && precompiled.filename === filename) fn = precompiled.fn;
  precompiled = null;
  fn ??= compileWrapper(content, filename);
  const dirname = path.dirname(filename);
  const req = makeRequire(this);
  if (this.id === '.') req.main = this;
  const outermost = requireDepth === 0;
  if (outermost) statCache = new SafeMap();
  let result;
  try {
    result = ReflectApply(fn, this.exports, [this.exports, req, this, filename, dirname]);
  } finally {
    if (outermost) statCache = null;
  }
  return result;
};

function stripBOM(content) {
  return StringPrototypeCharCodeAt(content, 0) === 0xFEFF ? StringPrototypeSlice(content, 1) : content;
}

function stripShebang(content) {
  // V8 accepts a hashbang only at the very start of a script; the wrapper hides it.
  if (content[0] === '#' && content[1] === '!') {
    const nl = content.indexOf('\n');
    return nl === -1 ? '' : `//${StringPrototypeSlice(content, 2)}`;
  }
  return content;
}

/** Whether require() may load ES modules: the line's `require_esm`, or --[no-]experimental-require-module. */
let requireModuleOverride;
function requireModuleEnabled() {
  if (requireModuleOverride !== undefined) return requireModuleOverride;
  return !!internalBinding('profile').switches?.require_esm;
}

/** --experimental-require-module (true) or --no-experimental-require-module (false). */
function setRequireModule(value) {
  requireModuleOverride = value;
}

/** Node's hasEsmSyntax: the source has import/export statements (for ERR_REQUIRE_ESM's hint). */
function hasEsmSyntax(source) {
  return RegExpPrototypeExec(/^\s*(?:import\s*[\w{*'"]|export\s)/m, source) !== null &&
    ops.op_loader_compiles_as_module(source, 'file:///[hasEsmSyntax]');
}

/**
 * Loads an ES module for require(): where the line allows it, the module graph
 * is linked and evaluated synchronously and require() returns its namespace
 * (or its "module.exports" export); elsewhere ERR_REQUIRE_ESM with Node's text.
 */
function loadESMFromCJS(module, filename, source, pkg, hookedURL) {
  const parent = module.parent;
  const parentPath = parent?.filename;
  if (!requireModuleEnabled()) {
    const { codes: { ERR_REQUIRE_ESM } } = require('internal/errors');
    if (StringPrototypeEndsWith(filename, '.mjs')) {
      // Lines that can require(esm) name the parent when it is turned off; 18 does not.
      const named = internalBinding('profile').switches?.require_esm !== false;
      throw new ERR_REQUIRE_ESM(filename, true, named ? parentPath : undefined);
    }
    const packageJsonPath = pkg ? path.resolve(pkg.path, 'package.json') : null;
    const err = new ERR_REQUIRE_ESM(filename, hasEsmSyntax(source), parentPath, packageJsonPath);
    if (parentPath && Module._cache[parentPath]) setRequireArrow(err, parentPath);
    throw err;
  }
  const { pathToFileURL } = require('internal/url');
  const esm = require('internal/modules/esm/loader');
  esm.initializeHooks();
  const url = hookedURL ?? pathToFileURL(filename).href;
  let namespace;
  try {
    namespace = internalBinding('core').ops.op_import_sync(url, undefined);
  } catch (err) {
    throw translateRequireESMError(err, filename, parentPath ?? parent?.id);
  }
  module.loaded = true;
  if (namespace !== null && typeof namespace === 'object' && 'module.exports' in namespace) {
    module.exports = namespace['module.exports'];
  } else {
    module.exports = namespace;
  }
}

/** deno_core's sync-import errors as Node's codes. */
function translateRequireESMError(err, filename, parentPath) {
  const message = `${err?.message}`;
  if (message === 'Top-level await is not allowed in synchronous evaluation') {
    const { codes: { ERR_REQUIRE_ASYNC_MODULE } } = require('internal/errors');
    return new ERR_REQUIRE_ASYNC_MODULE(filename, parentPath);
  }
  if (RegExpPrototypeExec(/^Cannot require\(\) ES Module .* in a cycle\.$/, message) !== null) {
    const { codes: { ERR_REQUIRE_CYCLE_MODULE } } = require('internal/errors');
    return new ERR_REQUIRE_CYCLE_MODULE(
      `Cannot require() ES Module ${filename} in a cycle.${parentPath ? ` (from ${parentPath})` : ''}`);
  }
  // deno_core rebuilds an evaluation error with its class and, as message, the
  // whole report ("RangeError: msg\n    at ..."): give it back its message and stack.
  if (err !== null && typeof err === 'object' && typeof err.message === 'string') {
    const prefix = `${err.name}: `;
    if (StringPrototypeStartsWith(err.message, prefix)) {
      const full = StringPrototypeSlice(err.message, prefix.length);
      const at = StringPrototypeIndexOf(full, '\n    at ');
      err.message = at === -1 ? full : StringPrototypeSlice(full, 0, at);
      err.stack = `${err.name}: ${full}`;
      require('internal/modules/esm/loader').decorateESMError(err);
    }
  }
  return err;
}

/** The arrow under the parent's require() call, as Node reconstructs it for ERR_REQUIRE_ESM. */
function setRequireArrow(err, parentPath) {
  try {
    const stack = `${err.stack}`;
    const at = StringPrototypeIndexOf(stack, '    at ');
    if (at === -1) return;
    const frames = StringPrototypeSplit(StringPrototypeSlice(stack, at), '\n');
    for (const frame of frames) {
      if (StringPrototypeIndexOf(frame, parentPath) === -1) continue;
      const m = RegExpPrototypeExec(/(\d+):(\d+)\)?$/, frame);
      if (m === null) return;
      const srcLine = StringPrototypeSplit(getSourceForArrow(parentPath), '\n')[m[1] - 1];
      ObjectDefineProperty(err, 'nodusArrow', {
        __proto__: null, value: `${parentPath}:${m[1]}\n${srcLine}\n${StringPrototypeRepeat(' ', m[2] - 1)}^\n`,
        enumerable: false, configurable: true,
      });
      return;
    }
  } catch {
    // Best effort: the error prints without its arrow.
  }
}

Module._extensions['.js'] = function(module, filename) {
  const content = ops.op_fs_read_file_utf8(filename);
  let pkg;
  if (StringPrototypeEndsWith(filename, '.js')) {
    pkg = readPackageScope(filename);
    if (pkg && pkg.data.type === 'module') {
      loadESMFromCJS(module, filename, content, pkg);
      return;
    }
  }
  const source = stripShebang(stripBOM(content));
  // An ambiguous file (no "type") that fails to compile as CommonJS because of
  // ES module syntax is loaded as an ES module where the line detects syntax.
  if ((!pkg || pkg.data.type === undefined) && StringPrototypeEndsWith(filename, '.js')) {
    let fn;
    try {
      fn = compileWrapper(source, filename);
    } catch (err) {
      const detect = require('internal/modules/esm/detect');
      if (err?.name === 'SyntaxError' && detect.detectionEnabled() &&
          detect.shouldRetryAsESM(err.message, source, require('internal/url').pathToFileURL(filename).href)) {
        if (module.id === '.') {
          // The main entry: run through the ES module loader, as Node does.
          module.loaded = true;
          runMainAsESM(filename);
          return;
        }
        loadESMFromCJS(module, filename, source, pkg);
        return;
      }
      if (module.id === '.' && err?.name === 'SyntaxError' && hasEsmSyntax(source)) {
        // Node's enrichCJSError, synchronous as the process is about to die.
        const warning = new Error('To load an ES module, set "type": "module" in the package.json or use the .mjs extension.');
        warning.name = 'Warning';
        process.emit('warning', warning);
      }
      throw err;
    }
    // _compile (which packages patch) recompiles unless given this same source.
    precompiled = { source, filename, fn };
    module._compile(source, filename);
    return;
  }
  module._compile(source, filename);
};

Module._extensions['.mjs'] = function(module, filename) {
  loadESMFromCJS(module, filename, ops.op_fs_read_file_utf8(filename), null);
};

function runMainAsESM(filename) {
  const { runMainESM } = require('internal/modules/esm/loader');
  require('internal/main/run_main').trackMain(runMainESM(filename));
}

Module._extensions['.json'] = function(module, filename) {
  const content = ops.op_fs_read_file_utf8(filename);
  try {
    module.exports = JSONParse(stripBOM(content));
  } catch (err) {
    err.message = `${filename}: ${err.message}`;
    throw err;
  }
};

Module._extensions['.node'] = function(module, filename) {
  const err = new Error(`Cannot load native addon ${filename}: native addons are not supported by nodus`);
  err.code = 'ERR_DLOPEN_FAILED';
  throw err;
};

Module.createRequire = function createRequire(filename) {
  const { isURL, fileURLToPath } = require('internal/url');
  if (isURL(filename) || (typeof filename === 'string' && !path.isAbsolute(filename))) {
    try {
      filename = fileURLToPath(filename);
    } catch {
      const { codes: { ERR_INVALID_ARG_VALUE } } = require('internal/errors');
      throw new ERR_INVALID_ARG_VALUE('filename', filename, createRequireError);
    }
  } else if (typeof filename !== 'string') {
    const { codes: { ERR_INVALID_ARG_VALUE } } = require('internal/errors');
    throw new ERR_INVALID_ARG_VALUE('filename', filename, createRequireError);
  }
  const proxyPath = StringPrototypeEndsWith(filename, '/') ? path.join(filename, 'noop.js') : filename;
  const m = new Module(proxyPath);
  m.filename = proxyPath;
  m.paths = Module._nodeModulePaths(path.dirname(proxyPath));
  return makeRequire(m);
};

Module.Module = Module;
ObjectDefineProperty(Module, 'builtinModules', {
  __proto__: null,
  enumerable: true,
  get() {
    // What the line can load; node:-only ids are listed, with their prefix, from
    // 23.5 (compat switch builtin_modules_prefix_only), after the others as in Node.
    const ids = [];
    const prefixed = [];
    const withPrefixOnly = require('internal/compat/profile').switchValue('builtin_modules_prefix_only') === true;
    for (const id of loaderBinding.factories.keys()) {
      if (StringPrototypeStartsWith(id, 'internal/') || !loaderBinding.canBeRequiredByUsers(id)) continue;
      if (!ArrayPrototypeIncludes(schemeOnly, id)) ArrayPrototypePush(ids, id);
      else if (withPrefixOnly) ArrayPrototypePush(prefixed, `node:${id}`);
    }
    for (let i = 0; i < prefixed.length; i++) ArrayPrototypePush(ids, prefixed[i]);
    return ids;
  },
});

const createRequireError = 'must be a file URL object, file URL string, or absolute path string';

let isPreloading = false;
const isPreloadingDesc = { __proto__: null, get() { return isPreloading; } };
ObjectDefineProperty(Module.prototype, 'isPreloading', isPreloadingDesc);

/**
 * -r/--require: loads each module before the entry point. The requests are
 * resolved from a dummy parent deemed to live in the working directory (its
 * node_modules paths, and self-references by package name), as Node does.
 */
Module._preloadModules = function(requests) {
  if (!ArrayIsArray(requests)) return;
  isPreloading = true;
  const parent = new Module('internal/preload', null);
  try {
    parent.paths = Module._nodeModulePaths(process.cwd());
  } catch (e) {
    if (e.code !== 'ENOENT') {
      isPreloading = false;
      throw e;
    }
  }
  try {
    for (let n = 0; n < requests.length; n++) parent.require(requests[n]);
  } finally {
    isPreloading = false;
  }
};

/** Runs the main CommonJS module, catching a throw with its throw site. */
Module.runMain = function(mainPath) {
  const filename = Module._resolveFilename(path.resolve(mainPath), null, true);
  return Module._load(filename, null, true);
};

/** The source of a loaded file, for the fatal-error arrow. */
function getSourceForArrow(filename) {
  return sourceCache.get(filename) ?? ops.op_fs_read_file_utf8(filename);
}

module.exports = {
  Module, getSourceForArrow, compileWrapper, stripBOM, stripShebang, setRequireModule, requireModuleEnabled,
  loadESMFromCJS, setCustomizationHooks,
};
