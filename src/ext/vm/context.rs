//! Contextified sandboxes (Node's `ContextifyContext`, src/node_contextify.cc):
//! a new V8 context whose global object forwards every named and indexed
//! property operation to the user's sandbox object through interceptors.
//!
//! Links between the pieces are plain JS-heap references, so a context the
//! program no longer reaches is collected: the sandbox holds the cppgc wrapper
//! under a private symbol, the wrapper traces the context and the sandbox, and
//! the context's global proxy holds the sandbox under another private symbol
//! (the interceptors read it from there).

use deno_core::{op2, v8, OpDecl};

/// Private symbol (on the sandbox, or on the global of a vanilla context)
/// holding the `ContextifyContext` wrapper.
const CONTEXT_KEY: &str = "node:contextify:context";
/// Private symbol on a contextified global proxy holding its sandbox.
const SANDBOX_KEY: &str = "node:contextify:sandbox";
/// Private symbol on the global of a context made with `codeGeneration: { wasm: false }`.
const NO_WASM_KEY: &str = "node:contextify:nowasm";

/// V8 asks before compiling WebAssembly: refused in contexts made without wasm.
unsafe extern "C" fn allow_wasm_code_gen(context: v8::Local<v8::Context>, _source: v8::Local<v8::String>) -> bool {
    v8::callback_scope!(unsafe scope, context);
    let global = context.global(scope);
    let key = private_key(scope, NO_WASM_KEY);
    !global.get_private(scope, key).is_some_and(|v| v.is_true())
}

/// The contextify ops.
pub fn ops() -> Vec<OpDecl> {
    vec![op_vm_make_context(), op_vm_is_context()]
}

/// The native side of a `vm` context: the V8 context, its sandbox (absent for
/// a vanilla `DONT_CONTEXTIFY` context) and its own microtask queue
/// (`microtaskMode: 'afterEvaluate'`).
pub struct ContextifyContext {
    context: v8::TracedReference<v8::Context>,
    sandbox: v8::TracedReference<v8::Object>,
    microtask_queue: Option<v8::UniqueRef<v8::MicrotaskQueue>>,
}

// SAFETY: `trace` visits every traced reference the struct holds.
unsafe impl v8::cppgc::GarbageCollected for ContextifyContext {
    fn trace(&self, visitor: &mut v8::cppgc::Visitor) {
        visitor.trace(&self.context);
        visitor.trace(&self.sandbox);
    }

    fn get_name(&self) -> &'static std::ffi::CStr {
        c"ContextifyContext"
    }
}

impl ContextifyContext {
    /// The V8 context.
    pub fn context<'s>(&self, scope: &v8::PinScope<'s, '_>) -> Option<v8::Local<'s, v8::Context>> {
        self.context.get(scope)
    }

    /// The context's own microtask queue, if it was given one.
    pub fn microtask_queue(&self) -> Option<&v8::MicrotaskQueue> {
        self.microtask_queue.as_deref()
    }
}

fn private_key<'s>(scope: &mut v8::PinScope<'s, '_>, name: &str) -> v8::Local<'s, v8::Private> {
    let name = v8::String::new(scope, name).unwrap();
    v8::Private::for_api(scope, Some(name))
}

/// The wrapper of the context `object` was contextified into (the object is a
/// sandbox, or the global of a vanilla context), if any.
pub fn from_sandbox<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    object: v8::Local<'s, v8::Object>,
) -> Option<deno_core::cppgc::UnsafePtr<ContextifyContext>> {
    let key = private_key(scope, CONTEXT_KEY);
    let wrapper = object.get_private(scope, key)?;
    if !wrapper.is_object() {
        return None;
    }
    deno_core::cppgc::try_unwrap_cppgc_object::<ContextifyContext>(scope, wrapper)
}

/// The isolate slot holding the contextified global template (dropped with
/// the isolate, before V8 is gone).
struct GlobalTemplate(v8::Global<v8::ObjectTemplate>);

