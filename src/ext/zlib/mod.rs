//! `zlib` ops: the native half of `node:zlib`, shaped like Node's
//! `internalBinding('zlib')` (src/node_zlib.cc). A stream handle is a cppgc
//! object wrapping one compression context (zlib, brotli or zstd); JS
//! (`js/internal/zlib/binding.js`) gives it Node's `init`/`write`/`writeSync`/
//! `params`/`reset`/`close` methods.
//!
//! Writes take the caller's input and output buffers with offsets and report
//! `availIn`/`availOut`, as Node's binding does. Async writes run on tokio's
//! blocking pool and fill the JS output buffer in place (no copies).
//!
//! - `zlib_ctx`: deflate/inflate/gzip/gunzip/raw/unzip over libz-sys;
//! - `brotli_ctx`: brotli over the `brotli` crate;
//! - `zstd_ctx`: zstd over libzstd (zstd-sys).

mod brotli_ctx;
mod zlib_ctx;
mod zstd_ctx;

use deno_core::{op2, v8, GarbageCollected, JsBuffer, OpDecl};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// The zlib subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![
        op_zlib_new(),
        op_zlib_init(),
        op_zlib_init_brotli(),
        op_zlib_init_zstd(),
        op_zlib_params(),
        op_zlib_reset(),
        op_zlib_close(),
        op_zlib_write_sync(),
        op_zlib_write_async(),
        op_zlib_last_error(),
        op_zlib_crc32(),
        op_zlib_crc32_string(),
        op_zlib_version(),
    ]
}

/// Node's `node_zlib_mode`, with the same numbers.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Unset = 0,
    Deflate = 1,
    Inflate = 2,
    Gzip = 3,
    Gunzip = 4,
    DeflateRaw = 5,
    InflateRaw = 6,
    Unzip = 7,
    BrotliDecode = 8,
    BrotliEncode = 9,
    ZstdCompress = 10,
    ZstdDecompress = 11,
}

impl Mode {
    fn from_i32(m: i32) -> Option<Mode> {
        use Mode::*;
        Some(match m {
            1 => Deflate,
            2 => Inflate,
            3 => Gzip,
            4 => Gunzip,
            5 => DeflateRaw,
            6 => InflateRaw,
            7 => Unzip,
            8 => BrotliDecode,
            9 => BrotliEncode,
            10 => ZstdCompress,
            11 => ZstdDecompress,
            _ => return None,
        })
    }
}

/// An error as Node's binding reports it to `handle.onerror(message, errno, code)`.
#[derive(Clone, Debug)]
pub struct CompressionError {
    pub message: String,
    pub code: String,
    pub err: i32,
}

impl CompressionError {
    fn new(message: &str, code: &str, err: i32) -> Self {
        CompressionError { message: message.into(), code: code.into(), err }
    }
}

/// One compression context of any kind.
enum Engine {
    Zlib(zlib_ctx::ZlibCtx),
    BrotliEncode(brotli_ctx::BrotliEncoder),
    BrotliDecode(brotli_ctx::BrotliDecoder),
    ZstdCompress(zstd_ctx::ZstdCompress),
    ZstdDecompress(zstd_ctx::ZstdDecompress),
}

impl Engine {
    unsafe fn write(&mut self, flush: u32, input: *const u8, in_len: u32, output: *mut u8, out_len: u32) -> (u32, u32) {
        unsafe {
            match self {
                Engine::Zlib(c) => c.write(flush as i32, input, in_len, output, out_len),
                Engine::BrotliEncode(c) => c.write(flush, input, in_len, output, out_len),
                Engine::BrotliDecode(c) => c.write(flush, input, in_len, output, out_len),
                Engine::ZstdCompress(c) => c.write(flush, input, in_len, output, out_len),
                Engine::ZstdDecompress(c) => c.write(flush, input, in_len, output, out_len),
            }
        }
    }

    fn error_info(&self) -> Option<CompressionError> {
        match self {
            Engine::Zlib(c) => c.error_info(),
            Engine::BrotliEncode(c) => c.error_info(),
            Engine::BrotliDecode(c) => c.error_info(),
            Engine::ZstdCompress(c) => c.error_info(),
            Engine::ZstdDecompress(c) => c.error_info(),
        }
    }

