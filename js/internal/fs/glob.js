// Copyright Joyent, Inc. and other Node contributors. MIT license.
// Adapted from Node.js lib/internal/fs/glob.js: the walker behind fs.glob,
// fs.globSync and fs.promises.glob (patterns compiled by minimatch).
'use strict';

const {
  ArrayFrom,
  ArrayIsArray,
  ArrayPrototypeAt,
  ArrayPrototypeFlatMap,
  ArrayPrototypeMap,
  ArrayPrototypePop,
  ArrayPrototypePush,
  ArrayPrototypeSome,
  Promise,
  PromisePrototypeThen,
  SafeMap,
  SafeSet,
} = primordials;

const { lstatSync, readdirSync } = require('fs');
const { lstat, readdir } = require('internal/fs/promises').exports;
const { join, resolve, basename, isAbsolute, dirname } = require('path');

const { kEmptyObject } = require('internal/util');
const { validateObject, validateString, validateStringArray } = require('internal/validators');
const { DirentFromStats, toPathIfFileURL } = require('internal/fs/utils');
const {
  codes: { ERR_INVALID_ARG_TYPE },
  hideStackFrames,
} = require('internal/errors');

let minimatch;
function lazyMinimatch() {
  minimatch ??= require('internal/deps/minimatch/index');
  return minimatch;
}

async function getDirent(path) {
  let stat;
  try {
    stat = await lstat(path);
  } catch {
    return null;
  }
  return new DirentFromStats(basename(path), stat, dirname(path));
}

function getDirentSync(path) {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return null;
  return new DirentFromStats(basename(path), stat, dirname(path));
}

const validateStringArrayOrFunction = hideStackFrames((value, name) => {
  if (ArrayIsArray(value)) {
    for (let i = 0; i < value.length; ++i) {
      if (typeof value[i] !== 'string') {
        throw new ERR_INVALID_ARG_TYPE(`${name}[${i}]`, 'string', value[i]);
      }
    }
    return;
  }
  if (typeof value !== 'function') {
    throw new ERR_INVALID_ARG_TYPE(name, ['string[]', 'function'], value);
  }
});

function createMatcher(pattern, options = kEmptyObject) {
  const opts = {
    __proto__: null,
    nocase: false,
    windowsPathsNoEscape: true,
    nonegate: true,
    nocomment: true,
    optimizationLevel: 2,
    platform: process.platform,
    nocaseMagicOnly: true,
    ...options,
  };
  return new (lazyMinimatch().Minimatch)(pattern, opts);
}

class Cache {
  #cache = new SafeMap();
  #statsCache = new SafeMap();
  #readdirCache = new SafeMap();

  stat(path) {
    const cached = this.#statsCache.get(path);
    if (cached) return cached;
    const promise = getDirent(path);
    this.#statsCache.set(path, promise);
    return promise;
  }
  statSync(path) {
    const cached = this.#statsCache.get(path);
    // Do not return a promise from a sync function.
    if (cached && !(cached instanceof Promise)) return cached;
    const val = getDirentSync(path);
    this.#statsCache.set(path, val);
    return val;
  }
  addToStatCache(path, val) {
    this.#statsCache.set(path, val);
  }
  async readdir(path) {
    const cached = this.#readdirCache.get(path);
    if (cached) return cached;
    const promise = PromisePrototypeThen(readdir(path, { __proto__: null, withFileTypes: true }), null, () => []);
    this.#readdirCache.set(path, promise);
    return promise;
  }
  readdirSync(path) {
    const cached = this.#readdirCache.get(path);
    if (cached) return cached;
    let val;
    try {
      val = readdirSync(path, { __proto__: null, withFileTypes: true });
    } catch {
      val = [];
    }
    this.#readdirCache.set(path, val);
    return val;
  }
  add(path, pattern) {
    let cache = this.#cache.get(path);
    if (!cache) {
      cache = new SafeSet();
      this.#cache.set(path, cache);
    }
    const originalSize = cache.size;
    pattern.indexes.forEach((index) => cache.add(pattern.cacheKey(index)));
    return cache.size !== originalSize + pattern.indexes.size;
  }
  seen(path, pattern, index) {
    return this.#cache.get(path)?.has(pattern.cacheKey(index));
  }
}

