//! ES module loading for V8: resolution and source loading are delegated to the
//! JS module system (`js/internal/modules/`), which is where Node keeps them and
//! where CommonJS shares them. This file is the thin bridge deno_core needs.
//!
//! - `resolve_with_scope` calls the JS `resolve(specifier, referrer, kind)` hook.
//! - `load` reads `file:` sources; built-ins (`node:`) and CommonJS files are
//!   loaded as a custom module type whose namespace the JS `evaluate` hook builds.

use deno_core::error::ModuleLoaderError;
use deno_core::{
    v8, ModuleLoadOptions, ModuleLoadReferrer, ModuleLoadResponse, ModuleLoader, ModuleResolveResponse,
    ModuleSource, ModuleSourceCode, ModuleSpecifier, ModuleType, RequestedModuleType, ResolutionKind,
};
use deno_error::JsErrorBox;
use std::collections::HashMap;

pub use crate::ext::loader::SharedHooks;

pub mod strip_types;

/// The module loader handed to deno_core.
pub struct NodusLoader {
    pub hooks: SharedHooks,
}

fn js_err(msg: String) -> ModuleLoaderError {
    JsErrorBox::generic(msg).into()
}

fn call<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    f: &v8::Global<v8::Function>,
    args: &[v8::Local<'s, v8::Value>],
) -> Result<v8::Local<'s, v8::Value>, v8::Global<v8::Value>> {
    v8::tc_scope!(let tc, scope);
    let f = v8::Local::new(tc, f);
    let recv = v8::undefined(tc).into();
    match f.call(tc, recv, args) {
        Some(v) => Ok(v),
        None => {
            let exc = tc.exception().unwrap_or_else(|| v8::undefined(tc).into());
            let g = v8::Global::new(tc, exc);
            tc.reset();
            Err(g)
        }
    }
}

/// A JS hook's exception as a loader error deno_core rebuilds in JS with the
/// same class, message and `code` (deno_core discards a pending exception here).
#[derive(Debug)]
struct HookError {
    class: String,
    message: String,
    code: Option<String>,
}

impl std::fmt::Display for HookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HookError {}

impl deno_error::JsErrorClass for HookError {
    fn get_class(&self) -> std::borrow::Cow<'static, str> {
        self.class.clone().into()
    }
    fn get_message(&self) -> std::borrow::Cow<'static, str> {
        self.message.clone().into()
    }
    fn get_additional_properties(&self) -> deno_error::AdditionalProperties {
        match &self.code {
            Some(c) => Box::new(std::iter::once(("code".into(), deno_error::PropertyValue::String(c.clone().into())))),
            None => Box::new(std::iter::empty()),
        }
    }
    fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }
}

fn hook_error(scope: &mut v8::PinScope, exc: v8::Global<v8::Value>) -> ModuleLoaderError {
    let exc = v8::Local::new(scope, exc);
    let Some(obj) = exc.to_object(scope).filter(|_| exc.is_object()) else {
        return js_err(exc.to_rust_string_lossy(scope));
    };
    let class = get_str(scope, obj, "name").unwrap_or_else(|| "Error".into());
    let message = get_str(scope, obj, "message").unwrap_or_default();
    let code = get_str(scope, obj, "code");
    JsErrorBox::from_err(HookError { class, message, code }).into()
}

fn get_str(scope: &mut v8::PinScope, obj: v8::Local<v8::Object>, key: &str) -> Option<String> {
    let k = v8::String::new(scope, key)?;
    let v = obj.get(scope, k.into())?;
    if v.is_string() {
        Some(v.to_rust_string_lossy(scope))
    } else {
        None
    }
}

impl ModuleLoader for NodusLoader {
    fn resolve(&self, specifier: &str, referrer: &str, _kind: ResolutionKind) -> ModuleResolveResponse {
        deno_core::resolve_import(specifier, referrer).map_err(|e| js_err(e.to_string()))
    }