/// The global object template with the forwarding interceptors (one per isolate).
fn global_template<'s>(scope: &mut v8::PinScope<'s, '_>) -> v8::Local<'s, v8::ObjectTemplate> {
    if let Some(t) = scope.get_slot::<GlobalTemplate>().map(|t| t.0.clone()) {
        return v8::Local::new(scope, t);
    }
    let func = v8::FunctionTemplate::new(scope, noop);
    let template = func.instance_template(scope);
    let named = v8::NamedPropertyHandlerConfiguration::new()
        .getter(property_getter)
        .setter(property_setter)
        .query(property_query)
        .deleter(property_deleter)
        .enumerator(property_enumerator)
        .definer(property_definer)
        .descriptor(property_descriptor)
        .flags(v8::PropertyHandlerFlags::HAS_NO_SIDE_EFFECT);
    let indexed = v8::IndexedPropertyHandlerConfiguration::new()
        .getter(indexed_getter)
        .setter(indexed_setter)
        .query(indexed_query)
        .deleter(indexed_deleter)
        .enumerator(indexed_enumerator)
        .definer(indexed_definer)
        .descriptor(indexed_descriptor)
        .flags(v8::PropertyHandlerFlags::HAS_NO_SIDE_EFFECT);
    template.set_named_property_handler(named);
    template.set_indexed_property_handler(indexed);
    let global = v8::Global::new(scope, template);
    scope.set_slot(GlobalTemplate(global));
    template
}

fn noop(_: &mut v8::PinScope, _: v8::FunctionCallbackArguments, _: v8::ReturnValue) {}

/// What an interceptor works on: the context, its global proxy and the sandbox.
struct Target<'s> {
    context: v8::Local<'s, v8::Context>,
    global: v8::Local<'s, v8::Object>,
    sandbox: v8::Local<'s, v8::Object>,
}

/// The interceptors sit on a contextified global: the holder is its global
/// proxy, which carries the sandbox. `None` while the context is still being
/// set up (V8 defines its built-ins then).
fn target<'s>(scope: &mut v8::PinScope<'s, '_>, args: &v8::PropertyCallbackArguments<'s>) -> Option<Target<'s>> {
    let global = args.holder();
    let key = private_key(scope, SANDBOX_KEY);
    let sandbox = global.get_private(scope, key)?;
    let sandbox = v8::Local::<v8::Object>::try_from(sandbox).ok()?;
    let context = global.get_creation_context(scope)?;
    Some(Target { context, global, sandbox })
}

fn property_query<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    key: v8::Local<'s, v8::Name>,
    args: v8::PropertyCallbackArguments<'s>,
    mut rv: v8::ReturnValue<v8::Integer>,
) -> v8::Intercepted {
    let Some(t) = target(scope, &args) else { return v8::Intercepted::kNo };
    let scope = &mut v8::ContextScope::new(scope, t.context);
    for obj in [t.sandbox, t.global] {
        match obj.has_real_named_property(scope, key) {
            None => return v8::Intercepted::kNo,
            Some(true) => {
                let Some(attr) = obj.get_real_named_property_attributes(scope, key) else {
                    return v8::Intercepted::kNo;
                };
                rv.set_int32(attr.as_u32() as i32);
                return v8::Intercepted::kYes;
            }
            Some(false) => {}
        }
    }
    v8::Intercepted::kNo
}

fn property_getter<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    key: v8::Local<'s, v8::Name>,
    args: v8::PropertyCallbackArguments<'s>,
    mut rv: v8::ReturnValue<v8::Value>,
) -> v8::Intercepted {
    let Some(t) = target(scope, &args) else { return v8::Intercepted::kNo };
    let scope = &mut v8::ContextScope::new(scope, t.context);
    v8::tc_scope!(let tc, scope);
    let value = match t.sandbox.get_real_named_property(tc, key) {
        Some(v) => Some(v),
        None if tc.has_caught() => None,
        None => t.global.get_real_named_property(tc, key),
    };
    if tc.has_caught() && !tc.has_terminated() {
        tc.rethrow();
        return v8::Intercepted::kYes;
    }
    match value {
        Some(mut v) => {
            if v == t.sandbox {
                v = t.global.into();
            }
            rv.set(v);
            v8::Intercepted::kYes
        }
        None => v8::Intercepted::kNo,
    }
}

