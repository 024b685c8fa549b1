// node:module — the CommonJS `Module` class with `createRequire`,
// `builtinModules` and `isBuiltin` (lib/module.js), a facade over the loader.
'use strict';

const { Module } = require('internal/modules/cjs/loader');

module.exports = Module;
