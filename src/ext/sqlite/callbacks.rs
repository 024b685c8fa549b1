//! User-defined SQL functions and aggregates (`db.function()`,
//! `db.aggregate()`): SQLite calls these back while an op steps a statement;
//! they run the JS functions in the op's scope (see `with_scope`).

use super::{coded_error, to_js, Kind, PENDING, SCOPE};
use deno_core::v8;
use rusqlite::ffi;
use std::ffi::{c_char, c_int, c_void, CString};

/// A scalar function's JS callback.
pub(crate) struct FunctionData {
    pub func: v8::Global<v8::Function>,
    pub big_ints: bool,
}

/// An aggregate's JS callbacks (`start` may be a plain value).
pub(crate) struct AggregateData {
    pub start: v8::Global<v8::Value>,
    pub step: v8::Global<v8::Function>,
    pub result: Option<v8::Global<v8::Function>>,
    pub inverse: Option<v8::Global<v8::Function>>,
    pub big_ints: bool,
}

unsafe extern "C" fn destroy_function(p: *mut c_void) {
    drop(unsafe { Box::from_raw(p as *mut FunctionData) });
}

unsafe extern "C" fn destroy_aggregate(p: *mut c_void) {
    drop(unsafe { Box::from_raw(p as *mut AggregateData) });
}

/// Registers a scalar function; SQLite owns `data` afterwards.
pub(crate) fn create_function(db: *mut ffi::sqlite3, name: &str, argc: c_int, flags: c_int, data: Box<FunctionData>) -> c_int {
    let Ok(name) = CString::new(name) else { return ffi::SQLITE_MISUSE };
    unsafe {
        ffi::sqlite3_create_function_v2(
            db,
            name.as_ptr(),
            argc,
            flags,
            Box::into_raw(data) as *mut c_void,
            Some(x_func),
            None,
            None,
            Some(destroy_function),
        )
    }
}

/// Registers an aggregate (a window function when it has `inverse`).
pub(crate) fn create_aggregate(
    db: *mut ffi::sqlite3,
    name: &str,
    argc: c_int,
    flags: c_int,
    data: Box<AggregateData>,
    window: bool,
) -> c_int {
    let Ok(name) = CString::new(name) else { return ffi::SQLITE_MISUSE };
    let p = Box::into_raw(data) as *mut c_void;
    unsafe {
        if window {
            ffi::sqlite3_create_window_function(
                db, name.as_ptr(), argc, flags, p,
                Some(x_step), Some(x_final), Some(x_value), Some(x_inverse), Some(destroy_aggregate),
            )
        } else {
            ffi::sqlite3_create_function_v2(
                db, name.as_ptr(), argc, flags, p,
                None, Some(x_step), Some(x_final), Some(destroy_aggregate),
            )
        }
    }
}

/// The scope of the op that is stepping SQLite.
fn scope<'a>() -> Option<&'a mut v8::PinScope<'a, 'a>> {
    let p = SCOPE.with(|s| s.get());
    if p.is_null() {
        return None;
    }
    // SAFETY: set by `with_scope` for the duration of the SQLite call that is
    // calling us back; the op does not touch the scope meanwhile.
    Some(unsafe { &mut *(p as *mut v8::PinScope<'a, 'a>) })
}

fn fail(ctx: *mut ffi::sqlite3_context) {
    unsafe { ffi::sqlite3_result_error(ctx, c"".as_ptr(), 0) };
}

/// Records `exc` to be rethrown by the op and fails the SQL call.
fn fail_with(scope: &mut v8::PinScope, ctx: *mut ffi::sqlite3_context, exc: v8::Local<v8::Value>) {
    let g = v8::Global::new(scope, exc);
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_none() {
            *p = Some(g);
        }
    });
    fail(ctx);
}

