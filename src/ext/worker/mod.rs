//! `worker_threads`: message ports (in-thread and across threads),
//! `BroadcastChannel` and the control side of `Worker` threads.
//!
//! A port is an entry of a process-wide registry, so a port id means the same
//! port on every thread: transferring a port to another thread is sending its
//! id. A message is the bytes of V8's serializer (made in JS by
//! `core.serialize`), the ids of the transferred `ArrayBuffer`s in deno_core's
//! `SharedArrayBufferStore` (shared by every runtime of the process, see
//! [`sab_store`]) and the ids of the transferred ports. The receiving thread
//! waits for messages in an async op, which wakes its event loop.
//!
//! Starting a worker's thread needs the runtime (the snapshot), which this
//! file cannot name (build.rs compiles `src/ext` too): the binary registers
//! it in [`SPAWNER`] at start-up.

use deno_core::{op2, v8, OpDecl, OpState, SharedArrayBufferStore, ToJsBuffer};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};
use tokio::sync::Notify;

/// The worker subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![
        op_message_channel(),
        op_message_port_post(),
        op_message_port_recv(),
        op_message_port_try_recv(),
        op_message_port_stop(),
        op_message_port_close(),
        op_message_port_is_open(),
        op_broadcast_open(),
        op_broadcast_post(),
        op_worker_spawn(),
        op_worker_wait_exit(),
        op_worker_terminate(),
        op_worker_exit(),
    ]
}

/// The store every runtime of the process shares, so that `ArrayBuffer`s
/// transferred and `SharedArrayBuffer`s shared in a message can be taken by
/// another thread's runtime.
pub fn sab_store() -> SharedArrayBufferStore {
    static STORE: OnceLock<SharedArrayBufferStore> = OnceLock::new();
    STORE.get_or_init(Default::default).clone()
}

struct Message {
    data: Vec<u8>,
    buffers: Vec<u32>,
    ports: Vec<u32>,
}

#[derive(Default)]
struct PortState {
    queue: VecDeque<Message>,
    /// The entangled port, while both are open.
    peer: Option<u32>,
    /// Set when the port or its peer closed: once the queue is drained the
    /// port reports its end.
    closed: bool,
    /// Bumped by `stop`: a pending receive started under an older generation
    /// returns without taking a message.
    generation: u32,
    /// The channel name, for a `BroadcastChannel` port.
    broadcast: Option<String>,
}

#[derive(Default)]
struct Port {
    state: Mutex<PortState>,
    notify: Notify,
}

static PORTS: LazyLock<Mutex<HashMap<u32, Arc<Port>>>> = LazyLock::new(Default::default);
static BROADCAST: LazyLock<Mutex<HashMap<String, Vec<u32>>>> = LazyLock::new(Default::default);
static NEXT_PORT: AtomicU32 = AtomicU32::new(1);

fn port(id: u32) -> Option<Arc<Port>> {
    PORTS.lock().unwrap().get(&id).cloned()
}

fn new_port(state: PortState) -> u32 {
    let id = NEXT_PORT.fetch_add(1, Ordering::Relaxed);
    PORTS.lock().unwrap().insert(id, Arc::new(Port { state: Mutex::new(state), notify: Notify::new() }));
    id
}

/// The ports this thread's runtime owns: closed when a worker's thread ends,
/// so that the other side sees `'close'`.
#[derive(Default)]
pub struct OwnedPorts(HashSet<u32>);

fn own(state: &mut OpState, ids: &[u32]) {
    if !state.has::<OwnedPorts>() {
        state.put(OwnedPorts::default());
    }
    state.borrow_mut::<OwnedPorts>().0.extend(ids.iter().copied());
}

fn disown(state: &mut OpState, id: u32) {
    if let Some(owned) = state.try_borrow_mut::<OwnedPorts>() {
        owned.0.remove(&id);
    }
}

