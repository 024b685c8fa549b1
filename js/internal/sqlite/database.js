// Adapted from Node.js lib/sqlite.js and src/node_sqlite.cc (MIT license,
// Node.js contributors): DatabaseSync, StatementSync and backup() over the
// SQLite C API (src/ext/sqlite). Validation and error texts follow the C++
// layer, which throws plain errors carrying a `code`, not the JS NodeError
// classes.
'use strict';

const {
  ArrayIsArray,
  ArrayPrototypeJoin,
  Error,
  FunctionPrototypeCall,
  IteratorPrototype,
  MathMax,
  NumberIsInteger,
  ObjectCreate,
  ObjectDefineProperty,
  ObjectKeys,
  Promise,
  RangeError,
  SafeFinalizationRegistry,
  SafeMap,
  StringPrototypeIncludes,
  Symbol,
  SymbolDispose,
  SymbolFor,
  TypeError,
} = primordials;

const ops = internalBinding('ops');
const { isUint8Array } = require('internal/util/types');

const kHandle = Symbol('kHandle');
const kDb = Symbol('kDb');
const kFlags = Symbol('kFlags');
const kConfig = Symbol('kConfig');
const kSqliteType = SymbolFor('sqlite-type');
const kAllowConstruct = Symbol('kAllowConstruct');
const kAllowExt = Symbol('kAllowExt');
const kLimits = Symbol('kLimits');

// Statement flags shared with the ops.
const F_READ_BIG_INTS = 1;
const F_RETURN_ARRAYS = 2;
const F_ALLOW_BARE = 4;
const F_ALLOW_UNKNOWN = 8;
const F_UNDEFINED_NULL = 16;

/** Node 26 binds `undefined` as NULL (nodejs/node#65709); older lines refuse it. */
function lineFlags() {
  return require('internal/compat/profile').line() >= 26 ? F_UNDEFINED_NULL : 0;
}

/** An error as node_sqlite.cc's THROW_ERR_* builds it: `new Ctor(message)` with `code`. */
function coded(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  return err;
}

const argType = (message) => coded(TypeError, 'ERR_INVALID_ARG_TYPE', message);
const notOpen = () => coded(Error, 'ERR_INVALID_STATE', 'database is not open');

function validateBooleanOption(options, name, prefix = 'options.') {
  const v = options[name];
  if (v !== undefined && typeof v !== 'boolean') {
    throw argType(`The "${prefix}${name}" argument must be a boolean.`);
  }
  return v;
}

