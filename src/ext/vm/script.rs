//! `vm.Script` and `vm.compileFunction` (Node's `ContextifyScript` and
//! `CompileFunction`, src/node_contextify.cc): compiling in a parsing context,
//! V8's code cache, running with a timeout watchdog and Node's error
//! decoration (the source line and `^` arrow prepended to `err.stack`).

use super::context;
use deno_core::{op2, v8, OpDecl};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The script ops.
pub fn ops() -> Vec<OpDecl> {
    vec![
        op_vm_script_compile(),
        op_vm_script_run(),
        op_vm_script_create_cached_data(),
        op_vm_compile_function(),
        op_vm_error_decorated(),
    ]
}

/// A compiled script not bound to any context yet.
pub struct ContextifyScript {
    script: v8::TracedReference<v8::UnboundScript>,
    filename: String,
    line_offset: i32,
    column_offset: i32,
}

// SAFETY: `trace` visits the one traced reference.
unsafe impl v8::cppgc::GarbageCollected for ContextifyScript {
    fn trace(&self, visitor: &mut v8::cppgc::Visitor) {
        visitor.trace(&self.script);
    }

    fn get_name(&self) -> &'static std::ffi::CStr {
        c"ContextifyScript"
    }
}

/// Set by the SIGINT handler a `breakOnSigint` run installs; its watchdog
/// thread turns it into `TerminateExecution`.
static SIGINT_RECEIVED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_sigint(_signal: libc::c_int) {
    SIGINT_RECEIVED.store(true, Ordering::SeqCst);
}

/// SIGINT caught by `on_sigint` for the duration of a `breakOnSigint` run
/// (Node's SigintWatchdog); the previous disposition comes back on drop.
struct SigintGuard {
    previous: libc::sigaction,
}

impl SigintGuard {
    fn install() -> Self {
        SIGINT_RECEIVED.store(false, Ordering::SeqCst);
        // SAFETY: plain sigaction calls with zero-initialised structs; the
        // handler only stores to an atomic.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_sigint as *const () as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            let mut previous: libc::sigaction = std::mem::zeroed();
            libc::sigaction(libc::SIGINT, &action, &mut previous);
            SigintGuard { previous }
        }
    }
}

impl Drop for SigintGuard {
    fn drop(&mut self) {
        // SAFETY: restores the disposition saved by `install`.
        unsafe {
            libc::sigaction(libc::SIGINT, &self.previous, std::ptr::null_mut());
        }
    }
}

/// Private symbol on a `vm.Script` holding its `ContextifyScript`.
const SCRIPT_KEY: &str = "node:contextify:script";

/// The compiled script of `this` (a `vm.Script`); throws V8's "Illegal
/// invocation" for anything else, as Node's native methods do.
fn script_of<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    this: v8::Local<'s, v8::Object>,
) -> Option<deno_core::cppgc::UnsafePtr<ContextifyScript>> {
    let key = private_key(scope, SCRIPT_KEY);
    let found = this
        .get_private(scope, key)
        .filter(|w| w.is_object())
        .and_then(|w| deno_core::cppgc::try_unwrap_cppgc_object::<ContextifyScript>(scope, w));
    if found.is_none() {
        throw_type_error(scope, "Illegal invocation");
    }
    found
}

/// Where a script came from, to place the arrow of its errors.
struct Origin<'a> {
    filename: &'a str,
    line_offset: i32,
    column_offset: i32,
}

fn private_key<'s>(scope: &mut v8::PinScope<'s, '_>, name: &str) -> v8::Local<'s, v8::Private> {
    let name = v8::String::new(scope, name).unwrap();
    v8::Private::for_api(scope, Some(name))
}

fn throw_type_error(scope: &mut v8::PinScope, message: &str) {
    let msg = v8::String::new(scope, message).unwrap();
    let exc = v8::Exception::type_error(scope, msg);
    scope.throw_exception(exc);
}