fn property_setter<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    key: v8::Local<'s, v8::Name>,
    value: v8::Local<'s, v8::Value>,
    args: v8::PropertyCallbackArguments<'s>,
    _rv: v8::ReturnValue<()>,
) -> v8::Intercepted {
    let Some(t) = target(scope, &args) else { return v8::Intercepted::kNo };
    let scope = &mut v8::ContextScope::new(scope, t.context);
    let on_global = t.global.get_real_named_property_attributes(scope, key);
    let on_sandbox = t.sandbox.get_real_named_property_attributes(scope, key);
    let read_only = on_global.as_ref().is_some_and(|a| a.is_read_only()) || on_sandbox.as_ref().is_some_and(|a| a.is_read_only());
    if read_only {
        return v8::Intercepted::kNo;
    }
    let is_declared = on_global.is_some() || on_sandbox.is_some();
    // Node skips undeclared strict-mode contextual stores (`x = 5`) so that V8
    // throws its ReferenceError; V8 no longer tells interceptors the receiver,
    // so every store is treated as `this.x = 5`, which must reach the sandbox.
    if !is_declared && key.is_symbol() {
        return v8::Intercepted::kNo;
    }
    if t.sandbox.set(scope, key.into(), value).is_none() {
        return v8::Intercepted::kNo;
    }
    if on_sandbox.is_some() {
        if let Some(desc) = t.sandbox.get_own_property_descriptor(scope, key) {
            if let Ok(desc) = v8::Local::<v8::Object>::try_from(desc) {
                let get = v8::String::new(scope, "get").unwrap();
                let set = v8::String::new(scope, "set").unwrap();
                // An accessor on the sandbox has handled the store.
                if desc.has_own_property(scope, get.into()).unwrap_or(false)
                    || desc.has_own_property(scope, set.into()).unwrap_or(false)
                {
                    return v8::Intercepted::kYes;
                }
            }
        }
    }
    v8::Intercepted::kNo
}

fn property_descriptor<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    key: v8::Local<'s, v8::Name>,
    args: v8::PropertyCallbackArguments<'s>,
    mut rv: v8::ReturnValue<v8::Value>,
) -> v8::Intercepted {
    let Some(t) = target(scope, &args) else { return v8::Intercepted::kNo };
    let scope = &mut v8::ContextScope::new(scope, t.context);
    if t.sandbox.has_own_property(scope, key).unwrap_or(false) {
        if let Some(desc) = t.sandbox.get_own_property_descriptor(scope, key) {
            rv.set(desc);
            return v8::Intercepted::kYes;
        }
    }
    v8::Intercepted::kNo
}

fn property_definer<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    key: v8::Local<'s, v8::Name>,
    desc: &v8::PropertyDescriptor,
    args: v8::PropertyCallbackArguments<'s>,
    _rv: v8::ReturnValue<()>,
) -> v8::Intercepted {
    let Some(t) = target(scope, &args) else { return v8::Intercepted::kNo };
    let scope = &mut v8::ContextScope::new(scope, t.context);
    if let Some(attr) = t.global.get_real_named_property_attributes(scope, key).as_ref() {
        // Neither writable nor configurable on the global: change nothing.
        if attr.is_read_only() && attr.is_dont_delete() {
            return v8::Intercepted::kNo;
        }
    }
    let undefined: v8::Local<v8::Value> = v8::undefined(scope).into();
    let mut for_sandbox = if desc.has_get() || desc.has_set() {
        v8::PropertyDescriptor::new_from_get_set(
            if desc.has_get() { desc.get() } else { undefined },
            if desc.has_set() { desc.set() } else { undefined },
        )
    } else {
        let value = if desc.has_value() { desc.value() } else { undefined };
        if desc.has_writable() {
            v8::PropertyDescriptor::new_from_value_writable(value, desc.writable())
        } else {
            v8::PropertyDescriptor::new_from_value(value)
        }
    };
    if desc.has_enumerable() {
        for_sandbox.set_enumerable(desc.enumerable());
    }
    if desc.has_configurable() {
        for_sandbox.set_configurable(desc.configurable());
    }
    v8::tc_scope!(let tc, scope);
    let _ = t.sandbox.define_property(tc, key, &for_sandbox);
    // Node lets V8 define it on the global too (nodejs/node#52634).
    v8::Intercepted::kNo
}

