//! `sqlite` ops: the SQLite C API (bundled with `rusqlite`, used through its
//! `ffi` module) behind `node:sqlite`'s `DatabaseSync` / `StatementSync` and
//! Web Storage's `localStorage`.
//!
//! Handles live in a per-thread table (each isolate runs on its own thread) and
//! JS refers to them by number. Ops that step statements take the V8 scope,
//! because SQLite calls user-defined functions back while it steps: the scope
//! is parked in a thread local for that time, and an exception a callback
//! throws is rethrown once SQLite returns, as Node does.
//!
//! Errors are thrown as Node's C++ layer throws them: `ERR_SQLITE_ERROR` with
//! `errcode` / `errstr`, or plain `TypeError`s / `Error`s with a `code`.

use deno_core::{op2, v8, OpDecl};
use rusqlite::ffi;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ffi::{c_char, c_int, c_void, CStr, CString};

mod callbacks;

use callbacks::{AggregateData, FunctionData};

/// The sqlite subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![
        op_sqlite_open(),
        op_sqlite_close(),
        op_sqlite_exec(),
        op_sqlite_prepare(),
        op_sqlite_in_transaction(),
        op_sqlite_location(),
        op_sqlite_function(),
        op_sqlite_aggregate(),
        op_sqlite_enable_load_extension(),
        op_sqlite_load_extension(),
        op_sqlite_stmt_run(),
        op_sqlite_stmt_all(),
        op_sqlite_stmt_get(),
        op_sqlite_stmt_iterate(),
        op_sqlite_stmt_step(),
        op_sqlite_stmt_columns(),
        op_sqlite_stmt_sql(),
        op_sqlite_stmt_finalize(),
        op_sqlite_backup_open(),
        op_sqlite_backup_step(),
        op_sqlite_backup_close(),
        op_sqlite_version(),
        op_sqlite_limit(),
        op_sqlite_db_config(),
        op_sqlite_set_authorizer(),
    ]
}

/// Flags JS passes to statement ops (the statement's current settings).
const F_READ_BIG_INTS: u32 = 1;
const F_RETURN_ARRAYS: u32 = 2;
const F_ALLOW_BARE: u32 = 4;
const F_ALLOW_UNKNOWN: u32 = 8;
/// `undefined` binds NULL (Node 26); older lines refuse it.
const F_UNDEFINED_NULL: u32 = 16;

struct Db {
    handle: *mut ffi::sqlite3,
    /// Statements prepared on this connection (finalized by close).
    stmts: Vec<u32>,
    /// The authorizer callback SQLite holds a pointer to.
    authorizer: Option<Box<v8::Global<v8::Function>>>,
}

struct Stmt {
    handle: *mut ffi::sqlite3_stmt,
    db: u32,
    /// Bumped whenever the statement is reset, so iterators can tell that they
    /// were invalidated.
    generation: u32,
    /// `bare name -> full name` of the named parameters, built on first use.
    bare_names: Option<HashMap<String, String>>,
}

#[derive(Default)]
struct Table {
    next: u32,
    dbs: HashMap<u32, Db>,
    stmts: HashMap<u32, Stmt>,
    backups: HashMap<u32, (*mut ffi::sqlite3_backup, *mut ffi::sqlite3)>,
}

thread_local! {
    static TABLE: RefCell<Table> = RefCell::new(Table::default());
    /// The scope of the op currently stepping SQLite (for user-defined functions).
    static SCOPE: Cell<*mut c_void> = const { Cell::new(std::ptr::null_mut()) };
    /// An exception a user-defined function threw, rethrown by the op.
    static PENDING: RefCell<Option<v8::Global<v8::Value>>> = const { RefCell::new(None) };
}

fn next_id(t: &mut Table) -> u32 {
    t.next += 1;
    t.next
}

fn db_handle(id: u32) -> Option<*mut ffi::sqlite3> {
    TABLE.with(|t| t.borrow().dbs.get(&id).map(|d| d.handle))
}

fn stmt_handle(id: u32) -> Option<(*mut ffi::sqlite3_stmt, *mut ffi::sqlite3)> {
    TABLE.with(|t| {
        let t = t.borrow();
        let s = t.stmts.get(&id)?;
        let db = t.dbs.get(&s.db)?;
        Some((s.handle, db.handle))
    })
}

/// Runs `f` (raw SQLite calls that may call user functions back) with `scope`
/// parked for the callbacks.
fn with_scope<R>(scope: &mut v8::PinScope, f: impl FnOnce() -> R) -> R {
    let prev = SCOPE.with(|s| s.replace(scope as *mut v8::PinScope as *mut c_void));
    let r = f();
    SCOPE.with(|s| s.set(prev));
    r
}

/// Rethrows the exception a callback left, if any. Returns whether it did.
fn rethrow_pending(scope: &mut v8::PinScope) -> bool {
    let Some(exc) = PENDING.with(|p| p.borrow_mut().take()) else {
        return false;
    };
    let exc = v8::Local::new(scope, exc);
    scope.throw_exception(exc);
    true
}

fn cstr(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

fn v8_str<'s>(scope: &v8::PinScope<'s, '_>, s: &str) -> v8::Local<'s, v8::String> {
    v8::String::new(scope, s).unwrap_or_else(|| v8::String::empty(scope))
}

/// Which constructor a coded error uses.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Error,
    TypeError,
    RangeError,
}