fn args<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    argc: c_int,
    argv: *mut *mut ffi::sqlite3_value,
    big_ints: bool,
) -> Result<Vec<v8::Local<'s, v8::Value>>, String> {
    let mut out = Vec::with_capacity(argc.max(0) as usize);
    for i in 0..argc.max(0) as usize {
        let v = unsafe { *argv.add(i) };
        let kind = unsafe { ffi::sqlite3_value_type(v) };
        let js = to_js(
            scope,
            kind,
            || unsafe { ffi::sqlite3_value_int64(v) },
            || unsafe { ffi::sqlite3_value_double(v) },
            || unsafe {
                let p = if kind == ffi::SQLITE_TEXT {
                    ffi::sqlite3_value_text(v) as *const u8
                } else {
                    ffi::sqlite3_value_blob(v) as *const u8
                };
                let n = ffi::sqlite3_value_bytes(v) as usize;
                if p.is_null() { Vec::new() } else { std::slice::from_raw_parts(p, n).to_vec() }
            },
            big_ints,
        );
        match js {
            Ok(js) => out.push(js),
            Err(msg) => return Err(msg),
        }
    }
    Ok(out)
}

/// Sets the SQL result from a JS value as Node does; throws (into PENDING)
/// for values SQLite cannot hold.
fn set_result(scope: &mut v8::PinScope, ctx: *mut ffi::sqlite3_context, value: v8::Local<v8::Value>) {
    unsafe {
        if value.is_null_or_undefined() {
            ffi::sqlite3_result_null(ctx);
        } else if value.is_number() {
            ffi::sqlite3_result_double(ctx, value.number_value(scope).unwrap_or(f64::NAN));
        } else if value.is_string() {
            let s = value.to_rust_string_lossy(scope);
            ffi::sqlite3_result_text64(ctx, s.as_ptr() as *const c_char, s.len() as u64, ffi::SQLITE_TRANSIENT(), ffi::SQLITE_UTF8 as u8);
        } else if value.is_array_buffer_view() {
            let b = super::view_bytes(value);
            ffi::sqlite3_result_blob64(ctx, b.as_ptr() as *const c_void, b.len() as u64, ffi::SQLITE_TRANSIENT());
        } else if value.is_big_int() {
            let (n, lossless) = v8::Local::<v8::BigInt>::try_from(value).unwrap().i64_value();
            if !lossless {
                let e = coded_error(scope, Kind::Error, "ERR_SQLITE_ERROR", "BigInt value is too large for SQLite");
                return fail_with(scope, ctx, e);
            }
            ffi::sqlite3_result_int64(ctx, n);
        } else if value.is_promise() {
            let e = coded_error(scope, Kind::Error, "ERR_SQLITE_ERROR", "Asynchronous user-defined functions are not supported");
            fail_with(scope, ctx, e);
        } else {
            let e = coded_error(scope, Kind::Error, "ERR_SQLITE_ERROR", "Returned JavaScript value cannot be converted to a SQLite value");
            fail_with(scope, ctx, e);
        }
    }
}