    fn reset(&mut self) -> Result<(), CompressionError> {
        match self {
            Engine::Zlib(c) => c.reset(),
            Engine::BrotliEncode(c) => c.reset(),
            Engine::BrotliDecode(c) => c.reset(),
            Engine::ZstdCompress(c) => c.reset(),
            Engine::ZstdDecompress(c) => c.reset(),
        }
    }

    fn close(&mut self) {
        match self {
            Engine::Zlib(c) => c.close(),
            Engine::BrotliEncode(c) => c.close(),
            Engine::BrotliDecode(c) => c.close(),
            Engine::ZstdCompress(c) => c.close(),
            Engine::ZstdDecompress(c) => c.close(),
        }
    }
}

struct State {
    engine: Engine,
    closed: bool,
    /// The error the last failed call left, for `op_zlib_last_error`.
    last_error: Option<CompressionError>,
    /// (availIn, availOut) after the last async write.
    avail: (u32, u32),
}

struct Shared {
    state: Mutex<State>,
    /// A close asked for while an async write held the context: done when it ends.
    pending_close: AtomicBool,
    write_in_progress: AtomicBool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic inside zlib code cannot leave the state half-updated in a way
        // that matters more than losing the stream; keep going.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The JS-visible handle (Node's `ZlibStream`/`BrotliEncoderStream`/...).
pub struct CompressionHandle {
    shared: Arc<Shared>,
}

unsafe impl GarbageCollected for CompressionHandle {
    fn trace(&self, _visitor: &mut v8::cppgc::Visitor) {}

    fn get_name(&self) -> &'static std::ffi::CStr {
        c"CompressionStream"
    }
}

/// Creates a handle for `mode` (Node's `new binding.Zlib(mode)` and friends).
#[op2]
#[cppgc]
fn op_zlib_new(#[smi] mode: i32) -> Option<CompressionHandle> {
    let mode = Mode::from_i32(mode)?;
    let engine = match mode {
        Mode::BrotliEncode => Engine::BrotliEncode(brotli_ctx::BrotliEncoder::new()),
        Mode::BrotliDecode => Engine::BrotliDecode(brotli_ctx::BrotliDecoder::new()),
        Mode::ZstdCompress => Engine::ZstdCompress(zstd_ctx::ZstdCompress::new()),
        Mode::ZstdDecompress => Engine::ZstdDecompress(zstd_ctx::ZstdDecompress::new()),
        m => Engine::Zlib(zlib_ctx::ZlibCtx::new(m)),
    };
    Some(CompressionHandle {
        shared: Arc::new(Shared {
            state: Mutex::new(State { engine, closed: false, last_error: None, avail: (0, 0) }),
            pending_close: AtomicBool::new(false),
            write_in_progress: AtomicBool::new(false),
        }),
    })
}

/// Zlib `init(windowBits, level, memLevel, strategy, dictionary,
/// rejectGarbageAfterEnd)`; an empty dictionary means none.
#[op2(fast)]
fn op_zlib_init(
    #[cppgc] h: &CompressionHandle,
    window_bits: i32,
    level: i32,
    mem_level: i32,
    strategy: i32,
    #[buffer] dictionary: &[u8],
    reject_garbage_after_end: bool,
) {
    let mut st = h.shared.lock();
    if let Engine::Zlib(c) = &mut st.engine {
        c.init(level, window_bits, mem_level, strategy, dictionary.to_vec(), reject_garbage_after_end);
    }
}

/// Brotli `init(params, dictionary)`: `params[key]` is a value, or 0xffffffff
/// for unset; an empty dictionary means none. Returns false (error kept for
/// `op_zlib_last_error`) when a step fails.
#[op2(fast)]
fn op_zlib_init_brotli(#[cppgc] h: &CompressionHandle, #[buffer] params: &[u32], #[buffer] dictionary: &[u8]) -> bool {
    let mut st = h.shared.lock();
    let set = |k: usize, v: u32| v != u32::MAX && k < params.len();
    let r = (|| {
        match &mut st.engine {
            Engine::BrotliEncode(c) => {
                c.init()?;
                for (k, &v) in params.iter().enumerate() {
                    if set(k, v) {
                        c.set_param(k as u32, v)?;
                    }
                }
                if !dictionary.is_empty() {
                    c.set_dictionary(dictionary)?;
                }
            }
            Engine::BrotliDecode(c) => {
                c.init(dictionary)?;
                for (k, &v) in params.iter().enumerate() {
                    if set(k, v) {
                        c.set_param(k as u32, v)?;
                    }
                }
            }
            _ => return Err(CompressionError::new("Initialization failed", "ERR_ZLIB_INITIALIZATION_FAILED", -1)),
        }
        Ok(())
    })();
    finish(&mut st, r)
}

