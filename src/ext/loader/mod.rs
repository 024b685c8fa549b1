//! Module-system ops: registering the JS hooks the ES module loader calls.

use deno_core::{op2, v8, OpDecl, OpState};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

pub mod source_maps;

/// The module loader's subsystem ops.
pub fn ops() -> Vec<OpDecl> {
    vec![
        op_loader_set_hooks(),
        op_loader_compile_function(),
        op_loader_set_module_source(),
        op_loader_compiles_as_module(),
        op_loader_enable_source_maps(),
        op_loader_map_location(),
        op_loader_strip_types(),
    ]
}

/// A TypeScript type stripper: `(source, kind)` with kind `module`,
/// `commonjs` or anything else for "decided by syntax"; `Ok(code)`, or
/// `Err([kind, message, line, snippet])` with kind `unsupported` or `invalid`.
pub type TypeStripper = fn(&str, &str) -> Result<String, [String; 4]>;

/// Set by the binary at start-up: the stripper lives outside `src/ext`
/// (build.rs compiles this folder without the oxc crates it needs).
pub static TYPE_STRIPPER: std::sync::OnceLock<TypeStripper> = std::sync::OnceLock::new();

/// The JS functions the ES module loader calls, registered by `op_loader_set_hooks`.
#[derive(Default)]
pub struct Hooks {
    /// `resolve(specifier, referrer, isDynamic) -> { url, format }`.
    pub resolve: Option<v8::Global<v8::Function>>,
    /// `evaluate(format, url) -> { source }` for non-ESM formats: the ESM facade
    /// (its value is fetched when the facade runs, so evaluation order is kept).
    pub evaluate: Option<v8::Global<v8::Function>>,
    /// The format each resolved URL was given (`module`, `commonjs`, `json`, `builtin`, ...).
    pub formats: HashMap<String, String>,
    /// `metaResolve(specifier, parentURL) -> url`: `import.meta.resolve`.
    pub meta_resolve: Option<v8::Global<v8::Function>>,
    /// The isolate the hooks live in: `import.meta.resolve` reaches the loader
    /// without a scope (deno_core's `ModuleLoader::import_meta_resolve`), so it
    /// opens one on this isolate, inside the V8 callback that is running.
    pub isolate: Option<v8::UnsafeRawIsolatePtr>,
    /// The main context, for the scope `import.meta.resolve` opens.
    pub context: Option<v8::Global<v8::Context>>,
    /// The ESM facade source the `evaluate` hook built for each non-ESM URL.
    pub sources: HashMap<String, String>,
    /// ES module sources that have no file: `-e`/stdin input run as a module
    /// (`file:///cwd/[eval1]`) and decoded `data:` URLs, served by `load` as written.
    pub module_sources: HashMap<String, String>,
}

/// Shared between the loader, the custom evaluation callback and the ops.
pub type SharedHooks = Rc<RefCell<Hooks>>;

#[op2]
fn op_loader_set_hooks(
    scope: &mut v8::PinScope,
    state: &mut OpState,
    #[scoped] resolve: v8::Global<v8::Function>,
    #[scoped] evaluate: v8::Global<v8::Function>,
    #[scoped] meta_resolve: v8::Global<v8::Function>,
) {
    if let Some(hooks) = state.try_borrow::<SharedHooks>() {
        let mut h = hooks.borrow_mut();
        h.resolve = Some(resolve);
        h.evaluate = Some(evaluate);
        h.meta_resolve = Some(meta_resolve);
        let context = scope.get_current_context();
        h.context = Some(v8::Global::new(scope, context));
        // SAFETY: only the pointer is kept; it is used while this isolate runs.
        h.isolate = Some(unsafe { scope.as_raw_isolate_ptr() });
    }
}