/// Calls `f(recv=undefined, args)`, catching its exception into PENDING.
fn call<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    ctx: *mut ffi::sqlite3_context,
    f: &v8::Global<v8::Function>,
    args: &[v8::Local<v8::Value>],
) -> Option<v8::Local<'s, v8::Value>> {
    let f = v8::Local::new(scope, f);
    let recv = v8::undefined(scope).into();
    v8::tc_scope!(let tc, scope);
    match f.call(tc, recv, args) {
        Some(v) => Some(v8::Local::new(tc, v)),
        None => {
            if let Some(exc) = tc.exception() {
                let g = v8::Global::new(tc, exc);
                PENDING.with(|p| {
                    let mut p = p.borrow_mut();
                    if p.is_none() {
                        *p = Some(g);
                    }
                });
            }
            fail(ctx);
            None
        }
    }
    .map(|v| unsafe { std::mem::transmute::<v8::Local<v8::Value>, v8::Local<'s, v8::Value>>(v) })
}

unsafe extern "C" fn x_func(ctx: *mut ffi::sqlite3_context, argc: c_int, argv: *mut *mut ffi::sqlite3_value) {
    let data = unsafe { &*(ffi::sqlite3_user_data(ctx) as *const FunctionData) };
    let Some(scope) = scope() else { return fail(ctx) };
    let args = match args(scope, argc, argv, data.big_ints) {
        Ok(a) => a,
        Err(msg) => return out_of_range(scope, ctx, &msg),
    };
    if let Some(v) = call(scope, ctx, &data.func, &args) {
        set_result(scope, ctx, v);
    }
}

/// An argument beyond Number's safe range: Node's ERR_OUT_OF_RANGE.
fn out_of_range(scope: &mut v8::PinScope, ctx: *mut ffi::sqlite3_context, msg: &str) {
    let e = coded_error(scope, Kind::RangeError, "ERR_OUT_OF_RANGE", msg);
    fail_with(scope, ctx, e);
}

/// One group's accumulator, and whether SQLite asked for its value as a
/// window function (then the final call only frees it, as in Node).
struct AggState {
    acc: Option<v8::Global<v8::Value>>,
    is_window: bool,
}

/// Per-group state: the accumulator, behind a pointer SQLite keeps in the
/// aggregate context.
fn state<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    ctx: *mut ffi::sqlite3_context,
    data: &AggregateData,
    create: bool,
) -> Option<*mut AggState> {
    let size = if create { std::mem::size_of::<*mut AggState>() as c_int } else { 0 };
    let slot = unsafe { ffi::sqlite3_aggregate_context(ctx, size) } as *mut *mut AggState;
    if slot.is_null() {
        return None;
    }
    unsafe {
        if (*slot).is_null() {
            // First row of the group: the start value (or what `start()` returns).
            let start = v8::Local::new(scope, &data.start);
            let initial = if let Ok(f) = v8::Local::<v8::Function>::try_from(start) {
                let g = v8::Global::new(scope, f);
                call(scope, ctx, &g, &[])?
            } else {
                start
            };
            *slot = Box::into_raw(Box::new(AggState { acc: Some(v8::Global::new(scope, initial)), is_window: false }));
        }
        Some(*slot)
    }
}

unsafe extern "C" fn x_step(ctx: *mut ffi::sqlite3_context, argc: c_int, argv: *mut *mut ffi::sqlite3_value) {
    step_or_inverse(ctx, argc, argv, false)
}

unsafe extern "C" fn x_inverse(ctx: *mut ffi::sqlite3_context, argc: c_int, argv: *mut *mut ffi::sqlite3_value) {
    step_or_inverse(ctx, argc, argv, true)
}

fn step_or_inverse(ctx: *mut ffi::sqlite3_context, argc: c_int, argv: *mut *mut ffi::sqlite3_value, inverse: bool) {
    let data = unsafe { &*(ffi::sqlite3_user_data(ctx) as *const AggregateData) };
    let Some(scope) = scope() else { return fail(ctx) };
    if PENDING.with(|p| p.borrow().is_some()) {
        return fail(ctx);
    }
    let Some(st) = state(scope, ctx, data, true) else { return };
    let Some(acc) = (unsafe { &*st }).acc.as_ref().map(|g| v8::Local::new(scope, g)) else { return fail(ctx) };
    let mut a = match args(scope, argc, argv, data.big_ints) {
        Ok(a) => a,
        Err(msg) => return out_of_range(scope, ctx, &msg),
    };
    a.insert(0, acc);
    let f = if inverse { data.inverse.as_ref().unwrap() } else { &data.step };
    if let Some(v) = call(scope, ctx, f, &a) {
        unsafe { (*st).acc = Some(v8::Global::new(scope, v)) };
    }
}

fn value_or_final(ctx: *mut ffi::sqlite3_context, finalize: bool) {
    let data = unsafe { &*(ffi::sqlite3_user_data(ctx) as *const AggregateData) };
    let Some(scope) = scope() else { return fail(ctx) };
    if PENDING.with(|p| p.borrow().is_some()) {
        if finalize {
            free_state(ctx);
        }
        return fail(ctx);
    }
    let Some(st) = state(scope, ctx, data, true) else { return };
    if !finalize {
        unsafe { (*st).is_window = true };
    } else if unsafe { (*st).is_window } {
        return free_state(ctx);
    }
    let acc = (unsafe { &*st }).acc.as_ref().map(|g| v8::Local::new(scope, g));
    if finalize {
        free_state(ctx);
    }
    let Some(acc) = acc else { return fail(ctx) };
    let value = match &data.result {
        Some(f) => match call(scope, ctx, f, &[acc]) {
            Some(v) => v,
            None => return,
        },
        None => acc,
    };
    set_result(scope, ctx, value);
}