/// Zstd `init(params, pledgedSrcSize, dictionary)`; `pledged` < 0 means unknown.
/// `concatenated`: decompression goes on into a following frame (Node 26).
#[op2(fast)]
fn op_zlib_init_zstd(
    #[cppgc] h: &CompressionHandle,
    #[buffer] params: &[u32],
    pledged: f64,
    #[buffer] dictionary: &[u8],
    concatenated: bool,
) -> bool {
    let mut st = h.shared.lock();
    let pledged = if pledged < 0.0 { u64::MAX } else { pledged as u64 };
    let r = (|| {
        match &mut st.engine {
            Engine::ZstdCompress(c) => {
                c.init(pledged, dictionary)?;
                for (k, &v) in params.iter().enumerate() {
                    if v != u32::MAX {
                        c.set_param(k as u32, v)?;
                    }
                }
            }
            Engine::ZstdDecompress(c) => {
                c.concatenated = concatenated;
                c.init(dictionary)?;
                for (k, &v) in params.iter().enumerate() {
                    if v != u32::MAX {
                        c.set_param(k as u32, v)?;
                    }
                }
            }
            _ => return Err(CompressionError::new("Initialization failed", "ERR_ZLIB_INITIALIZATION_FAILED", -1)),
        }
        Ok(())
    })();
    finish(&mut st, r)
}

fn finish(st: &mut State, r: Result<(), CompressionError>) -> bool {
    match r {
        Ok(()) => true,
        Err(e) => {
            st.last_error = Some(e);
            false
        }
    }
}

/// Zlib `params(level, strategy)`; false with an error kept when it fails.
#[op2(fast)]
fn op_zlib_params(#[cppgc] h: &CompressionHandle, level: i32, strategy: i32) -> bool {
    let mut st = h.shared.lock();
    let r = match &mut st.engine {
        Engine::Zlib(c) => c.set_params(level, strategy),
        // Brotli and zstd have no params() in Node's binding either.
        _ => Ok(()),
    };
    finish(&mut st, r)
}

#[op2(fast)]
fn op_zlib_reset(#[cppgc] h: &CompressionHandle) -> bool {
    let mut st = h.shared.lock();
    if st.closed {
        return true;
    }
    let r = st.engine.reset();
    finish(&mut st, r)
}

/// Frees the context now, or when the async write under way ends.
#[op2(fast)]
fn op_zlib_close(#[cppgc] h: &CompressionHandle) {
    if h.shared.write_in_progress.load(Ordering::Acquire) {
        h.shared.pending_close.store(true, Ordering::Release);
        return;
    }
    let mut st = h.shared.lock();
    close_state(&mut st);
}

fn close_state(st: &mut State) {
    if !st.closed {
        st.closed = true;
        st.engine.close();
    }
}

fn bounds(len: usize, off: u32, n: u32) -> bool {
    (off as usize).checked_add(n as usize).is_some_and(|end| end <= len)
}

/// `writeSync(flush, in, inOff, inLen, out, outOff, outLen)`: fills
/// `state` with [availOut, availIn]; false (error kept) on failure.
#[allow(clippy::too_many_arguments)]
#[op2(fast)]
fn op_zlib_write_sync(
    #[cppgc] h: &CompressionHandle,
    flush: u32,
    #[buffer] input: &[u8],
    in_off: u32,
    in_len: u32,
    #[buffer] output: &mut [u8],
    out_off: u32,
    out_len: u32,
    #[buffer] state: &mut [u32],
) -> bool {
    let mut st = h.shared.lock();
    if st.closed || !bounds(input.len(), in_off, in_len) || !bounds(output.len(), out_off, out_len) || state.len() < 2 {
        st.last_error = Some(CompressionError::new("zlib binding closed", "ERR_INVALID_STATE", -1));
        return false;
    }
    let (avail_in, avail_out) = unsafe {
        st.engine.write(
            flush,
            input.as_ptr().add(in_off as usize),
            in_len,
            output.as_mut_ptr().add(out_off as usize),
            out_len,
        )
    };
    match st.engine.error_info() {
        Some(e) => {
            st.last_error = Some(e);
            false
        }
        None => {
            state[0] = avail_out;
            state[1] = avail_in;
            true
        }
    }
}

