//! Error stack headers as Node prints them.
//!
//! deno_core formats `error.stack` in Rust (`name: message` then the frames).
//! Node's own errors differ in the header: `RangeError [ERR_SOCKET_BAD_PORT]:
//! message`, which is how `js/internal/errors.js` marks them (`kIsNodeError`,
//! registered as `Symbol.for('kIsNodeError')` so Rust can see it). This
//! callback wraps deno_core's and rewrites only that header.

use deno_core::v8;

const NODE_ERROR_KEY: &str = "kIsNodeError";

fn string_prop(scope: &mut v8::PinScope, obj: v8::Local<v8::Object>, key: &str) -> Option<String> {
    let key = v8::String::new(scope, key)?;
    let value = obj.get(scope, key.into())?;
    if value.is_undefined() {
        return None;
    }
    Some(value.to_string(scope)?.to_rust_string_lossy(scope))
}

/// The header deno_core wrote, so it can be replaced exactly.
fn deno_header(name: &str, msg: &str) -> String {
    match (name.is_empty(), msg.is_empty()) {
        (false, false) => format!("{name}: {msg}"),
        (true, false) => msg.to_string(),
        (false, true) => name.to_string(),
        (true, true) => String::new(),
    }
}

/// Installed on every isolate (main and workers) in place of deno_core's.
pub fn prepare_stack_trace<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    error: v8::Local<'s, v8::Value>,
    callsites: v8::Local<'s, v8::Array>,
) -> v8::Local<'s, v8::Value> {
    let formatted = deno_core::error::prepare_stack_trace_callback(scope, error, callsites);
    node_header(scope, error, formatted).unwrap_or(formatted)
}

fn node_header<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    error: v8::Local<'s, v8::Value>,
    formatted: v8::Local<'s, v8::Value>,
) -> Option<v8::Local<'s, v8::Value>> {
    let obj = error.to_object(scope).filter(|_| error.is_object())?;
    let stack = formatted.to_string(scope).filter(|_| formatted.is_string())?;
    // A user-defined Error.prepareStackTrace owns the whole text.
    let global = scope.get_current_context().global(scope);
    let error_key = v8::String::new(scope, "Error")?;
    let ctor = global.get(scope, error_key.into())?.to_object(scope)?;
    let prepare_key = v8::String::new(scope, "prepareStackTrace")?;
    if ctor.get(scope, prepare_key.into()).is_some_and(|f| f.is_function()) {
        return None;
    }
    let description = v8::String::new(scope, NODE_ERROR_KEY)?;
    let marker = v8::Symbol::for_key(scope, description);
    if !obj.get(scope, marker.into()).is_some_and(|v| v.is_true()) {
        return None;
    }
    let code = string_prop(scope, obj, "code")?;
    let name = string_prop(scope, obj, "name").unwrap_or_else(|| "Error".into());
    let msg = string_prop(scope, obj, "message").unwrap_or_default();
    let text = stack.to_rust_string_lossy(scope);
    let rest = text.strip_prefix(&deno_header(&name, &msg))?;
    let out = format!("{name} [{code}]: {msg}{rest}");
    Some(v8::String::new(scope, &out)?.into())
}
