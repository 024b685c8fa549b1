// process.env: a live view of the OS environment that coerces values to strings.
'use strict';

const { ObjectFreeze, ProxyCtor = primordials.Proxy, String } = primordials;
const ops = internalBinding('ops');

function createEnv() {
  const target = { __proto__: null };
  return new ProxyCtor(target, {
    get(_t, key) {
      if (typeof key !== 'string') return undefined;
      return ops.op_process_env_get(key) ?? undefined;
    },
    set(_t, key, value) {
      if (typeof key === 'string') ops.op_process_env_set(key, String(value));
      return true;
    },
    has(_t, key) {
      return typeof key === 'string' && ops.op_process_env_get(key) !== null && ops.op_process_env_get(key) !== undefined;
    },
    deleteProperty(_t, key) {
      if (typeof key === 'string') ops.op_process_env_delete(key);
      return true;
    },
    ownKeys() {
      return ops.op_process_env_keys();
    },
    getOwnPropertyDescriptor(_t, key) {
      if (typeof key !== 'string') return undefined;
      const value = ops.op_process_env_get(key);
      if (value === null || value === undefined) return undefined;
      return { value, writable: true, enumerable: true, configurable: true };
    },
    defineProperty(_t, key, desc) {
      if (typeof key === 'string' && 'value' in desc) ops.op_process_env_set(key, String(desc.value));
      return true;
    },
  });
}

module.exports = { createEnv };