/** The location SQLite opens: a path, or a `file:` URL's href (SQLITE_OPEN_URI). */
function locationOf(path) {
  const bad = () => argType('The "path" argument must be a string, Uint8Array, or URL without null bytes.');
  let location;
  if (typeof path === 'string') {
    location = path;
  } else if (isUint8Array(path)) {
    location = require('buffer').Buffer.from(path.buffer, path.byteOffset, path.byteLength).toString('utf8');
  } else if (path !== null && typeof path === 'object' && typeof path.href === 'string' &&
             typeof path.protocol === 'string') {
    if (path.protocol !== 'file:') {
      throw coded(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file:');
    }
    location = path.href;
  } else {
    throw bad();
  }
  if (StringPrototypeIncludes(location, '\0')) throw bad();
  return location;
}

const statementRegistry = new SafeFinalizationRegistry((id) => ops.op_sqlite_stmt_finalize(id));
// A collected DatabaseSync closes its connection, as Node's destructor does.
const databaseRegistry = new SafeFinalizationRegistry((holder) => {
  if (holder.id !== undefined) {
    try {
      ops.op_sqlite_close(holder.id);
    } catch {
      // Nothing to report to.
    }
  }
});
const kHolder = Symbol('kHolder');

// A function, not a class: Node's C++ constructor throws its own error when
// called without `new`.
function DatabaseSync(path, options) {
    if (new.target === undefined) {
      throw coded(TypeError, 'ERR_CONSTRUCT_CALL_REQUIRED', 'Cannot call constructor without `new`');
    }
    const location = locationOf(path);
    const config = {
      location,
      open: true,
      readOnly: false,
      enableForeignKeyConstraints: true,
      enableDoubleQuotedStringLiterals: false,
      allowExtension: false,
      timeout: 0,
      readBigInts: false,
      returnArrays: false,
      allowBareNamedParameters: true,
      allowUnknownNamedParameters: false,
      defensive: true,
    };
    if (options !== undefined) {
      if (options === null || typeof options !== 'object') {
        throw argType('The "options" argument must be an object.');
      }
      for (const name of ['open', 'readOnly', 'enableForeignKeyConstraints',
                          'enableDoubleQuotedStringLiterals', 'allowExtension']) {
        const v = validateBooleanOption(options, name);
        if (v !== undefined) config[name] = v;
      }
      if (options.timeout !== undefined) {
        if (!NumberIsInteger(options.timeout)) {
          throw argType('The "options.timeout" argument must be an integer.');
        }
        config.timeout = options.timeout;
      }
      for (const name of ['readBigInts', 'returnArrays', 'allowBareNamedParameters',
                          'allowUnknownNamedParameters', 'defensive']) {
        const v = validateBooleanOption(options, name);
        if (v !== undefined) config[name] = v;
      }
      if (options.limits !== undefined) {
        const limits = options.limits;
        if (limits === null || typeof limits !== 'object') {
          throw argType('The "options.limits" argument must be an object.');
        }
        config.limits = { __proto__: null };
        const names = ObjectKeys(kLimitIds);
        for (let i = 0; i < names.length; i++) {
          const v = limits[names[i]];
          if (v === undefined) continue;
          if (!NumberIsInteger(v)) {
            throw argType(`The "options.limits.${names[i]}" argument must be an integer.`);
          }
          if (v < 0) {
            throw coded(RangeError, 'ERR_OUT_OF_RANGE', `The "options.limits.${names[i]}" argument must be non-negative.`);
          }
          config.limits[names[i]] = v;
        }
      }
    }
    this[kConfig] = config;
    this[kHandle] = undefined;
    this[kHolder] = { id: undefined };
    databaseRegistry.register(this, this[kHolder]);
    this[kAllowExt] = config.allowExtension;
    ObjectDefineProperty(this, 'isOpen', {
      __proto__: null, configurable: true, enumerable: true,
      get() { return this[kHandle] !== undefined; },
    });
    ObjectDefineProperty(this, 'isTransaction', {
      __proto__: null, configurable: true, enumerable: true,
      get() { return ops.op_sqlite_in_transaction(handleOf(this)); },
    });
    ObjectDefineProperty(this, 'limits', {
      __proto__: null, configurable: true, enumerable: true,
      get() { return (this[kLimits] ??= createLimits(this)); },
    });
    this[kSqliteType] = 'node:sqlite';
    if (config.open) this.open();
}

class DatabaseSyncMethods {

  open() {
    if (this[kHandle] !== undefined) {
      throw coded(Error, 'ERR_INVALID_STATE', 'database is already open');
    }
    const c = this[kConfig];
    const flags = (c.readOnly ? 1 : 0) | (c.enableForeignKeyConstraints ? 2 : 0) |
      (c.enableDoubleQuotedStringLiterals ? 4 : 0) | (c.allowExtension ? 8 : 0) |
      (c.defensive ? 16 : 0);
    this[kHandle] = ops.op_sqlite_open(c.location, flags, c.timeout);
    this[kHolder].id = this[kHandle];
    if (c.limits !== undefined) {
      const names = ObjectKeys(c.limits);
      for (let i = 0; i < names.length; i++) {
        ops.op_sqlite_limit(this[kHandle], kLimitIds[names[i]], c.limits[names[i]]);
      }
    }
  }

  close() {
    const handle = handleOf(this);
    this[kHandle] = undefined;
    this[kHolder].id = undefined;
    ops.op_sqlite_close(handle);
  }

  [SymbolDispose]() {
    if (this[kHandle] !== undefined) this.close();
  }

  prepare(sql, options) {
    const handle = handleOf(this);
    if (typeof sql !== 'string') throw argType('The "sql" argument must be a string.');
    let overrides;
    if (options !== undefined) {
      if (options === null || typeof options !== 'object') {
        throw argType('The "options" argument must be an object.');
      }
      overrides = { __proto__: null };
      for (const name of ['readBigInts', 'returnArrays', 'allowBareNamedParameters',
                          'allowUnknownNamedParameters']) {
        overrides[name] = validateBooleanOption(options, name);
      }
    }
    const id = ops.op_sqlite_prepare(handle, sql);
    const stmt = new StatementSync(kAllowConstruct, this, id);
    if (overrides !== undefined) {
      if (overrides.readBigInts !== undefined) setFlag(stmt, F_READ_BIG_INTS, overrides.readBigInts);
      if (overrides.returnArrays !== undefined) setFlag(stmt, F_RETURN_ARRAYS, overrides.returnArrays);
      if (overrides.allowBareNamedParameters !== undefined) {
        setFlag(stmt, F_ALLOW_BARE, overrides.allowBareNamedParameters);
      }
      if (overrides.allowUnknownNamedParameters !== undefined) {
        setFlag(stmt, F_ALLOW_UNKNOWN, overrides.allowUnknownNamedParameters);
      }
    }
    return stmt;
  }

  setAuthorizer(callback) {
    if (callback !== null && typeof callback !== 'function') {
      throw argType('The "callback" argument must be a function or null.');
    }
    ops.op_sqlite_set_authorizer(handleOf(this), callback);
  }

  createTagStore(maxSize = 1000) {
    handleOf(this);
    if (!NumberIsInteger(maxSize) || maxSize <= 0) {
      throw argType('The "maxSize" argument must be a positive integer.');
    }
    return new SQLTagStore(kAllowConstruct, this, maxSize);
  }

  enableDefensive(active) {
    if (typeof active !== 'boolean') throw argType('The "active" argument must be a boolean.');
    ops.op_sqlite_db_config(handleOf(this), SQLITE_DBCONFIG_DEFENSIVE, active);
  }

  exec(sql) {
    const handle = handleOf(this);
    if (typeof sql !== 'string') throw argType('The "sql" argument must be a string.');
    ops.op_sqlite_exec(handle, sql);
  }

  location(dbName = 'main') {
    const handle = handleOf(this);
    if (typeof dbName !== 'string') throw argType('The "dbName" argument must be a string.');
    return ops.op_sqlite_location(handle, dbName);
  }

  function(name, options, fn) {
    const handle = handleOf(this);
    if (typeof name !== 'string') throw argType('The "name" argument must be a string.');
    if (typeof options === 'function') {
      fn = options;
      options = undefined;
    } else if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw argType('The "options" argument must be an object.');
    }
    if (typeof fn !== 'function') throw argType('The "function" argument must be a function.');
    let flags = 0;
    if (options !== undefined) {
      if (validateBooleanOption(options, 'useBigIntArguments')) flags |= 4;
      if (validateBooleanOption(options, 'varargs')) flags |= 8;
      if (validateBooleanOption(options, 'deterministic')) flags |= 1;
      if (validateBooleanOption(options, 'directOnly')) flags |= 2;
    }
    ops.op_sqlite_function(handle, name, fn.length, flags, fn);
  }

  aggregate(name, options) {
    const handle = handleOf(this);
    if (typeof name !== 'string') throw argType('The "name" argument must be a string.');
    if (options === null || typeof options !== 'object') {
      throw argType('The "options" argument must be an object.');
    }
    if (!('start' in options)) {
      throw argType('The "options.start" argument must be a function or a primitive value.');
    }
    const { start, step, result, inverse } = options;
    if (typeof step !== 'function') throw argType('The "options.step" argument must be a function.');
    if (result !== undefined && typeof result !== 'function') {
      throw argType('The "options.result" argument must be a function.');
    }
    let flags = 0;
    if (validateBooleanOption(options, 'useBigIntArguments')) flags |= 4;
    if (validateBooleanOption(options, 'varargs')) flags |= 8;
    if (validateBooleanOption(options, 'directOnly')) flags |= 2;
    if (inverse !== undefined && typeof inverse !== 'function') {
      throw argType('The "options.inverse" argument must be a function.');
    }
    const argc = MathMax(step.length - 1, typeof inverse === 'function' ? inverse.length - 1 : 0);
    ops.op_sqlite_aggregate(handle, name, argc, flags, start, step, result, inverse);
  }

  enableLoadExtension(allow) {
    if (typeof allow !== 'boolean') throw argType('The "allow" argument must be a boolean.');
    const handle = handleOf(this);
    if (allow && !this[kAllowExt]) {
      throw coded(Error, 'ERR_INVALID_STATE', 'Cannot enable extension loading because it was disabled at database creation.');
    }
    ops.op_sqlite_enable_load_extension(handle, allow);
  }

  loadExtension(path, entryPoint) {
    const handle = handleOf(this);
    if (typeof path !== 'string') throw argType('The "path" argument must be a string.');
    if (entryPoint !== undefined && typeof entryPoint !== 'string') {
      throw argType('The "entryPoint" argument must be a string.');
    }
    if (!this[kAllowExt]) {
      throw coded(Error, 'ERR_INVALID_STATE', 'extension loading is not allowed');
    }
    ops.op_sqlite_load_extension(handle, path, entryPoint);
  }

  createSession() {
    handleOf(this);
    throw new (require('internal/errors').codes.ERR_NOT_IMPLEMENTED)('sqlite sessions (DatabaseSync.prototype.createSession)');
  }

  applyChangeset() {
    handleOf(this);
    throw new (require('internal/errors').codes.ERR_NOT_IMPLEMENTED)('sqlite sessions (DatabaseSync.prototype.applyChangeset)');
  }
}

