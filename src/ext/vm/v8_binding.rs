//! The natives behind `node:v8` (Node's internalBinding('v8') and
//! internalBinding('serdes')): heap statistics, V8 flags and the
//! `Serializer`/`Deserializer` classes over V8's ValueSerializer, whose
//! delegate calls back into the JS object (`_writeHostObject`,
//! `_readHostObject`, `_getDataCloneError`, `_getSharedArrayBufferId`).

use deno_core::{op2, v8, OpDecl};
use std::cell::RefCell;
use std::rc::Rc;
use v8::{ValueDeserializerHelper, ValueSerializerHelper};

/// The v8 ops.
pub fn ops() -> Vec<OpDecl> {
    vec![
        op_vm_heap_statistics(),
        op_vm_heap_space_statistics(),
        op_vm_heap_code_statistics(),
        op_vm_cached_data_version_tag(),
        op_vm_set_flags_from_string(),
        op_vm_is_string_one_byte(),
        op_vm_serializer_new(),
        op_vm_serializer_write_header(),
        op_vm_serializer_write_value(),
        op_vm_serializer_release(),
        op_vm_serializer_transfer_array_buffer(),
        op_vm_serializer_write_uint32(),
        op_vm_serializer_write_uint64(),
        op_vm_serializer_write_double(),
        op_vm_serializer_write_raw_bytes(),
        op_vm_serializer_treat_views_as_host_objects(),
        op_vm_deserializer_new(),
        op_vm_deserializer_read_header(),
        op_vm_deserializer_read_value(),
        op_vm_deserializer_transfer_array_buffer(),
        op_vm_deserializer_wire_format_version(),
        op_vm_deserializer_read_uint32(),
        op_vm_deserializer_read_uint64(),
        op_vm_deserializer_read_double(),
        op_vm_deserializer_read_raw_bytes(),
        op_vm_gc_profiler_start(),
        op_vm_gc_profiler_stop(),
        op_vm_heap_snapshot(),
    ]
}

/// `[total_heap_size, total_heap_size_executable, total_physical_size,
/// total_available_size, used_heap_size, heap_size_limit, malloced_memory,
/// peak_malloced_memory, does_zap_garbage, number_of_native_contexts,
/// number_of_detached_contexts, total_global_handles_size,
/// used_global_handles_size, external_memory, total_allocated_bytes]`.
#[op2]
#[serde]
fn op_vm_heap_statistics(scope: &mut v8::PinScope) -> Vec<f64> {
    let s = scope.get_heap_statistics();
    vec![
        s.total_heap_size() as f64,
        s.total_heap_size_executable() as f64,
        s.total_physical_size() as f64,
        s.total_available_size() as f64,
        s.used_heap_size() as f64,
        s.heap_size_limit() as f64,
        s.malloced_memory() as f64,
        s.peak_malloced_memory() as f64,
        s.does_zap_garbage() as u8 as f64,
        s.number_of_native_contexts() as f64,
        s.number_of_detached_contexts() as f64,
        s.total_global_handles_size() as f64,
        s.used_global_handles_size() as f64,
        s.external_memory() as f64,
        s.total_allocated_bytes() as f64,
    ]
}

/// One `[space_name, space_size, space_used_size, space_available_size,
/// physical_space_size]` per V8 heap space.
#[op2]
#[serde]
fn op_vm_heap_space_statistics(scope: &mut v8::PinScope) -> Vec<(String, f64, f64, f64, f64)> {
    let n = scope.number_of_heap_spaces();
    (0..n)
        .filter_map(|i| scope.get_heap_space_statistics(i))
        .map(|s| {
            (
                s.space_name().to_string_lossy().into_owned(),
                s.space_size() as f64,
                s.space_used_size() as f64,
                s.space_available_size() as f64,
                s.physical_space_size() as f64,
            )
        })
        .collect()
}

/// `[code_and_metadata_size, bytecode_and_metadata_size,
/// external_script_source_size, cpu_profiler_metadata_size]`.
#[op2]
#[serde]
fn op_vm_heap_code_statistics(scope: &mut v8::PinScope) -> Vec<f64> {
    match scope.get_heap_code_and_metadata_statistics() {
        Some(s) => vec![
            s.code_and_metadata_size() as f64,
            s.bytecode_and_metadata_size() as f64,
            s.external_script_source_size() as f64,
            s.cpu_profiler_metadata_size() as f64,
        ],
        None => vec![0.0; 4],
    }
}

