//! `util`: V8 introspection that Node's `internalBinding('util')` offers and
//! deno_core's built-in ops do not (`util.inspect` of iterators and weak
//! collections).

use deno_core::{op2, v8, OpDecl};

mod icu;

/// The util subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![
        op_util_preview_entries(),
        op_util_private_symbols(),
        icu::op_util_icu_has_converter(),
        icu::op_util_icu_converter_new(),
        icu::op_util_icu_decode(),
    ]
}

/// Node's `previewEntries(value, isIterator)`: the entries of a Map, Set,
/// WeakMap or WeakSet, or the entries a Map/Set iterator has left. With
/// `is_iterator` it returns `[entries, isKeyValue]`, else the entries alone;
/// `undefined` when `value` is none of those.
#[op2]
fn op_util_preview_entries<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    value: v8::Local<'s, v8::Value>,
    is_iterator: bool,
) -> v8::Local<'s, v8::Value> {
    let Ok(obj) = v8::Local::<v8::Object>::try_from(value) else {
        return v8::undefined(scope).into();
    };
    let (entries, is_key_value) = obj.preview_entries(scope);
    let Some(entries) = entries else {
        return v8::undefined(scope).into();
    };
    if !is_iterator {
        return entries.into();
    }
    let flag = v8::Boolean::new(scope, is_key_value);
    v8::Array::new_with_elements(scope, &[entries.into(), flag.into()]).into()
}

/// Node's `privateSymbols` of `internalBinding('util')`: an object whose
/// property `name` is the V8 private symbol `node:name` for each of `names`.
/// Private symbols work as property keys from JS but are invisible to
/// `Reflect.ownKeys` and proxies; only a template can carry one into JS, as in
/// Node's node_util.cc.
#[op2]
fn op_util_private_symbols<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    #[serde] names: Vec<String>,
) -> v8::Local<'s, v8::Value> {
    let template = v8::ObjectTemplate::new(scope);
    for name in &names {
        let (Some(key), Some(description)) = (
            v8::String::new(scope, name),
            v8::String::new(scope, &format!("node:{name}")),
        ) else {
            continue;
        };
        let private = v8::Private::for_api(scope, Some(description));
        template.set(key.into(), private.into());
    }
    match template.new_instance(scope) {
        Some(object) => object.into(),
        None => v8::undefined(scope).into(),
    }
}
