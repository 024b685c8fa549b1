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
  SafeMap,
  StringPrototypeEndsWith,
  StringPrototypeIndexOf,
  StringPrototypeLastIndexOf,
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

function isConditionalSugar(exports) {
  if (typeof exports === 'string' || ArrayIsArray(exports)) return true;
  if (exports === null || typeof exports !== 'object') return false;
  const keys = ObjectKeys(exports);
  return keys.length > 0 && keys[0][0] !== '.';
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
    const resolved = isPattern ? StringPrototypeReplaceAll(target, '*', match) : target + match;
    return path.resolve(pkgDir, resolved);
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
  if (isConditionalSugar(exports)) exports = { '.': exports };
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
    return 'commonjs';
  }
  if (ext === '.node') return 'commonjs';
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
function resolveHook(specifier, referrer, isDynamic) {
  try {
    return resolve(specifier, referrer, isDynamic);
  } catch (err) {
    if (!isDynamic) throw err;
    const url = `nodus-error:${++failedCount}`;
    failedResolutions.set(url, err);
    return { url, format: 'error' };
  }
}

/** Throws the error a failed dynamic import's resolution gave. */
function throwFailedResolution(url) {
  const err = failedResolutions.get(url);
  failedResolutions.delete(url);
  throw err;
}

function resolve(specifier, referrer, isDynamic) {
  if (StringPrototypeStartsWith(specifier, 'node:')) return builtinResult(StringPrototypeSlice(specifier, 5), specifier);
  const parentURL = referrerURL(referrer);
  const base = StringPrototypeStartsWith(parentURL, 'file:') ? fileURLToPath(parentURL) : parentURL;
  let filename;
  let url;
  if (isRelative(specifier) || hasScheme(specifier)) {
    url = new URL(specifier, parentURL);
    if (url.protocol === 'data:') return { url: url.href, format: 'module' };
    if (url.protocol !== 'file:') {
      const { codes: { ERR_UNSUPPORTED_ESM_URL_SCHEME } } = require('internal/errors');
      throw new ERR_UNSUPPORTED_ESM_URL_SCHEME(url, ['file', 'data', 'node']);
    }
    filename = fileURLToPath(url);
  } else if (specifier[0] === '#') {
    const r = packageImportsResolve(specifier, fileURLToPath(parentURL), DEFAULT_CONDITIONS, base);
    if (typeof r === 'object') return resolve(r.bare, parentURL, isDynamic);
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
  return { url: url.href, format: formatOf(real) };
}

module.exports = {
  resolve,
  resolveHook,
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
