//! `--enable-source-maps`: stack traces mapped through `//# sourceMappingURL`
//! comments (inline `data:` maps and map files), as Node prints them: each frame
//! names the original source as a path with its line and column.
//!
//! deno_core formats stacks itself; with the option on, nodus installs its own
//! V8 prepare-stack-trace callback, which keeps deno_core's header (and its
//! bookkeeping of the call sites), formats every frame as V8's `CallSite`
//! `toString()` does (what Node prints) and maps the frame's location.

use deno_core::v8;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

thread_local! {
    /// Decoded maps by the file name a frame gives (path or file: URL); `None`
    /// when the file has no usable map.
    static MAPS: RefCell<HashMap<String, Option<Loaded>>> = RefCell::new(HashMap::new());
}

struct Loaded {
    map: sourcemap::SourceMap,
    /// The folder relative `sources` are resolved from (the map's own folder).
    base: PathBuf,
}

/// Installs the source-mapping stack formatter on this isolate.
pub fn enable(isolate: &mut v8::Isolate) {
    isolate.set_prepare_stack_trace_callback(prepare_stack_trace);
}

fn file_path(name: &str) -> Option<PathBuf> {
    if let Some(rest) = name.strip_prefix("file://") {
        let url = url::Url::parse(&format!("file://{rest}")).ok()?;
        return url.to_file_path().ok();
    }
    name.starts_with('/').then(|| PathBuf::from(name))
}

/// The last `//# sourceMappingURL=` of a source (also the old `//@` form).
fn mapping_url(source: &str) -> Option<&str> {
    source.lines().rev().find_map(|line| {
        let line = line.trim();
        let rest = line.strip_prefix("//# sourceMappingURL=").or_else(|| line.strip_prefix("//@ sourceMappingURL="))?;
        rest.split_whitespace().next()
    })
}

fn load(name: &str) -> Option<Loaded> {
    let path = file_path(name)?;
    let source = std::fs::read_to_string(&path).ok()?;
    let url = mapping_url(&source)?;
    let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
    if url.starts_with("data:") {
        return match sourcemap::decode_data_url(url).ok()? {
            sourcemap::DecodedMap::Regular(map) => Some(Loaded { map, base: dir }),
            _ => None,
        };
    }
    let map_path = match file_path(url) {
        Some(p) => p,
        None => dir.join(url),
    };
    let bytes = std::fs::read(&map_path).ok()?;
    let map = sourcemap::SourceMap::from_slice(&bytes).ok()?;
    Some(Loaded { map, base: map_path.parent().unwrap_or(Path::new("/")).to_path_buf() })
}

/// Maps `name:line:col` (1-based) to the original `path:line:col`, if a map covers it.
/// Also gives the original source line (from `sourcesContent`, else the file).
pub fn map_location(name: &str, line: u32, col: u32) -> Option<(String, u32, u32, Option<String>)> {
    let m = lookup(name, line, col)?;
    let text = m.content.or_else(|| std::fs::read_to_string(&m.source).ok());
    let source_line = text.and_then(|t| t.split('\n').nth(m.line as usize - 1).map(|l| l.trim_end_matches('\r').to_string()));
    Some((m.source, m.line, m.col, source_line))
}

struct Mapped {
    source: String,
    line: u32,
    col: u32,
    /// The original source from the map's `sourcesContent`.
    content: Option<String>,
}

/// The token of `name`'s map at a 1-based location: its original source, line and column.
fn lookup(name: &str, line: u32, col: u32) -> Option<Mapped> {
    if line == 0 || col == 0 {
        return None;
    }
    MAPS.with(|maps| {
        let mut maps = maps.borrow_mut();
        let loaded = maps.entry(name.to_string()).or_insert_with(|| load(name)).as_ref()?;
        let token = loaded.map.lookup_token(line - 1, col - 1)?;
        let source = token.get_source()?;
        let source = match file_path(source) {
            Some(p) => p.to_string_lossy().into_owned(),
            None if source.contains("://") => source.to_string(),
            None => normalise(&loaded.base.join(source)).to_string_lossy().into_owned(),
        };
        let content = loaded.map.get_source_contents(token.get_src_id()).map(str::to_string);
        Some(Mapped { source, line: token.get_src_line() + 1, col: token.get_src_col() + 1, content })
    })
}

/// The `names` entry a map gives a 1-based location, if any.
fn symbol_name(name: &str, line: u32, col: u32) -> Option<String> {
    if line == 0 || col == 0 {
        return None;
    }
    MAPS.with(|maps| {
        let maps = maps.borrow();
        let loaded = maps.get(name)?.as_ref()?;
        loaded.map.lookup_token(line - 1, col - 1)?.get_name().map(str::to_string)
    })
}

/// Drops `.` and resolves `..` segments (sources are often `../src/x.ts`).
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn call_method<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    obj: v8::Local<'s, v8::Object>,
    name: &str,
) -> Option<v8::Local<'s, v8::Value>> {
    let key = v8::String::new(scope, name)?;
    let f = v8::Local::<v8::Function>::try_from(obj.get(scope, key.into())?).ok()?;
    f.call(scope, obj.into(), &[])
}