    fn resolve_with_scope(
        &self,
        scope: &mut v8::PinScope,
        specifier: &str,
        referrer: &str,
        kind: ResolutionKind,
        attrs: &HashMap<String, String>,
    ) -> ModuleResolveResponse {
        let Some(resolve) = self.hooks.borrow().resolve.clone() else {
            return self.resolve(specifier, referrer, kind);
        };
        let s = v8::String::new(scope, specifier).unwrap().into();
        let r = v8::String::new(scope, referrer).unwrap().into();
        let d = v8::Boolean::new(scope, matches!(kind, ResolutionKind::DynamicImport)).into();
        // The `type` import attribute, checked against the format by the hook.
        let t = match attrs.get("type") {
            Some(t) => v8::String::new(scope, t).unwrap().into(),
            None => v8::null(scope).into(),
        };
        match call(scope, &resolve, &[s, r, d, t]) {
            Ok(v) => {
                let obj = v.to_object(scope).ok_or_else(|| js_err("bad resolve result".into()))?;
                let url = get_str(scope, obj, "url").ok_or_else(|| js_err("resolve hook gave no url".into()))?;
                let format = get_str(scope, obj, "format").unwrap_or_else(|| "module".into());
                let json_attr = attrs.get("type").is_some_and(|t| t == "json");
                let native = format == "module" || (json_attr && format == "json");
                let needs_facade = !native && !self.hooks.borrow().sources.contains_key(&url);
                self.hooks.borrow_mut().formats.insert(url.clone(), format.clone());
                if needs_facade {
                    // Build the ESM facade now, while there is a scope; `load` has none.
                    let evaluate = self
                        .hooks
                        .borrow()
                        .evaluate
                        .clone()
                        .ok_or_else(|| js_err("module hooks are not installed".into()))?;
                    let f = v8::String::new(scope, &format).unwrap().into();
                    let u = v8::String::new(scope, &url).unwrap().into();
                    let v = call(scope, &evaluate, &[f, u]).map_err(|exc| hook_error(scope, exc))?;
                    let obj = v.to_object(scope).ok_or_else(|| js_err("bad evaluate result".into()))?;
                    let source = get_str(scope, obj, "source").unwrap_or_default();
                    self.hooks.borrow_mut().sources.insert(url.clone(), source);
                }
                ModuleSpecifier::parse(&url).map_err(|e| js_err(e.to_string()))
            }
            Err(exc) => Err(hook_error(scope, exc)),
        }
    }

    /// `import.meta.resolve(specifier)`: Node's resolution through the JS hook
    /// (bare specifiers, "exports", "imports"). deno_core gives no scope here,
    /// so one is opened on the isolate whose callback is running; a failure
    /// reaches the caller as a TypeError with the hook's message (deno_core
    /// coerces the class).
    fn import_meta_resolve(&self, specifier: &str, referrer: &str) -> Result<ModuleSpecifier, ModuleLoaderError> {
        let (isolate, context, meta_resolve) = {
            let h = self.hooks.borrow();
            (h.isolate, h.context.clone(), h.meta_resolve.clone())
        };
        let (Some(isolate), Some(context), Some(meta_resolve)) = (isolate, context, meta_resolve) else {
            return self.resolve(specifier, referrer, ResolutionKind::DynamicImport);
        };
        // SAFETY: the pointer is the isolate of this runtime, set by
        // op_loader_set_hooks; this runs inside a V8 callback on that isolate
        // (import.meta.resolve), so the isolate is entered and alive.
        let mut isolate = unsafe { v8::Isolate::from_raw_isolate_ptr(isolate) };
        v8::scope_with_context!(scope, &mut isolate, &context);
        let s = v8::String::new(scope, specifier).unwrap().into();
        let r = v8::String::new(scope, referrer).unwrap().into();
        match call(scope, &meta_resolve, &[s, r]) {
            Ok(v) => {
                let url = v.to_rust_string_lossy(scope);
                ModuleSpecifier::parse(&url).map_err(|e| js_err(e.to_string()))
            }
            Err(exc) => Err(hook_error(scope, exc)),
        }
    }

