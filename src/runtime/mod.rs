//! The JS runtime: a deno_core `JsRuntime` started from nodus's snapshot, the
//! event loop driven to completion with Node's `beforeExit`/`exit` protocol.

use crate::ext;
use crate::loader::{custom_evaluation, NodusLoader, SharedHooks};
use deno_core::{v8, JsRuntime, PollEventLoopOptions, RuntimeOptions};
use std::rc::Rc;

static SNAPSHOT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/NODUS_SNAPSHOT.bin"));

/// Everything the bootstrap JS needs to know about this run, as JSON.
pub struct Launch {
    /// The options object passed to `internal/bootstrap/main`'s `run`.
    pub options_json: String,
    /// Flags for V8 (`--expose-gc`, `--stack-size=...`).
    pub v8_flags: Vec<String>,
}

fn get_fn(scope: &mut v8::PinScope, obj: v8::Local<v8::Object>, key: &str) -> Option<v8::Global<v8::Function>> {
    let k = v8::String::new(scope, key)?;
    let v = obj.get(scope, k.into())?;
    let f = v8::Local::<v8::Function>::try_from(v).ok()?;
    Some(v8::Global::new(scope, f))
}

/// Calls a bootstrap hook synchronously. The hooks route every JS error to
/// the process's uncaught-exception handling themselves, so a throw that
/// escapes them is a bug in nodus: report it and fail.
fn call_hook(rt: &mut JsRuntime, f: &v8::Global<v8::Function>) -> Option<f64> {
    deno_core::scope!(scope, rt);
    v8::tc_scope!(let tc, scope);
    let f = v8::Local::new(tc, f);
    let recv = v8::undefined(tc).into();
    match f.call(tc, recv, &[]) {
        Some(v) => v.number_value(tc),
        None => {
            let msg = tc.exception().map(|e| e.to_rust_string_lossy(tc)).unwrap_or_default();
            eprintln!("nodus: internal error in bootstrap hook: {msg}");
            std::process::exit(70);
        }
    }
}

/// Runs one program to completion and returns its exit code.
pub fn run(launch: Launch) -> i32 {
    let mut flags = vec!["nodus".to_string()];
    flags.extend(launch.v8_flags.iter().cloned());
    let rest = v8::V8::set_flags_from_command_line(flags);
    if rest.len() > 1 {
        eprintln!("nodus: bad option: {}", rest[1]);
        return 9;
    }
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("failed to start the tokio runtime");
    tokio.block_on(async move { run_loop(launch.options_json).await })
}

async fn run_loop(options_json: String) -> i32 {
    let hooks: SharedHooks = Default::default();
    let mut rt = JsRuntime::new(RuntimeOptions {
        startup_snapshot: Some(SNAPSHOT),
        extensions: vec![ext::extension()],
        module_loader: Some(Rc::new(NodusLoader { hooks: hooks.clone() })),
        custom_module_evaluation_cb: Some(custom_evaluation(hooks.clone())),
        ..Default::default()
    });
    rt.op_state().borrow_mut().put(hooks);

    // `internal/bootstrap/main` runs the entry point and returns its lifecycle hooks.
    let script = format!("globalThis.__nodus_main({options_json})");
    let lifecycle = match rt.execute_script("node:internal/main/run_main_module", script) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{e}");
            return 70;
        }
    };
    let (before_exit, exit) = {
        deno_core::scope!(scope, &mut rt);
        let obj = v8::Local::new(scope, &lifecycle).to_object(scope).expect("bootstrap returned no hooks");
        (get_fn(scope, obj, "beforeExit").unwrap(), get_fn(scope, obj, "exit").unwrap())
    };

    loop {
        if let Err(e) = rt.run_event_loop(PollEventLoopOptions::default()).await {
            // deno_core reports a top-level await that can no longer settle as
            // an error; for Node it is an ordinary end of the loop (exit 13,
            // decided by the JS exit hook).
            if !e.to_string().starts_with("Top-level await promise never resolved") {
                // Errors that reach here escaped every JS handler (they were
                // thrown inside deno_core itself).
                eprintln!("{e}");
                return 1;
            }
        }
        // `beforeExit` may schedule more work; returns 1 when the loop is alive again.
        if call_hook(&mut rt, &before_exit) == Some(1.0) {
            continue;
        }
        break;
    }
    call_hook(&mut rt, &exit).map(|c| c as i32).unwrap_or(0)
}