/// The context a `parsingContext`/`contextifiedObject` argument names: the
/// current one for `undefined`/`null`. Throws and returns `None` when the
/// object is not a context.
fn context_of<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    sandbox: v8::Local<'s, v8::Value>,
) -> Option<(v8::Local<'s, v8::Context>, Option<deno_core::cppgc::UnsafePtr<context::ContextifyContext>>)> {
    let Ok(obj) = v8::Local::<v8::Object>::try_from(sandbox) else {
        return Some((scope.get_current_context(), None));
    };
    let Some(ctx) = context::from_sandbox(scope, obj) else {
        throw_type_error(scope, "Invalid sandbox object");
        return None;
    };
    // SAFETY: the wrapper is alive: the sandbox holds it.
    let Some(context) = (unsafe { ctx.as_ref() }).context(scope) else {
        throw_type_error(scope, "Invalid sandbox object");
        return None;
    };
    Some((context, Some(ctx)))
}

fn cached_data_of(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> Option<Vec<u8>> {
    let view = v8::Local::<v8::ArrayBufferView>::try_from(value).ok()?;
    let mut data = vec![0u8; view.byte_length()];
    view.copy_contents(&mut data);
    let _ = scope;
    Some(data)
}

fn to_uint8_array<'s>(scope: &mut v8::PinScope<'s, '_>, data: Vec<u8>) -> v8::Local<'s, v8::Value> {
    let len = data.len();
    let store = v8::ArrayBuffer::new_backing_store_from_vec(data).make_shared();
    let ab = v8::ArrayBuffer::with_backing_store(scope, &store);
    v8::Uint8Array::new(scope, ab, 0, len).unwrap().into()
}

fn set_str<'s>(scope: &mut v8::PinScope<'s, '_>, obj: v8::Local<'s, v8::Object>, key: &str, value: v8::Local<'s, v8::Value>) {
    let k = v8::String::new(scope, key).unwrap();
    obj.set(scope, k.into(), value);
}

/// Node's `GetErrorSource`: `file:line\nsource line\n   ^^^\n` for `message`.
fn error_source(scope: &mut v8::PinScope, message: v8::Local<v8::Message>, origin: Option<&Origin>) -> Option<String> {
    let source_line = message.get_source_line(scope)?.to_rust_string_lossy(scope);
    if source_line.contains("node-do-not-add-exception-line") {
        return None;
    }
    let filename = match message.get_script_resource_name(scope) {
        Some(v) => v.to_rust_string_lossy(scope),
        None => "undefined".to_string(),
    };
    let linenum = message.get_line_number(scope).unwrap_or(0) as i32;
    let script_start = match origin {
        Some(o) if o.filename == filename && linenum - o.line_offset == 1 => o.column_offset,
        _ => 0,
    };
    let mut start = message.get_start_column() as i32;
    let mut end = message.get_end_column() as i32;
    if start >= script_start {
        start -= script_start;
        end -= script_start;
    }
    let mut buf = format!("{filename}:{linenum}\n{source_line}\n");
    let bytes = source_line.as_bytes();
    if start > end || start < 0 || end as usize > bytes.len() {
        return Some(buf);
    }
    const UNDERLINE_MAX: usize = 1020;
    let mut underline = String::new();
    for &b in &bytes[..start as usize] {
        if b == 0 || underline.len() >= UNDERLINE_MAX {
            break;
        }
        underline.push(if b == b'\t' { '\t' } else { ' ' });
    }
    for &b in &bytes[start as usize..end as usize] {
        if b == 0 || underline.len() >= UNDERLINE_MAX {
            break;
        }
        underline.push('^');
    }
    buf.push_str(&underline);
    buf.push('\n');
    Some(buf)
}

