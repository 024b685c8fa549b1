//! The built-in JS modules (`js/`) as the binary carries them: their sources
//! and a V8 code cache made at build time.
//!
//! Only the modules every run evaluates live in the startup snapshot (their
//! functions eagerly compiled, so start-up parses nothing). Every other
//! built-in is compiled on its first `require` from the source in the binary
//! with the build-time code cache, as Node does with its own `lib/`. This keeps
//! start-up cost independent of how many built-ins nodus has: the snapshot does
//! not grow when a module is added.

use deno_core::{op2, v8, OpDecl};
use std::sync::OnceLock;

/// What precedes a module's source: Node's wrapper for its `lib/` files, on
/// the file's first line so that line numbers in stacks stay true.
const WRAP_HEAD: &str = "(function (exports, require, module, process, internalBinding, primordials) {";
/// What follows a module's source.
const WRAP_TAIL: &str = "\n})";

/// Every built-in module: `(id, source)`, sorted by id, plus each one's code
/// cache (none while the snapshot and the cache themselves are being built).
pub struct Table {
    /// `(id, source)` pairs sorted by id.
    pub modules: Vec<(&'static str, &'static str)>,
    /// Every module's code cache, concatenated.
    pub cache_blob: &'static [u8],
    /// `(offset, length)` of each module's cache in `cache_blob`, in `modules`
    /// order (length 0: no cache). Empty while the snapshot is being built.
    pub cache_spans: &'static [(u32, u32)],
}

static TABLE: OnceLock<Table> = OnceLock::new();

/// Installs the table the ops read; the first call wins.
pub fn install(table: Table) {
    let _ = TABLE.set(table);
}

fn table() -> &'static Table {
    TABLE.get().expect("the built-in module table was not installed")
}

/// A static string as a V8 string: external (no copy) when it is ASCII.
fn static_string<'s>(scope: &mut v8::PinScope<'s, '_>, text: &'static str) -> Option<v8::Local<'s, v8::String>> {
    if text.is_ascii() {
        v8::String::new_external_onebyte_static(scope, text.as_bytes())
    } else {
        v8::String::new(scope, text)
    }
}

/// Compiles module `index` of the table as a script whose value is its
/// factory function. `eager` compiles every inner function now: the modules
/// the snapshot keeps then carry all their bytecode. Otherwise the build-time
/// code cache is consumed; V8 keeps only top-level code in it (inner functions
/// compile on first call), so modules on every run's path belong in the
/// snapshot list (`js/internal/bootstrap/snapshot.js`).
pub fn compile_script<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    index: usize,
    eager: bool,
) -> Option<v8::Local<'s, v8::Script>> {
    let t = table();
    let (id, src) = t.modules[index];
    let head = static_string(scope, WRAP_HEAD)?;
    let body = static_string(scope, src)?;
    let tail = static_string(scope, WRAP_TAIL)?;
    let wrapped = v8::String::concat(scope, head, body)?;
    let wrapped = v8::String::concat(scope, wrapped, tail)?;
    let name = v8::String::new(scope, &format!("node:{id}"))?;
    let origin = v8::ScriptOrigin::new(scope, name.into(), 0, 0, false, 0, None, false, false, false, None);
    let cache = match t.cache_spans.get(index) {
        Some(&(offset, len)) if !eager && len > 0 => t.cache_blob.get(offset as usize..(offset + len) as usize),
        _ => None,
    };
    let (mut source, options) = match cache {
        Some(bytes) => (
            v8::script_compiler::Source::new_with_cached_data(
                wrapped,
                Some(&origin),
                v8::script_compiler::CachedData::new(bytes),
            ),
            v8::script_compiler::CompileOptions::ConsumeCodeCache,
        ),
        None => (
            v8::script_compiler::Source::new(wrapped, Some(&origin)),
            if eager {
                v8::script_compiler::CompileOptions::EagerCompile
            } else {
                v8::script_compiler::CompileOptions::NoCompileOptions
            },
        ),
    };
    let script = v8::script_compiler::compile(scope, &mut source, options, v8::script_compiler::NoCacheReason::NoReason);
    static DEBUG: OnceLock<bool> = OnceLock::new();
    if *DEBUG.get_or_init(|| std::env::var_os("NODUS_DEBUG_CODE_CACHE").is_some()) {
        let rejected = source.get_cached_data().map(|c| c.rejected());
        eprintln!("code cache {id}: {}", match rejected {
            None => "none",
            Some(true) => "rejected",
            Some(false) => "used",
        });
    }
    script
}

/// The ids of every built-in module, sorted.
#[op2]
#[serde]
pub fn op_builtins_ids() -> Vec<&'static str> {
    table().modules.iter().map(|(id, _)| *id).collect()
}

/// Compiles built-in `id` and returns its factory function
/// `(exports, require, module, process, internalBinding, primordials)`.
/// `eager` is set while the snapshot is built, so that the modules the
/// snapshot keeps carry all their bytecode.
#[op2(reentrant)]
pub fn op_builtins_compile<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    #[string] id: &str,
    eager: bool,
) -> v8::Local<'s, v8::Value> {
    let index = table().modules.binary_search_by(|(m, _)| (*m).cmp(id));
    match index.ok().and_then(|i| compile_script(scope, i, eager)).and_then(|script| script.run(scope)) {
        Some(f) => f,
        // A syntax error has been thrown by V8; an unknown id returns undefined.
        None => v8::undefined(scope).into(),
    }
}

/// The builtins subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![op_builtins_ids(), op_builtins_compile()]
}