/// Builds `new <Kind>(message)` with `err.code = code` (Node's THROW_ERR_*).
pub(crate) fn coded_error<'s>(
    scope: &v8::PinScope<'s, '_>,
    kind: Kind,
    code: &str,
    message: &str,
) -> v8::Local<'s, v8::Value> {
    let msg = v8_str(scope, message);
    let err = match kind {
        Kind::Error => v8::Exception::error(scope, msg),
        Kind::TypeError => v8::Exception::type_error(scope, msg),
        Kind::RangeError => v8::Exception::range_error(scope, msg),
    };
    if let Ok(obj) = v8::Local::<v8::Object>::try_from(err) {
        let key = v8_str(scope, "code");
        let val = v8_str(scope, code);
        obj.set(scope, key.into(), val.into());
    }
    err
}

fn throw_coded(scope: &mut v8::PinScope, kind: Kind, code: &str, message: &str) {
    let err = coded_error(scope, kind, code, message);
    scope.throw_exception(err);
}

/// Node's `ERR_SQLITE_ERROR` for the connection's last error (or for `rc` with
/// SQLite's generic text when there is no connection).
fn sqlite_error<'s>(
    scope: &v8::PinScope<'s, '_>,
    db: *mut ffi::sqlite3,
    rc: c_int,
) -> v8::Local<'s, v8::Value> {
    let (errcode, message) = if db.is_null() {
        (rc, cstr(unsafe { ffi::sqlite3_errstr(rc) }))
    } else {
        unsafe { (ffi::sqlite3_extended_errcode(db), cstr(ffi::sqlite3_errmsg(db))) }
    };
    let err = coded_error(scope, Kind::Error, "ERR_SQLITE_ERROR", &message);
    if let Ok(obj) = v8::Local::<v8::Object>::try_from(err) {
        let k = v8_str(scope, "errcode");
        let v = v8::Integer::new(scope, errcode);
        obj.set(scope, k.into(), v.into());
        let k = v8_str(scope, "errstr");
        let v = v8_str(scope, &cstr(unsafe { ffi::sqlite3_errstr(errcode) }));
        obj.set(scope, k.into(), v.into());
    }
    err
}

/// Throws for a failed SQLite call: the callback's exception when one is
/// pending (Node ignores SQLite's error then), else `ERR_SQLITE_ERROR`.
fn throw_sqlite(scope: &mut v8::PinScope, db: *mut ffi::sqlite3, rc: c_int) {
    if rethrow_pending(scope) {
        return;
    }
    let err = sqlite_error(scope, db, rc);
    scope.throw_exception(err);
}

fn throw_not_open(scope: &mut v8::PinScope) {
    throw_coded(scope, Kind::Error, "ERR_INVALID_STATE", "database is not open");
}

fn throw_finalized(scope: &mut v8::PinScope) {
    throw_coded(scope, Kind::Error, "ERR_INVALID_STATE", "statement has been finalized");
}

/// Opens a connection. Flags: 1 read-only, 2 foreign keys, 4 double-quoted
/// string literals, 8 allow extensions, 16 defensive. Returns the handle id.
#[op2]
fn op_sqlite_open<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    #[string] path: String,
    flags: u32,
    timeout: i32,
) -> v8::Local<'s, v8::Value> {
    let Ok(c_path) = CString::new(path) else {
        throw_coded(scope, Kind::TypeError, "ERR_INVALID_ARG_TYPE",
            "The \"path\" argument must be a string, Uint8Array, or URL without null bytes.");
        return v8::undefined(scope).into();
    };
    let open_flags = if flags & 1 != 0 {
        ffi::SQLITE_OPEN_READONLY
    } else {
        ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_CREATE
    } | ffi::SQLITE_OPEN_URI;
    let mut db: *mut ffi::sqlite3 = std::ptr::null_mut();
    let rc = unsafe { ffi::sqlite3_open_v2(c_path.as_ptr(), &mut db, open_flags, std::ptr::null()) };
    if rc != ffi::SQLITE_OK {
        let err = sqlite_error(scope, db, rc);
        unsafe { ffi::sqlite3_close(db) };
        scope.throw_exception(err);
        return v8::undefined(scope).into();
    }
    let dqs = (flags & 4 != 0) as c_int;
    let null = std::ptr::null_mut::<c_int>();
    unsafe {
        ffi::sqlite3_db_config(db, ffi::SQLITE_DBCONFIG_DQS_DML, dqs, null);
        ffi::sqlite3_db_config(db, ffi::SQLITE_DBCONFIG_DQS_DDL, dqs, null);
        ffi::sqlite3_db_config(db, ffi::SQLITE_DBCONFIG_ENABLE_FKEY, (flags & 2 != 0) as c_int, null);
        ffi::sqlite3_db_config(db, ffi::SQLITE_DBCONFIG_DEFENSIVE, (flags & 16 != 0) as c_int, null);
        if flags & 8 != 0 {
            ffi::sqlite3_db_config(db, ffi::SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 1, null);
        }
        ffi::sqlite3_busy_timeout(db, timeout);
    }
    let id = TABLE.with(|t| {
        let mut t = t.borrow_mut();
        let id = next_id(&mut t);
        t.dbs.insert(id, Db { handle: db, stmts: Vec::new(), authorizer: None });
        id
    });
    v8::Integer::new_from_unsigned(scope, id).into()
}