    fn load(
        &self,
        specifier: &ModuleSpecifier,
        _referrer: Option<&ModuleLoadReferrer>,
        options: ModuleLoadOptions,
    ) -> ModuleLoadResponse {
        let url = specifier.as_str();
        let format = self.hooks.borrow().formats.get(url).cloned().unwrap_or_else(|| "module".into());
        let json = matches!(options.requested_module_type, RequestedModuleType::Json);
        let result = (|| {
            if json && format != "json" {
                // `with { type: 'json' }` on a module that is not JSON (checked
                // here for dynamic imports, whose attributes reach only `load`).
                return Err(JsErrorBox::from_err(HookError {
                    class: "TypeError".into(),
                    message: format!("Module \"{url}\" is not of type \"json\""),
                    code: Some("ERR_IMPORT_ASSERTION_TYPE_FAILED".into()),
                })
                .into());
            }
            let in_memory = if json || format == "module" { self.hooks.borrow().module_sources.get(url).cloned() } else { None };
            if let Some(code) = in_memory {
                let ty = if json { ModuleType::Json } else { ModuleType::JavaScript };
                return Ok(ModuleSource::new(ty, ModuleSourceCode::String(code.into()), specifier, None));
            }
            if format == "module" || (json && format == "json") {
                let path = specifier
                    .to_file_path()
                    .map_err(|_| js_err(format!("Only file: URLs are loaded as modules: {url}")))?;
                // The permission model: an imported file must be readable (Node checks its reads).
                crate::ext::permission::check_read(&path.to_string_lossy()).map_err(JsErrorBox::from_err)?;
                let mut code = std::fs::read_to_string(&path).map_err(|e| js_err(format!("{e}: {}", path.display())))?;
                if !json && strip_types::is_typescript_path(&path) {
                    // The resolver gives TypeScript files the `module` format only
                    // when type stripping is on (formatOf in esm/resolve.js).
                    code = strip_types::strip_module_file(&path, &code).map_err(|(class, message, code)| {
                        JsErrorBox::from_err(HookError { class: class.into(), message, code: Some(code.into()) })
                    })?;
                }
                let ty = if json { ModuleType::Json } else { ModuleType::JavaScript };
                Ok(ModuleSource::new(ty, ModuleSourceCode::String(code.into()), specifier, None))
            } else if let Some(source) = self.hooks.borrow().sources.get(url).cloned() {
                // The facade built at resolution: runs the module when it is evaluated.
                Ok(ModuleSource::new(ModuleType::JavaScript, ModuleSourceCode::String(source.into()), specifier, None))
            } else {
                // Other formats are built by the JS evaluate hook; the "source" is the format.
                Ok(ModuleSource::new(
                    ModuleType::Other(format.clone().into()),
                    ModuleSourceCode::String(format.into()),
                    specifier,
                    None,
                ))
            }
        })();
        ModuleLoadResponse::Sync(result)
    }
}

/// Builds the namespace of a non-ESM module (built-in, CommonJS, JSON, ...) by
/// calling the JS `evaluate` hook, which returns `{ source, value }`: the ESM
/// facade's source and the value behind it.
pub fn custom_evaluation(
    hooks: SharedHooks,
) -> deno_core::CustomModuleEvaluationCb {
    // Created once per runtime: a start-up hook for the op-side type stripper,
    // which build.rs cannot compile into `src/ext` (no oxc there).
    let _ = crate::ext::loader::TYPE_STRIPPER.set(strip_types::strip_for_op);
    Box::new(move |scope, format, url, _code| {
        let evaluate = hooks
            .borrow()
            .evaluate
            .clone()
            .ok_or_else(|| JsErrorBox::generic("module hooks are not installed"))?;
        let f = v8::String::new(scope, &format).unwrap().into();
        let u = v8::String::new(scope, url.as_str()).unwrap().into();
        let v = call(scope, &evaluate, &[f, u]).map_err(|exc| {
            let exc = v8::Local::new(scope, exc);
            let msg = exc.to_rust_string_lossy(scope);
            JsErrorBox::generic(msg)
        })?;
        let obj = v.to_object(scope).ok_or_else(|| JsErrorBox::generic("bad evaluate result"))?;
        let source = get_str(scope, obj, "source").unwrap_or_default();
        let k = v8::String::new(scope, "value").unwrap();
        let value = obj.get(scope, k.into()).unwrap();
        Ok(deno_core::CustomModuleEvaluationKind::ComputedAndSynthetic(
            source.into(),
            v8::Global::new(scope, value),
            ModuleType::Other(format!("{format}-value").into()),
        ))
    })
}
