// ES module resolution (Node's lib/internal/modules/esm/resolve.js): relative
// and file: URLs, `node:` built-ins, bare specifiers through node_modules with
// package.json "exports"/"imports" conditions, and the module format of a file.
// The CommonJS loader shares `packageExportsResolve`/`packageImportsResolve`.
'use strict';

const {
  ArrayIsArray,
  ArrayPrototypeIncludes,
  JSONParse,
  ObjectKeys,
  RegExpPrototypeExec,
  SafeMap,
  SafeSet,
  StringPrototypeEndsWith,
  StringPrototypeIndexOf,
  StringPrototypeLastIndexOf,
  StringPrototypeReplace,
  StringPrototypeReplaceAll,
  StringPrototypeSlice,
  StringPrototypeStartsWith,
} = primordials;

const ops = internalBinding('ops');
const loaderBinding = internalBinding('loader');
const path = require('path');
const { URL, fileURLToPath, pathToFileURL } = require('internal/url');
const {
  codes: {
    ERR_INVALID_MODULE_SPECIFIER,
    ERR_INVALID_PACKAGE_CONFIG,
    ERR_INVALID_PACKAGE_TARGET,
    ERR_MODULE_NOT_FOUND,
    ERR_PACKAGE_IMPORT_NOT_DEFINED,
    ERR_PACKAGE_PATH_NOT_EXPORTED,
    ERR_UNKNOWN_BUILTIN_MODULE,
    ERR_UNKNOWN_FILE_EXTENSION,
    ERR_UNSUPPORTED_DIR_IMPORT,
  },
} = require('internal/errors');

const DEFAULT_CONDITIONS = ['node', 'import'];
const REQUIRE_CONDITIONS = ['node', 'require'];

const packageJsonCache = new SafeMap();

/** 0 = file, 1 = directory, anything else = missing. */
function statKind(p) {
  try {
    return ops.op_fs_stat_kind(p);
  } catch {
    return -1;
  }
}

/** The parsed package.json at `jsonPath`, or null. */
function readPackageJson(jsonPath) {
  if (packageJsonCache.has(jsonPath)) return packageJsonCache.get(jsonPath);
  let pkg = null;
  if (statKind(jsonPath) === 0) {
    const text = ops.op_fs_read_file_utf8(jsonPath);
    try {
      pkg = JSONParse(text);
    } catch (e) {
      e.path = jsonPath;
      e.message = `Error parsing ${jsonPath}: ${e.message}`;
      throw e;
    }
    if (pkg === null || typeof pkg !== 'object') pkg = {};
  }
  packageJsonCache.set(jsonPath, pkg);
  return pkg;
}