/// V8's code cache version tag for the running V8 and flags.
#[op2(fast)]
fn op_vm_cached_data_version_tag() -> u32 {
    v8::script_compiler::cached_data_version_tag()
}

/// `v8.setFlagsFromString(flags)`.
#[op2(fast)]
fn op_vm_set_flags_from_string(#[string] flags: &str) {
    v8::V8::set_flags_from_string(flags);
}

/// Whether V8 stores `s` with one byte per character.
#[op2(fast)]
fn op_vm_is_string_one_byte(s: v8::Local<v8::String>) -> bool {
    s.is_onebyte()
}

fn js_string<'s>(scope: &mut v8::PinScope<'s, '_>, s: &str) -> v8::Local<'s, v8::String> {
    v8::String::new(scope, s).unwrap()
}

fn throw_error(scope: &mut v8::PinScope, message: &str) {
    let msg = js_string(scope, message);
    let exc = v8::Exception::error(scope, msg);
    scope.throw_exception(exc);
}

fn throw_invalid_arg_type(scope: &mut v8::PinScope, message: &str) {
    let msg = js_string(scope, message);
    let exc = v8::Exception::type_error(scope, msg);
    if let Ok(obj) = v8::Local::<v8::Object>::try_from(exc) {
        let k = js_string(scope, "code");
        let v = js_string(scope, "ERR_INVALID_ARG_TYPE");
        obj.set(scope, k.into(), v.into());
    }
    scope.throw_exception(exc);
}

/// The JS object whose methods the delegate calls: set for the duration of
/// a `writeValue`/`readValue` call.
type Receiver = Rc<RefCell<Option<v8::Global<v8::Object>>>>;

/// `this[name]` as a function, if it is one.
fn method<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    this: v8::Local<'s, v8::Object>,
    name: &str,
) -> Option<v8::Local<'s, v8::Function>> {
    let key = js_string(scope, name);
    let f = this.get(scope, key.into())?;
    v8::Local::<v8::Function>::try_from(f).ok()
}

struct SerDelegate {
    receiver: Receiver,
}

impl SerDelegate {
    fn this<'s>(&self, scope: &mut v8::PinScope<'s, '_>) -> Option<v8::Local<'s, v8::Object>> {
        self.receiver.borrow().as_ref().map(|g| v8::Local::new(scope, g))
    }

    /// Node's `ThrowDataCloneError`: throws `this._getDataCloneError(message)`.
    fn data_clone_error<'s>(&self, scope: &mut v8::PinScope<'s, '_>, message: v8::Local<'s, v8::String>) {
        let Some(this) = self.this(scope) else { return };
        let Some(f) = method(scope, this, "_getDataCloneError") else { return };
        if let Some(err) = f.call(scope, this.into(), &[message.into()]) {
            scope.throw_exception(err);
        }
    }

    /// V8's `DataCloneError` message, naming the object as its side-effect
    /// free ToString does: `#<Ctor>` when it inherits `Object.prototype.toString`,
    /// `[object Tag]` otherwise.
    fn could_not_clone<'s>(&self, scope: &mut v8::PinScope<'s, '_>, object: v8::Local<'s, v8::Object>) {
        let key = js_string(scope, "toString");
        let plain = v8::Object::new(scope);
        let object_to_string = plain.get(scope, key.into());
        let own_to_string = object.get(scope, key.into());
        let described = match (object_to_string, own_to_string) {
            (Some(a), Some(b)) if a == b => format!("#<{}>", object.get_constructor_name().to_rust_string_lossy(scope)),
            (Some(f), _) => v8::Local::<v8::Function>::try_from(f)
                .ok()
                .and_then(|f| f.call(scope, object.into(), &[]))
                .map(|v| v.to_rust_string_lossy(scope))
                .unwrap_or_default(),
            _ => String::new(),
        };
        let msg = js_string(scope, &format!("{described} could not be cloned."));
        self.data_clone_error(scope, msg);
    }
}