fn free_state(ctx: *mut ffi::sqlite3_context) {
    let slot = unsafe { ffi::sqlite3_aggregate_context(ctx, 0) } as *mut *mut AggState;
    if slot.is_null() {
        return;
    }
    unsafe {
        if !(*slot).is_null() {
            drop(Box::from_raw(*slot));
            *slot = std::ptr::null_mut();
        }
    }
}

unsafe extern "C" fn x_value(ctx: *mut ffi::sqlite3_context) {
    value_or_final(ctx, false)
}

unsafe extern "C" fn x_final(ctx: *mut ffi::sqlite3_context) {
    value_or_final(ctx, true)
}

fn opt_str<'s>(scope: &mut v8::PinScope<'s, '_>, p: *const c_char) -> v8::Local<'s, v8::Value> {
    if p.is_null() {
        return v8::null(scope).into();
    }
    let s = unsafe { std::ffi::CStr::from_ptr(p) }.to_string_lossy();
    match v8::String::new(scope, &s) {
        Some(s) => s.into(),
        None => v8::null(scope).into(),
    }
}

fn auth_fail(scope: &mut v8::PinScope, exc: v8::Local<v8::Value>) -> c_int {
    let g = v8::Global::new(scope, exc);
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_none() {
            *p = Some(g);
        }
    });
    ffi::SQLITE_DENY
}

/// SQLite's authorizer hook: `fn(action, arg1, arg2, dbName, triggerOrView)`
/// must return SQLITE_OK, SQLITE_DENY or SQLITE_IGNORE.
pub(crate) unsafe extern "C" fn x_authorize(
    data: *mut c_void,
    action: c_int,
    a1: *const c_char,
    a2: *const c_char,
    a3: *const c_char,
    a4: *const c_char,
) -> c_int {
    let func = unsafe { &*(data as *const v8::Global<v8::Function>) };
    let Some(scope) = scope() else { return ffi::SQLITE_DENY };
    if PENDING.with(|p| p.borrow().is_some()) {
        return ffi::SQLITE_DENY;
    }
    let args = [
        v8::Integer::new(scope, action).into(),
        opt_str(scope, a1),
        opt_str(scope, a2),
        opt_str(scope, a3),
        opt_str(scope, a4),
    ];
    let f = v8::Local::new(scope, func);
    let recv = v8::undefined(scope).into();
    let result = {
        v8::tc_scope!(let tc, scope);
        match f.call(tc, recv, &args) {
            Some(v) => Ok(unsafe { std::mem::transmute::<v8::Local<v8::Value>, v8::Local<v8::Value>>(v) }),
            None => Err(tc.exception().map(|e| v8::Global::new(tc, e))),
        }
    };
    let v = match result {
        Ok(v) => v,
        Err(exc) => {
            if let Some(g) = exc {
                PENDING.with(|p| {
                    let mut p = p.borrow_mut();
                    if p.is_none() {
                        *p = Some(g);
                    }
                });
            }
            return ffi::SQLITE_DENY;
        }
    };
    if !v.is_int32() {
        let msg = v8::String::new(scope, "Authorizer callback must return an integer authorization code").unwrap();
        let e = v8::Exception::type_error(scope, msg);
        return auth_fail(scope, e);
    }
    let code = v.int32_value(scope).unwrap_or(-1);
    if code != ffi::SQLITE_OK && code != ffi::SQLITE_DENY && code != ffi::SQLITE_IGNORE {
        let msg = v8::String::new(scope, "Authorizer callback returned a invalid authorization code").unwrap();
        let e = v8::Exception::range_error(scope, msg);
        return auth_fail(scope, e);
    }
    code
}