/** The nearest package.json above `filename`: `{ dir, data }` or null. */
function getPackageScope(filename) {
  let dir = path.dirname(filename);
  for (;;) {
    if (StringPrototypeEndsWith(dir, '/node_modules')) return null;
    const data = readPackageJson(`${dir}/package.json`);
    if (data) return { dir, data };
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

const invalidSegmentRegEx = /(^|\\|\/)((\.|%2e)(\.|%2e)?|(n|%6e|%4e)(o|%6f|%4f)(d|%64|%44)(e|%65|%45)(_|%5f)(m|%6d|%4d)(o|%6f|%4f)(d|%64|%44)(u|%75|%55)(l|%6c|%4c)(e|%65|%45)(s|%73|%53))?(\\|\/|$)/i;
const deprecatedInvalidSegmentRegEx = /(^|\\|\/)((\.|%2e)(\.|%2e)?|(n|%6e|%4e)(o|%6f|%4f)(d|%64|%44)(e|%65|%45)(_|%5f)(m|%6d|%4d)(o|%6f|%4f)(d|%64|%44)(u|%75|%55)(l|%6c|%4c)(e|%65|%45)(s|%73|%53))(\\|\/|$)/i;

/** Node's isConditionalExportsMainSugar: a main target rather than a map of subpaths. */
function isConditionalSugar(exports, pkgDir, base) {
  if (typeof exports === 'string' || ArrayIsArray(exports)) return true;
  if (exports === null || typeof exports !== 'object') return false;
  const keys = ObjectKeys(exports);
  let isConditional = false;
  for (let i = 0; i < keys.length; i++) {
    const curIsConditional = keys[i] === '' || keys[i][0] !== '.';
    if (i === 0) {
      isConditional = curIsConditional;
    } else if (isConditional !== curIsConditional) {
      throw new ERR_INVALID_PACKAGE_CONFIG(`${pkgDir}/package.json`, base,
                                           '"exports" cannot contain some keys starting with \'.\' and some not.' +
                                           ' The exports object must either be an object of package subpath keys' +
                                           ' or an object of main entry condition name keys only.');
    }
  }
  return isConditional;
}

/**
 * The file a "./" target names, resolved as a URL against the package.json as
 * Node does (so `?`, `#` and percent-escapes mean what they mean in URLs),
 * with what a pattern's "*" matched put in place of every "*".
 */
function targetPath(pkgDir, key, target, match, isPattern, isImports, base) {
  const packageJSONUrl = pathToFileURL(`${pkgDir}/package.json`);
  const resolved = new URL(target, packageJSONUrl);
  if (!StringPrototypeStartsWith(resolved.pathname, new URL('.', packageJSONUrl).pathname)) {
    throw new ERR_INVALID_PACKAGE_TARGET(`${pkgDir}/`, key, target, isImports, base);
  }
  let url = resolved;
  if (match !== '') {
    url = isPattern ? new URL(StringPrototypeReplaceAll(resolved.href, '*', match)) : new URL(match, resolved);
  }
  // Node's finalizeResolution: an encoded separator is not a path.
  if (RegExpPrototypeExec(/%2f|%5c/i, url.pathname) !== null) {
    throw new ERR_INVALID_MODULE_SPECIFIER(url.pathname, 'must not include encoded "/" or "\\" characters', base);
  }
  return fileURLToPath(url);
}

/** Resolves one "exports"/"imports" target; `undefined` = try the next, `null` = excluded. */
function resolveTarget(pkgDir, key, target, match, isPattern, isImports, conditions, base) {
  if (typeof target === 'string') {
    if (!StringPrototypeStartsWith(target, './')) {
      if (isImports && !StringPrototypeStartsWith(target, '../') && !StringPrototypeStartsWith(target, '/')) {
        let spec = target;
        if (isPattern) spec = StringPrototypeReplaceAll(target, '*', match);
        else spec = target + match;
        return { bare: spec };
      }
      throw new ERR_INVALID_PACKAGE_TARGET(`${pkgDir}/`, key, target, isImports, base);
    }
    // "." / ".." / "node_modules" segments (also percent-encoded) may not appear
    // in a target, nor in what a pattern's "*" matched (empty segments are only
    // deprecated).
    if (RegExpPrototypeExec(invalidSegmentRegEx, StringPrototypeSlice(target, 2)) !== null &&
        RegExpPrototypeExec(deprecatedInvalidSegmentRegEx, StringPrototypeSlice(target, 2)) !== null) {
      throw new ERR_INVALID_PACKAGE_TARGET(`${pkgDir}/`, key, target, isImports, base);
    }
    if (match !== '' && RegExpPrototypeExec(deprecatedInvalidSegmentRegEx, match) !== null) {
      const request = isPattern ? StringPrototypeReplace(key, '*', () => match) : key + match;
      throw new ERR_INVALID_MODULE_SPECIFIER(request,
        `request is not a valid match in pattern "${key}" for the "${isImports ? 'imports' : 'exports'}" ` +
        `resolution of ${pkgDir}/package.json`, base);
    }
    return targetPath(pkgDir, key, target, match, isPattern, isImports, base);
  }
  if (ArrayIsArray(target)) {
    if (target.length === 0) return null;
    let lastErr;
    for (const t of target) {
      let r;
      try {
        r = resolveTarget(pkgDir, key, t, match, isPattern, isImports, conditions, base);
      } catch (e) {
        lastErr = e;
        if (e?.code === 'ERR_INVALID_PACKAGE_TARGET') continue;
        throw e;
      }
      if (r === undefined) continue;
      if (r === null) { lastErr = null; continue; }
      return r;
    }
    if (lastErr) throw lastErr;
    return lastErr === undefined ? undefined : null;
  }
  if (target !== null && typeof target === 'object') {
    for (const cond of ObjectKeys(target)) {
      if (RegExpPrototypeExec(/^(?:0|[1-9]\d*)$/, cond) !== null) {
        throw new ERR_INVALID_PACKAGE_CONFIG(`${pkgDir}/package.json`, base,
                                             '"exports" cannot contain numeric property keys.');
      }
    }
    for (const cond of ObjectKeys(target)) {
      if (cond === 'default' || ArrayPrototypeIncludes(conditions, cond)) {
        const r = resolveTarget(pkgDir, key, target[cond], match, isPattern, isImports, conditions, base);
        if (r === undefined) continue;
        return r;
      }
    }
    return undefined;
  }
  if (target === null) return null;
  throw new ERR_INVALID_PACKAGE_TARGET(`${pkgDir}/`, key, target, isImports, base);
}

function patternKeyCompare(a, b) {
  const aStar = StringPrototypeIndexOf(a, '*');
  const bStar = StringPrototypeIndexOf(b, '*');
  const baseA = aStar === -1 ? a.length : aStar + 1;
  const baseB = bStar === -1 ? b.length : bStar + 1;
  if (baseA > baseB) return -1;
  if (baseB > baseA) return 1;
  if (aStar === -1) return 1;
  if (bStar === -1) return -1;
  if (a.length > b.length) return -1;
  if (b.length > a.length) return 1;
  return 0;
}

/** Matches `name` against a map's keys (exact, then the best `*` pattern). */
function resolveMap(pkgDir, map, name, isImports, conditions, base) {
  if (Object.prototype.hasOwnProperty.call(map, name) && !StringPrototypeEndsWith(name, '/') &&
      StringPrototypeIndexOf(name, '*') === -1) {
    return resolveTarget(pkgDir, name, map[name], '', false, isImports, conditions, base);
  }
  let bestKey = '';
  let bestMatch = '';
  for (const key of ObjectKeys(map)) {
    const star = StringPrototypeIndexOf(key, '*');
    if (star === -1 || StringPrototypeIndexOf(key, '*', star + 1) !== -1) continue;
    const prefix = StringPrototypeSlice(key, 0, star);
    if (!StringPrototypeStartsWith(name, prefix) || name === prefix) continue;
    const trailer = StringPrototypeSlice(key, star + 1);
    if (name.length >= key.length && StringPrototypeEndsWith(name, trailer) &&
        patternKeyCompare(bestKey, key) === 1 && StringPrototypeLastIndexOf(key, '*') === star) {
      bestKey = key;
      bestMatch = StringPrototypeSlice(name, star, name.length - trailer.length);
    }
  }
  if (bestKey) return resolveTarget(pkgDir, bestKey, map[bestKey], bestMatch, true, isImports, conditions, base);
  return undefined;
}

/** Node's PACKAGE_EXPORTS_RESOLVE: an absolute path, or throws ERR_PACKAGE_PATH_NOT_EXPORTED. */
function packageExportsResolve(pkgDir, subpath, exports, conditions, base) {
  if (isConditionalSugar(exports, pkgDir, base)) exports = { '.': exports };
  const r = resolveMap(pkgDir, exports, subpath, false, conditions, base);
  if (r === undefined || r === null || typeof r === 'object') {
    throw new ERR_PACKAGE_PATH_NOT_EXPORTED(`${pkgDir}/`, subpath, base);
  }
  return r;
}

/** Node's PACKAGE_IMPORTS_RESOLVE for `#name`: a path or `{ bare }`. */
function packageImportsResolve(name, fromPath, conditions, base) {
  if (name === '#' || StringPrototypeStartsWith(name, '#/') || StringPrototypeEndsWith(name, '/')) {
    throw new ERR_INVALID_MODULE_SPECIFIER(name, 'is not a valid internal imports specifier name', base);
  }
  const scope = getPackageScope(fromPath);
  if (scope && scope.data.imports && typeof scope.data.imports === 'object') {
    const r = resolveMap(scope.dir, scope.data.imports, name, true, conditions, base);
    if (r !== undefined && r !== null) return r;
  }
  throw new ERR_PACKAGE_IMPORT_NOT_DEFINED(name, scope ? `${scope.dir}/` : undefined, base);
}

/** Splits a bare specifier into its package name and `./subpath`. */
function parsePackageName(specifier, base) {
  let sep = StringPrototypeIndexOf(specifier, '/');
  let valid = true;
  if (specifier[0] === '@') {
    if (sep === -1 || specifier.length === 0) valid = false;
    else sep = StringPrototypeIndexOf(specifier, '/', sep + 1);
  }
  const name = sep === -1 ? specifier : StringPrototypeSlice(specifier, 0, sep);
  if (name[0] === '.' || StringPrototypeIndexOf(name, '\\') !== -1 || StringPrototypeIndexOf(name, '%') !== -1) valid = false;
  if (!valid) throw new ERR_INVALID_MODULE_SPECIFIER(specifier, 'is not a valid package name', base);
  return { name, subpath: `.${sep === -1 ? '' : StringPrototypeSlice(specifier, sep)}` };
}

const legacyMainExts = ['', '.js', '.json', '.node', '/index.js', '/index.json', '/index.node'];

function legacyMainResolve(pkgDir, pkg, base) {
  if (typeof pkg.main === 'string') {
    for (const ext of legacyMainExts) {
      const f = path.resolve(pkgDir, pkg.main + ext);
      if (statKind(f) === 0) return f;
    }
  }
  for (const f of ['index.js', 'index.json', 'index.node']) {
    if (statKind(`${pkgDir}/${f}`) === 0) return `${pkgDir}/${f}`;
  }
  throw new ERR_MODULE_NOT_FOUND(pkgDir, base, null);
}

/**
 * Resolves a bare specifier from the folder `fromDir` (an absolute path):
 * self-reference, then node_modules up the tree. Returns an absolute path.
 */
function packageResolve(specifier, fromDir, conditions, base, esm) {
  const { name, subpath } = parsePackageName(specifier, base);
  const self = getPackageScope(`${fromDir}/x`);
  if (self && self.data.name === name && self.data.exports !== undefined && self.data.exports !== null) {
    return packageExportsResolve(self.dir, subpath, self.data.exports, conditions, base);
  }
  let dir = fromDir;
  for (;;) {
    const pkgDir = StringPrototypeEndsWith(dir, '/node_modules') ?
      `${dir}/${name}` : `${dir === '/' ? '' : dir}/node_modules/${name}`;
    if (statKind(pkgDir) === 1) {
      const pkg = readPackageJson(`${pkgDir}/package.json`);
      if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
        return packageExportsResolve(pkgDir, subpath, pkg.exports, conditions, base);
      }
      if (!esm) return null; // CommonJS falls back to its own file/directory lookup.
      if (subpath === '.') return legacyMainResolve(pkgDir, pkg || {}, base);
      return path.resolve(pkgDir, subpath);
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  if (!esm) return null;
  throw new ERR_MODULE_NOT_FOUND(name, base, null);
}

const typelessWarned = new SafeSet();

/**
 * An ambiguous file (no package "type"): ES module when syntax detection is on
 * and the source fails to compile as CommonJS because of ESM syntax. Node warns
 * once per package.json that lacks the "type" field (not under node_modules).
 */
function detectFormat(filename, scope) {
  const detect = require('internal/modules/esm/detect');
  if (!detect.detectionEnabled()) return 'commonjs';
  let source;
  try {
    source = ops.op_fs_read_file_utf8(filename);
  } catch {
    return 'commonjs';
  }
  const { stripBOM, stripShebang } = require('internal/modules/cjs/loader');
  if (!detect.containsModuleSyntax(stripShebang(stripBOM(source)), filename)) return 'commonjs';
  if (scope && !typelessWarned.has(scope.dir) && StringPrototypeIndexOf(filename, '/node_modules/') === -1) {
    typelessWarned.add(scope.dir);
    // Node emits it while loading, on a tick that a module failing at once
    // never reaches: a later turn of the loop reproduces that.
    setImmediate(process.emitWarning,
      `Module type of ${pathToFileURL(filename).href} is not specified and it doesn't parse as CommonJS.\n` +
      'Reparsing as ES module because module syntax was detected. This incurs a performance overhead.\n' +
      `To eliminate this warning, add "type": "module" to ${scope.dir}/package.json.`,
      { code: 'MODULE_TYPELESS_PACKAGE_JSON' });
  }
  return 'module';
}

/** The format Node gives a file: module, commonjs, json, or throws. */
function formatOf(filename) {
  const ext = path.extname(filename);
  if (ext === '.mjs') return 'module';
  if (ext === '.cjs') return 'commonjs';
  if (ext === '.json') return 'json';
  if (ext === '.js' || ext === '') {
    const scope = getPackageScope(filename);
    if (scope && scope.data.type === 'module') {
      if (ext === '') throw new ERR_UNKNOWN_FILE_EXTENSION(ext, filename);
      return 'module';
    }
    if (scope && scope.data.type === 'commonjs') return 'commonjs';
    return detectFormat(filename, scope);
  }
  if (ext === '.node') return 'commonjs';
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') {
    // Type stripping (internal/modules/typescript): the loader strips the types.
    const ts = require('internal/modules/typescript');
    if (ts.enabled()) return ts.formatOf(filename, ext, ext === '.ts' ? getPackageScope(filename) : null);
  }
  throw new ERR_UNKNOWN_FILE_EXTENSION(ext, filename);
}

function isRelative(specifier) {
  return specifier[0] === '/' || StringPrototypeStartsWith(specifier, './') ||
    StringPrototypeStartsWith(specifier, '../') || specifier === '.' || specifier === '..';
}

function hasScheme(specifier) {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(specifier);
}

/** The referrer as a file: URL string (CommonJS and scripts give plain paths). */
function referrerURL(referrer) {
  if (typeof referrer === 'string') {
    if (referrer[0] === '/') return pathToFileURL(referrer).href;
    if (StringPrototypeStartsWith(referrer, 'file:')) return referrer;
  }
  return pathToFileURL(`${process.cwd()}/[eval]`).href;
}

function builtinResult(id, specifier) {
  if (!loaderBinding.canBeRequiredByUsers(id)) throw new ERR_UNKNOWN_BUILTIN_MODULE(specifier);
  return { url: `node:${id}`, format: 'builtin' };
}

const failedResolutions = new SafeMap();
let failedCount = 0;

/**
 * The ESM `resolve` hook: `(specifier, referrer, isDynamic) -> { url, format }`.
 * deno_core rebuilds a resolution error without its code when it rejects an
 * `import()`, so a dynamic import that fails resolves to a `nodus-error:` URL
 * whose facade throws the original error when evaluated.
 */
// module.registerHooks() hooks, set on the first registration (see cjs/loader).
let customHooks = null;
function setCustomizationHooks(hooks) {
  customHooks = hooks;
}

function resolveHook(specifier, referrer, isDynamic, type) {
  if (customHooks !== null && customHooks.active()) {
    try {
      return customHooks.esmResolve(specifier, referrer, isDynamic, isDynamic ? null : type ?? undefined,
                                    resolveFormat, validateType);
    } catch (err) {
      if (!isDynamic) throw err;
      const url = `nodus-error:${++failedCount}`;
      failedResolutions.set(url, err);
      return { url, format: 'error' };
    }
  }
  try {
    // deno_core gives a dynamic import's attributes only to `load` (which checks
    // them), so they are checked here for static imports only.
    return resolve(specifier, referrer, isDynamic, isDynamic ? null : type ?? undefined);
  } catch (err) {
    if (!isDynamic) throw err;
    const url = `nodus-error:${++failedCount}`;
    failedResolutions.set(url, err);
    return { url, format: 'error' };
  }
}

/**
 * `import.meta.resolve(specifier)` of the module at `parentURL` (Node's
 * lib/internal/modules/esm/initialize_import_meta.js): the resolved URL, also
 * for a file that does not exist; other failures throw.
 */
function metaResolve(specifier, parentURL) {
  if (customHooks !== null && customHooks.active()) {
    return customHooks.esmMetaResolve(specifier, parentURL, defaultMetaResolve);
  }
  return defaultMetaResolve(specifier, parentURL);
}

function defaultMetaResolve(specifier, parentURL) {
  // Node checks the URL scheme when it loads a module, not when it resolves one.
  if (hasScheme(specifier) && !StringPrototypeStartsWith(specifier, 'file:') &&
      !StringPrototypeStartsWith(specifier, 'data:') && !StringPrototypeStartsWith(specifier, 'node:')) {
    return new URL(specifier).href;
  }
  try {
    return resolveFormat(specifier, parentURL, false).url;
  } catch (error) {
    if ((error?.code === 'ERR_UNSUPPORTED_DIR_IMPORT' || error?.code === 'ERR_MODULE_NOT_FOUND') && error.url) {
      return error.url;
    }
    throw error;
  }
}

/** Throws the error a failed dynamic import's resolution gave. */
function throwFailedResolution(url) {
  const err = failedResolutions.get(url);
  failedResolutions.delete(url);
  throw err;
}

// URLs whose source is held in memory (string input run as a module, data:
// URLs), with their format.
const inMemory = new SafeMap();

/** Marks `url` as served from memory (its source was registered with the loader). */
function registerInMemory(url, format = 'module') {
  inMemory.set(url, format);
}

// Node's lib/internal/modules/esm/get_format.js and load.js.
const DATA_URL_PATTERN = /^[^/]+\/[^,;]+(?:[^,]*?)(;base64)?,([\s\S]*)$/;

function mimeToFormat(mime) {
  if (mime !== null &&
      RegExpPrototypeExec(/^\s*(text|application)\/javascript\s*(;\s*charset=utf-?8\s*)?$/i, mime) !== null) {
    return 'module';
  }
  if (mime === 'application/json') return 'json';
  return null;
}

/** A `data:` URL: its format from the MIME type, its decoded body served from memory. */
function resolveDataURL(url) {
  const href = url.href;
  const mimeMatch = RegExpPrototypeExec(/^([^/]+\/[^;,]+)(?:[^,]*?)(;base64)?,/, url.pathname);
  const format = mimeToFormat(mimeMatch ? mimeMatch[1] : null);
  const match = RegExpPrototypeExec(DATA_URL_PATTERN, url.pathname);
  if (match === null) {
    const { codes: { ERR_INVALID_URL } } = require('internal/errors');
    throw new ERR_INVALID_URL(href);
  }
  if (format === null) {
    const { codes: { ERR_UNKNOWN_MODULE_FORMAT } } = require('internal/errors');
    throw new ERR_UNKNOWN_MODULE_FORMAT(mimeMatch ? mimeMatch[1] : null, href);
  }
  if (!inMemory.has(href)) {
    const { Buffer } = require('buffer');
    const body = Buffer.from(decodeURIComponent(match[2]), match[1] ? 'base64' : 'utf8');
    inMemory.set(href, format);
    ops.op_loader_set_module_source(href, body.toString('utf8'));
  }
  return { url: href, format };
}

/**
 * Checks the `type` import attribute against the module's format, as Node's
 * validateAttributes does: JSON needs `type: 'json'`, and only JSON may have it.
 */
function validateType(result, type) {
  if (type === 'json' && result.format !== 'json') {
    const { codes: { ERR_IMPORT_ASSERTION_TYPE_FAILED } } = require('internal/errors');
    throw new ERR_IMPORT_ASSERTION_TYPE_FAILED(result.url, type);
  }
  if (result.format === 'json' && type !== 'json') {
    const { codes: { ERR_IMPORT_ASSERTION_TYPE_MISSING } } = require('internal/errors');
    throw new ERR_IMPORT_ASSERTION_TYPE_MISSING(result.url, 'json');
  }
  if (type !== undefined && type !== 'json') {
    const { codes: { ERR_IMPORT_ASSERTION_TYPE_UNSUPPORTED } } = require('internal/errors');
    throw new ERR_IMPORT_ASSERTION_TYPE_UNSUPPORTED(type);
  }
  return result;
}

function resolve(specifier, referrer, isDynamic, type) {
  const result = resolveFormat(specifier, referrer, isDynamic);
  return type === null ? result : validateType(result, type);
}

// `lazyFormat` (module hooks' default resolve): a file of unknown format still
// resolves, its format being decided when it is loaded.
function resolveFormat(specifier, referrer, isDynamic, lazyFormat) {
  const held = inMemory.get(specifier);
  if (held !== undefined) return { url: specifier, format: held };
  if (StringPrototypeStartsWith(specifier, 'node:')) return builtinResult(StringPrototypeSlice(specifier, 5), specifier);
  const parentURL = referrerURL(referrer);
  const base = StringPrototypeStartsWith(parentURL, 'file:') ? fileURLToPath(parentURL) : parentURL;
  let filename;
  let url;
  if (isRelative(specifier) || hasScheme(specifier)) {
    url = new URL(specifier, parentURL);
    if (url.protocol === 'data:') return resolveDataURL(url);
    if (url.protocol !== 'file:') {
      const { codes: { ERR_UNSUPPORTED_ESM_URL_SCHEME } } = require('internal/errors');
      throw new ERR_UNSUPPORTED_ESM_URL_SCHEME(url, ['file', 'data', 'node']);
    }
    filename = fileURLToPath(url);
  } else if (specifier[0] === '#') {
    const r = packageImportsResolve(specifier, fileURLToPath(parentURL), DEFAULT_CONDITIONS, base);
    if (typeof r === 'object') return resolveFormat(r.bare, parentURL, isDynamic);
    filename = r;
  } else if (loaderBinding.canBeRequiredByUsers(specifier) && !StringPrototypeStartsWith(specifier, 'internal/')) {
    return builtinResult(specifier, specifier);
  } else {
    const fromDir = path.dirname(fileURLToPath(parentURL));
    filename = packageResolve(specifier, fromDir, DEFAULT_CONDITIONS, base, true);
  }
  const kind = statKind(StringPrototypeEndsWith(filename, '/') ? StringPrototypeSlice(filename, 0, -1) : filename);
  if (kind === 1) throw new ERR_UNSUPPORTED_DIR_IMPORT(filename, base, pathToFileURL(filename).href);
  if (kind !== 0) throw new ERR_MODULE_NOT_FOUND(filename, base, pathToFileURL(filename).href);
  let real = filename;
  try {
    real = ops.op_fs_realpath(filename);
  } catch { /* keep the path as written */ }
  url = pathToFileURL(real);
  if (lazyFormat) {
    let format;
    try {
      format = formatOf(real);
    } catch {
      // Decided (or rejected) by the load step.
    }
    return { url: url.href, format };
  }
  return { url: url.href, format: formatOf(real) };
}

module.exports = {
  resolve,
  resolveHook,
  setCustomizationHooks,
  metaResolve,
  registerInMemory,
  throwFailedResolution,
  formatOf,
  getPackageScope,
  readPackageJson,
  packageExportsResolve,
  packageImportsResolve,
  packageResolve,
  parsePackageName,
  DEFAULT_CONDITIONS,
  REQUIRE_CONDITIONS,
};