DatabaseSync.prototype = DatabaseSyncMethods.prototype;
ObjectDefineProperty(DatabaseSync.prototype, 'constructor', {
  __proto__: null, value: DatabaseSync, writable: true, enumerable: false, configurable: true,
});

const SQLITE_DBCONFIG_DEFENSIVE = 1010;

// SQLITE_LIMIT_* by the names of `db.limits`.
const kLimitIds = {
  __proto__: null,
  length: 0,
  sqlLength: 1,
  column: 2,
  exprDepth: 3,
  compoundSelect: 4,
  vdbeOp: 5,
  functionArg: 6,
  attach: 7,
  likePatternLength: 8,
  variableNumber: 9,
  triggerDepth: 10,
};
// The compiled-in maxima, which `Infinity` restores.
const kLimitMax = {
  __proto__: null,
  length: 1000000000,
  sqlLength: 1000000000,
  column: 2000,
  exprDepth: 1000,
  compoundSelect: 500,
  vdbeOp: 250000000,
  functionArg: 1000,
  attach: 10,
  likePatternLength: 50000,
  variableNumber: 32766,
  triggerDepth: 1000,
};

/** `db.limits`: each SQLITE_LIMIT_* as a live property. */
function createLimits(db) {
  const limits = {};
  const names = ObjectKeys(kLimitIds);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    ObjectDefineProperty(limits, name, {
      __proto__: null,
      enumerable: true,
      configurable: false,
      get() { return ops.op_sqlite_limit(handleOf(db), kLimitIds[name], -1); },
      set(value) {
        const handle = handleOf(db);
        if (value === Infinity) value = kLimitMax[name];
        if (typeof value !== 'number' || !NumberIsInteger(value)) {
          throw argType('Limit value must be a non-negative integer or Infinity.');
        }
        if (value < 0) throw coded(RangeError, 'ERR_OUT_OF_RANGE', 'Limit value must be non-negative.');
        ops.op_sqlite_limit(handle, kLimitIds[name], value);
      },
    });
  }
  return limits;
}