fn property_deleter<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    key: v8::Local<'s, v8::Name>,
    args: v8::PropertyCallbackArguments<'s>,
    mut rv: v8::ReturnValue<v8::Boolean>,
) -> v8::Intercepted {
    let Some(t) = target(scope, &args) else { return v8::Intercepted::kNo };
    let scope = &mut v8::ContextScope::new(scope, t.context);
    if t.sandbox.delete(scope, key.into()).unwrap_or(false) {
        return v8::Intercepted::kNo;
    }
    // Deleting from the sandbox failed: keep it on the global too.
    rv.set_bool(false);
    v8::Intercepted::kYes
}

fn property_enumerator<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::PropertyCallbackArguments<'s>,
    mut rv: v8::ReturnValue<v8::Array>,
) {
    let Some(t) = target(scope, &args) else { return };
    let scope = &mut v8::ContextScope::new(scope, t.context);
    let names = t.sandbox.get_property_names(
        scope,
        v8::GetPropertyNamesArgs {
            mode: v8::KeyCollectionMode::OwnOnly,
            property_filter: v8::PropertyFilter::ALL_PROPERTIES,
            index_filter: v8::IndexFilter::SkipIndices,
            key_conversion: v8::KeyConversionMode::NoNumbers,
        },
    );
    if let Some(names) = names {
        rv.set(names);
    }
}

fn indexed_enumerator<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::PropertyCallbackArguments<'s>,
    mut rv: v8::ReturnValue<v8::Array>,
) {
    let Some(t) = target(scope, &args) else { return };
    let scope = &mut v8::ContextScope::new(scope, t.context);
    let Some(names) = t.sandbox.get_property_names(
        scope,
        v8::GetPropertyNamesArgs {
            mode: v8::KeyCollectionMode::OwnOnly,
            property_filter: v8::PropertyFilter::SKIP_SYMBOLS,
            index_filter: v8::IndexFilter::IncludeIndices,
            key_conversion: v8::KeyConversionMode::NoNumbers,
        },
    ) else {
        return;
    };
    let mut indices = Vec::new();
    for i in 0..names.length() {
        if let Some(v) = names.get_index(scope, i) {
            if v.is_number() {
                indices.push(v);
            }
        }
    }
    rv.set(v8::Array::new_with_elements(scope, &indices));
}

fn index_name<'s>(scope: &mut v8::PinScope<'s, '_>, index: u32) -> v8::Local<'s, v8::Name> {
    v8::String::new(scope, &index.to_string()).unwrap().into()
}

fn indexed_query<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    index: u32,
    args: v8::PropertyCallbackArguments<'s>,
    rv: v8::ReturnValue<v8::Integer>,
) -> v8::Intercepted {
    let key = index_name(scope, index);
    property_query(scope, key, args, rv)
}

fn indexed_getter<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    index: u32,
    args: v8::PropertyCallbackArguments<'s>,
    rv: v8::ReturnValue<v8::Value>,
) -> v8::Intercepted {
    let key = index_name(scope, index);
    property_getter(scope, key, args, rv)
}

fn indexed_setter<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    index: u32,
    value: v8::Local<'s, v8::Value>,
    args: v8::PropertyCallbackArguments<'s>,
    rv: v8::ReturnValue<()>,
) -> v8::Intercepted {
    let key = index_name(scope, index);
    property_setter(scope, key, value, args, rv)
}

fn indexed_descriptor<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    index: u32,
    args: v8::PropertyCallbackArguments<'s>,
    rv: v8::ReturnValue<v8::Value>,
) -> v8::Intercepted {
    let key = index_name(scope, index);
    property_descriptor(scope, key, args, rv)
}

fn indexed_definer<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    index: u32,
    desc: &v8::PropertyDescriptor,
    args: v8::PropertyCallbackArguments<'s>,
    rv: v8::ReturnValue<()>,
) -> v8::Intercepted {
    let key = index_name(scope, index);
    property_definer(scope, key, desc, args, rv)
}

fn indexed_deleter<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    index: u32,
    args: v8::PropertyCallbackArguments<'s>,
    mut rv: v8::ReturnValue<v8::Boolean>,
) -> v8::Intercepted {
    let Some(t) = target(scope, &args) else { return v8::Intercepted::kNo };
    let scope = &mut v8::ContextScope::new(scope, t.context);
    if t.sandbox.delete_index(scope, index).unwrap_or(false) {
        return v8::Intercepted::kNo;
    }
    rv.set_bool(false);
    v8::Intercepted::kYes
}