/// Node's `DecorateErrorStack`: records the arrow of `exception` and prepends
/// it to its `stack` (once).
fn decorate_error_stack<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    exception: v8::Local<'s, v8::Value>,
    message: Option<v8::Local<'s, v8::Message>>,
    origin: Option<&Origin>,
) {
    let Ok(err) = v8::Local::<v8::Object>::try_from(exception) else { return };
    let decorated_key = private_key(scope, "node:decorated");
    let arrow_key = private_key(scope, "node:arrowMessage");
    v8::tc_scope!(let tc, scope);
    if err.get_private(tc, decorated_key).is_some_and(|v| v.is_true()) {
        return;
    }
    let Some(message) = message else { return };
    match err.get_private(tc, arrow_key) {
        Some(v) if v.is_string() => return,
        None => return,
        _ => {}
    }
    let Some(source) = error_source(tc, message, origin) else { return };
    let arrow = v8::String::new(tc, &source).unwrap();
    err.set_private(tc, arrow_key, arrow.into());
    let stack_key = v8::String::new(tc, "stack").unwrap();
    let Some(stack) = err.get(tc, stack_key.into()) else { return };
    let Ok(stack) = v8::Local::<v8::String>::try_from(stack) else { return };
    let nl = v8::String::new(tc, "\n").unwrap();
    let Some(head) = v8::String::concat(tc, arrow, nl) else { return };
    let Some(decorated) = v8::String::concat(tc, head, stack) else { return };
    err.set(tc, stack_key.into(), decorated.into());
    let t = v8::Boolean::new(tc, true);
    err.set_private(tc, decorated_key, t.into());
    tc.reset();
}

/// The host-defined options that route a dynamic `import()` in vm code:
/// `null` rejects it with `ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING`, a function
/// handles it (`(specifier, attributes) => namespace`), anything else leaves it
/// to the main loader (`USE_MAIN_CONTEXT_DEFAULT_LOADER`).
fn import_options<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    dynamic_import: v8::Local<'s, v8::Value>,
) -> Option<v8::Local<'s, v8::Data>> {
    use deno_core::host_defined_options_kind as kind;
    if dynamic_import.is_null() {
        return Some(deno_core::create_host_defined_options_with_kind(scope, kind::VM_DYNAMIC_IMPORT_MISSING));
    }
    let callback = v8::Local::<v8::Function>::try_from(dynamic_import).ok()?;
    let key = deno_core::register_vm_dynamic_import_callback(scope, callback);
    Some(deno_core::create_host_defined_options_with_kind_and_key(scope, kind::VM_DYNAMIC_IMPORT_CALLBACK, key))
}

fn script_origin<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    filename: v8::Local<'s, v8::String>,
    line_offset: i32,
    column_offset: i32,
    host_options: Option<v8::Local<'s, v8::Data>>,
) -> v8::ScriptOrigin<'s> {
    v8::ScriptOrigin::new(scope, filename.into(), line_offset, column_offset, true, -1, None, false, false, false, host_options)
}

