// Adapted from Node.js lib/internal/webstorage.js and src/node_webstorage.cc
// (MIT license, Node.js contributors): the Web Storage API. Items live in
// SQLite (node:sqlite's engine) with Node's schema, so a --localstorage-file
// written by Node reads back here and the other way round; sessionStorage uses
// an in-memory database. Node intercepts named properties in C++; here each
// Storage is a Proxy whose target mirrors the items (so util.inspect, which
// shows a proxy's target, prints them as Node does).
'use strict';

const {
  ArrayPrototypePush,
  Error,
  MathAbs,
  MathFloor,
  ObjectCreate,
  ObjectDefineProperty,
  ObjectKeys,
  Proxy,
  ReflectDefineProperty,
  ReflectDeleteProperty,
  ReflectGet,
  ReflectGetOwnPropertyDescriptor,
  ReflectHas,
  ReflectOwnKeys,
  ReflectSet,
  SafeWeakMap,
  Symbol,
  SymbolToStringTag,
  TypeError,
} = primordials;

const { Buffer } = require('buffer');

const kConstructorKey = Symbol('kConstructorKey');
const kInMemoryPath = ':memory:';
const kMaxSize = 10 * 1024 * 1024;

// Node's schema (src/node_webstorage.cc): UTF-16LE blobs, the running total
// kept by triggers that abort with 'QuotaExceeded' past max_size. Node uses a
// WAL journal and closes the database at exit; nodus has no such exit hook, so
// it keeps a rollback journal, which leaves only the file itself behind.
const kInitSql = `
PRAGMA encoding = 'UTF-16le';
PRAGMA busy_timeout = 3000;
PRAGMA journal_mode = DELETE;
PRAGMA synchronous = NORMAL;
PRAGMA temp_store = memory;
PRAGMA optimize;
CREATE TABLE IF NOT EXISTS nodejs_webstorage(  key BLOB NOT NULL,  value BLOB NOT NULL,  PRIMARY KEY(key)) STRICT;
CREATE TABLE IF NOT EXISTS nodejs_webstorage_state(  max_size INTEGER NOT NULL DEFAULT ${kMaxSize},  total_size INTEGER NOT NULL,  schema_version INTEGER NOT NULL DEFAULT 0,  single_row_ INTEGER NOT NULL DEFAULT 1 CHECK(single_row_ = 1),  PRIMARY KEY(single_row_)) STRICT;
CREATE TRIGGER IF NOT EXISTS nodejs_quota_insert AFTER INSERT ON nodejs_webstorage FOR EACH ROW BEGIN   UPDATE nodejs_webstorage_state    SET total_size = total_size + OCTET_LENGTH(NEW.key) +      OCTET_LENGTH(NEW.value);  SELECT RAISE(ABORT, 'QuotaExceeded') WHERE EXISTS (    SELECT 1 FROM nodejs_webstorage_state WHERE total_size > max_size  );END;
CREATE TRIGGER IF NOT EXISTS nodejs_quota_update AFTER UPDATE ON nodejs_webstorage FOR EACH ROW BEGIN   UPDATE nodejs_webstorage_state    SET total_size = total_size +       ((OCTET_LENGTH(NEW.key) + OCTET_LENGTH(NEW.value)) -      (OCTET_LENGTH(OLD.key) + OCTET_LENGTH(OLD.value)));  SELECT RAISE(ABORT, 'QuotaExceeded') WHERE EXISTS (    SELECT 1 FROM nodejs_webstorage_state WHERE total_size > max_size  );END;
CREATE TRIGGER IF NOT EXISTS nodejs_quota_delete AFTER DELETE ON nodejs_webstorage FOR EACH ROW BEGIN   UPDATE nodejs_webstorage_state    SET total_size = total_size - (OCTET_LENGTH(OLD.key) +      OCTET_LENGTH(OLD.value));END;
INSERT OR IGNORE INTO nodejs_webstorage_state (total_size) VALUES (0);
`;

let QuotaExceededError;
/** Node's QuotaExceededError: a DOMException named so, with its own class name. */
function quotaExceededError() {
  if (QuotaExceededError === undefined) {
    const { DOMException } = require('internal/per_context/domexception');
    QuotaExceededError = class QuotaExceededError extends DOMException {
      constructor(message) {
        super(message, 'QuotaExceededError');
      }
    };
    ObjectDefineProperty(QuotaExceededError.prototype, SymbolToStringTag, {
      __proto__: null, value: 'QuotaExceededError', writable: false, enumerable: false, configurable: true,
    });
  }
  return QuotaExceededError;
}