impl v8::ValueSerializerImpl for SerDelegate {
    fn throw_data_clone_error<'s>(&self, scope: &mut v8::PinScope<'s, '_>, message: v8::Local<'s, v8::String>) {
        self.data_clone_error(scope, message);
    }

    fn write_host_object<'s>(
        &self,
        scope: &mut v8::PinScope<'s, '_>,
        object: v8::Local<'s, v8::Object>,
        _value_serializer: &dyn v8::ValueSerializerHelper,
    ) -> Option<bool> {
        let this = self.this(scope)?;
        let Some(f) = method(scope, this, "_writeHostObject") else {
            self.could_not_clone(scope, object);
            return None;
        };
        f.call(scope, this.into(), &[object.into()])?;
        Some(true)
    }

    fn get_shared_array_buffer_id<'s>(
        &self,
        scope: &mut v8::PinScope<'s, '_>,
        sab: v8::Local<'s, v8::SharedArrayBuffer>,
    ) -> Option<u32> {
        let this = self.this(scope)?;
        let Some(f) = method(scope, this, "_getSharedArrayBufferId") else {
            self.could_not_clone(scope, sab.into());
            return None;
        };
        let id = f.call(scope, this.into(), &[sab.into()])?;
        id.uint32_value(scope)
    }
}

/// A `v8.Serializer`'s native half.
pub struct Serializer {
    inner: v8::ValueSerializer<'static>,
    receiver: Receiver,
}

// SAFETY: no traced references: the receiver is only held during a call.
unsafe impl v8::cppgc::GarbageCollected for Serializer {
    fn trace(&self, _visitor: &mut v8::cppgc::Visitor) {}

    fn get_name(&self) -> &'static std::ffi::CStr {
        c"Serializer"
    }
}

#[op2]
#[cppgc]
fn op_vm_serializer_new(scope: &mut v8::PinScope) -> Serializer {
    let receiver: Receiver = Rc::new(RefCell::new(None));
    let inner = v8::ValueSerializer::new(scope, Box::new(SerDelegate { receiver: receiver.clone() }));
    Serializer { inner, receiver }
}

#[op2(fast)]
fn op_vm_serializer_write_header(#[cppgc] s: &Serializer) {
    s.inner.write_header();
}

/// `serializer.writeValue(value)` with `this` the JS serializer.
#[op2(reentrant)]
fn op_vm_serializer_write_value<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    #[cppgc] s: &Serializer,
    this: v8::Local<'s, v8::Object>,
    value: v8::Local<'s, v8::Value>,
) -> Option<bool> {
    let previous = s.receiver.replace(Some(v8::Global::new(scope, this)));
    let context = scope.get_current_context();
    let r = s.inner.write_value(context, value);
    *s.receiver.borrow_mut() = previous;
    r
}

#[op2]
fn op_vm_serializer_release<'s>(scope: &mut v8::PinScope<'s, '_>, #[cppgc] s: &Serializer) -> v8::Local<'s, v8::Value> {
    let data = s.inner.release();
    let len = data.len();
    let store = v8::ArrayBuffer::new_backing_store_from_vec(data).make_shared();
    let ab = v8::ArrayBuffer::with_backing_store(scope, &store);
    v8::Uint8Array::new(scope, ab, 0, len).unwrap().into()
}

#[op2(fast)]
fn op_vm_serializer_transfer_array_buffer<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    #[cppgc] s: &Serializer,
    id: u32,
    ab: v8::Local<'s, v8::Value>,
) {
    match v8::Local::<v8::ArrayBuffer>::try_from(ab) {
        Ok(ab) => s.inner.transfer_array_buffer(id, ab),
        Err(_) => throw_invalid_arg_type(scope, "arrayBuffer must be an ArrayBuffer"),
    }
}

#[op2(fast)]
fn op_vm_serializer_write_uint32(#[cppgc] s: &Serializer, value: u32) {
    s.inner.write_uint32(value);
}

#[op2(fast)]
fn op_vm_serializer_write_uint64(#[cppgc] s: &Serializer, hi: u32, lo: u32) {
    s.inner.write_uint64(((hi as u64) << 32) | lo as u64);
}

#[op2(fast)]
fn op_vm_serializer_write_double(#[cppgc] s: &Serializer, value: f64) {
    s.inner.write_double(value);
}

#[op2(fast)]
fn op_vm_serializer_write_raw_bytes<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    #[cppgc] s: &Serializer,
    source: v8::Local<'s, v8::Value>,
) {
    let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(source) else {
        throw_invalid_arg_type(scope, "source must be a TypedArray or a DataView");
        return;
    };
    let mut data = vec![0u8; view.byte_length()];
    view.copy_contents(&mut data);
    s.inner.write_raw_bytes(&data);
}