/// Closes a port: it and its peer report `'close'` once drained.
fn close_port(id: u32) {
    let Some(p) = PORTS.lock().unwrap().remove(&id) else { return };
    let (peer, broadcast) = {
        let mut st = p.state.lock().unwrap();
        st.closed = true;
        st.generation = st.generation.wrapping_add(1);
        st.queue.clear();
        (st.peer.take(), st.broadcast.take())
    };
    p.notify.notify_waiters();
    if let Some(name) = broadcast {
        let mut map = BROADCAST.lock().unwrap();
        if let Some(list) = map.get_mut(&name) {
            list.retain(|&x| x != id);
            if list.is_empty() {
                map.remove(&name);
            }
        }
    }
    if let Some(peer) = peer.and_then(port) {
        peer.state.lock().unwrap().closed = true;
        peer.state.lock().unwrap().peer = None;
        peer.notify.notify_waiters();
    }
}

/// Closes every port the runtime of `state` owns (a worker's thread ends).
pub fn close_owned_ports(state: &mut OpState) {
    if let Some(owned) = state.try_take::<OwnedPorts>() {
        for id in owned.0 {
            close_port(id);
        }
    }
}

/// A new entangled pair of ports: `[id1, id2]`.
#[op2]
#[serde]
fn op_message_channel(state: &mut OpState) -> Vec<u32> {
    let a = new_port(PortState::default());
    let b = new_port(PortState { peer: Some(a), ..Default::default() });
    if let Some(p) = port(a) {
        p.state.lock().unwrap().peer = Some(b);
    }
    own(state, &[a, b]);
    vec![a, b]
}

/// Queues a message on the peer of port `id`. The transferred ports leave
/// this thread. Returns false when there is no peer (the message is dropped).
#[op2]
fn op_message_port_post(
    state: &mut OpState,
    #[smi] id: u32,
    #[buffer] data: &[u8],
    #[serde] buffers: Vec<u32>,
    #[serde] ports: Vec<u32>,
) -> bool {
    for p in &ports {
        disown(state, *p);
    }
    let Some(me) = port(id) else { return false };
    let peer = me.state.lock().unwrap().peer;
    let Some(peer) = peer.and_then(port) else { return false };
    peer.state.lock().unwrap().queue.push_back(Message { data: data.to_vec(), buffers, ports });
    peer.notify.notify_waiters();
    true
}

/// What a receive gives JS: `kind` 0 a message, 1 the port closed, 2 the
/// receive was stopped (or found nothing, for the synchronous receive).
#[derive(Serialize)]
struct Received {
    kind: u8,
    data: Option<ToJsBuffer>,
    buffers: Vec<u32>,
    ports: Vec<u32>,
}

impl Received {
    fn empty(kind: u8) -> Self {
        Received { kind, data: None, buffers: vec![], ports: vec![] }
    }
}

fn take(state: &Rc<RefCell<OpState>>, m: Message) -> Received {
    own(&mut state.borrow_mut(), &m.ports);
    Received { kind: 0, data: Some(m.data.into()), buffers: m.buffers, ports: m.ports }
}

/// Waits for the next message of port `id` (or, with `messages` false, only
/// for its close), until `op_message_port_stop` bumps `generation`.
#[op2]
#[serde]
async fn op_message_port_recv(
    state: Rc<RefCell<OpState>>,
    #[smi] id: u32,
    #[smi] generation: u32,
    messages: bool,
) -> Received {
    // Never complete on the first poll: JS may unref this op's promise right
    // after the call, and deno_core would keep a stale unref of an op that
    // already finished (the event loop would then end too early).
    tokio::task::yield_now().await;
    let Some(p) = port(id) else { return Received::empty(1) };
    loop {
        let notified = p.notify.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        {
            let mut st = p.state.lock().unwrap();
            if st.generation != generation {
                return Received::empty(2);
            }
            if messages {
                if let Some(m) = st.queue.pop_front() {
                    drop(st);
                    return take(&state, m);
                }
            }
            if st.closed && (st.queue.is_empty() || !messages) {
                drop(st);
                // A closed peer: this port is done too.
                PORTS.lock().unwrap().remove(&id);
                disown(&mut state.borrow_mut(), id);
                return Received::empty(1);
            }
        }
        notified.await;
    }
}