const encode = (s) => Buffer.from(s, 'utf16le');
const decode = (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf16le');

/** The items of one Storage, opened on first use (an unused localStorage leaves no file). */
class Store {
  constructor(location) {
    this.location = location;
    this.db = undefined;
    this.stmts = undefined;
  }

  open() {
    if (this.db === undefined) {
      const { DatabaseSync } = require('internal/sqlite/database');
      const db = new DatabaseSync(this.location);
      db.exec(kInitSql);
      this.db = db;
      this.stmts = {
        get: db.prepare('SELECT value FROM nodejs_webstorage WHERE key = ? LIMIT 1'),
        set: db.prepare('INSERT INTO nodejs_webstorage (key, value) VALUES (?, ?) ' +
                        'ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value WHERE value != EXCLUDED.value'),
        remove: db.prepare('DELETE FROM nodejs_webstorage WHERE key = ?'),
        clear: db.prepare('DELETE FROM nodejs_webstorage'),
        keys: db.prepare('SELECT key FROM nodejs_webstorage'),
        count: db.prepare('SELECT count(*) AS n FROM nodejs_webstorage'),
      };
    }
    return this.stmts;
  }

  get(key) {
    const row = this.open().get.get(encode(key));
    return row === undefined ? null : decode(row.value);
  }

  set(key, value) {
    try {
      this.open().set.run(encode(key), encode(value));
    } catch (err) {
      if (err?.code === 'ERR_SQLITE_ERROR' && err.message === 'QuotaExceeded') {
        throw new (quotaExceededError())('Setting the value exceeded the quota');
      }
      throw err;
    }
  }

  remove(key) {
    this.open().remove.run(encode(key));
  }

  clear() {
    this.open().clear.run();
  }

  /** The keys in Node's order (the primary key's, i.e. byte order of the UTF-16LE blobs). */
  keys() {
    const rows = this.open().keys.all();
    const out = [];
    for (let i = 0; i < rows.length; i++) ArrayPrototypePush(out, decode(rows[i].key));
    return out;
  }

  length() {
    return this.open().count.get().n;
  }
}

const stores = new SafeWeakMap();

function storeOf(self) {
  const store = self === null || (typeof self !== 'object' && typeof self !== 'function') ?
    undefined : stores.get(self);
  if (store === undefined) throw new TypeError('Illegal invocation');
  return store;
}

function missingArgs(method, n, got) {
  if (got >= n) return;
  const err = new TypeError(
    `Failed to execute '${method}' on 'Storage': ${n} argument${n === 1 ? '' : 's'} required`);
  err.code = 'ERR_MISSING_ARGS';
  throw err;
}

class Storage {
  constructor(key, location) {
    if (key !== kConstructorKey) {
      const err = new Error('Illegal constructor');
      err.code = 'ERR_ILLEGAL_CONSTRUCTOR';
      throw err;
    }
    const store = new Store(location);
    const target = ObjectCreate(Storage.prototype);
    const proxy = new Proxy(target, handler(store));
    stores.set(proxy, store);
    stores.set(target, store);
    targets.set(proxy, target);
    return proxy;
  }

  get length() {
    return storeOf(this).length();
  }

  clear() {
    storeOf(this).clear();
    syncMirror(this);
  }

  getItem(key) {
    const store = storeOf(this);
    missingArgs('getItem', 1, arguments.length);
    return store.get(`${key}`);
  }

  key(index) {
    const store = storeOf(this);
    missingArgs('key', 1, arguments.length);
    index = +index;
    // WebIDL `unsigned long`: ToNumber, truncate, modulo 2^32.
    index = index !== index || index === Infinity || index === -Infinity ? 0 : (index < 0 ? -1 : 1) * MathFloor(MathAbs(index));
    index = ((index % 4294967296) + 4294967296) % 4294967296;
    const keys = store.keys();
    return index < keys.length ? keys[index] : null;
  }

  removeItem(key) {
    const store = storeOf(this);
    missingArgs('removeItem', 1, arguments.length);
    store.remove(`${key}`);
    syncMirror(this);
  }

  setItem(key, value) {
    const store = storeOf(this);
    missingArgs('setItem', 2, arguments.length);
    store.set(`${key}`, `${value}`);
    syncMirror(this);
  }
}

// Node's C++ template lists `constructor` last.
ReflectDeleteProperty(Storage.prototype, 'constructor');
ObjectDefineProperty(Storage.prototype, 'constructor', {
  __proto__: null, value: Storage, writable: true, enumerable: false, configurable: true,
});

// The Proxy target of each Storage, for keeping its mirror of the items.
const targets = new SafeWeakMap();

/** Whether `name` resolves on Storage.prototype's chain (such names are not named properties). */
function isBuiltin(name) {
  return ReflectHas(Storage.prototype, name);
}

function syncMirror(selfOrTarget) {
  const target = targets.get(selfOrTarget) ?? selfOrTarget;
  const store = stores.get(target);
  if (store === undefined) return;
  const own = ObjectKeys(target);
  for (let i = 0; i < own.length; i++) ReflectDeleteProperty(target, own[i]);
  // Only a store that is open has items; do not create the file to mirror nothing.
  if (store.db === undefined) return;
  const keys = store.keys();
  for (let i = 0; i < keys.length; i++) {
    if (isBuiltin(keys[i])) continue;
    ReflectDefineProperty(target, keys[i], {
      __proto__: null, value: store.get(keys[i]), writable: true, enumerable: true, configurable: true,
    });
  }
}

function handler(store) {
  return {
    __proto__: null,
    get(t, prop, receiver) {
      if (typeof prop === 'symbol' || isBuiltin(prop)) return ReflectGet(t, prop, receiver);
      const v = store.get(prop);
      return v === null ? undefined : v;
    },
    set(t, prop, value, receiver) {
      if (typeof prop === 'symbol') return ReflectSet(t, prop, value, receiver);
      store.set(prop, `${value}`);
      syncMirror(t);
      return true;
    },
    has(t, prop) {
      if (typeof prop === 'symbol' || isBuiltin(prop)) return ReflectHas(t, prop);
      return store.get(prop) !== null;
    },
    deleteProperty(t, prop) {
      if (typeof prop === 'symbol') return ReflectDeleteProperty(t, prop);
      if (store.get(prop) !== null) {
        store.remove(prop);
        syncMirror(t);
      }
      return true;
    },
    defineProperty(t, prop, desc) {
      if (typeof prop === 'symbol') return ReflectDefineProperty(t, prop, desc);
      store.set(prop, `${desc.value}`);
      syncMirror(t);
      return true;
    },
    ownKeys(t) {
      const out = [];
      const keys = store.db === undefined ? [] : store.keys();
      for (let i = 0; i < keys.length; i++) {
        if (!isBuiltin(keys[i])) ArrayPrototypePush(out, keys[i]);
      }
      const own = ReflectOwnKeys(t);
      for (let i = 0; i < own.length; i++) {
        if (typeof own[i] === 'symbol') ArrayPrototypePush(out, own[i]);
      }
      return out;
    },
    getOwnPropertyDescriptor(t, prop) {
      if (typeof prop === 'symbol') return ReflectGetOwnPropertyDescriptor(t, prop);
      if (isBuiltin(prop)) return undefined;
      const v = store.get(prop);
      if (v === null) return undefined;
      return { __proto__: null, value: v, writable: true, enumerable: true, configurable: true };
    },
  };
}

/**
 * A Storage over `location` (`:memory:` for sessionStorage). An existing file
 * is opened at once so the instance shows its items; a new one is created on
 * first write.
 */
function createStorage(location) {
  const storage = new Storage(kConstructorKey, location);
  if (location !== kInMemoryPath && require('fs').existsSync(location)) {
    stores.get(storage).open();
    syncMirror(storage);
  }
  return storage;
}

let localStorage;
let sessionStorage;

/**
 * The `localStorage` global's value: a Storage over --localstorage-file.
 * Without the option, lines behind --experimental-webstorage (22, 24) throw
 * Node's ERR_INVALID_ARG_VALUE. On lines with Web Storage by default, the
 * first read warns ('localStorage is not available ...') and every read is
 * undefined, as in Node 26.10. (Node 25's test harness reads the global, so
 * v25 suite files that expect no warning fail here as they do on Node 26.)
 */
let warnedNoFile = false;
function getLocalStorage() {
  if (localStorage === undefined) {
    const { getOptionValue } = require('internal/options');
    const location = getOptionValue('--localstorage-file');
    if (!location) {
      const { switchValue } = require('internal/compat/profile');
      if (switchValue('web_storage') === 'flag') {
        const { codes: { ERR_INVALID_ARG_VALUE } } = require('internal/errors');
        throw new ERR_INVALID_ARG_VALUE('--localstorage-file', '',
                                        'is an invalid localStorage location');
      }
      // Node 26: no file, no localStorage; the first read warns once.
      if (!warnedNoFile) {
        warnedNoFile = true;
        process.emitWarning('localStorage is not available because --localstorage-file was not provided.',
                            'ExperimentalWarning');
      }
      return undefined;
    }
    const { resolve } = require('path');
    localStorage = createStorage(resolve(`${location}`));
  }
  return localStorage;
}

function getSessionStorage() {
  sessionStorage ??= createStorage(kInMemoryPath);
  return sessionStorage;
}

module.exports = { Storage, createStorage, kConstructorKey };

// What the globals' lazy accessors read (internal/bootstrap/web_globals).
ObjectDefineProperty(module.exports, 'localStorage', {
  __proto__: null, configurable: true, enumerable: true, get: getLocalStorage,
});
ObjectDefineProperty(module.exports, 'sessionStorage', {
  __proto__: null, configurable: true, enumerable: true, get: getSessionStorage,
});
