//! A `worker_threads` Worker: its own OS thread, tokio current-thread runtime
//! and `JsRuntime` from the same startup snapshot as the main thread.

use super::{get_fn, new_runtime};
use crate::ext::worker::{close_owned_ports, WorkerCtl, WorkerLaunch, WorkerSelf};
use deno_core::{v8, JsRuntime, PollEventLoopOptions};
use std::sync::Arc;

const MB: f64 = 1024.0 * 1024.0;

/// Starts the worker's thread (registered as `ext::worker::SPAWNER`).
pub fn spawn(launch: WorkerLaunch) -> std::io::Result<()> {
    let stack_mb = launch.limits.get(3).copied().filter(|&m| m > 0.0).unwrap_or(4.0);
    let name = format!("worker-{}", launch.ctl.thread_id);
    std::thread::Builder::new()
        .name(name)
        // Room for V8's own stack limit plus the Rust frames below it.
        .stack_size(((stack_mb + 2.0) * MB) as usize)
        .spawn(move || {
            let ctl = launch.ctl.clone();
            let tokio = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(t) => t,
                Err(_) => {
                    ctl.finish(1);
                    return;
                }
            };
            let code = tokio.block_on(run(launch));
            // Blocking-pool threads (a read of stdin) must not hold the worker's end.
            tokio.shutdown_background();
            ctl.finish(code);
        })
        .map(|_| ())
}

fn create_params(limits: &[f64]) -> Option<v8::CreateParams> {
    let get = |i: usize| limits.get(i).copied().filter(|&m| m > 0.0);
    if get(0).is_none() && get(1).is_none() && get(2).is_none() {
        return None;
    }
    let mut p = v8::CreateParams::default();
    if let Some(m) = get(0) {
        p = p.set_max_young_generation_size_in_bytes((m * MB) as usize);
    }
    if let Some(m) = get(1) {
        p = p.set_max_old_generation_size_in_bytes((m * MB) as usize);
    }
    if let Some(m) = get(2) {
        p = p.set_code_range_size_in_bytes((m * MB) as usize);
    }
    Some(p)
}

/// Calls a lifecycle hook; `None` when it threw or the worker was stopped.
fn call(rt: &mut JsRuntime, f: &v8::Global<v8::Function>) -> Option<f64> {
    deno_core::scope!(scope, rt);
    v8::tc_scope!(let tc, scope);
    let f = v8::Local::new(tc, f);
    let recv = v8::undefined(tc).into();
    f.call(tc, recv, &[]).and_then(|v| v.number_value(tc))
}

async fn run(launch: WorkerLaunch) -> i32 {
    let ctl: Arc<WorkerCtl> = launch.ctl;
    let mut rt = new_runtime(create_params(&launch.limits));
    // Near the heap limit: stop the worker (Node's ERR_WORKER_OUT_OF_MEMORY)
    // instead of letting V8 abort the whole process.
    {
        let handle = rt.v8_isolate().thread_safe_handle();
        let stopper = ctl.clone();
        rt.add_near_heap_limit_callback(move |current, _initial| {
            stopper.out_of_memory();
            handle.terminate_execution();
            current * 2
        });
    }
    rt.op_state().borrow_mut().put(WorkerSelf(ctl.clone()));
    *ctl.isolate.lock().unwrap() = Some(rt.v8_isolate().thread_safe_handle());
    let code = drive(&mut rt, &ctl, launch.options_json).await;
    close_owned_ports(&mut rt.op_state().borrow_mut());
    code
}

async fn drive(rt: &mut JsRuntime, ctl: &Arc<WorkerCtl>, options_json: String) -> i32 {
    if ctl.terminating() {
        return ctl.stop_code();
    }
    let script = format!("globalThis.__nodus_main({options_json})");
    let lifecycle = match rt.execute_script("node:internal/main/worker_thread", script) {
        Ok(v) => v,
        Err(e) => {
            if ctl.terminating() {
                return ctl.stop_code();
            }
            eprintln!("{e}");
            return 1;
        }
    };
    let (before_exit, exit) = {
        deno_core::scope!(scope, rt);
        let Some(obj) = v8::Local::new(scope, &lifecycle).to_object(scope) else { return 1 };
        (get_fn(scope, obj, "beforeExit").unwrap(), get_fn(scope, obj, "exit").unwrap())
    };
    loop {
        if ctl.terminating() {
            return ctl.stop_code();
        }
        let result = tokio::select! {
            r = rt.run_event_loop(PollEventLoopOptions::default()) => Some(r),
            _ = ctl.wait_terminate() => None,
        };
        if ctl.terminating() {
            return ctl.stop_code();
        }
        match result {
            Some(Err(e)) if !e.to_string().starts_with("Top-level await promise never resolved") => {
                eprintln!("{e}");
                return 1;
            }
            _ => {}
        }
        match call(rt, &before_exit) {
            Some(v) if v == 1.0 => continue,
            Some(_) => break,
            None => return ctl.stop_code(),
        }
    }
    match call(rt, &exit) {
        Some(c) if !ctl.terminating() => c as i32,
        _ => ctl.stop_code(),
    }
}