#[op2(fast)]
fn op_vm_serializer_treat_views_as_host_objects(#[cppgc] s: &Serializer, mode: bool) {
    s.inner.set_treat_array_buffer_views_as_host_objects(mode);
}

struct DeDelegate {
    receiver: Receiver,
}

impl v8::ValueDeserializerImpl for DeDelegate {
    fn read_host_object<'s>(
        &self,
        scope: &mut v8::PinScope<'s, '_>,
        _value_deserializer: &dyn v8::ValueDeserializerHelper,
    ) -> Option<v8::Local<'s, v8::Object>> {
        let this = self.receiver.borrow().as_ref().map(|g| v8::Local::new(scope, g))?;
        // V8 forbids JS while it deserializes; the host object hook is JS.
        v8::allow_javascript_execution_scope!(let scope, scope);
        let Some(f) = method(scope, this, "_readHostObject") else {
            throw_error(scope, "Failed to deserialize host object");
            return None;
        };
        let r = f.call(scope, this.into(), &[])?;
        match v8::Local::<v8::Object>::try_from(r) {
            Ok(o) => Some(o),
            Err(_) => {
                let msg = js_string(scope, "readHostObject must return an object");
                let exc = v8::Exception::type_error(scope, msg);
                scope.throw_exception(exc);
                None
            }
        }
    }
}

/// A `v8.Deserializer`'s native half, over its own copy of the input (the
/// offsets it hands out index the JS `buffer` the same way).
pub struct Deserializer {
    inner: v8::ValueDeserializer<'static>,
    receiver: Receiver,
    data: Box<[u8]>,
}

// SAFETY: no traced references: the receiver is only held during a call.
unsafe impl v8::cppgc::GarbageCollected for Deserializer {
    fn trace(&self, _visitor: &mut v8::cppgc::Visitor) {}

    fn get_name(&self) -> &'static std::ffi::CStr {
        c"Deserializer"
    }
}

#[op2]
fn op_vm_deserializer_new<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    buffer: v8::Local<'s, v8::Value>,
) -> Option<v8::Local<'s, v8::Object>> {
    let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(buffer) else {
        throw_invalid_arg_type(scope, "buffer must be a TypedArray or a DataView");
        return None;
    };
    let mut data = vec![0u8; view.byte_length()].into_boxed_slice();
    view.copy_contents(&mut data);
    let receiver: Receiver = Rc::new(RefCell::new(None));
    // SAFETY: `data` is a heap allocation owned by the same struct as the
    // deserializer and never moved out or mutated while it lives.
    let bytes: &'static [u8] = unsafe { std::slice::from_raw_parts(data.as_ptr(), data.len()) };
    let inner = v8::ValueDeserializer::new(scope, Box::new(DeDelegate { receiver: receiver.clone() }), bytes);
    Some(deno_core::cppgc::make_cppgc_object(scope, Deserializer { inner, receiver, data }))
}

#[op2(reentrant)]
fn op_vm_deserializer_read_header<'s>(scope: &mut v8::PinScope<'s, '_>, #[cppgc] d: &Deserializer) -> Option<bool> {
    let context = scope.get_current_context();
    d.inner.read_header(context)
}

#[op2(reentrant)]
fn op_vm_deserializer_read_value<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    #[cppgc] d: &Deserializer,
    this: v8::Local<'s, v8::Object>,
) -> Option<v8::Local<'s, v8::Value>> {
    let previous = d.receiver.replace(Some(v8::Global::new(scope, this)));
    let context = scope.get_current_context();
    let r = d.inner.read_value(context);
    *d.receiver.borrow_mut() = previous;
    r.map(|v| v8::Local::new(scope, v))
}

#[op2(fast)]
fn op_vm_deserializer_transfer_array_buffer<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    #[cppgc] d: &Deserializer,
    id: u32,
    ab: v8::Local<'s, v8::Value>,
) {
    if let Ok(ab) = v8::Local::<v8::ArrayBuffer>::try_from(ab) {
        d.inner.transfer_array_buffer(id, ab);
    } else if let Ok(sab) = v8::Local::<v8::SharedArrayBuffer>::try_from(ab) {
        d.inner.transfer_shared_array_buffer(id, sab);
    } else {
        throw_invalid_arg_type(scope, "arrayBuffer must be an ArrayBuffer or SharedArrayBuffer");
    }
}

#[op2(fast)]
fn op_vm_deserializer_wire_format_version(#[cppgc] d: &Deserializer) -> u32 {
    d.inner.get_wire_format_version()
}

