//! `vm`: compiling and running scripts in the current context under a given
//! file name (used by `-e`, `-p` and stdin scripts), and the natives behind
//! `node:vm` (contextified sandboxes, scripts, `compileFunction`) and
//! `node:v8` (heap statistics, serialization).

use deno_core::{op2, v8, OpDecl};

pub mod context;
pub mod script;
pub mod v8_binding;

/// The vm subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    [vec![op_vm_run_script()], context::ops(), script::ops(), v8_binding::ops()].concat()
}

/// Fills `out[at..at + 6]` with the caught exception and V8's message for it
/// (source line, resource name, line, start and end column): the throw site
/// Node prints above a fatal error, which a JS `catch` cannot see.
pub fn describe_exception<'s>(
    tc: &mut v8::PinScope<'s, '_>,
    exception: v8::Local<'s, v8::Value>,
    message: Option<v8::Local<'s, v8::Message>>,
    out: v8::Local<'s, v8::Array>,
    at: u32,
) {
    out.set_index(tc, at, exception);
    if let Some(msg) = message {
        let line = msg.get_source_line(tc).map(|s| s.into()).unwrap_or_else(|| v8::undefined(tc).into());
        out.set_index(tc, at + 1, line);
        let rn = msg.get_script_resource_name(tc).unwrap_or_else(|| v8::undefined(tc).into());
        out.set_index(tc, at + 2, rn);
        let ln = v8::Integer::new(tc, msg.get_line_number(tc).unwrap_or(0) as i32).into();
        out.set_index(tc, at + 3, ln);
        let sc = v8::Integer::new(tc, msg.get_start_column() as i32).into();
        out.set_index(tc, at + 4, sc);
        let ec = v8::Integer::new(tc, msg.get_end_column() as i32).into();
        out.set_index(tc, at + 5, ec);
    }
}

/// Compiles and runs `source` as a classic script named `filename` (when
/// `run` is false, only compiles it: `--check`). Returns `[completionValue]`,
/// or on a throw `[undefined, exception, sourceLine, resourceName, lineNumber,
/// startColumn, endColumn]`.
#[op2(reentrant)]
pub fn op_vm_run_script<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    source: v8::Local<'s, v8::String>,
    #[string] filename: String,
    run: bool,
) -> v8::Local<'s, v8::Value> {
    v8::tc_scope!(let tc, scope);
    let name = v8::String::new(tc, &filename).unwrap();
    let origin = v8::ScriptOrigin::new(tc, name.into(), 0, 0, false, 0, None, false, false, false, None);
    let out = v8::Array::new(tc, 7);
    let result = v8::Script::compile(tc, source, Some(&origin)).and_then(|script| {
        if run {
            script.run(tc)
        } else {
            Some(v8::undefined(tc).into())
        }
    });
    match result {
        Some(v) => {
            out.set_index(tc, 0, v);
        }
        None => {
            if tc.has_terminated() || !tc.can_continue() {
                return out.into();
            }
            let exception = tc.exception().unwrap_or_else(|| v8::undefined(tc).into());
            let message = tc.message();
            describe_exception(tc, exception, message, out, 1);
            tc.reset();
        }
    }
    out.into()
}