/// Closes a connection and finalizes its statements.
#[op2(nofast)]
fn op_sqlite_close(scope: &mut v8::PinScope, id: u32) {
    let Some(db) = TABLE.with(|t| {
        let mut t = t.borrow_mut();
        let db = t.dbs.remove(&id)?;
        for s in &db.stmts {
            if let Some(stmt) = t.stmts.remove(s) {
                unsafe { ffi::sqlite3_finalize(stmt.handle) };
            }
        }
        Some(db.handle)
    }) else {
        return throw_not_open(scope);
    };
    let rc = unsafe { ffi::sqlite3_close(db) };
    if rc != ffi::SQLITE_OK {
        throw_sqlite(scope, std::ptr::null_mut(), rc);
    }
    // The authorizer box (if any) was dropped with the table entry.
}

/// `db.exec(sql)`.
#[op2(nofast)]
fn op_sqlite_exec(scope: &mut v8::PinScope, id: u32, #[string] sql: String) {
    let Some(db) = db_handle(id) else { return throw_not_open(scope) };
    let Ok(sql) = CString::new(sql) else {
        return throw_coded(scope, Kind::TypeError, "ERR_INVALID_ARG_TYPE", "The \"sql\" argument must be a string.");
    };
    let rc = with_scope(scope, || unsafe {
        ffi::sqlite3_exec(db, sql.as_ptr(), None, std::ptr::null_mut(), std::ptr::null_mut())
    });
    if rc != ffi::SQLITE_OK {
        throw_sqlite(scope, db, rc);
    } else {
        rethrow_pending(scope);
    }
}

/// `db.prepare(sql)`: the statement id.
#[op2]
fn op_sqlite_prepare<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    id: u32,
    #[string] sql: String,
) -> v8::Local<'s, v8::Value> {
    let Some(db) = db_handle(id) else {
        throw_not_open(scope);
        return v8::undefined(scope).into();
    };
    let mut stmt: *mut ffi::sqlite3_stmt = std::ptr::null_mut();
    // Preparing runs the authorizer callback.
    let rc = with_scope(scope, || unsafe {
        ffi::sqlite3_prepare_v2(db, sql.as_ptr() as *const c_char, sql.len() as c_int, &mut stmt, std::ptr::null_mut())
    });
    if rc != ffi::SQLITE_OK {
        throw_sqlite(scope, db, rc);
        return v8::undefined(scope).into();
    }
    let sid = TABLE.with(|t| {
        let mut t = t.borrow_mut();
        let sid = next_id(&mut t);
        t.stmts.insert(sid, Stmt { handle: stmt, db: id, generation: 0, bare_names: None });
        if let Some(d) = t.dbs.get_mut(&id) {
            d.stmts.push(sid);
        }
        sid
    });
    v8::Integer::new_from_unsigned(scope, sid).into()
}

/// `db.isTransaction`: whether the connection is inside a transaction.
#[op2(nofast)]
fn op_sqlite_in_transaction(scope: &mut v8::PinScope, id: u32) -> bool {
    let Some(db) = db_handle(id) else {
        throw_not_open(scope);
        return false;
    };
    unsafe { ffi::sqlite3_get_autocommit(db) == 0 }
}

/// `db.location(dbName)`: the file of an attached database, null for memory.
#[op2]
fn op_sqlite_location<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    id: u32,
    #[string] name: String,
) -> v8::Local<'s, v8::Value> {
    let Some(db) = db_handle(id) else {
        throw_not_open(scope);
        return v8::undefined(scope).into();
    };
    let Ok(name) = CString::new(name) else { return v8::null(scope).into() };
    let p = unsafe { ffi::sqlite3_db_filename(db, name.as_ptr()) };
    if p.is_null() {
        return v8::null(scope).into();
    }
    let s = cstr(p);
    if s.is_empty() {
        return v8::null(scope).into();
    }
    v8_str(scope, &s).into()
}

/// `db.function(name, options, fn)`. Flags: 1 deterministic, 2 directOnly,
/// 4 useBigIntArguments, 8 varargs.
#[op2(nofast)]
fn op_sqlite_function(
    scope: &mut v8::PinScope,
    id: u32,
    #[string] name: String,
    argc: i32,
    flags: u32,
    func: v8::Local<v8::Function>,
) {
    let Some(db) = db_handle(id) else { return throw_not_open(scope) };
    let data = Box::new(FunctionData {
        func: v8::Global::new(scope, func),
        big_ints: flags & 4 != 0,
    });
    let argc = if flags & 8 != 0 { -1 } else { argc };
    let rc = callbacks::create_function(db, &name, argc, text_flags(flags), data);
    if rc != ffi::SQLITE_OK {
        throw_sqlite(scope, db, rc);
    }
}

fn text_flags(flags: u32) -> c_int {
    let mut f = ffi::SQLITE_UTF8;
    if flags & 1 != 0 {
        f |= ffi::SQLITE_DETERMINISTIC;
    }
    if flags & 2 != 0 {
        f |= ffi::SQLITE_DIRECTONLY;
    }
    f
}

/// `db.aggregate(name, options)`: `start` is the initial value or a function
/// returning it; `inverse` (optional) makes it a window function.
#[op2(nofast)]
#[allow(clippy::too_many_arguments)]
fn op_sqlite_aggregate(
    scope: &mut v8::PinScope,
    id: u32,
    #[string] name: String,
    argc: i32,
    flags: u32,
    start: v8::Local<v8::Value>,
    step: v8::Local<v8::Function>,
    result: v8::Local<v8::Value>,
    inverse: v8::Local<v8::Value>,
) {
    let Some(db) = db_handle(id) else { return throw_not_open(scope) };
    let result = v8::Local::<v8::Function>::try_from(result).ok().map(|f| v8::Global::new(scope, f));
    let inverse = v8::Local::<v8::Function>::try_from(inverse).ok().map(|f| v8::Global::new(scope, f));
    let window = inverse.is_some();
    let data = Box::new(AggregateData {
        start: v8::Global::new(scope, start),
        step: v8::Global::new(scope, step),
        result,
        inverse,
        big_ints: flags & 4 != 0,
    });
    let argc = if flags & 8 != 0 { -1 } else { argc };
    let rc = callbacks::create_aggregate(db, &name, argc, text_flags(flags), data, window);
    if rc != ffi::SQLITE_OK {
        throw_sqlite(scope, db, rc);
    }
}