/// Compiles a `vm.Script` and attaches it to `holder` (the new Script).
/// Returns `[, sourceMapURL, cachedDataRejected, cachedData,
/// cachedDataProduced]` (`undefined` where Node sets nothing); a syntax error
/// is thrown decorated with its arrow.
#[op2(reentrant)]
#[allow(clippy::too_many_arguments)]
fn op_vm_script_compile<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    holder: v8::Local<'s, v8::Object>,
    code: v8::Local<'s, v8::String>,
    filename: v8::Local<'s, v8::String>,
    line_offset: i32,
    column_offset: i32,
    cached_data: v8::Local<'s, v8::Value>,
    produce_cached_data: bool,
    parsing_context: v8::Local<'s, v8::Value>,
    dynamic_import: v8::Local<'s, v8::Value>,
) -> Option<v8::Local<'s, v8::Value>> {
    let (context, _) = context_of(scope, parsing_context)?;
    let filename_str = filename.to_rust_string_lossy(scope);
    let cached = cached_data_of(scope, cached_data);
    let scope = &mut v8::ContextScope::new(scope, context);
    let host_options = import_options(scope, dynamic_import);
    let origin = script_origin(scope, filename, line_offset, column_offset, host_options);
    let mut source = match &cached {
        Some(data) => v8::script_compiler::Source::new_with_cached_data(
            code,
            Some(&origin),
            v8::script_compiler::CachedData::new(data),
        ),
        None => v8::script_compiler::Source::new(code, Some(&origin)),
    };
    let options = if cached.is_some() {
        v8::script_compiler::CompileOptions::ConsumeCodeCache
    } else {
        v8::script_compiler::CompileOptions::NoCompileOptions
    };
    v8::tc_scope!(let tc, scope);
    let Some(unbound) = v8::script_compiler::compile_unbound_script(
        tc,
        &mut source,
        options,
        v8::script_compiler::NoCacheReason::NoReason,
    ) else {
        if tc.has_caught() && !tc.has_terminated() {
            let exception = tc.exception().unwrap();
            let message = tc.message();
            let o = Origin { filename: &filename_str, line_offset, column_offset };
            decorate_error_stack(tc, exception, message, Some(&o));
            tc.rethrow();
        }
        return None;
    };
    let out = v8::Array::new(tc, 5);
    let url = unbound.get_source_mapping_url(tc);
    out.set_index(tc, 1, url);
    if let Some(c) = source.get_cached_data() {
        let rejected = v8::Boolean::new(tc, c.rejected());
        out.set_index(tc, 2, rejected.into());
    } else if produce_cached_data {
        let produced = unbound.create_code_cache();
        let flag = v8::Boolean::new(tc, produced.is_some());
        if let Some(data) = produced {
            let arr = to_uint8_array(tc, data.to_vec());
            out.set_index(tc, 3, arr);
        }
        out.set_index(tc, 4, flag.into());
    }
    let script = ContextifyScript {
        script: v8::TracedReference::new(tc, unbound),
        filename: filename_str,
        line_offset,
        column_offset,
    };
    let wrapper = deno_core::cppgc::make_cppgc_object(tc, script);
    let key = private_key(tc, SCRIPT_KEY);
    holder.set_private(tc, key, wrapper.into());
    Some(out.into())
}