function handleOf(db) {
  const handle = db[kHandle];
  if (handle === undefined) throw notOpen();
  return handle;
}

class StatementSync {
  constructor(token, db, id) {
    if (token !== kAllowConstruct) {
      throw coded(Error, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    }
    const c = db[kConfig];
    this[kDb] = db;
    this[kHandle] = id;
    this[kFlags] = (c.readBigInts ? F_READ_BIG_INTS : 0) | (c.returnArrays ? F_RETURN_ARRAYS : 0) |
      (c.allowBareNamedParameters ? F_ALLOW_BARE : 0) |
      (c.allowUnknownNamedParameters ? F_ALLOW_UNKNOWN : 0) | lineFlags();
    ObjectDefineProperty(this, 'sourceSQL', {
      __proto__: null, configurable: true, enumerable: true,
      get() { return ops.op_sqlite_stmt_sql(stmtHandle(this), false); },
    });
    ObjectDefineProperty(this, 'expandedSQL', {
      __proto__: null, configurable: true, enumerable: true,
      get() { return ops.op_sqlite_stmt_sql(stmtHandle(this), true); },
    });
    statementRegistry.register(this, id, this);
  }

  run(...params) {
    return ops.op_sqlite_stmt_run(stmtHandle(this), this[kFlags], params);
  }

  get(...params) {
    return ops.op_sqlite_stmt_get(stmtHandle(this), this[kFlags], params);
  }

  all(...params) {
    return ops.op_sqlite_stmt_all(stmtHandle(this), this[kFlags], params);
  }

  iterate(...params) {
    const id = stmtHandle(this);
    const flags = this[kFlags];
    const generation = ops.op_sqlite_stmt_iterate(id, flags, params);
    const iterator = ObjectCreate(StatementSyncIteratorPrototype);
    iterator[kDb] = this;
    iterator[kHandle] = { id, flags, generation, done: false };
    return iterator;
  }

  columns() {
    return ops.op_sqlite_stmt_columns(stmtHandle(this));
  }

  close() {
    const id = stmtHandle(this);
    this[kHandle] = undefined;
    statementRegistry.unregister(this);
    ops.op_sqlite_stmt_finalize(id);
  }

  [SymbolDispose]() {
    if (this[kHandle] !== undefined && this[kDb][kHandle] !== undefined) this.close();
  }

  setReadBigInts(readBigInts) {
    stmtHandle(this);
    if (typeof readBigInts !== 'boolean') throw argType('The "readBigInts" argument must be a boolean.');
    setFlag(this, F_READ_BIG_INTS, readBigInts);
  }

  setReturnArrays(returnArrays) {
    stmtHandle(this);
    if (typeof returnArrays !== 'boolean') throw argType('The "returnArrays" argument must be a boolean.');
    setFlag(this, F_RETURN_ARRAYS, returnArrays);
  }

  setAllowBareNamedParameters(enabled) {
    stmtHandle(this);
    if (typeof enabled !== 'boolean') {
      throw argType('The "allowBareNamedParameters" argument must be a boolean.');
    }
    setFlag(this, F_ALLOW_BARE, enabled);
  }

  setAllowUnknownNamedParameters(enabled) {
    stmtHandle(this);
    if (typeof enabled !== 'boolean') throw argType('The "enabled" argument must be a boolean.');
    setFlag(this, F_ALLOW_UNKNOWN, enabled);
  }
}

function setFlag(stmt, flag, on) {
  stmt[kFlags] = on ? (stmt[kFlags] | flag) : (stmt[kFlags] & ~flag);
}

function stmtHandle(stmt) {
  if (stmt === null || typeof stmt !== 'object' || stmt[kDb] === undefined) {
    throw coded(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type StatementSync');
  }
  // Closing the database finalizes its statements.
  if (stmt[kDb][kHandle] === undefined || stmt[kHandle] === undefined) {
    throw coded(Error, 'ERR_INVALID_STATE', 'statement has been finalized');
  }
  return stmt[kHandle];
}

const StatementSyncIteratorPrototype = ObjectCreate(IteratorPrototype);
ObjectDefineProperty(StatementSyncIteratorPrototype, 'next', {
  __proto__: null, writable: true, configurable: true, enumerable: true,
  value: function next() {
    const state = this[kHandle];
    stmtHandle(this[kDb]);
    if (state.done) return { __proto__: null, done: true, value: null };
    const row = ops.op_sqlite_stmt_step(state.id, state.flags, state.generation);
    if (row === null) {
      state.done = true;
      return { __proto__: null, done: true, value: null };
    }
    return { __proto__: null, done: false, value: row };
  },
});
ObjectDefineProperty(StatementSyncIteratorPrototype, 'return', {
  __proto__: null, writable: true, configurable: true, enumerable: true,
  value: function() {
    const state = this[kHandle];
    stmtHandle(this[kDb]);
    if (!state.done) {
      state.done = true;
      ops.op_sqlite_stmt_iterate(state.id, state.flags, []);
    }
    return { __proto__: null, done: true, value: null };
  },
});
ObjectDefineProperty(StatementSyncIteratorPrototype, 'constructor', {
  __proto__: null, writable: true, configurable: true, enumerable: false,
  value: function StatementSyncIterator() {},
});

/**
 * `db.createTagStore()`: tagged-template queries whose statements are kept in
 * an LRU cache keyed by the template's strings.
 */
class SQLTagStore {
  #db;
  #capacity;
  #cache = new SafeMap();

  constructor(token, db, capacity) {
    if (token !== kAllowConstruct) {
      throw coded(Error, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    }
    this.#db = db;
    this.#capacity = capacity;
    for (const name of ['capacity', 'db', 'size']) {
      ObjectDefineProperty(this, name, {
        __proto__: null, configurable: true, enumerable: true,
        get: name === 'capacity' ? () => this.#capacity :
          name === 'db' ? () => this.#db : () => this.#cache.size,
      });
    }
  }

  #statement(strings) {
    if (!ArrayIsArray(strings)) {
      throw argType('First argument must be an array of strings (template literal).');
    }
    handleOf(this.#db);
    const key = ArrayPrototypeJoin(strings, '\0');
    let stmt = this.#cache.get(key);
    if (stmt !== undefined && stmt[kHandle] !== undefined) {
      // Most recently used goes last.
      this.#cache.delete(key);
      this.#cache.set(key, stmt);
      return stmt;
    }
    stmt = this.#db.prepare(ArrayPrototypeJoin(strings, '?'));
    if (this.#cache.size >= this.#capacity) {
      this.#cache.delete(this.#cache.keys().next().value);
    }
    this.#cache.set(key, stmt);
    return stmt;
  }

  get(strings, ...values) {
    return this.#statement(strings).get(...values);
  }

  all(strings, ...values) {
    return this.#statement(strings).all(...values);
  }

  iterate(strings, ...values) {
    return this.#statement(strings).iterate(...values);
  }

  run(strings, ...values) {
    return this.#statement(strings).run(...values);
  }

  clear() {
    this.#cache.clear();
  }
}

/** `sqlite.backup(sourceDb, path[, options])`: copies the database page by page. */
function backup(sourceDb, path, options = {}) {
  if (sourceDb === null || typeof sourceDb !== 'object' || !(kConfig in sourceDb)) {
    throw argType('The "sourceDb" argument must be an object.');
  }
  const handle = handleOf(sourceDb);
  const location = locationOf(path);
  if (options === null || typeof options !== 'object') {
    throw argType('The "options" argument must be an object.');
  }
  const { rate = 100, source = 'main', target = 'main', progress } = options;
  if (typeof source !== 'string') throw argType('The "options.source" argument must be a string.');
  if (typeof target !== 'string') throw argType('The "options.target" argument must be a string.');
  if (!NumberIsInteger(rate) || rate < -2147483648 || rate > 2147483647) {
    throw argType('The "options.rate" argument must be an integer.');
  }
  if (progress !== undefined && typeof progress !== 'function') {
    throw argType('The "options.progress" argument must be a function.');
  }
  return new Promise((resolve, reject) => {
    let id;
    try {
      id = ops.op_sqlite_backup_open(handle, location, source, target);
    } catch (err) {
      reject(err);
      return;
    }
    const { setImmediate } = require('timers');
    const tick = () => {
      try {
        const { 0: done, 1: remaining, 2: total } = ops.op_sqlite_backup_step(id, rate);
        if (done) {
          ops.op_sqlite_backup_close(id);
          resolve(total);
          return;
        }
        if (progress !== undefined) {
          FunctionPrototypeCall(progress, undefined, { totalPages: total, remainingPages: remaining });
        }
      } catch (err) {
        ops.op_sqlite_backup_close(id);
        reject(err);
        return;
      }
      setImmediate(tick);
    };
    setImmediate(tick);
  });
}

class Session {
  constructor() {
    throw coded(Error, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
  }
}

const constants = {
  SQLITE_CHANGESET_OMIT: 0,
  SQLITE_CHANGESET_REPLACE: 1,
  SQLITE_CHANGESET_ABORT: 2,
  SQLITE_CHANGESET_DATA: 1,
  SQLITE_CHANGESET_NOTFOUND: 2,
  SQLITE_CHANGESET_CONFLICT: 3,
  SQLITE_CHANGESET_CONSTRAINT: 4,
  SQLITE_CHANGESET_FOREIGN_KEY: 5,
  // Authorizer return values and action codes (sqlite3.h).
  SQLITE_OK: 0,
  SQLITE_DENY: 1,
  SQLITE_IGNORE: 2,
  SQLITE_CREATE_INDEX: 1,
  SQLITE_CREATE_TABLE: 2,
  SQLITE_CREATE_TEMP_INDEX: 3,
  SQLITE_CREATE_TEMP_TABLE: 4,
  SQLITE_CREATE_TEMP_TRIGGER: 5,
  SQLITE_CREATE_TEMP_VIEW: 6,
  SQLITE_CREATE_TRIGGER: 7,
  SQLITE_CREATE_VIEW: 8,
  SQLITE_DELETE: 9,
  SQLITE_DROP_INDEX: 10,
  SQLITE_DROP_TABLE: 11,
  SQLITE_DROP_TEMP_INDEX: 12,
  SQLITE_DROP_TEMP_TABLE: 13,
  SQLITE_DROP_TEMP_TRIGGER: 14,
  SQLITE_DROP_TEMP_VIEW: 15,
  SQLITE_DROP_TRIGGER: 16,
  SQLITE_DROP_VIEW: 17,
  SQLITE_INSERT: 18,
  SQLITE_PRAGMA: 19,
  SQLITE_READ: 20,
  SQLITE_SELECT: 21,
  SQLITE_TRANSACTION: 22,
  SQLITE_UPDATE: 23,
  SQLITE_ATTACH: 24,
  SQLITE_DETACH: 25,
  SQLITE_ALTER_TABLE: 26,
  SQLITE_REINDEX: 27,
  SQLITE_ANALYZE: 28,
  SQLITE_CREATE_VTABLE: 29,
  SQLITE_DROP_VTABLE: 30,
  SQLITE_FUNCTION: 31,
  SQLITE_SAVEPOINT: 32,
  SQLITE_COPY: 0,
  SQLITE_RECURSIVE: 33,
};

module.exports = {
  DatabaseSync,
  StatementSync,
  Session,
  constants,
  backup,
};