/// `receiveMessageOnPort`: the next queued message, at once.
#[op2]
#[serde]
fn op_message_port_try_recv(state: Rc<RefCell<OpState>>, #[smi] id: u32) -> Received {
    let Some(p) = port(id) else { return Received::empty(2) };
    let m = p.state.lock().unwrap().queue.pop_front();
    match m {
        Some(m) => take(&state, m),
        None => Received::empty(2),
    }
}

/// Ends the pending receive of port `id`; returns the new generation.
#[op2(fast)]
#[smi]
fn op_message_port_stop(#[smi] id: u32) -> u32 {
    let Some(p) = port(id) else { return 0 };
    let g = {
        let mut st = p.state.lock().unwrap();
        st.generation = st.generation.wrapping_add(1);
        st.generation
    };
    p.notify.notify_waiters();
    g
}

#[op2(fast)]
fn op_message_port_close(state: &mut OpState, #[smi] id: u32) {
    disown(state, id);
    close_port(id);
}

#[op2(fast)]
fn op_message_port_is_open(#[smi] id: u32) -> bool {
    port(id).is_some()
}

/// A port subscribed to the `BroadcastChannel` named `name`.
#[op2(fast)]
#[smi]
fn op_broadcast_open(state: &mut OpState, #[string] name: String) -> u32 {
    let id = new_port(PortState { broadcast: Some(name.clone()), ..Default::default() });
    BROADCAST.lock().unwrap().entry(name).or_default().push(id);
    own(state, &[id]);
    id
}

/// Queues a copy of the message on every other port of the channel.
#[op2(fast)]
fn op_broadcast_post(#[smi] id: u32, #[buffer] data: &[u8]) -> bool {
    let Some(me) = port(id) else { return false };
    let Some(name) = me.state.lock().unwrap().broadcast.clone() else { return false };
    let others: Vec<u32> = BROADCAST.lock().unwrap().get(&name).map(|l| l.iter().copied().filter(|&x| x != id).collect()).unwrap_or_default();
    for other in others.into_iter().filter_map(port) {
        other.state.lock().unwrap().queue.push_back(Message { data: data.to_vec(), buffers: vec![], ports: vec![] });
        other.notify.notify_waiters();
    }
    true
}

/// The shared control block of one worker thread.
pub struct WorkerCtl {
    /// The worker's `threadId`.
    pub thread_id: u32,
    /// Set once the worker's isolate exists; used to stop running JS.
    pub isolate: Mutex<Option<v8::IsolateHandle>>,
    terminating: AtomicBool,
    out_of_memory: AtomicBool,
    /// Wakes the worker's event loop when it must stop.
    pub terminate_notify: Notify,
    /// The code `process.exit()` asked for inside the worker.
    requested_code: Mutex<Option<i32>>,
    exit_code: Mutex<Option<i32>>,
    exit_notify: Notify,
}

impl WorkerCtl {
    /// Whether the worker was told to stop (`terminate()` or `process.exit()`).
    pub fn terminating(&self) -> bool {
        self.terminating.load(Ordering::SeqCst)
    }

    /// Waits until the worker is told to stop.
    pub async fn wait_terminate(&self) {
        loop {
            let n = self.terminate_notify.notified();
            tokio::pin!(n);
            n.as_mut().enable();
            if self.terminating() {
                return;
            }
            n.await;
        }
    }

    /// The exit code for a stopped worker: `process.exit`'s, else 1.
    pub fn stop_code(&self) -> i32 {
        self.requested_code.lock().unwrap().unwrap_or(1)
    }

    /// The worker's heap reached its limit: it stops with exit code 1 and the
    /// parent reports ERR_WORKER_OUT_OF_MEMORY.
    pub fn out_of_memory(&self) {
        self.out_of_memory.store(true, Ordering::SeqCst);
        self.stop(None);
    }

    fn stop(&self, code: Option<i32>) {
        if let Some(c) = code {
            self.requested_code.lock().unwrap().get_or_insert(c);
        }
        self.terminating.store(true, Ordering::SeqCst);
        if let Some(h) = self.isolate.lock().unwrap().as_ref() {
            h.terminate_execution();
        }
        self.terminate_notify.notify_waiters();
    }