class Pattern {
  #pattern;
  #globStrings;
  indexes;
  symlinks;
  last;

  constructor(pattern, globStrings, indexes, symlinks) {
    this.#pattern = pattern;
    this.#globStrings = globStrings;
    this.indexes = indexes;
    this.symlinks = symlinks;
    this.last = pattern.length - 1;
  }

  isLast(isDirectory) {
    return this.indexes.has(this.last) ||
      (this.at(-1) === '' && isDirectory &&
      this.indexes.has(this.last - 1) && this.at(-2) === lazyMinimatch().GLOBSTAR);
  }
  isFirst() {
    return this.indexes.has(0);
  }
  get hasSeenSymlinks() {
    return ArrayPrototypeSome(ArrayFrom(this.indexes), (i) => !this.symlinks.has(i));
  }
  at(index) {
    return ArrayPrototypeAt(this.#pattern, index);
  }
  child(indexes, symlinks = new SafeSet()) {
    return new Pattern(this.#pattern, this.#globStrings, indexes, symlinks);
  }
  test(index, path) {
    if (index > this.#pattern.length) return false;
    const pattern = this.#pattern[index];
    if (pattern === lazyMinimatch().GLOBSTAR) return true;
    if (typeof pattern === 'string') return pattern === path;
    if (typeof pattern?.test === 'function') return pattern.test(path);
    return false;
  }

  cacheKey(index) {
    let key = '';
    for (let i = index; i < this.#globStrings.length; i++) {
      key += this.#globStrings[i];
      if (i !== this.#globStrings.length - 1) key += '/';
    }
    return key;
  }
}

class ResultSet extends SafeSet {
  #root = '.';
  #isExcluded = () => false;
  constructor(i) { super(i); } // eslint-disable-line no-useless-constructor

  setup(root, isExcludedFn) {
    this.#root = root;
    this.#isExcluded = isExcludedFn;
  }

  add(value) {
    if (this.#isExcluded(resolve(this.#root, value))) return false;
    super.add(value);
    return true;
  }
}

class Glob {
  #root;
  #exclude;
  #cache = new Cache();
  #results = new ResultSet();
  #queue = [];
  #subpatterns = new SafeMap();
  #patterns;
  #withFileTypes;
  #isExcluded = () => false;
  constructor(pattern, options = kEmptyObject) {
    validateObject(options, 'options');
    const { exclude, cwd, withFileTypes } = options;
    this.#root = toPathIfFileURL(cwd) ?? '.';
    this.#withFileTypes = !!withFileTypes;
    if (exclude != null) {
      validateStringArrayOrFunction(exclude, 'options.exclude');
      if (ArrayIsArray(exclude)) {
        // Exclude patterns become absolute so that they compare with results.
        const matchers = exclude
          .map((pattern) => resolve(this.#root, pattern))
          .map((pattern) => createMatcher(pattern));
        this.#isExcluded = (value) => matchers.some((matcher) => matcher.match(value));
        this.#results.setup(this.#root, this.#isExcluded);
      } else {
        this.#exclude = exclude;
      }
    }
    let patterns;
    if (typeof pattern === 'object') {
      validateStringArray(pattern, 'patterns');
      patterns = pattern;
    } else {
      validateString(pattern, 'patterns');
      patterns = [pattern];
    }
    this.matchers = ArrayPrototypeMap(patterns, (pattern) => createMatcher(pattern));
    this.#patterns = ArrayPrototypeFlatMap(this.matchers, (matcher) => ArrayPrototypeMap(
      matcher.set,
      (pattern, i) => new Pattern(pattern, matcher.globParts[i], new SafeSet().add(0), new SafeSet()),
    ));
  }

  globSync() {
    ArrayPrototypePush(this.#queue, { __proto__: null, path: '.', patterns: this.#patterns });
    while (this.#queue.length > 0) {
      const item = ArrayPrototypePop(this.#queue);
      for (let i = 0; i < item.patterns.length; i++) {
        this.#addSubpatterns(item.path, item.patterns[i]);
      }
      this.#subpatterns.forEach((patterns, path) => ArrayPrototypePush(this.#queue, { __proto__: null, path, patterns }));
      this.#subpatterns.clear();
    }
    return ArrayFrom(
      this.#results,
      this.#withFileTypes ? (path) => this.#cache.statSync(isAbsolute(path) ? path : join(this.#root, path)) : undefined,
    );
  }

  #addSubpattern(path, pattern) {
    if (this.#isExcluded(path)) return;
    const fullpath = resolve(this.#root, path);

    // A directory: test the patterns again with a trailing slash.
    if (this.#isExcluded(`${fullpath}/`) && this.#cache.statSync(fullpath).isDirectory()) return;

    if (this.#exclude) {
      if (this.#withFileTypes) {
        const stat = this.#cache.statSync(path);
        if (stat !== null && this.#exclude(stat)) return;
      } else if (this.#exclude(path)) {
        return;
      }
    }
    if (!this.#subpatterns.has(path)) {
      this.#subpatterns.set(path, [pattern]);
    } else {
      ArrayPrototypePush(this.#subpatterns.get(path), pattern);
    }
  }

  /** The checks every walk starts with; true when `path` is done. */
  #startsElsewhere(pattern) {
    const isFirst = pattern.isFirst();
    if (isFirst && pattern.at(0) === '') {
      // Absolute path, go to root.
      this.#addSubpattern('/', pattern.child(new SafeSet().add(1)));
      return true;
    }
    if (isFirst && pattern.at(0) === '..') {
      // Starts with .., go to the parent.
      this.#addSubpattern('../', pattern.child(new SafeSet().add(1)));
      return true;
    }
    if (isFirst && pattern.at(0) === '.') {
      // Starts with ., proceed.
      this.#addSubpattern('.', pattern.child(new SafeSet().add(1)));
      return true;
    }
    return false;
  }

  #addSubpatterns(path, pattern) {
    const seen = this.#cache.add(path, pattern);
    if (seen) return;
    const fullpath = resolve(this.#root, path);
    const stat = this.#cache.statSync(fullpath);
    const last = pattern.last;
    const isDirectory = stat?.isDirectory() || (stat?.isSymbolicLink() && pattern.hasSeenSymlinks);
    const isLast = pattern.isLast(isDirectory);

    if (this.#isExcluded(fullpath)) return;
    if (this.#startsElsewhere(pattern)) return;

    if (isLast && typeof pattern.at(-1) === 'string') {
      // Add the result if it exists.
      const p = pattern.at(-1);
      const stat = this.#cache.statSync(join(fullpath, p));
      if (stat && (p || isDirectory)) this.#results.add(join(path, p));
      if (pattern.indexes.size === 1 && pattern.indexes.has(last)) return;
    } else if (isLast && pattern.at(-1) === lazyMinimatch().GLOBSTAR &&
               (path !== '.' || pattern.at(0) === '.' || (last === 0 && stat))) {
      // A pattern ending with ** matches the directory itself ("." only for
      // patterns starting with "." or exactly "**").
      this.#results.add(path);
    }

    if (!isDirectory) return;

    let children;
    const firstPattern = pattern.indexes.size === 1 && pattern.at(pattern.indexes.values().next().value);
    if (typeof firstPattern === 'string') {
      const stat = this.#cache.statSync(join(fullpath, firstPattern));
      if (stat) {
        stat.name = firstPattern;
        children = [stat];
      } else {
        return;
      }
    } else {
      children = this.#cache.readdirSync(fullpath);
    }

    for (let i = 0; i < children.length; i++) {
      const entry = children[i];
      const entryPath = join(path, entry.name);
      this.#cache.addToStatCache(join(fullpath, entry.name), entry);
      const step = this.#step(path, fullpath, pattern, entry, entryPath, isLast);
      if (step === null) return;
      for (const r of step.results) this.#results.add(r);
      if (step.subPatterns.size > 0) {
        this.#addSubpattern(entryPath, pattern.child(step.subPatterns, step.nSymlinks));
      }
    }
  }

  /**
   * Matches one directory entry against the pattern's live indexes: the
   * results it yields (candidates, still filtered by the result set) and
   * the indexes to try in it, or null when the walk is already done there.
   */
  #step(path, fullpath, pattern, entry, entryPath, isLast) {
    const last = pattern.last;
    const results = [];
    const subPatterns = new SafeSet();
    const nSymlinks = new SafeSet();
    for (const index of pattern.indexes) {
      if (this.#cache.seen(entryPath, pattern, index) || this.#cache.seen(entryPath, pattern, index + 1)) {
        return null;
      }
      const current = pattern.at(index);
      const nextIndex = index + 1;
      const next = pattern.at(nextIndex);
      const fromSymlink = pattern.symlinks.has(index);

      if (current === lazyMinimatch().GLOBSTAR) {
        if (entry.name[0] === '.' || (this.#exclude && this.#exclude(this.#withFileTypes ? entry : entry.name))) {
          continue;
        }
        if (!fromSymlink && entry.isDirectory()) {
          // A directory keeps ** as a potential pattern.
          subPatterns.add(index);
        } else if (!fromSymlink && index === last) {
          // ** is last: a result.
          ArrayPrototypePush(results, entryPath);
        }

        // The pattern after ** is a potential pattern too: test it now.
        const nextMatches = pattern.test(nextIndex, entry.name);
        if (nextMatches && nextIndex === last && !isLast) {
          ArrayPrototypePush(results, entryPath);
        } else if (nextMatches && entry.isDirectory()) {
          // e.g. **/b/c when the entry is a/b: c is a potential pattern.
          subPatterns.add(index + 2);
        }
        if ((nextMatches || pattern.at(0) === '.') &&
            (entry.isDirectory() || entry.isSymbolicLink()) && !fromSymlink) {
          subPatterns.add(nextIndex);
        }

        if (entry.isSymbolicLink()) nSymlinks.add(index);

        if (next === '..' && entry.isDirectory()) {
          // "**/..": both the parent and the current directory are queued, or
          // are results when this is the last pattern.
          const parent = join(path, '..');
          if (nextIndex < last) {
            if (!this.#subpatterns.has(path) && !this.#cache.seen(path, pattern, nextIndex + 1)) {
              this.#subpatterns.set(path, [pattern.child(new SafeSet().add(nextIndex + 1))]);
            }
            if (!this.#subpatterns.has(parent) && !this.#cache.seen(parent, pattern, nextIndex + 1)) {
              this.#subpatterns.set(parent, [pattern.child(new SafeSet().add(nextIndex + 1))]);
            }
          } else {
            if (!this.#cache.seen(path, pattern, nextIndex)) {
              this.#cache.add(path, pattern.child(new SafeSet().add(nextIndex)));
              ArrayPrototypePush(results, path);
            }
            if (!this.#cache.seen(path, pattern, nextIndex) || !this.#cache.seen(parent, pattern, nextIndex)) {
              this.#cache.add(parent, pattern.child(new SafeSet().add(nextIndex)));
              ArrayPrototypePush(results, parent);
            }
          }
        }
      }
      if (typeof current === 'string') {
        if (pattern.test(index, entry.name) && index !== last) {
          // The entry matches: the next pattern is a potential pattern.
          subPatterns.add(nextIndex);
        } else if (current === '.' && pattern.test(nextIndex, entry.name)) {
          if (nextIndex === last) {
            ArrayPrototypePush(results, entryPath);
          } else {
            subPatterns.add(nextIndex + 1);
          }
        }
      }
      if (typeof current === 'object' && pattern.test(index, entry.name)) {
        // A regexp part (e.g. *.js) that matches the entry.
        if (index === last) {
          ArrayPrototypePush(results, entryPath);
        } else if (entry.isDirectory()) {
          subPatterns.add(nextIndex);
        }
      }
    }
    return { results, subPatterns, nSymlinks };
  }

  async* glob() {
    ArrayPrototypePush(this.#queue, { __proto__: null, path: '.', patterns: this.#patterns });
    while (this.#queue.length > 0) {
      const item = ArrayPrototypePop(this.#queue);
      for (let i = 0; i < item.patterns.length; i++) {
        yield* this.#iterateSubpatterns(item.path, item.patterns[i]);
      }
      this.#subpatterns.forEach((patterns, path) => ArrayPrototypePush(this.#queue, { __proto__: null, path, patterns }));
      this.#subpatterns.clear();
    }
  }

  /** Adds `result` unless seen or excluded; true when it is new. */
  #addResult(result) {
    return !this.#results.has(result) && this.#results.add(result);
  }

  async* #iterateSubpatterns(path, pattern) {
    const seen = this.#cache.add(path, pattern);
    if (seen) return;
    const fullpath = resolve(this.#root, path);
    const stat = await this.#cache.stat(fullpath);
    const last = pattern.last;
    const isDirectory = stat?.isDirectory() || (stat?.isSymbolicLink() && pattern.hasSeenSymlinks);
    const isLast = pattern.isLast(isDirectory);

    if (this.#isExcluded(fullpath)) return;
    if (this.#startsElsewhere(pattern)) return;

    if (isLast && typeof pattern.at(-1) === 'string') {
      const p = pattern.at(-1);
      const stat = await this.#cache.stat(join(fullpath, p));
      if (stat && (p || isDirectory)) {
        const result = join(path, p);
        if (this.#addResult(result)) yield this.#withFileTypes ? stat : result;
      }
      if (pattern.indexes.size === 1 && pattern.indexes.has(last)) return;
    } else if (isLast && pattern.at(-1) === lazyMinimatch().GLOBSTAR &&
               (path !== '.' || pattern.at(0) === '.' || (last === 0 && stat))) {
      if (this.#addResult(path)) yield this.#withFileTypes ? stat : path;
    }

    if (!isDirectory) return;

    let children;
    const firstPattern = pattern.indexes.size === 1 && pattern.at(pattern.indexes.values().next().value);
    if (typeof firstPattern === 'string') {
      const stat = await this.#cache.stat(join(fullpath, firstPattern));
      if (stat) {
        stat.name = firstPattern;
        children = [stat];
      } else {
        return;
      }
    } else {
      children = await this.#cache.readdir(fullpath);
    }

    for (let i = 0; i < children.length; i++) {
      const entry = children[i];
      const entryPath = join(path, entry.name);
      this.#cache.addToStatCache(join(fullpath, entry.name), entry);
      const step = this.#step(path, fullpath, pattern, entry, entryPath, isLast);
      if (step === null) return;
      for (const r of step.results) {
        if (this.#addResult(r)) {
          if (!this.#withFileTypes) {
            yield r;
          } else if (r === entryPath) {
            yield entry;
          } else {
            yield this.#cache.statSync(join(this.#root, r));
          }
        }
      }
      if (step.subPatterns.size > 0) {
        this.#addSubpattern(entryPath, pattern.child(step.subPatterns, step.nSymlinks));
      }
    }
  }
}

module.exports = {
  __proto__: null,
  Glob,
};