/// `db.enableLoadExtension(allow)`.
#[op2(nofast)]
fn op_sqlite_enable_load_extension(scope: &mut v8::PinScope, id: u32, allow: bool) {
    let Some(db) = db_handle(id) else { return throw_not_open(scope) };
    let rc = unsafe {
        ffi::sqlite3_db_config(db, ffi::SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, allow as c_int, std::ptr::null_mut::<c_int>())
    };
    if rc != ffi::SQLITE_OK {
        throw_sqlite(scope, db, rc);
    }
}

/// `db.loadExtension(path, entryPoint)`.
#[op2]
fn op_sqlite_load_extension(
    scope: &mut v8::PinScope,
    id: u32,
    #[string] path: String,
    #[string] entry: Option<String>,
) {
    let Some(db) = db_handle(id) else { return throw_not_open(scope) };
    let Ok(path) = CString::new(path) else {
        return throw_coded(scope, Kind::TypeError, "ERR_INVALID_ARG_TYPE", "The \"path\" argument must be a string.");
    };
    let entry = entry.and_then(|e| CString::new(e).ok());
    let mut errmsg: *mut c_char = std::ptr::null_mut();
    let rc = unsafe {
        ffi::sqlite3_load_extension(
            db,
            path.as_ptr(),
            entry.as_ref().map_or(std::ptr::null(), |e| e.as_ptr()),
            &mut errmsg,
        )
    };
    if rc != ffi::SQLITE_OK {
        let msg = cstr(errmsg);
        unsafe { ffi::sqlite3_free(errmsg as *mut c_void) };
        let err = coded_error(scope, Kind::Error, "ERR_SQLITE_ERROR", &msg);
        if let Ok(obj) = v8::Local::<v8::Object>::try_from(err) {
            let k = v8_str(scope, "errcode");
            let v = v8::Integer::new(scope, rc);
            obj.set(scope, k.into(), v.into());
            let k = v8_str(scope, "errstr");
            let v = v8_str(scope, &cstr(unsafe { ffi::sqlite3_errstr(rc) }));
            obj.set(scope, k.into(), v.into());
        }
        scope.throw_exception(err);
    }
}

/// Resets the statement (bumping its generation) and binds `args` as Node's
/// `StatementSync::BindParams` does: a leading plain object binds named
/// parameters, the rest bind the anonymous ones in order.
fn reset_and_bind(
    scope: &mut v8::PinScope,
    id: u32,
    flags: u32,
    args: v8::Local<v8::Array>,
) -> Option<(*mut ffi::sqlite3_stmt, *mut ffi::sqlite3)> {
    let Some((stmt, db)) = stmt_handle(id) else {
        throw_finalized(scope);
        return None;
    };
    TABLE.with(|t| {
        if let Some(s) = t.borrow_mut().stmts.get_mut(&id) {
            s.generation = s.generation.wrapping_add(1);
        }
    });
    unsafe {
        ffi::sqlite3_reset(stmt);
        ffi::sqlite3_clear_bindings(stmt);
    }
    let len = args.length();
    let mut anon_start = 0;
    if len > 0 {
        let first = args.get_index(scope, 0)?;
        if first.is_object() && !first.is_array_buffer_view() {
            anon_start = 1;
            let obj = v8::Local::<v8::Object>::try_from(first).ok()?;
            if flags & F_ALLOW_BARE != 0 && !bind_bare_names(scope, id, stmt) {
                return None;
            }
            let keys = obj.get_own_property_names(scope, v8::GetPropertyNamesArgs {
                mode: v8::KeyCollectionMode::OwnOnly,
                property_filter: v8::PropertyFilter::ONLY_ENUMERABLE | v8::PropertyFilter::SKIP_SYMBOLS,
                index_filter: v8::IndexFilter::IncludeIndices,
                key_conversion: v8::KeyConversionMode::ConvertToString,
            })?;
            for i in 0..keys.length() {
                let key = keys.get_index(scope, i)?;
                let key_str = key.to_rust_string_lossy(scope);
                let mut index = CString::new(key_str.clone())
                    .map(|k| unsafe { ffi::sqlite3_bind_parameter_index(stmt, k.as_ptr()) })
                    .unwrap_or(0);
                if index == 0 && flags & F_ALLOW_BARE != 0 {
                    let full = TABLE.with(|t| {
                        t.borrow().stmts.get(&id).and_then(|s| s.bare_names.as_ref()?.get(&key_str).cloned())
                    });
                    if let Some(full) = full.and_then(|f| CString::new(f).ok()) {
                        index = unsafe { ffi::sqlite3_bind_parameter_index(stmt, full.as_ptr()) };
                    }
                }
                if index == 0 {
                    if flags & F_ALLOW_UNKNOWN != 0 {
                        continue;
                    }
                    throw_coded(scope, Kind::Error, "ERR_INVALID_STATE", &format!("Unknown named parameter '{key_str}'"));
                    return None;
                }
                let value = obj.get(scope, key)?;
                if !bind_value(scope, flags, stmt, db, index, value) {
                    return None;
                }
            }
        }
    }
    let mut anon_idx: c_int = 1;
    for i in anon_start..len {
        // Named parameters are skipped; `?NNN` ones bind by position.
        loop {
            let name = unsafe { ffi::sqlite3_bind_parameter_name(stmt, anon_idx) };
            if name.is_null() || unsafe { *name } == b'?' as c_char {
                break;
            }
            anon_idx += 1;
        }
        let value = args.get_index(scope, i)?;
        if !bind_value(scope, flags, stmt, db, anon_idx, value) {
            return None;
        }
        anon_idx += 1;
    }
    Some((stmt, db))
}

