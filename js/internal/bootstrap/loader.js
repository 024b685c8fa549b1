// The built-in module registry. Runs first while the snapshot is built (as a
// plain script, not wrapped): every other file under js/ registers its factory
// here, and `requireBuiltin` evaluates a factory on first use, as Node's
// BuiltinModule does.
'use strict';

((globalThis) => {
  const core = globalThis.Deno.core;
  const basePrimordials = globalThis.__bootstrap.primordials;
  const { Error, ObjectFreeze, ReflectApply, SafeMap, SafeSet, StringPrototypeStartsWith } = basePrimordials;
  // deno_core's primordials plus the names Node's lib/ uses that it lacks
  // (js/internal/primordials.js), merged once on first use.
  let primordials = null;
  function getPrimordials() {
    if (primordials === null) {
      const m = { exports: {} };
      ReflectApply(factories.get('internal/primordials'), undefined,
        [m.exports, requireBuiltin, m, process, internalBinding, basePrimordials]);
      primordials = m.exports.extend(basePrimordials);
    }
    return primordials;
  }

  const factories = new SafeMap();
  const cache = new SafeMap();
  // The one `process` object; its prototype and fields are set by the bootstraps.
  const process = {};
  let profile = null;
  let exposeInternals = false;
  // Run-time release-line shaping (js/internal/compat): ids the line lacks, and
  // the filter applied to a public module's exports when it is first evaluated.
  const hidden = new SafeSet();
  let filterExports = null;

  const loaderBinding = ObjectFreeze({
    factories,
    cache,
    setProfile(p) { profile = p; },
    setExposeInternals(v) { exposeInternals = v; },
    hideBuiltin(id) { hidden.add(id); },
    setExportsFilter(fn) {
      filterExports = fn;
      // Modules the snapshot already evaluated are shaped now.
      for (const { 0: id, 1: module } of cache) {
        if (module.loaded && !StringPrototypeStartsWith(id, 'internal/')) module.exports = fn(id, module.exports);
      }
    },
    canBeRequiredByUsers(id) {
      if (!factories.has(id) || hidden.has(id)) return false;
      return exposeInternals || !StringPrototypeStartsWith(id, 'internal/');
    },
  });

  function internalBinding(name) {
    switch (name) {
      case 'ops': return core.ops;
      case 'core': return core;
      case 'loader': return loaderBinding;
      case 'profile':
        if (profile === null) {
          throw new Error('internalBinding("profile") was read while the snapshot was built');
        }
        return profile;
      default:
        throw new Error(`No such binding: ${name}`);
    }
  }

  function requireBuiltin(id) {
    const cached = cache.get(id);
    if (cached !== undefined) return cached.exports;
    const factory = factories.get(id);
    if (factory === undefined) throw new Error(`No such built-in module: ${id}`);
    const module = { id, exports: {}, loaded: false };
    cache.set(id, module);
    ReflectApply(factory, undefined,
      [module.exports, requireBuiltin, module, process, internalBinding, getPrimordials()]);
    module.loaded = true;
    if (filterExports !== null && !StringPrototypeStartsWith(id, 'internal/')) {
      module.exports = filterExports(id, module.exports);
    }
    return module.exports;
  }

  globalThis.__nodus_register = (id, factory) => factories.set(id, factory);
  globalThis.__nodus_snapshot_entry = (id) => {
    delete globalThis.__nodus_register;
    delete globalThis.__nodus_snapshot_entry;
    requireBuiltin(id);
  };
})(globalThis);
