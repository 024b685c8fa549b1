// node:module — the CommonJS `Module` class with `createRequire`,
// `builtinModules` and `isBuiltin` (lib/module.js), a facade over the loader.
'use strict';

const { Module } = require('internal/modules/cjs/loader');

// The hooks module loads on first use, so that a run without hooks never evaluates it.
Module.registerHooks = function registerHooks(hooks) {
  return require('internal/modules/customization_hooks').registerHooks(hooks);
};
Module.register = function register(specifier, parentURL, options) {
  return require('internal/modules/customization_hooks').register(specifier, parentURL, options);
};

module.exports = Module;