/// `script.runInContext(sandbox, timeout, displayErrors)`, called as the
/// method itself (no JS frame, as Node's native one): runs `this`'s script in
/// the context of `sandbox` (the current one for `null`), Node's `EvalMachine`:
/// a `timeout` (ms, -1 for none) or `breakOnSigint` arms a watchdog thread that
/// terminates execution, reported as `ERR_SCRIPT_EXECUTION_TIMEOUT` or
/// `ERR_SCRIPT_EXECUTION_INTERRUPTED`; with `displayErrors`, a thrown error
/// gets its arrow prepended to its stack.
#[op2(reentrant)]
fn op_vm_script_run<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    #[varargs] args: Option<&v8::FunctionCallbackArguments<'s>>,
) -> Option<v8::Local<'s, v8::Value>> {
    let args = args?;
    let this = args.this();
    let sandbox = args.get(0);
    let timeout = args.get(1).number_value(scope).unwrap_or(-1.0);
    let display_errors = args.get(2).boolean_value(scope);
    let break_on_sigint = args.get(3).boolean_value(scope);
    let ptr = script_of(scope, this)?;
    // SAFETY: `this` holds the wrapper for the whole call.
    let script = unsafe { ptr.as_ref() };
    let (context, ctx) = context_of(scope, sandbox)?;
    let scope = &mut v8::ContextScope::new(scope, context);
    v8::tc_scope!(let tc, scope);
    let unbound = script.script.get(tc)?;
    let bound = unbound.bind_to_current_context(tc);
    // SAFETY: the sandbox argument keeps the wrapper alive for this call.
    let queue = ctx.as_ref().and_then(|c| unsafe { c.as_ref() }.microtask_queue());
    let run = |tc: &mut v8::PinScope<'s, '_>| {
        let r = bound.run(tc);
        if r.is_some() {
            if let Some(q) = queue {
                q.perform_checkpoint(tc);
            }
        }
        r
    };
    let timed_out = Arc::new(AtomicBool::new(false));
    let interrupted = Arc::new(AtomicBool::new(false));
    let result = if timeout >= 0.0 || break_on_sigint {
        let handle = tc.thread_safe_handle();
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let (flag, sig_flag) = (timed_out.clone(), interrupted.clone());
        let deadline = (timeout >= 0.0).then(|| std::time::Instant::now() + Duration::from_millis(timeout as u64));
        let sigint = break_on_sigint.then(SigintGuard::install);
        // One watchdog thread: the deadline, and a SIGINT the handler noted.
        let watchdog = std::thread::spawn(move || loop {
            let mut wait = if break_on_sigint { Duration::from_millis(10) } else { Duration::MAX };
            if let Some(d) = deadline {
                wait = wait.min(d.saturating_duration_since(std::time::Instant::now()));
            }
            match rx.recv_timeout(wait) {
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    if break_on_sigint && SIGINT_RECEIVED.swap(false, Ordering::SeqCst) {
                        sig_flag.store(true, Ordering::SeqCst);
                        handle.terminate_execution();
                        return;
                    }
                    if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
                        flag.store(true, Ordering::SeqCst);
                        handle.terminate_execution();
                        return;
                    }
                }
                _ => return,
            }
        });
        let r = run(tc);
        let _ = tx.send(());
        let _ = watchdog.join();
        drop(sigint);
        r
    } else {
        run(tc)
    };
    let (code, message) = if timed_out.load(Ordering::SeqCst) {
        ("ERR_SCRIPT_EXECUTION_TIMEOUT", format!("Script execution timed out after {}ms", timeout as u64))
    } else if interrupted.load(Ordering::SeqCst) {
        ("ERR_SCRIPT_EXECUTION_INTERRUPTED", "Script execution was interrupted by `SIGINT`".to_string())
    } else {
        ("", String::new())
    };
    if !code.is_empty() {
        tc.cancel_terminate_execution();
        tc.reset();
        let msg = v8::String::new(tc, &message).unwrap();
        let err = v8::Exception::error(tc, msg);
        if let Ok(obj) = v8::Local::<v8::Object>::try_from(err) {
            let code = v8::String::new(tc, code).unwrap();
            set_str(tc, obj, "code", code.into());
        }
        tc.throw_exception(err);
        tc.rethrow();
        return None;
    }
    match result {
        Some(v) => Some(v),
        None => {
            if tc.has_caught() && !tc.has_terminated() {
                if display_errors {
                    let exception = tc.exception().unwrap();
                    let message = tc.message();
                    let o = Origin {
                        filename: &script.filename,
                        line_offset: script.line_offset,
                        column_offset: script.column_offset,
                    };
                    decorate_error_stack(tc, exception, message, Some(&o));
                }
                tc.rethrow();
            }
            None
        }
    }
}

/// `script.createCachedData()` (the method itself): V8's code cache for the
/// script as it is now.
#[op2]
fn op_vm_script_create_cached_data<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    #[varargs] args: Option<&v8::FunctionCallbackArguments<'s>>,
) -> Option<v8::Local<'s, v8::Value>> {
    let this = args?.this();
    let ptr = script_of(scope, this)?;
    // SAFETY: `this` holds the wrapper for the whole call.
    let script = unsafe { ptr.as_ref() };
    let data = script
        .script
        .get(scope)
        .and_then(|s| s.create_code_cache())
        .map(|c| c.to_vec())
        .unwrap_or_default();
    Some(to_uint8_array(scope, data))
}

