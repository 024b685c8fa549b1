// Adapted from Node.js lib/internal/per_context/primordials.js (MIT license, Node.js contributors).
// The primordials Node's lib/ uses that deno_core's 00_primordials.js lacks.
// `extend(primordials)` returns a new frozen object holding deno_core's set plus
// these; the loader hands that merged object to every built-in.
'use strict';

function extend(base) {
  const {
    Array: ArrayConstructor,
    ArrayIteratorPrototype,
    ArrayPrototypeMap,
    ObjectDefineProperties,
    ObjectFreeze,
    ObjectGetOwnPropertyDescriptors,
    ObjectSetPrototypeOf,
    Promise,
    PromisePrototypeThen,
    PromiseResolve,
    ReflectApply,
    ReflectGetPrototypeOf,
    RegExpPrototypeExec,
    String,
    SymbolMatch,
    SymbolMatchAll,
    SymbolReplace,
    SymbolSearch,
    SymbolSplit,
  } = base;
  const RegExpPrototype = RegExp.prototype;
  const regExpMethods = {};
  for (const key of [SymbolMatch, SymbolMatchAll, SymbolReplace, SymbolSearch,
                     SymbolSplit, 'exec']) {
    regExpMethods[key] = RegExpPrototype[key];
  }
  const flagGetters = {};
  for (const key of ['dotAll', 'flags', 'global', 'hasIndices', 'ignoreCase',
                     'multiline', 'source', 'sticky', 'unicode']) {
    const desc = ObjectGetOwnPropertyDescriptors(RegExpPrototype)[key];
    if (desc !== undefined) flagGetters[key] = desc.get;
  }

  const extra = {
    // eslint-disable-next-line no-restricted-globals
    escape: globalThis.escape,
    // eslint-disable-next-line no-restricted-globals
    eval: globalThis.eval,
    // eslint-disable-next-line no-restricted-globals
    unescape: globalThis.unescape,
    StringFromCharCodeApply: (args) => ReflectApply(String.fromCharCode, String, args),
    StringFromCodePointApply: (args) => ReflectApply(String.fromCodePoint, String, args),
    IteratorPrototype: ReflectGetPrototypeOf(ArrayIteratorPrototype),
    AsyncIteratorPrototype:
      ReflectGetPrototypeOf(ReflectGetPrototypeOf(async function* () {}).prototype),

    SafePromiseAllReturnArrayLike: (promises, mapFn) =>
      new Promise((resolve, reject) => {
        const { length } = promises;
        const returnVal = ArrayConstructor(length);
        ObjectSetPrototypeOf(returnVal, null);
        if (length === 0) resolve(returnVal);
        let pending = length;
        for (let i = 0; i < length; i++) {
          const promise = mapFn != null ? mapFn(promises[i], i) : promises[i];
          PromisePrototypeThen(PromiseResolve(promise), (result) => {
            returnVal[i] = result;
            if (--pending === 0) resolve(returnVal);
          }, reject);
        }
      }),

    SafePromiseAllReturnVoid: (promises, mapFn) =>
      new Promise((resolve, reject) => {
        let pending = promises.length;
        if (pending === 0) resolve();
        const onFulfilled = () => { if (--pending === 0) resolve(); };
        for (let i = 0; i < promises.length; i++) {
          const promise = mapFn != null ? mapFn(promises[i], i) : promises[i];
          PromisePrototypeThen(PromiseResolve(promise), onFulfilled, reject);
        }
      }),

    SafePromiseAllSettledReturnVoid: (promises, mapFn) =>
      new Promise((resolve) => {
        let pending = promises.length;
        if (pending === 0) resolve();
        const onSettle = () => { if (--pending === 0) resolve(); };
        for (let i = 0; i < promises.length; i++) {
          const promise = mapFn != null ? mapFn(promises[i], i) : promises[i];
          PromisePrototypeThen(PromiseResolve(promise), onSettle, onSettle);
        }
      }),

    // Makes `pattern` immune to user changes of RegExp.prototype.
    hardenRegExp(pattern) {
      const props = { __proto__: null };
      for (const key of [SymbolMatch, SymbolMatchAll, SymbolReplace, SymbolSearch,
                         SymbolSplit, 'exec']) {
        props[key] = { __proto__: null, configurable: true, value: regExpMethods[key] };
      }
      for (const key in flagGetters) {
        props[key] = {
          __proto__: null, configurable: true,
          value: ReflectApply(flagGetters[key], pattern, []),
        };
      }
      ObjectDefineProperties(pattern, props);
      return pattern;
    },

    SafeStringPrototypeSearch(str, regexp) {
      regexp.lastIndex = 0;
      const match = RegExpPrototypeExec(regexp, str);
      return match ? match.index : -1;
    },
  };

  // deno_core's Safe collections walk their argument as an array-like
  // (SafeArrayIterator), which never ends on an iterator; Node's accept any
  // iterable, and Node's lib passes them iterators.
  const { makeSafe } = base;
  const overrides = {
    SafeMap: makeSafe(Map, class SafeMap extends Map {
      constructor(i) { super(i); } // eslint-disable-line no-useless-constructor
    }),
    SafeWeakMap: makeSafe(WeakMap, class SafeWeakMap extends WeakMap {
      constructor(i) { super(i); } // eslint-disable-line no-useless-constructor
    }),
    SafeSet: makeSafe(Set, class SafeSet extends Set {
      constructor(i) { super(i); } // eslint-disable-line no-useless-constructor
    }),
    SafeWeakSet: makeSafe(WeakSet, class SafeWeakSet extends WeakSet {
      constructor(i) { super(i); } // eslint-disable-line no-useless-constructor
    }),
    // deno_core's SafePromiseAll takes no mapFn; Node's lib passes one (web
    // stream adapters' writev, pipeTo's shutdown actions), mapping each element
    // before awaiting it.
    SafePromiseAll: (promises, mapFn) =>
      new Promise((resolve, reject) => {
        const { length } = promises;
        const returnVal = ArrayConstructor(length);
        if (length === 0) resolve(returnVal);
        let pending = length;
        for (let i = 0; i < length; i++) {
          let promise;
          try {
            promise = mapFn != null ? mapFn(promises[i], i) : promises[i];
          } catch (err) {
            reject(err);
            continue;
          }
          PromisePrototypeThen(PromiseResolve(promise), (result) => {
            returnVal[i] = result;
            if (--pending === 0) resolve(returnVal);
          }, reject);
        }
      }),
  };

  const merged = { __proto__: null };
  const descriptors = ObjectGetOwnPropertyDescriptors(base);
  for (const key in overrides) {
    descriptors[key] = { __proto__: null, value: overrides[key], enumerable: true };
  }
  ObjectDefineProperties(merged, descriptors);
  for (const key in extra) {
    if (!(key in merged)) merged[key] = extra[key];
  }
  return ObjectFreeze(merged);
}

module.exports = { extend };