fn string_of<'s>(scope: &mut v8::PinScope<'s, '_>, site: v8::Local<'s, v8::Object>, method: &str) -> Option<String> {
    call_method(scope, site, method).filter(|v| v.is_string()).map(|v| v.to_rust_string_lossy(scope))
}

fn number_of<'s>(scope: &mut v8::PinScope<'s, '_>, site: v8::Local<'s, v8::Object>, method: &str) -> u32 {
    call_method(scope, site, method).and_then(|v| v.uint32_value(scope)).unwrap_or(0)
}

fn is<'s>(scope: &mut v8::PinScope<'s, '_>, site: v8::Local<'s, v8::Object>, method: &str) -> bool {
    call_method(scope, site, method).is_some_and(|v| v.is_true())
}

/// One frame: V8's `CallSite.prototype.toString`, or for a location a source
/// map covers, Node's serializeJSStackFrame (lib/internal/source_map/prepare_stack_trace.js).
fn format_frame<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    site: v8::Local<'s, v8::Object>,
    caller: Option<v8::Local<'s, v8::Object>>,
) -> Option<String> {
    let text = call_method(scope, site, "toString")?.to_rust_string_lossy(scope);
    let Some(file) = string_of(scope, site, "getFileName") else { return Some(text) };
    let line = number_of(scope, site, "getLineNumber");
    let col = number_of(scope, site, "getColumnNumber");
    let Some(mapped) = lookup(&file, line, col) else { return Some(text) };
    // The original symbol: the enclosing function's mapped name, else the name at the caller's site.
    let enclosing = (number_of(scope, site, "getEnclosingLineNumber"), number_of(scope, site, "getEnclosingColumnNumber"));
    let mut name = symbol_name(&file, enclosing.0, enclosing.1);
    if name.is_none() {
        if let Some(caller) = caller {
            if string_of(scope, caller, "getFileName").as_deref() == Some(file.as_str()) {
                let (l, c) = (number_of(scope, caller, "getLineNumber"), number_of(scope, caller, "getColumnNumber"));
                name = symbol_name(&file, l, c);
            }
        }
    }
    let fn_name = string_of(scope, site, "getFunctionName").or_else(|| string_of(scope, site, "getMethodName"));
    let prefix = if is(scope, site, "isAsync") {
        "async "
    } else if is(scope, site, "isConstructor") {
        "new "
    } else {
        ""
    };
    let type_name = string_of(scope, site, "getTypeName").filter(|t| t != "global");
    let original_name = format!(
        "{}{}",
        type_name.map(|t| format!("{t}.")).unwrap_or_default(),
        fn_name.filter(|n| !n.is_empty()).unwrap_or_else(|| "<anonymous>".into())
    );
    let mapped_name = name.filter(|n| !n.is_empty() && *n != original_name).unwrap_or(original_name);
    Some(format!("{prefix}{mapped_name} ({}:{}:{})", mapped.source, mapped.line, mapped.col))
}

fn prepare_stack_trace<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    error: v8::Local<'s, v8::Value>,
    sites: v8::Local<'s, v8::Array>,
) -> v8::Local<'s, v8::Value> {
    // A user's Error.prepareStackTrace, and deno_core's own bookkeeping, first.
    let formatted = deno_core::error::prepare_stack_trace_callback(scope, error, sites);
    let global = scope.get_current_context().global(scope);
    let user_hook = v8::String::new(scope, "Error")
        .and_then(|k| global.get(scope, k.into()))
        .and_then(|e| e.to_object(scope))
        .and_then(|e| {
            let k = v8::String::new(scope, "prepareStackTrace")?;
            e.get(scope, k.into())
        })
        .is_some_and(|f| f.is_function());
    if user_hook || !formatted.is_string() {
        return formatted;
    }
    let text = formatted.to_rust_string_lossy(scope);
    // deno_core's header is everything before its frames, one "\n    at " each.
    let mut header_end = text.len();
    for _ in 0..sites.length() {
        match text[..header_end].rfind("\n    at ") {
            Some(i) => header_end = i,
            None => return formatted,
        }
    }
    let mut out = text[..header_end].to_string();
    for i in 0..sites.length() {
        let Some(site) = sites.get_index(scope, i).and_then(|s| s.to_object(scope)) else { return formatted };
        let caller = sites.get_index(scope, i + 1).and_then(|s| s.to_object(scope)).filter(|_| i + 1 < sites.length());
        v8::tc_scope!(let tc, scope);
        let Some(frame) = format_frame(tc, site, caller) else {
            tc.reset();
            return formatted;
        };
        out.push_str("\n    at ");
        out.push_str(&frame);
    }
    v8::String::new(scope, &out).map(Into::into).unwrap_or(formatted)
}