/// Node's `makeContext(sandbox, name, origin, strings, wasm, ownMicrotaskQueue)`:
/// contextifies `sandbox` and returns it, or, when `sandbox` is the
/// `DONT_CONTEXTIFY` symbol, makes a plain context and returns its global.
#[op2(reentrant)]
fn op_vm_make_context<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    sandbox: v8::Local<'s, v8::Value>,
    allow_strings: bool,
    allow_wasm: bool,
    own_microtask_queue: bool,
) -> Option<v8::Local<'s, v8::Value>> {
    let sandbox = v8::Local::<v8::Object>::try_from(sandbox).ok();
    let main = scope.get_current_context();
    let mut queue = own_microtask_queue.then(|| v8::MicrotaskQueue::new(scope, v8::MicrotasksPolicy::Explicit));
    let template = sandbox.map(|_| global_template(scope));
    let context = v8::Context::new(
        scope,
        v8::ContextOptions {
            global_template: template,
            microtask_queue: queue.as_mut().map(|q| &mut **q as *mut v8::MicrotaskQueue),
            ..Default::default()
        },
    );
    // deno_core finds its per-realm state through the current context's
    // embedder data (promise hooks, rejections): share the main realm's.
    // SAFETY: the pointers stay valid as long as the main realm, which
    // outlives every context made from it.
    unsafe {
        for slot in [deno_core::CONTEXT_STATE_SLOT_INDEX, deno_core::MODULE_MAP_SLOT_INDEX] {
            context.set_aligned_pointer_in_embedder_data(slot, main.get_aligned_pointer_from_embedder_data(slot));
        }
    }
    let token = main.get_security_token(scope);
    context.set_security_token(token);
    context.set_allow_generation_from_strings(allow_strings);

    let global = context.global(scope);
    {
        let cs = &mut v8::ContextScope::new(scope, context);
        v8::tc_scope!(let tc, cs);
        // Node removes these non-standard V8 extras from every vm context.
        let intl_key = v8::String::new(tc, "Intl").unwrap();
        if let Some(intl) = global.get(tc, intl_key.into()).and_then(|v| v8::Local::<v8::Object>::try_from(v).ok()) {
            let k = v8::String::new(tc, "v8BreakIterator").unwrap();
            intl.delete(tc, k.into());
        }
        let k = v8::String::new(tc, "queueMicrotask").unwrap();
        global.delete(tc, k.into());
        if !allow_wasm {
            tc.set_allow_wasm_code_generation_callback(allow_wasm_code_gen);
            let key = private_key(tc, NO_WASM_KEY);
            let t = v8::Boolean::new(tc, true);
            global.set_private(tc, key, t.into());
        }
        if let Some(sandbox) = sandbox {
            let ctor = sandbox.get_constructor_name();
            if ctor.to_rust_string_lossy(tc) != "Object" {
                let tag = v8::Symbol::get_to_string_tag(tc);
                global.define_own_property(tc, tag.into(), ctor.into(), v8::PropertyAttribute::DONT_ENUM);
            }
        }
        if tc.has_caught() {
            tc.rethrow();
            return None;
        }
    }
    let wrapper = {
        let context = v8::TracedReference::new(scope, context);
        let sandbox_ref = match sandbox {
            Some(s) => v8::TracedReference::new(scope, s),
            None => v8::TracedReference::empty(),
        };
        deno_core::cppgc::make_cppgc_object(
            scope,
            ContextifyContext { context, sandbox: sandbox_ref, microtask_queue: queue },
        )
    };
    let context_key = private_key(scope, CONTEXT_KEY);
    match sandbox {
        Some(sandbox) => {
            let sandbox_key = private_key(scope, SANDBOX_KEY);
            global.set_private(scope, sandbox_key, sandbox.into());
            sandbox.set_private(scope, context_key, wrapper.into());
            Some(sandbox.into())
        }
        None => {
            global.set_private(scope, context_key, wrapper.into());
            Some(global.into())
        }
    }
}

/// Whether `object` is a contextified sandbox (or a vanilla context's global).
#[op2(fast)]
fn op_vm_is_context<'s>(scope: &mut v8::PinScope<'s, '_>, object: v8::Local<'s, v8::Value>) -> bool {
    match v8::Local::<v8::Object>::try_from(object) {
        Ok(obj) => from_sandbox(scope, obj).is_some(),
        Err(_) => false,
    }
}
