// Adapted from Node.js lib/internal/navigator.js (MIT license, Node.js contributors).
'use strict';

const {
  ObjectDefineProperties,
  StringPrototypeSlice,
  StringPrototypeIndexOf,
  Symbol,
  SymbolToStringTag,
} = primordials;

const { ERR_ILLEGAL_CONSTRUCTOR } = require('internal/errors').codes;
const { kEnumerableProperty } = require('internal/util');

const kInitialize = Symbol('kInitialize');

function getNavigatorPlatform() {
  const arch = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch;
  if (process.platform === 'darwin') return 'MacIntel';
  if (process.platform === 'win32') return 'Win32';
  if (process.platform === 'linux') return `Linux ${arch}`;
  return `${process.platform} ${arch}`;
}

class Navigator {
  #availableParallelism;
  #userAgent;
  #platform;
  #language;

  constructor(key = undefined) {
    if (key !== kInitialize) throw new ERR_ILLEGAL_CONSTRUCTOR();
  }

  get hardwareConcurrency() {
    this.#availableParallelism ??= require('os').availableParallelism();
    return this.#availableParallelism;
  }

  get language() {
    this.#language ??= new Intl.Collator().resolvedOptions().locale || 'en-US';
    return this.#language;
  }

  get languages() {
    return [this.language];
  }

  get userAgent() {
    const v = process.version;
    this.#userAgent ??= `Node.js/${StringPrototypeSlice(v, 1, StringPrototypeIndexOf(v, '.'))}`;
    return this.#userAgent;
  }

  get platform() {
    this.#platform ??= getNavigatorPlatform();
    return this.#platform;
  }
}

ObjectDefineProperties(Navigator.prototype, {
  hardwareConcurrency: kEnumerableProperty,
  language: kEnumerableProperty,
  languages: kEnumerableProperty,
  userAgent: kEnumerableProperty,
  platform: kEnumerableProperty,
  [SymbolToStringTag]: { __proto__: null, value: 'Navigator', configurable: true },
});

module.exports = {
  navigator: new Navigator(kInitialize),
  Navigator,
};