/// Builds the statement's `bare name -> full name` map once, refusing names
/// that collide (`$a` and `:a`).
fn bind_bare_names(scope: &mut v8::PinScope, id: u32, stmt: *mut ffi::sqlite3_stmt) -> bool {
    let built = TABLE.with(|t| t.borrow().stmts.get(&id).is_some_and(|s| s.bare_names.is_some()));
    if built {
        return true;
    }
    let mut map: HashMap<String, String> = HashMap::new();
    let count = unsafe { ffi::sqlite3_bind_parameter_count(stmt) };
    for i in 1..=count {
        let p = unsafe { ffi::sqlite3_bind_parameter_name(stmt, i) };
        if p.is_null() {
            continue;
        }
        let full = cstr(p);
        let bare: String = full.chars().skip(1).collect();
        if let Some(existing) = map.get(&bare) {
            if *existing != full {
                throw_coded(scope, Kind::Error, "ERR_INVALID_STATE", &format!(
                    "Cannot create bare named parameter '{bare}' because of conflicting names '{existing}' and '{full}'."
                ));
                return false;
            }
        } else {
            map.insert(bare, full);
        }
    }
    TABLE.with(|t| {
        if let Some(s) = t.borrow_mut().stmts.get_mut(&id) {
            s.bare_names = Some(map);
        }
    });
    true
}

fn view_bytes(value: v8::Local<v8::Value>) -> Vec<u8> {
    let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(value) else { return Vec::new() };
    let mut buf = vec![0u8; view.byte_length()];
    view.copy_contents(&mut buf);
    buf
}

fn bind_value(
    scope: &mut v8::PinScope,
    flags: u32,
    stmt: *mut ffi::sqlite3_stmt,
    db: *mut ffi::sqlite3,
    index: c_int,
    value: v8::Local<v8::Value>,
) -> bool {
    let rc = if value.is_number() {
        let n = value.number_value(scope).unwrap_or(f64::NAN);
        unsafe { ffi::sqlite3_bind_double(stmt, index, n) }
    } else if value.is_string() {
        let s = value.to_rust_string_lossy(scope);
        unsafe {
            ffi::sqlite3_bind_text64(stmt, index, s.as_ptr() as *const c_char, s.len() as u64, ffi::SQLITE_TRANSIENT(), ffi::SQLITE_UTF8 as u8)
        }
    } else if value.is_null() || (value.is_undefined() && flags & F_UNDEFINED_NULL != 0) {
        unsafe { ffi::sqlite3_bind_null(stmt, index) }
    } else if value.is_array_buffer_view() {
        let bytes = view_bytes(value);
        unsafe { ffi::sqlite3_bind_blob64(stmt, index, bytes.as_ptr() as *const c_void, bytes.len() as u64, ffi::SQLITE_TRANSIENT()) }
    } else if value.is_big_int() {
        let big = v8::Local::<v8::BigInt>::try_from(value).unwrap();
        let (n, lossless) = big.i64_value();
        if !lossless {
            throw_coded(scope, Kind::TypeError, "ERR_INVALID_ARG_VALUE", "BigInt value is too large to bind.");
            return false;
        }
        unsafe { ffi::sqlite3_bind_int64(stmt, index, n) }
    } else {
        throw_coded(scope, Kind::TypeError, "ERR_INVALID_ARG_TYPE",
            &format!("Provided value cannot be bound to SQLite parameter {index}."));
        return false;
    };
    if rc != ffi::SQLITE_OK {
        throw_sqlite(scope, db, rc);
        return false;
    }
    true
}

/// A column (or function argument) as JS sees it; `Err(message)` for an
/// integer beyond Number's safe range (Node's ERR_OUT_OF_RANGE).
pub(crate) fn to_js<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    kind: c_int,
    int: impl FnOnce() -> i64,
    float: impl FnOnce() -> f64,
    bytes: impl FnOnce() -> Vec<u8>,
    big_ints: bool,
) -> Result<v8::Local<'s, v8::Value>, String> {
    Ok(match kind {
        ffi::SQLITE_INTEGER => {
            let n = int();
            if big_ints {
                v8::BigInt::new_from_i64(scope, n).into()
            } else if !(-9007199254740991..=9007199254740991).contains(&n) {
                return Err(format!("Value is too large to be represented as a JavaScript number: {n}"));
            } else {
                v8::Number::new(scope, n as f64).into()
            }
        }
        ffi::SQLITE_FLOAT => v8::Number::new(scope, float()).into(),
        ffi::SQLITE_TEXT => {
            let b = bytes();
            v8::String::new_from_utf8(scope, &b, v8::NewStringType::Normal)
                .unwrap_or_else(|| v8::String::empty(scope))
                .into()
        }
        ffi::SQLITE_BLOB => {
            let b = bytes();
            let len = b.len();
            let store = v8::ArrayBuffer::new_backing_store_from_vec(b).make_shared();
            let ab = v8::ArrayBuffer::with_backing_store(scope, &store);
            match v8::Uint8Array::new(scope, ab, 0, len) {
                Some(a) => a.into(),
                None => v8::null(scope).into(),
            }
        }
        _ => v8::null(scope).into(),
    })
}