/// `vm.compileFunction`: `code` as the body of a function with `params`,
/// compiled in `parsingContext` with `contextExtensions` in scope. Returns
/// `{ function, sourceMapURL, sourceURL, cachedDataRejected?, cachedDataProduced?, cachedData? }`.
#[op2(reentrant)]
#[allow(clippy::too_many_arguments)]
fn op_vm_compile_function<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    code: v8::Local<'s, v8::String>,
    filename: v8::Local<'s, v8::String>,
    line_offset: i32,
    column_offset: i32,
    cached_data: v8::Local<'s, v8::Value>,
    produce_cached_data: bool,
    parsing_context: v8::Local<'s, v8::Value>,
    context_extensions: v8::Local<'s, v8::Array>,
    params: v8::Local<'s, v8::Value>,
    dynamic_import: v8::Local<'s, v8::Value>,
) -> Option<v8::Local<'s, v8::Value>> {
    let (context, _) = context_of(scope, parsing_context)?;
    let filename_str = filename.to_rust_string_lossy(scope);
    let cached = cached_data_of(scope, cached_data);
    let mut extensions = Vec::new();
    for i in 0..context_extensions.length() {
        if let Some(Ok(o)) = context_extensions.get_index(scope, i).map(v8::Local::<v8::Object>::try_from) {
            extensions.push(o);
        }
    }
    let mut names = Vec::new();
    if let Ok(params) = v8::Local::<v8::Array>::try_from(params) {
        for i in 0..params.length() {
            if let Some(Ok(s)) = params.get_index(scope, i).map(v8::Local::<v8::String>::try_from) {
                names.push(s);
            }
        }
    }
    let scope = &mut v8::ContextScope::new(scope, context);
    let host_options = import_options(scope, dynamic_import);
    let origin = script_origin(scope, filename, line_offset, column_offset, host_options);
    let mut source = match &cached {
        Some(data) => v8::script_compiler::Source::new_with_cached_data(
            code,
            Some(&origin),
            v8::script_compiler::CachedData::new(data),
        ),
        None => v8::script_compiler::Source::new(code, Some(&origin)),
    };
    let options = if cached.is_some() {
        v8::script_compiler::CompileOptions::ConsumeCodeCache
    } else {
        v8::script_compiler::CompileOptions::NoCompileOptions
    };
    v8::tc_scope!(let tc, scope);
    let Some(function) = v8::script_compiler::compile_function(
        tc,
        &mut source,
        &names,
        &extensions,
        options,
        v8::script_compiler::NoCacheReason::NoReason,
    ) else {
        if tc.has_caught() && !tc.has_terminated() {
            let exception = tc.exception().unwrap();
            let message = tc.message();
            let o = Origin { filename: &filename_str, line_offset, column_offset };
            decorate_error_stack(tc, exception, message, Some(&o));
            tc.rethrow();
        }
        return None;
    };
    let out = v8::Object::new(tc);
    set_str(tc, out, "function", function.into());
    let url = function.get_script_origin(tc).source_map_url().unwrap_or_else(|| v8::undefined(tc).into());
    set_str(tc, out, "sourceMapURL", url);
    if let Some(c) = source.get_cached_data() {
        let rejected = v8::Boolean::new(tc, c.rejected());
        set_str(tc, out, "cachedDataRejected", rejected.into());
    } else if produce_cached_data {
        let produced = function.create_code_cache();
        let flag = v8::Boolean::new(tc, produced.is_some());
        if let Some(data) = produced {
            let arr = to_uint8_array(tc, data.to_vec());
            set_str(tc, out, "cachedData", arr);
        }
        set_str(tc, out, "cachedDataProduced", flag.into());
    }
    Some(out.into())
}

/// Whether `err` already carries its arrow in its stack (Node's
/// `decorated_private_symbol`), so a fatal report must not print it again.
#[op2(fast)]
fn op_vm_error_decorated<'s>(scope: &mut v8::PinScope<'s, '_>, err: v8::Local<'s, v8::Value>) -> bool {
    let Ok(obj) = v8::Local::<v8::Object>::try_from(err) else { return false };
    let key = private_key(scope, "node:decorated");
    obj.get_private(scope, key).is_some_and(|v| v.is_true())
}
