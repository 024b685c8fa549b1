// The built-in module registry. Runs first while the snapshot is built (as a
// plain script, not wrapped). Each file under js/ is compiled into its factory
// function on first `require` (src/ext/builtins: from the source in the binary
// and its build-time code cache) and evaluated once, as Node's BuiltinModule
// does. The modules evaluated while the snapshot is built live in it.
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
      ReflectApply(compileFactory('internal/primordials'), undefined,
        [m.exports, requireBuiltin, m, process, internalBinding, basePrimordials]);
      primordials = m.exports.extend(basePrimordials);
    }
    return primordials;
  }

  // Every built-in id (the value is unused: callers ask has()/keys()).
  const factories = new SafeMap();
  {
    const ids = core.ops.op_builtins_ids();
    for (let i = 0; i < ids.length; i++) factories.set(ids[i], true);
  }
  // True while the snapshot is built: compile every inner function now, so
  // that start-up runs bytecode from the snapshot instead of parsing.
  let buildingSnapshot = true;
  function compileFactory(id) {
    const factory = core.ops.op_builtins_compile(id, buildingSnapshot);
    if (factory === undefined) throw new Error(`No such built-in module: ${id}`);
    return factory;
  }
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
    if (!factories.has(id)) throw new Error(`No such built-in module: ${id}`);
    const factory = compileFactory(id);
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

  globalThis.__nodus_snapshot_entry = (id) => {
    delete globalThis.__nodus_snapshot_entry;
    requireBuiltin(id);
    buildingSnapshot = false;
  };
})(globalThis);