#[op2]
fn op_vm_deserializer_read_uint32(scope: &mut v8::PinScope, #[cppgc] d: &Deserializer) -> Option<u32> {
    let mut v = 0;
    if d.inner.read_uint32(&mut v) {
        return Some(v);
    }
    throw_error(scope, "ReadUint32() failed");
    None
}

#[op2]
#[serde]
fn op_vm_deserializer_read_uint64(scope: &mut v8::PinScope, #[cppgc] d: &Deserializer) -> Option<Vec<u32>> {
    let mut v = 0u64;
    if d.inner.read_uint64(&mut v) {
        return Some(vec![(v >> 32) as u32, v as u32]);
    }
    throw_error(scope, "ReadUint64() failed");
    None
}

#[op2]
fn op_vm_deserializer_read_double(scope: &mut v8::PinScope, #[cppgc] d: &Deserializer) -> Option<f64> {
    let mut v = 0.0;
    if d.inner.read_double(&mut v) {
        return Some(v);
    }
    throw_error(scope, "ReadDouble() failed");
    None
}

/// Reads `length` raw bytes; returns their offset in the input.
#[op2]
fn op_vm_deserializer_read_raw_bytes(scope: &mut v8::PinScope, #[cppgc] d: &Deserializer, length: f64) -> Option<u32> {
    if length >= 0.0 {
        if let Some(bytes) = d.inner.read_raw_bytes(length as usize) {
            return Some((bytes.as_ptr() as usize - d.data.as_ptr() as usize) as u32);
        }
    }
    throw_error(scope, "ReadRawBytes() failed");
    None
}

/// What a started `v8.GCProfiler` collects, shared with the GC callbacks.
struct GcRecorder {
    /// The JSON of each finished GC.
    records: Vec<String>,
    /// The GC under way: its type, the stats before it, and its start.
    current: Option<(&'static str, String, std::time::Instant)>,
}

/// `v8.GCProfiler`'s native half: GC prologue/epilogue callbacks recording
/// heap statistics around each collection, as Node's `GCProfiler` does.
pub struct GcProfiler {
    recorder: std::cell::Cell<*mut RefCell<GcRecorder>>,
    start_time: std::cell::Cell<f64>,
}

// SAFETY: no traced references.
unsafe impl v8::cppgc::GarbageCollected for GcProfiler {
    fn trace(&self, _visitor: &mut v8::cppgc::Visitor) {}

    fn get_name(&self) -> &'static std::ffi::CStr {
        c"GCProfiler"
    }
}

fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as f64 / 1000.0)
        .unwrap_or(0.0)
}

fn gc_type_name(t: v8::GCType) -> &'static str {
    if t == v8::GCType::kGCTypeScavenge {
        "Scavenge"
    } else if t == v8::GCType::kGCTypeMinorMarkSweep {
        "MinorMarkSweep"
    } else if t == v8::GCType::kGCTypeMarkSweepCompact {
        "MarkSweepCompact"
    } else if t == v8::GCType::kGCTypeIncrementalMarking {
        "IncrementalMarking"
    } else if t == v8::GCType::kGCTypeProcessWeakCallbacks {
        "ProcessWeakCallbacks"
    } else {
        "Unknown"
    }
}

/// `{"heapStatistics":{...},"heapSpaceStatistics":[...]}` right now.
fn gc_stats_json(isolate: &mut v8::Isolate) -> String {
    let s = isolate.get_heap_statistics();
    let mut out = format!(
        "{{\"heapStatistics\":{{\"totalHeapSize\":{},\"totalHeapSizeExecutable\":{},\"totalPhysicalSize\":{},\"totalAvailableSize\":{},\"totalGlobalHandlesSize\":{},\"usedGlobalHandlesSize\":{},\"usedHeapSize\":{},\"heapSizeLimit\":{},\"mallocedMemory\":{},\"externalMemory\":{},\"peakMallocedMemory\":{}}},\"heapSpaceStatistics\":[",
        s.total_heap_size(),
        s.total_heap_size_executable(),
        s.total_physical_size(),
        s.total_available_size(),
        s.total_global_handles_size(),
        s.used_global_handles_size(),
        s.used_heap_size(),
        s.heap_size_limit(),
        s.malloced_memory(),
        s.external_memory(),
        s.peak_malloced_memory(),
    );
    let n = isolate.number_of_heap_spaces();
    let mut first = true;
    for i in 0..n {
        if let Some(sp) = isolate.get_heap_space_statistics(i) {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&format!(
                "{{\"spaceName\":\"{}\",\"spaceSize\":{},\"spaceUsedSize\":{},\"spaceAvailableSize\":{},\"physicalSpaceSize\":{}}}",
                sp.space_name().to_string_lossy(),
                sp.space_size(),
                sp.space_used_size(),
                sp.space_available_size(),
                sp.physical_space_size(),
            ));
        }
    }
    out.push_str("]}");
    out
}