fn column<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    stmt: *mut ffi::sqlite3_stmt,
    i: c_int,
    big_ints: bool,
) -> Option<v8::Local<'s, v8::Value>> {
    let kind = unsafe { ffi::sqlite3_column_type(stmt, i) };
    let r = to_js(
        scope,
        kind,
        || unsafe { ffi::sqlite3_column_int64(stmt, i) },
        || unsafe { ffi::sqlite3_column_double(stmt, i) },
        || unsafe {
            let p = if kind == ffi::SQLITE_TEXT {
                ffi::sqlite3_column_text(stmt, i) as *const u8
            } else {
                ffi::sqlite3_column_blob(stmt, i) as *const u8
            };
            let n = ffi::sqlite3_column_bytes(stmt, i) as usize;
            if p.is_null() { Vec::new() } else { std::slice::from_raw_parts(p, n).to_vec() }
        },
        big_ints,
    );
    match r {
        Ok(v) => Some(v),
        Err(msg) => {
            throw_coded(scope, Kind::RangeError, "ERR_OUT_OF_RANGE", &msg);
            None
        }
    }
}

/// The current row as a null-prototype object (or an array with returnArrays).
fn row<'s>(scope: &mut v8::PinScope<'s, '_>, stmt: *mut ffi::sqlite3_stmt, flags: u32) -> Option<v8::Local<'s, v8::Value>> {
    let n = unsafe { ffi::sqlite3_column_count(stmt) };
    let mut values = Vec::with_capacity(n as usize);
    for i in 0..n {
        values.push(column(scope, stmt, i, flags & F_READ_BIG_INTS != 0)?);
    }
    if flags & F_RETURN_ARRAYS != 0 {
        return Some(v8::Array::new_with_elements(scope, &values).into());
    }
    let mut names: Vec<v8::Local<v8::Name>> = Vec::with_capacity(n as usize);
    for i in 0..n {
        names.push(v8_str(scope, &cstr(unsafe { ffi::sqlite3_column_name(stmt, i) })).into());
    }
    let null = v8::null(scope).into();
    Some(v8::Object::with_prototype_and_properties(scope, null, &names, &values).into())
}

fn step(scope: &mut v8::PinScope, stmt: *mut ffi::sqlite3_stmt) -> c_int {
    if stmt.is_null() {
        return ffi::SQLITE_DONE;
    }
    with_scope(scope, || unsafe { ffi::sqlite3_step(stmt) })
}

/// `stmt.run(...params)`: `{ changes, lastInsertRowid }`.
#[op2]
fn op_sqlite_stmt_run<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    id: u32,
    flags: u32,
    args: v8::Local<v8::Array>,
) -> v8::Local<'s, v8::Value> {
    let undef = v8::undefined(scope).into();
    let Some((stmt, db)) = reset_and_bind(scope, id, flags, args) else { return undef };
    loop {
        let rc = step(scope, stmt);
        if rc == ffi::SQLITE_ROW {
            continue;
        }
        if rc != ffi::SQLITE_DONE {
            unsafe { ffi::sqlite3_reset(stmt) };
            throw_sqlite(scope, db, rc);
            return undef;
        }
        break;
    }
    if rethrow_pending(scope) {
        return undef;
    }
    let (changes, rowid) = unsafe { (ffi::sqlite3_changes64(db), ffi::sqlite3_last_insert_rowid(db)) };
    unsafe { ffi::sqlite3_reset(stmt) };
    let (c, r): (v8::Local<v8::Value>, v8::Local<v8::Value>) = if flags & F_READ_BIG_INTS != 0 {
        (v8::BigInt::new_from_i64(scope, changes).into(), v8::BigInt::new_from_i64(scope, rowid).into())
    } else {
        (v8::Number::new(scope, changes as f64).into(), v8::Number::new(scope, rowid as f64).into())
    };
    let obj = v8::Object::new(scope);
    let k = v8_str(scope, "changes");
    obj.set(scope, k.into(), c);
    let k = v8_str(scope, "lastInsertRowid");
    obj.set(scope, k.into(), r);
    obj.into()
}

/// `stmt.all(...params)`.
#[op2]
fn op_sqlite_stmt_all<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    id: u32,
    flags: u32,
    args: v8::Local<v8::Array>,
) -> v8::Local<'s, v8::Value> {
    let undef = v8::undefined(scope).into();
    let Some((stmt, db)) = reset_and_bind(scope, id, flags, args) else { return undef };
    let mut rows = Vec::new();
    loop {
        let rc = step(scope, stmt);
        if rc == ffi::SQLITE_ROW {
            let Some(r) = row(scope, stmt, flags) else {
                unsafe { ffi::sqlite3_reset(stmt) };
                return undef;
            };
            rows.push(r);
            continue;
        }
        if rc != ffi::SQLITE_DONE {
            unsafe { ffi::sqlite3_reset(stmt) };
            throw_sqlite(scope, db, rc);
            return undef;
        }
        break;
    }
    unsafe { ffi::sqlite3_reset(stmt) };
    if rethrow_pending(scope) {
        return undef;
    }
    v8::Array::new_with_elements(scope, &rows).into()
}