/// Raw pointers into JS buffers whose backing stores the future keeps alive.
struct SendPtrs(*const u8, *mut u8);
unsafe impl Send for SendPtrs {}

/// `write(...)` off the event-loop thread. Resolves to true with
/// [availOut, availIn] written to `state` (a Uint32Array's bytes), or false
/// with the error kept for `op_zlib_last_error`.
#[allow(clippy::too_many_arguments)]
#[op2]
async fn op_zlib_write_async(
    #[cppgc] h: &CompressionHandle,
    flush: u32,
    #[buffer] input: JsBuffer,
    in_off: u32,
    in_len: u32,
    #[buffer] mut output: JsBuffer,
    out_off: u32,
    out_len: u32,
    #[buffer] mut state: JsBuffer,
) -> bool {
    let shared = h.shared.clone();
    if !bounds(input.len(), in_off, in_len) || !bounds(output.len(), out_off, out_len) || state.len() < 8 {
        shared.lock().last_error = Some(CompressionError::new("Invalid write arguments", "ERR_INVALID_ARG_VALUE", -1));
        return false;
    }
    let ptrs = unsafe { SendPtrs(input.as_ptr().add(in_off as usize), output.as_mut_ptr().add(out_off as usize)) };
    shared.write_in_progress.store(true, Ordering::Release);
    let worker = shared.clone();
    let done = tokio::task::spawn_blocking(move || {
        let ptrs = ptrs;
        let mut st = worker.lock();
        if st.closed {
            return None;
        }
        let avail = unsafe { st.engine.write(flush, ptrs.0, in_len, ptrs.1, out_len) };
        st.avail = avail;
        Some(st.engine.error_info())
    })
    .await;
    // The buffers stayed alive (owned here) until the work ended.
    drop(input);
    drop(output);
    shared.write_in_progress.store(false, Ordering::Release);
    let mut st = shared.lock();
    let ok = match done {
        Ok(Some(None)) => {
            let (avail_in, avail_out) = st.avail;
            state[0..4].copy_from_slice(&avail_out.to_ne_bytes());
            state[4..8].copy_from_slice(&avail_in.to_ne_bytes());
            true
        }
        Ok(Some(Some(e))) => {
            st.last_error = Some(e);
            false
        }
        Ok(None) => true,
        Err(_) => {
            st.last_error = Some(CompressionError::new("Zlib error", "Z_STREAM_ERROR", libz_sys::Z_STREAM_ERROR));
            false
        }
    };
    if shared.pending_close.swap(false, Ordering::AcqRel) {
        close_state(&mut st);
    }
    ok
}

/// The error the last failed call left: [message, errno, code].
#[op2]
#[serde]
fn op_zlib_last_error(#[cppgc] h: &CompressionHandle) -> Option<(String, i32, String)> {
    h.shared.lock().last_error.take().map(|e| (e.message, e.err, e.code))
}

/// `crc32(data, value)` over bytes.
#[op2(fast)]
fn op_zlib_crc32(#[buffer] data: &[u8], value: u32) -> u32 {
    zlib_ctx::crc32(value, data)
}

/// `crc32(data, value)` over a string's UTF-8 bytes.
#[op2(fast)]
fn op_zlib_crc32_string(#[string] data: &str, value: u32) -> u32 {
    zlib_ctx::crc32(value, data.as_bytes())
}

/// The linked zlib's version string.
#[op2]
#[string]
fn op_zlib_version() -> String {
    unsafe { std::ffi::CStr::from_ptr(libz_sys::zlibVersion()) }.to_string_lossy().into_owned()
}
