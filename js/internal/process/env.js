// process.env: a live view of the OS environment that coerces values to
// strings, with the semantics of Node's named-property interceptors
// (src/node_env_var.cc): names that are not variables fall through to the
// ordinary object (so `process.env.hasOwnProperty` is Object.prototype's),
// symbols are never variables, and only plain data descriptors define one.
'use strict';

const {
  ObjectKeys,
  ObjectPrototype,
  ProxyCtor = primordials.Proxy,
  ReflectDefineProperty,
  ReflectDeleteProperty,
  ReflectGet,
  ReflectGetOwnPropertyDescriptor,
  ReflectHas,
  ReflectOwnKeys,
  ReflectSet,
  SafeMap,
} = primordials;
const ops = internalBinding('ops');

let target = null;
let env = null;

// The C++ interceptors throw plain TypeErrors carrying a code (no `[CODE]` in
// the name), as errors made by Node's C++ layer do.
function defineError(message) {
  const err = new TypeError(message);
  err.code = 'ERR_INVALID_OBJECT_DEFINE_PROPERTY';
  return err;
}

// A worker without SHARE_ENV keeps its own copy of the variables (a Map,
// see createEnv); otherwise they are the OS environment's.
let store = null;

function lookup(key) {
  if (key === '') return null;
  return store !== null ? (store.get(key) ?? null) : ops.op_process_env_get(key);
}

function envKeys() {
  return store !== null ? [...store.keys()] : ops.op_process_env_keys();
}

function setVariable(key, value) {
  // ToString of a symbol key or value throws the TypeError Node throws.
  key = `${key}`;
  if (typeof value !== 'string') {
    if (typeof value !== 'number' && typeof value !== 'boolean') maybeWarnNonString();
    value = `${value}`;
  }
  if (store !== null) {
    store.set(key, value);
    return;
  }
  ops.op_process_env_set(key, value);
  if (key === 'TZ') ops.op_process_tz_changed();
}

let warnedNonString = false;
function maybeWarnNonString() {
  if (warnedNonString) return;
  const { getOptionValue } = require('internal/options');
  if (!getOptionValue('--pending-deprecation')) return;
  warnedNonString = true;
  process.emitWarning(
    'Assigning any value other than a string, number, or boolean to a ' +
    'process.env property is deprecated. Please make sure to convert the value ' +
    'to a string before setting process.env with it.',
    'DeprecationWarning', 'DEP0104');
}

const handler = {
  __proto__: null,
  get(t, key, receiver) {
    if (typeof key === 'string') {
      const value = lookup(key);
      if (value !== null && value !== undefined) return value;
    }
    return ReflectGet(t, key, receiver === env ? t : receiver);
  },
  set(t, key, value, receiver) {
    if (typeof key === 'symbol') {
      // Node converts the name with ToString, which throws for symbols.
      setVariable(key, value);
    }
    if (receiver !== env && receiver !== undefined) return ReflectSet(t, key, value, receiver);
    setVariable(key, value);
    return true;
  },
  has(t, key) {
    if (typeof key === 'string') {
      const value = lookup(key);
      if (value !== null && value !== undefined) return true;
    }
    return ReflectHas(t, key);
  },
  deleteProperty(t, key) {
    if (typeof key === 'string') {
      if (store !== null) {
        store.delete(key);
        return true;
      }
      ops.op_process_env_delete(key);
      if (key === 'TZ') ops.op_process_tz_changed();
      return true;
    }
    return ReflectDeleteProperty(t, key);
  },
  ownKeys(t) {
    const keys = envKeys();
    const own = ReflectOwnKeys(t);
    for (let i = 0; i < own.length; i++) keys.push(own[i]);
    return keys;
  },
  getOwnPropertyDescriptor(t, key) {
    if (typeof key === 'string') {
      const value = lookup(key);
      if (value !== null && value !== undefined) {
        return { value, writable: true, enumerable: true, configurable: true };
      }
    }
    return ReflectGetOwnPropertyDescriptor(t, key);
  },
  defineProperty(t, key, desc) {
    if (typeof key === 'symbol') return ReflectDefineProperty(t, key, desc);
    if ('value' in desc) {
      if (desc.writable !== true || desc.enumerable !== true || desc.configurable !== true) {
        throw defineError("'process.env' only accepts a configurable, writable, and enumerable data descriptor");
      }
      setVariable(key, desc.value);
      return true;
    }
    if ('get' in desc || 'set' in desc) {
      throw defineError("'process.env' does not accept an accessor(getter/setter) descriptor");
    }
    throw defineError("'process.env' only accepts a configurable, writable, and enumerable data descriptor");
  },
};

/** process.env; `copy` (an object of strings) makes it a copy of its own. */
function createEnv(copy) {
  if (copy) {
    store = new SafeMap();
    for (const key of ObjectKeys(copy)) store.set(key, `${copy[key]}`);
  }
  target = { __proto__: ObjectPrototype };
  env = new ProxyCtor(target, handler);
  return env;
}

/** A plain-object copy of the environment (what structuredClone makes of it). */
function envSnapshot() {
  const copy = {};
  const keys = envKeys();
  for (let i = 0; i < keys.length; i++) copy[keys[i]] = lookup(keys[i]);
  return copy;
}

function isEnv(value) {
  return value !== null && value === env;
}

module.exports = { createEnv, envSnapshot, isEnv };