/// `stmt.get(...params)`: the first row or undefined.
#[op2]
fn op_sqlite_stmt_get<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    id: u32,
    flags: u32,
    args: v8::Local<v8::Array>,
) -> v8::Local<'s, v8::Value> {
    let undef = v8::undefined(scope).into();
    let Some((stmt, db)) = reset_and_bind(scope, id, flags, args) else { return undef };
    let rc = step(scope, stmt);
    let out = if rc == ffi::SQLITE_ROW {
        row(scope, stmt, flags).unwrap_or(undef)
    } else if rc != ffi::SQLITE_DONE {
        unsafe { ffi::sqlite3_reset(stmt) };
        throw_sqlite(scope, db, rc);
        return undef;
    } else {
        undef
    };
    unsafe { ffi::sqlite3_reset(stmt) };
    if rethrow_pending(scope) {
        return undef;
    }
    out
}

/// Resets and binds for `stmt.iterate()`: the generation the iterator holds.
#[op2]
fn op_sqlite_stmt_iterate<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    id: u32,
    flags: u32,
    args: v8::Local<v8::Array>,
) -> v8::Local<'s, v8::Value> {
    if reset_and_bind(scope, id, flags, args).is_none() {
        return v8::undefined(scope).into();
    }
    let generation = TABLE.with(|t| t.borrow().stmts.get(&id).map_or(0, |s| s.generation));
    v8::Integer::new_from_unsigned(scope, generation).into()
}

/// One step of an iterator: the row, or null when done (the statement is
/// then reset). Throws when the statement was reset since `generation`.
#[op2]
fn op_sqlite_stmt_step<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    id: u32,
    flags: u32,
    generation: u32,
) -> v8::Local<'s, v8::Value> {
    let undef = v8::undefined(scope).into();
    let Some((stmt, db)) = stmt_handle(id) else {
        throw_finalized(scope);
        return undef;
    };
    let current = TABLE.with(|t| t.borrow().stmts.get(&id).map_or(0, |s| s.generation));
    if current != generation {
        throw_coded(scope, Kind::Error, "ERR_INVALID_STATE", "iterator was invalidated");
        return undef;
    }
    let rc = step(scope, stmt);
    if rc == ffi::SQLITE_ROW {
        return row(scope, stmt, flags).unwrap_or(undef);
    }
    unsafe { ffi::sqlite3_reset(stmt) };
    if rc != ffi::SQLITE_DONE {
        throw_sqlite(scope, db, rc);
        return undef;
    }
    if rethrow_pending(scope) {
        return undef;
    }
    v8::null(scope).into()
}

/// `stmt.columns()`: `{ column, database, name, table, type }` per result column.
#[op2]
fn op_sqlite_stmt_columns<'s>(scope: &mut v8::PinScope<'s, '_>, id: u32) -> v8::Local<'s, v8::Value> {
    let Some((stmt, _)) = stmt_handle(id) else {
        throw_finalized(scope);
        return v8::undefined(scope).into();
    };
    let n = if stmt.is_null() { 0 } else { unsafe { ffi::sqlite3_column_count(stmt) } };
    let mut cols = Vec::new();
    let keys = ["column", "database", "name", "table", "type"];
    for i in 0..n {
        let raw = unsafe {
            [
                ffi::sqlite3_column_origin_name(stmt, i),
                ffi::sqlite3_column_database_name(stmt, i),
                ffi::sqlite3_column_name(stmt, i),
                ffi::sqlite3_column_table_name(stmt, i),
                ffi::sqlite3_column_decltype(stmt, i),
            ]
        };
        let mut names: Vec<v8::Local<v8::Name>> = Vec::new();
        let mut values: Vec<v8::Local<v8::Value>> = Vec::new();
        for (k, p) in keys.iter().zip(raw) {
            names.push(v8_str(scope, k).into());
            values.push(if p.is_null() { v8::null(scope).into() } else { v8_str(scope, &cstr(p)).into() });
        }
        let null = v8::null(scope).into();
        cols.push(v8::Object::with_prototype_and_properties(scope, null, &names, &values).into());
    }
    v8::Array::new_with_elements(scope, &cols).into()
}

/// `stmt.sourceSQL` / `stmt.expandedSQL`.
#[op2]
fn op_sqlite_stmt_sql<'s>(scope: &mut v8::PinScope<'s, '_>, id: u32, expanded: bool) -> v8::Local<'s, v8::Value> {
    let Some((stmt, _)) = stmt_handle(id) else {
        throw_finalized(scope);
        return v8::undefined(scope).into();
    };
    if stmt.is_null() {
        return v8_str(scope, "").into();
    }
    let s = if expanded {
        let p = unsafe { ffi::sqlite3_expanded_sql(stmt) };
        if p.is_null() {
            throw_coded(scope, Kind::Error, "ERR_SQLITE_ERROR", "Expanded SQL text would exceed configured limits");
            return v8::undefined(scope).into();
        }
        let s = cstr(p);
        unsafe { ffi::sqlite3_free(p as *mut c_void) };
        s
    } else {
        cstr(unsafe { ffi::sqlite3_sql(stmt) })
    };
    v8_str(scope, &s).into()
}

/// Finalizes a statement (its wrapper was collected or the session ended).
#[op2(fast)]
fn op_sqlite_stmt_finalize(id: u32) {
    TABLE.with(|t| {
        let mut t = t.borrow_mut();
        if let Some(s) = t.stmts.remove(&id) {
            unsafe { ffi::sqlite3_finalize(s.handle) };
            if let Some(db) = t.dbs.get_mut(&s.db) {
                db.stmts.retain(|x| *x != id);
            }
        }
    });
}