unsafe extern "C" fn gc_prologue(
    isolate: v8::UnsafeRawIsolatePtr,
    gc_type: v8::GCType,
    _flags: v8::GCCallbackFlags,
    data: *mut std::ffi::c_void,
) {
    // SAFETY: `data` is the recorder `op_vm_gc_profiler_start` registered,
    // alive until the callbacks are removed.
    let recorder = unsafe { &*(data as *const RefCell<GcRecorder>) };
    let mut isolate = unsafe { v8::Isolate::from_raw_isolate_ptr(isolate) };
    let before = gc_stats_json(&mut isolate);
    recorder.borrow_mut().current = Some((gc_type_name(gc_type), before, std::time::Instant::now()));
}

unsafe extern "C" fn gc_epilogue(
    isolate: v8::UnsafeRawIsolatePtr,
    _gc_type: v8::GCType,
    _flags: v8::GCCallbackFlags,
    data: *mut std::ffi::c_void,
) {
    // SAFETY: as in `gc_prologue`.
    let recorder = unsafe { &*(data as *const RefCell<GcRecorder>) };
    let mut isolate = unsafe { v8::Isolate::from_raw_isolate_ptr(isolate) };
    let Some((name, before, start)) = recorder.borrow_mut().current.take() else { return };
    let cost = start.elapsed().as_micros();
    let after = gc_stats_json(&mut isolate);
    recorder
        .borrow_mut()
        .records
        .push(format!("{{\"gcType\":\"{name}\",\"beforeGC\":{before},\"cost\":{cost},\"afterGC\":{after}}}"));
}

#[op2]
#[cppgc]
fn op_vm_gc_profiler_start(scope: &mut v8::PinScope) -> GcProfiler {
    let recorder = Box::into_raw(Box::new(RefCell::new(GcRecorder { records: Vec::new(), current: None })));
    scope.add_gc_prologue_callback(gc_prologue, recorder as *mut _, v8::GCType::kGCTypeAll);
    scope.add_gc_epilogue_callback(gc_epilogue, recorder as *mut _, v8::GCType::kGCTypeAll);
    // A profiler dropped while started keeps its (small) recorder: the
    // callbacks may still run, and removing them during GC is not allowed.
    GcProfiler { recorder: std::cell::Cell::new(recorder), start_time: std::cell::Cell::new(now_ms()) }
}

/// Stops recording; returns Node's GC profile JSON.
#[op2]
#[string]
fn op_vm_gc_profiler_stop(scope: &mut v8::PinScope, #[cppgc] p: &GcProfiler) -> String {
    let recorder = p.recorder.replace(std::ptr::null_mut());
    if recorder.is_null() {
        return String::new();
    }
    scope.remove_gc_prologue_callback(gc_prologue, recorder as *mut _);
    scope.remove_gc_epilogue_callback(gc_epilogue, recorder as *mut _);
    // SAFETY: the callbacks are gone; this is the one owner.
    let recorder = unsafe { Box::from_raw(recorder) }.into_inner();
    format!(
        "{{\"version\":1,\"startTime\":{},\"statistics\":[{}],\"endTime\":{}}}",
        p.start_time.get(),
        recorder.records.join(","),
        now_ms()
    )
}

/// A V8 heap snapshot (JSON) of the isolate now, as bytes.
#[op2]
fn op_vm_heap_snapshot<'s>(scope: &mut v8::PinScope<'s, '_>) -> v8::Local<'s, v8::Value> {
    let mut data = Vec::new();
    scope.take_heap_snapshot(|chunk| {
        data.extend_from_slice(chunk);
        true
    });
    let len = data.len();
    let store = v8::ArrayBuffer::new_backing_store_from_vec(data).make_shared();
    let ab = v8::ArrayBuffer::with_backing_store(scope, &store);
    v8::Uint8Array::new(scope, ab, 0, len).unwrap().into()
}