    /// Records the worker's exit code and wakes the parent.
    pub fn finish(&self, code: i32) {
        *self.isolate.lock().unwrap() = None;
        *self.exit_code.lock().unwrap() = Some(code);
        self.exit_notify.notify_waiters();
    }
}

/// What the binary needs to start a worker's thread.
pub struct WorkerLaunch {
    /// The control block shared with the parent.
    pub ctl: Arc<WorkerCtl>,
    /// The launch options for `internal/bootstrap/main`'s `run`, as JSON.
    pub options_json: String,
    /// `resourceLimits`: [maxYoungGenerationSizeMb, maxOldGenerationSizeMb,
    /// codeRangeSizeMb, stackSizeMb]; 0 for V8's default.
    pub limits: Vec<f64>,
}

/// The worker's own control block, in its runtime's `OpState`.
pub struct WorkerSelf(pub Arc<WorkerCtl>);

/// Starts a worker's thread; set by the binary.
pub static SPAWNER: OnceLock<fn(WorkerLaunch) -> std::io::Result<()>> = OnceLock::new();

static WORKERS: LazyLock<Mutex<HashMap<u32, Arc<WorkerCtl>>>> = LazyLock::new(Default::default);
static NEXT_THREAD: AtomicU32 = AtomicU32::new(1);

/// Starts a worker thread; returns its `threadId`.
#[op2]
#[smi]
fn op_worker_spawn(#[string] options_json: String, #[serde] limits: Vec<f64>) -> Result<u32, deno_error::JsErrorBox> {
    let thread_id = NEXT_THREAD.fetch_add(1, Ordering::Relaxed);
    let ctl = Arc::new(WorkerCtl {
        thread_id,
        isolate: Mutex::new(None),
        terminating: AtomicBool::new(false),
        out_of_memory: AtomicBool::new(false),
        terminate_notify: Notify::new(),
        requested_code: Mutex::new(None),
        exit_code: Mutex::new(None),
        exit_notify: Notify::new(),
    });
    let spawn = SPAWNER.get().ok_or_else(|| deno_error::JsErrorBox::generic("workers cannot start here"))?;
    WORKERS.lock().unwrap().insert(thread_id, ctl.clone());
    let options_json = options_json.replace("\"__THREAD_ID__\"", &thread_id.to_string());
    if let Err(e) = spawn(WorkerLaunch { ctl, options_json, limits }) {
        WORKERS.lock().unwrap().remove(&thread_id);
        return Err(deno_error::JsErrorBox::generic(format!("could not start the worker thread: {e}")));
    }
    Ok(thread_id)
}

/// Waits for worker `id`'s thread to end; gives `[exitCode, outOfMemory]`.
#[op2]
#[serde]
async fn op_worker_wait_exit(#[smi] id: u32) -> Vec<i32> {
    // See op_message_port_recv: the promise may be unref'ed at once.
    tokio::task::yield_now().await;
    let Some(ctl) = WORKERS.lock().unwrap().get(&id).cloned() else { return vec![1, 0] };
    loop {
        let n = ctl.exit_notify.notified();
        tokio::pin!(n);
        n.as_mut().enable();
        if let Some(code) = *ctl.exit_code.lock().unwrap() {
            WORKERS.lock().unwrap().remove(&id);
            return vec![code, ctl.out_of_memory.load(Ordering::SeqCst) as i32];
        }
        n.await;
    }
}

/// `worker.terminate()`: stops the worker's JS as soon as possible.
#[op2(fast)]
fn op_worker_terminate(#[smi] id: u32) {
    if let Some(ctl) = WORKERS.lock().unwrap().get(&id).cloned() {
        ctl.stop(None);
    }
}

/// `process.exit(code)` inside a worker: ends the worker's thread only.
#[op2(fast)]
fn op_worker_exit(state: &mut OpState, code: i32) {
    match state.try_borrow::<WorkerSelf>() {
        Some(me) => me.0.stop(Some(code)),
        None => std::process::exit(code),
    }
}