/// Starts an online backup of `source` (database `source_db`) into the file
/// `path` (database `target_db`). Returns the backup id.
#[op2]
fn op_sqlite_backup_open<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    id: u32,
    #[string] path: String,
    #[string] source_db: String,
    #[string] target_db: String,
) -> v8::Local<'s, v8::Value> {
    let undef = v8::undefined(scope).into();
    let Some(src) = db_handle(id) else {
        throw_not_open(scope);
        return undef;
    };
    let (Ok(path), Ok(sname), Ok(tname)) = (CString::new(path), CString::new(source_db), CString::new(target_db)) else {
        throw_coded(scope, Kind::TypeError, "ERR_INVALID_ARG_TYPE", "The \"path\" argument must be a string.");
        return undef;
    };
    let mut dest: *mut ffi::sqlite3 = std::ptr::null_mut();
    let flags = ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_CREATE | ffi::SQLITE_OPEN_URI;
    let rc = unsafe { ffi::sqlite3_open_v2(path.as_ptr(), &mut dest, flags, std::ptr::null()) };
    if rc != ffi::SQLITE_OK {
        let err = sqlite_error(scope, dest, rc);
        unsafe { ffi::sqlite3_close(dest) };
        scope.throw_exception(err);
        return undef;
    }
    let b = unsafe { ffi::sqlite3_backup_init(dest, tname.as_ptr(), src, sname.as_ptr()) };
    if b.is_null() {
        let err = sqlite_error(scope, dest, rc);
        unsafe { ffi::sqlite3_close(dest) };
        scope.throw_exception(err);
        return undef;
    }
    let bid = TABLE.with(|t| {
        let mut t = t.borrow_mut();
        let bid = next_id(&mut t);
        t.backups.insert(bid, (b, dest));
        bid
    });
    v8::Integer::new_from_unsigned(scope, bid).into()
}

/// Copies up to `pages` pages: `[done, remaining, total]`; throws on error
/// (the backup is then closed).
#[op2]
fn op_sqlite_backup_step<'s>(scope: &mut v8::PinScope<'s, '_>, bid: u32, pages: i32) -> v8::Local<'s, v8::Value> {
    let Some((b, dest)) = TABLE.with(|t| t.borrow().backups.get(&bid).copied()) else {
        return v8::undefined(scope).into();
    };
    let rc = unsafe { ffi::sqlite3_backup_step(b, pages) };
    if rc != ffi::SQLITE_OK && rc != ffi::SQLITE_DONE && rc != ffi::SQLITE_BUSY && rc != ffi::SQLITE_LOCKED {
        let err = sqlite_error(scope, dest, rc);
        close_backup(bid);
        scope.throw_exception(err);
        return v8::undefined(scope).into();
    }
    let (remaining, total) = unsafe { (ffi::sqlite3_backup_remaining(b), ffi::sqlite3_backup_pagecount(b)) };
    let done = v8::Boolean::new(scope, rc == ffi::SQLITE_DONE).into();
    let r = v8::Integer::new(scope, remaining).into();
    let t = v8::Integer::new(scope, total).into();
    v8::Array::new_with_elements(scope, &[done, r, t]).into()
}

fn close_backup(bid: u32) -> c_int {
    let Some((b, dest)) = TABLE.with(|t| t.borrow_mut().backups.remove(&bid)) else { return ffi::SQLITE_OK };
    unsafe {
        let rc = ffi::sqlite3_backup_finish(b);
        ffi::sqlite3_close(dest);
        rc
    }
}

/// Ends a backup.
#[op2(fast)]
fn op_sqlite_backup_close(bid: u32) {
    close_backup(bid);
}

/// The bundled SQLite's version (`process.versions.sqlite` of a build).
#[op2]
#[string]
fn op_sqlite_version() -> String {
    cstr(unsafe { ffi::sqlite3_libversion() })
}

/// `sqlite3_limit(db, which, value)`: the previous value (`value < 0` only reads).
#[op2(nofast)]
fn op_sqlite_limit(scope: &mut v8::PinScope, id: u32, which: i32, value: i32) -> i32 {
    let Some(db) = db_handle(id) else {
        throw_not_open(scope);
        return 0;
    };
    unsafe { ffi::sqlite3_limit(db, which, value) }
}

/// `sqlite3_db_config(db, op, value)` for the boolean settings (defensive mode).
#[op2(nofast)]
fn op_sqlite_db_config(scope: &mut v8::PinScope, id: u32, op: i32, value: bool) {
    let Some(db) = db_handle(id) else { return throw_not_open(scope) };
    let rc = unsafe { ffi::sqlite3_db_config(db, op, value as c_int, std::ptr::null_mut::<c_int>()) };
    if rc != ffi::SQLITE_OK {
        throw_sqlite(scope, db, rc);
    }
}

/// `db.setAuthorizer(fn | null)`.
#[op2(nofast)]
fn op_sqlite_set_authorizer(scope: &mut v8::PinScope, id: u32, func: Option<v8::Local<v8::Function>>) {
    let Some(db) = db_handle(id) else { return throw_not_open(scope) };
    let boxed = func.map(|f| Box::new(v8::Global::new(scope, f)));
    let ptr = boxed.as_ref().map_or(std::ptr::null_mut(), |b| &**b as *const _ as *mut c_void);
    unsafe {
        ffi::sqlite3_set_authorizer(db, if boxed.is_some() { Some(callbacks::x_authorize) } else { None }, ptr);
    }
    // Replacing drops the previous callback only after SQLite stopped using it.
    TABLE.with(|t| {
        if let Some(d) = t.borrow_mut().dbs.get_mut(&id) {
            d.authorizer = boxed;
        }
    });
}