/// Compiles CommonJS source into a function with the given parameter names,
/// keeping `filename` as written (a path, not a URL) so stacks read as in Node.
/// Returns `[fn]`, or on a syntax error `[undefined, exception, sourceLine,
/// resourceName, lineNumber, startColumn, endColumn]`.
#[op2(reentrant)]
pub fn op_loader_compile_function<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    source: v8::Local<'s, v8::String>,
    #[string] filename: String,
    params: v8::Local<'s, v8::Array>,
) -> v8::Local<'s, v8::Value> {
    v8::tc_scope!(let tc, scope);
    let name = v8::String::new(tc, &filename).unwrap();
    let origin = v8::ScriptOrigin::new(tc, name.into(), 0, 0, false, 0, None, false, false, false, None);
    let mut names = Vec::with_capacity(params.length() as usize);
    for i in 0..params.length() {
        if let Some(Ok(s)) = params.get_index(tc, i).map(v8::Local::<v8::String>::try_from) {
            names.push(s);
        }
    }
    let mut src = v8::script_compiler::Source::new(source, Some(&origin));
    let out = v8::Array::new(tc, 7);
    match v8::script_compiler::compile_function(
        tc,
        &mut src,
        &names,
        &[],
        v8::script_compiler::CompileOptions::NoCompileOptions,
        v8::script_compiler::NoCacheReason::NoReason,
    ) {
        Some(f) => {
            out.set_index(tc, 0, f.into());
        }
        None => {
            let exception = tc.exception().unwrap_or_else(|| v8::undefined(tc).into());
            let message = tc.message();
            crate::ext::vm::describe_exception(tc, exception, message, out, 1);
            tc.reset();
        }
    }
    out.into()
}

/// Registers the source of an ES module that is not read from a file (the
/// `--input-type=module` program, a `data:` URL); the loader serves it for `url`.
#[op2(fast)]
fn op_loader_set_module_source(state: &mut OpState, #[string] url: String, #[string] source: String) {
    if let Some(hooks) = state.try_borrow::<SharedHooks>() {
        hooks.borrow_mut().module_sources.insert(url, source);
    }
}

/// Whether `source` compiles as an ES module (without running it). Used by the
/// syntax detection of ambiguous input, after it failed to compile as CommonJS.
#[op2(fast)]
fn op_loader_compiles_as_module<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    source: v8::Local<'s, v8::String>,
    #[string] url: String,
) -> bool {
    v8::tc_scope!(let tc, scope);
    let name = v8::String::new(tc, &url).unwrap();
    let origin = v8::ScriptOrigin::new(tc, name.into(), 0, 0, false, 0, None, false, false, true, None);
    let mut src = v8::script_compiler::Source::new(source, Some(&origin));
    let ok = v8::script_compiler::compile_module(tc, &mut src).is_some();
    tc.reset();
    ok
}

/// `--enable-source-maps`: stack traces name original sources from here on.
#[op2(fast)]
fn op_loader_enable_source_maps(scope: &mut v8::PinScope) {
    source_maps::enable(scope);
}

/// A location (1-based) mapped through its file's source map:
/// `[path, line, column, sourceLine]`, or null.
#[op2]
#[serde]
fn op_loader_map_location(#[string] name: String, line: u32, column: u32) -> Option<(String, u32, u32, Option<String>)> {
    source_maps::map_location(&name, line, column)
}

/// Strips TypeScript types (Node's strip-only mode). Returns `[code]`, or
/// `[null, kind, message, line, snippet]` when the source cannot be stripped.
#[op2]
#[serde]
fn op_loader_strip_types(#[string] source: String, #[string] kind: String) -> Vec<Option<String>> {
    let Some(strip) = TYPE_STRIPPER.get() else {
        return vec![None, Some("invalid".into()), Some("type stripping is not available".into()), Some("1".into()), Some(String::new())];
    };
    match strip(&source, &kind) {
        Ok(code) => vec![Some(code)],
        Err([k, message, line, snippet]) => vec![None, Some(k), Some(message), Some(line), Some(snippet)],
    }
}
